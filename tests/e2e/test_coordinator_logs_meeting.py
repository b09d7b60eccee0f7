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
    page.locator("#id_l-0-tenggat").fill((TODAY + datetime.timedelta(days=10)).strftime("%d/%m/%Y"))
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


def test_a_whole_meeting_logged_on_a_phone_with_rows_added(phone: Page, shots):
    """ "Semua hadir" ticks every member; a third agreement and a second guest are added on the page; a
    follow-up cites the added agreement. The meeting has exactly those rows, and the page never scrolls
    sideways at 390 px."""
    page = phone
    forum = build_forum()
    guest = LembagaFactory(nama="Karang Taruna Tetangga", wilayah=wilayah_path("16.71.05.1007", "Ilir D III"))
    other_guest = LembagaFactory(nama="Majelis Taklim Tetangga", wilayah=guest.wilayah)
    sign_in(page)
    page.goto(f"/forum/{forum.pk}/pertemuan/baru/")
    page.get_by_label("Tanggal").fill(TODAY.strftime("%d/%m/%Y"))
    page.get_by_label("Tempat").fill("Balai RW 03")
    attendance = page.locator("#kehadiran")
    attendance.get_by_role("button", name="Semua hadir").click()
    for nama in ("LPMK Ilir D IV", "PKK Ilir D IV", "Posyandu Melati RW 03"):
        expect(attendance.get_by_role("checkbox", name=nama)).to_be_checked()
    attendance.get_by_role("button", name="Kosongkan").click()
    expect(attendance.get_by_role("checkbox", name="PKK Ilir D IV")).not_to_be_checked()
    attendance.get_by_role("button", name="Semua hadir").click()
    attendance.get_by_label("Jumlah orang PKK Ilir D IV").fill("3")

    page.locator("#id_t-0-lembaga").select_option(label="Karang Taruna Tetangga — Ilir D III")
    page.get_by_role("button", name="Tambah tamu").click()
    page.locator("#id_t-1-lembaga").select_option(label="Majelis Taklim Tetangga — Ilir D III")

    agreements = page.locator("#kesepakatan")
    agreements.get_by_label("Isi kesepakatan").nth(0).fill("Kerja bakti bulanan")
    agreements.locator("details").nth(0).locator("summary").click()
    agreements.locator("#div_id_s-0-lembaga").get_by_label("LPMK Ilir D IV").check()
    agreements.get_by_label("Isi kesepakatan").nth(1).fill("Posyandu lansia")
    agreements.locator("details").nth(1).locator("summary").click()
    agreements.locator("#div_id_s-1-lembaga").get_by_label("Posyandu Melati RW 03").check()
    page.get_by_role("button", name="Tambah kesepakatan").click()
    expect(agreements.get_by_role("group", name="Kesepakatan 3")).to_be_visible()
    agreements.get_by_label("Isi kesepakatan").nth(2).fill("Bank sampah RW")
    agreements.locator("details").nth(2).locator("summary").click()
    agreements.locator("#div_id_s-2-lembaga").get_by_label("PKK Ilir D IV").check()
    # A fourth row added and removed again leaves three.
    page.get_by_role("button", name="Tambah kesepakatan").click()
    agreements.get_by_role("button", name="Hapus baris ini").click()
    expect(agreements.locator("fieldset.baris")).to_have_count(3)

    page.locator("#id_l-0-uraian").fill("Data nasabah bank sampah")
    page.locator("#id_l-0-lembaga").select_option(label="PKK Ilir D IV")
    page.locator("#id_l-0-tenggat").press_sequentially((TODAY + datetime.timedelta(days=7)).strftime("%d%m%Y"))
    expect(page.locator("#id_l-0-tenggat")).to_have_value((TODAY + datetime.timedelta(days=7)).strftime("%d/%m/%Y"))
    page.locator("#id_l-0-kesepakatan_no").select_option(label="Kesepakatan 3")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=shots / "01-formulir-lengkap.png", full_page=True)
    page.get_by_role("button", name="Simpan pertemuan").click()

    expect(page.get_by_text("Bank sampah RW")).to_be_visible()
    page.screenshot(path=shots / "02-tersimpan.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    pertemuan = Pertemuan.objects.get()
    rows = {(k.lembaga.nama, k.tamu, k.jumlah_orang) for k in pertemuan.kehadiran.select_related("lembaga")}
    assert rows == {
        ("LPMK Ilir D IV", False, 1),
        ("PKK Ilir D IV", False, 3),
        ("Posyandu Melati RW 03", False, 1),
        ("Karang Taruna Tetangga", True, 1),
        ("Majelis Taklim Tetangga", True, 1),
    }
    agreed = [
        (k.nomor, k.isi, sorted(lem.nama for lem in k.lembaga.all())) for k in pertemuan.kesepakatan.order_by("nomor")
    ]
    assert agreed == [
        (1, "Kerja bakti bulanan", ["LPMK Ilir D IV"]),
        (2, "Posyandu lansia", ["Posyandu Melati RW 03"]),
        (3, "Bank sampah RW", ["PKK Ilir D IV"]),
    ]
    follow_up = pertemuan.tindak_lanjut.get()
    assert (follow_up.uraian, follow_up.lembaga.nama, follow_up.kesepakatan.nomor, follow_up.tenggat) == (
        "Data nasabah bank sampah",
        "PKK Ilir D IV",
        3,
        TODAY + datetime.timedelta(days=7),
    )
    assert other_guest.pk in {k.lembaga_id for k in pertemuan.kehadiran.all()}
