"""The parts every list endpoint shares: the caller, pages in a stable order, and the common filters (a wilayah
code, a date range, personal data on request), each refusing bad input with a message naming the parameter."""

from __future__ import annotations

import datetime
import math

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError

from pranata.models import KODE_WILAYAH_RE, subtree_q

from . import access

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


class Paging(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1")
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Rows per page (at most 500)")


def caller(request: HttpRequest) -> AbstractBaseUser:
    """The token's user: every queryset of the call is scoped to them."""
    return request.auth.user


def paginated(request: HttpRequest, rows: QuerySet, paging: Paging) -> dict:
    """One page of `rows` (already in a stable order). Two queries: the count and the page."""
    count = rows.count()
    pages = max(1, math.ceil(count / paging.page_size))
    if paging.page > pages:
        raise HttpError(404, _("Halaman %(halaman)s tidak ada; halaman terakhir %(akhir)s.") % {
            "halaman": paging.page, "akhir": pages,
        })  # fmt: skip
    start = (paging.page - 1) * paging.page_size
    results = list(rows[start : start + paging.page_size]) if count else []
    return {
        "count": count,
        "page": paging.page,
        "pages": pages,
        "page_size": paging.page_size,
        "next": _page_url(request, paging.page + 1) if paging.page < pages else None,
        "previous": _page_url(request, paging.page - 1) if paging.page > 1 else None,
        "results": results,
    }


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(query.items()))}")


def wilayah_kode(user: AbstractBaseUser, kode: str | None) -> str | None:
    """A `wilayah` filter: a well-formed code (else 400) of a wilayah the caller sees (else 404, as a page
    would answer: outside one's scope and not existing look the same)."""
    if kode is None:
        return None
    if not KODE_WILAYAH_RE.match(kode):
        raise HttpError(400, _("Parameter “wilayah”: “%(kode)s” bukan kode wilayah (contoh: 16.71.05.1006).") % {
            "kode": kode,
        })  # fmt: skip
    if not access.wilayah(user).filter(kode=kode).exists():
        raise HttpError(404, _("Wilayah %(kode)s tidak ditemukan.") % {"kode": kode})
    return kode


def in_wilayah(rows: QuerySet, kode: str | None, *fields: str) -> QuerySet:
    """Rows whose wilayah (through any of `fields`) lies at or under `kode`."""
    if kode is None:
        return rows
    q = Q(pk__in=[])
    for field in fields:
        q |= subtree_q(kode, field)
    return rows.filter(q)


def date_range(rows: QuerySet, field: str, dari: datetime.date | None, sampai: datetime.date | None) -> QuerySet:
    """Rows whose `field` falls between the dates (both included; either may be left open)."""
    if dari and sampai and dari > sampai:
        raise HttpError(400, _("Parameter “sampai” tidak boleh sebelum “dari”."))
    if dari:
        rows = rows.filter(**{f"{field}__gte": dari})
    if sampai:
        rows = rows.filter(**{f"{field}__lte": sampai})
    return rows


def personal_data(request: HttpRequest, asked: bool) -> None:
    """Personal fields are filled only when asked (`pribadi=true`) by a role that may take them; others asking
    are told so, instead of silently getting nulls."""
    if asked and not access.may_take_personal_data(caller(request)):
        raise HttpError(403, _("Parameter “pribadi”: peran Anda tidak boleh mengambil data pribadi."))
    request.api_personal = asked
