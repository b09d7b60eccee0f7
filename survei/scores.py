"""PARTNER scores from the survey's answers: pure functions, plain data in and out, no ORM.

Each answer rates a partner on six items, 1–4. Its **trust** (kepercayaan) is the mean of keterbukaan,
dapat diandalkan and kesamaan misi; its **value** (manfaat) the mean of pengaruh, kontribusi sumber daya and
tingkat keterlibatan (PARTNER CPRM). A tie's scores are the means over the answers of both ends (each answer
weighs the same), a lembaga's the means over the answers naming it; `n` always says how many answers.
An answer with any of its three items missing gives no score of that kind (a final answer has all six).

An answer is a flat row, `Rating`, exactly as the database returns it: a kabupaten round has 60,000, so
they are neither copied nor wrapped in Python objects, but turned into numpy columns once and grouped there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import numpy as np

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


class Folded(NamedTuple):
    """A round's scores, all from one pass over its answers."""

    ties: dict[Pair, Score]
    received: dict[int, Score]
    overall: Score


class _Rated(NamedTuple):
    """The rated answers as columns: who, about whom, the answer's trust and value (NaN: not rated), and
    whether it has each."""

    source: np.ndarray
    target: np.ndarray
    trust: np.ndarray
    value: np.ndarray
    has_trust: np.ndarray
    has_value: np.ndarray


def _rated(ratings: Iterable[tuple]) -> _Rated:
    """The answers as arrays, made in one conversion: a missing item is NaN, so an answer's mean of three
    is NaN exactly when one of its items is missing. Answers with neither score are left out."""
    rows = np.array(ratings if isinstance(ratings, list | tuple) else list(ratings), dtype=np.float64)
    rows = rows.reshape(-1, 9)
    trust = rows[:, 3:6].sum(axis=1) / 3
    value = rows[:, 6:9].sum(axis=1) / 3
    has_trust, has_value = ~np.isnan(trust), ~np.isnan(value)
    keep = has_trust | has_value
    ids = rows[keep, :2].astype(np.int64)
    return _Rated(ids[:, 0], ids[:, 1], trust[keep], value[keep], has_trust[keep], has_value[keep])


def _group(rated: _Rated, keys: np.ndarray) -> tuple[np.ndarray, list, list, list]:
    """Per distinct key: the mean trust and value of its answers (None when none has it) and their number.
    np.bincount adds each group's values in the answers' order, as a running sum would."""
    groups, index = np.unique(keys, return_inverse=True)
    n = len(groups)
    t_sum = np.bincount(index, weights=np.where(rated.has_trust, rated.trust, 0.0), minlength=n)
    t_n = np.bincount(index, weights=rated.has_trust, minlength=n)
    v_sum = np.bincount(index, weights=np.where(rated.has_value, rated.value, 0.0), minlength=n)
    v_n = np.bincount(index, weights=rated.has_value, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        trust = [None if x != x else x for x in (t_sum / t_n).tolist()]  # NaN (0/0): no answer had it
        value = [None if x != x else x for x in (v_sum / v_n).tolist()]
    return groups, trust, value, np.bincount(index, minlength=n).tolist()


def _scored(keys: Iterable, trust: list, value: list, counts: list) -> dict:
    return dict(zip(keys, map(Score._make, zip(trust, value, counts, strict=True)), strict=True))


def _by(rated: _Rated, ids: np.ndarray) -> dict[int, Score]:
    groups, *rest = _group(rated, ids)
    return _scored(groups.tolist(), *rest)


def _tie_scores(rated: _Rated) -> dict[Pair, Score]:
    lo, hi = np.minimum(rated.source, rated.target), np.maximum(rated.source, rated.target)
    base = int(hi.max()) + 1 if len(hi) else 1  # one number per pair: lo * base + hi, sorted as (lo, hi)
    groups, *rest = _group(rated, lo * base + hi)
    return _scored(zip((groups // base).tolist(), (groups % base).tolist(), strict=True), *rest)


def _overall(rated: _Rated) -> Score:
    if not len(rated.source):
        return Score(None, None, 0)
    _groups, trust, value, counts = _group(rated, np.zeros(len(rated.source), dtype=np.int64))
    return Score(trust[0], value[0], counts[0])


def fold(ratings: Iterable[tuple]) -> Folded:
    """The tie scores, the scores received and the whole, from one conversion of the answers (a kabupaten
    round's 60,000 rows are grouped by numpy, not row by row in Python)."""
    rated = _rated(ratings)
    return Folded(_tie_scores(rated), _by(rated, rated.target), _overall(rated))


def tie_scores(ratings: Iterable[tuple]) -> dict[Pair, Score]:
    """{(smaller id, larger id): Score} over the rated answers of both directions of each pair."""
    return _tie_scores(_rated(ratings))


def received_scores(ratings: Iterable[tuple]) -> dict[int, Score]:
    """{lembaga id: Score}: how its partners see it (the answers naming it)."""
    rated = _rated(ratings)
    return _by(rated, rated.target)


def given_scores(ratings: Iterable[tuple]) -> dict[int, Score]:
    """{lembaga id: Score}: how it sees its partners (its own answers)."""
    rated = _rated(ratings)
    return _by(rated, rated.source)


def overall(ratings: Iterable[tuple]) -> Score:
    """The network's mean trust and value over every rated answer."""
    return _overall(_rated(ratings))


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
