"""The network's climb over time: at each quarter's end since the first data, the stage the network had
reached and the share of its ties at each stage, as the report as of that day gives them.

Computed from the ties' dated histories (read once) and the scope's lembaga on each day, without building a
graph per quarter: a tie exists on a day from its start until (not including) its end, at the stage of its
latest stage row on or before that day; a pair recorded twice counts at its highest stage.
"""

from __future__ import annotations

import bisect
import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TypedDict

from .export import TieHistory
from .graph import _pair, _r
from .ladder import STAGES, ladder_of, largest_by_stage, network_stage


class TrendPoint(TypedDict):
    tanggal: str  # ISO date: a quarter's end, or the report's own date last
    n_lembaga: int
    n_kerjasama: int
    tahap_jaringan: int
    share_tahap: dict[int, float]


def quarter_ends(first: datetime.date, last: datetime.date, *, limit: int) -> list[datetime.date]:
    """The quarter ends from the first data's quarter up to before `last`, then `last` itself; at most
    `limit` days in all (the most recent)."""
    days = []
    year, quarter = first.year, (first.month - 1) // 3 + 1
    while True:
        end_month = quarter * 3
        end = datetime.date(year, end_month, 31 if end_month in (3, 12) else 30)
        if end >= last:
            break
        days.append(end)
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return [*days, last][-limit:]


def _stage_on(tie: TieHistory, dates: list[datetime.date], day: datetime.date) -> int:
    i = bisect.bisect_right(dates, day)
    return tie.stages[i - 1][1] if i else 0


def points(
    histories: Sequence[TieHistory],
    members: Iterable[tuple[datetime.date, set[int]]],
    *,
    threshold: float,
) -> list[TrendPoint]:
    """One point per (day, the scope's lembaga that day)."""
    dated = [(tie, [when for when, _tahap in tie.stages]) for tie in histories]
    result = []
    for day, ids in members:
        best: dict[tuple[int, int], int] = {}
        for tie, dates in dated:
            if tie.mulai > day or (tie.selesai is not None and tie.selesai <= day):
                continue
            if tie.a == tie.b or tie.a not in ids or tie.b not in ids:
                continue
            tahap = _stage_on(tie, dates, day)
            pair = _pair(tie.a, tie.b)
            if tahap and tahap > best.get(pair, 0):
                best[pair] = tahap
        ladder = ladder_of(largest_by_stage((a, b, t) for (a, b), t in best.items()), len(ids))
        per, m = Counter(best.values()), len(best)
        result.append(
            TrendPoint(
                tanggal=day.isoformat(),
                n_lembaga=len(ids),
                n_kerjasama=m,
                tahap_jaringan=network_stage(ladder, threshold),
                share_tahap={k: _r(per[k] / m) if m else 0.0 for k in STAGES},
            )
        )
    return result
