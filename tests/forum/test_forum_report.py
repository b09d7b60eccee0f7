"""A forum's own report pages: the comparison opens on the forum's life so far."""

import datetime

from django.urls import reverse

from forum import services
from pranata import reports
from pranata import services as pranata_services
from tests.conftest import TODAY, login

D = datetime.date


def test_a_forum_comparison_opens_from_the_forums_founding_but_not_before_its_first_data(
    client, coordinator, officer, forum, members
):
    pranata_services.kerjasama_create(
        lembaga_a=members["a"], lembaga_b=members["b"], tahap=2, mulai=D(2024, 1, 1), oleh=officer
    )
    response = login(client, coordinator).get(reverse("forum:laporan-banding", args=[forum.pk]))
    # Founded 17/08/2005, first tie 01/01/2024: from the first tie to the frozen "today", 15/06/2026.
    assert response.context["form"].data == {"dari": "01/01/2024", "sampai": "15/06/2026"}
    # The A–B tie at kooperasi joins 2 of the 4 members on both dates: the threshold, so kooperasi throughout.
    assert response.context["ringkasan"].startswith("Jaringan tetap pada tahap Kooperasi.")


def test_a_recent_forum_compares_from_its_founding(client, coordinator, officer, forum, members):
    forum.tanggal_berdiri = D(2026, 1, 10)
    forum.save()
    pranata_services.kerjasama_create(
        lembaga_a=members["a"], lembaga_b=members["b"], tahap=2, mulai=D(2024, 1, 1), oleh=officer
    )
    response = login(client, coordinator).get(reverse("forum:laporan-banding", args=[forum.pk]))
    assert response.context["form"].data == {"dari": "10/01/2026", "sampai": "15/06/2026"}
    assert response.context["ringkasan"] == (
        "Jaringan tetap pada tahap Kooperasi. 0 kerjasama naik tahap, 0 turun; 0 kerjasama baru, 0 berakhir. "
        "0 lembaga bergabung, 0 keluar."
    )


def test_the_drill_down_counts_each_areas_forum_meetings_and_attendance(coordinator, forum, members):
    for days, hadir in ((30, [members["a"], members["b"]]), (400, [members["a"]])):  # the second is too old
        services.pertemuan_log(
            forum=forum,
            oleh=coordinator,
            fields={"tanggal": TODAY - datetime.timedelta(days=days), "jenis": "rapat_rutin"},
            hadir=[services.Hadir(m) for m in hadir],
            sepakat=[],
            lanjut=[],
        )
    rows = reports.compute_report(reports.resolve_wilayah_scope("16.71.05"), TODAY)["wilayah_anak"]["rows"]
    # One meeting in the last 12 months, 2 of the forum's 4 members present.
    assert {row["kode"]: row["aktivitas"] for row in rows} == {
        "16.71.05.1006": {"forum": 1, "pertemuan": 1, "kehadiran": 0.5}
    } | {row["kode"]: {} for row in rows if row["kode"] != "16.71.05.1006"}
