"""What a report is about: a wilayah's lembaga active on the date, or (through the extension seam) a forum's
members then."""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models.expressions import RawSQL

from ..models import Lembaga, LembagaQuerySet, Tingkat, Wilayah


@dataclass(frozen=True)
class Scope:
    """What a report is about: the lembaga in it on a date (a wilayah's lembaga active then, a forum's members
    then). `lembaga_at(date)` must depend only on what was true on that date, so a past report never changes."""

    key: str
    judul: str
    lembaga_at: Callable[[datetime.date], LembagaQuerySet]
    wilayah_kode: str = ""  # the wilayah the scope lies in (a forum's own wilayah)
    rinci_kode: str = ""  # a wilayah above kelurahan level: its report breaks down by the areas below it
    # Every lembaga that was ever in the scope (its trend reads their ties' histories once); None: the
    # lembaga of the report's date.
    lembaga_ever: Callable[[], LembagaQuerySet] | None = None


def wilayah_scope(wilayah: Wilayah) -> Scope:
    """A wilayah's report scope: the lembaga that were active in it on the date (whatever happened since), the
    same for every user allowed to open the wilayah."""
    lembaga = functools.cache(lambda: _lembaga_in(wilayah))  # read when a report first asks, then kept
    return Scope(
        key=f"wilayah:{wilayah.kode}",
        judul=str(wilayah),
        lembaga_at=lambda tanggal: lembaga().active_on(tanggal),
        wilayah_kode=wilayah.kode,
        rinci_kode=wilayah.kode if wilayah.tingkat < Tingkat.KELURAHAN else "",
        lembaga_ever=lembaga,
    )


def _lembaga_in(wilayah: Wilayah) -> LembagaQuerySet:
    """The lembaga of a wilayah and the areas under it (by index for a small area: `LembagaQuerySet.in_area`)."""
    return Lembaga.objects.in_area(wilayah.kode)


def resolve_wilayah_scope(kode: str) -> Scope:
    return wilayah_scope(Wilayah.objects.get(kode=kode))


# Small scopes stay a plain IN list (the planner sees the values); bigger ones travel as one parameter.
INLINE_IDS = 1000


def id_set(ids: list[int]) -> list[int] | RawSQL:
    """The ids as something `pk__in=` takes, in one query parameter whatever their number: a JSON array read
    by `json_each` (SQLite). A kabupaten's 15,000 ids as a plain IN list would be 15,000 parameters per use,
    and SQLite allows 32,766 per statement."""
    if len(ids) <= INLINE_IDS:
        return ids
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))


def pinned(lembaga: LembagaQuerySet) -> LembagaQuerySet:
    """The scope's lembaga read as a list of ids once, so each of the report's dozen queries looks ids up
    instead of re-evaluating the dated set (and, for a wilayah, its OR-of-LIKE subtree filter) again.

    Measured on the bench kabupaten (15,000 lembaga): on SQLite this takes loading the ties from 53 s to
    about 1 s; PostgreSQL plans the dated subquery better than any list of ids (an unnested array is
    estimated at ten rows; a 15,000-item IN list is slower still), so there a big scope keeps its subquery."""
    ids = list(lembaga.order_by().values_list("pk", flat=True))
    if len(ids) > INLINE_IDS and connection.vendor == "postgresql":
        return lembaga
    return Lembaga.objects.filter(pk__in=id_set(ids))
