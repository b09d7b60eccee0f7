import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from forum import access as forum_access
from forum import services
from forum.models import Kehadiran, Kesepakatan, Pertemuan, StatusTindakLanjut, TindakLanjut
from tests.conftest import TODAY, login
from tests.factories import ForumFactory, LembagaFactory

pytestmark = pytest.mark.django_db


def meeting_post(members, **overrides):
    """The one-page meeting form as a browser sends it: A and B ticked, one agreement, one follow-up."""
    ordered = sorted(members.values(), key=lambda m: m.nama)
    data = {
        "p-tanggal": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "p-jam_mulai": "19:30",
        "p-tempat": "Sekretariat RW 03",
        "p-jenis": "rapat_rutin",
        "p-agenda": "Persiapan posyandu",
        "p-notulen": "",
        "h-TOTAL_FORMS": str(len(ordered)),
        "h-INITIAL_FORMS": str(len(ordered)),
        "t-TOTAL_FORMS": "1",
        "t-INITIAL_FORMS": "0",
        "t-0-lembaga": "",
        "s-TOTAL_FORMS": "2",
        "s-INITIAL_FORMS": "0",
        "s-0-isi": "Posyandu terpadu tiap bulan",
        "s-0-lembaga": [members["a"].pk, members["c"].pk],
        "l-TOTAL_FORMS": "2",
        "l-INITIAL_FORMS": "0",
        "l-0-uraian": "Siapkan timbangan",
        "l-0-lembaga": members["c"].pk,
        "l-0-tenggat": (TODAY + datetime.timedelta(days=14)).isoformat(),
        "l-0-kesepakatan_no": "1",
    }
    for i, lembaga in enumerate(ordered):
        data[f"h-{i}-lembaga"] = lembaga.pk
        data[f"h-{i}-jumlah_orang"] = "2"
        data[f"h-{i}-perwakilan"] = f"Wakil {lembaga.nama[0]}"
        if lembaga.nama[0] in "AB":
            data[f"h-{i}-hadir"] = "on"
    data.update(overrides)
    return data


def test_coordinator_logs_a_meeting_with_everything_in_one_go(client, coordinator, forum, members):
    response = login(client, coordinator).post(
        reverse("forum:pertemuan-create", args=[forum.pk]), meeting_post(members)
    )
    pertemuan = Pertemuan.objects.get()
    assert response.status_code == 302
    assert response.url == pertemuan.get_absolute_url()
    assert sorted(k.lembaga.nama for k in pertemuan.kehadiran.all()) == ["A LPMK", "B PKK"]
    assert pertemuan.kehadiran.get(lembaga=members["a"]).perwakilan == "Wakil A"
    agreement = pertemuan.kesepakatan.get()
    assert set(agreement.lembaga.values_list("nama", flat=True)) == {"A LPMK", "C Posyandu"}
    follow_up = pertemuan.tindak_lanjut.get()
    assert (follow_up.lembaga, follow_up.kesepakatan) == (members["c"], agreement)
    assert pertemuan.dibuat_oleh == coordinator


def test_guest_lembaga_is_recorded_as_guest(client, coordinator, forum, members, wilayah):
    guest = LembagaFactory(nama="Karang Taruna Ilir D III", wilayah=wilayah["tetangga"])
    data = meeting_post(members, **{"t-0-lembaga": guest.pk, "t-0-perwakilan": "Rudi", "t-0-jumlah_orang": "3"})
    login(client, coordinator).post(reverse("forum:pertemuan-create", args=[forum.pk]), data)
    assert Kehadiran.objects.get(lembaga=guest).tamu is True


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"p-tanggal": (TODAY + datetime.timedelta(days=400)).isoformat()}, "lebih dari setahun ke depan"),
        ({"p-tanggal": "2005-08-16"}, "sebelum forum berdiri (17/08/2005)"),
        ({"l-0-tenggat": "2005-09-01"}, "sebelum tanggal pertemuan"),
        ({"s-0-lembaga": []}, "Pilih sedikitnya satu lembaga yang terikat"),
        ({"l-0-lembaga": ""}, "Pilih lembaga penanggung jawab."),
        ({"p-tanggal": "31/02/2024"}, "Tanggal tidak valid."),
    ],
)
def test_bad_meeting_input_saves_nothing_and_keeps_what_was_typed(
    client, coordinator, forum, members, overrides, message
):
    response = login(client, coordinator).post(
        reverse("forum:pertemuan-create", args=[forum.pk]), meeting_post(members, **overrides)
    )
    assert response.status_code == 200
    assert message in response.text
    assert "Posyandu terpadu tiap bulan" in response.text
    assert 'value="Wakil A"' in response.text
    assert (
        Pertemuan.objects.count(),
        Kehadiran.objects.count(),
        Kesepakatan.objects.count(),
        TindakLanjut.objects.count(),
    ) == (0, 0, 0, 0)


def test_non_member_can_only_attend_as_guest(coordinator, forum, members, wilayah):
    outsider = LembagaFactory(wilayah=wilayah["kelurahan"], nama="Bukan Anggota")
    with pytest.raises(ValidationError, match="bukan anggota forum") as refused:
        services.pertemuan_log(
            forum=forum,
            oleh=coordinator,
            fields={"tanggal": TODAY, "jenis": "arisan"},
            hadir=[services.Hadir(outsider)],
            sepakat=[],
            lanjut=[],
        )
    assert list(refused.value.message_dict) == ["kehadiran"]
    assert not Pertemuan.objects.exists()


def test_coordinator_cannot_log_a_meeting_for_another_forum(client, coordinator, wilayah, members):
    other = ForumFactory(nama="Forum Lain", wilayah=wilayah["kelurahan"])
    response = login(client, coordinator).post(
        reverse("forum:pertemuan-create", args=[other.pk]), meeting_post(members)
    )
    assert response.status_code == 404
    assert not Pertemuan.objects.exists()


def test_analyst_cannot_log_meetings(client, analyst, forum, members):
    url = reverse("forum:pertemuan-create", args=[forum.pk])
    assert login(client, analyst).get(url).status_code == 403
    assert client.post(url, meeting_post(members)).status_code == 403
    assert (Pertemuan.objects.count(), Kehadiran.objects.count(), TindakLanjut.objects.count()) == (0, 0, 0)


def test_follow_up_marked_done_from_the_forum_page(client, coordinator, forum, members):
    pertemuan = services.pertemuan_log(
        forum=forum,
        oleh=coordinator,
        fields={"tanggal": TODAY, "jenis": "rapat_rutin"},
        hadir=[],
        sepakat=[],
        lanjut=[services.Lanjut("Cetak undangan", members["a"], TODAY + datetime.timedelta(days=3))],
    )
    item = pertemuan.tindak_lanjut.get()
    next_url = reverse("forum:forum-detail", args=[forum.pk])
    response = login(client, coordinator).post(
        reverse("forum:tindak-lanjut-status", args=[item.pk]), {"status": "selesai", "next": next_url}
    )
    assert response.url == next_url
    item.refresh_from_db()
    assert item.status == StatusTindakLanjut.SELESAI


def test_printable_attendance_sheet_lists_members_with_signature_column(client, coordinator, forum, members):
    pertemuan = services.pertemuan_log(
        forum=forum,
        oleh=coordinator,
        fields={"tanggal": TODAY, "jenis": "rapat_rutin"},
        hadir=[],
        sepakat=[],
        lanjut=[],
    )
    response = login(client, coordinator).get(reverse("forum:daftar-hadir", args=[pertemuan.pk]))
    assert "Tanda tangan" in response.text
    assert all(m.nama in response.text for m in members.values())


def test_minutes_show_agreements_and_follow_ups(client, coordinator, forum, members):
    pertemuan = services.pertemuan_log(
        forum=forum,
        oleh=coordinator,
        fields={"tanggal": TODAY, "jenis": "musyawarah", "tempat": "Balai RW"},
        hadir=[services.Hadir(members["a"])],
        sepakat=[services.Sepakat("Ronda bergilir", [members["a"]])],
        lanjut=[services.Lanjut("Jadwal ronda", members["a"], None, 1)],
    )
    response = login(client, coordinator).get(reverse("forum:notulen", args=[pertemuan.pk]))
    for text in ["NOTULEN / BERITA ACARA PERTEMUAN", "Ronda bergilir", "Jadwal ronda", "Balai RW"]:
        assert text in response.text


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert f"Halaman 1 dari {len(reader.pages)}" in text
    return text


def test_the_attendance_sheet_and_the_minutes_download_as_pdf(client, coordinator, outsider, forum, members):
    pertemuan = services.pertemuan_log(
        forum=forum,
        oleh=coordinator,
        fields={"tanggal": TODAY, "jenis": "musyawarah", "tempat": "Balai RW"},
        hadir=[services.Hadir(members["a"], "Pak Udin")],
        sepakat=[services.Sepakat("Ronda bergilir", [members["a"]])],
        lanjut=[services.Lanjut("Jadwal ronda", members["a"], None, 1)],
    )
    login(client, coordinator)
    sheet = client.get(reverse("forum:daftar-hadir", args=[pertemuan.pk]), {"format": "pdf"})
    name = f"simpul-daftar-hadir-{forum.pk}-{TODAY.isoformat()}.pdf"
    assert sheet["Content-Disposition"] == f'attachment; filename="{name}"'
    text = pdf_text(sheet)
    assert "DAFTAR HADIR" in text and forum.nama.upper() in text and "Tanda tangan" in text
    assert all(m.nama in text for m in members.values()) and "Pak Udin" in text
    minutes = pdf_text(client.get(reverse("forum:notulen", args=[pertemuan.pk]), {"format": "pdf"}))
    for expected in ["NOTULEN / BERITA ACARA PERTEMUAN", "Ronda bergilir", "Jadwal ronda", "Balai RW", "Notulis"]:
        assert expected in minutes
    refused = login(client, outsider).get(reverse("forum:notulen", args=[pertemuan.pk]), {"format": "pdf"})
    assert refused.status_code == 404


@pytest.mark.parametrize("n", [2, 20])
def test_meeting_list_query_count_is_constant(client, coordinator, forum, members, n, django_assert_max_num_queries):
    for i in range(n):
        services.pertemuan_log(
            forum=forum,
            oleh=coordinator,
            fields={"tanggal": TODAY - datetime.timedelta(days=i), "jenis": "arisan"},
            hadir=[services.Hadir(members["a"])],
            sepakat=[],
            lanjut=[],
        )
    login(client, coordinator)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("forum:pertemuan-list"))
    assert len(response.context["page"].object_list) == n


def test_meeting_list_reads_its_forums_once_and_shows_the_same_scope_as_before(
    client, coordinator, analyst, outsider, forum, wilayah
):
    """The list resolves the visible forums' ids first (a performance rewrite of `forum__in=visible_forum`):
    a coordinator still sees only the forums they run, an analyst every forum in their wilayah, an outsider
    none, in the filter and in the rows."""
    other = ForumFactory(nama="Forum Tetangga", wilayah=wilayah["tetangga"])
    far = ForumFactory(nama="Forum Surabaya", wilayah=wilayah["luar"])
    for each in (forum, other, far):
        Pertemuan.objects.create(forum=each, tanggal=TODAY, jenis="arisan")
    seen = {}
    for user in (coordinator, analyst, outsider):
        response = login(client, user).get(reverse("forum:pertemuan-list"))
        seen[user.username] = sorted(p.forum.nama for p in response.context["page"].object_list)
        expected = sorted(forum_access.visible_forum(user).values_list("nama", flat=True))
        assert seen[user.username] == expected  # one meeting per forum: the rows are the visible forums
        for nama in ("Forum Pranata Sosial Ilir D IV", "Forum Tetangga", "Forum Surabaya"):
            assert (f">{nama}</option>" in response.text) == (nama in expected)
    assert seen[coordinator.username] == ["Forum Pranata Sosial Ilir D IV"]
    assert seen[analyst.username] == ["Forum Pranata Sosial Ilir D IV", "Forum Tetangga"]
    assert seen[outsider.username] == ["Forum Surabaya"]


def test_meeting_list_filters_by_kind_and_date(client, coordinator, forum):
    for days, jenis in [(1, "arisan"), (40, "pengajian"), (80, "arisan")]:
        services.pertemuan_log(
            forum=forum,
            oleh=coordinator,
            fields={"tanggal": TODAY - datetime.timedelta(days=days), "jenis": jenis},
            hadir=[],
            sepakat=[],
            lanjut=[],
        )
    login(client, coordinator)
    params = {"jenis": "arisan", "dari": (TODAY - datetime.timedelta(days=60)).isoformat()}
    response = client.get(reverse("forum:pertemuan-list"), params)
    assert [p.jenis for p in response.context["page"].object_list] == ["arisan"]


def test_calendar_shows_the_months_meetings(client, coordinator, forum):
    services.pertemuan_log(
        forum=forum,
        oleh=coordinator,
        fields={"tanggal": datetime.date(2025, 3, 14), "jenis": "pengajian"},
        hadir=[],
        sepakat=[],
        lanjut=[],
    )
    response = login(client, coordinator).get(
        reverse("forum:pertemuan-list"), {"tampilan": "kalender", "bulan": "2025-03"}
    )
    assert "Pengajian" in response.text
    assert [day for week in response.context["weeks"] for day, meetings in week if meetings] == [14]


def test_meetings_of_other_forums_are_404(client, coordinator, wilayah):
    other = ForumFactory(wilayah=wilayah["kelurahan"])
    pertemuan = Pertemuan.objects.create(forum=other, tanggal=TODAY)
    assert login(client, coordinator).get(pertemuan.get_absolute_url()).status_code == 404


def test_a_follow_up_cites_the_agreement_row_it_was_written_under(client, coordinator, forum, members):
    """Rows are numbered on the page; an empty first agreement row is skipped, and the follow-up that cites
    row 2 is tied to that agreement (saved as agreement 1, the only one)."""
    data = meeting_post(members, **{"s-0-isi": "", "s-0-lembaga": [], "s-1-isi": "Kerja bakti"})
    data["s-1-lembaga"] = [members["a"].pk]
    data["l-0-kesepakatan_no"] = "2"
    response = login(client, coordinator).post(reverse("forum:pertemuan-create", args=[forum.pk]), data)
    assert response.status_code == 302
    follow_up = TindakLanjut.objects.get()
    assert (follow_up.kesepakatan.nomor, follow_up.kesepakatan.isi) == (1, "Kerja bakti")


def test_a_follow_up_citing_an_empty_agreement_row_is_refused_and_nothing_saved(client, coordinator, forum, members):
    data = meeting_post(members, **{"l-0-kesepakatan_no": "2"})  # row 2 has no agreement written
    response = login(client, coordinator).post(reverse("forum:pertemuan-create", args=[forum.pk]), data)
    assert response.status_code == 200
    assert "merujuk kesepakatan yang tidak ada" in response.content.decode()
    assert Pertemuan.objects.count() == 0 and TindakLanjut.objects.count() == 0


def test_rows_added_on_the_page_are_saved_and_their_count_is_bounded(client, coordinator, forum, members):
    from forum.forms import MAX_ROWS

    data = meeting_post(members, **{"s-TOTAL_FORMS": "3", "s-2-isi": "Bank sampah", "l-0-kesepakatan_no": "3"})
    data["s-2-lembaga"] = [members["b"].pk]
    login(client, coordinator)
    assert client.post(reverse("forum:pertemuan-create", args=[forum.pk]), data).status_code == 302
    pertemuan = Pertemuan.objects.get()
    assert [k.isi for k in pertemuan.kesepakatan.order_by("nomor")] == ["Posyandu terpadu tiap bulan", "Bank sampah"]
    assert pertemuan.tindak_lanjut.get().kesepakatan.isi == "Bank sampah"

    # More rows than any meeting has (or an absurd count) is refused with a message; nothing more is saved.
    for total in (str(MAX_ROWS + 1), "1000000000"):
        crowded = meeting_post(members, **{"s-TOTAL_FORMS": total, "p-tanggal": TODAY.isoformat()})
        response = client.post(reverse("forum:pertemuan-create", args=[forum.pk]), crowded)
        assert response.status_code == 200
        assert Pertemuan.objects.count() == 1
    assert f"{MAX_ROWS}" in response.content.decode()


def test_a_post_missing_a_whole_section_re_renders_the_form(client, coordinator, forum, members):
    data = {k: v for k, v in meeting_post(members).items() if not k.startswith(("s-", "t-"))}
    response = login(client, coordinator).post(reverse("forum:pertemuan-create", args=[forum.pk]), data)
    assert response.status_code == 200
    assert 'value="Sekretariat RW 03"' in response.content.decode()  # what was typed is kept
    assert Pertemuan.objects.count() == 0


def test_dates_are_typed_day_first_in_both_languages(client, coordinator, forum, members):
    day = TODAY - datetime.timedelta(days=3)
    data = meeting_post(members, **{"p-tanggal": day.strftime("%d/%m/%Y")})
    data["l-0-tenggat"] = (TODAY + datetime.timedelta(days=2)).strftime("%d/%m/%Y")
    login(client, coordinator)
    client.cookies["django_language"] = "en"
    assert client.post(reverse("forum:pertemuan-create", args=[forum.pk]), data).status_code == 302
    pertemuan = Pertemuan.objects.get()
    assert pertemuan.tanggal == day
    assert pertemuan.tindak_lanjut.get().tenggat == TODAY + datetime.timedelta(days=2)
    form = client.get(reverse("forum:pertemuan-create", args=[forum.pk])).content.decode()
    assert f'value="{TODAY:%d/%m/%Y}"' in form and 'type="date"' not in form


def _logged(forum, coordinator, members):
    return services.pertemuan_log(
        forum=forum,
        oleh=coordinator,
        fields={"tanggal": TODAY - datetime.timedelta(days=3), "jenis": "rapat_rutin", "tempat": "Balai RW"},
        hadir=[services.Hadir(members["a"]), services.Hadir(members["b"])],
        sepakat=[services.Sepakat("Kerja bakti", [members["a"]])],
        lanjut=[services.Lanjut("Siapkan alat", members["b"], TODAY + datetime.timedelta(days=3), 1)],
    )


def test_deleting_a_meeting_asks_first_and_says_what_goes_with_it(client, coordinator, forum, members):
    meeting = _logged(forum, coordinator, members)
    url = reverse("forum:pertemuan-hapus", args=[meeting.pk])
    login(client, coordinator)
    assert f'href="{url}"' in client.get(meeting.get_absolute_url()).text
    for response in (client.get(url), client.post(url)):  # opening the page, or a POST without konfirmasi
        assert response.status_code == 200
        assert "2 catatan kehadiran, 1 kesepakatan dan 1 tindak lanjut" in response.text
        assert 'name="konfirmasi" value="1"' in response.text
    assert Pertemuan.objects.filter(pk=meeting.pk).exists() and Kehadiran.objects.count() == 2

    response = client.post(url, {"konfirmasi": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("forum:forum-detail", args=[forum.pk])
    assert not Pertemuan.objects.filter(pk=meeting.pk).exists()
    assert (Kehadiran.objects.count(), Kesepakatan.objects.count(), TindakLanjut.objects.count()) == (0, 0, 0)
    # The history keeps the meeting and its rows, and who deleted it.
    [gone] = Pertemuan.history.filter(id=meeting.pk, history_type="-")
    assert gone.history_user == coordinator and gone.tempat == "Balai RW"
    assert Kehadiran.history.filter(pertemuan_id=meeting.pk, history_type="-").count() == 2


def test_only_the_forums_editors_can_delete_its_meeting(client, coordinator, analyst, outsider, forum, members):
    meeting = _logged(forum, coordinator, members)
    url = reverse("forum:pertemuan-hapus", args=[meeting.pk])
    for user in (analyst, outsider):
        login(client, user)
        assert client.post(url, {"konfirmasi": "1"}).status_code == 404
        assert f'href="{url}"' not in client.get(meeting.get_absolute_url()).text
    assert Pertemuan.objects.filter(pk=meeting.pk).exists() and Kehadiran.objects.count() == 2
    with pytest.raises(PermissionDenied):
        services.pertemuan_delete(pertemuan=meeting, oleh=analyst)
    assert Pertemuan.objects.filter(pk=meeting.pk).exists()


def test_meeting_list_filters_by_the_lembaga_that_attended(client, coordinator, analyst, outsider, forum, members):
    """`hadir` keeps the meetings a lembaga attended, in the calendar too, and the filter bar keeps it; a lembaga
    the reader may not see is refused with a message and filters nothing."""
    a, b = members["a"], members["b"]
    both = services.pertemuan_log(forum=forum, oleh=coordinator, fields={"tanggal": TODAY, "jenis": "arisan"},
                                  hadir=[services.Hadir(a), services.Hadir(b)], sepakat=[], lanjut=[])  # fmt: skip
    only_b = services.pertemuan_log(forum=forum, oleh=coordinator, fields={"tanggal": TODAY, "jenis": "arisan"},
                                    hadir=[services.Hadir(b)], sepakat=[], lanjut=[])  # fmt: skip
    url = reverse("forum:pertemuan-list")
    for user in (coordinator, analyst):
        response = login(client, user).get(url, {"hadir": a.pk, "jenis": "arisan"})
        assert [p.pk for p in response.context["page"].object_list] == [both.pk]
        assert f'<input type="hidden" name="hadir" value="{a.pk}"' in response.text
        assert 'href="?jenis=arisan">Hapus saringan lembaga<' in response.text
        response = client.get(url, {"hadir": b.pk})
        assert sorted(p.pk for p in response.context["page"].object_list) == sorted([both.pk, only_b.pk])
    month = TODAY.strftime("%Y-%m")
    response = client.get(url, {"hadir": a.pk, "tampilan": "kalender", "bulan": month})
    assert [m.pk for week in response.context["weeks"] for _day, meetings in week for m in meetings] == [both.pk]
    for bad in (str(a.pk + 1000), "x"):
        response = login(client, coordinator).get(url, {"hadir": bad})
        assert response.status_code == 200
        assert "Lembaga yang dipilih tidak ditemukan." in response.text
        assert 'name="hadir"' not in response.text
    response = login(client, outsider).get(url, {"hadir": a.pk})
    assert "Lembaga yang dipilih tidak ditemukan." in response.text
    assert list(response.context["page"].object_list) == []
