"""Pendampingan pages: forms keep what was typed and explain, lists paginate with a constant number of queries,
other pages show what pendampingan knows."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pendampingan import access, services
from pendampingan.models import Kegiatan, Pelatihan, Pendamping
from tests.conftest import KELURAHAN, TODAY, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(psm, forum, coordinator):
    return services.penugasan_create(pendamping=psm, forum=forum, mulai=datetime.date(2025, 1, 1), oleh=coordinator)


def test_a_pendamping_logs_from_the_phone_form(client, psm, members, assigned, companion_user):
    login(client, companion_user)
    start = client.get(reverse("pendampingan:kegiatan-mulai"))
    url = reverse("pendampingan:kegiatan-create", args=[psm.pk])
    assert start.status_code == 302 and start.url == url
    form = client.get(url).text
    assert members["a"].nama in form and 'name="peran_penyuluh"' not in form  # a PSM is not a penyuluh
    response = client.post(
        url,
        {"tanggal": "14/06/2026", "lembaga": members["a"].pk, "tugas": "penguatan", "teknik": "informasi",
         "uraian": "Sosialisasi posyandu"},
    )  # fmt: skip
    assert response.status_code == 302
    kegiatan = Kegiatan.objects.get()
    assert (kegiatan.tanggal, kegiatan.lembaga, kegiatan.teknik) == (
        datetime.date(2026, 6, 14),
        members["a"],
        "informasi",
    )


def test_a_wrong_log_keeps_what_was_typed_and_says_why(client, psm, members, assigned, companion_user):
    login(client, companion_user)
    url = reverse("pendampingan:kegiatan-create", args=[psm.pk])
    future = (TODAY + datetime.timedelta(days=2)).strftime("%d/%m/%Y")
    response = client.post(
        url, {"tanggal": future, "lembaga": members["a"].pk, "tugas": "penguatan", "uraian": "Catatan panjang saya"}
    )
    assert response.status_code == 400
    assert "Tanggal tidak boleh di masa depan." in response.text
    assert "Catatan panjang saya" in response.text and f'value="{future}"' in response.text
    assert Kegiatan.objects.count() == 0


def test_nobody_logs_for_someone_elses_pendamping(client, psm, assigned, coordinator, outsider):
    for user in (coordinator, outsider):
        login(client, user)
        assert client.get(reverse("pendampingan:kegiatan-create", args=[psm.pk])).status_code == 404


def test_registering_a_pendamping_explains_and_keeps_input(client, officer, wilayah):
    login(client, officer)
    url = reverse("pendampingan:pendamping-create")
    data = {
        "nama": "Rahmat",
        "jenis": "psm",
        "wilayah": wilayah["kelurahan"].pk,
        "telepon": "12",
        "mulai": "01/02/2026",
    }
    response = client.post(url, data)
    assert (
        response.status_code == 400
        and "Nomor telepon tidak valid" in response.text
        and 'value="Rahmat"' in response.text
    )
    assert Pendamping.objects.count() == 0
    data["telepon"] = "0812-1111-2222"
    assert client.post(url, data).status_code == 302
    saved = Pendamping.objects.get()
    assert (saved.nama, str(saved.telepon), saved.dibuat_oleh) == ("Rahmat", "+6281211112222", officer)


def test_an_officer_cannot_register_someone_outside_their_area(client, officer, wilayah):
    login(client, officer)
    data = {"nama": "X", "jenis": "psm", "wilayah": wilayah["luar"].pk, "mulai": "01/02/2026"}
    response = client.post(reverse("pendampingan:pendamping-create"), data)
    assert response.status_code == 400 and Pendamping.objects.count() == 0


def test_ending_an_assignment_asks_first(client, assigned, coordinator):
    login(client, coordinator)
    url = reverse("pendampingan:penugasan-end", args=[assigned.pk])
    assert "Akhiri penugasan" in client.get(url).text
    client.post(url, {"selesai": TODAY.strftime("%d/%m/%Y")})  # no konfirmasi: nothing happens
    assigned.refresh_from_db()
    assert assigned.selesai is None
    assert client.post(url, {"selesai": TODAY.strftime("%d/%m/%Y"), "konfirmasi": "1"}).status_code == 302
    assigned.refresh_from_db()
    assert assigned.selesai == TODAY


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_lists_read_a_constant_number_of_queries(client, officer, psm, members, assigned, companion_user, wilayah):
    login(client, officer)
    lists = [reverse(name) for name in ("pendampingan:pendamping-list", "pendampingan:kegiatan-list")]
    services.kegiatan_log(
        pendamping=psm, oleh=companion_user, tanggal=TODAY, tugas="penguatan", uraian="x", lembaga=members["a"]
    )  # one row on each list first: an empty page reads no rows at all
    before = [_queries(client, url) for url in lists]
    for n in range(12):
        Pendamping.objects.create(nama=f"Relawan {n}", jenis="lain", wilayah=wilayah["kelurahan"], mulai=psm.mulai)
        services.kegiatan_log(
            pendamping=psm, oleh=companion_user, tanggal=TODAY, tugas="penguatan", uraian="x", lembaga=members["a"]
        )
    assert [_queries(client, url) for url in lists] == before


def test_the_lembaga_page_names_its_pendamping(client, officer, psm, members, assigned, companion_user):
    services.penugasan_create(pendamping=psm, lembaga=members["b"], mulai=TODAY, oleh=officer)
    login(client, officer)
    page = client.get(members["b"].get_absolute_url()).text
    assert "Pendampingan" in page and "Siti Aminah" in page


def test_the_pendampings_home_lists_their_assignments(client, psm, assigned, companion_user, forum):
    login(client, companion_user)
    page = client.get(reverse("pranata:home")).text
    assert "Penugasan saya" in page and forum.nama in page
    assert reverse("pendampingan:kegiatan-create", args=[psm.pk]) in page


def test_the_report_map_shows_who_accompanies_each_lembaga(client, analyst, psm, tksk, members, assigned, admin_user):
    services.penugasan_create(pendamping=tksk, lembaga=members["c"], mulai=TODAY, oleh=admin_user)
    login(client, analyst)
    data = client.get(reverse("pranata:laporan-peta", args=[KELURAHAN])).json()
    layer = data["lapisan"]["pendamping"]
    psm_label = "Siti Aminah (Pekerja sosial masyarakat (PSM))"
    assert layer["lembaga"] == {
        str(members["a"].pk): [psm_label],
        str(members["b"].pk): [psm_label],
        str(members["c"].pk): ["Budi TKSK (Tenaga kesejahteraan sosial kecamatan (TKSK))", psm_label],
    }
    # As of a date before the assignments, nobody accompanied them: no layer at all.
    earlier = client.get(reverse("pranata:laporan-peta", args=[KELURAHAN]), {"per": "2024-06-01"}).json()
    assert earlier["lapisan"] == {}


def test_a_training_that_ends_before_it_starts_is_refused_with_the_input_kept(client, officer, psm, wilayah):
    login(client, officer)
    data = {
        "nama": "Pembekalan PSM",
        "penyelenggara": "Dinas Sosial Kota",
        "wilayah": wilayah["kelurahan"].pk,
        "mulai": "10/06/2026",
        "selesai": "08/06/2026",
        "peserta": [psm.pk],
    }
    response = client.post(reverse("pendampingan:pelatihan-create"), data)
    assert response.status_code == 400
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.text
    assert 'value="Pembekalan PSM"' in response.text
    assert not Pelatihan.objects.exists()
    data["selesai"] = "12/06/2026"
    assert client.post(reverse("pendampingan:pelatihan-create"), data).status_code == 302
    assert list(Pelatihan.objects.get().peserta.values_list("pendamping", flat=True)) == [psm.pk]


def test_a_pendampings_page_reads_a_constant_number_of_queries(client, officer, psm, members, assigned):
    login(client, officer)
    url = reverse("pendampingan:pendamping-detail", args=[psm.pk])
    services.penugasan_create(pendamping=psm, lembaga=members["a"], mulai=TODAY, oleh=officer)
    before = _queries(client, url)  # one assignment of each kind (a forum, a lembaga), then more
    for key in ("b", "c"):
        services.penugasan_create(pendamping=psm, lembaga=members[key], mulai=TODAY, oleh=officer)
    assert _queries(client, url) == before
    assert client.get(url).text.count("Akhiri…") == 4


def test_a_lembaga_page_lists_exactly_the_activities_its_reader_may_see(
    client, officer, analyst, outsider, admin_user, psm, tksk, forum, members, assigned, companion_user
):
    """`kegiatan_with` skips the scope test for a lembaga its reader sees: a PSM still sees only their own
    activities, an officer or Dinas Sosial all of them, someone outside the area none."""
    services.penugasan_create(pendamping=tksk, forum=forum, mulai=datetime.date(2025, 1, 1), oleh=admin_user)
    own = services.kegiatan_log(
        pendamping=psm, oleh=companion_user, tanggal=TODAY, tugas="penguatan", uraian="x", lembaga=members["a"]
    )
    others = services.kegiatan_log(
        pendamping=tksk, oleh=admin_user, tanggal=TODAY, tugas="penguatan", uraian="y", lembaga=members["a"]
    )
    services.kegiatan_log(  # with another lembaga: never on this page
        pendamping=tksk, oleh=admin_user, tanggal=TODAY, tugas="penguatan", uraian="z", lembaga=members["b"]
    )
    expected = {officer: {own, others}, analyst: {own, others}, admin_user: {own, others}, companion_user: {own}}
    expected[outsider] = set()
    for user, rows in expected.items():
        assert set(access.kegiatan_with(user, members["a"])) == rows, user.username
        assert set(access.visible_kegiatan(user).filter(lembaga=members["a"])) == rows, user.username
    login(client, officer)
    page = client.get(members["a"].get_absolute_url()).text
    assert "Siti Aminah" in page and "Budi TKSK" in page
    login(client, companion_user)
    page = client.get(members["a"].get_absolute_url()).text
    assert "Siti Aminah" in page and "Budi TKSK" not in page
