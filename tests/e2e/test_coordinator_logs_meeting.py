"""A coordinator, on a phone after an evening meeting, logs it and later marks the follow-up done."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from forum.models import Keanggotaan, Pertemuan, StatusTindakLanjut
from pranata.models import Peran
from tests.conftest import TODAY
from tests.factories import ForumFactory, LembagaFactory, user_with_role, wilayah_path

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def build_forum():
    kelurahan = wilayah_path("16.71.05.1006", "Ilir D IV")
    coordinator = user_with_role("koordinator", Peran.KOORDINATOR, ["16.71.05.1006"])
    forum = ForumFactory(
        nama="Forum Pranata Sosial Ilir D IV", wilayah=kelurahan, tanggal_berdiri=datetime.date(2005, 8, 17)
    )
    forum.koordinator.add(coordinator)
    for nama in ("LPMK Ilir D IV", "PKK Ilir D IV", "Posyandu Melati RW 03"):
        Keanggotaan.objects.create(
            forum=forum, lembaga=LembagaFactory(nama=nama, wilayah=kelurahan), mulai=datetime.date(2006, 1, 1)
        )
    return forum


def sign_in(page: Page) -> None:
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill("koordinator")
    page.get_by_label("Kata sandi").fill("kata-sandi-uji-123")
    page.get_by_role("button", name="Masuk").click()


def test_coordinator_logs_a_meeting_on_a_phone(phone: Page, shots):
    page = phone
    forum = build_forum()
    sign_in(page)
    expect(page.get_by_text("Pertemuan berikutnya")).to_be_visible()
    page.screenshot(path=shots / "01-beranda.png", full_page=True)

    page.get_by_role("link", name="Catat pertemuan").first.click()
    page.get_by_label("Tempat").fill("Sekretariat RW 03")
    page.get_by_label("Jam mulai").fill("19:30")
    attendance = page.locator("#kehadiran")
    attendance.get_by_role("checkbox", name="LPMK Ilir D IV").check()
    attendance.get_by_role("checkbox", name="Posyandu Melati RW 03").check()
    page.get_by_label("Perwakilan LPMK Ilir D IV").fill("Pak Darmawan")
    page.locator("#id_s-0-isi").fill("Posyandu terpadu setiap Sabtu kedua")
    page.locator("details", has_text="Lembaga yang terikat").first.locator("summary").click()
    page.locator("#div_id_s-0-lembaga").get_by_label("LPMK Ilir D IV").check()
    page.locator("#div_id_s-0-lembaga").get_by_label("Posyandu Melati RW 03").check()
    page.locator("#id_l-0-uraian").fill("Siapkan timbangan dan KMS")
    page.locator("#id_l-0-lembaga").select_option(label="Posyandu Melati RW 03")
    page.locator("#id_l-0-tenggat").fill((TODAY + datetime.timedelta(days=10)).isoformat())
    page.locator("#id_l-0-kesepakatan_no").select_option(label="Kesepakatan 1")
    page.screenshot(path=shots / "02-formulir.png", full_page=True)
    page.get_by_role("button", name="Simpan pertemuan").click()

    expect(page.get_by_text("Posyandu terpadu setiap Sabtu kedua")).to_be_visible()
    page.screenshot(path=shots / "03-pertemuan.png", full_page=True)
    pertemuan = Pertemuan.objects.get()
    assert sorted(k.lembaga.nama for k in pertemuan.kehadiran.all()) == ["LPMK Ilir D IV", "Posyandu Melati RW 03"]
    assert pertemuan.kesepakatan.get().lembaga.count() == 2

    page.goto(f"/forum/{forum.pk}/")
    item = page.locator("#tindak-lanjut li", has_text="Siapkan timbangan dan KMS")
    item.get_by_label("Status").select_option(label="Selesai")
    item.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Status “Siapkan timbangan dan KMS”: Selesai.")).to_be_visible()
    page.screenshot(path=shots / "04-selesai.png", full_page=True)
    assert pertemuan.tindak_lanjut.get().status == StatusTindakLanjut.SELESAI


def test_leaving_the_forum_asks_first(phone: Page, shots):
    page = phone
    forum = build_forum()
    sign_in(page)
    page.goto(f"/forum/{forum.pk}/")
    row = page.locator("tr", has_text="PKK Ilir D IV")
    row.get_by_role("link", name="keluar…").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Catat “PKK Ilir D IV” keluar")
    page.screenshot(path=shots / "01-konfirmasi.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name="Batal").click()  # changing one's mind ends nothing
    assert Keanggotaan.objects.filter(forum=forum, selesai__isnull=True).count() == 3
    page.locator("tr", has_text="PKK Ilir D IV").get_by_role("link", name="keluar…").click()
    page.get_by_role("button", name="Ya, catat keluar").click()
    expect(page.get_by_text("“PKK Ilir D IV” tercatat keluar dari forum.")).to_be_visible()
    left = Keanggotaan.objects.get(forum=forum, lembaga__nama="PKK Ilir D IV")
    assert left.selesai == TODAY
