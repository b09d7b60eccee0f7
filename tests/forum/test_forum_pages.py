import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from forum import services
from forum.models import Keanggotaan, ProgramBersama
from pranata import reports
from pranata import services as pranata_services
from pranata.models import Kerjasama
from tests.conftest import TODAY, login
from tests.factories import LembagaFactory, SumberDayaFactory

pytestmark = pytest.mark.django_db


def log(forum, coordinator, *, days_ago=1, hadir=(), sepakat=(), lanjut=()):
    return services.pertemuan_log(
        forum=forum,
        oleh=coordinator,
        fields={"tanggal": TODAY - datetime.timedelta(days=days_ago), "jenis": "rapat_rutin"},
        hadir=[services.Hadir(m) for m in hadir],
        sepakat=list(sepakat),
        lanjut=list(lanjut),
    )


@pytest.mark.parametrize("n", [1, 10])
def test_forum_page_query_count_is_constant(client, coordinator, forum, members, n, django_assert_max_num_queries):
    for i in range(n):
        log(
            forum,
            coordinator,
            days_ago=i + 1,
            hadir=members.values(),
            lanjut=[services.Lanjut(f"Tugas {i}", members["a"], TODAY + datetime.timedelta(days=5))],
        )
    login(client, coordinator)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("forum:forum-detail", args=[forum.pk]))
    assert response.status_code == 200
    assert response.context["figures"]["pertemuan"] == n


def test_forum_page_shows_attendance_rate_per_member(client, coordinator, forum, members):
    log(forum, coordinator, days_ago=3, hadir=[members["a"], members["b"]])
    log(forum, coordinator, days_ago=2, hadir=[members["a"]])
    response = login(client, coordinator).get(reverse("forum:forum-detail", args=[forum.pk]))
    rates = {row["keanggotaan"].lembaga.nama: (row["hadir"], row["dari"]) for row in response.context["attendance"]}
    assert rates == {"A LPMK": (2, 2), "B PKK": (1, 2), "C Posyandu": (0, 2), "D Karang Taruna": (0, 2)}
    assert response.context["figures"]["hadir_rata"] == pytest.approx(3 / 8)


def test_member_joins_and_leaves_with_dates(client, coordinator, forum, members, wilayah):
    new = LembagaFactory(nama="E Majelis Taklim", wilayah=wilayah["kelurahan"])
    login(client, coordinator)
    client.post(
        reverse("forum:member-add", args=[forum.pk]), {"lembaga": new.pk, "peran": "anggota", "mulai": "2025-01-01"}
    )
    member = Keanggotaan.objects.get(lembaga=new)
    assert member.mulai == datetime.date(2025, 1, 1)
    url = reverse("forum:member-end", args=[forum.pk, member.pk])
    # The forum page only links to the confirmation; the page says what leaving means and asks for the date.
    assert f'href="{url}"' in client.get(reverse("forum:forum-detail", args=[forum.pk])).text
    asked = client.get(url)
    assert "Catat “E Majelis Taklim” keluar dari" in asked.text and "tetap tersimpan" in asked.text
    # A POST without the confirmation (an old page's one-tap form) ends nothing: it shows the question.
    client.post(url, {"selesai": "2025-06-01"})
    member.refresh_from_db()
    assert member.selesai is None
    # A date before joining is refused on the page, what was typed kept.
    refused = client.post(url, {"selesai": "2024-06-01", "konfirmasi": "1"})
    assert refused.status_code == 400 and "tidak boleh sebelum tanggal bergabung" in refused.text
    assert 'value="2024-06-01"' in refused.text
    member.refresh_from_db()
    assert member.selesai is None
    client.post(url, {"selesai": "2025-06-01", "konfirmasi": "1"})
    member.refresh_from_db()
    assert member.selesai == datetime.date(2025, 6, 1)
    assert Keanggotaan.objects.filter(lembaga=new).count() == 1


def test_adding_an_existing_member_is_explained(client, coordinator, forum, members):
    login(client, coordinator)
    response = client.post(
        reverse("forum:member-add", args=[forum.pk]),
        {"lembaga": members["a"].pk, "peran": "anggota", "mulai": "2025-01-01"},
        follow=True,
    )
    assert "Lembaga ini sudah menjadi anggota, tidak aktif, atau di luar wilayah forum." in response.text
    assert Keanggotaan.objects.filter(lembaga=members["a"]).count() == 1


def test_suggested_tie_appears_and_accepting_it_records_the_stage_with_evidence(
    client, coordinator, officer, forum, members
):
    log(forum, coordinator, hadir=[members["a"], members["b"]])
    login(client, officer)
    page = client.get(reverse("forum:forum-detail", args=[forum.pk]))
    assert [(r["nama_a"], r["nama_b"], r["tahap"]) for r in page.context["saran"]] == [("A LPMK", "B PKK", 1)]
    response = client.post(
        reverse("pranata:kerjasama-terima"), {"a": members["b"].pk, "b": members["a"].pk, "tahap": 5}
    )
    tie = Kerjasama.objects.get()
    assert response.url == tie.get_absolute_url()
    assert tie.tahap == 1
    history = tie.riwayat.get()
    assert history.bukti.startswith("komunikasi: hadir bersama di 1 pertemuan forum")
    assert history.oleh == officer
    assert client.get(reverse("forum:forum-detail", args=[forum.pk])).context["saran"] == []


def test_coordinator_cannot_accept_a_suggestion(client, coordinator, forum, members):
    log(forum, coordinator, hadir=[members["a"], members["b"]])
    response = login(client, coordinator).post(
        reverse("pranata:kerjasama-terima"), {"a": members["a"].pk, "b": members["b"].pk}
    )
    assert response.status_code == 403
    assert not Kerjasama.objects.exists()


def test_accepting_without_evidence_records_nothing(client, officer, members):
    response = login(client, officer).post(
        reverse("pranata:kerjasama-terima"), {"a": members["a"].pk, "b": members["b"].pk}, follow=True
    )
    assert "Bukti untuk kerjasama ini sudah tidak ada" in response.text
    assert not Kerjasama.objects.exists()


def test_coordinator_home_shows_next_meeting_overdue_and_absent_members(client, coordinator, forum, members):
    for days in (30, 20, 10):
        log(
            forum,
            coordinator,
            days_ago=days,
            hadir=[members["a"], members["b"], members["c"]],
            lanjut=[services.Lanjut(f"Tugas {days}", members["a"], TODAY - datetime.timedelta(days=days - 5))],
        )
    upcoming = log(forum, coordinator, days_ago=-7)
    response = login(client, coordinator).get(reverse("pranata:home"))
    [panel] = response.context["panels"]
    ctx = panel["context"]
    assert ctx["next_meeting"] == upcoming
    assert [t.uraian for t in ctx["overdue"]] == ["Tugas 30", "Tugas 20", "Tugas 10"]
    assert ctx["absent"] == [(forum, [members["d"]])]
    assert "Pertemuan berikutnya" in response.text


def _programme_post(forum, members, **overrides):
    data = {
        "nama": "Posyandu Terpadu",
        "forum": forum.pk,
        "wilayah": forum.wilayah.pk,
        "status": "berjalan",
        "mulai": "2025-01-01",
        "selesai": "",
        "deskripsi": "",
        "peserta": [members["c"].pk, members["b"].pk],
        "pelaksana_utama": members["c"].pk,
        "pm-TOTAL_FORMS": "3",
        "pm-INITIAL_FORMS": "0",
        "pm-0-kategori": "anak_balita_terlantar",
        "pm-0-jumlah": "45",
    }
    data.update(overrides)
    return data


def test_joint_programme_with_roles_resources_and_beneficiaries(client, officer, forum, members):
    resource = SumberDayaFactory(lembaga=members["c"], jenis="tempat", uraian="Balai RW")
    data = _programme_post(forum, members, sumber=[resource.pk])
    response = login(client, officer).post(reverse("forum:program-create"), data)
    program = ProgramBersama.objects.get()
    assert response.url == program.get_absolute_url()
    assert {(p.lembaga.nama, p.peran) for p in program.peserta.all()} == {
        ("C Posyandu", "pelaksana_utama"),
        ("B PKK", "mitra"),
    }
    assert list(program.sumber_daya.all()) == [resource]
    assert list(program.penerima.values_list("kategori", "jumlah")) == [("anak_balita_terlantar", 45)]


def test_programme_status_is_changed_from_its_page_and_bad_statuses_change_nothing(
    client, officer, analyst, forum, members
):
    login(client, officer).post(reverse("forum:program-create"), _programme_post(forum, members))
    program = ProgramBersama.objects.get()
    url = reverse("forum:program-status", args=[program.pk])
    response = client.post(url, {"status": "berjalan"}, follow=True)
    program.refresh_from_db()
    assert program.status == "berjalan"
    assert "Status program: Berjalan." in response.text
    assert program.history.latest("history_date").history_user == officer

    response = client.post(url, {"status": "entah"}, follow=True)
    assert "Status tidak dikenal." in response.text
    program.refresh_from_db()
    assert program.status == "berjalan"

    login(client, analyst)
    assert client.post(url, {"status": "selesai"}).status_code in {403, 404}
    program.refresh_from_db()
    assert program.status == "berjalan"


def test_programme_ending_before_it_starts_is_refused(client, officer, forum, members):
    response = login(client, officer).post(
        reverse("forum:program-create"), _programme_post(forum, members, selesai="2024-12-31")
    )
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.text
    assert 'value="Posyandu Terpadu"' in response.text
    assert not ProgramBersama.objects.exists()


def test_programme_needs_two_participants(client, officer, forum, members):
    response = login(client, officer).post(
        reverse("forum:program-create"), _programme_post(forum, members, peserta=[members["c"].pk])
    )
    assert "sedikitnya dua lembaga" in response.text
    assert not ProgramBersama.objects.exists()


def test_activity_report_counts_per_forum_and_exports_csv(client, analyst, coordinator, forum, members):
    log(
        forum,
        coordinator,
        days_ago=10,
        hadir=[members["a"], members["b"]],
        sepakat=[services.Sepakat("Kerja bakti", [members["a"]])],
        lanjut=[services.Lanjut("Jadwal", members["a"], TODAY - datetime.timedelta(days=2))],
    )
    login(client, analyst)
    response = client.get(reverse("forum:aktivitas", args=["16.71"]))
    [row] = response.context["rows"]
    assert (row["forum"].n_pertemuan, row["forum"].n_kesepakatan, row["forum"].n_tl, row["forum"].n_tl_terlambat) == (
        1,
        1,
        1,
        1,
    )
    assert row["rate"] == pytest.approx(0.5)
    csv = client.get(reverse("forum:aktivitas", args=["16.71"]), {"format": "csv"}).content.decode("utf-8-sig")
    assert csv.splitlines()[1].startswith("Forum Pranata Sosial Ilir D IV,Ilir D IV,1,0.5,1,1,0,1")
    document = client.get(reverse("forum:aktivitas", args=["16.71"]), {"format": "pdf"})
    assert document["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(document.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Aktivitas forum pranata sosial" in text and "Forum Pranata Sosial Ilir D IV" in text and "50%" in text
    # The kecamatan report's drill-down says the same of this forum's kelurahan as the activity page.
    areas = reports.compute_report(reports.resolve_wilayah_scope("16.71.05"), TODAY)["wilayah_anak"]["rows"]
    assert {a["kode"]: a["aktivitas"].get("kehadiran") for a in areas}["16.71.05.1006"] == row["rate"]


def test_activity_report_outside_scope_is_404(client, outsider, forum):
    assert login(client, outsider).get(reverse("forum:aktivitas", args=["16.71"])).status_code == 404


def test_a_follow_up_due_today_turns_overdue_at_jakarta_midnight_not_utc_midnight(
    client, coordinator, officer, forum, members, clock
):
    """Jakarta is UTC+7: the day changes at 17:00 UTC. Dates must follow the office's clock, not the server's."""
    clock.move_to(datetime.datetime(2026, 6, 15, 16, 59, 50, tzinfo=datetime.timezone.utc))  # 23:59:50 WIB
    due = datetime.date(2026, 6, 15)
    log(forum, coordinator, days_ago=3, hadir=[members["a"]], lanjut=[services.Lanjut("Undangan", members["a"], due)])
    login(client, coordinator)
    before = client.get(reverse("pranata:home"))
    assert [t.uraian for t in before.context["panels"][0]["context"]["overdue"]] == []

    clock.move_to(datetime.datetime(2026, 6, 15, 17, 0, 5, tzinfo=datetime.timezone.utc))  # 00:00:05 WIB, 16 June
    after = client.get(reverse("pranata:home"))
    assert [t.uraian for t in after.context["panels"][0]["context"]["overdue"]] == ["Undangan"]
    # A tie started on the new Jakarta day is not "in the future", although UTC is still on the 15th.
    assert datetime.date.today() == datetime.date(2026, 6, 15)
    tie = pranata_services.kerjasama_create(
        lembaga_a=members["a"], lembaga_b=members["b"], tahap=1, mulai=datetime.date(2026, 6, 16), oleh=officer
    )
    assert Kerjasama.objects.get(pk=tie.pk).mulai == datetime.date(2026, 6, 16)


def test_meetings_per_month_chart_has_every_month_of_the_period_and_the_table_says_the_same(
    client, analyst, coordinator, forum, members
):
    log(forum, coordinator, days_ago=3, hadir=[members["a"]])
    log(forum, coordinator, days_ago=4, hadir=[members["b"]])
    login(client, analyst)
    end = TODAY
    start = (end - datetime.timedelta(days=100)).replace(day=1)
    response = client.get(
        reverse("forum:aktivitas", args=["16.71"]), {"dari": f"{start:%d/%m/%Y}", "sampai": f"{end:%d/%m/%Y}"}
    )
    chart = response.context["chart"]
    months = [b["tanggal"] for b in chart["bars"]]
    assert months[0] == start and months[-1] == end.replace(day=1)
    assert len(months) == (end.year - start.year) * 12 + end.month - start.month + 1  # gaps included
    meetings_month = (
        (TODAY - datetime.timedelta(days=3)).replace(day=1),
        (TODAY - datetime.timedelta(days=4)).replace(day=1),
    )
    expected = {m: 0 for m in months}
    for m in meetings_month:
        expected[m] += 1
    assert {b["tanggal"]: b["n"] for b in chart["bars"]} == expected
    assert chart["peak"] == max(expected.values())
    tallest = max(chart["bars"], key=lambda b: b["n"])
    assert tallest["h"] == chart["height"] and tallest["y"] == 0
    assert all(b["h"] == 0 for b in chart["bars"] if b["n"] == 0)
    assert response.text.count('<rect x="') == len(months)
    assert chart["yearly"] is False


def test_a_long_period_is_charted_per_year(client, analyst, coordinator, forum, members):
    log(forum, coordinator, days_ago=3, hadir=[members["a"]])
    login(client, analyst)
    response = client.get(
        reverse("forum:aktivitas", args=["16.71"]), {"dari": "01/01/2020", "sampai": f"{TODAY:%d/%m/%Y}"}
    )
    chart = response.context["chart"]
    assert chart["yearly"] is True
    assert [b["tanggal"].year for b in chart["bars"]] == list(range(2020, TODAY.year + 1))
    assert sum(b["n"] for b in chart["bars"]) == 1
    assert "Pertemuan per tahun" in response.text
