"""The pendampingan report on a hand-made log: every figure counted by hand below."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse

from pendampingan import reports, services
from pendampingan.models import Pendamping
from pranata import services as pranata_services
from tests.conftest import JAKARTA, KELURAHAN, TODAY, login
from tests.factories import LembagaFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def log(psm, tksk, forum, members, coordinator, officer, companion_user, admin_user, wilayah):
    """TODAY is 15/06/2026. PSM (assigned to the forum since 01/01/2026) logs four activities, the TKSK
    (assigned to lembaga C) two; one more of the PSM's lies before the period asked for."""
    services.penugasan_create(pendamping=psm, forum=forum, mulai=D(2025, 1, 1), oleh=coordinator)
    services.penugasan_create(pendamping=tksk, lembaga=members["c"], mulai=D(2025, 1, 1), oleh=admin_user)
    LembagaFactory(nama="E Majelis Taklim", wilayah=wilayah["kelurahan"])  # never accompanied, not a member

    def entry(who, user, day, tugas, **target):
        services.kegiatan_log(pendamping=who, oleh=user, tanggal=day, tugas=tugas, uraian="x", **target)

    entry(psm, companion_user, D(2025, 12, 20), "penguatan", lembaga=members["a"])  # before the period
    entry(psm, companion_user, D(2026, 1, 10), "penguatan", lembaga=members["a"])
    entry(psm, companion_user, D(2026, 1, 25), "pemungkinan", forum=forum)
    entry(psm, companion_user, D(2026, 4, 2), "penguatan", lembaga=members["b"])
    entry(psm, companion_user, D(2026, 6, 1), "perlindungan", lembaga=members["a"])
    entry(tksk, admin_user, D(2026, 2, 14), "pendukungan", lembaga=members["c"])
    entry(tksk, admin_user, D(2026, 2, 28), "pendukungan", lembaga=members["c"])


def test_report_figures_on_a_hand_made_log(log, psm, tksk, members):
    laporan = reports.build(reports.Scope(kode=KELURAHAN), D(2026, 1, 1), TODAY)
    assert laporan.total == 6
    assert laporan.per_tugas == {"pemungkinan": 1, "penguatan": 2, "perlindungan": 1, "pendukungan": 2}
    by_month = {month: counts for month, counts in laporan.per_bulan}
    assert list(by_month) == [D(2026, m, 1) for m in range(1, 7)]
    assert by_month[D(2026, 1, 1)] == {"pemungkinan": 1, "penguatan": 1, "perlindungan": 0, "pendukungan": 0}
    assert by_month[D(2026, 2, 1)]["pendukungan"] == 2 and sum(by_month[D(2026, 3, 1)].values()) == 0
    # The PSM works in the kelurahan; the TKSK (kecamatan) is active here through the assignment to C.
    assert laporan.pendamping_aktif == 2 and laporan.per_jenis == {"psm": 1, "tksk": 1}
    workload = {b.nama: (b.kegiatan, b.lembaga, b.forum, b.penugasan, b.terakhir) for b in laporan.beban}
    assert workload == {"Siti Aminah": (4, 2, 1, 1, D(2026, 6, 1)), "Budi TKSK": (2, 1, 0, 1, D(2026, 2, 28))}
    # Last three months (15/03 – 15/06): A and B were accompanied; C (last in February) and E were not.
    assert laporan.n_lembaga == 4
    assert [lem.nama for lem in laporan.lembaga_tanpa] == ["C Posyandu", "E Majelis Taklim"]
    assert laporan.n_forum_tanpa == 1  # the forum itself was last visited in January


@override_settings(SIMPUL_PENDAMPINGAN_BULAN=6)
def test_the_unaccompanied_window_is_a_setting(log):
    laporan = reports.build(reports.Scope(kode=KELURAHAN), D(2026, 1, 1), TODAY)
    assert [lem.nama for lem in laporan.lembaga_tanpa] == ["E Majelis Taklim"]
    assert laporan.n_forum_tanpa == 0


def test_a_forums_report_counts_its_own_and_its_members_activities(log, forum):
    laporan = reports.build(reports.Scope(forum=forum), D(2026, 1, 1), TODAY)
    assert laporan.total == 6  # A, B and C are members, and one activity is with the forum itself
    assert laporan.n_lembaga == 3


def test_months_before_clamps_to_the_months_end():
    assert reports.months_before(D(2026, 5, 31), 3) == D(2026, 2, 28)
    assert reports.months_before(D(2026, 6, 15), 3) == D(2026, 3, 15)
    assert reports.months_before(D(2026, 1, 31), 1) == D(2025, 12, 31)


def test_the_page_and_the_download_say_the_same(client, log, analyst):
    login(client, analyst)
    url = reverse("pendampingan:laporan", args=[KELURAHAN])
    page = client.get(url, {"dari": "01/01/2026", "sampai": TODAY.strftime("%d/%m/%Y")})
    assert page.status_code == 200
    assert 'id="n-kegiatan">6<' in page.text and 'id="n-lembaga-tanpa">2<' in page.text
    csv = client.get(url, {"dari": "2026-01-01", "sampai": TODAY.isoformat(), "format": "csv"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("pendamping,jenis,kegiatan")
    assert lines[1].startswith("Siti Aminah,psm,4,2,1,1,01/06/2026")


def test_a_pendamping_cannot_read_the_area_report(client, log, companion_user):
    login(client, companion_user)
    assert client.get(reverse("pendampingan:laporan", args=[KELURAHAN])).status_code == 403


def test_pendamping_of_the_log_are_the_ones_shown(psm):
    assert Pendamping.objects.aktif_pada(D(2021, 12, 31)).count() == 0
    assert list(Pendamping.objects.aktif_pada(D(2022, 1, 1))) == [psm]


def test_a_past_periods_figures_do_not_change_when_a_lembaga_is_archived_later(log, members, officer, clock):
    before = reports.build(reports.Scope(kode=KELURAHAN), D(2026, 1, 1), D(2026, 5, 31))
    clock.move_to(datetime.datetime(2026, 6, 20, 10, 0, tzinfo=JAKARTA))
    pranata_services.lembaga_set_status(lembaga=members["c"], status="arsip", tanggal=D(2026, 6, 20), oleh=officer)
    after = reports.build(reports.Scope(kode=KELURAHAN), D(2026, 1, 1), D(2026, 5, 31))
    assert (after.n_lembaga, after.n_lembaga_tanpa) == (before.n_lembaga, before.n_lembaga_tanpa) == (4, 2)
    assert [lem.nama for lem in after.lembaga_tanpa] == [lem.nama for lem in before.lembaga_tanpa]
