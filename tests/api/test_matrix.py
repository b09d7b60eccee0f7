"""Role × endpoint: every persona's token sees through the API exactly what its pages show, no more."""

from __future__ import annotations

import datetime

import pytest

from forum.models import Keanggotaan
from tests.conftest import KELURAHAN, LUAR, TETANGGA

pytestmark = pytest.mark.django_db

PALEMBANG = ["16", "16.71", "16.71.05"]
SURABAYA = ["35", "35.78", "35.78.09"]

# Per persona and list: the objects its answer holds (keys of the world fixture; wilayah by code).
EXPECTED = {
    "admin_user": {
        "wilayah": {*PALEMBANG, TETANGGA, KELURAHAN, *SURABAYA, LUAR},
        "lembaga": "A B C D E",
        "kerjasama": "AB BC DE",
        "forum": "F1 F2 F3",
        "pertemuan": "M1 M2 M3",
        "program": "P1 P3",
        "pendamping": "Siti Tono",
        "kegiatan": "KSiti KTono",
    },
    "officer": {
        "wilayah": {KELURAHAN},
        "lembaga": "A B",
        "kerjasama": "AB BC",
        "forum": "F1 F2",
        "pertemuan": "M1 M2",
        "program": "P1",
        "pendamping": "Siti",
        "kegiatan": "KSiti",
    },
    "coordinator": {  # the forums they run, not every forum of the kelurahan
        "wilayah": {KELURAHAN},
        "lembaga": "A B",
        "kerjasama": "AB BC",
        "forum": "F1",
        "pertemuan": "M1",
        "program": "P1",
        "pendamping": "Siti",
        "kegiatan": "KSiti",
    },
    "analyst": {  # Dinas Sosial for the whole of Sumatera Selatan
        "wilayah": {*PALEMBANG, TETANGGA, KELURAHAN},
        "lembaga": "A B C",
        "kerjasama": "AB BC",
        "forum": "F1 F2",
        "pertemuan": "M1 M2",
        "program": "P1",
        "pendamping": "Siti",
        "kegiatan": "KSiti",
    },
    "outsider": {
        "wilayah": {LUAR},
        "lembaga": "D E",
        "kerjasama": "DE",
        "forum": "F3",
        "pertemuan": "M3",
        "program": "P3",
        "pendamping": "Tono",
        "kegiatan": "KTono",
    },
    "companion": {  # the pendamping role: its own record and log, the rest of its kelurahan to read
        "wilayah": {KELURAHAN},
        "lembaga": "A B",
        "kerjasama": "AB BC",
        "forum": "F1 F2",
        "pertemuan": "M1 M2",
        "program": "P1",
        "pendamping": "Siti",
        "kegiatan": "KSiti",
    },
}
# One object of each kind and where it lives, for the detail endpoints (a key of the world or a code).
DETAIL = {
    "wilayah": (KELURAHAN, LUAR),
    "lembaga": ("A", "D"),
    "kerjasama": ("AB", "DE"),
    "forum": ("F1", "F3"),
    "pertemuan": ("M1", "M3"),
    "program": ("P1", "P3"),
    "pendamping": ("Siti", "Tono"),
    "kegiatan": ("KSiti", "KTono"),
}


def _ids(answer: dict, resource: str) -> set:
    key = "kode" if resource == "wilayah" else "id"
    return {row[key] for row in answer["results"]}


def _expected(world, resource: str, value) -> set:
    return set(value) if resource == "wilayah" else world.of(*value.split())


def _path(world, resource: str, key: str) -> str:
    return f"/api/v1/{resource}/{key if resource == 'wilayah' else world[key]}/"


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_every_list_holds_what_the_persona_sees_on_its_pages(request, world, api_as, persona):
    client = api_as(request.getfixturevalue(persona))
    for resource, value in EXPECTED[persona].items():
        response = client.get(f"/api/v1/{resource}/")
        assert response.status_code == 200, resource
        assert _ids(response.json(), resource) == _expected(world, resource, value), resource


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_objects_outside_scope_are_not_found_as_on_pages(request, world, api_as, persona):
    client = api_as(request.getfixturevalue(persona))
    for resource, keys in DETAIL.items():
        visible = _expected(world, resource, EXPECTED[persona][resource])
        for key in keys:
            seen = (key if resource == "wilayah" else world[key]) in visible
            response = client.get(_path(world, resource, key))
            assert response.status_code == (200 if seen else 404), (resource, key)


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_meetings_are_the_same_whether_found_by_the_forums_ids_or_by_the_forum_rule(
    request, world, api_as, persona, monkeypatch
):
    """Meetings are filtered by the ids of the forums the caller sees; a scope of more forums than
    `access.MAX_IDS` keeps the forum rule as a subquery. Both give exactly the meetings of the pages."""
    from api import access, query

    client = api_as(request.getfixturevalue(persona))
    expected = _expected(world, "pertemuan", EXPECTED[persona]["pertemuan"])
    assert _ids(client.get("/api/v1/pertemuan/").json(), "pertemuan") == expected
    monkeypatch.setattr(access, "MAX_IDS", 0)
    query.forget_counts()
    assert _ids(client.get("/api/v1/pertemuan/").json(), "pertemuan") == expected
    assert client.get(_path(world, "pertemuan", "M1")).status_code == (200 if world["M1"] in expected else 404)


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_reports_answer_only_inside_the_personas_scope(request, world, api_as, persona):
    client = api_as(request.getfixturevalue(persona))
    wilayah = EXPECTED[persona]["wilayah"]
    for kode in (KELURAHAN, LUAR):
        assert client.get(f"/api/v1/laporan/{kode}/").status_code == (200 if kode in wilayah else 404), kode
    forum_seen = world["F1"] in _expected(world, "forum", EXPECTED[persona]["forum"])
    assert client.get(f"/api/v1/forum/{world['F1']}/laporan/").status_code == (200 if forum_seen else 404)


def test_who_am_i_names_the_token_user_and_scope(world, api_as, officer, admin_user):
    me = api_as(officer).get("/api/v1/saya/").json()
    assert me | {"batas_per_menit": 0} == {
        "username": "petugas",
        "peran": "petugas",
        "peran_label": "Petugas kelurahan",
        "wilayah": [KELURAHAN],
        "token": "uji",
        "token_berlaku_sampai": None,
        "batas_per_menit": 0,
    }
    assert api_as(admin_user).get("/api/v1/saya/").json()["wilayah"] is None


def test_a_wilayah_filter_outside_scope_is_not_found(world, api_as, officer):
    client = api_as(officer)
    response = client.get("/api/v1/lembaga/", {"wilayah": LUAR})
    assert response.status_code == 404
    assert LUAR in response.json()["detail"]
    assert client.get("/api/v1/lembaga/", {"wilayah": "99.99"}).status_code == 404


# --- personal data -------------------------------------------------------------------------------------


def test_contacts_leave_only_when_a_registry_editor_asks(world, api_as, officer, analyst):
    editor = api_as(officer)
    plain = editor.get(f"/api/v1/lembaga/{world['A']}/").json()
    assert plain["kontak"] is None
    asked = editor.get(f"/api/v1/lembaga/{world['A']}/", {"pribadi": "true"}).json()
    assert asked["kontak"] == {"nama": "Bu Ani", "telepon": "+6281234567890", "email": ""}
    listed = editor.get("/api/v1/lembaga/", {"pribadi": "true"}).json()["results"]
    assert {row["nama"]: row["kontak"]["nama"] for row in listed} == {"A LPMK": "Bu Ani", "B PKK": ""}
    meeting = editor.get(f"/api/v1/pertemuan/{world['M1']}/", {"pribadi": "true"}).json()
    assert [row["perwakilan"] for row in meeting["kehadiran"]] == ["Pak Budi", ""]
    person = editor.get(f"/api/v1/pendamping/{world['Siti']}/", {"pribadi": "true"}).json()
    assert person["kontak"] == {"telepon": "+6281111111111", "email": ""}


def test_readers_asking_for_personal_data_are_refused_and_never_get_it(world, api_as, analyst, coordinator):
    for user in (analyst, coordinator):
        client = api_as(user)
        refused = client.get("/api/v1/lembaga/", {"pribadi": "true"})
        assert refused.status_code == 403
        assert "pribadi" in refused.json()["detail"]
        body = client.get("/api/v1/pertemuan/").content.decode()
        assert "Pak Budi" not in body and "Bu Ani" not in body
        assert client.get(f"/api/v1/pendamping/{world['Siti']}/").json()["kontak"] is None


# --- what the answers carry ----------------------------------------------------------------------------


def test_a_tie_comes_with_its_dated_stage_history(world, api_as, officer):
    tie = api_as(officer).get(f"/api/v1/kerjasama/{world['AB']}/").json()
    assert (tie["tahap"], tie["tahap_label"], tie["tahap_sejak"]) == (3, "Koordinasi", "2025-03-01")
    assert [(row["tahap"], row["berlaku_mulai"], row["bukti"]) for row in tie["riwayat"]] == [
        (1, "2024-01-01", ""),
        (3, "2025-03-01", "MoU"),
    ]


def test_a_meeting_comes_with_attendance_agreements_and_follow_ups(world, api_as, coordinator):
    meeting = api_as(coordinator).get(f"/api/v1/pertemuan/{world['M1']}/").json()
    assert [(row["lembaga"]["id"], row["jumlah_orang"]) for row in meeting["kehadiran"]] == [
        (world["A"], 2),
        (world["B"], 1),
    ]
    (agreement,) = meeting["kesepakatan"]
    assert (agreement["isi"], agreement["lembaga"]) == ("Kerja bakti bersama", sorted(world.of("A", "B")))
    (follow_up,) = meeting["tindak_lanjut"]
    assert follow_up | {"id": 0} == {
        "id": 0,
        "uraian": "Undangan kerja bakti",
        "lembaga": {"id": world["A"], "kode": follow_up["lembaga"]["kode"], "nama": "A LPMK"},
        "kesepakatan": agreement["id"],
        "tenggat": "2025-02-08",
        "status": "rencana",
        "status_label": "Rencana",
    }


def test_agreements_come_in_their_order_each_with_the_lembaga_it_binds(world, api_as, coordinator):
    """Read in one query (an agreement's row once per lembaga it binds): an agreement binding nobody is still
    listed, with an empty list, and each keeps its own lembaga, in id order, whatever order they were bound in."""
    from forum.models import Pertemuan
    from pranata.models import Lembaga

    meeting = Pertemuan.objects.get(pk=world["M1"])
    nobody = meeting.kesepakatan.create(nomor=3, isi="Rapat berikutnya")
    two = meeting.kesepakatan.create(nomor=2, isi="Posyandu bersama")
    two.lembaga.add(Lembaga.objects.get(pk=world["B"]))
    two.lembaga.add(Lembaga.objects.get(pk=world["A"]))
    for path in (f"/api/v1/pertemuan/{world['M1']}/", "/api/v1/pertemuan/"):
        answer = api_as(coordinator).get(path).json()
        found = answer if "kesepakatan" in answer else next(r for r in answer["results"] if r["id"] == world["M1"])
        assert [(row["nomor"], row["isi"], row["lembaga"]) for row in found["kesepakatan"]] == [
            (1, "Kerja bakti bersama", sorted(world.of("A", "B"))),
            (2, "Posyandu bersama", sorted(world.of("A", "B"))),
            (3, "Rapat berikutnya", []),
        ], path
        assert found["kesepakatan"][2]["id"] == nobody.pk


def test_a_programme_comes_with_its_ledger_and_totals(world, api_as, officer):
    programme = api_as(officer).get(f"/api/v1/program/{world['P1']}/").json()
    assert [
        (row["lembaga"]["nama"], row["jumlah"], row["satuan"], row["nilai"]) for row in programme["kontribusi"]
    ] == [
        ("A LPMK", 1.0, "ruang", 500_000),
        ("B PKK", 2.5, "orang", None),
    ]
    assert programme["total_nilai"] == 500_000
    assert programme["penerima"] == [
        {"kategori": "lansia_terlantar", "kategori_label": "Lanjut usia terlantar", "jumlah": 12}
    ]
    assert {row["peran"] for row in programme["peserta"]} == {"pelaksana_utama", "mitra"}


def test_a_pendamping_comes_with_assignments_and_the_log_names_its_task(world, api_as, companion):
    client = api_as(companion)
    person = client.get(f"/api/v1/pendamping/{world['Siti']}/").json()
    assert [(row["forum"]["id"], row["mulai"]) for row in person["penugasan"]] == [(world["F1"], "2024-01-01")]
    (activity,) = client.get("/api/v1/kegiatan/").json()["results"]
    assert (activity["tugas"], activity["tugas_label"], activity["lembaga"]["id"]) == (
        "penguatan",
        "Penguatan",
        world["A"],
    )


@pytest.mark.parametrize(
    "resource, key, persona",
    [
        ("lembaga", "A", "officer"),
        ("kerjasama", "AB", "officer"),
        ("pertemuan", "M1", "coordinator"),
        ("program", "P1", "officer"),
        ("pendamping", "Siti", "companion"),
    ],
)
def test_a_lists_row_says_what_the_objects_own_answer_says(request, world, api_as, resource, key, persona):
    """Lists read nested rows in bulk (one query per nested list for the page), a detail reads one object: both
    give the same answer, nested lists in the same order."""
    client = api_as(request.getfixturevalue(persona))
    detail = client.get(f"/api/v1/{resource}/{world[key]}/").json()
    (row,) = [row for row in client.get(f"/api/v1/{resource}/").json()["results"] if row["id"] == world[key]]
    assert row == detail


def test_a_forum_list_counts_members_now_and_the_forum_lists_every_membership(world, api_as, coordinator):
    client = api_as(coordinator)
    Keanggotaan.objects.filter(forum_id=world["F1"], lembaga_id=world["B"]).update(selesai=datetime.date(2025, 6, 30))
    Keanggotaan.objects.create(
        forum_id=world["F1"], lembaga_id=world["B"], mulai=datetime.date(2025, 9, 1), peran="sekretaris"
    )
    rows = {row["id"]: row for row in client.get("/api/v1/forum/").json()["results"]}
    assert rows[world["F1"]]["jumlah_anggota"] == 2  # A, and B again since September
    assert "anggota" not in rows[world["F1"]]
    forum = client.get(f"/api/v1/forum/{world['F1']}/").json()
    assert [(m["lembaga"]["id"], m["peran"], m["peran_label"], m["mulai"], m["selesai"]) for m in forum["anggota"]] == [
        (world["A"], "anggota", "Anggota", "2024-01-01", None),
        (world["B"], "anggota", "Anggota", "2024-01-01", "2025-06-30"),
        (world["B"], "sekretaris", "Sekretaris", "2025-09-01", None),
    ]
    assert {key: value for key, value in forum.items() if key != "anggota"} == rows[world["F1"]]
