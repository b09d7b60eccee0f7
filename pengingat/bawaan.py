"""The digest's built-in sections, each for the people it concerns:

- meetings in the next MEETING_DAYS days: the forum's coordinators, and officers of its wilayah;
- follow-ups overdue, and due within the week: the forum's coordinators, and officers of the kelurahan of the
  lembaga responsible;
- forums with no meeting for three months (forum.selectors.quiet_forums): Dinas Sosial, for their area.

Admins get none of these (they would get everything); a pendamping's digest holds what other apps register.

Speed: the daily run computes thousands of digests, so each section is one or two indexed queries per user.
The conditions are built per role (an officer's areas, a coordinator's forums, as lists of ids) rather than as
one OR across joined tables, which a database can only answer by scanning every follow-up.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum import access as forum_access
from forum.models import Forum, Pertemuan, TindakLanjut
from forum.selectors import QUIET_DAYS, quiet_forums
from pranata import access as pranata_access
from pranata.models import Lembaga, Peran, subtree_q

from . import whatsapp
from .sections import Bagian, Butir, register, shared

MEETING_DAYS = 3
WEEK_DAYS = 6  # due "this week": today and the six days after
LIMIT = 50  # lines per section; the rest are counted and linked
_FORUMS_ATTR = "_pengingat_forums"


def _officer_kodes(user: AbstractBaseUser) -> list[str]:
    """The wilayah an officer works in; nothing for other roles (their reminders come through forums)."""
    if pranata_access.peran_of(user) != Peran.PETUGAS:
        return []
    return pranata_access.scope_kodes(user) or []


def _forums_run_by(user: AbstractBaseUser) -> list[int]:
    """Ids of the forums the user coordinates; read once per user object (two sections ask)."""
    if not hasattr(user, _FORUMS_ATTR):
        setattr(user, _FORUMS_ATTR, list(Forum.objects.filter(koordinator=user).values_list("pk", flat=True)))
    return getattr(user, _FORUMS_ATTR)


def _areas(kodes: list[str], field: str) -> Q:
    q = Q(pk__in=[])
    for kode in kodes:
        q |= subtree_q(kode, field)
    return q


def _either(forums: list[int], forum_field: str, areas: Q | None) -> Q | None:
    """The rows of the user's forums or of their areas; None when they have neither (nothing to ask)."""
    parts = ([Q(**{f"{forum_field}__in": forums})] if forums else []) + ([areas] if areas is not None else [])
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else parts[0] | parts[1]


def _capped(rows: QuerySet) -> tuple[list, int]:
    """The first LIMIT rows and how many more there are (a count only when the list is full)."""
    shown = list(rows[:LIMIT])
    more = rows.count() - LIMIT if len(shown) == LIMIT else 0
    return shown, more


def _day(tanggal: datetime.date) -> str:
    return date_format(tanggal, "l, j F Y")


def _shared_line(kind: str, row, tanggal: datetime.date, make) -> Butir:
    """A meeting's or follow-up's line, written once per run: a follow-up is in the digest of its forum's
    coordinators and of every officer of the lembaga's desa. Like the shared sections, a line is as the run
    first read its row."""
    key = (kind, row.pk, tanggal, translation.get_language())
    return shared(key, lambda: make(row, tanggal))


def _meeting_line(pertemuan: Pertemuan, tanggal: datetime.date | None = None) -> Butir:
    teks = _("%(forum)s: %(jenis)s, %(hari)s") % {
        "forum": pertemuan.forum.nama,
        "jenis": pertemuan.get_jenis_display(),
        "hari": _day(pertemuan.tanggal),
    }
    if pertemuan.jam_mulai:
        teks += _(" pukul %(jam)s") % {"jam": time_format(pertemuan.jam_mulai, "H.i")}
    return Butir(
        teks=teks, rincian=pertemuan.tempat, url=pertemuan.get_absolute_url(), wa=whatsapp.meeting_link(pertemuan)
    )


def _key(name: str, user: AbstractBaseUser, tanggal: datetime.date) -> tuple:
    """What a built-in section's answer depends on besides the date: the user's forums and areas (and the
    language its lines are written in). Users with the same key share one answer within a run."""
    return (name, tanggal, translation.get_language(), tuple(_forums_run_by(user)), tuple(_officer_kodes(user)))


def meetings(user: AbstractBaseUser, tanggal: datetime.date) -> list[Bagian]:
    return shared(_key("pertemuan", user, tanggal), lambda: _meetings(user, tanggal))


def _meetings(user: AbstractBaseUser, tanggal: datetime.date) -> list[Bagian]:
    kodes = _officer_kodes(user)
    areas = Q(forum__in=Forum.objects.filter(_areas(kodes, "wilayah__kode"))) if kodes else None
    q = _either(_forums_run_by(user), "forum_id", areas)
    if q is None:
        return []
    end = tanggal + datetime.timedelta(days=MEETING_DAYS)
    rows = (
        Pertemuan.objects.filter(q, tanggal__range=(tanggal, end))
        .select_related("forum")
        .order_by("tanggal", "jam_mulai", "pk")
    )
    shown, more = _capped(rows)
    title = ngettext("Pertemuan dalam %(n)d hari ke depan", "Pertemuan dalam %(n)d hari ke depan", MEETING_DAYS)
    lines = [_shared_line("pertemuan", pertemuan, tanggal, _meeting_line) for pertemuan in shown]
    return [Bagian("pertemuan", title % {"n": MEETING_DAYS}, lines, more, reverse("forum:pertemuan-list"))]


def _follow_up_line(row: TindakLanjut, tanggal: datetime.date) -> Butir:
    late = (tanggal - row.tenggat).days
    due = (
        ngettext("tenggat %(hari)s, terlambat %(n)d hari", "tenggat %(hari)s, terlambat %(n)d hari", late)
        if late > 0
        else _("tenggat %(hari)s")
    ) % {"hari": _day(row.tenggat), "n": late}
    return Butir(
        teks=_("%(uraian)s — %(lembaga)s") % {"uraian": row.uraian, "lembaga": row.lembaga.nama},
        rincian=f"{due} · {row.pertemuan.forum.nama}",
        url=row.pertemuan.get_absolute_url(),
        wa=whatsapp.follow_up_link(row, row.pertemuan.forum),
        penting=late > 0,
    )


def _split(rows: QuerySet, tanggal: datetime.date) -> tuple[tuple[list, int], tuple[list, int]]:
    """(late rows, how many more), (due rows, how many more), from one query in the usual case: the rows up to
    the week's end, oldest due date first; the two counts are asked only when that read was cut short."""
    cap = 4 * LIMIT
    found = list(rows[:cap])
    late = [row for row in found if row.tenggat < tanggal]
    due = found[len(late) :]
    if len(found) < cap:
        return (late[:LIMIT], max(0, len(late) - LIMIT)), (due[:LIMIT], max(0, len(due) - LIMIT))
    n_late = rows.filter(tenggat__lt=tanggal).count()
    n_due = rows.filter(tenggat__gte=tanggal).count()
    if len(due) < LIMIT:  # the late ones filled the read: fetch the week's own
        due = list(rows.filter(tenggat__gte=tanggal)[:LIMIT])
    return (late[:LIMIT], n_late - min(n_late, LIMIT)), (due[:LIMIT], n_due - min(n_due, LIMIT))


def follow_ups(user: AbstractBaseUser, tanggal: datetime.date) -> list[Bagian]:
    return shared(_key("tindak_lanjut", user, tanggal), lambda: _follow_ups(user, tanggal))


def _follow_ups(user: AbstractBaseUser, tanggal: datetime.date) -> list[Bagian]:
    kodes = _officer_kodes(user)
    areas = Q(lembaga__in=Lembaga.objects.filter(_areas(kodes, "wilayah__kode")).values("pk")) if kodes else None
    q = _either(_forums_run_by(user), "pertemuan__forum_id", areas)
    if q is None:
        return []
    week_end = tanggal + datetime.timedelta(days=WEEK_DAYS)
    rows = (
        TindakLanjut.objects.open()
        .filter(q, tenggat__lte=week_end)
        .select_related("lembaga", "pertemuan__forum")
        .order_by("tenggat", "pk")
    )
    (late, late_more), (due, due_more) = _split(rows, tanggal)
    late_lines = [_shared_line("tindak_lanjut", row, tanggal, _follow_up_line) for row in late]
    due_lines = [_shared_line("tindak_lanjut", row, tanggal, _follow_up_line) for row in due]
    return [
        Bagian(
            "terlambat",
            _("Tindak lanjut terlambat"),
            late_lines,
            late_more,
        ),
        Bagian(
            "minggu_ini",
            _("Tindak lanjut bertenggat minggu ini"),
            due_lines,
            due_more,
        ),
    ]


def quiet(user: AbstractBaseUser, tanggal: datetime.date) -> list[Bagian]:
    if pranata_access.peran_of(user) != Peran.DINSOS:
        return []
    kodes = tuple(pranata_access.scope_kodes(user) or ())
    return shared(("forum_sepi", tanggal, translation.get_language(), kodes), lambda: _quiet(user, tanggal))


def _quiet(user: AbstractBaseUser, tanggal: datetime.date) -> list[Bagian]:
    shown, more = _capped(quiet_forums(forum_access.visible_forum(user), tanggal))
    lines = [
        Butir(
            teks=f"{forum.nama} — {forum.wilayah}",
            rincian=_("pertemuan terakhir %(hari)s") % {"hari": _day(forum.terakhir)}
            if forum.terakhir
            else _("belum pernah mencatat pertemuan"),
            url=reverse("forum:forum-detail", args=[forum.pk]),
        )
        for forum in shown
    ]
    title = _("Forum tanpa pertemuan selama %(n)d hari") % {"n": QUIET_DAYS}
    return [Bagian("forum_sepi", title, lines, more, reverse("forum:forum-list") + "?diam=1")]


register(meetings, order=10)
register(follow_ups, order=20)
register(quiet, order=30)
