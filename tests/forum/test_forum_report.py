"""A forum's own report pages: the comparison opens on the forum's life so far."""

import datetime

from django.urls import reverse

from pranata import services as pranata_services
from tests.conftest import login

D = datetime.date


def test_a_forum_comparison_opens_from_the_forums_founding_but_not_before_its_first_data(
    client, coordinator, officer, forum, members
):
    pranata_services.kerjasama_create(
        lembaga_a=members["a"], lembaga_b=members["b"], tahap=2, mulai=D(2024, 1, 1), oleh=officer
    )
    response = login(client, coordinator).get(reverse("forum:laporan-banding", args=[forum.pk]))
    # Founded 17/08/2005, first tie 01/01/2024: from the first tie to the frozen "today", 15/06/2026.
    assert response.context["form"].data == {"dari": "2024-01-01", "sampai": "2026-06-15"}
    # The A–B tie at kooperasi joins 2 of the 4 members on both dates: the threshold, so kooperasi throughout.
    assert response.context["ringkasan"].startswith("Jaringan tetap pada tahap Kooperasi.")


def test_a_recent_forum_compares_from_its_founding(client, coordinator, officer, forum, members):
    forum.tanggal_berdiri = D(2026, 1, 10)
    forum.save()
    pranata_services.kerjasama_create(
        lembaga_a=members["a"], lembaga_b=members["b"], tahap=2, mulai=D(2024, 1, 1), oleh=officer
    )
    response = login(client, coordinator).get(reverse("forum:laporan-banding", args=[forum.pk]))
    assert response.context["form"].data == {"dari": "2026-01-10", "sampai": "2026-06-15"}
    assert response.context["ringkasan"] == (
        "Jaringan tetap pada tahap Kooperasi. 0 kerjasama naik tahap, 0 turun; 0 kerjasama baru, 0 berakhir. "
        "0 lembaga bergabung, 0 keluar."
    )
