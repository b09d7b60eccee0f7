"""A coordinator checks how faithfully a member lembaga comes to the forum: its page shows the newest meetings
it attended and leads to all of them, on a phone and on a desktop."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from forum import services
from tests.conftest import TODAY
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_coordinator_logs_meeting import build_forum, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def meetings(forum) -> tuple:
    """14 monthly meetings the LPMK attended, and one it missed."""
    members = {k.lembaga.nama: k.lembaga for k in forum.keanggotaan.select_related("lembaga")}
    lpmk, pkk = members["LPMK Ilir D IV"], members["PKK Ilir D IV"]
    for months_ago in range(14, -1, -1):
        services.pertemuan_log(
            forum=forum,
            oleh=forum.koordinator.get(),
            fields={"tanggal": TODAY - datetime.timedelta(days=30 * months_ago + 1), "jenis": "rapat_rutin"},
            hadir=[services.Hadir(pkk)] if months_ago == 7 else [services.Hadir(lpmk), services.Hadir(pkk)],
            sepakat=[],
            lanjut=[],
        )
    return lpmk, pkk


@pytest.mark.parametrize("device", ["phone", "page"])
def test_a_lembagas_page_leads_to_every_meeting_it_attended(device, request, shots):
    page: Page = request.getfixturevalue(device)
    lpmk, _pkk = meetings(build_forum())
    sign_in(page)
    page.goto(lpmk.get_absolute_url())
    section = page.locator("#kehadiran")
    expect(section.get_by_text("hadir 11 dari 12 pertemuan terakhir")).to_be_visible()
    expect(section.locator("tbody tr")).to_have_count(12)
    link = section.get_by_role("link", name="12 terbaru ditampilkan · lihat semua 14 pertemuan yang dihadiri")
    link.scroll_into_view_if_needed()
    page.screenshot(path=shots / "01-lembaga.png", full_page=True)
    assert_accessible(page)
    link.click()
    expect(page.get_by_text("Yang dihadiri LPMK Ilir D IV")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(14)
    page.screenshot(path=shots / "02-pertemuan-yang-dihadiri.png", full_page=True)
    assert_accessible(page)
    page.get_by_role("button", name="Terapkan").click()  # the filter bar keeps the lembaga
    expect(page.locator("tbody tr")).to_have_count(14)
    page.get_by_role("link", name="Hapus saringan lembaga").click()
    expect(page.locator("tbody tr")).to_have_count(15)
    expect(page.get_by_text("Yang dihadiri")).to_have_count(0)
