"""Timing: run a case a few times, keep every duration, summarise as median and p95."""

from __future__ import annotations

import math
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection

from .profiling import hotspots


@dataclass
class Budget:
    """Seconds one case may spend repeating; one shared instance, set once from --budget."""

    seconds: float = 30.0


BUDGET = Budget()


@dataclass
class Result:
    """One row of the table. `target` is in seconds and judged on p95 (the slow run a user will meet)."""

    case: str
    scale: str
    times: list[float]
    target: float | None = None
    queries: int | None = None
    # What the report's "missed targets" section cites as the cause: the row's measured parts (other rows of
    # the table) and, for a miss, the functions a profiled re-run spent its own time in.
    parts: list[Result] = field(default_factory=list)
    hotspots: list[str] = field(default_factory=list)
    # The 1-minute load average when the case finished: on a shared machine, whether something else ran.
    load: float = field(default_factory=lambda: load_average())

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        # Nearest rank: with fewer than 20 runs this is the slowest run, which is the honest reading.
        ordered = sorted(self.times)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]

    @property
    def ok(self) -> bool | None:
        return None if self.target is None else self.p95 < self.target


def load_average() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:  # not available on every platform
        return 0.0


class QueryCounter:
    """Counts the statements a block sends. Unlike CaptureQueriesContext it stays right past DEBUG's log of
    9,000 queries (an import's per-row look-ups), and an executemany counts once, as one round trip."""

    def __init__(self) -> None:
        self.count = 0
        self._wrapper = connection.execute_wrapper(self)

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self) -> QueryCounter:
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._wrapper.__exit__(*exc)


def measure(
    case: str,
    scale: str,
    action: Callable[[], object],
    *,
    runs: int,
    target: float | None = None,
    before: Callable[[], object] | None = None,
    parts: list[Result] | None = None,
) -> Result:
    """Time `action` up to `runs` times; `before` (e.g. clearing the cache) runs untimed ahead of each run.

    A case stops repeating once it has used BUDGET seconds, so a slow regression costs one run, not an
    evening; the table shows how many runs were made. Queries are counted on every run (DEBUG records them
    anyway) and the largest count is kept. A case that misses its target is run once more under cProfile.
    """
    times: list[float] = []
    queries = 0
    while len(times) < runs and sum(times) < BUDGET.seconds:
        if before:
            before()
        with QueryCounter() as counter:
            started = time.perf_counter()
            action()
            times.append(time.perf_counter() - started)
        queries = max(queries, counter.count)
    result = Result(case=case, scale=scale, times=times, target=target, queries=queries, parts=parts or [])
    report(result)
    if result.ok is False:
        result.hotspots = hotspots(action, before=before)
    return result


def report(result: Result) -> None:
    """One line per case as it finishes, so a long run shows where it is."""
    verdict = {None: "", True: " (target met)", False: f" — MISSES < {fmt_seconds(result.target or 0)}"}[result.ok]
    print(
        f"  {result.case} [{result.scale}]: median {fmt_seconds(result.median)}, "
        f"p95 {fmt_seconds(result.p95)}{verdict}",
        flush=True,
    )


def fmt_seconds(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"
