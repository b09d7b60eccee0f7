"""A Dinas Sosial analyst reads a kecamatan report, moves the date, compares two dates and takes GraphML."""

import datetime

import networkx as nx
import pytest
from playwright.sync_api import Page, expect

from pranata import services
from pranata.models import Peran
from tests.factories import LembagaFactory, user_with_role, wilayah_path

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

D = datetime.date


def build_network():
    wilayah_path("16.71.05", "Ilir Timur I")
    kelurahan = wilayah_path("16.71.05.1006", "Ilir D IV")
    officer = user_with_role("petugas", Peran.PETUGAS, ["16.71.05.1006"])
    user_with_role("dinsos", Peran.DINSOS, ["16"])
    a, b, c = (
        LembagaFactory(nama=n, wilayah=kelurahan) for n in ("LPMK Ilir D IV", "PKK Ilir D IV", "Posyandu Melati")
    )
    ab = services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=1, mulai=D(2024, 1, 1), oleh=officer)
    services.kerjasama_set_tahap(kerjasama=ab, tahap=3, tanggal=D(2024, 9, 1), oleh=officer, bukti="Rencana kerja")
    services.kerjasama_create(lembaga_a=b, lembaga_b=c, tahap=2, mulai=D(2024, 8, 1), oleh=officer)


def test_analyst_compares_two_dates_and_downloads_graphml(page: Page, shots, tmp_path):
    build_network()
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill("dinsos")
    page.get_by_label("Kata sandi").fill("kata-sandi-uji-123")
    page.get_by_role("button", name="Masuk").click()

    page.locator("#nav").get_by_role("link", name="Laporan").click()
    page.goto("/laporan/16.71.05/")
    expect(page.locator("#tahap-jaringan")).to_have_text("Koordinasi")
    expect(page.locator(".network-svg circle")).to_have_count(3)
    page.screenshot(path=shots / "01-laporan-kecamatan.png", full_page=True)

    page.get_by_label("Per tanggal").fill("2024-02-01")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator("#tahap-jaringan")).to_have_text("Komunikasi")
    expect(page.get_by_text("per 01/02/2024")).to_be_visible()
    page.screenshot(path=shots / "02-per-tanggal.png", full_page=True)

    page.get_by_role("link", name="Bandingkan dua tanggal").click()
    page.get_by_label("Sebelum (tanggal)").fill("2024-02-01")
    page.get_by_label("Sesudah (tanggal)").fill("2024-10-01")
    page.get_by_role("button", name="Bandingkan").click()
    expect(page.get_by_text("LPMK Ilir D IV — PKK Ilir D IV: 1 → 3")).to_be_visible()
    expect(page.locator("#tabel-banding")).to_contain_text("Jumlah kerjasama")
    page.screenshot(path=shots / "03-banding.png", full_page=True)

    page.get_by_role("link", name="Kecamatan Ilir Timur I").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="GraphML").click()
    target = tmp_path / "jaringan.graphml"
    download_info.value.save_as(target)
    graph = nx.read_graphml(target)
    assert sorted(data["nama"] for _, data in graph.nodes(data=True)) == [
        "LPMK Ilir D IV",
        "PKK Ilir D IV",
        "Posyandu Melati",
    ]
    assert sorted(int(data["tahap"]) for _, _, data in graph.edges(data=True)) == [2, 3]
