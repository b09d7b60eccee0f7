"""One bench run: data first, then the cases per scale, then the table (stdout and RESULTS.md)."""

from __future__ import annotations

from django.contrib.auth.models import User

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


def kabupaten_cases(bench: cases.Bench, analyst: User, url: str) -> list[Result]:
    """Reports first (they read the cache), then pages, and last the cases that write and clean up."""
    kode = data.KABUPATEN.kode
    results = cases.kabupaten_reports(bench, kode)
    results += pages.list_pages(bench, analyst)
    results += pages.forum_pages(bench, kode, activity.coordinator(activity.KABUPATEN_ACTIVITY))
    results += pendampingan.pendampingan_case(bench, kode)
    results += survei.survei_case(bench, kode)
    results += api_bench.api_cases(bench, analyst)
    results += pengingat.digest_case(bench, kode)
    results += cases.graphml(bench, kode)
    results += imports.import_case(bench)
    results += robustness.robustness_case(bench)
    results += robustness.duplicates_case(bench, kelurahan=data.KELURAHAN.kode, kabupaten=kode)
    return results + wilayah.wilayah_case(bench) + wilayah.resmi_case(bench, url)


def run(*, scales: list[str], runs: int | None, budget: float, url: str) -> None:
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
        results += kabupaten_cases(bench, analyst, url)
    text = report.markdown(results, baseline, summaries, forums, bench.memory, bench.findings, describe(url))
    print("\n" + text, flush=True)
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
