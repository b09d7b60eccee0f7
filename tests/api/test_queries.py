"""Query-count guard of every list endpoint: a page of 20 rows, each with its nested lists (stage history,
attendance, agreements, follow-ups, ledger, assignments), costs the same queries as a page of 2."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.models import Keanggotaan, Kehadiran, Kontribusi, PenerimaManfaat, Pertemuan, ProgramBersama, TindakLanjut
from pendampingan.models import Kegiatan, Pendamping, Penugasan
from pranata.models import Kerjasama, RiwayatTahap, Wilayah
from tests.factories import ForumFactory, LembagaFactory, WilayahFactory

pytestmark = pytest.mark.django_db
D = datetime.date(2025, 1, 1)


def _lembaga(world_kel, n: int) -> None:
    for _ in range(n):
        LembagaFactory(wilayah=world_kel)


def _kerjasama(kel, n: int) -> None:
    for _ in range(n):
        a, b = sorted((LembagaFactory(wilayah=kel), LembagaFactory(wilayah=kel)), key=lambda x: x.pk)
        tie = Kerjasama.objects.create(lembaga_a=a, lembaga_b=b, tahap=2, mulai=D)
        RiwayatTahap.objects.create(kerjasama=tie, tahap=1, berlaku_mulai=D)
        RiwayatTahap.objects.create(kerjasama=tie, tahap=2, berlaku_mulai=D + datetime.timedelta(days=30))


def _forum(kel, n: int) -> None:
    for _ in range(n):
        forum = ForumFactory(wilayah=kel)
        Keanggotaan.objects.create(forum=forum, lembaga=LembagaFactory(wilayah=kel), mulai=D)


def _pertemuan(kel, n: int) -> None:
    forum = ForumFactory(wilayah=kel)
    for _ in range(n):
        a, b = LembagaFactory(wilayah=kel), LembagaFactory(wilayah=kel)
        meeting = Pertemuan.objects.create(forum=forum, tanggal=D)
        Kehadiran.objects.create(pertemuan=meeting, lembaga=a)
        Kehadiran.objects.create(pertemuan=meeting, lembaga=b)
        agreement = meeting.kesepakatan.create(isi="Kerja bakti")
        agreement.lembaga.set([a, b])
        TindakLanjut.objects.create(pertemuan=meeting, kesepakatan=agreement, uraian="Undangan", lembaga=a)


def _program(kel, n: int) -> None:
    for _ in range(n):
        a = LembagaFactory(wilayah=kel)
        programme = ProgramBersama.objects.create(nama="Posyandu", wilayah=kel, mulai=D)
        programme.peserta.create(lembaga=a)
        PenerimaManfaat.objects.create(program=programme, kategori="disabilitas", jumlah=3)
        Kontribusi.objects.create(program=programme, lembaga=a, jenis="dana", uraian="Kas", jumlah=1, satuan="paket",
                                  nilai=10_000, tanggal=D)  # fmt: skip


def _pendamping(kel, n: int) -> None:
    forum = ForumFactory(wilayah=kel)
    for i in range(n):
        person = Pendamping.objects.create(nama=f"Relawan {i}", jenis="psm", wilayah=kel, mulai=D)
        Penugasan.objects.create(pendamping=person, forum=forum, mulai=D)
        Penugasan.objects.create(pendamping=person, lembaga=LembagaFactory(wilayah=kel), mulai=D)


def _kegiatan(kel, n: int) -> None:
    forum = ForumFactory(wilayah=kel)
    person = Pendamping.objects.create(nama="Relawan", jenis="psm", wilayah=kel, mulai=D)
    for _ in range(n):
        Kegiatan.objects.create(pendamping=person, forum=forum, lembaga=LembagaFactory(wilayah=kel), tanggal=D,
                                tugas="penguatan", uraian="Penyuluhan")  # fmt: skip


def _wilayah(kel, n: int) -> None:
    start = Wilayah.objects.filter(kode__startswith="16.71.06.").count()
    for i in range(start, start + n):
        WilayahFactory(kode=f"16.71.06.{2000 + i}", induk=None)


ROWS: dict[str, Callable] = {
    "wilayah": _wilayah,
    "lembaga": _lembaga,
    "kerjasama": _kerjasama,
    "forum": _forum,
    "pertemuan": _pertemuan,
    "program": _program,
    "pendamping": _pendamping,
    "kegiatan": _kegiatan,
}
# Each list's whole cost: the token with its throttle count, the user's scope and the data version (one
# query), the call-log row, then the count and the page (all but wilayah: its ids, then their rows), then one
# query per nested list and, per nested list naming rows of another kind (lembaga, forums), those not yet
# remembered for that data version (none for a second list naming the same lembaga: a meeting's follow-ups, a
# programme's ledger); meetings also read the ids of the forums the caller sees, once per data version.
EXPECTED = {
    "wilayah": 4,
    "lembaga": 5,
    "kerjasama": 6,
    "forum": 5,
    "pertemuan": 10,
    "program": 9,
    "pendamping": 8,
    "kegiatan": 5,
}
# What a second call at the same data version no longer asks: the count, the page's ids, the referred rows (and
# the forums' ids).
REMEMBERED = {"wilayah": 1, "pertemuan": 4, "program": 3, "pendamping": 4}


def _queries(client, path: str, query: dict) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, query)
    assert response.status_code == 200, response.content
    return len(captured), response.json()["count"]


@pytest.mark.parametrize("resource", list(ROWS))
def test_a_list_costs_the_same_queries_for_2_or_20_rows(request, wilayah, api_as, resource):
    kel = wilayah["kelurahan"]
    # An officer (personal data asked for, so its rule runs too); for wilayah, Dinas Sosial, who sees some below.
    persona, query = ("analyst", {}) if resource == "wilayah" else ("officer", {"pribadi": "true"})
    client = api_as(request.getfixturevalue(persona))
    path = f"/api/v1/{resource}/"
    before = client.get(path).json()["count"]
    ROWS[resource](kel, 2)
    few, n_few = _queries(client, path, query)
    ROWS[resource](kel, 18)
    many, n_many = _queries(client, path, query)
    assert (n_few - before, n_many - before) == (2, 20)
    assert few == many == EXPECTED[resource], (few, many)


@pytest.mark.parametrize("resource", list(ROWS))
def test_a_count_is_remembered_until_something_is_written(request, wilayah, api_as, resource):
    """The second call of the same list skips the count, (lists read in two steps) the page's ids and the rows
    its nested lists refer to; any write (here: two more rows) moves the data version, and the next call asks
    afresh."""
    kel = wilayah["kelurahan"]
    client = api_as(request.getfixturevalue("analyst" if resource == "wilayah" else "officer"))
    path = f"/api/v1/{resource}/"
    ROWS[resource](kel, 2)
    first, n_first = _queries(client, path, {})
    again, n_again = _queries(client, path, {})
    assert (again, n_again) == (first - REMEMBERED.get(resource, 2), n_first)
    ROWS[resource](kel, 2)
    after, n_after = _queries(client, path, {})
    assert (after, n_after) == (first, n_first + 2)


def test_a_renamed_lembaga_is_named_anew_in_the_next_meeting_list(wilayah, api_as, officer):
    """The lembaga a meeting list names are remembered per data version: a second call at the same version reads
    none of them, and renaming one moves the version, so the next call gives its new name, never the old."""
    _pertemuan(wilayah["kelurahan"], 1)
    client = api_as(officer)
    present = Kehadiran.objects.order_by("pk").first().lembaga

    def names() -> set[str]:
        (meeting,) = client.get("/api/v1/pertemuan/").json()["results"]
        return {row["lembaga"]["nama"] for row in meeting["kehadiran"]}

    assert present.nama in names()
    with CaptureQueriesContext(connection) as again:
        assert present.nama in names()
    assert not [query for query in again.captured_queries if 'FROM "pranata_lembaga"' in query["sql"]]
    old = present.nama
    present.nama = "LPMK Baru"
    present.save()
    assert "LPMK Baru" in names() and old not in names()
