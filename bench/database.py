"""The bench database: created (or dropped with --fresh) before Django starts, then migrated.

Nothing here imports Django models: it runs before `django.setup()`, because settings read DATABASE_URL once.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/simpul_bench"
# A fixed name in the temp directory (not mkstemp), so a second --sqlite run reuses the generated data.
SQLITE_PATH = Path(tempfile.gettempdir()) / "simpul_bench.sqlite3"


def sqlite_url(*, fresh: bool, suffix: str = "") -> str:
    path = SQLITE_PATH.with_name(f"{SQLITE_PATH.stem}{suffix}{SQLITE_PATH.suffix}")
    if fresh:
        for extra in ("", "-wal", "-shm"):
            Path(f"{path}{extra}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def with_name_suffix(url: str, suffix: str) -> str:
    """The same server, another database: `…/simpul_bench` → `…/simpul_bench_provinsi`."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"{parts.path.rstrip('/')}{suffix}", parts.query, ""))


def _maintenance_url(url: str) -> tuple[str, str]:
    """The same server's `postgres` database (where CREATE/DROP DATABASE run) and the bench database's name."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"bench: refusing an unusual database name {name!r} in {url}")
    scheme = "postgresql" if parts.scheme in {"postgres", "postgresql", "pgsql"} else parts.scheme
    return urlunsplit((scheme, parts.netloc, "/postgres", parts.query, "")), name


def postgres_url(url: str, *, fresh: bool) -> str:
    """Make sure the bench database exists (dropping it first with --fresh); return the URL for Django."""
    import psycopg  # only needed for PostgreSQL runs

    maintenance, name = _maintenance_url(url)
    try:
        conn = psycopg.connect(maintenance, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        raise SystemExit(f"bench: cannot reach PostgreSQL at {maintenance} ({exc}); try --sqlite") from None
    with conn:
        if fresh:
            # FORCE (PostgreSQL 13+) ends connections a previous, interrupted run may have left open.
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return url


def describe(url: str) -> str:
    """The database as RESULTS.md names it: engine and where, without any password."""
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        return f"SQLite {url.partition(':///')[2]}"
    host = parts.hostname or "localhost"
    return f"PostgreSQL {host}:{parts.port or 5432}/{parts.path.lstrip('/')}"
