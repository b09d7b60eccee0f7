"""The results as a markdown table, printed and written to bench/RESULTS.md with the machine it ran on."""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

import django
import networkx
import numpy
import scipy
from django.conf import settings
from django.db import connection
from django.utils import timezone

from .cases import Memory
from .data import Summary
from .timing import Result, fmt_seconds

RESULTS_MD = Path(__file__).resolve().parent / "RESULTS.md"
HEADER = ["case", "scale", "runs", "median", "p95", "target", "ok?", "queries", "× baseline"]


def _ok(result: Result) -> str:
    return {None: "–", True: "yes", False: "**NO**"}[result.ok]


def _row(result: Result, base: float) -> list[str]:
    target = f"< {fmt_seconds(result.target)}" if result.target else "–"
    ratio = f"{result.median / base:.1f}×" if base else "–"
    queries = "–" if result.queries is None else str(result.queries)
    timing = [str(len(result.times)), fmt_seconds(result.median), fmt_seconds(result.p95)]
    return [result.case, result.scale, *timing, target, _ok(result), queries, ratio]


def table(results: list[Result], baseline: Result) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join(["---"] * len(HEADER)) + "|"]
    for result in results:
        lines.append("| " + " | ".join(_row(result, baseline.median)) + " |")
    return "\n".join(lines)


def data_table(summaries: list[Summary]) -> str:
    header = ["scale", "scope", "lembaga", "kerjasama", "riwayat tahap", "sumber daya", "kebutuhan", "data"]
    lines = ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    for s in summaries:
        how = f"generated in {s.seconds:.0f} s" if s.generated else "reused"
        counts = [s.lembaga, s.kerjasama, s.riwayat, s.sumber, s.kebutuhan]
        lines.append(f"| {s.shape.name} | {s.shape.kode} | " + " | ".join(f"{n:,}" for n in counts) + f" | {how} |")
    return "\n".join(lines)


def memory_line(memory: Memory | None) -> str:
    if memory is None:
        return ""
    peak = memory.peak
    how = "VmHWM, reset before the request" if peak.exact else "ru_maxrss growth, a lower bound"
    return (
        f"Memory while serving the first cold kabupaten report: peak RSS **{peak.rss_mb:.0f} MB**, "
        f"{peak.growth_mb:.0f} MB above the process before the request ({how}). The cached kabupaten report is "
        f"a {memory.cached_mb:.1f} MB row in the database cache, read back and unpickled by every cached view."
    )


def _database(label: str) -> str:
    if connection.vendor == "postgresql":
        return f"{label} (server {connection.pg_version // 10000}.{connection.pg_version % 10000})"
    return label


def environment(database: str) -> list[str]:
    versions = (
        f"Python {platform.python_version()}, Django {django.get_version()}, networkx {networkx.__version__}, "
        f"numpy {numpy.__version__}, scipy {scipy.__version__}"
    )
    return [
        f"- date: {timezone.localtime().strftime('%Y-%m-%d %H:%M %Z')}",
        f"- machine: {platform.platform()}, {os.cpu_count()} CPU",
        f"- {versions}",
        f"- database: {_database(database)}; cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}",
        f"- settings: DEBUG={settings.DEBUG}, SIMPUL_BETWEENNESS_SAMPLES={settings.SIMPUL_BETWEENNESS_SAMPLES}, "
        f"SIMPUL_BETWEENNESS_EXACT_LIMIT={settings.SIMPUL_BETWEENNESS_EXACT_LIMIT}, "
        f"SIMPUL_PAGE_SIZE={settings.SIMPUL_PAGE_SIZE}",
        f"- command: `{' '.join(['python -m bench', *sys.argv[1:]])}`",
    ]


NOTES = """\
How to read it: times are wall-clock seconds per call; "p95" is nearest-rank, so with fewer than 20 runs it
is the slowest run, and targets (from DESIGN.md "Scale to design for") are judged on it. "cold" clears the
report cache before each run; "cached" is the same page again. "× baseline" is the median over the median of
the anonymous login page, so figures stay comparable on a busier or faster machine. Rows "analyse › …" are parts
of `network.analyse`, timed alone. Pages go through `django.test.Client` with DEBUG on (the default), which
is a little slower than production. Data: bulk-inserted, seeded (`random.Random(42)`), see bench/data.py;
no forum activity is generated, so every tie is "without evidence" in the report's evidence check. The bench
runs ANALYZE before timing: right after a bulk load the planner has no statistics (and this machine's
PostgreSQL runs with autovacuum off), and without them load_graph took minutes instead of a second."""


def markdown(
    results: list[Result], baseline: Result, summaries: list[Summary], memory: Memory | None, database: str
) -> str:
    parts = [
        "# Simpul scale benchmark",
        "\n".join(environment(database)),
        data_table(summaries),
        table([baseline, *results], baseline),
        memory_line(memory),
        NOTES,
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def write(text: str) -> Path:
    RESULTS_MD.write_text(text, encoding="utf-8")
    return RESULTS_MD
