"""The data version: a number the database moves on every write to the tables reports read, so a cached
report's fingerprint can be reused until something was written, without re-aggregating the scope.

Database triggers do the counting, so no writer can forget it (forms, imports, the admin, `QuerySet.update`,
raw SQL, `loaddata`): `post_migrate` installs them on every table of the apps registered as feeding reports
(`extensions.register_tracked_app`), except their history tables (written with the rows they copy) and the
background-job table (written by report views themselves).

- PostgreSQL: a statement-level trigger inserts one row into `pranata_datachange` per writing statement.
  Rows are only inserted, never updated, so concurrent writers never wait for each other (a single counter
  row would serialise them and can deadlock against their other row locks). A row becomes visible when its
  transaction commits, together with the data it marks; a transaction that took its id earlier can commit
  later, so the version is (count, smallest id, largest id), not the largest id alone. `prune` removes rows
  older than a day, and the smallest id moves with it.
- SQLite: writers are serialised by the database, so a row-level trigger adds one to a single row.

The version says only that *something* was written, anywhere: the report cache then recomputes the scope's
fingerprint (cache.fingerprint), which decides whether the scope's report changed.
"""

from __future__ import annotations

import datetime

from django.apps import AppConfig, apps
from django.db import DEFAULT_DB_ALIAS, connections

from . import extensions

TABLE = "pranata_datachange"
TRIGGER = "simpul_data_changed"
UNTRACKED = {"pranata_datachange", "pranata_laporantugas"}


def tracked_tables() -> list[str]:
    """Every table of the apps that feed reports, m2m tables included, history and bookkeeping excluded."""
    tables = set()
    for label in extensions.tracked_apps():
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            table = model._meta.db_table
            if model._meta.managed and not model._meta.proxy and not table.split("_", 1)[1].startswith("historical"):
                tables.add(table)
    return sorted(tables - UNTRACKED)


def _postgresql(cursor, tables: list[str]) -> None:
    cursor.execute(
        f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN INSERT INTO {TABLE} (n, dicatat) VALUES (1, clock_timestamp()); RETURN NULL; END $$"
    )
    for table in tables:
        cursor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"')
        cursor.execute(
            f'CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
        )


def _sqlite(cursor, tables: list[str]) -> None:
    bump = (
        f"INSERT INTO {TABLE} (id, n, dicatat) VALUES (1, 1, CURRENT_TIMESTAMP) "
        "ON CONFLICT (id) DO UPDATE SET n = n + 1, dicatat = CURRENT_TIMESTAMP"
    )
    for table in tables:
        for event in ("INSERT", "UPDATE", "DELETE"):
            name = f"{TRIGGER}_{table}_{event.lower()}"
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
            cursor.execute(f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" BEGIN {bump}; END')


def install(*, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """(Re)create the triggers on every tracked table; returns the tables. Idempotent."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if TABLE not in existing:
        return []
    tables = [table for table in tracked_tables() if table in existing]
    with connection.cursor() as cursor:
        {"postgresql": _postgresql, "sqlite": _sqlite}[connection.vendor](cursor, tables)
    return tables


def install_after_migrate(sender: AppConfig, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate: runs after every `migrate` (and test database set-up), so a new table is tracked too."""
    if sender.label in extensions.tracked_apps():
        install(using=using)


def current(*, using: str = DEFAULT_DB_ALIAS) -> tuple:
    """The data version now: changes whenever a tracked table was written and committed since."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), MIN(id), MAX(id), SUM(n) FROM {TABLE}")
        # PostgreSQL's SUM of a bigint is a numeric: as ints, the version is the same value `parse` gives.
        return tuple(None if part is None else int(part) for part in cursor.fetchone())


def current_sql() -> str:
    """`current()` as one SQL value (its four numbers joined by commas, blank for NULL), to be read with
    another query; `parse` turns it into what `current()` gives."""
    parts = [f"COALESCE(CAST({part} AS TEXT), '')" for part in ("COUNT(*)", "MIN(id)", "MAX(id)", "SUM(n)")]
    joined = " || ',' || ".join(parts)
    return f"SELECT {joined} FROM {TABLE}"


def parse(joined: str) -> tuple:
    return tuple(int(part) if part else None for part in joined.split(","))


def prune(*, older_than: datetime.timedelta = datetime.timedelta(days=1), using: str = DEFAULT_DB_ALIAS) -> int:
    """Drop PostgreSQL's old marks (SQLite keeps one row). The version moves, so fingerprints are recomputed
    once; a transaction open for longer than `older_than` is assumed not to exist."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        # The database's clock, which dated the marks.
        cursor.execute(f"DELETE FROM {TABLE} WHERE dicatat < clock_timestamp() - %s", [older_than])
        return cursor.rowcount
