"""Spreadsheet import at scale: 10,000 lembaga, then 30,000 ties between them, through `pranata.imports`.

The rows go to a fresh kabupaten (IMPORT_KODE, 200 desa of 50 lembaga) created for the case and deleted
after it, children first and with plain DELETEs (a model delete would write a history row per lembaga),
so re-runs start from the same state and the rest of the bench never sees the imported rows.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import connection, transaction

from pranata import imports
from pranata.imports.base import choice
from pranata.models import Kerjasama, Lembaga, PranataSosial, RiwayatStatus, RiwayatTahap, Tahap, Tingkat, Wilayah

from .cases import Bench
from .data import DESA_HEAD, DESA_TAIL, JENIS, PREFIX, SEED
from .memory import PeakMemory
from .profiling import hotspots
from .timing import QueryCounter, Result, report

IMPORT_KODE = "35.99"  # under the bench's Jawa Timur, next to (never inside) the kabupaten 35.15
N_KECAMATAN, DESA_PER_KECAMATAN, LEMBAGA_PER_DESA, TIES_PER_DESA = 10, 20, 50, 150
IMPORT_TOTAL = 60.0  # the import issue: 10,000 lembaga and 30,000 ties in under a minute on PostgreSQL
TIE_IMPORT = 10.0  # the history issue: 30,000 ties through the kerjasama services (bulk), plan + apply
RESTAGE_DAY = "01/06/2026"  # the re-import's tahap_sejak: a fixed past day, so every run plans the same
TAHAP_CELLS = ["1", "2", "3", "Komunikasi", "Kooperasi", "Koordinasi", "Kolaborasi"]
TELEPON = ["", "", "0812-3456-7890", "0813 7766 5544", "+62 21 5551234"]


@dataclass
class Step:
    name: str
    seconds: float
    queries: int


@dataclass
class ImportRun:
    steps: list[Step] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    codes: list[tuple[str, str]] = field(default_factory=list)  # (desa kode, lembaga kode) as generated


# --- data ---------------------------------------------------------------------------------------


def make_desa() -> list[Wilayah]:
    """The kabupaten, its kecamatan and desa (bulk, like bench/data.py); returns the desa in code order."""
    provinsi = Wilayah.objects.get(kode=IMPORT_KODE.split(".")[0])
    kab = Wilayah.objects.create(
        kode=IMPORT_KODE, nama="Kabupaten Impor (bench)", tingkat=Tingkat.KABUPATEN, induk=provinsi
    )
    kecamatan = Wilayah.objects.bulk_create(
        [
            Wilayah(kode=f"{IMPORT_KODE}.{k:02d}", nama=f"Kecamatan Impor {k}", tingkat=Tingkat.KECAMATAN, induk=kab)
            for k in range(1, N_KECAMATAN + 1)
        ]
    )
    desa = [
        Wilayah(kode=f"{kec.kode}.{2001 + d}", nama=_desa_nama(i, d), tingkat=Tingkat.KELURAHAN, induk=kec)
        for i, kec in enumerate(kecamatan)
        for d in range(DESA_PER_KECAMATAN)
    ]
    return Wilayah.objects.bulk_create(desa)


def _desa_nama(kecamatan: int, nomor: int) -> str:
    return f"{DESA_HEAD[nomor % len(DESA_HEAD)]}{DESA_TAIL[(kecamatan + nomor) % len(DESA_TAIL)]}"


def to_csv(rows: list[dict], columns: tuple[str, ...]) -> bytes:
    """A CSV as Excel saves it for Indonesian users: semicolons, UTF-8 with BOM."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def lembaga_csv(rng: random.Random, desa: list[Wilayah]) -> bytes:
    """Every lembaga with an empty `kode`, so the import numbers them per kelurahan."""
    pranata = dict(PranataSosial.objects.values_list("kode", "nama"))
    rows = []
    for d in desa:
        for nomor in range(1, LEMBAGA_PER_DESA + 1):
            jenis, sektor, kode_pranata, _w = rng.choices(JENIS, weights=[row[3] for row in JENIS])[0]
            rows.append(
                {
                    "kode": "",
                    "kode_wilayah": d.kode,
                    "nama": f"{PREFIX[jenis]} {d.nama} {nomor:02d}",
                    "sektor": sektor,
                    "pranata": pranata[kode_pranata],
                    "tahun_berdiri": str(rng.randint(1980, 2024)),
                    "jumlah_anggota": str(rng.randint(5, 200)),
                    "alamat": f"RT {rng.randint(1, 9):02d} RW {rng.randint(1, 5):02d}",
                    "kontak_nama": rng.choice(["", "Bu Siti", "Pak Budi"]),
                    "kontak_telepon": rng.choice(TELEPON),
                    "status": "Aktif",
                }
            )
    return to_csv(rows, imports.KINDS["lembaga"].COLUMNS)


def ties_csv(rng: random.Random, codes: list[tuple[str, str]]) -> bytes:
    """TIES_PER_DESA distinct pairs inside each desa, by the codes the lembaga import gave out."""
    by_desa: dict[str, list[str]] = {}
    for desa, kode in codes:
        by_desa.setdefault(desa, []).append(kode)
    rows = []
    for members in by_desa.values():
        pairs: set[tuple[str, str]] = set()
        while len(pairs) < TIES_PER_DESA:
            a, b = sorted(rng.sample(members, 2))
            pairs.add((a, b))
        rows += [_tie_row(rng, a, b) for a, b in sorted(pairs)]
    return to_csv(rows, imports.KINDS["kerjasama"].COLUMNS)


def _tie_row(rng: random.Random, a: str, b: str) -> dict:
    mulai = datetime.date(2016, 1, 1) + datetime.timedelta(days=rng.randint(0, 3000))
    return {"kode_lembaga_a": a, "kode_lembaga_b": b, "tahap": rng.choice(TAHAP_CELLS), "mulai": f"{mulai:%d/%m/%Y}"}


# --- the import -----------------------------------------------------------------------------------


def timed(run: ImportRun, name: str, action: Callable[[], object]) -> object:
    with QueryCounter() as counter:
        started = time.perf_counter()
        value = action()
        run.steps.append(Step(name, time.perf_counter() - started, counter.count))
    return value


def restage_csv(data: bytes) -> bytes:
    """The same 30,000 ties, each one stage up (or down from 5), dated RESTAGE_DAY: a re-import that changes
    every stage goes through kerjasama_bulk_set_tahap."""
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    choices = [(str(value), label) for value, label in Tahap.choices]
    out = []
    for row in rows:
        tahap = int(choice(row["tahap"], choices, what="Tahap"))
        out.append({**row, "tahap": str(tahap + 1 if tahap < 5 else 4), "mulai": "", "tahap_sejak": RESTAGE_DAY})
    return to_csv(out, imports.KINDS["kerjasama"].COLUMNS)


def import_kind(run: ImportRun, kind: str, data: bytes, user: User, *, step: str | None = None) -> None:
    step = step or kind
    plan = timed(run, f"{step} › plan", lambda: imports.plan(kind, data, f"{kind}.csv", user))
    if not plan.ok:
        first = plan.error_rows[0]
        raise SystemExit(
            f"bench: import of {kind} has {len(plan.error_rows)} bad rows, e.g. row {first.row}: {first.errors}"
        )
    run.counts[step] = timed(run, f"{step} › apply", lambda: imports.apply(plan, user))


def run_import(user: User) -> ImportRun:
    """Both imports, each file built just before it is read (the ties need the codes the first import gave)."""
    rng = random.Random(SEED)
    run = ImportRun()
    desa = make_desa()
    import_kind(run, "lembaga", lembaga_csv(rng, desa), user)
    imported = Lembaga.objects.filter(wilayah__in=desa).order_by("wilayah__kode", "kode")
    run.codes = list(imported.values_list("wilayah__kode", "kode"))
    ties = ties_csv(rng, run.codes)
    import_kind(run, "kerjasama", ties, user)
    import_kind(run, "kerjasama", restage_csv(ties), user, step="tahap ulang")
    return run


# --- cleanup --------------------------------------------------------------------------------------


def raw_delete(model, column: str, ids) -> int:
    """DELETE … WHERE column IN (subquery): no model delete, so no history rows and no signals."""
    sql, params = ids.query.sql_with_params()
    table, col = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(column)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {col} IN ({sql})", params)
        return cursor.rowcount


@transaction.atomic
def cleanup() -> int:
    """Remove everything under IMPORT_KODE, children first; returns the lembaga removed (0 when clean)."""
    wilayah = Wilayah.objects.filter(kode__startswith=f"{IMPORT_KODE}.").values("pk")
    lembaga = Lembaga.objects.filter(wilayah__in=wilayah).values("pk")
    ties = Kerjasama.objects.filter(lembaga_a__in=lembaga).values("pk")
    raw_delete(RiwayatTahap, "kerjasama_id", ties)
    raw_delete(RiwayatStatus, "lembaga_id", lembaga)
    # History tables have no foreign keys, and the ties of imported lembaga never leave the imported set.
    raw_delete(Kerjasama.history.model, "lembaga_a_id", Lembaga.objects.filter(wilayah__in=wilayah).values("pk"))
    raw_delete(Kerjasama, "lembaga_a_id", lembaga)
    raw_delete(
        Lembaga.history.model, "wilayah_id", Wilayah.objects.filter(kode__startswith=f"{IMPORT_KODE}.").values("pk")
    )
    removed = raw_delete(Lembaga, "wilayah_id", wilayah)
    for tingkat in (Tingkat.KELURAHAN, Tingkat.KECAMATAN):
        raw_delete(
            Wilayah, "id", Wilayah.objects.filter(kode__startswith=f"{IMPORT_KODE}.", tingkat=tingkat).values("pk")
        )
    Wilayah.objects.filter(kode=IMPORT_KODE).delete()
    return removed


# --- the case -------------------------------------------------------------------------------------


def results_of(run: ImportRun) -> list[Result]:
    """One row per step, one per kind (plan + apply) and the total, which carries the target."""
    rows = [_row(f"impor {step.name}", [step]) for step in run.steps]
    totals = []
    for kind, target in (("lembaga", None), ("kerjasama", TIE_IMPORT), ("tahap ulang", TIE_IMPORT)):
        steps = [s for s in run.steps if s.name.startswith(f"{kind} ›")]
        parts = [r for r in rows if r.case.startswith(f"impor {kind} ›")]
        totals.append(_row(f"impor {kind} (plan + apply)", steps, target=target, parts=parts))
    first = [s for s in run.steps if not s.name.startswith("tahap ulang")]
    total = _row("impor total: 10,000 lembaga + 30,000 ties", first, target=IMPORT_TOTAL, parts=totals[:2])
    return [*rows, *totals, total]


def _row(case: str, steps: list[Step], *, target: float | None = None, parts: list[Result] | None = None) -> Result:
    result = Result(case, "impor", [sum(s.seconds for s in steps)], target, sum(s.queries for s in steps), parts or [])
    report(result)
    return result


def code_finding(codes: list[tuple[str, str]]) -> str:
    """Whether the import numbered each kelurahan from -0001, as the app's code pattern promises."""
    first: dict[str, int] = {}
    for desa, kode in codes:
        number = int(kode.rpartition("-")[2]) if kode.rpartition("-")[2].isdigit() else 0
        first[desa] = min(first.get(desa, number), number)
    from_one = sum(1 for n in first.values() if n == 1)
    example = next((f"{desa} starts at -{n:04d}" for desa, n in first.items() if n != 1), "")
    return f"Import codes: {from_one} of {len(first)} imported desa numbered from -0001" + (
        f" (e.g. {example}: the sequence runs on across kelurahan)." if example else "."
    )


def import_case(bench: Bench) -> list[Result]:
    connection.close()  # an import is a request or a command of its own: a fresh session, no plans cached earlier
    if cleanup():
        print("  (removed rows an interrupted import left)", flush=True)
    measured = PeakMemory(lambda: run_import(bench.user))
    run = measured()
    cleanup()
    results = results_of(run)
    bench.memory.append(
        f"import of 10,000 lembaga + 30,000 ties (plan + apply, both kinds): {measured.peak.describe()}"
    )
    bench.findings.append(code_finding(run.codes))
    bench.findings.append(f"Import counts: {run.counts}.")
    if results[-1].ok is False:
        # Profiled again from scratch (it writes), then cleaned up: where a miss spends its time.
        results[-1].hotspots = hotspots(lambda: run_import(bench.user), before=cleanup)
        cleanup()
    return results
