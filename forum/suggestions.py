"""Suggested ties: pairs whose forum activity is evidence of a stage, but who have no recorded tie yet."""

from __future__ import annotations

from django.utils import timezone

from pranata import extensions
from pranata.models import Kerjasama, Lembaga

from .models import Forum


def for_lembaga(lembaga, as_of=None) -> list[dict]:
    as_of = as_of or timezone.localdate()
    evidence = extensions.evidence_for(lembaga, as_of)
    ids = lembaga.values("pk")
    tied = set(Kerjasama.objects.within(ids).berjalan().values_list("lembaga_a_id", "lembaga_b_id"))
    open_pairs = [(pair, found) for pair, found in evidence.items() if pair not in tied]
    names = dict(Lembaga.objects.filter(pk__in={i for pair, _ in open_pairs for i in pair}).values_list("pk", "nama"))
    rows = [
        {"a": a, "b": b, "nama_a": names[a], "nama_b": names[b], "tahap": found.tahap, "alasan": found.trace}
        for (a, b), found in open_pairs
    ]
    return sorted(rows, key=lambda row: (-row["tahap"], row["nama_a"], row["nama_b"]))


def for_forum(forum: Forum) -> list[dict]:
    members = Lembaga.objects.aktif().filter(keanggotaan_forum__forum=forum, keanggotaan_forum__selesai__isnull=True)
    return for_lembaga(members)
