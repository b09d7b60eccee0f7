"""Survey personas on top of the suite's: a forum of four members run by the coordinator, A–B and A–C recorded
as ties, and a round of that forum opened today by the coordinator, with a link for every member."""

from __future__ import annotations

import datetime

import pytest

from forum.models import Keanggotaan
from pranata import services as pranata_services
from survei import services
from survei.models import Responden
from tests.conftest import TODAY
from tests.factories import ForumFactory, LembagaFactory

TUTUP = TODAY + datetime.timedelta(days=14)
FULL = {"keterbukaan": 4, "dapat_diandalkan": 3, "kesamaan_misi": 2, "pengaruh": 4, "kontribusi": 4, "keterlibatan": 1}


@pytest.fixture
def forum(wilayah, coordinator):
    forum = ForumFactory(nama="Forum Pranata Sosial Ilir D IV", wilayah=wilayah["kelurahan"])
    forum.koordinator.add(coordinator)
    return forum


@pytest.fixture
def members(forum, wilayah):
    """A (LPMK), B (PKK), C (Posyandu), D (Karang Taruna): members since 2020."""
    lembaga = {
        key: LembagaFactory(nama=nama, wilayah=wilayah["kelurahan"])
        for key, nama in [("a", "A LPMK"), ("b", "B PKK"), ("c", "C Posyandu"), ("d", "D Karang Taruna")]
    }
    for item in lembaga.values():
        Keanggotaan.objects.create(forum=forum, lembaga=item, mulai=datetime.date(2020, 1, 1))
    return lembaga


@pytest.fixture
def ties(members, officer):
    """A–B at koordinasi (3) and A–C at komunikasi (1), recorded in 2024."""
    return {
        "ab": pranata_services.kerjasama_create(
            lembaga_a=members["a"], lembaga_b=members["b"], tahap=3, mulai=datetime.date(2024, 1, 1), oleh=officer
        ),
        "ac": pranata_services.kerjasama_create(
            lembaga_a=members["a"], lembaga_b=members["c"], tahap=1, mulai=datetime.date(2024, 1, 1), oleh=officer
        ),
    }


@pytest.fixture
def gelombang(forum, members, coordinator):
    return services.gelombang_create(
        oleh=coordinator, nama="Pra-program 2026", tujuan="pra", dibuka=TODAY, ditutup=TUTUP, forum=forum
    )


@pytest.fixture
def links(gelombang, coordinator) -> dict[str, str]:
    """Every member's personal link token, keyed a/b/c/d."""
    keys = {lembaga_id: key for key, lembaga_id in _keys(gelombang).items()}
    return {keys[r.lembaga_id]: token for r, token in services.token_issue(gelombang=gelombang, oleh=coordinator)}


def _keys(gelombang) -> dict[str, int]:
    rows = Responden.objects.filter(gelombang=gelombang).select_related("lembaga")
    return {r.lembaga.nama[0].lower(): r.lembaga_id for r in rows}


def responden(gelombang, lembaga) -> Responden:
    return Responden.objects.select_related("gelombang", "lembaga").get(gelombang=gelombang, lembaga=lembaga)


def isian(mitra, tahap, **ratings) -> services.Isian:
    return services.Isian(mitra_id=mitra.pk, tahap=tahap, **(FULL | ratings if tahap else ratings))


def answer(gelombang, lembaga, rows, *, final=True, oleh=None) -> Responden:
    """Save `lembaga`'s answer: rows of (partner, stage) or Isian."""
    items = [row if isinstance(row, services.Isian) else isian(*row) for row in rows]
    return services.jawaban_save(responden=responden(gelombang, lembaga), isian=items, final=final, oleh=oleh)
