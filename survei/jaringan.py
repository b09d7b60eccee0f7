"""A round's network as its respondents see it, beside the declared network of the same lembaga: the same
figures (pranata.network's analysis, with the installation's settings) for both, so "menurut survei" and
"menurut data kerjasama" read alike.

Both networks have the round's lembaga (its respondents, whether they answered or not) as nodes. The survey's
ties follow `dyads.survey_ties`; the declared ties are those recorded among the same lembaga on the round's
closing date (today while it runs), at their stage that day.
"""

from __future__ import annotations

import datetime
import hashlib

from django.core.cache import cache
from django.db.models import Count, Max, Q

from pranata import dataversion, network
from pranata.models import Lembaga
from pranata.reports.compute import analyse
from pranata.reports.loading import load_graph

from . import dyads, selectors
from .models import Gelombang, Responden, StatusJawaban

CACHE_SECONDS = 60 * 60 * 24


def as_of(gelombang: Gelombang, today: datetime.date) -> datetime.date:
    """The day the declared network is read on: the round's close, or today while it runs."""
    return min(today, gelombang.ditutup)


def compared(gelombang: Gelombang, today: datetime.date) -> dict:
    """Both networks' figures and how their ties overlap, kept until the round's answers or the registry
    change (a kabupaten round analyses two 15,000-lembaga networks)."""
    day = as_of(gelombang, today)
    key = f"simpul:survei-jaringan:v1:{gelombang.pk}:{day.isoformat()}:{_fingerprint(gelombang)}"
    found = cache.get(key)
    if found is None:
        found = _compute(gelombang, day)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _fingerprint(gelombang: Gelombang) -> str:
    """Moves when an answer is sent or changed (the answers count only once sent) or the registry is written."""
    answers = Responden.objects.filter(gelombang=gelombang).aggregate(
        n=Count("pk", filter=Q(status=StatusJawaban.FINAL)), t=Max("diubah")
    )
    return hashlib.sha1(repr((answers, dataversion.current())).encode()).hexdigest()[:16]


def _compute(gelombang: Gelombang, day: datetime.date) -> dict:
    nodes, declared_edges = load_graph(Lembaga.objects.filter(pk__in=selectors.scope_ids(gelombang)), day)
    with selectors.quiet_gc():
        ties = dyads.survey_ties(selectors.load_ratings(gelombang))
    survey_edges = [network.Edge(a=a, b=b, tahap=stage) for (a, b), stage in sorted(ties.items())]
    figures = {
        "dinyatakan": analyse(nodes, declared_edges, network.build_graph(nodes, declared_edges)),
        "survei": analyse(nodes, survey_edges, network.build_graph(nodes, survey_edges)),
    }
    moved = network.transitions(network.edge_map(declared_edges), ties)
    overlap = {
        "keduanya": moved["tetap"] + len(moved["naik"]) + len(moved["turun"]),
        "sama": moved["tetap"],
        "survei_lebih_tinggi": len(moved["naik"]),
        "survei_lebih_rendah": len(moved["turun"]),
        "hanya_survei": len(moved["muncul"]),
        "hanya_dinyatakan": len(moved["hilang"]),
        "matrix": moved["matrix"],
    }
    return {"as_of": day.isoformat(), **figures, "tumpang": overlap}
