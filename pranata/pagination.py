"""One way to paginate every list page: the page, and the query string to keep filters on page links."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, rows) -> tuple[Page, str]:
    page = Paginator(rows, settings.SIMPUL_PAGE_SIZE).get_page(request.GET.get("page"))
    return page, query_without(request, "page")


def query_without(request: HttpRequest, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()
