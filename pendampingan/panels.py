"""The pendampingan parts of other apps' pages: the pendamping's home (their assignments, what they logged
lately, a button to log), and a lembaga page's pendamping."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import Keanggotaan

from . import access
from .models import JenisPendamping, Kegiatan, Penugasan

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
    log = access.kegiatan_with(request.user, lembaga).select_related("pendamping")[:RECENT]
    rows, log = list(direct), list(log)
    if not rows and not log:
        return None
    return {"template": "pendampingan/_lembaga.html", "context": {"penugasan": rows, "kegiatan": log}}


def map_layer(request: HttpRequest, ids: list[int], as_of: datetime.date) -> dict | None:
    """The report map's "didampingi" layer: for each lembaga on the map, the pendamping the reader may see who
    accompanied it on the report's date — assigned to it, or to a forum it was a member of then."""
    if access.is_pendamping(request.user):
        return None
    running = Penugasan.objects.on(as_of).filter(pendamping__in=access.visible_pendamping(request.user))
    kinds = dict(JenisPendamping.choices)
    found: dict[int, set[str]] = {}

    def add(lembaga_id: int, nama: str, jenis: str) -> None:
        found.setdefault(lembaga_id, set()).add(f"{nama} ({kinds.get(jenis, jenis)})")

    for lembaga_id, nama, jenis in running.filter(lembaga__in=ids).values_list(
        "lembaga_id", "pendamping__nama", "pendamping__jenis"
    ):
        add(lembaga_id, nama, jenis)
    by_forum: dict[int, list[tuple[str, str]]] = {}
    for forum_id, nama, jenis in running.filter(forum__isnull=False).values_list(
        "forum_id", "pendamping__nama", "pendamping__jenis"
    ):
        by_forum.setdefault(forum_id, []).append((nama, jenis))
    members = Keanggotaan.objects.on(as_of).filter(forum__in=list(by_forum), lembaga__in=ids)
    for forum_id, lembaga_id in members.values_list("forum_id", "lembaga_id"):
        for nama, jenis in by_forum[forum_id]:
            add(lembaga_id, nama, jenis)
    if not found:
        return None
    return {"judul": _("Pendamping"), "lembaga": {str(k): sorted(v) for k, v in sorted(found.items())}}
