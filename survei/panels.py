"""The survey's part of other apps' pages, for the round of a report's lembaga the reader may see: a layer on
the interactive map saying how each lembaga's partners see it, and the trust and value of each tie for the
report and map to colour ties by (aggregates only: no one's answer).

Which round: the latest one, among those the reader may see and whose respondents include the report's
lembaga, that closed by the report's date; when none has, the one running on that date (its answers so far).
The map layer waits for a closed round; the tie colouring also takes a running one, and says so.
"""

from __future__ import annotations

import datetime

from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from pranata.extensions import TieScores

from . import access, scores, selectors
from .models import Gelombang, Responden


def survey_round(request: HttpRequest, lembaga, as_of: datetime.date) -> Gelombang | None:
    """The round a report of `lembaga` (ids or a queryset) on `as_of` reads; kept on the request for a list of
    ids, so the map's layer and its tie colouring share it. The rounds the reader may see that opened by then
    come first (one small query): most reports have none, and then the scope's lembaga are never looked up
    (for a kabupaten that look-up was most of the warm report page's own SQL); otherwise one more query finds
    which of them asked the report's lembaga."""
    memo = _memo(request, "rounds")
    key = (as_of, tuple(lembaga)) if isinstance(lembaga, list | tuple) else None
    if key is not None and key in memo:
        return memo[key]
    closed = Case(When(ditutup__lte=as_of, then=Value(1)), default=Value(0), output_field=IntegerField())
    candidates = list(
        access.visible_gelombang(request.user)
        .filter(dibuka__lte=as_of)
        .annotate(selesai=closed)
        .order_by("-selesai", "-ditutup", "-pk")
    )
    found = None
    if candidates:
        asked = set(
            Responden.objects.filter(gelombang__in=[g.pk for g in candidates], lembaga__in=lembaga)
            .order_by()
            .values_list("gelombang", flat=True)
            .distinct()
        )
        found = next((g for g in candidates if g.pk in asked), None)
    if key is not None:
        memo[key] = found
    return found


def _memo(request: HttpRequest, name: str) -> dict:
    # Per request only: what the reader may see, and the answers, can change between requests.
    memos = request.__dict__.setdefault("_survei_memo", {})
    return memos.setdefault(name, {})


def _ratings(request: HttpRequest, gelombang: Gelombang) -> list[tuple]:
    memo = _memo(request, "ratings")
    if gelombang.pk not in memo:
        memo[gelombang.pk] = selectors.load_ratings(gelombang)
    return memo[gelombang.pk]


def map_layer(request: HttpRequest, ids: list[int], as_of: datetime.date) -> dict | None:
    """For each lembaga on the map, the trust and value its partners gave it in the round that closed by the
    report's date (a running round's partial answers are not shown as a lembaga's standing)."""
    gelombang = survey_round(request, ids, as_of)
    if gelombang is None or gelombang.ditutup > as_of:
        return None
    received = scores.received_scores(_ratings(request, gelombang))
    wanted = set(ids)
    lines = {str(pk): [_scored(score)] for pk, score in sorted(received.items()) if pk in wanted and score.n}
    if not lines:
        return None
    return {"judul": _("Menurut mitra (%(gelombang)s)") % {"gelombang": gelombang.nama}, "lembaga": lines}


def tie_scores(request: HttpRequest, lembaga, as_of: datetime.date, *, skor: bool = True) -> TieScores | None:
    """The extension seam's tie scores: the round's name and state for the legend, its network page, and (when
    asked) each tie's trust and value over both directions' sent answers."""
    gelombang = survey_round(request, lembaga, as_of)
    if gelombang is None:
        return None
    url = reverse("survei:jaringan", args=[gelombang.pk])
    found = None
    if skor:
        ties = scores.tie_scores(_ratings(request, gelombang))
        found = {pair: {"kepercayaan": s.trust, "manfaat": s.value, "n": s.n} for pair, s in ties.items()}
    return TieScores(_round_title(gelombang, as_of), url, found)


def _round_title(gelombang: Gelombang, as_of: datetime.date) -> str:
    values = {"gelombang": gelombang.nama, "tanggal": formats.date_format(gelombang.ditutup, "d/m/Y")}
    if gelombang.ditutup <= as_of:
        return _("Survei mitra “%(gelombang)s”, ditutup %(tanggal)s") % values
    return _("Survei mitra “%(gelombang)s”, masih berjalan sampai %(tanggal)s") % values


def _scored(score: scores.Score) -> str:
    def shown(value: float | None) -> str:
        return "–" if value is None else formats.number_format(round(value, 1), 1)

    return _("kepercayaan %(trust)s · manfaat %(value)s (n=%(n)s)") % {
        "trust": shown(score.trust),
        "value": shown(score.value),
        "n": score.n,
    }
