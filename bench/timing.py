"""Timing: run a case a few times, keep every duration, summarise as median and p95."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext


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


def measure(
    case: str,
    scale: str,
    action: Callable[[], object],
    *,
    runs: int,
    target: float | None = None,
    before: Callable[[], object] | None = None,
) -> Result:
    """Time `action` up to `runs` times; `before` (e.g. clearing the cache) runs untimed ahead of each run.

    A case stops repeating once it has used BUDGET seconds, so a slow regression costs one run, not an
    evening; the table shows how many runs were made. Queries are counted on every run (DEBUG records them
    anyway) and the largest count is kept.
    """
    times: list[float] = []
    queries = 0
    while len(times) < runs and sum(times) < BUDGET.seconds:
        if before:
            before()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            action()
            times.append(time.perf_counter() - started)
        queries = max(queries, len(captured))
    result = Result(case=case, scale=scale, times=times, target=target, queries=queries)
    print(f"  {case} [{scale}]: median {fmt_seconds(result.median)}, p95 {fmt_seconds(result.p95)}", flush=True)
    return result


def fmt_seconds(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"
