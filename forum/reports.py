"""A forum's network report: the same engine as a wilayah's, over the lembaga that were members on the date."""

from __future__ import annotations

import datetime

from pranata.models import Lembaga, LembagaQuerySet
from pranata.reports import Scope

from .models import Forum, Keanggotaan


def forum_scope(forum: Forum) -> Scope:
    def members_on(tanggal: datetime.date):
        ids = Keanggotaan.objects.filter(forum=forum).on(tanggal).values("lembaga_id")
        return Lembaga.objects.active_on(tanggal).filter(pk__in=ids)

    def ever() -> LembagaQuerySet:
        return Lembaga.objects.filter(pk__in=Keanggotaan.objects.filter(forum=forum).values("lembaga_id"))

    return Scope(
        key=f"forum:{forum.pk}",
        judul=forum.nama,
        lembaga_at=members_on,
        wilayah_kode=forum.wilayah.kode,
        lembaga_ever=ever,
    )


def resolve_forum_scope(pk: str) -> Scope:
    return forum_scope(Forum.objects.select_related("wilayah").get(pk=int(pk)))
