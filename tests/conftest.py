"""Personas: one user per role, each with a place to work, plus an outsider from another province."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from pranata.models import Peran, Wilayah
from tests.factories import UserFactory, user_with_role, wilayah_path

KELURAHAN = "16.71.05.1006"  # Ilir D IV, Kota Palembang
TETANGGA = "16.71.05.1005"  # Ilir D III, same kecamatan, not the officer's
LUAR = "35.78.09.1002"  # Ketabang, Surabaya: another province


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
