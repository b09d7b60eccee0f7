"""The results as a markdown table, printed and written to bench/RESULTS.md with the machine it ran on."""

from __future__ import annotations

import importlib.metadata
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

from .activity import ActivitySummary
from .data import Summary
from .timing import Result, fmt_seconds

RESULTS_MD = Path(__file__).resolve().parent / "RESULTS.md"
PROVINSI_MD = Path(__file__).resolve().parent / "RESULTS-provinsi.md"
SQLITE_MD = Path(__file__).resolve().parent / "RESULTS-sqlite.md"  # the same cases on the embedded default
HEADER = ["case", "scale", "runs", "median", "p95", "target", "ok?", "queries", "× baseline"]


def _ok(result: Result) -> str:
    return {None: "–", True: "yes", False: "**NO**"}[result.ok]


def _row(result: Result, base: float | None) -> list[str]:
    target = f"< {fmt_seconds(result.target)}" if result.target else "–"
    ratio = f"{result.median / base:.1f}×" if base else "–"
    queries = "–" if result.queries is None else f"{result.queries:,}"
    timing = [str(len(result.times)), fmt_seconds(result.median), fmt_seconds(result.p95)]
    return [result.case, result.scale, *timing, target, _ok(result), queries, ratio]


def table(results: list[Result], baseline: Result | None) -> str:
    base = baseline.median if baseline else None
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join(["---"] * len(HEADER)) + "|"]
    for result in results:
        lines.append("| " + " | ".join(_row(result, base)) + " |")
    return "\n".join(lines)


def data_table(summaries: list[Summary]) -> str:
    header = ["scale", "scope", "lembaga", "kerjasama", "riwayat tahap", "sumber daya", "kebutuhan", "data"]
    lines = ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    for s in summaries:
        how = f"generated in {s.seconds:.0f} s" if s.generated else "reused"
        counts = [s.lembaga, s.kerjasama, s.riwayat, s.sumber, s.kebutuhan]
        lines.append(f"| {s.shape.name} | {s.shape.kode} | " + " | ".join(f"{n:,}" for n in counts) + f" | {how} |")
    return "\n".join(lines)


def activity_table(summaries: list[ActivitySummary]) -> str:
    header = ["scale", "forum", "anggota", "pertemuan", "kehadiran", "kesepakatan", "terikat", "tindak lanjut"]
    header += ["program", "peserta", "data"]
    lines = ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    for s in summaries:
        how = f"generated in {s.seconds:.0f} s" if s.generated else "reused"
        counts = [s.forum, s.anggota, s.pertemuan, s.kehadiran, s.kesepakatan, s.terikat, s.tindak_lanjut]
        counts += [s.program, s.peserta]
        lines.append(f"| {s.shape.name} | " + " | ".join(f"{n:,}" for n in counts) + f" | {how} |")
    return "\n".join(lines)


def bullets(title: str, lines: list[str]) -> str:
    return f"{title}\n\n" + "\n".join(f"- {line}" for line in lines) if lines else ""


def _share(part: Result, whole: Result) -> str:
    return f"{part.case} {fmt_seconds(part.median)} ({part.median / whole.median:.0%})"


def misses(results: list[Result]) -> str:
    """Every missed target with what was measured about its cause: its parts, largest first, and the
    functions a profiled re-run spent its time in."""
    lines = []
    for result in (r for r in results if r.ok is False):
        target = fmt_seconds(result.target or 0)
        head = f"**{result.case}** [{result.scale}]: p95 {fmt_seconds(result.p95)}, target < {target}"
        if result.queries:
            head += f"; {result.queries:,} queries"
        lines.append(head)
        parts = sorted(result.parts, key=lambda p: p.median, reverse=True)
        if parts:
            lines.append("  - measured parts (median): " + "; ".join(_share(p, result) for p in parts))
        lines += [f"  - profiled re-run, {spot}" for spot in result.hotspots]
    if not lines:
        return "Targets missed in this run: none."
    return "Targets missed in this run, with the measured cause:\n\n" + "\n".join(
        line if line.startswith("  ") else f"- {line}" for line in lines
    )


def busy(results: list[Result]) -> str:
    """Cases that finished while the machine was busier than the bench alone makes it (about one CPU for
    Python plus PostgreSQL's share): their times may include waiting for another process."""
    limit = (os.cpu_count() or 1) + 0.2
    crowded = [f"{r.case} ({r.load:.1f})" for r in results if r.load > limit]
    if not crowded:
        return f"The 1-minute load average stayed under {limit:.1f} for every case: nothing else competed for the CPUs."
    return (
        f"Cases that finished with the 1-minute load average above {limit:.1f} on this {os.cpu_count()}-CPU "
        "machine (something else was running; their times may include waiting for it): " + "; ".join(crowded) + "."
    )


def _database(label: str) -> str:
    if connection.vendor == "postgresql":
        return f"{label} (server {connection.pg_version // 10000}.{connection.pg_version % 10000})"
    return label


def environment(database: str) -> list[str]:
    versions = (
        f"Python {platform.python_version()}, Django {django.get_version()}, networkx {networkx.__version__}, "
        f"igraph {importlib.metadata.version('igraph')}, "
        f"numpy {numpy.__version__}, scipy {scipy.__version__}"
    )
    return [
        f"- date: {timezone.localtime().strftime('%Y-%m-%d %H:%M %Z')}",
        f"- machine: {platform.platform()}, {os.cpu_count()} CPU, {_ram_gb()}",
        f"- {versions}",
        f"- database: {_database(database)}; cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}",
        f"- settings: DEBUG={settings.DEBUG}, SIMPUL_BETWEENNESS_SOURCES={settings.SIMPUL_BETWEENNESS_SOURCES}, "
        f"SIMPUL_NETWORK_ENGINE={settings.SIMPUL_NETWORK_ENGINE}, "
        f"SIMPUL_PAGE_SIZE={settings.SIMPUL_PAGE_SIZE}, SIMPUL_BACKGROUND_LIMIT={settings.SIMPUL_BACKGROUND_LIMIT}, "
        f"SIMPUL_EVIDENCE_WINDOW_DAYS={settings.SIMPUL_EVIDENCE_WINDOW_DAYS}"
        + (f", PostgreSQL session options `{options}`" if (options := _session_options()) else ""),
        f"- command: `{' '.join(['python -m bench', *sys.argv[1:]])}`",
    ]


def _session_options() -> str:
    """The PostgreSQL session settings the connections ran with (SIMPUL_PG_OPTIONS), if any."""
    return settings.DATABASES["default"].get("OPTIONS", {}).get("options", "")


def _ram_gb() -> str:
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return "RAM unknown"
    return f"{total / 2**30:.0f} GB RAM"


NOTES = """\
How to read it: times are wall-clock seconds per call; "p95" is nearest-rank, so with fewer than 20 runs it
is the slowest run, and targets (from DESIGN.md "Scale to design for" and the issues) are judged on it.
"× baseline" is the median over the median of the anonymous login page, so figures stay comparable on a
busier or faster machine. Rows "x › y" are parts of row x, timed alone; they are the "measured parts" the
missed-targets list cites. A case that misses is run once more under cProfile with every statement timed:
"database" is the share of that run spent in statements, "inside" the project functions it spent its time
in (innermost of a call chain), "own time" the functions that ran the most (cProfile inflates pure Python
about twice, so shares are a pointer, not a measurement). "worker" is
`reports.compute_report(wilayah_scope(…), today)` called directly, as `compute_report_task` does, with no
cache involved; the kabupaten (15,000 lembaga) is above SIMPUL_BACKGROUND_LIMIT, so its cold page only
enqueues that job and shows progress ("cold (enqueues the job)") and the page is timed with the cache warm.
"banding" warms both reports first (as after the worker ran), except the kelurahan's cold row, which clears
the cache before each run. Pages go through `django.test.Client` with DEBUG on (the default), which is a
little slower than production. The import and load_wilayah rows are one run each (they write, and remove
what they wrote afterwards), each in a fresh database session as its request or command would have (the
session's cached foreign-key check plans otherwise slowed the load 4×); query counts are statements sent
(an executemany counts once). Memory peaks are VmHWM after garbage collection and malloc_trim, so "above
the process" is what the call itself added.
Data: bulk-inserted, seeded (`random.Random(42)`), see bench/data.py and bench/activity.py; forum activity
is dated back from the day it was generated, so a much later run on reused data has fewer meetings in its
12-month evidence window (`--fresh` rebuilds). The bench runs VACUUM (ANALYZE) before timing: right after a
bulk load the planner has no statistics (this machine's PostgreSQL runs with autovacuum off; without them
load_graph took minutes instead of a second), and first reads would still be setting hint bits.
`--provinsi` (not part of the default run) writes bench/RESULTS-provinsi.md from its own database."""


def markdown(
    results: list[Result],
    baseline: Result,
    summaries: list[Summary],
    activity: list[ActivitySummary],
    memory: list[str],
    findings: list[str],
    database: str,
) -> str:
    parts = [
        "# Simpul scale benchmark",
        "\n".join(environment(database)),
        data_table(summaries),
        activity_table(activity),
        table([baseline, *results], baseline),
        misses(results),
        bullets("Memory:", memory),
        bullets("Observations from this run:", findings),
        busy([baseline, *results]),
        NOTES,
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def provinsi_markdown(
    results: list[Result], summary: str, memory: list[str], findings: list[str], database: str
) -> str:
    parts = [
        "# Simpul scale benchmark — provinsi (`--provinsi`)",
        "\n".join(environment(database)),
        summary,
        table(results, None),
        misses(results),
        bullets("Memory:", memory),
        bullets("Observations from this run:", findings),
        busy(results),
        PROVINSI_NOTES,
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


PROVINSI_NOTES = """\
Rows "provinsi compute › N% step" are the phases of the one timed run, each from that progress call of
compute_report to the next (so "90% Menggambar diagram" also holds evidence_check and the rest of the
return value). When the run misses its target, network.recommendations' own steps are then timed once
each on the same graph ("provinsi recommendations › …"). Data: bench/provinsi.py, in its own database so
the default run is not affected."""


HISTORY = "<!-- history: kept by every run -->"


def write(text: str, path: Path = RESULTS_MD) -> Path:
    """Write the run's results; the hand-written before/after history below HISTORY in the old file stays."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    _head, marker, history = old.partition(HISTORY)
    path.write_text(text.rstrip("\n") + ("\n\n" + marker + history if marker else "\n"), encoding="utf-8")
    return path
