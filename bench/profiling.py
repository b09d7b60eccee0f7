"""Where a case that missed its target spends its time: one extra run under cProfile.

Two views of the same profile: the functions with the most *own* time (the hot loop, or the database
driver when it is mostly waiting on queries) and the project's own functions by *cumulative* time (which
step of the app that loop sits in). cProfile slows pure Python about twice as much as it slows waiting on
the database, so the shares are a guide to where to look, not a second measurement.
"""

from __future__ import annotations

import cProfile
import pstats
import time
from collections.abc import Callable
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
PROJECT_DIRS = ("pranata/", "forum/", "config/")
Func = tuple[str, int, str]


def _label(func: Func) -> str:
    filename, line, name = func
    if filename == "~":
        return name  # a builtin, e.g. "<method 'execute' of 'psycopg.Cursor' objects>"
    path = filename.split("site-packages/")[-1] if "site-packages/" in filename else filename
    if path.startswith(str(ROOT)):
        path = path[len(str(ROOT)) + 1 :]
    return f"{path}:{line}({name})"


def _is_project(func: Func) -> bool:
    return func[0].startswith(str(ROOT)) and _label(func).startswith(PROJECT_DIRS)


def _caller(stats: dict, func: Func) -> str:
    """The caller that spent the most time in `func`, so a builtin or library hot spot names its origin."""
    callers = stats[func][4]
    if not callers:
        return ""
    best = max(callers, key=lambda caller: callers[caller][3])  # (calls, primitive calls, own s, cumulative s)
    return f" ← {_label(best)}"


class QueryClock:
    """Times every statement of a run, so a miss spent waiting on the database names its query."""

    def __init__(self) -> None:
        self.queries: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - started, sql))

    def describe(self, wall: float) -> list[str]:
        if not self.queries:
            return []
        spent = sum(seconds for seconds, _sql in self.queries)
        lines = [f"database: {spent / wall:.0%} of the run in {len(self.queries):,} statements"]
        for seconds, sql in sorted(self.queries, reverse=True)[:2]:
            lines.append(f"slowest statement {seconds:.2f} s: `{_shorten(sql)}`")
        return lines


def _shorten(sql: str, limit: int = 220) -> str:
    """The statement from its outermost FROM on (the column list says little about why it is slow), cut short."""
    text = " ".join(sql.split())
    depth = 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and text.startswith(" FROM ", i) and text.startswith("SELECT"):
            text = f"SELECT … {text[i + 1 :]}"
            break
    return text[:limit] + ("…" if len(text) > limit else "")


def _heavy(stats: dict, total: float, count: int = 4) -> list[Func]:
    """The project's functions by cumulative time, leaving out the outermost ones (the view, the case itself)
    and keeping only the innermost of a call chain (plan 72% → check 71% → _compare 67%: just _compare), so
    separate hot spots each get a line."""
    project = sorted(
        (f for f in stats if _is_project(f) and stats[f][3] < 0.95 * total), key=lambda f: stats[f][3], reverse=True
    )
    kept: list[Func] = []
    for func in project[:40]:
        deeper = kept and kept[-1] in stats[func][4]  # called by the line before it
        if deeper and stats[kept[-1]][3] - stats[func][3] < 0.05 * total:
            kept[-1] = func  # nearly all of its caller's time: the same hot spot, one call deeper
        else:
            kept.append(func)
    return kept[:count]


def hotspots(action: Callable[[], object], *, before: Callable[[], object] | None = None) -> list[str]:
    """Profile one run of `action`: its statements, its top own-time functions, its heaviest project functions."""
    if before:
        before()
    profiler, clock = cProfile.Profile(), QueryClock()
    started = time.perf_counter()
    with connection.execute_wrapper(clock):
        profiler.runcall(action)
    wall = time.perf_counter() - started
    stats = pstats.Stats(profiler).stats  # {func: (calls, primitive calls, own s, cumulative s, callers)}
    total = sum(row[2] for row in stats.values()) or 1.0
    lines = [f"inside {stats[f][3] / total:.0%}: {_label(f)} ({stats[f][0]:,} calls)" for f in _heavy(stats, total)]
    # Own time can land on whatever runs when the garbage collector does: read it next to the lines above.
    own = sorted(stats, key=lambda f: stats[f][2], reverse=True)[:3]
    lines += [f"own time {stats[f][2] / total:.0%}: {_label(f)}{_caller(stats, f)}" for f in own]
    return clock.describe(wall) + lines
