"""Hostile and huge import files: each refused (or, for an honest 200,000-row file, previewed) in bounded time
and memory. The robustness issue's goals: a bomb ≤ 5 s and ≤ 300 MB; the big preview ≤ 20 s and ≤ 500 MB."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable

from openpyxl import Workbook

from pranata import duplicates, imports
from pranata.models import Lembaga, Tingkat, Wilayah

from .cases import Bench
from .memory import PeakMemory
from .timing import Result, report

BOMB_SECONDS, BOMB_MB = 5.0, 300
PREVIEW_SECONDS, PREVIEW_MB = 20.0, 500
PREVIEW_ROWS = 200_000
DUPLICATES_KELURAHAN, DUPLICATES_KABUPATEN = 0.05, 2.0


def _xlsx(rows: list[list], far_cell: str | None = None) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    if far_cell:
        book.active[far_cell] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _inflating_xlsx(header: list[str]) -> bytes:
    """A 1 MB-ish file whose sheet XML inflates to ~370 MB (the issue's 1.4 MB probe)."""
    sheet = b'<?xml version="1.0"?><worksheet><sheetData>' + b" " * 370_000_000 + b"</sheetData></worksheet>"
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_xlsx([header]))) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in source.infolist():
            out.writestr(item.filename, sheet if item.filename == "xl/worksheets/sheet1.xml" else source.read(item))
    return buffer.getvalue()


def _files(kode: str) -> list[tuple[str, str, bytes, float]]:
    header = list(imports.KINDS["lembaga"].COLUMNS)
    row = ["", kode, "Posyandu Mawar", "", "warga", "kesehatan", "", "", "", "", "", "", ""]
    honest = "\n".join(
        [",".join(header), *(",".join([*row[:2], f"Lembaga Uji {i:06d}", *row[3:]]) for i in range(PREVIEW_ROWS))]
    ).encode()
    return [
        ("tolak XLSX berdimensi A1:XFD1048576", "bom.xlsx", _xlsx([header, row], far_cell="XFD1048576"), BOMB_SECONDS),
        ("tolak XLSX yang mengembang ~370×", "bom.xlsx", _inflating_xlsx(header), BOMB_SECONDS),
        (
            "tolak CSV dengan sel 140.000 huruf",
            "bom.csv",
            ("\n".join([",".join(header), ",".join([*row[:8], "x" * 140_000, *row[9:]])])).encode(),
            BOMB_SECONDS,
        ),
        (f"pratinjau CSV {PREVIEW_ROWS:,} baris".replace(",", "."), "besar.csv", honest, PREVIEW_SECONDS),
    ]


def _plan(data: bytes, name: str, user) -> Callable[[], str]:
    def action() -> str:
        try:
            result = imports.plan("lembaga", data, name, user)
        except imports.ImportFileError as exc:
            return f"refused: {exc}"
        return f"previewed: {result.counts}"

    return action


def robustness_case(bench: Bench) -> list[Result]:
    kode = (
        Wilayah.objects.filter(kode__startswith="35.15.", tingkat=Tingkat.KELURAHAN)
        .values_list("kode", flat=True)
        .first()
    )
    results = []
    for case, name, data, target in _files(kode):
        measured = PeakMemory(_plan(data, name, bench.user))
        started = time.perf_counter()
        outcome = measured()
        result = Result(f"{case} ({len(data) / 1024:,.0f} KB)", "impor", [time.perf_counter() - started], target, None)
        report(result)
        results.append(result)
        limit = PREVIEW_MB if target == PREVIEW_SECONDS else BOMB_MB
        verdict = "within" if measured.peak.rss_mb <= limit else "**over**"
        bench.memory.append(f"{case}: {measured.peak.describe()}; {verdict} the {limit} MB goal. {outcome[:140]}")
    return results


def _pairs(kode: str) -> Callable[[], int]:
    """What the "mungkin ganda" page computes for a wilayah: its lembaga by kelurahan, then the similar pairs."""

    def action() -> int:
        groups: dict[int, list[tuple[int, str]]] = {}
        rows = Lembaga.objects.in_wilayah([kode]).not_archived().filter(digabung_ke__isnull=True)
        for pk, nama, wilayah_id in rows.values_list("pk", "nama", "wilayah_id").order_by("wilayah_id", "pk"):
            groups.setdefault(wilayah_id, []).append((pk, nama))
        return len(duplicates.likely_pairs(groups))

    return action


def duplicates_case(bench: Bench, *, kelurahan: str, kabupaten: str) -> list[Result]:
    results = []
    for scale, kode, target, runs in (
        ("kelurahan", kelurahan, DUPLICATES_KELURAHAN, bench.fast_runs),
        ("kabupaten", kabupaten, DUPLICATES_KABUPATEN, bench.slow_runs),
    ):
        action = _pairs(kode)
        times, found = [], 0
        for _ in range(runs):
            started = time.perf_counter()
            found = action()
            times.append(time.perf_counter() - started)
        n = Lembaga.objects.in_wilayah([kode]).count()
        result = Result(f"lembaga mungkin ganda ({n:,} lembaga)".replace(",", "."), scale, times, target, None)
        report(result)
        results.append(result)
        bench.findings.append(f"Likely duplicates in {kode}: {found} pairs at or above {duplicates.THRESHOLD:.0f}.")
    return results
