"""`/sehat/`: is the app up and can it reach its database? For load balancers and uptime checks (no login,
nothing personal), and the bench's minimal view: one query and a small template."""

from __future__ import annotations

import logging

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .. import dataversion

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def sehat(request: HttpRequest) -> HttpResponse:
    try:
        dataversion.current()  # one small query: the database answers and the schema is migrated
    except DatabaseError:
        logger.exception("health check: the database did not answer")
        return render(request, "pranata/sehat.html", {"ok": False}, status=503)
    return render(request, "pranata/sehat.html", {"ok": True})
