"""Pendampingan personas on top of the suite's: a forum with four members, a PSM who works in the officer's
kelurahan (with an account of role Pendamping), and a TKSK of the kecamatan."""

from __future__ import annotations

import datetime

import pytest

from forum.models import Keanggotaan
from pendampingan.models import Pendamping
from pranata.models import Peran
from tests.conftest import KELURAHAN
from tests.factories import ForumFactory, LembagaFactory, user_with_role, wilayah_path


@pytest.fixture
def forum(wilayah, coordinator):
    forum = ForumFactory(nama="Forum Pranata Sosial Ilir D IV", wilayah=wilayah["kelurahan"])
    forum.koordinator.add(coordinator)
    return forum


@pytest.fixture
def members(forum, wilayah):
    lembaga = {
        key: LembagaFactory(nama=nama, wilayah=wilayah["kelurahan"])
        for key, nama in [("a", "A LPMK"), ("b", "B PKK"), ("c", "C Posyandu")]
    }
    for item in lembaga.values():
        Keanggotaan.objects.create(forum=forum, lembaga=item, mulai=datetime.date(2020, 1, 1))
    return lembaga


@pytest.fixture
def companion_user(wilayah):
    return user_with_role("pendamping", Peran.PENDAMPING, [KELURAHAN])


@pytest.fixture
def psm(wilayah, companion_user):
    return Pendamping.objects.create(
        nama="Siti Aminah",
        jenis="psm",
        wilayah=wilayah["kelurahan"],
        mulai=datetime.date(2022, 1, 1),
        user=companion_user,
        telepon="+6281234567890",
    )


@pytest.fixture
def tksk(wilayah):
    return Pendamping.objects.create(
        nama="Budi TKSK", jenis="tksk", wilayah=wilayah_path("16.71.05"), mulai=datetime.date(2021, 1, 1)
    )
