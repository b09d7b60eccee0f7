"""Personas: one user per role, each with a place to work, plus an outsider from another province.

Every test starts from the same world, whatever ran before it (the suite runs in random order, see
pytest-randomly's seed in the header): the clock stands at NOW in Jakarta, the migration-seeded reference
lists are present and the database cache is empty.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from pytest_django.plugin import blocking_manager_key

from api.query import forget_counts
from pranata.models import Peran, PranataSosial, Wilayah
from pranata.reference import seed_pranata_sosial
from tests.factories import UserFactory, user_with_role, wilayah_path

JAKARTA = ZoneInfo("Asia/Jakarta")
# The suite's "now": mid-morning in Palembang. Tests that need another moment move the `clock` fixture.
NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=JAKARTA)
TODAY = NOW.date()

KELURAHAN = "16.71.05.1006"  # Ilir D IV, Kota Palembang
TETANGGA = "16.71.05.1005"  # Ilir D III, same kecamatan, not the officer's
LUAR = "35.78.09.1002"  # Ketabang, Surabaya: another province


@pytest.fixture(autouse=True)
def language() -> Iterator[None]:
    """Every test starts in the site's default language (Indonesian). A request in English leaves English
    active in the thread (LocaleMiddleware activates, nothing deactivates), so a later test calling a service
    or a command directly would read its messages in English, depending on the random order."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def api_counts() -> Iterator[None]:
    """The API remembers list counts per data version (api.query.counted); every test rolls the database back
    to the same version with other rows in it, so each starts with nothing remembered."""
    forget_counts()
    yield


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    """Freeze "today" for every test; time still ticks so timeouts and throttling windows behave."""
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """A transactional test ends with a flush that empties the migration-seeded tables and leaves the
    database cache table alone: put both back as every other test expects them."""
    result = yield
    # After the last test the session's teardown has already dropped the test database: nothing to restore.
    if _is_transactional(item) and nextitem is not None:
        with item.config.stash[blocking_manager_key].unblock():
            seed_pranata_sosial(PranataSosial)
            cache.clear()
    return result


@pytest.fixture
def wilayah(db) -> dict[str, Wilayah]:
    return {
        "kelurahan": wilayah_path(KELURAHAN, "Ilir D IV"),
        "tetangga": wilayah_path(TETANGGA, "Ilir D III"),
        "luar": wilayah_path(LUAR, "Ketabang"),
    }


@pytest.fixture
def officer(wilayah) -> User:
    return user_with_role("petugas", Peran.PETUGAS, [KELURAHAN])


@pytest.fixture
def coordinator(wilayah) -> User:
    return user_with_role("koordinator", Peran.KOORDINATOR, [KELURAHAN])


@pytest.fixture
def analyst(wilayah) -> User:
    """Dinas Sosial staff for the whole of Sumatera Selatan."""
    return user_with_role("dinsos", Peran.DINSOS, ["16"])


@pytest.fixture
def outsider(wilayah) -> User:
    """An officer in Surabaya: nothing in Palembang is theirs."""
    return user_with_role("petugas.surabaya", Peran.PETUGAS, [LUAR])


@pytest.fixture
def admin_user(db) -> User:
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client
