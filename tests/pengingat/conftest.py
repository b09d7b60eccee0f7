"""A hand-made calendar around Monday 15/06/2026 (the suite's frozen today), and the personas with e-mail
addresses."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from forum.models import Pertemuan, TindakLanjut
from pranata.models import Peran
from tests.conftest import KELURAHAN, TODAY
from tests.factories import ForumFactory, LembagaFactory, user_with_role

DAY = datetime.timedelta(days=1)


@pytest.fixture
def companion(wilayah):
    return user_with_role("pendamping", Peran.PENDAMPING, [KELURAHAN])


@pytest.fixture
def people(officer, coordinator, analyst, outsider, admin_user, companion) -> dict:
    users = {
        "officer": officer,
        "coordinator": coordinator,
        "analyst": analyst,
        "outsider": outsider,
        "admin_user": admin_user,
        "companion": companion,
    }
    for name, user in users.items():
        user.email = f"{name}@contoh.go.id"
        user.save(update_fields=["email"])
    return users


@dataclass
class Calendar:
    meetings: dict[str, Pertemuan]
    follow_ups: dict[str, TindakLanjut]
    forums: dict


@pytest.fixture
def calendar(wilayah, coordinator) -> Calendar:
    """Forums: F1 (Ilir D IV, the coordinator's), F2 and F4 (Ilir D III), F3 (Surabaya).

    Meetings: F1 yesterday, today 19:30, in 3 days, in 4 days; F2 tomorrow; F3 in 2 days; F4 100 days ago.
    Follow-ups of F1's meeting yesterday: late (A, 5 days), late but done (A), due Sunday (C of Ilir D III),
    due in 7 days (A), undated (A); of F2's meeting: A due today; of F3's: D late by a day."""
    kel, tetangga, luar = wilayah["kelurahan"], wilayah["tetangga"], wilayah["luar"]
    a = LembagaFactory(nama="A LPMK", wilayah=kel)
    c = LembagaFactory(nama="C Posyandu", wilayah=tetangga)
    d = LembagaFactory(nama="D Karang Taruna", wilayah=luar)
    f1 = ForumFactory(nama="Forum Ilir D IV", wilayah=kel)
    f1.koordinator.add(coordinator)
    f2 = ForumFactory(nama="Forum Ilir D III", wilayah=tetangga)
    f3 = ForumFactory(nama="Forum Ketabang", wilayah=luar)
    f4 = ForumFactory(nama="Forum RW 07 Ilir D III", wilayah=tetangga)

    def meeting(forum, days: int, **fields) -> Pertemuan:
        return Pertemuan.objects.create(forum=forum, tanggal=TODAY + days * DAY, **fields)

    meetings = {
        "f1_kemarin": meeting(f1, -1),
        "f1_hari_ini": meeting(f1, 0, jam_mulai=datetime.time(19, 30), tempat="Sekretariat RW 01", agenda="Arisan"),
        "f1_3_hari": meeting(f1, 3, jenis="musyawarah"),
        "f1_4_hari": meeting(f1, 4),
        "f2_besok": meeting(f2, 1),
        "f3_lusa": meeting(f3, 2),
        "f4_lama": meeting(f4, -100),
    }

    def follow_up(key: str, lembaga, days: int | None, status: str = "rencana", at: str = "f1_kemarin"):
        tenggat = None if days is None else TODAY + days * DAY
        return TindakLanjut.objects.create(
            pertemuan=meetings[at], uraian=key.replace("_", " ").capitalize(), lembaga=lembaga, tenggat=tenggat,
            status=status,
        )  # fmt: skip

    follow_ups = {
        "terlambat": follow_up("terlambat", a, -5, "berjalan"),
        "selesai": follow_up("selesai", a, -5, "selesai"),
        "minggu_ini": follow_up("minggu_ini", c, 6),
        "minggu_depan": follow_up("minggu_depan", a, 7),
        "tanpa_tenggat": follow_up("tanpa_tenggat", a, None),
        "f2_hari_ini": follow_up("f2_hari_ini", a, 0, at="f2_besok"),
        "f3_terlambat": follow_up("f3_terlambat", d, -1, at="f3_lusa"),
    }
    return Calendar(meetings, follow_ups, {"F1": f1, "F2": f2, "F3": f3, "F4": f4})
