"""`manage.py load_wilayah` at the size of the Kemendagri list: ~91,000 codes, loaded, then loaded again.

The generated provinces use codes 50–87 (38 of them), a range the bench's own wilayah (16, 33, 35) never
touch, so loading cannot rename a bench kabupaten; the rows are deleted after the case (children first)
and before it (an interrupted run), so the first load always creates every row and re-runs compare.
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.db import connection, transaction

from pranata.models import Tingkat, Wilayah
from pranata.services import WilayahRow, wilayah_load, wilayah_parse_csv

from .cases import Bench
from .data import DESA_HEAD, DESA_TAIL, SEED
from .database import postgres_url, with_name_suffix
from .imports import raw_delete
from .memory import PeakMemory
from .timing import QueryCounter, Result, report

FIRST, LAST = 50, 87  # 38 provinsi
KABUPATEN_TOTAL, KECAMATAN_PER_KABUPATEN = 514, 14  # 514 kabupaten/kota and 7,196 kecamatan, as in Indonesia
LOAD_TARGET = 30.0  # the wilayah issue: the whole Kemendagri list in under 30 s


def kemendagri_csv(rng: random.Random) -> str:
    """`kode,nama` rows: provinsi, kabupaten (01…) and kota (71…), kecamatan, desa (2001…) or kelurahan (1001…)."""
    lines = ["kode,nama"]
    provinces = list(range(FIRST, LAST + 1))
    for i, p in enumerate(provinces):
        lines.append(f"{p},Provinsi Bench {p}")
        n_kab = KABUPATEN_TOTAL // len(provinces) + (i < KABUPATEN_TOTAL % len(provinces))
        for k in range(n_kab):
            kota = k >= n_kab - 2  # the last two of each province are cities, numbered from 71
            kab = f"{p}.{71 + k - (n_kab - 2) if kota else k + 1:02d}"
            lines.append(f"{kab},{'Kota' if kota else 'Kabupaten'} Bench {kab}")
            lines += _kecamatan(rng, kab, kota)
    return "\n".join(lines) + "\n"


def _kecamatan(rng: random.Random, kab: str, kota: bool) -> list[str]:
    lines = []
    for c in range(1, KECAMATAN_PER_KABUPATEN + 1):
        kec = f"{kab}.{c:02d}"
        lines.append(f"{kec},Kecamatan {DESA_HEAD[c % len(DESA_HEAD)]}")
        first = 1001 if kota else 2001
        for d in range(rng.randint(8, 15)):
            nama = f"{DESA_HEAD[(c + d) % len(DESA_HEAD)]}{DESA_TAIL[d % len(DESA_TAIL)]}"
            lines.append(f"{kec}.{first + d},{'Kelurahan' if kota else 'Desa'} {nama}")
    return lines


def in_range():
    # Plain string bounds: every code of provinsi 50–87 sorts between "50" and "88", and the index serves it.
    return Wilayah.objects.filter(kode__gte=f"{FIRST}", kode__lt=f"{LAST + 1}")


@transaction.atomic
def cleanup() -> int:
    """Delete the loaded codes, deepest level first (each level is the parent of the next).

    PostgreSQL checks each deleted row's `induk` references with a plan made for the table's last ANALYZE:
    made while the table held a few hundred rows, that plan scans the whole table per deleted row, and
    removing 90,000 rows took over six minutes before it was interrupted (measured). Fresh statistics first
    make it an index look-up per row (3 s)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Wilayah._meta.db_table)}")
    removed = 0
    for tingkat in sorted(Tingkat, reverse=True):
        removed += raw_delete(Wilayah, "id", in_range().filter(tingkat=tingkat).values("pk"))
    return removed


def _txid() -> int | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT txid_current()")
        return cursor.fetchone()[0]


def rewritten_since(txid: int | None) -> int | None:
    """Rows whose current version was written after `txid` (PostgreSQL's xmin): what a re-load really wrote."""
    if txid is None:
        return None
    sql, params = in_range().values("pk").query.sql_with_params()
    table = connection.ops.quote_name(Wilayah._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {table} WHERE id IN ({sql}) AND xmin::text::bigint > %s",
            [*params, txid % 2**32],
        )
        return cursor.fetchone()[0]


def load(text: str, label: str, bench: Bench) -> list[Result]:
    """Parse and load once; one row each for parsing, loading and both together (which has the target)."""
    with QueryCounter() as parse_queries:
        started = time.perf_counter()
        rows: list[WilayahRow] = wilayah_parse_csv(io.StringIO(text, newline=""))
        parsed = time.perf_counter()
    with QueryCounter() as load_queries:
        created, updated = wilayah_load(rows=rows)
        loaded = time.perf_counter()
    parse = Result(
        f"load_wilayah {label} › wilayah_parse_csv", "wilayah", [parsed - started], None, parse_queries.count
    )
    write = Result(f"load_wilayah {label} › wilayah_load", "wilayah", [loaded - parsed], None, load_queries.count)
    total = Result(
        f"load_wilayah {label}: {len(rows):,} rows", "wilayah", [loaded - started], LOAD_TARGET,
        parse_queries.count + load_queries.count, [parse, write],
    )  # fmt: skip
    for result in (parse, write, total):
        report(result)
    bench.findings.append(f"load_wilayah {label}: wilayah_load returned {created:,} created, {updated:,} updated.")
    return [parse, write, total]


def wilayah_case(bench: Bench) -> list[Result]:
    # `manage.py load_wilayah` runs in a process of its own, so the case starts a database session of its own:
    # PostgreSQL caches a session's foreign-key check plans, and those the import case left behind (made for
    # a wilayah table of a few hundred rows) made the load three to four times slower (measured).
    connection.close()
    if cleanup():
        print("  (removed wilayah an interrupted run left)", flush=True)
    text = kemendagri_csv(random.Random(SEED))
    first = PeakMemory(lambda: load(text, "first load", bench))
    results = first()
    txid = _txid()
    results += load(text, "re-load (no changes)", bench)
    rewritten = rewritten_since(txid)
    if rewritten is not None:
        bench.findings.append(f"load_wilayah re-load: {rewritten:,} rows were physically rewritten in PostgreSQL.")
    bench.memory.append(f"load_wilayah first load: {first.peak.describe()}")
    cleanup()
    return results


RESMI_FIRST, RESMI_AGAIN = 30.0, 10.0  # the PSKS issue: the official list ≤ 30 s first, ≤ 10 s again


def resmi_case(bench: Bench, url: str) -> list[Result]:
    """`manage.py load_wilayah --resmi` as an office runs it: its own process (start-up included) on a database
    of its own, freshly migrated, so the official codes never rename the bench's own wilayah. Loaded twice."""
    if url.startswith("sqlite"):
        path = Path(tempfile.gettempdir()) / "simpul_bench_resmi.sqlite3"
        path.unlink(missing_ok=True)
        target = f"sqlite:///{path}"
    else:
        target = postgres_url(with_name_suffix(url, "_resmi"), fresh=True)
    env = {**os.environ, "DATABASE_URL": target}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    results = []
    for label, goal in (("first load", RESMI_FIRST), ("re-load (no changes)", RESMI_AGAIN)):
        started = time.perf_counter()
        done = subprocess.run([*manage, "load_wilayah", "--resmi"], env=env, check=True, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        result = Result(f"load_wilayah --resmi {label} (own process, 91,599 codes)", "wilayah", [seconds], goal)
        report(result)
        results.append(result)
        bench.findings.append(f"load_wilayah --resmi {label}: " + " ".join(done.stdout.split("\n")[-3:]).strip())
    return results
