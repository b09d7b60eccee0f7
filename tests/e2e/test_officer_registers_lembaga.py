"""An officer's day: log in, register a lembaga with a resource, find it, edit it, fix a bad phone."""

import pytest
from playwright.sync_api import Page, expect

from pranata.models import Lembaga, Peran
from tests.factories import LembagaFactory, user_with_role, wilayah_path

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_registers_finds_and_edits_a_lembaga(page: Page, shots):
    wilayah_path("16.71.05.1006", "Ilir D IV")
    user_with_role("petugas", Peran.PETUGAS, ["16.71.05.1006"])
    LembagaFactory(nama="Karang Taruna Bina Remaja", wilayah_id=wilayah_path("16.71.05.1006").pk)

    page.goto("/")
    page.get_by_label("Nama pengguna").fill("petugas")
    page.get_by_label("Kata sandi").fill("kata-sandi-uji-123")
    page.screenshot(path=shots / "01-masuk.png")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")

    page.locator("#nav").get_by_role("link", name="Lembaga", exact=True).click()
    page.get_by_role("link", name="Daftarkan lembaga").click()
    page.get_by_label("Nama lembaga").fill("Posyandu Melati RW 03")
    page.get_by_label("Jenis").select_option(label="Posyandu")
    page.get_by_label("Sektor").select_option(label="Warga/masyarakat")
    page.get_by_label("Pranata sosial").select_option(label="Kesehatan")
    page.get_by_label("Kelurahan/desa").select_option(label="Ilir D IV (16.71.05.1006)")
    page.get_by_label("Tahun berdiri").fill("2012")
    page.get_by_label("Jumlah anggota").fill("18")
    page.get_by_label("Iuran anggota").check()
    page.get_by_label("Nama kontak").fill("Bu Sri Wahyuni")
    page.get_by_label("Telepon kontak").fill("0813-1234-5678")
    page.screenshot(path=shots / "02-formulir.png", full_page=True)
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Posyandu Melati RW 03")

    page.locator("#id_sd-jenis").select_option(label="Keahlian")
    page.locator("#id_sd-uraian").fill("Kader penimbangan balita")
    page.locator("form[action$='/sumber-daya/']").get_by_role("button", name="Tambah").click()
    expect(page.get_by_text("Kader penimbangan balita").first).to_be_visible()
    page.screenshot(path=shots / "03-detail.png", full_page=True)

    page.locator("#nav").get_by_role("link", name="Lembaga", exact=True).click()
    page.get_by_label("Cari nama").fill("melati")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.get_by_text("1 lembaga ditemukan")).to_be_visible()
    page.screenshot(path=shots / "04-cari.png", full_page=True)
    page.get_by_role("link", name="Posyandu Melati RW 03").click()

    page.get_by_role("link", name="Ubah").click()
    page.get_by_label("Jumlah anggota").fill("22")
    page.get_by_label("Telepon kontak").fill("0813-12")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Nomor telepon tidak valid.")).to_be_visible()
    expect(page.get_by_label("Jumlah anggota")).to_have_value("22")
    page.screenshot(path=shots / "05-telepon-salah.png", full_page=True)

    page.get_by_label("Telepon kontak").fill("+62 813 1234 5679")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Perubahan pada “Posyandu Melati RW 03” tersimpan.")).to_be_visible()
    page.screenshot(path=shots / "06-tersimpan.png", full_page=True)

    lembaga = Lembaga.objects.get(nama="Posyandu Melati RW 03")
    assert lembaga.jumlah_anggota == 22
    assert str(lembaga.kontak_telepon) == "+6281312345679"
    assert list(lembaga.sumber_daya.values_list("uraian", flat=True)) == ["Kader penimbangan balita"]
