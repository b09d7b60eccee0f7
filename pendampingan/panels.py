"""The pendampingan parts of other apps' pages: the pendamping's home (their assignments, what they logged
lately, a button to log), and a lembaga page's pendamping."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from . import access
from .models import Kegiatan, Penugasan

RECENT = 5


def pendamping_panel(request: HttpRequest) -> dict | None:
    if not access.is_pendamping(request.user):
        return None
    pendamping = access.own_pendamping(request.user)
    context = {"pendamping": pendamping, "penugasan": [], "terakhir": []}
    if pendamping is not None:
        today = timezone.localdate()
        context["penugasan"] = list(
            Penugasan.objects.on(today).filter(pendamping=pendamping).select_related("forum", "lembaga")
        )
        context["terakhir"] = list(
            Kegiatan.objects.filter(pendamping=pendamping).select_related("forum", "lembaga")[:RECENT]
        )
    return {"template": "pendampingan/_home_panel.html", "context": context}


def lembaga_pendamping(request: HttpRequest, lembaga) -> dict | None:
    """Who accompanies this lembaga now (directly or through its forum), and the latest activities with it."""
    today = timezone.localdate()
    visible = access.visible_pendamping(request.user)
    direct = Penugasan.objects.on(today).filter(lembaga=lembaga, pendamping__in=visible).select_related("pendamping")
    log = access.visible_kegiatan(request.user).filter(lembaga=lembaga).select_related("pendamping")[:RECENT]
    rows, log = list(direct), list(log)
    if not rows and not log:
        return None
    return {"template": "pendampingan/_lembaga.html", "context": {"penugasan": rows, "kegiatan": log}}
