"""What a report is about: a wilayah's lembaga active on the date, or (through the extension seam) a forum's
members then."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from ..models import Lembaga, LembagaQuerySet, Wilayah


@dataclass(frozen=True)
class Scope:
    """What a report is about: the lembaga in it on a date (a wilayah's lembaga active then, a forum's members
    then). `lembaga_at(date)` must depend only on what was true on that date, so a past report never changes."""

    key: str
    judul: str
    lembaga_at: Callable[[datetime.date], LembagaQuerySet]
    wilayah_kode: str = ""  # the wilayah the scope lies in (a forum's own wilayah)


def wilayah_scope(wilayah: Wilayah) -> Scope:
    """A wilayah's report scope: the lembaga that were active in it on the date (whatever happened since), the
    same for every user allowed to open the wilayah."""
    lembaga = Lembaga.objects.in_wilayah([wilayah.kode])
    return Scope(
        key=f"wilayah:{wilayah.kode}", judul=str(wilayah), lembaga_at=lembaga.active_on, wilayah_kode=wilayah.kode
    )


def resolve_wilayah_scope(kode: str) -> Scope:
    return wilayah_scope(Wilayah.objects.get(kode=kode))


# A scope this small is read as a list of ids once, so the report's dozen queries use a plain IN list rather
# than each re-evaluating the dated set (measured on PostgreSQL: ~20 ms of a kelurahan report).
PIN_LIMIT = 5000


def pinned(lembaga: LembagaQuerySet) -> LembagaQuerySet:
    ids = list(lembaga.order_by().values_list("pk", flat=True)[: PIN_LIMIT + 1])
    return lembaga if len(ids) > PIN_LIMIT else Lembaga.objects.filter(pk__in=ids)
