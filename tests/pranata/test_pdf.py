"""PDF reports: the letterhead nearest to the scope, the figures, "Halaman x dari y", read back with pypdf."""

import base64
import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from pranata import pdf, services
from pranata.models import KopSurat, Wilayah
from tests.conftest import KELURAHAN, login
from tests.factories import LembagaFactory

D = datetime.date
# The smallest valid PNG (1×1, transparent).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def distinct_images(reader: PdfReader) -> set:
    return {hash(image.data) for page in reader.pages for image in page.images}


PNG_RED = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63f8cfc0f01f00050001ff89993d1d0000000049454e44ae426082"
)


def text_of(body: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(body))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def story(officer, wilayah):
    a, b, c = (LembagaFactory(nama=n, wilayah=wilayah["kelurahan"]) for n in ("A LPMK", "B PKK", "C Posyandu"))
    services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=3, mulai=D(2024, 1, 1), oleh=officer)
    services.kerjasama_create(lembaga_a=b, lembaga_b=c, tahap=1, mulai=D(2024, 2, 1), oleh=officer)
    return {"a": a, "b": b, "c": c}


def test_the_nearest_letterhead_is_chosen_and_the_general_one_otherwise(wilayah):
    assert KopSurat.objects.for_wilayah(KELURAHAN) is None
    umum = KopSurat.objects.create(instansi="Kementerian Sosial")
    kota = KopSurat.objects.create(instansi="Dinas Sosial", wilayah=Wilayah.objects.get(kode="16.71"))
    provinsi = KopSurat.objects.create(instansi="Dinas Sosial Provinsi", wilayah=Wilayah.objects.get(kode="16"))
    assert KopSurat.objects.for_wilayah(KELURAHAN) == kota
    assert KopSurat.objects.for_wilayah("16.71") == kota
    assert KopSurat.objects.for_wilayah("16.72.01") == provinsi
    assert KopSurat.objects.for_wilayah("35.78.09.1002") == umum
    assert KopSurat.objects.for_wilayah("") == umum


def test_the_report_pdf_carries_the_letterhead_the_figures_and_page_numbers(client, analyst, story, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    KopSurat.objects.create(
        wilayah=Wilayah.objects.get(kode="16.71"),
        pemerintah="Pemerintah Kota Palembang",
        instansi="Dinas Sosial",
        alamat="Jl. Merdeka No. 1, Palembang",
        logo=SimpleUploadedFile("logo.png", PNG, content_type="image/png"),
        kota_ttd="Palembang",
        jabatan_ttd="Kepala Dinas Sosial",
        nama_ttd="Drs. Ahmad",
        nip_ttd="196501011990031001",
    )
    url = reverse("pranata:laporan-unduh", args=[KELURAHAN, "pdf"])
    response = login(client, analyst).get(url, {"per": "2024-07-01"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="simpul-{KELURAHAN}-2024-07-01.pdf"'
    reader, text = text_of(response.content)
    pages = len(reader.pages)
    flat = " ".join(text.split())
    assert "PEMERINTAH KOTA PALEMBANG" in flat and "DINAS SOSIAL" in flat and "Jl. Merdeka No. 1" in flat
    assert "Laporan jaringan pranata sosial" in flat and "Kelurahan/Desa Ilir D IV · per 01/07/2024" in flat
    # 3 lembaga, 2 ties; the A–B tie (koordinasi) covers 2 of 3 lembaga, over the 0.5 threshold.
    assert re.search(r"\b3 lembaga aktif", flat) and re.search(r"\b2 kerjasama", flat)
    assert "Koordinasi tahap jaringan" in flat
    assert f"Halaman 1 dari {pages}" in flat and f"Halaman {pages} dari {pages}" in flat
    assert "Dicetak 15/06/2026" in flat  # the frozen clock's day, in Jakarta
    assert "Kepala Dinas Sosial" in flat and "Drs. Ahmad" in flat and "NIP 196501011990031001" in flat
    assert "Palembang, 15 Juni 2026" in flat
    assert len(distinct_images(reader)) == 1  # the logo, embedded


def test_without_a_letterhead_the_pdf_names_the_forum_and_has_no_signature_block(client, analyst, story):
    url = reverse("pranata:laporan-unduh", args=[KELURAHAN, "pdf"])
    _reader, text = text_of(login(client, analyst).get(url, {"per": "2024-07-01"}).content)
    flat = " ".join(text.split())
    assert "FORUM PRANATA SOSIAL" in flat
    assert "NIP" not in flat


def test_the_pdf_is_refused_outside_the_scope(client, outsider, story):
    url = reverse("pranata:laporan-unduh", args=[KELURAHAN, "pdf"])
    assert login(client, outsider).get(url, {"per": "2024-07-01"}).status_code == 404


def test_a_document_loads_no_url_but_data(wilayah, settings, tmp_path):
    """A name typed into the registry is escaped, and even markup that slipped through could load nothing:
    the renderer's fetcher takes data: URLs only."""
    target = tmp_path / "secret.png"
    target.write_bytes(PNG_RED)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    (tmp_path / "probe.html").write_text(
        '{% extends "pdf/base.html" %}{% block doc %}'
        f'<img src="file://{target}"><img src="http://127.0.0.1:9/x.png"><img src="{pdf_logo()}">'
        "{% endblock %}"
    )
    body = pdf.render("probe.html", {"judul": "Uji"})
    reader = PdfReader(io.BytesIO(body))
    assert len(distinct_images(reader)) == 1  # only the data: one, not the red file


def pdf_logo() -> str:
    return "data:image/png;base64," + base64.b64encode(PNG).decode()


def test_a_missing_logo_file_prints_without_it(wilayah, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    made = KopSurat.objects.create(instansi="Dinas Sosial", logo=SimpleUploadedFile("l.png", PNG))
    kop = KopSurat.objects.get(pk=made.pk)
    assert pdf.logo_uri(kop).startswith("data:image/png;base64,")
    (tmp_path / kop.logo.name).unlink()
    assert pdf.logo_uri(kop) == ""


def test_the_report_page_prints_under_the_same_letterhead(client, analyst, story):
    KopSurat.objects.create(wilayah=Wilayah.objects.get(kode="16.71"), instansi="Dinas Sosial Kota Palembang")
    page = login(client, analyst).get(reverse("pranata:laporan", args=[KELURAHAN]), {"per": "2024-07-01"})
    letterhead = page.text.split('<header class="kop-cetak d-none d-print-block">', 1)[1].split("</header>", 1)[0]
    assert "Dinas Sosial Kota Palembang" in letterhead and "Dicetak 15/06/2026" in letterhead
