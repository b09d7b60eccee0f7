"""Two pages, one fact: each test reads the same fact off two pages and checks they agree."""

import datetime
import re

import pytest
from django.urls import reverse

from pranata import services as pranata_services
from tests.conftest import login
from tests.forum.test_forum_pages import log

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_lembaga_page_lists_the_meetings_the_forum_page_counts(client, coordinator, forum, members):
    a, b = members["a"], members["b"]
    for days_ago in (30, 20, 10):
        log(forum, coordinator, days_ago=days_ago, hadir=[a, b] if days_ago != 20 else [a])
    log(forum, coordinator, days_ago=5, hadir=[b])
    client = login(client, coordinator)
    forum_page = client.get(reverse("forum:forum-detail", args=[forum.pk]))
    rates = {row["keanggotaan"].lembaga_id: (row["hadir"], row["dari"]) for row in forum_page.context["attendance"]}
    for lembaga in (a, b, members["c"]):
        html = client.get(lembaga.get_absolute_url()).content.decode()
        hadir, dari = rates[lembaga.pk]
        assert f"hadir {hadir} dari {dari} pertemuan terakhir" in html
        listed = re.findall(r'href="/forum/pertemuan/(\d+)/"', html)
        attended = {str(k.pertemuan_id) for k in lembaga.kehadiran.all()}
        assert set(listed) == attended and len(listed) == len(attended) == hadir
    assert "Belum ada kehadiran" not in client.get(a.get_absolute_url()).content.decode()
    # Each meeting page lists under "Hadir" the lembaga whose page lists that meeting.
    for pertemuan_id in re.findall(
        r'href="/forum/pertemuan/(\d+)/"', client.get(b.get_absolute_url()).content.decode()
    ):
        assert b.nama in client.get(reverse("forum:pertemuan-detail", args=[pertemuan_id])).content.decode()


def test_tahap_sejak_is_the_day_the_current_stage_began_on_every_page(client, officer, wilayah, members):
    a, b = members["a"], members["b"]
    tie = pranata_services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=2, mulai=D(2003, 1, 10), oleh=officer)
    pranata_services.kerjasama_set_tahap(kerjasama=tie, tahap=4, tanggal=D(2005, 10, 15), oleh=officer, bukti="MoU")
    client = login(client, officer)
    tie_page = client.get(tie.get_absolute_url()).content.decode()
    header = re.search(r"data-tahap-sejak>sejak ([\d/]+)<", tie_page).group(1)
    newest = re.search(r'data-riwayat-tahap="([\d-]+)"', tie_page).group(1)
    assert header == "15/10/2005" and newest == "2005-10-15"
    lembaga_page = client.get(a.get_absolute_url()).content.decode()
    row = lembaga_page[lembaga_page.index(f'href="{tie.get_absolute_url()}"') :]
    assert re.search(r"<td>([\d/]+)</td>", row).group(1) == header
    assert "kerjasama dimulai 10/01/2003" in tie_page


def test_the_lembaga_page_shows_the_newest_meetings_and_links_to_all_it_attended(client, coordinator, forum, members):
    """Past 12 meetings the lembaga page shows the newest 12 and says how many there are in all; its link
    opens the meeting list filtered by the forum and the lembaga, which lists every one of them."""
    a, b = members["a"], members["b"]
    meetings = [log(forum, coordinator, days_ago=days_ago, hadir=[a]) for days_ago in range(14, 0, -1)]
    log(forum, coordinator, days_ago=30, hadir=[b])  # a meeting `a` missed: never on its pages
    client = login(client, coordinator)
    html = client.get(a.get_absolute_url()).content.decode()
    newest = [str(p.pk) for p in sorted(meetings, key=lambda p: p.tanggal, reverse=True)[:12]]
    assert re.findall(r'href="/forum/pertemuan/(\d+)/"', html) == newest
    assert "hadir 12 dari 12 pertemuan terakhir" in html
    link = re.search(r'href="([^"]+)" data-semua-kehadiran="14">12 terbaru ditampilkan · lihat semua 14 ', html)
    assert link, "the link to every meeting the lembaga attended"
    listed = client.get(link.group(1).replace("&amp;", "&"))
    assert {p.pk for p in listed.context["page"].object_list} == {p.pk for p in meetings}
    assert f'data-saringan-hadir="{a.pk}">Yang dihadiri {a.nama}<' in listed.text
    # A lembaga with 12 or fewer shows them all, with no such link.
    assert "data-semua-kehadiran" not in client.get(b.get_absolute_url()).content.decode()
