"""An officer takes the template, fills it in Excel, gets two rows wrong, fixes them and imports."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from pranata.models import Lembaga, Peran
from tests.factories import user_with_role, wilayah_path

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fill(template: bytes, rows: list[list]) -> bytes:
    book = load_workbook(io.BytesIO(template))
    sheet = book.active
    sheet.delete_rows(2)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_officer_imports_a_filled_template(page: Page, shots, tmp_path):
    wilayah_path("16.71.05.1006", "Ilir D IV")
    user_with_role("petugas", Peran.PETUGAS, ["16.71.05.1006"])
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill("petugas")
    page.get_by_label("Kata sandi").fill("kata-sandi-uji-123")
    page.get_by_role("button", name="Masuk").click()

    page.locator("#nav").get_by_role("link", name="Lembaga", exact=True).click()
    page.get_by_role("link", name="Impor").click()
    with page.expect_download() as download:
        page.locator("#templat li", has_text="Lembaga").get_by_role("link", name="XLSX").click()
    template = tmp_path / "templat.xlsx"
    download.value.save_as(template)
    page.screenshot(path=shots / "01-impor.png", full_page=True)

    good = [
        "",
        "16.71.05.1006",
        "Majelis Taklim Nurul Iman",
        "",
        "Warga/masyarakat",
        "Keagamaan",
        1998,
        60,
        "",
        "",
        "",
        "Aktif",
    ]
    wrong_year = [
        "",
        "16.71.05.1006",
        "Bank Sampah Musi",
        "",
        "Warga/masyarakat",
        "Ekonomi",
        2999,
        12,
        "",
        "",
        "",
        "Aktif",
    ]
    wrong_phone = [
        "",
        "16.71.05.1006",
        "Koperasi Wanita",
        "",
        "Dunia usaha",
        "Ekonomi",
        2015,
        30,
        "",
        "Bu Sri",
        "12345",
        "Aktif",
    ]
    bad_file = tmp_path / "lembaga-salah.xlsx"
    bad_file.write_bytes(fill(template.read_bytes(), [good, wrong_year, wrong_phone]))
    page.get_by_label("Berkas CSV atau XLSX").set_input_files(bad_file)
    page.get_by_role("button", name="Periksa (uji coba)").click()
    errors = page.locator("#galat-impor")
    expect(errors).to_contain_text("Tahun berdiri tidak boleh lebih dari")
    expect(errors).to_contain_text("Nomor telepon “12345” tidak valid")
    expect(page.get_by_role("button", name="Konfirmasi impor")).to_have_count(0)
    page.screenshot(path=shots / "02-galat.png", full_page=True)
    assert not Lembaga.objects.exists()

    wrong_year[6], wrong_phone[10] = 2019, "0812-3456-7890"
    fixed = tmp_path / "lembaga.xlsx"
    fixed.write_bytes(fill(template.read_bytes(), [good, wrong_year, wrong_phone]))
    page.get_by_role("link", name="Unggah berkas yang sudah diperbaiki").click()
    page.get_by_label("Berkas CSV atau XLSX").set_input_files(fixed)
    page.get_by_role("button", name="Periksa (uji coba)").click()
    expect(page.locator("#ringkasan-impor")).to_contain_text("3 baru")
    page.screenshot(path=shots / "03-pratinjau.png", full_page=True)
    page.get_by_role("button", name="Konfirmasi impor").click()

    expect(page.get_by_text("Impor selesai: 3 baru, 0 berubah, 0 tetap.")).to_be_visible()
    page.get_by_label("Cari nama").fill("Bank Sampah")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.get_by_role("link", name="Bank Sampah Musi")).to_be_visible()
    page.screenshot(path=shots / "04-daftar.png", full_page=True)
    assert sorted(Lembaga.objects.values_list("kode", flat=True)) == [
        "16.71.05.1006-0001",
        "16.71.05.1006-0002",
        "16.71.05.1006-0003",
    ]
