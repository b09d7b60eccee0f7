"""Each role's home answers "what needs me today", with figures equal to the pages they link to."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import services
from forum.models import Keanggotaan, Pertemuan
from pranata import reports
from pranata import services as pranata_services
from tests.conftest import KELURAHAN, TODAY, login
from tests.factories import ForumFactory

pytestmark = pytest.mark.django_db

HOME = reverse("pranata:home")
D = datetime.date


def meet(forum, user, day, *, hadir=(), lanjut=()):
    return services.pertemuan_log(
        forum=forum,
        oleh=user,
        fields={"tanggal": day, "jenis": "rapat_rutin", "tempat": "Balai RW"},
        hadir=[services.Hadir(m) for m in hadir],
        sepakat=[],
        lanjut=list(lanjut),
    )


@pytest.fixture
def network(officer, members):
    """A–B and C–D since 2024 at kooperasi; A–B climbs to koordinasi and B–C begins on 01/03/2026."""
    a, b, c, d = (members[k] for k in "abcd")
    ab = pranata_services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=2, mulai=D(2024, 1, 10), oleh=officer)
    pranata_services.kerjasama_create(lembaga_a=c, lembaga_b=d, tahap=2, mulai=D(2024, 1, 10), oleh=officer)
    pranata_services.kerjasama_set_tahap(kerjasama=ab, tahap=3, tanggal=D(2026, 3, 1), oleh=officer, bukti="MoU")
    pranata_services.kerjasama_create(lembaga_a=b, lembaga_b=c, tahap=3, mulai=D(2026, 3, 1), oleh=officer)
    return members


def test_the_officer_home_shows_the_kelurahan_stage_as_its_report_and_the_year_before(client, officer, network):
    response = login(client, officer).get(HOME)
    [summary] = response.context["jaringan"]
    scope = reports.resolve_wilayah_scope(KELURAHAN)
    today = reports.compute_report(scope, TODAY)["figures"]
    assert (summary.tahap, summary.n_lembaga, summary.n_kerjasama) == (today["tahap_jaringan"], 4, 3)
    # The year before is the last quarter end at least 365 days back: 31/03/2025, when A–B and C–D were
    # kooperasi (every lembaga tied at stage 2 or more: stage 2); today B–C joins them at koordinasi.
    assert summary.lalu_tanggal == D(2025, 3, 31)
    then = reports.compute_report(scope, summary.lalu_tanggal)["figures"]["tahap_jaringan"]
    assert (summary.lalu, then) == (2, 2)
    assert summary.tahap == 3 and summary.arah == "naik"
    assert "Naik dari Kooperasi (31/03/2025)" in response.text
    assert f'href="{reverse("pranata:laporan", args=[KELURAHAN])}"' in response.text


def test_the_officer_home_lists_upcoming_overdue_and_incomplete_meetings(client, officer, forum, members):
    a = members["a"]
    late = services.Lanjut("Kirim proposal", a, TODAY - datetime.timedelta(days=3))
    meet(forum, officer, TODAY - datetime.timedelta(days=10), hadir=[a], lanjut=[late])
    meet(forum, officer, TODAY - datetime.timedelta(days=20), hadir=[a])
    empty = meet(forum, officer, TODAY - datetime.timedelta(days=40))  # no attendance recorded
    soon = meet(forum, officer, TODAY + datetime.timedelta(days=5))
    meet(forum, officer, TODAY + datetime.timedelta(days=30))  # beyond the two weeks shown
    response = login(client, officer).get(HOME)
    [panel] = [p for p in response.context["panels"] if p["template"] == "forum/_home_petugas.html"]
    ctx = panel["context"]
    assert list(ctx["upcoming"]) == [soon]
    assert [t.uraian for t in ctx["overdue"]] == ["Kirim proposal"] and ctx["n_overdue"] == 1
    # The meetings still ahead have no attendance either, but only a held one is an incomplete record.
    assert list(ctx["incomplete"]) == [empty]
    # The last three meetings held: two with only A, one with nobody recorded.
    assert [(f, sorted(m.nama for m in missed)) for f, missed in ctx["absent"]] == [
        (forum, ["B PKK", "C Posyandu", "D Karang Taruna"])
    ]
    assert "1 tindak lanjut terlambat" in response.text


def test_the_dinsos_home_figures_equal_the_forum_list_and_activity_pages(client, analyst, officer, wilayah, members):
    kel = wilayah["kelurahan"]
    active = ForumFactory(nama="Forum Aktif", wilayah=kel)
    quiet = ForumFactory(nama="Forum Diam", wilayah=kel)
    never = ForumFactory(nama="Forum Baru", wilayah=kel)
    a = members["a"]
    late = services.Lanjut("Laporan", a, TODAY - datetime.timedelta(days=2))
    meet(active, officer, TODAY - datetime.timedelta(days=20), lanjut=[late])
    meet(quiet, officer, D(2026, 1, 10), lanjut=[services.Lanjut("Surat", a, D(2026, 2, 1))])
    meet(quiet, officer, D(2024, 1, 10), lanjut=[services.Lanjut("Lama sekali", a, D(2024, 2, 1))])  # > a year
    response = login(client, analyst).get(HOME)
    [panel] = [p for p in response.context["panels"] if p["template"] == "forum/_home_dinsos.html"]
    ctx = panel["context"]
    # Forums with no meeting in 90 days: never-met first, then the longest quiet; the fixture's forum never met.
    names = [f.nama for f in ctx["quiet"]]
    assert set(names) == {"Forum Diam", "Forum Baru", "Forum Pranata Sosial Ilir D IV"} and names[-1] == "Forum Diam"
    assert ctx["n_quiet"] == 3
    listed = client.get(reverse("forum:forum-list"), {"diam": "1"})
    assert listed.context["page"].paginator.count == ctx["n_quiet"]
    assert "Forum Aktif" not in listed.text and "terakhir 10/01/2026" in response.text
    # Overdue follow-ups per kabupaten (the province's areas) = the activity page's "terlambat" summed.
    [(province, rows)] = ctx["areas"]
    assert province.kode == "16"
    counts = {child.kode: n for child, n in rows}
    assert counts["16.71"] == 2  # "Laporan" and "Surat"; the one from 2024 is outside the 12 months
    page = client.get(reverse("forum:aktivitas", args=["16.71"]))
    assert sum(row["forum"].n_tl_terlambat for row in page.context["rows"]) == counts["16.71"]
    assert never.pk and Pertemuan.objects.filter(forum=never).count() == 0


def test_the_dinsos_home_shows_each_area_below_with_its_stage_as_its_own_report(client, analyst, network):
    response = login(client, analyst).get(HOME)
    [summary] = response.context["jaringan"]
    assert summary.wilayah.kode == "16"
    [area] = [a for a in summary.areas if a.kode == "16.71"]
    own = reports.compute_report(reports.resolve_wilayah_scope("16.71"), TODAY)["figures"]["tahap_jaringan"]
    assert area.tahap == own == 3
    assert area.url == reverse("pranata:laporan", args=["16.71"])
    assert "Tahap jaringan wilayah Anda" in response.text


def _officer_home_queries(client, officer, forums: range, members):
    for i in forums:
        extra = ForumFactory(nama=f"Forum Tambahan {i}", wilayah=members["a"].wilayah, tanggal_berdiri=D(2020, 1, 1))
        for lembaga in (members["a"], members["b"]):
            Keanggotaan.objects.create(forum=extra, lembaga=lembaga, mulai=D(2020, 1, 1))
        for days in (5, 15, 25):
            meet(extra, officer, TODAY - datetime.timedelta(days=days))
    login(client, officer).get(HOME)  # warm: the kelurahan report is cached after the first visit
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME)
    return len(queries), response


def test_the_officer_home_reads_absent_members_in_constant_queries(client, officer, forum, members):
    few, _response = _officer_home_queries(client, officer, range(1), members)
    many, response = _officer_home_queries(client, officer, range(1, 5), members)
    assert many == few
    [panel] = [p for p in response.context["panels"] if p["template"] == "forum/_home_petugas.html"]
    # Every extra forum held three meetings with nobody recorded: both its members missed them all; the
    # fixture's forum held none, so it is not listed.
    absent = {f.nama: sorted(m.nama for m in missed) for f, missed in panel["context"]["absent"]}
    assert absent == {f"Forum Tambahan {i}": sorted([members["a"].nama, members["b"].nama]) for i in range(5)}
