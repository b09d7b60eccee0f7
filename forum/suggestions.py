"""Suggested ties: pairs whose forum activity is evidence of a stage, but who have no recorded tie yet."""

from __future__ import annotations

import heapq
from typing import NamedTuple

from django.utils import timezone

from pranata import extensions
from pranata.models import Kerjasama, Lembaga
from pranata.reports.cache import versioned

from .models import Forum


class Saran(NamedTuple):
    a: int
    b: int
    nama_a: str
    nama_b: str
    evidence: extensions.Evidence


def _open_pairs(lembaga, as_of, limit: int) -> list[Saran]:
    """The untied pairs with evidence, highest stage first, then by names; only the first `limit`."""
    evidence = extensions.evidence_for(lembaga, as_of)
    ids = lembaga.values("pk")
    tied = set(Kerjasama.objects.within(ids).berjalan().values_list("lembaga_a_id", "lembaga_b_id"))
    open_pairs = [(pair, found) for pair, found in evidence.items() if pair not in tied]
    names = dict(Lembaga.objects.filter(pk__in={i for pair, _ in open_pairs for i in pair}).values_list("pk", "nama"))
    found = (Saran(a, b, names[a], names[b], ev) for (a, b), ev in open_pairs)
    order = lambda s: (-s.evidence.tahap, s.nama_a, s.nama_b)  # noqa: E731
    return heapq.nsmallest(limit, found, key=order)


def _rows(found: list[Saran]) -> list[dict]:
    # Reasons become sentences only for the rows shown, in the reader's language.
    return [
        {
            "a": s.a,
            "b": s.b,
            "nama_a": s.nama_a,
            "nama_b": s.nama_b,
            "tahap": s.evidence.tahap,
            "alasan": s.evidence.trace,
        }
        for s in found
    ]


def for_forum(forum: Forum, *, limit: int = 20) -> list[dict]:
    """A forum's suggestions, kept under the data version: the forum page and the coordinator's home read
    them without recomputing the members' evidence until something is written."""
    today = timezone.localdate()
    members = Lembaga.objects.aktif().filter(keanggotaan_forum__forum=forum, keanggotaan_forum__selesai__isnull=True)
    found = versioned(f"saran-{limit}", f"forum:{forum.pk}", today, lambda: _open_pairs(members, today, limit))
    return _rows(found)
