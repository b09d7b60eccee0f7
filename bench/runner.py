"""One bench run: data first, then the cases per scale, then the table (stdout and RESULTS.md)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import User

from config.wsgi import settle

from . import (
    activity,
    cases,
    data,
    imports,
    pages,
    pendampingan,
    pengingat,
    provinsi,
    report,
    robustness,
    survei,
    timing,
    wilayah,
)
from . import api as api_bench
from .database import describe
from .timing import Result


# Groups of kabupaten cases, in the order they run (reports first: they read the cache; then pages; last the
# cases that write and clean up). `python -m bench --only api,pengingat` times some of them.
def _groups(bench: cases.Bench, analyst: User, url: str, kode: str) -> dict[str, Callable[[], list[Result]]]:
    return {
        "laporan": lambda: cases.kabupaten_reports(bench, kode),
        "daftar": lambda: pages.list_pages(bench, analyst),
        "forum": lambda: pages.forum_pages(bench, kode, activity.coordinator(activity.KABUPATEN_ACTIVITY)),
        "pendampingan": lambda: pendampingan.pendampingan_case(bench, kode),
        "survei": lambda: survei.survei_case(bench, kode),
        "api": lambda: api_bench.api_cases(bench, analyst),
        "pengingat": lambda: pengingat.digest_case(bench, kode),
        "unduh": lambda: cases.graphml(bench, kode),
        "impor": lambda: imports.import_case(bench),
        "robustness": lambda: robustness.robustness_case(bench),
        "ganda": lambda: robustness.duplicates_case(bench, kelurahan=data.KELURAHAN.kode, kabupaten=kode),
        "wilayah": lambda: wilayah.wilayah_case(bench) + wilayah.resmi_case(bench, url),
    }


GROUPS = (
    "laporan", "daftar", "forum", "pendampingan", "survei", "api", "pengingat", "unduh", "impor", "robustness",
    "ganda", "wilayah",
)  # fmt: skip


def kabupaten_cases(bench: cases.Bench, analyst: User, url: str, only: list[str] | None = None) -> list[Result]:
    groups = _groups(bench, analyst, url, data.KABUPATEN.kode)
    results: list[Result] = []
    for name in GROUPS:
        if only is None or name in only:
            settle()  # each group starts as a served process does (config/wsgi.py): start-up objects frozen
            results += groups[name]()
    return results


def run(*, scales: list[str], runs: int | None, budget: float, url: str, only: list[str] | None = None) -> None:
    timing.BUDGET.seconds = budget
    summaries = [data.ensure(data.SHAPES[name]) for name in scales]
    forums = [activity.ensure_activity(activity.ACTIVITY[name]) for name in scales]
    data.analyze()
    admin, analyst = data.bench_users()
    bench = cases.make_bench(admin, runs)
    print("timing…", flush=True)
    baseline = cases.baseline(bench)
    results: list[Result] = []
    if "kelurahan" in scales:
        results += cases.kelurahan_cases(bench, data.KELURAHAN.kode)
    if "kabupaten" in scales:
        results += kabupaten_cases(bench, analyst, url, only)
    text = report.markdown(results, baseline, summaries, forums, bench.memory, bench.findings, describe(url))
    print("\n" + text, flush=True)
    if only is not None:
        print("(--only: RESULTS.md left as it was)", flush=True)
        return
    path = report.SQLITE_MD if url.startswith("sqlite") else report.RESULTS_MD
    print(f"written to {report.write(text, path)}", flush=True)


def run_provinsi(*, runs: int | None, budget: float, url: str) -> None:
    """The province case alone, in its own database (see provinsi.py)."""
    timing.BUDGET.seconds = budget
    seconds = provinsi.ensure_provinsi()
    data.analyze()
    admin, _analyst = data.bench_users()
    bench = cases.make_bench(admin, runs)
    print("timing…", flush=True)
    results = provinsi.provinsi_case(bench)
    text = report.provinsi_markdown(
        results, provinsi.summary_line(seconds), bench.memory, bench.findings, describe(url)
    )
    print("\n" + text, flush=True)
    print(f"written to {report.write(text, report.PROVINSI_MD)}", flush=True)
