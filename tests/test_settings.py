"""Settings come from the environment; a bad value stops start-up with a message naming it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def start(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG must be a boolean"),
        ({"DEBUG": "0", "ALLOWED_HOSTS": "simpul.go.id"}, "SECRET_KEY must be set when DEBUG is off"),
        ({"DEBUG": "0", "SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS must be set when DEBUG is off"),
        ({"DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL is not a valid database URL"),
        ({"TIME_ZONE": "Asia/Bandung"}, "TIME_ZONE 'Asia/Bandung' is not a known time zone"),
        ({"SIMPUL_PAGE_SIZE": "banyak"}, "SIMPUL_PAGE_SIZE must be an integer"),
    ],
)
def test_bad_environment_fails_with_a_clear_message(env, message):
    result = start(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_defaults_start_on_sqlite_in_indonesian():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings as s; import django; django.setup(); "
            "print(s.DATABASES['default']['ENGINE'], s.LANGUAGE_CODE, s.TIME_ZONE)",
        ],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        | {"DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["django.db.backends.sqlite3", "id", "Asia/Jakarta"]


def _pg_options(**env: str) -> str:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default'].get('OPTIONS', {}).get('options', '-'))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SIMPUL_PG_OPTIONS"}}
    url = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/simpul"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "config.settings"} | url | env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stdout.strip()


@pytest.mark.django_db
def test_postgresql_sessions_run_without_jit_and_with_room_to_group():
    """The reports' big reads neither compile their plans (JIT) nor spill their aggregates to disk; the
    environment can replace or drop those session settings."""
    assert _pg_options() == "-c jit=off -c work_mem=64MB"
    assert _pg_options(SIMPUL_PG_OPTIONS="-c work_mem=16MB") == "-c work_mem=16MB"
    assert _pg_options(SIMPUL_PG_OPTIONS="") == "-"
    from django.db import connection

    if connection.vendor == "postgresql":  # the suite's own sessions (CI runs it on both databases)
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('jit'), current_setting('work_mem')")
            assert cursor.fetchone() == ("off", "64MB")
