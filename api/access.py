"""What an API caller sees: exactly what the token's user sees on the pages. Every queryset comes from the
apps' own access modules with that user, so a scope rule changed there changes the API too; nothing here
widens or narrows them. The one rule of the API's own is personal data, which leaves in bulk only as the
registry's exports let it (UU PDP): for registry editors, and only when asked for."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, QuerySet

from forum import access as forum_access
from forum.models import Forum, Pertemuan, ProgramBersama
from pendampingan import access as pendampingan_access
from pendampingan.models import Kegiatan, Pendamping
from pranata import access as pranata_access
from pranata.lookups import AnyOf
from pranata.models import KerjasamaQuerySet, LembagaQuerySet, WilayahQuerySet
from pranata.pagination import all_ids

from .models import TokenApi

MAX_IDS = 5_000  # ids of a scope's forums passed to the database as one list


def wilayah(user: AbstractBaseUser) -> WilayahQuerySet:
    return pranata_access.visible_wilayah(user)


def lembaga(user: AbstractBaseUser) -> LembagaQuerySet:
    return pranata_access.visible_lembaga(user)


def kerjasama(user: AbstractBaseUser) -> KerjasamaQuerySet:
    return pranata_access.visible_kerjasama(user)


def forum(user: AbstractBaseUser) -> QuerySet[Forum]:
    return forum_access.visible_forum(user)


def pertemuan(user: AbstractBaseUser, *, version: tuple) -> QuerySet[Pertemuan]:
    """Meetings of the forums the user sees (the meeting pages' rule), by those forums' ids, read once per data
    `version`: as a subquery, PostgreSQL checked each meeting's forum and its wilayah by index, one meeting at
    a time (page 50 of a kabupaten's 50,000 meetings: 8–10 ms to find the page's ids; by the ids, 1.3 ms). A
    scope of very many forums stays a subquery (SQLite's limit on a statement's parameters)."""
    forums = forum_access.visible_forum(user)
    if not forums.query.has_filters():
        return Pertemuan.objects.all()  # every forum (admins)
    ids = all_ids(forums, version=version)
    if len(ids) > MAX_IDS:
        return Pertemuan.objects.filter(forum__in=forums)
    return Pertemuan.objects.filter(AnyOf(F("forum_id"), ids))


def program(user: AbstractBaseUser) -> QuerySet[ProgramBersama]:
    return forum_access.visible_program(user)


def pendamping(user: AbstractBaseUser) -> QuerySet[Pendamping]:
    return pendampingan_access.visible_pendamping(user)


def kegiatan(user: AbstractBaseUser) -> QuerySet[Kegiatan]:
    return pendampingan_access.visible_kegiatan(user)


def may_take_personal_data(user: AbstractBaseUser) -> bool:
    """Contact names, phones and e-mails (of lembaga, pendamping, meeting representatives) leave through the API
    on the exports' rule: registry editors, when the call asks for them (`pribadi=true`)."""
    return pranata_access.can_export_personal_data(user)


def own_tokens(user: AbstractBaseUser) -> QuerySet[TokenApi]:
    """A user sees and revokes only their own tokens (admins manage others' in the admin)."""
    return TokenApi.objects.filter(user=user)
