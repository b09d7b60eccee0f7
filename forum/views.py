from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import visible_forum


@login_required
def forum_list(request: HttpRequest) -> HttpResponse:
    forums = visible_forum(request.user).select_related("wilayah")
    q = request.GET.get("q", "").strip()
    if q:
        forums = forums.filter(nama__icontains=q)
    page = Paginator(forums, settings.SIMPUL_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "forum/forum_list.html", {"page": page, "q": q})
