from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from pranata.views import laporan

from .models import Forum
from .reports import forum_scope
from .selectors import visible_forum


@login_required
def forum_list(request: HttpRequest) -> HttpResponse:
    forums = visible_forum(request.user).select_related("wilayah")
    q = request.GET.get("q", "").strip()
    if q:
        forums = forums.filter(nama__icontains=q)
    page = Paginator(forums, settings.SIMPUL_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "forum/forum_list.html", {"page": page, "q": q, "query": f"q={q}" if q else ""})


def _forum(request: HttpRequest, pk: int) -> Forum:
    return get_object_or_404(visible_forum(request.user).select_related("wilayah"), pk=pk)


@login_required
def forum_detail(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk)
    members = forum.keanggotaan.on(timezone.localdate()).select_related("lembaga__wilayah").order_by("lembaga__nama")
    context = {"forum": forum, "members": members, "koordinator": forum.koordinator.all()}
    return render(request, "forum/forum_detail.html", context)


@login_required
def forum_laporan(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk)
    links = laporan.report_links("forum:laporan", forum.pk)
    return laporan.report_page(request, forum_scope(forum), links=links, forum=forum)


@login_required
def forum_banding(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk)
    links = laporan.report_links("forum:laporan", forum.pk)
    return laporan.compare_page(request, forum_scope(forum), links=links, forum=forum)


@login_required
def forum_unduh(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    forum = _forum(request, pk)
    return laporan.download(request, forum_scope(forum), fmt, name=f"forum-{forum.pk}")
