"""Bulk work (imports of tens of thousands of rows, kabupaten reports): set-based inserts for the bulk
services, and the cycle collector paused while the objects pile up.

`QuerySet.bulk_create` builds a model instance per row and prepares every field of every row: measured on
the bench's 30,000-tie import that is ~1.2 million field preparations and most of the ~15 s the write took
(ties, their history rows and their first stages). These helpers prepare each column's constant value once
(defaults, `auto_now`), only the columns a row sets per row, and let the database copy the history rows from
the rows just written (`INSERT … SELECT`), so the write takes a few seconds. Used only by the services;
callers keep the rules (checks happen before, in the service).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models
from django.utils import timezone


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while bulk work builds its hundreds of thousands of objects (a report's
    nodes, ties and evidence pairs, an import's rows: none of them cycles). Left on, it rescans the growing
    heap again and again: measured on the bench kabupaten it doubles the time to read the ties and the forum
    evidence. On again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


BATCH = 2000  # rows per statement: under SQLite's 32,766 parameters for up to 16 columns


def chunks(items: Sequence, size: int = 5000):
    """Consecutive slices of at most `size` items (IN lists stay under SQLite's parameter limit)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert(model: type[models.Model], rows: Sequence[dict[str, Any]], *, batch_size: int = BATCH) -> list[int]:
    """Insert one row per dict (keys: field attnames, e.g. `kerjasama_id`); every other column takes the
    field's default, as `Model()` would. Returns the new primary keys in the order of `rows`."""
    if not rows:
        return []
    opts = model._meta
    varying = list(rows[0])
    template = model()
    fields = [f for f in opts.concrete_fields if not f.primary_key]
    constant = {
        f.attname: f.get_db_prep_save(f.pre_save(template, add=True), connection)
        for f in fields
        if f.attname not in varying
    }
    shared = [f.name for f in fields if f.unique and f.attname in constant]
    if shared:
        raise ValueError(f"bulk.insert: unique fields need a value per row: {shared}")
    by_name = {f.attname: f for f in fields}
    quote = connection.ops.quote_name
    columns = ", ".join(quote(by_name[name].column) for name in [*varying, *constant])
    head = f"INSERT INTO {quote(opts.db_table)} ({columns}) "
    returning = f" RETURNING {quote(opts.pk.column)}"
    prepare = [(name, by_name[name].get_db_prep_save) for name in varying]
    values = [[prep(row[name], connection) for row in rows] for name, prep in prepare]  # column by column
    ids: list[int] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array per column, whatever the number of rows: psycopg parses a statement's placeholders in
            # Python, and 30,000 rows of VALUES (%s, …) cost seconds just to parse.
            arrays = ", ".join(f"%s::{by_name[name].db_type(connection)}[]" for name in varying)
            consts = "".join(", %s" for _name in constant)
            for start in range(0, len(rows), batch_size * 10):
                arrays_of = [column[start : start + batch_size * 10] for column in values]
                cursor.execute(
                    f"{head}SELECT t.*{consts} FROM unnest({arrays}) AS t{returning}",
                    [*constant.values(), *arrays_of],  # the SELECT list's constants come first, then the arrays
                )
                ids.extend(pk for (pk,) in cursor.fetchall())
            return ids
        width = len(varying) + len(constant)
        size = max(1, min(batch_size, 30000 // width))  # SQLite: at most 32,766 parameters per statement
        one = "(" + ", ".join(["%s"] * width) + ")"
        tail = list(constant.values())
        rows_of = list(zip(*values, strict=True))
        for chunk in chunks(rows_of, size):
            params: list[Any] = []
            for row in chunk:
                params.extend(row)
                params.extend(tail)
            cursor.execute(head + "VALUES " + ", ".join([one] * len(chunk)) + returning, params)
            ids.extend(pk for (pk,) in cursor.fetchall())
    return ids


def insert_history(
    model: type[models.Model], ids: Sequence[int], *, user_id: int | None, history_type: str = "+"
) -> None:
    """django-simple-history rows for rows just written, copied by the database from the rows themselves
    (the tracked fields, now, the user and no change reason, as `save()` writes them)."""
    history = model.history.model
    opts = model._meta
    tracked = [(f, opts.get_field(f.name).column) for f in history.tracked_fields]
    quote = connection.ops.quote_name
    target = [quote(f.column) for f, _source in tracked] + [
        quote(history._meta.get_field(name).column)
        for name in ("history_date", "history_change_reason", "history_type", "history_user")
    ]
    source = ", ".join(quote(column) for _f, column in tracked)
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(target)}) "
        f"SELECT {source}, %s, %s, %s, %s FROM {quote(opts.db_table)} WHERE {quote(opts.pk.column)} "
    )
    now = history._meta.get_field("history_date").get_db_prep_save(timezone.now(), connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(sql + "= ANY(%s)", [now, None, history_type, user_id, list(ids)])
            return
        for chunk in chunks(list(ids), BATCH):
            placeholders = "(" + ", ".join(["%s"] * len(chunk)) + ")"
            cursor.execute(sql + "IN " + placeholders, [now, None, history_type, user_id, *chunk])
