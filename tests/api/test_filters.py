"""Filters and pages: each filter narrows as it says, pages walk a stable order, malformed input gets 400 naming
the parameter, and labels and messages follow Accept-Language."""

from __future__ import annotations

import datetime

import pytest

from pranata.models import Lembaga
from tests.conftest import KELURAHAN, TETANGGA
from tests.factories import LembagaFactory

pytestmark = pytest.mark.django_db


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("path", "query", "parameter"),
    [
        ("/api/v1/lembaga/", {"dari": "15/06/2026"}, "dari"),
        ("/api/v1/lembaga/", {"sampai": "kemarin"}, "sampai"),
        ("/api/v1/lembaga/", {"sektor": "koperasi"}, "sektor"),
        ("/api/v1/lembaga/", {"status": "hidup"}, "status"),
        ("/api/v1/lembaga/", {"page": "0"}, "page"),
        ("/api/v1/lembaga/", {"page_size": "501"}, "page_size"),
        ("/api/v1/lembaga/", {"page": "dua"}, "page"),
        ("/api/v1/lembaga/", {"pribadi": "mungkin"}, "pribadi"),
        ("/api/v1/lembaga/", {"diubah_sejak": "kemarin"}, "diubah_sejak"),
        ("/api/v1/lembaga/", {"wilayah": "16-71"}, "wilayah"),
        ("/api/v1/kerjasama/", {"tahap": "6"}, "tahap"),
        ("/api/v1/kerjasama/", {"status": "putus"}, "status"),
        ("/api/v1/kerjasama/", {"lembaga": "A"}, "lembaga"),
        ("/api/v1/pertemuan/", {"dari": "2026-13-01"}, "dari"),
        ("/api/v1/pertemuan/", {"dari": "2026-06-01", "sampai": "2026-01-01"}, "sampai"),
        ("/api/v1/program/", {"status": "jalan"}, "status"),
        ("/api/v1/pendamping/", {"jenis": "dukun"}, "jenis"),
        ("/api/v1/kegiatan/", {"tugas": "pemberdayaan"}, "tugas"),
        ("/api/v1/wilayah/", {"tingkat": "5"}, "tingkat"),
        ("/api/v1/laporan/16.71.05.1006/", {"per": "besok"}, "per"),
        ("/api/v1/laporan/16.71.05.1006/", {"per": "2099-01-01"}, "per"),
    ],
)
def test_a_malformed_filter_gets_400_naming_the_parameter(world, api_as, officer, path, query, parameter):
    response = api_as(officer).get(path, query)
    assert response.status_code == 400
    assert f"“{parameter}”" in response.json()["detail"]


def test_bad_input_is_explained_in_the_callers_language(world, api_as, officer):
    indonesian = api_as(officer).get("/api/v1/lembaga/", {"dari": "kemarin"}).json()
    assert indonesian == {"detail": "Parameter “dari” harus tanggal berbentuk YYYY-MM-DD.", "parameter": ["dari"]}
    english = api_as(officer, "en-GB,en;q=0.8").get("/api/v1/lembaga/", {"dari": "kemarin"}).json()
    assert english["parameter"] == ["dari"] and "Parameter “dari”" in english["detail"]


def test_labels_follow_accept_language_and_default_to_indonesian(world, api_as, officer):
    default = api_as(officer).get(f"/api/v1/lembaga/{world['A']}/")
    assert default.json()["sektor_label"] == "Warga/masyarakat"
    assert default["Content-Language"] == "id"
    english = api_as(officer, "en-US,en;q=0.9").get(f"/api/v1/lembaga/{world['A']}/")
    assert english["Content-Language"] == "en"
    assert english.json()["sektor_label"] != "Warga/masyarakat"
    assert "Accept-Language" in english["Vary"]
    unknown = api_as(officer, "fr").get(f"/api/v1/lembaga/{world['A']}/")
    assert unknown["Content-Language"] == "id"


def test_filters_narrow_each_list(world, api_as, analyst, admin_user):
    client = api_as(analyst)
    assert set(_ids(client.get("/api/v1/lembaga/", {"wilayah": TETANGGA}))) == world.of("C")
    assert set(_ids(client.get("/api/v1/lembaga/", {"wilayah": "16.71", "q": "pkk"}))) == world.of("B")
    assert set(_ids(client.get("/api/v1/kerjasama/", {"wilayah": TETANGGA}))) == world.of("BC")
    assert set(_ids(client.get("/api/v1/kerjasama/", {"tahap": 3}))) == world.of("AB")
    assert set(_ids(client.get("/api/v1/kerjasama/", {"lembaga": world["C"]}))) == world.of("BC")
    assert set(_ids(client.get("/api/v1/kerjasama/", {"dari": "2024-03-01", "sampai": "2024-12-31"}))) == world.of("BC")
    assert _ids(client.get("/api/v1/kerjasama/", {"status": "berakhir"})) == []
    assert set(_ids(client.get("/api/v1/pertemuan/", {"forum": world["F2"]}))) == world.of("M2")
    assert set(_ids(client.get("/api/v1/pertemuan/", {"sampai": "2025-02-15"}))) == world.of("M1")
    assert set(_ids(client.get("/api/v1/pertemuan/", {"jenis": "arisan"}))) == world.of("M2")
    assert set(_ids(client.get("/api/v1/program/", {"status": "rencana", "forum": world["F1"]}))) == world.of("P1")
    assert set(_ids(client.get("/api/v1/kegiatan/", {"tugas": "penguatan", "wilayah": KELURAHAN}))) == world.of("KSiti")
    assert set(_ids(client.get("/api/v1/pendamping/", {"status": "bertugas", "jenis": "psm"}))) == world.of("Siti")
    wilayah = client.get("/api/v1/wilayah/", {"induk": "16.71.05"}).json()["results"]
    assert [row["kode"] for row in wilayah] == [TETANGGA, KELURAHAN]
    assert [row["kode"] for row in client.get("/api/v1/wilayah/", {"tingkat": 2}).json()["results"]] == ["16.71"]
    everyone = api_as(admin_user)
    assert set(_ids(everyone.get("/api/v1/forum/", {"wilayah": "35"}))) == world.of("F3")


def test_pages_walk_every_row_once_in_id_order(wilayah, api_as, officer):
    made = sorted(LembagaFactory(wilayah=wilayah["kelurahan"]).pk for _ in range(7))
    client = api_as(officer)
    seen, url = [], "/api/v1/lembaga/?page_size=3"
    while url:
        answer = client.get(url).json()
        assert answer["count"] == 7 and answer["pages"] == 3
        seen += [row["id"] for row in answer["results"]]
        url = answer["next"]
    assert seen == made
    last = client.get("/api/v1/lembaga/", {"page_size": 3, "page": 3}).json()
    assert last["previous"].endswith("page=2&page_size=3") and last["next"] is None
    beyond = client.get("/api/v1/lembaga/", {"page_size": 3, "page": 4})
    assert beyond.status_code == 404 and "halaman terakhir 3" in beyond.json()["detail"]


def test_an_empty_list_is_one_empty_page(wilayah, api_as, officer):
    answer = api_as(officer).get("/api/v1/lembaga/").json()
    assert answer == {"count": 0, "page": 1, "pages": 1, "page_size": 100, "next": None, "previous": None,
                      "results": []}  # fmt: skip


def test_changed_since_finds_only_recent_changes(world, api_as, officer, clock):
    clock.shift(datetime.timedelta(hours=1))
    later = "2026-06-15T10:30:00+07:00"
    Lembaga.objects.get(pk=world["B"]).save()  # `diubah` moves to now, past `later`
    assert set(_ids(api_as(officer).get("/api/v1/lembaga/", {"diubah_sejak": later}))) == world.of("B")
