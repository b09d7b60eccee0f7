"""A pendamping, on a phone after visiting a lembaga, logs a *penguatan* activity; the coordinator then reads
the forum's pendampingan report, which counts it."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from forum.models import Keanggotaan
from pendampingan import services
from pendampingan.models import Kegiatan, Pendamping
from pranata.models import Peran
from tests.conftest import TODAY
from tests.e2e.conftest import assert_accessible
from tests.factories import ForumFactory, LembagaFactory, user_with_role, wilayah_path

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def build():
    kelurahan = wilayah_path("16.71.05.1006", "Ilir D IV")
    coordinator = user_with_role("koordinator", Peran.KOORDINATOR, ["16.71.05.1006"])
    account = user_with_role("pendamping", Peran.PENDAMPING, ["16.71.05.1006"])
    forum = ForumFactory(nama="Forum Pranata Sosial Ilir D IV", wilayah=kelurahan)
    forum.koordinator.add(coordinator)
    for nama in ("LPMK Ilir D IV", "Posyandu Melati RW 03"):
        Keanggotaan.objects.create(
            forum=forum, lembaga=LembagaFactory(nama=nama, wilayah=kelurahan), mulai=datetime.date(2020, 1, 1)
        )
    nurhayati = Pendamping.objects.create(
        nama="Nurhayati", jenis="psm", wilayah=kelurahan, mulai=datetime.date(2015, 1, 1), user=account
    )
    services.penugasan_create(pendamping=nurhayati, forum=forum, mulai=datetime.date(2025, 1, 1), oleh=coordinator)
    return forum


def sign_in(page: Page, username: str) -> None:
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill("kata-sandi-uji-123")
    page.get_by_role("button", name="Masuk").click()


def test_pendamping_logs_penguatan_on_a_phone_and_the_forum_report_counts_it(phone: Page, shots):
    page = phone
    forum = build()
    sign_in(page, "pendamping")
    expect(page.get_by_text("Penugasan saya")).to_be_visible()
    page.screenshot(path=shots / "01-beranda.png", full_page=True)

    page.get_by_role("link", name="Catat kegiatan").click()
    assert_accessible(page)
    page.get_by_label("Lembaga").select_option(label="Posyandu Melati RW 03")
    page.get_by_label("Penguatan").check()
    page.get_by_label("Teknik").select_option(label="Penyadaran")
    page.get_by_label("Yang dilakukan").fill("Penyuluhan gizi balita bersama kader posyandu")
    page.get_by_label("Hasil").fill("Kader sepakat menimbang balita setiap bulan")
    page.screenshot(path=shots / "02-formulir.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Simpan kegiatan").click()
    expect(page.get_by_text("tersimpan")).to_be_visible()

    kegiatan = Kegiatan.objects.get()
    assert (kegiatan.tugas, kegiatan.teknik, kegiatan.lembaga.nama, kegiatan.tanggal) == (
        "penguatan",
        "penyadaran",
        "Posyandu Melati RW 03",
        TODAY,
    )

    page.context.clear_cookies()  # signed out: the coordinator takes the phone
    sign_in(page, "koordinator")
    page.goto("/pendamping/")
    page.get_by_role("link", name=forum.nama).click()
    expect(page.locator("#n-kegiatan")).to_have_text("1")
    expect(page.locator("#per-tugas")).to_contain_text("Penguatan")
    assert page.locator("#per-tugas tr", has_text="Penguatan").locator("td").inner_text() == "1"
    assert_accessible(page)
    page.screenshot(path=shots / "03-laporan.png", full_page=True)

    # The kelurahan's network report: its map can highlight the lembaga a pendamping accompanies, and a
    # lembaga's panel names them.
    page.goto("/laporan/16.71.05.1006/")
    expect(page.locator("#peta-interaktif")).to_have_attribute("data-siap", "1")
    expect(page.locator("#peta-pendamping-pilihan")).to_be_visible()
    page.locator("#peta-q").fill("Posyandu Melati")
    page.locator("#peta-cari").get_by_role("button", name="Cari").click()
    expect(page.locator("#peta-panel")).to_contain_text("Nurhayati (Pekerja sosial masyarakat (PSM))")
    page.locator("#peta-pendamping").check()
    page.screenshot(path=shots / "04-peta-didampingi.png", full_page=True)
