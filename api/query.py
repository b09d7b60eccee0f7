"""The parts every list endpoint shares: the caller, pages in a stable order, and the common filters (a wilayah
code, a date range, personal data on request), each refusing bad input with a message naming the parameter."""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, Lookup, Q, QuerySet
from django.http import HttpRequest
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError

from pranata.models import KODE_WILAYAH_RE, subtree_q

# List counts are remembered per data version by the helper the list pages share; tests/conftest.py calls
# forget_counts through here.
from pranata.pagination import counted, forget_counts  # noqa: F401

from . import access

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


class Paging(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1")
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Rows per page (at most 500)")


def caller(request: HttpRequest) -> AbstractBaseUser:
    """The token's user: every queryset of the call is scoped to them."""
    return request.auth.user


def paginated(
    request: HttpRequest,
    rows: QuerySet,
    paging: Paging,
    attach: Callable[[list], None] | None = None,
    shape: Callable[[QuerySet], QuerySet] | None = None,
) -> dict:
    """One page of `rows` (already in a stable order): the count (remembered, see `counted`) and the page;
    `attach` then fills the page's nested lists (one query each, see `attach_nested`). With `shape` (what a
    row needs joined, e.g. select_related), the page's ids are read first and then their rows (see `_page`)."""
    count = counted(rows)
    pages = max(1, math.ceil(count / paging.page_size))
    if paging.page > pages:
        raise HttpError(404, _("Halaman %(halaman)s tidak ada; halaman terakhir %(akhir)s.") % {
            "halaman": paging.page, "akhir": pages,
        })  # fmt: skip
    start = (paging.page - 1) * paging.page_size
    if not count:
        results = []
    elif shape is None:
        results = list(rows[start : start + paging.page_size])
    else:
        results = _page(rows, start, paging.page_size, shape)
    if attach is not None and results:
        attach(results)
    return {
        "count": count,
        "page": paging.page,
        "pages": pages,
        "page_size": paging.page_size,
        "next": _page_url(request, paging.page + 1) if paging.page < pages else None,
        "previous": _page_url(request, paging.page - 1) if paging.page > 1 else None,
        "results": results,
    }


def _page(rows: QuerySet, start: int, size: int, shape: Callable[[QuerySet], QuerySet]) -> list:
    """The page's ids first, then those rows by id, shaped: the OFFSET then skips bare ids rather than rows
    joined to the tables a page shows, and the second read does not apply the scope's filter again (the ids
    come from the scoped, filtered read)."""
    ids = list(rows.values_list("pk", flat=True)[start : start + size])
    found = {row.pk: row for row in shape(rows.model._default_manager.filter(pk__in=ids))}
    return [found[pk] for pk in ids]


def attach_nested(rows: list, name: str, nested: QuerySet, parent: str, fields: list[str]) -> None:
    """Give each row (a model instance) its nested list `name` as plain dicts keyed by `fields`, from one query
    of `nested` (already in its order) over the rows' ids: `parent` is the nested rows' link to them. A page of
    100 meetings has ~1,100 attendance rows: as dicts they cost a tenth of what model instances cost. Lembaga
    and forums they name come with `attach_refs`; schemas read the lists with `schemas.nested`."""
    grouped: dict[int, list[dict]] = defaultdict(list)
    keys = tuple(fields)
    for owner, *values in nested.filter(**{f"{parent}__in": [row.pk for row in rows]}).values_list(parent, *fields):
        grouped[owner].append(dict(zip(keys, values, strict=True)))
    for row in rows:
        row.__dict__[f"api_{name}"] = grouped.get(row.pk, [])


class AnyOf(Lookup):
    """`field IN (ids)` with the ids as one array parameter on PostgreSQL (`= ANY(%s)`): a list of ~1,000 ids
    then costs 3 ms instead of 18 (each placeholder of an IN list is quoted into the statement one by one).
    Used as an expression: `rows.filter(AnyOf(F("pk"), ids))`."""

    lookup_name = "simpul_any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if not values:
            return "1 = 0", list(lhs_params)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


def attach_refs(rows: list, names: list[str], key: str, refs: QuerySet, fields: tuple[str, ...]) -> None:
    """In the nested lists `names` of `rows`, replace each `<key>_id` by the row it references (`fields` of
    `refs`), read for all of them in one query by primary key. PostgreSQL plans a join of ~1,000 attendance rows
    to the lembaga table as a hash of all 15,000 lembaga (7 ms); this look-up takes a fraction of it."""
    link = f"{key}_id"
    nested = [item for row in rows for name in names for item in row.__dict__[f"api_{name}"]]
    ids = {item[link] for item in nested if item[link] is not None}
    found = {ref["id"]: ref for ref in refs.filter(AnyOf(F("pk"), list(ids))).order_by().values("id", *fields)}
    for item in nested:
        item[key] = found.get(item.pop(link))


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
