"""A Dinas Sosial analyst reads a kecamatan report: sorts its areas, drills into a kelurahan, finds a lembaga
on the interactive map, filters it by stage, replays its growth, compares two dates from the defaults, and
takes the PDF and GraphML; on a phone no report page scrolls sideways."""

import datetime

import networkx as nx
import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from pranata import services
from pranata.models import Peran
from tests.factories import LembagaFactory, user_with_role, wilayah_path

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

D = datetime.date


def build_network():
    wilayah_path("16.71.05", "Ilir Timur I")
    kelurahan = wilayah_path("16.71.05.1006", "Ilir D IV")
    tetangga = wilayah_path("16.71.05.1005", "Ilir D III")
    officer = user_with_role("petugas", Peran.PETUGAS, ["16.71.05"])
    user_with_role("dinsos", Peran.DINSOS, ["16"])
    a, b, c = (
        LembagaFactory(nama=n, wilayah=kelurahan) for n in ("LPMK Ilir D IV", "PKK Ilir D IV", "Posyandu Melati")
    )
    ab = services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=1, mulai=D(2024, 1, 1), oleh=officer)
    services.kerjasama_set_tahap(kerjasama=ab, tahap=3, tanggal=D(2024, 9, 1), oleh=officer, bukti="Rencana kerja")
    services.kerjasama_create(lembaga_a=b, lembaga_b=c, tahap=2, mulai=D(2024, 8, 1), oleh=officer)
    x, y = (LembagaFactory(nama=n, wilayah=tetangga) for n in ("Karang Taruna Ilir D III", "Majelis Taklim Ilir"))
    services.kerjasama_create(lembaga_a=x, lembaga_b=y, tahap=1, mulai=D(2024, 3, 1), oleh=officer)
    return {"posyandu": c}


def sign_in(page: Page) -> None:
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill("dinsos")
    page.get_by_label("Kata sandi").fill("kata-sandi-uji-123")
    page.get_by_role("button", name="Masuk").click()


def area_names(page: Page) -> list[str]:
    return page.locator("#tabel-wilayah tbody tr td:first-child").all_inner_texts()


def test_analyst_explores_a_report_and_takes_it_away(page: Page, shots, tmp_path):
    made = build_network()
    sign_in(page)
    page.locator("#nav").get_by_role("link", name="Laporan").click()
    page.goto("/laporan/16.71.05/")
    # LPMK–PKK–Posyandu at ≥ kooperasi join 3 of the kecamatan's 5 lembaga; the koordinasi tie only 2.
    expect(page.locator("#tahap-jaringan")).to_have_text("Kooperasi")
    # The areas below, in code order; sorted by ties (most first after two clicks).
    assert area_names(page) == ["Ilir D III", "Ilir D IV"]
    ties_header = page.locator("#tabel-wilayah thead th", has_text="Kerjasama")
    ties_header.click()
    expect(ties_header).to_have_attribute("aria-sort", "ascending")
    assert area_names(page) == ["Ilir D III", "Ilir D IV"]  # 1 tie, then 2
    ties_header.click()
    expect(ties_header).to_have_attribute("aria-sort", "descending")
    assert area_names(page) == ["Ilir D IV", "Ilir D III"]
    expect(page.locator("#tren")).to_contain_text("Tren per triwulan")
    page.screenshot(path=shots / "01-laporan-kecamatan.png", full_page=True)

    # Drill into a kelurahan; its map finds the posyandu and shows its panel.
    page.locator("#tabel-wilayah").get_by_role("link", name="Ilir D IV").click()
    expect(page.locator("h1 + div, .text-body-secondary").first).to_contain_text("Ilir D IV")
    expect(page.locator("#peta-interaktif")).to_have_attribute("data-siap", "1")
    expect(page.locator("#diagram-statis")).to_be_hidden()  # on screen the map replaces the static drawing
    expect(page.locator("#peta-ringkas")).to_have_text("3 lembaga, 2 kerjasama tampil")
    page.locator("#peta-q").fill("Posyandu")
    page.locator("#peta-cari").get_by_role("button", name="Cari").click()
    panel = page.locator("#peta-panel")
    expect(panel).to_contain_text("Posyandu Melati")
    expect(panel).to_contain_text(made["posyandu"].kode)
    expect(panel).to_contain_text("Kerjasama Kooperasi")
    expect(panel.get_by_role("link", name="Buka halaman lembaga")).to_have_attribute(
        "href", f"/lembaga/{made['posyandu'].pk}/"
    )
    page.locator("#peta-tahap").select_option(label="≥ Koordinasi")
    expect(page.locator("#peta-ringkas")).to_have_text("3 lembaga, 1 kerjasama tampil")
    page.screenshot(path=shots / "02-peta-cari-dan-saring.png", full_page=True)
    # Replay: back to 01/02/2024 only the LPMK–PKK tie existed, at komunikasi (below the stage filter).
    page.locator("#peta-tahap").select_option(label="Semua")
    page.eval_on_selector(
        "#peta-tanggal",
        """(el) => { el.value = String(Math.round((Date.parse('2024-02-01') - Date.parse('2024-01-01')) / 864e5));
                   el.dispatchEvent(new Event('input')); }""",
    )
    expect(page.locator("#peta-tanggal-teks")).to_have_text("01/02/2024")
    expect(page.locator("#peta-ringkas")).to_have_text("3 lembaga, 1 kerjasama tampil")
    page.screenshot(path=shots / "03-peta-putar-ulang.png", full_page=True)

    # The PDF of this report.
    with page.expect_download() as pdf_download:
        page.locator("#unduh-pdf").click()
    saved = tmp_path / "laporan.pdf"
    pdf_download.value.save_as(saved)
    reader = PdfReader(saved)
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Laporan jaringan pranata sosial" in text and f"Halaman 1 dari {len(reader.pages)}" in text
    assert "Posyandu Melati" in text

    # The comparison opens on the last 12 months (to the frozen today, 15/06/2026) and says what changed.
    page.get_by_role("link", name="Bandingkan dua tanggal").click()
    expect(page.get_by_label("Sebelum (tanggal)")).to_have_value("15/06/2025")
    expect(page.locator("#ringkasan-banding")).to_have_text(
        "Jaringan tetap pada tahap Koordinasi. 0 kerjasama naik tahap, 0 turun; 0 kerjasama baru, 0 berakhir. "
        "0 lembaga bergabung, 0 keluar."
    )
    page.get_by_label("Sebelum (tanggal)").fill("01/02/2024")
    page.get_by_label("Sesudah (tanggal)").fill("01/10/2024")
    page.get_by_role("button", name="Bandingkan").click()
    expect(page.get_by_text("LPMK Ilir D IV — PKK Ilir D IV: Komunikasi → Koordinasi")).to_be_visible()
    expect(page.locator("#ringkasan-banding")).to_contain_text("Jaringan naik dari Komunikasi ke Koordinasi.")
    page.screenshot(path=shots / "04-banding.png", full_page=True)
    with page.expect_download() as compared:
        page.locator("#unduh-pdf").click()
    assert compared.value.suggested_filename == "simpul-banding-2024-02-01-2024-10-01.pdf"

    page.goto("/laporan/16.71.05/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="GraphML").click()
    target = tmp_path / "jaringan.graphml"
    download_info.value.save_as(target)
    graph = nx.read_graphml(target)
    assert len(graph) == 5 and sorted(int(d["tahap"]) for _, _, d in graph.edges(data=True)) == [1, 2, 3]
    assert {d["kode"] for _, d in graph.nodes(data=True)} >= {made["posyandu"].kode}


def test_report_pages_fit_a_phone(phone: Page, shots):
    build_network()
    sign_in(phone)
    for name, url in [
        ("kecamatan", "/laporan/16.71.05/"),
        ("kelurahan", "/laporan/16.71.05.1006/"),
        ("banding", "/laporan/16.71.05.1006/banding/"),
    ]:
        phone.goto(url)
        if name == "kelurahan":
            expect(phone.locator("#peta-interaktif")).to_have_attribute("data-siap", "1")
        width = phone.evaluate("document.documentElement.scrollWidth")
        phone.screenshot(path=shots / f"{name}.png", full_page=True)
        assert width <= 390, (url, width)
    expect(phone.locator("#ringkasan-banding")).to_be_visible()
