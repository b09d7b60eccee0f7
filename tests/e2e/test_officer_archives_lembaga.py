"""An officer archives a lembaga that has left: today's report drops it, last year's report does not change,
and the lembaga's page keeps its story (active period, status change, the meetings it attended)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from forum import services as forum_services
from forum.models import Forum, Keanggotaan
from pranata import services
from pranata.models import Peran, RiwayatStatus, StatusLembaga
from tests.factories import LembagaFactory, user_with_role, wilayah_path

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
KELURAHAN = "16.71.05.1006"


def figures(page: Page) -> tuple[str, str, str]:
    cards = page.locator(".stat-card .display-6")
    return cards.nth(0).inner_text(), cards.nth(1).inner_text(), page.locator("#tabel-ukuran").inner_text()


def test_archiving_today_leaves_last_years_report_alone(page: Page, shots):
    kel = wilayah_path(KELURAHAN, "Ilir D IV")
    officer = user_with_role("petugas", Peran.PETUGAS, [KELURAHAN])
    a, b, c = (LembagaFactory(nama=n, wilayah=kel) for n in ("LPMK Ilir D IV", "PKK Ilir D IV", "Sanggar Seni"))
    services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=2, mulai=datetime.date(2020, 3, 1), oleh=officer)
    services.kerjasama_create(lembaga_a=b, lembaga_b=c, tahap=3, mulai=datetime.date(2021, 5, 1), oleh=officer)
    forum = Forum.objects.create(nama="Forum Ilir D IV", wilayah=kel)
    for lembaga in (a, b, c):
        Keanggotaan.objects.create(forum=forum, lembaga=lembaga, mulai=datetime.date(2020, 1, 1))
    forum_services.pertemuan_log(
        forum=forum,
        oleh=officer,
        fields={"tanggal": datetime.date(2024, 2, 10), "jenis": "rapat_rutin", "tempat": "Balai RW"},
        hadir=[forum_services.Hadir(c, "Pak Darmawan", 2), forum_services.Hadir(a)],
        sepakat=[],
        lanjut=[],
    )
    last_year = (timezone.localdate() - datetime.timedelta(days=365)).isoformat()

    page.goto("/")
    page.get_by_label("Nama pengguna").fill("petugas")
    page.get_by_label("Kata sandi").fill("kata-sandi-uji-123")
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"/laporan/{KELURAHAN}/?per={last_year}")
    before = figures(page)
    assert before[:2] == ("3", "2")

    page.goto(c.get_absolute_url())
    expect(page.get_by_role("link", name="Forum Ilir D IV")).to_be_visible()
    expect(page.get_by_text("Pak Darmawan")).to_be_visible()  # the meeting it attended, and who came
    page.get_by_text("Ubah status").click()
    page.get_by_label("Status baru").select_option(label="Arsip")
    page.get_by_label("Alasan").fill("Sanggar sudah bubar")
    page.screenshot(path=shots / "01-ubah-status.png", full_page=True)
    page.get_by_role("button", name="Simpan status").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Arsipkan “Sanggar Seni” sejak")
    page.screenshot(path=shots / "01b-konfirmasi.png", full_page=True)
    assert c.riwayat_status.count() == 0  # asking archives nothing
    page.get_by_role("button", name="Ya, arsipkan").click()
    expect(page.get_by_text("Laporan per tanggal sebelumnya tidak berubah.")).to_be_visible()
    expect(page.locator("[data-periode]")).to_contain_text("sekarang")
    expect(page.get_by_text("Sanggar sudah bubar")).to_be_visible()
    page.screenshot(path=shots / "02-diarsipkan.png", full_page=True)

    page.goto(f"/laporan/{KELURAHAN}/?per={last_year}")
    assert figures(page) == before
    page.goto(f"/laporan/{KELURAHAN}/")
    assert figures(page)[:2] == ("2", "1")
    page.screenshot(path=shots / "03-laporan-hari-ini.png", full_page=True)
    assert list(RiwayatStatus.objects.filter(lembaga=c).values_list("status", "alasan")) == [
        (StatusLembaga.ARSIP, "Sanggar sudah bubar")
    ]
