"""Reads of the partner survey shared by pages, services, exports and (later) report layers.

A round is folded in a handful of set-based queries: its respondents, its sent answers, the declared ties
among its lembaga, and (for dyads) the evidence stages; everything else is the pure code of scores.py and
dyads.py. Only sent (final) answers count in scores and dyads; drafts are the respondent's own business.
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from pranata import extensions
from pranata.extensions import Evidence
from pranata.models import Kerjasama, Lembaga

from . import dyads as dyad_rules
from . import scores
from .models import RATING_ITEMS, Gelombang, Jawaban, Responden, StatusJawaban

Pair = tuple[int, int]


@contextmanager
def quiet_gc() -> Iterator[None]:
    """Hold the cyclic garbage collector while a round is folded: the folds allocate some 200,000 small tuples
    and no reference cycles, and the collector's repeated passes over them cost more than the folding itself
    (a kabupaten round: 1.2 s of CPU with it, 0.65 s without). Reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def scope_ids(gelombang: Gelombang) -> QuerySet:
    """The round's lembaga (its respondents), as a subquery."""
    return Responden.objects.filter(gelombang=gelombang).values("lembaga_id")


def sent_answers(gelombang: Gelombang) -> QuerySet[Jawaban]:
    return Jawaban.objects.filter(responden__gelombang=gelombang, responden__status=StatusJawaban.FINAL)


def load_ratings(gelombang: Gelombang) -> list[tuple]:
    """Every sent answer of the round as plain rows in scores.Rating's order (one query; the rows are the
    driver's own tuples, neither models nor copies)."""
    rows = sent_answers(gelombang).order_by().values_list("responden__lembaga_id", "mitra_id", "tahap", *RATING_ITEMS)
    return _fetch(rows)


def _fetch(rows: QuerySet) -> list[tuple]:
    """A values_list query's rows as the driver's own tuples, without the ORM's per-row iteration."""
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor, quiet_gc():
        cursor.execute(sql, params)
        return cursor.fetchall()


def tie_scores(gelombang: Gelombang, *, ratings: list[tuple] | None = None) -> dict[Pair, scores.Score]:
    """{(smaller lembaga id, larger id): (trust, value, n)}: the partners' own scores of each tie in a round,
    the mean over the sent answers of both ends (`n` of them). The seam for a report or map layer: plain data,
    two queries at most; pass `ratings` when already loaded."""
    rows = load_ratings(gelombang) if ratings is None else ratings
    with quiet_gc():
        return scores.tie_scores(rows)


def sent_respondents(gelombang: Gelombang) -> set[int]:
    rows = Responden.objects.filter(gelombang=gelombang, status=StatusJawaban.FINAL).values_list("lembaga_id")
    return {lembaga for (lembaga,) in _fetch(rows)}


def declared_stages(gelombang: Gelombang, today: datetime.date) -> dict[Pair, int]:
    """The declared stage today of every tie among the round's lembaga."""
    ties = Kerjasama.objects.within(scope_ids(gelombang)).existing_on(today).order_by()
    rows = _fetch(ties.values_list("lembaga_a_id", "lembaga_b_id", "tahap"))
    with quiet_gc():
        return {(a, b): tahap for a, b, tahap in rows}


def evidence_stages(gelombang: Gelombang, today: datetime.date) -> dict[Pair, Evidence]:
    """The evidence stage (with its rule trace) of every evidenced pair among the round's lembaga today."""
    return extensions.evidence_for(Lembaga.objects.filter(pk__in=scope_ids(gelombang)), today)


def response_rate(gelombang: Gelombang) -> dict:
    """How many respondents sent, drafted or did not start their answer; `rate` is the share that sent."""
    counts = Responden.objects.filter(gelombang=gelombang).aggregate(
        total=Count("pk"),
        final=Count("pk", filter=Q(status=StatusJawaban.FINAL)),
        draf=Count("pk", filter=Q(status=StatusJawaban.DRAF)),
    )
    counts["belum"] = counts["total"] - counts["final"] - counts["draf"]
    counts["rate"] = counts["final"] / counts["total"] if counts["total"] else None
    return counts


class Fold:
    """A round folded into what its pages show: its dyads, the tie scores, the scores received per lembaga and
    the whole. Each part is computed when first asked for (the pairs page needs no scores, the scores page no
    evidence), from a handful of queries shared by all parts."""

    def __init__(self, gelombang: Gelombang, today: datetime.date, evidence: dict[Pair, Evidence] | None = None):
        self.gelombang, self.today = gelombang, today
        if evidence is not None:
            self.evidence = evidence

    @cached_property
    def ratings(self) -> list[tuple]:
        return load_ratings(self.gelombang)

    @cached_property
    def sent(self) -> set[int]:
        return sent_respondents(self.gelombang)

    @cached_property
    def declared(self) -> dict[Pair, int]:
        return declared_stages(self.gelombang, self.today)

    @cached_property
    def evidence(self) -> dict[Pair, Evidence]:
        return evidence_stages(self.gelombang, self.today)

    @cached_property
    def dyads(self) -> list[dyad_rules.Dyad]:
        ratings, sent, declared = self.ratings, self.sent, self.declared
        evidence = {pair: found.tahap for pair, found in self.evidence.items()}
        with quiet_gc():
            answers = {(row[0], row[1]): row[2] for row in ratings if row[2] is not None}
            return dyad_rules.dyads(
                answers, sent=sent, declared=declared, evidence=evidence, gap=settings.SIMPUL_SURVEI_SELISIH
            )

    @cached_property
    def scored(self) -> scores.Folded:
        with quiet_gc():
            return scores.fold(self.ratings)

    @property
    def ties(self) -> dict[Pair, scores.Score]:
        return self.scored.ties

    @property
    def received(self) -> dict[int, scores.Score]:
        return self.scored.received

    @property
    def overall(self) -> scores.Score:
        return self.scored.overall

    @cached_property
    def counts(self) -> dict[str, int]:
        with quiet_gc():
            return dyad_rules.counts(self.dyads)


def fold(
    gelombang: Gelombang, *, today: datetime.date | None = None, evidence: dict[Pair, Evidence] | None = None
) -> Fold:
    """The whole round: its sent answers against the declared ties and the evidence (computed when the dyads
    need it, unless given: at a kabupaten's size the evidence costs more than everything else together)."""
    return Fold(gelombang, today or timezone.localdate(), evidence)


def pair_dyad(gelombang: Gelombang, a: int, b: int, *, today: datetime.date) -> dyad_rules.Dyad | None:
    """One pair's dyad, recomputed from the database (what adopting a stage relies on, never the form)."""
    a, b = min(a, b), max(a, b)
    in_round = set(
        Responden.objects.filter(gelombang=gelombang, lembaga_id__in=[a, b]).values_list("lembaga_id", flat=True)
    )
    if in_round != {a, b}:
        return None
    rows = (
        sent_answers(gelombang)
        .filter(Q(responden__lembaga_id=a, mitra_id=b) | Q(responden__lembaga_id=b, mitra_id=a))
        .values_list("responden__lembaga_id", "mitra_id", "tahap")
    )
    sent = set(
        Responden.objects.filter(gelombang=gelombang, lembaga_id__in=[a, b], status=StatusJawaban.FINAL).values_list(
            "lembaga_id", flat=True
        )
    )
    tie = Kerjasama.objects.filter(lembaga_a_id=a, lembaga_b_id=b).existing_on(today).values_list("tahap", flat=True)
    declared = {(a, b): stage} if (stage := tie.first()) is not None else {}
    evidence = extensions.evidence_for(Lembaga.objects.filter(pk__in=[a, b]), today)
    found = dyad_rules.dyads(
        {(s, t): stage for s, t, stage in rows},
        sent=sent,
        declared=declared,
        evidence={pair: ev.tahap for pair, ev in evidence.items()},
        gap=settings.SIMPUL_SURVEI_SELISIH,
    )
    return next((dyad for dyad in found if (dyad.a, dyad.b) == (a, b)), None)


def names(ids) -> dict[int, str]:
    """Lembaga names for the rows a page shows (never the whole scope)."""
    return dict(Lembaga.objects.filter(pk__in=set(ids)).values_list("pk", "nama"))


def comparable(gelombang: Gelombang, visible: QuerySet[Gelombang]) -> QuerySet[Gelombang]:
    """Other rounds of the same forum or wilayah this user sees, newest first."""
    return visible.of_scope(gelombang).exclude(pk=gelombang.pk).order_by("-dibuka", "-pk")
