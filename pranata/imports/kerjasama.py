"""Import ties: two lembaga codes, a stage (1–5 or its name) and a start date."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from .. import access
from ..models import Kerjasama, Lembaga, RiwayatTahap, StatusLembaga, Tahap
from .base import CellError, RowResult, choice, date

COLUMNS = ("kode_lembaga_a", "kode_lembaga_b", "tahap", "mulai")
REQUIRED = COLUMNS
EXAMPLE = {
    "kode_lembaga_a": "16.71.05.1006-0001",
    "kode_lembaga_b": "16.71.05.1006-0002",
    "tahap": "Kooperasi",
    "mulai": "17/08/2024",
}
IMPORT_NOTE = "Diimpor dari berkas"


def _chunks(items: list, size: int = 5000):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Lookups:
    def __init__(self, rows: list[tuple[int, dict]], user):
        codes = sorted({c.get(k, "") for _n, c in rows for k in ("kode_lembaga_a", "kode_lembaga_b")} - {""})
        self.lembaga: dict[str, Lembaga] = {}
        for chunk in _chunks(codes):
            self.lembaga.update({lem.kode: lem for lem in Lembaga.objects.filter(kode__in=chunk)})
        self.by_pk = {lem.pk: lem for lem in self.lembaga.values()}
        ids = list(self.by_pk)
        self.editable: set[int] = set()
        self.ties: dict[tuple[int, int], Kerjasama] = {}
        for chunk in _chunks(ids):
            self.editable |= set(access.editable_lembaga(user).filter(pk__in=chunk).values_list("pk", flat=True))
            ties = Kerjasama.objects.filter(Q(lembaga_a__in=chunk) | Q(lembaga_b__in=chunk))
            self.ties.update({(t.lembaga_a_id, t.lembaga_b_id): t for t in ties})


def check(rows: list[tuple[int, dict]], user) -> list[RowResult]:
    lookups = Lookups(rows, user)
    seen: dict[tuple[int, int], int] = {}
    results = []
    for n, cells in rows:
        result = RowResult(row=n, key=f"{cells.get('kode_lembaga_a', '')} — {cells.get('kode_lembaga_b', '')}")
        pair, tahap, mulai = _values(cells, lookups, result)
        if result.status != "galat":
            if pair in seen:
                result.error("kode_lembaga_b", f"Pasangan ini sudah ada di baris {seen[pair]}.")
            seen.setdefault(pair, n)
        if result.status != "galat":
            _compare(pair, tahap, mulai, lookups, result)
        results.append(result)
    return results


def _values(cells: dict, lookups: Lookups, result: RowResult) -> tuple:
    ends = []
    for column in ("kode_lembaga_a", "kode_lembaga_b"):
        lembaga = lookups.lembaga.get(cells.get(column, ""))
        if lembaga is None:
            result.error(column, f"Kode lembaga “{cells.get(column, '')}” tidak dikenal.")
        ends.append(lembaga)
    tahap = mulai = None
    try:
        tahap = int(choice(cells.get("tahap", ""), [(str(v), label) for v, label in Tahap.choices], what="Tahap"))
    except CellError:
        result.error("tahap", f"Tahap “{cells.get('tahap', '')}” tidak dikenal; isi 1–5 atau Komunikasi … Konfederasi.")
    try:
        mulai = date(cells.get("mulai", ""), what="Tanggal mulai")
    except CellError as exc:
        result.error("mulai", str(exc))
    if None in ends:
        return None, tahap, mulai
    a, b = sorted(ends, key=lambda lem: lem.pk)
    _check_ends(a, b, lookups, result)
    return (a.pk, b.pk), tahap, mulai


def _check_ends(a: Lembaga, b: Lembaga, lookups: Lookups, result: RowResult) -> None:
    if a.pk == b.pk:
        result.error("kode_lembaga_b", "Lembaga tidak dapat bekerja sama dengan dirinya sendiri.")
    elif a.pk not in lookups.editable and b.pk not in lookups.editable:
        result.error("kode_lembaga_a", "Kedua lembaga berada di luar wilayah tugas Anda.")


def _compare(pair, tahap: int, mulai: datetime.date, lookups: Lookups, result: RowResult) -> None:
    existing = lookups.ties.get(pair)
    if existing is None:
        inactive = [lookups.by_pk[pk] for pk in pair if lookups.by_pk[pk].status != StatusLembaga.AKTIF]
        if inactive:
            result.error("kode_lembaga_a", f"“{inactive[0].nama}” tidak aktif.")
            return
        result.status = "baru"
        result.payload = {"pair": pair, "tahap": tahap, "mulai": mulai}
    elif existing.tahap != tahap:
        result.status = "berubah"
        result.changes = [f"tahap: {existing.tahap} → {tahap} (berlaku hari ini)"]
        result.payload = {"tie": existing, "tahap": tahap}


def write(results: list[RowResult], user) -> None:
    new = [
        Kerjasama(
            lembaga_a_id=r.payload["pair"][0],
            lembaga_b_id=r.payload["pair"][1],
            tahap=r.payload["tahap"],
            mulai=r.payload["mulai"],
            dibuat_oleh=user,
        )
        for r in results
        if "pair" in r.payload
    ]
    created = bulk_create_with_history(new, Kerjasama, batch_size=2000, default_user=user)
    stages = [
        RiwayatTahap(kerjasama=t, tahap=t.tahap, berlaku_mulai=t.mulai, bukti=IMPORT_NOTE, oleh=user) for t in created
    ]
    today = timezone.localdate()
    for result in results:
        if "tie" in result.payload:
            tie = result.payload["tie"]
            RiwayatTahap.objects.filter(kerjasama=tie, berlaku_mulai=today).delete()
            stages.append(
                RiwayatTahap(
                    kerjasama=tie,
                    tahap=result.payload["tahap"],
                    berlaku_mulai=max(today, tie.mulai),
                    bukti=IMPORT_NOTE,
                    oleh=user,
                )
            )
            Kerjasama.objects.filter(pk=tie.pk).update(tahap=result.payload["tahap"], diubah=timezone.now())
    RiwayatTahap.objects.bulk_create(stages, batch_size=5000)
