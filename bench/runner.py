"""One bench run: data first, then the cases per scale, then the table (stdout and RESULTS.md)."""

from __future__ import annotations

from . import cases, data, report, timing
from .database import describe
from .timing import Result


def run(*, scales: list[str], runs: int | None, budget: float, url: str) -> None:
    timing.BUDGET.seconds = budget
    summaries = [data.ensure(data.SHAPES[name]) for name in scales]
    data.analyze()
    admin, analyst = data.bench_users()
    bench = cases.make_bench(admin, runs)
    print("timing…", flush=True)
    baseline = cases.baseline(bench)
    results: list[Result] = []
    memory = None
    if "kelurahan" in scales:
        results += cases.kelurahan_cases(bench, data.KELURAHAN.kode)
    if "kabupaten" in scales:
        kabupaten, memory = cases.kabupaten_cases(bench, data.KABUPATEN.kode, analyst)
        results += kabupaten
    text = report.markdown(results, baseline, summaries, memory, describe(url))
    print("\n" + text, flush=True)
    print(f"written to {report.write(text)}", flush=True)
