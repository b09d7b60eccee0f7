"""The coordinator's part of the home page: next meeting, overdue follow-ups, absent members, suggested ties."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from pranata import access
from pranata.models import Peran

from . import access as forum_access
from . import selectors, suggestions
from .models import TindakLanjut


def coordinator_panel(request: HttpRequest) -> dict | None:
    if access.peran_of(request.user) != Peran.KOORDINATOR:
        return None
    today = timezone.localdate()
    forums = list(forum_access.visible_forum(request.user).select_related("wilayah"))
    overdue = TindakLanjut.objects.filter(pertemuan__forum__in=forums).overdue(today)
    context = {
        "forums": forums,
        "next_meeting": selectors.next_meeting(forums, today),
        "overdue": overdue.select_related("lembaga", "pertemuan__forum").order_by("tenggat")[:10],
        "absent": [(forum, selectors.missed_last(forum)) for forum in forums],
        "saran": [(forum, suggestions.for_forum(forum, limit=10)) for forum in forums],
    }
    return {"template": "forum/_home_panel.html", "context": context}


def lembaga_attendance(request: HttpRequest, lembaga) -> dict:
    """A lembaga page's meetings: the same counts the forum page shows, and every meeting it attended."""
    forums = forum_access.visible_forum(request.user)
    return {
        "template": "forum/_lembaga_kehadiran.html",
        "context": {"forums": selectors.lembaga_attendance(lembaga, forums)},
    }
