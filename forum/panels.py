"""The forum parts of the home pages, by role: the coordinator's (next meeting, overdue follow-ups, absent
members, suggested ties), the kelurahan officer's and Dinas Sosial's."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone

from pranata import access
from pranata.models import Peran, Wilayah, subtree_q

from . import access as forum_access
from . import selectors, suggestions
from .models import TindakLanjut

# Bounds on what one home page reads (an admin or a wide assignment could otherwise list hundreds).
MAX_AREAS = 6
MAX_FORUMS = 20


def coordinator_panel(request: HttpRequest) -> dict | None:
    if access.peran_of(request.user) != Peran.KOORDINATOR:
        return None
    today = timezone.localdate()
    forums = list(forum_access.visible_forum(request.user).select_related("wilayah"))
    overdue = TindakLanjut.objects.filter(pertemuan__forum__in=forums).overdue(today)
    missed = selectors.missed_last(forums)
    context = {
        "forums": forums,
        "next_meeting": selectors.next_meeting(forums, today),
        "overdue": overdue.select_related("lembaga", "pertemuan__forum").order_by("tenggat")[:10],
        "absent": [(forum, missed[forum.pk]) for forum in forums],
        "saran": [(forum, suggestions.for_forum(forum, limit=10)) for forum in forums],
    }
    return {"template": "forum/_home_panel.html", "context": context}


def lembaga_attendance(request: HttpRequest, lembaga) -> dict:
    """A lembaga page's meetings: the same counts the forum page shows, and the newest meetings it attended in
    each forum, with a link to all of them (the meeting list, filtered by forum and lembaga)."""
    forums = forum_access.visible_forum(request.user)
    return {
        "template": "forum/_lembaga_kehadiran.html",
        "context": {"forums": selectors.lembaga_attendance(lembaga, forums), "lembaga_id": lembaga.pk},
    }


def dinsos_panel(request: HttpRequest) -> dict | None:
    """Dinas Sosial: forums that have gone quiet, and overdue follow-ups per area one level down (the activity
    page's figures for the last 12 months), each linking to the page that lists them."""
    if access.peran_of(request.user) != Peran.DINSOS:
        return None
    today = timezone.localdate()
    start = today - datetime.timedelta(days=365)
    forums = forum_access.visible_forum(request.user)
    quiet = selectors.quiet_forums(forums, today)
    areas = []
    for wilayah in access.assigned_wilayah(request.user).order_by("kode")[:MAX_AREAS]:
        children = list(Wilayah.objects.filter(induk=wilayah).order_by("kode"))
        if not children:
            children = [wilayah]
        counts = selectors.overdue_by_area(
            forums.filter(subtree_q(wilayah.kode, "wilayah__kode")), start, today, len(children[0].kode)
        )
        areas.append((wilayah, [(child, counts.get(child.kode, 0)) for child in children]))
    context = {
        "quiet": quiet[:10],
        "n_quiet": quiet.count(),
        "quiet_days": selectors.QUIET_DAYS,
        "areas": areas,
        "start": start,
    }
    return {"template": "forum/_home_dinsos.html", "context": context}


def petugas_panel(request: HttpRequest) -> dict | None:
    """A kelurahan officer: meetings coming up, overdue follow-ups, meetings with no attendance recorded and
    members who missed the last three meetings, in the forums of their kelurahan."""
    if access.peran_of(request.user) != Peran.PETUGAS:
        return None
    today = timezone.localdate()
    forums = list(forum_access.visible_forum(request.user).select_related("wilayah")[:MAX_FORUMS])
    overdue = TindakLanjut.objects.filter(pertemuan__forum__in=forums).overdue(today)
    incomplete = selectors.meetings_without_attendance(forums, today)
    missed = selectors.missed_last(forums)
    context = {
        "forums": forums,
        "upcoming": selectors.upcoming_meetings(forums, today)[:10],
        "overdue": overdue.select_related("lembaga", "pertemuan__forum").order_by("tenggat")[:10],
        "n_overdue": overdue.count(),
        "incomplete": incomplete[:10],
        "absent": [(forum, missed[forum.pk]) for forum in forums if missed[forum.pk]],
    }
    return {"template": "forum/_home_petugas.html", "context": context}
