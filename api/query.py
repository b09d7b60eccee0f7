"""The parts every list endpoint shares: the caller, pages in a stable order, and the common filters (a wilayah
code, a date range, personal data on request), each refusing bad input with a message naming the parameter."""

from __future__ import annotations

import datetime
import math
import threading
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, Lookup, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError

from pranata import dataversion, pagination
from pranata.models import KODE_WILAYAH_RE, subtree_q
from pranata.pagination import counted, page_ids

from . import access

PAGE_SIZE = 100
_LOCK = threading.Lock()
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
    read: Callable[[QuerySet], list] | None = None,
) -> dict:
    """One page of `rows` (already in a stable order): the count and the page's ids (both remembered per data
    version, see `counted` and `page_ids`), then `read` reads those rows (see `read_rows`) and `attach` fills
    their nested lists (one query each, see `attach_nested`). Without `read`, the page is read as it is."""
    version = dataversion.current(using=rows.db)
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


def _page(rows: QuerySet, start: int, size: int, read: Callable[[QuerySet], list], version: tuple) -> list:
    """The page's ids first (remembered: a deep page's OFFSET walks and filters the whole scope), then those
    rows by id: the second read neither skips rows nor applies the scope's filter again (the ids come from the
    scoped, filtered read)."""
    ids = page_ids(rows, start, start + size, version=version)
    found = {_key(row): row for row in read(rows.model._default_manager.filter(AnyOf(F("pk"), ids)))}
    return [found[pk] for pk in ids if pk in found]


def one(rows: QuerySet, pk: int, read: Callable[[QuerySet], list], attach: Callable[[list], None] | None = None):
    """The detail answer: the row `pk` of `rows` read as a list's rows are (the same `read` and `attach`), or
    404 when the caller does not see it."""
    found = read(rows.filter(pk=pk))
    if not found:
        raise Http404
    if attach is not None:
        attach(found)
    return found[0]


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


def _nested_of(row, name: str) -> list:
    return row[name] if isinstance(row, dict) else row.__dict__[f"api_{name}"]


def attach_nested(rows: list, name: str, nested: QuerySet, parent: str, fields: list[str]) -> None:
    """Give each row (a dict from `read_rows`, or a model instance) its nested list `name` as plain dicts keyed
    by `fields`, from one query of `nested` (already in its order) over the rows' ids: `parent` is the nested
    rows' link to them. A page of 100 meetings has ~1,100 attendance rows: as dicts they cost a tenth of what
    model instances cost. Lembaga and forums they name come with `attach_refs`; schemas read the lists with
    `schemas.nested`."""
    grouped: dict[int, list[dict]] = defaultdict(list)
    keys = tuple(fields)
    owners = [_key(row) for row in rows]
    for owner, *values in nested.filter(AnyOf(F(parent), owners)).values_list(parent, *fields):
        grouped[owner].append(dict(zip(keys, values, strict=True)))
    for row in rows:
        _put(row, name, grouped.get(_key(row), []))


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
    `refs`, see `referenced`). PostgreSQL plans a join of ~1,000 attendance rows to the lembaga table as a hash
    of all 15,000 lembaga (7 ms); a look-up by id takes a fraction of it."""
    link = f"{key}_id"
    nested = [item for row in rows for name in names for item in _nested_of(row, name)]
    found = referenced(refs, fields, {item[link] for item in nested if item[link] is not None})
    for item in nested:
        item[key] = found.get(item.pop(link))


# The rows nested lists name (a lembaga's code and name, a forum's name), remembered per data version like
# counts: a page of meetings names ~900 lembaga, a look-up of ~3 ms that the next page mostly repeats.
_REFS: dict[tuple, tuple[tuple, dict[int, dict]]] = {}
REFS_KEPT = 50_000  # rows per kind; past it the kind starts afresh


def referenced(refs: QuerySet, fields: tuple[str, ...], ids: set[int]) -> dict[int, dict]:
    """{id: {"id", *fields}} of the rows of `refs` with those ids: those not remembered for the current data
    version are read in one query. The dicts are shared between calls: read them, never change them."""
    version = dataversion.current(using=refs.db)
    key = (refs.db, str(refs.query), fields)
    with _LOCK:
        seen_at, known = _REFS.get(key, (None, {}))
        if seen_at != version:
            known = {}
        missing = [pk for pk in ids if pk not in known]
    if missing:
        read = refs.filter(AnyOf(F("pk"), missing)).order_by().values("id", *fields)
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
