"""The parts every list endpoint shares: the caller, pages in a stable order, and the common filters (a wilayah
code, a date range, personal data on request), each refusing bad input with a message naming the parameter."""

from __future__ import annotations

import datetime
import math
import threading
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import DEFAULT_DB_ALIAS
from django.db.models import F, Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import BaseModel

from pranata import dataversion, pagination
from pranata.lookups import AnyOf
from pranata.models import KODE_WILAYAH_RE, subtree_q
from pranata.pagination import counted, page_ids

from . import access, schemas
from .render import json_response

PAGE_SIZE = 100
_LOCK = threading.Lock()
MAX_PAGE_SIZE = 500


class Paging(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1")
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Rows per page (at most 500)")


def caller(request: HttpRequest) -> AbstractBaseUser:
    """The token's user: every queryset of the call is scoped to them."""
    return request.auth.user


def data_version(request: HttpRequest) -> tuple:
    """The data version (pranata.dataversion) the call reads at: asked once, at its first use, so everything
    the call remembers or reuses (the scope's forums, the count, the page's ids, named rows) is of one version."""
    if not hasattr(request, "_simpul_version"):
        joined = getattr(request.auth, "versi_data", None)  # read with the token (auth.read_with_token)
        request._simpul_version = dataversion.parse(joined) if joined else dataversion.current()
    return request._simpul_version


def paginated(
    request: HttpRequest,
    rows: QuerySet,
    paging: Paging,
    schema: type[BaseModel],
    attach: Callable[[list, tuple], None] | None = None,
    read: Callable[[QuerySet], list] | None = None,
) -> HttpResponse:
    """One page of `rows` (already in a stable order) as `Halaman[schema]`: the count and the page's ids (both
    remembered per data version, see `counted` and `page_ids`), then `read` reads those rows (see `read_rows`)
    and `attach(rows, data version)` fills their nested lists (one query each, see `attach_nested`). Without
    `read`, the page is read as it is. The answer is written by `schemas.dump`: the operation must declare
    `response=Halaman[schema]` (a test checks every list's rows against it)."""
    version = data_version(request)
    count = counted(rows, version=version)
    pages = max(1, math.ceil(count / paging.page_size))
    if paging.page > pages:
        raise HttpError(404, _("Halaman %(halaman)s tidak ada; halaman terakhir %(akhir)s.") % {
            "halaman": paging.page, "akhir": pages,
        })  # fmt: skip
    start = (paging.page - 1) * paging.page_size
    if not count:
        results = []
    elif read is None:
        results = list(rows[start : start + paging.page_size])
    else:
        results = _page(rows, start, paging.page_size, read, version)
    if attach is not None and results:
        attach(results, version)
    context = {"request": request}
    return json_response({
        "count": count,
        "page": paging.page,
        "pages": pages,
        "page_size": paging.page_size,
        "next": _page_url(request, paging.page + 1) if paging.page < pages else None,
        "previous": _page_url(request, paging.page - 1) if paging.page > 1 else None,
        "results": [schemas.dump(schema, row, context) for row in results],
    })  # fmt: skip


def _page(rows: QuerySet, start: int, size: int, read: Callable[[QuerySet], list], version: tuple) -> list:
    """The page's ids first (remembered: a deep page's OFFSET walks and filters the whole scope), then those
    rows by id: the second read neither skips rows nor applies the scope's filter again (the ids come from the
    scoped, filtered read)."""
    ids = page_ids(rows, start, start + size, version=version)
    found = {_key(row): row for row in read(rows.model._default_manager.filter(AnyOf(F("pk"), ids)))}
    return [found[pk] for pk in ids if pk in found]


def one(
    request: HttpRequest,
    rows: QuerySet,
    pk: int,
    schema: type[BaseModel],
    read: Callable[[QuerySet], list],
    attach: Callable[[list, tuple], None] | None = None,
) -> HttpResponse:
    """The detail answer (`schema`, which the operation declares): the row `pk` of `rows` read and written as a
    list's rows are (the same `read`, `attach` and `schemas.dump`), or 404 when the caller does not see it."""
    found = read(rows.filter(pk=pk))
    if not found:
        raise Http404
    if attach is not None:
        attach(found, data_version(request))
    return json_response(schemas.dump(schema, found[0], {"request": request}))


def read_rows(rows: QuerySet, fields: Sequence[str], refs: Mapping[str, Sequence[str]] | None = None) -> list[dict]:
    """`rows` as plain dicts of `fields` (model instances cost ~10 times as much to build, and a page of ties
    built three per row: the tie and both lembaga); each of `refs` (a link: the fields of what it names) a
    nested dict, or None where the link is empty. The first field of a ref must never be null (an id, a code)."""
    refs = refs or {}
    columns = [*fields, *(f"{link}__{field}" for link, named in refs.items() for field in named)]
    width = len(fields)
    parts = [(link, tuple(named)) for link, named in refs.items()]
    found = []
    for values in rows.order_by().values_list(*columns):
        row = dict(zip(fields, values[:width], strict=True))
        at = width
        for link, named in parts:
            ref = values[at : at + len(named)]
            row[link] = dict(zip(named, ref, strict=True)) if ref[0] is not None else None
            at += len(named)
        found.append(row)
    return found


def _key(row) -> int:
    return row["id"] if isinstance(row, dict) else row.pk


def _put(row, name: str, value: list) -> None:
    """A row's nested list: a dict row holds it under its own name, a model instance as `api_<name>` (what
    `schemas.nested` reads)."""
    if isinstance(row, dict):
        row[name] = value
    else:
        row.__dict__[f"api_{name}"] = value


def attach_nested(
    rows: list,
    name: str,
    nested: QuerySet,
    parent: str,
    fields: Sequence[str],
    *,
    links: Mapping[str, tuple[type[Model], tuple[str, ...]]] | None = None,
    fill: Mapping[str, Any] | None = None,
    version: tuple | None = None,
) -> None:
    """Give each row (a dict from `read_rows`, or a model instance) its nested list `name` as plain dicts keyed
    by `fields` in that order, from one query of `nested` (already in its order) over the rows' ids: `parent`
    is the nested rows' link to them. A field named in `links` ("lembaga": (its model, its fields)) is read
    from its `<field>_id` column and holds what that id names (see `referenced`), or None; `fill` adds keys
    with a fixed value after the read ones (a personal field the caller may not take). A page of 100 meetings
    has ~1,100 attendance rows: built once each, as dicts in the schema's order, they go out as they are
    (`schemas.dump`). Schemas read the lists with `schemas.nested`."""
    links = links or {}
    keys = tuple(fields)
    columns = [f"{key}_id" if key in links else key for key in keys]
    owners = [_key(row) for row in rows]
    found = list(nested.filter(AnyOf(F(parent), owners)).values_list(parent, *columns))
    named = []
    for at, key in enumerate(keys, start=1):
        if key in links:
            model, ref_fields = links[key]
            ids = {values[at] for values in found if values[at] is not None}
            named.append((at - 1, referenced(model, ref_fields, ids, version=version, using=nested.db)))
    fill = fill or {}
    keys, fixed = (*keys, *fill), tuple(fill.values())  # the fixed keys come last, after the read ones
    grouped: dict[int, list[dict]] = defaultdict(list)
    for owner, *values in found:
        for at, ref in named:
            values[at] = ref.get(values[at])
        values.extend(fixed)
        # Equally long by construction (`keys` made the columns): strict's check would cost a tenth of the loop.
        grouped[owner].append(dict(zip(keys, values, strict=False)))
    for row in rows:
        _put(row, name, grouped.get(_key(row), []))


# The rows nested lists name (a lembaga's code and name, a forum's name), remembered per data version like
# counts: a page of meetings names ~900 lembaga, a look-up of ~3 ms that the next page mostly repeats. (PostgreSQL
# plans a join of ~1,000 attendance rows to the lembaga table as a hash of all 15,000 lembaga: 7 ms.)
_REFS: dict[tuple, tuple[tuple, dict[int, dict]]] = {}
REFS_KEPT = 50_000  # rows per kind; past it the kind starts afresh


def referenced(
    model: type[Model],
    fields: tuple[str, ...],
    ids: set[int],
    *,
    version: tuple | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> dict[int, dict]:
    """{id: {"id", *fields}} of the rows of `model` with those ids: those not remembered for the current data
    `version` (read when not given) are read in one query. The dicts are shared between calls and answered as
    they are: read them, never change them. Keyed by the model, not by a queryset: a queryset's SQL, the key
    before, was compiled on every call for that alone (~0.5 ms per nested list)."""
    if version is None:
        version = dataversion.current(using=using)
    key = (using, model._meta.label, fields)
    with _LOCK:
        seen_at, known = _REFS.get(key, (None, {}))
        if seen_at != version:
            known = {}
        missing = [pk for pk in ids if pk not in known]
    if missing:
        read = model._default_manager.using(using).filter(AnyOf(F("pk"), missing)).order_by().values("id", *fields)
        fresh = {ref["id"]: ref for ref in read}
        with _LOCK:
            known = {**known, **fresh} if len(known) + len(fresh) <= REFS_KEPT else fresh
            _REFS[key] = (version, known)
    return {pk: known[pk] for pk in ids if pk in known}


def forget_counts() -> None:
    """Tests roll the database back to a data version they already saw, with other rows: they start afresh."""
    pagination.forget_counts()
    with _LOCK:
        _REFS.clear()


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
