"""The survey's part of other apps' pages: a layer on a network report's interactive map saying how each
lembaga's partners see it in the latest round the reader may see (aggregates only: no one's answer)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import formats
from django.utils.translation import gettext as _

from . import access, scores, selectors
from .models import Responden


def map_layer(request: HttpRequest, ids: list[int], as_of: datetime.date) -> dict | None:
    """For each lembaga on the map, the trust and value its partners gave it in the latest round that closed by
    the report's date among those the reader may see and whose respondents include lembaga on the map."""
    asked = Responden.objects.filter(lembaga__in=ids).values("gelombang")
    gelombang = (
        access.visible_gelombang(request.user)
        .filter(ditutup__lte=as_of, pk__in=asked)
        .order_by("-ditutup", "-pk")
        .first()
    )
    if gelombang is None:
        return None
    received = scores.received_scores(selectors.load_ratings(gelombang))
    wanted = set(ids)
    lines = {str(pk): [_scored(score)] for pk, score in sorted(received.items()) if pk in wanted and score.n}
    if not lines:
        return None
    return {"judul": _("Menurut mitra (%(gelombang)s)") % {"gelombang": gelombang.nama}, "lembaga": lines}


def _scored(score: scores.Score) -> str:
    def shown(value: float | None) -> str:
        return "–" if value is None else formats.number_format(round(value, 1), 1)

    return _("kepercayaan %(trust)s · manfaat %(value)s (n=%(n)s)") % {
        "trust": shown(score.trust),
        "value": shown(score.value),
        "n": score.n,
    }
