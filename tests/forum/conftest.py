import datetime

import pytest

from forum.models import Keanggotaan
from tests.factories import ForumFactory, LembagaFactory


@pytest.fixture
def forum(wilayah, coordinator):
    forum = ForumFactory(
        nama="Forum Pranata Sosial Ilir D IV", wilayah=wilayah["kelurahan"], tanggal_berdiri=datetime.date(2005, 8, 17)
    )
    forum.koordinator.add(coordinator)
    return forum


@pytest.fixture
def members(forum, wilayah):
    """Four member lembaga: A (LPMK), B (PKK), C (Posyandu), D (Karang Taruna)."""
    lembaga = {
        key: LembagaFactory(nama=nama, wilayah=wilayah["kelurahan"])
        for key, nama in [("a", "A LPMK"), ("b", "B PKK"), ("c", "C Posyandu"), ("d", "D Karang Taruna")]
    }
    for item in lembaga.values():
        Keanggotaan.objects.create(forum=forum, lembaga=item, mulai=datetime.date(2006, 1, 1))
    return lembaga
