"""One way to paginate every list page: the page, and the query string to keep filters on page links.

Long lists remember, per data version (pranata.dataversion: every write to a tracked table, by any process,
moves it), what they already asked the database: the count of a scope and the ids of a page. A page seen
again at the same version costs one small version query and the read of its own rows."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import cached_property

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

from . import dataversion

# Answers already given, per data version: a client paging through 600 pages of ties would otherwise count
# the whole scope on every call (the scope filter over 60,000 ties is most of a page's database time).
_REMEMBERED: OrderedDict[str, object] = OrderedDict()
_LOCK = threading.Lock()
REMEMBERED_KEPT = 512


def _remember(rows: QuerySet, kind: str, version: tuple | None, compute: Callable[[], object]):
    """`compute()`, remembered in this process until the data version moves. The key is the query's SQL with
    its parameters, so the caller's scope, filters, order and page are part of it."""
    if version is None:
        version = dataversion.current(using=rows.db)
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # e.g. `pk__in=[]`: Django answers without asking the database
        return compute()
    key = hashlib.sha256(repr((kind, rows.db, version, sql, params)).encode()).hexdigest()
    with _LOCK:
        if key in _REMEMBERED:
            _REMEMBERED.move_to_end(key)
            return _REMEMBERED[key]
    value = compute()
    with _LOCK:
        _REMEMBERED[key] = value
        while len(_REMEMBERED) > REMEMBERED_KEPT:
            _REMEMBERED.popitem(last=False)
    return value


def counted(rows: QuerySet, *, version: tuple | None = None) -> int:
    """`rows.count()`, remembered until the data version moves. One small query when remembered (none when
    the caller already read the `version`)."""
    rows = rows.order_by()
    return _remember(rows, "count", version, rows.count)


def page_ids(rows: QuerySet, bottom: int, top: int, *, version: tuple | None = None) -> list:
    """The primary keys of rows[bottom:top] (`rows` in a stable order), remembered like `counted`: a deep
    page's OFFSET walks and sorts the whole scope, a remembered one reads nothing."""
    ids = rows.values_list("pk", flat=True)[bottom:top]
    return _remember(ids, "ids", version, lambda: list(ids))


def all_ids(rows: QuerySet, *, version: tuple | None = None) -> list:
    """Every primary key of `rows`, remembered like `counted`: a scope's forums, for filtering by their ids."""
    ids = rows.order_by("pk").values_list("pk", flat=True)
    return _remember(ids, "all ids", version, lambda: list(ids))


def forget_counts() -> None:
    """Tests roll the database back to a data version they already saw, with other rows: they start afresh."""
    with _LOCK:
        _REMEMBERED.clear()


class LateRowPaginator(Paginator):
    """Pages of a queryset found by primary key first: the deep page's OFFSET walks a narrow, sorted list of
    ids, and only the page's own rows are read with their joins and annotations. Measured on the bench
    kabupaten's lembaga list, page 400: the wide query sorted 15,000 joined rows on disk and computed its
    per-row counts for all 10,000 skipped (57 ms of SQL). The count and the page's ids are remembered per
    data version (`counted`, `page_ids`)."""

    @cached_property
    def version(self) -> tuple:
        return dataversion.current(using=self.object_list.db)

    @cached_property
    def count(self) -> int:
        return counted(self.object_list, version=self.version)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = page_ids(self.object_list, bottom, bottom + self.per_page, version=self.version)
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)} if ids else {}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def paginate(request: HttpRequest, rows, *, late_rows: bool = False) -> tuple[Page, str]:
    """`late_rows`: for long lists of wide rows (LateRowPaginator); one query more, so not for short ones."""
    paginator = LateRowPaginator if late_rows and isinstance(rows, QuerySet) else Paginator
    page = paginator(rows, settings.SIMPUL_PAGE_SIZE).get_page(request.GET.get("page"))
    return page, query_without(request, "page")


def query_without(request: HttpRequest, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()
