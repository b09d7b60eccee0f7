"""A small world spread over Palembang (the personas' kelurahan and its neighbour) and Surabaya, and API
clients that call with a persona's token."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client

from api import services as api_services
from forum import services as forum_services
from forum.models import Keanggotaan, Kontribusi, PenerimaManfaat, ProgramBersama
from pendampingan import services as pd_services
from pendampingan.models import Pendamping
from pranata import services
from pranata.models import Peran
from tests.conftest import KELURAHAN
from tests.factories import ForumFactory, LembagaFactory, user_with_role

D = datetime.date


@pytest.fixture
def companion(wilayah):
    """The pendamping role, working in the officer's kelurahan (linked to Pendamping "Siti" by the world)."""
    return user_with_role("pendamping", Peran.PENDAMPING, [KELURAHAN])


@dataclass
class World:
    ids: dict[str, int]

    def __getitem__(self, key: str) -> int:
        return self.ids[key]

    def of(self, *keys: str) -> set[int]:
        return {self.ids[key] for key in keys}


@pytest.fixture
def world(wilayah, officer, coordinator, companion, admin_user) -> World:
    """Lembaga A, B in Ilir D IV, C in Ilir D III, D, E in Surabaya. Ties A–B (stage 1 then 3), B–C (crossing
    into the neighbour), D–E. Forums F1 (coordinated) and F2 in Ilir D IV, F3 in Surabaya, a meeting in each;
    programmes P1 (F1) and P3 (Surabaya) with ledgers; pendamping Siti (the companion's record) and Tono
    (Surabaya), an activity each."""
    kel, tetangga, luar = wilayah["kelurahan"], wilayah["tetangga"], wilayah["luar"]
    a = LembagaFactory(nama="A LPMK", wilayah=kel, kontak_nama="Bu Ani", kontak_telepon="+6281234567890")
    b = LembagaFactory(nama="B PKK", wilayah=kel)
    c = LembagaFactory(nama="C Posyandu", wilayah=tetangga)
    d = LembagaFactory(nama="D Karang Taruna", wilayah=luar)
    e = LembagaFactory(nama="E Koperasi", wilayah=luar)
    ab = services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=1, mulai=D(2024, 1, 1), oleh=admin_user)
    services.kerjasama_set_tahap(kerjasama=ab, tahap=3, tanggal=D(2025, 3, 1), oleh=admin_user, bukti="MoU")
    bc = services.kerjasama_create(lembaga_a=b, lembaga_b=c, tahap=2, mulai=D(2024, 6, 1), oleh=admin_user)
    de = services.kerjasama_create(lembaga_a=d, lembaga_b=e, tahap=1, mulai=D(2024, 2, 1), oleh=admin_user)
    f1 = ForumFactory(nama="Forum Ilir D IV", wilayah=kel)
    f1.koordinator.add(coordinator)
    f2 = ForumFactory(nama="Forum RW 03", wilayah=kel)
    f3 = ForumFactory(nama="Forum Ketabang", wilayah=luar)
    for forum, members in ((f1, [a, b]), (f2, [b]), (f3, [d, e])):
        for lembaga in members:
            Keanggotaan.objects.create(forum=forum, lembaga=lembaga, mulai=D(2024, 1, 1))
    m1 = forum_services.pertemuan_log(
        forum=f1,
        oleh=admin_user,
        fields={"tanggal": D(2025, 2, 1), "jenis": "rapat_rutin", "tempat": "Sekretariat RW 01"},
        hadir=[forum_services.Hadir(a, perwakilan="Pak Budi", jumlah_orang=2), forum_services.Hadir(b)],
        sepakat=[forum_services.Sepakat("Kerja bakti bersama", [a, b])],
        lanjut=[forum_services.Lanjut("Undangan kerja bakti", a, D(2025, 2, 8), kesepakatan_no=1)],
    )
    m2 = forum_services.pertemuan_log(
        forum=f2, oleh=admin_user, fields={"tanggal": D(2025, 3, 1), "jenis": "arisan"}, hadir=[], sepakat=[], lanjut=[]
    )
    m3 = forum_services.pertemuan_log(
        forum=f3, oleh=admin_user, fields={"tanggal": D(2025, 4, 1), "jenis": "musyawarah"}, hadir=[], sepakat=[],
        lanjut=[],
    )  # fmt: skip
    p1 = ProgramBersama.objects.create(nama="Posyandu Terpadu", forum=f1, wilayah=kel, mulai=D(2025, 1, 1))
    p1.peserta.create(lembaga=a, peran="pelaksana_utama")
    p1.peserta.create(lembaga=b)
    PenerimaManfaat.objects.create(program=p1, kategori="lansia_terlantar", jumlah=12)
    k1 = Kontribusi.objects.create(
        program=p1, lembaga=a, jenis="tempat", uraian="Balai", jumlah=1, satuan="ruang", nilai=500_000,
        tanggal=D(2025, 1, 5),
    )  # fmt: skip
    Kontribusi.objects.create(
        program=p1, lembaga=b, jenis="tenaga", uraian="Kader", jumlah=2.5, satuan="orang", tanggal=D(2025, 1, 6)
    )
    p3 = ProgramBersama.objects.create(nama="Bank Sampah", forum=f3, wilayah=luar, mulai=D(2025, 2, 1))
    siti = Pendamping.objects.create(
        nama="Siti Aminah", jenis="psm", wilayah=kel, mulai=D(2023, 1, 1), user=companion, telepon="+6281111111111"
    )
    tono = Pendamping.objects.create(nama="Tono", jenis="tksk", wilayah=luar, mulai=D(2023, 1, 1))
    pd_services.penugasan_create(pendamping=siti, forum=f1, mulai=D(2024, 1, 1), oleh=admin_user)
    pd_services.penugasan_create(pendamping=tono, forum=f3, mulai=D(2024, 1, 1), oleh=admin_user)
    k_siti = pd_services.kegiatan_log(
        pendamping=siti, oleh=admin_user, tanggal=D(2025, 2, 1), tugas="penguatan", lembaga=a, uraian="Penyuluhan"
    )
    k_tono = pd_services.kegiatan_log(
        pendamping=tono, oleh=admin_user, tanggal=D(2025, 4, 1), tugas="pemungkinan", forum=f3, uraian="Fasilitasi"
    )
    ids = {
        "A": a.pk, "B": b.pk, "C": c.pk, "D": d.pk, "E": e.pk, "AB": ab.pk, "BC": bc.pk, "DE": de.pk,
        "F1": f1.pk, "F2": f2.pk, "F3": f3.pk, "M1": m1.pk, "M2": m2.pk, "M3": m3.pk, "P1": p1.pk, "P3": p3.pk,
        "K1": k1.pk, "Siti": siti.pk, "Tono": tono.pk, "KSiti": k_siti.pk, "KTono": k_tono.pk,
    }  # fmt: skip
    return World(ids)


def token_for(user) -> str:
    return api_services.token_create(user=user, nama="uji")[1]


class ApiClient:
    """A test client that sends a bearer token (and, if given, a language) with every call."""

    def __init__(self, secret: str, language: str | None = None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"}
        if language:
            self.headers["Accept-Language"] = language

    def get(self, path: str, data: dict | None = None, **extra):
        return self.client.get(path, data or {}, headers=self.headers | extra.pop("headers", {}), **extra)

    def generic(self, method: str, path: str):
        return self.client.generic(method, path, headers=self.headers)


@pytest.fixture
def api_as():
    """api_as(user) → an ApiClient calling with a new token of that user."""

    def make(user, language: str | None = None) -> ApiClient:
        return ApiClient(token_for(user), language)

    return make
