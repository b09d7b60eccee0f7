"""PARTNER scores from the survey's answers: pure functions, plain data in and out, no ORM.

Each answer rates a partner on six items, 1–4. Its **trust** (kepercayaan) is the mean of keterbukaan,
dapat diandalkan and kesamaan misi; its **value** (manfaat) the mean of pengaruh, kontribusi sumber daya and
tingkat keterlibatan (PARTNER CPRM). A tie's scores are the means over the answers of both ends (each answer
weighs the same), a lembaga's the means over the answers naming it; `n` always says how many answers.
An answer with any of its three items missing gives no score of that kind (a final answer has all six).

An answer is a flat row, `Rating`, exactly as the database returns it: a kabupaten round has 60,000, so
they are neither copied nor wrapped, and each fold is one pass with running sums.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

Pair = tuple[int, int]


class Rating(NamedTuple):
    """One answer as the scores read it: who said it, about whom, the stage (0 = not working together, None =
    not said) and the six items. Any 9-tuple in this order will do."""

    source: int
    target: int
    tahap: int | None
    keterbukaan: int | None
    dapat_diandalkan: int | None
    kesamaan_misi: int | None
    pengaruh: int | None
    kontribusi: int | None
    keterlibatan: int | None


class Score(NamedTuple):
    trust: float | None
    value: float | None
    n: int


def _mean3(a: int | None, b: int | None, c: int | None) -> float | None:
    return None if a is None or b is None or c is None else (a + b + c) / 3


def trust_of(rating: tuple) -> float | None:
    return _mean3(rating[3], rating[4], rating[5])


def value_of(rating: tuple) -> float | None:
    return _mean3(rating[6], rating[7], rating[8])


def pair_of(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


# By whom an answer is grouped: the pair, the partner named (scores received), the respondent (given), all.
_PAIR, _TARGET, _SOURCE, _ALL = range(4)


def _fold(ratings: Iterable[tuple], by: int) -> dict:
    """Per group, the mean trust and value of its rated answers and their number, from running sums kept as
    [trust sum, trust count, value sum, value count, answers]."""
    sums: dict = {}
    for source, target, _tahap, k1, k2, k3, m1, m2, m3 in ratings:
        has_trust = not (k1 is None or k2 is None or k3 is None)
        has_value = not (m1 is None or m2 is None or m3 is None)
        if not (has_trust or has_value):
            continue
        if by == _PAIR:
            key = (source, target) if source < target else (target, source)
        else:
            key = target if by == _TARGET else source if by == _SOURCE else 0
        group = sums.get(key)
        if group is None:
            group = sums[key] = [0.0, 0, 0.0, 0, 0]
        if has_trust:
            group[0] += (k1 + k2 + k3) / 3
            group[1] += 1
        if has_value:
            group[2] += (m1 + m2 + m3) / 3
            group[3] += 1
        group[4] += 1
    return {k: Score(g[0] / g[1] if g[1] else None, g[2] / g[3] if g[3] else None, g[4]) for k, g in sums.items()}


def tie_scores(ratings: Iterable[tuple]) -> dict[Pair, Score]:
    """{(smaller id, larger id): Score} over the rated answers of both directions of each pair."""
    return _fold(ratings, _PAIR)


def received_scores(ratings: Iterable[tuple]) -> dict[int, Score]:
    """{lembaga id: Score}: how its partners see it (the answers naming it)."""
    return _fold(ratings, _TARGET)


def given_scores(ratings: Iterable[tuple]) -> dict[int, Score]:
    """{lembaga id: Score}: how it sees its partners (its own answers)."""
    return _fold(ratings, _SOURCE)


def overall(ratings: Iterable[tuple]) -> Score:
    """The network's mean trust and value over every rated answer."""
    return _fold(ratings, _ALL).get(0, Score(None, None, 0))


def ranked(scores: dict[int, Score]) -> list[tuple[int, Score]]:
    """Highest trust first, then value, then more answers; unscored last (ids break ties, for a stable page)."""

    def key(item: tuple[int, Score]):
        lembaga, score = item
        return (score.trust is None, -(score.trust or 0), -(score.value or 0), -score.n, lembaga)

    return sorted(scores.items(), key=key)


def changes(
    before: dict[Pair, Score], after: dict[Pair, Score]
) -> list[tuple[Pair, Score, Score, float | None, float | None]]:
    """Per pair scored in both rounds: (pair, before, after, trust change, value change)."""
    rows = []
    for pair in sorted(before.keys() & after.keys()):
        b, a = before[pair], after[pair]
        d_trust = None if a.trust is None or b.trust is None else round(a.trust - b.trust, 4)
        d_value = None if a.value is None or b.value is None else round(a.value - b.value, 4)
        rows.append((pair, b, a, d_trust, d_value))
    return rows
