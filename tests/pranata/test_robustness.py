"""Every bad file and odd input refused with a clear message, nothing broken downstream.

The hostile files are made here, small; how fast and how lean their refusal is lives in `make bench`.
"""

import datetime
import io
import os
import time
import xml.etree.ElementTree as ET
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from forum import services as forum_services
from forum.models import TindakLanjut
from pranata import exports, imports, network, reports, services
from pranata.imports import staging
from pranata.models import LaporanTugas, Lembaga, StatusTugas
from tests.conftest import TODAY, login
from tests.factories import LembagaFactory

pytestmark = pytest.mark.django_db
KELURAHAN = "16.71.05.1006"
HEADER = ",".join(imports.KINDS["lembaga"].COLUMNS)


def xlsx(rows: list[list], *, far_cell: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if far_cell:
        sheet[far_cell] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def plan(user, data: bytes, name: str = "berkas.csv"):
    return imports.plan("lembaga", data, name, user)


ROW = [
    "",
    KELURAHAN,
    "Posyandu Mawar",
    "",
    "warga",
    "kesehatan",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
]


# --- files ---------------------------------------------------------------------------------------


def test_an_xlsx_declaring_a_million_rows_reads_only_what_is_there(officer, wilayah):
    data = xlsx([list(imports.KINDS["lembaga"].COLUMNS), ROW], far_cell="XFD1048576")
    assert len(data) < 10_000
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b'ref="A1:XFD1048576"' in archive.read("xl/worksheets/sheet1.xml")
    result = plan(officer, data, "bom.xlsx")
    assert [row.key for row in result.rows] == ["Posyandu Mawar"]


def test_an_xlsx_that_inflates_hundreds_of_times_is_refused_before_parsing(officer, wilayah):
    sheet = b'<?xml version="1.0"?><worksheet>' + b" " * 5_000_000 + b"</worksheet>"
    buffer = io.BytesIO()
    template = io.BytesIO(xlsx([list(imports.KINDS["lembaga"].COLUMNS)]))
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = sheet if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            target.writestr(item.filename, body)
    with pytest.raises(imports.ImportFileError, match="mengembang lebih dari 100×"):
        plan(officer, buffer.getvalue(), "bom.xlsx")


def test_an_xlsx_too_big_once_unzipped_is_refused(officer, wilayah, settings):
    settings.SIMPUL_IMPORT_MAX_XML_MB = 0
    with pytest.raises(imports.ImportFileError, match="terlalu besar setelah dibuka"):
        plan(officer, xlsx([list(imports.KINDS["lembaga"].COLUMNS), ROW]), "x.xlsx")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_more_rows_than_the_limit_are_refused(officer, wilayah, settings, kind):
    settings.SIMPUL_IMPORT_MAX_ROWS = 3
    rows = [[*ROW[:2], f"Lembaga {i}", *ROW[3:]] for i in range(4)]
    if kind == "csv":
        data = "\n".join([HEADER, *(",".join(r) for r in rows)]).encode()
    else:
        data = xlsx([list(imports.KINDS["lembaga"].COLUMNS), *rows])
    with pytest.raises(imports.ImportFileError, match="lebih dari 3 baris"):
        plan(officer, data, f"x.{kind}")
    settings.SIMPUL_IMPORT_MAX_ROWS = 4
    assert plan(officer, data, f"x.{kind}").counts["baru"] == 4


def test_a_csv_cell_over_the_field_limit_is_refused_with_its_row(officer, wilayah):
    data = f"{HEADER}\n,{KELURAHAN},Posyandu,,warga,kesehatan,,,{'x' * 140_000},,,,\n".encode()
    with pytest.raises(imports.ImportFileError, match="Baris 2: sel terlalu panjang"):
        plan(officer, data)


def test_a_utf8_file_with_one_stray_windows_byte_is_refused_with_the_line(officer, wilayah):
    data = f"{HEADER}\n,{KELURAHAN},Café Harapan,,warga,kesehatan,,,,,,,\n".encode() + (
        f",{KELURAHAN},Warung ".encode() + b"\x96" + b" Bu Sri,,warga,ekonomi,,,,,,,\n"
    )
    with pytest.raises(imports.ImportFileError, match="Baris 3 berisi huruf yang bukan UTF-8"):
        plan(officer, data)


def test_a_windows_1252_file_is_read_and_the_preview_says_so(officer, wilayah, client):
    data = f"{HEADER}\n,{KELURAHAN},Café Harapan – RW 03,,warga,kesehatan,,,,,,,\n".encode("cp1252")
    result = plan(officer, data, "lama.csv")
    assert result.rows[0].key == "Café Harapan – RW 03"
    assert result.notes and "dibaca sebagai Windows-1252" in result.notes[0]
    upload = SimpleUploadedFile("lama.csv", data, content_type="text/csv")
    page = login(client, officer).post(reverse("pranata:impor"), {"jenis": "lembaga", "berkas": upload})
    assert "dibaca sebagai Windows-1252" in page.content.decode()


def test_a_nul_byte_anywhere_is_refused(officer, wilayah):
    data = f"{HEADER}\n".encode() + b" " * 5000 + f",{KELURAHAN},Pos\x00yandu,,warga,kesehatan,,,,,,,\n".encode()
    with pytest.raises(imports.ImportFileError, match="bukan berkas CSV atau XLSX"):
        plan(officer, data)


# --- control characters ---------------------------------------------------------------------------


def test_control_characters_are_cleaned_at_the_form(client, officer, wilayah):
    from tests.pranata.test_lembaga_views import form_data

    data = form_data(wilayah["kelurahan"], nama="Karang Taruna\x0bBina Remaja\x1b", kegiatan_utama="Rapat\x0bbulanan")
    login(client, officer).post(reverse("pranata:lembaga-create"), data)
    lembaga = Lembaga.objects.get()
    assert (lembaga.nama, lembaga.kegiatan_utama) == ("Karang Taruna Bina Remaja", "Rapat\nbulanan")


def test_control_characters_are_cleaned_at_the_import(officer, wilayah):
    data = f"{HEADER}\n,{KELURAHAN},Posyandu\x0bMawar\x1b,,warga,kesehatan,,,,,,,\n".encode()
    result = plan(officer, data)
    imports.apply(result, officer)
    assert Lembaga.objects.get().nama == "Posyandu Mawar"


def test_exports_stay_valid_whatever_is_in_the_database(officer, wilayah):
    """Defence in depth: a name that got in before the cleaning rule still exports."""
    a = LembagaFactory(nama="Karang\x0bTaruna\x1b", wilayah=wilayah["kelurahan"])
    b = LembagaFactory(nama="PKK", wilayah=wilayah["kelurahan"])
    services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=2, mulai=TODAY, oleh=officer)
    rows = exports.lembaga_rows(Lembaga.objects.all(), personal=False)
    book = load_workbook(io.BytesIO(exports.sheets_to_xlsx({"lembaga": rows})))
    assert {row[2] for row in book.active.iter_rows(min_row=2, values_only=True)} == {"Karang\nTaruna", "PKK"}
    nodes, edges = reports.load_graph(Lembaga.objects.all(), TODAY)
    graph = network.build_graph(nodes, edges)
    for body in (network.to_gexf(graph), network.to_graphml(graph)):
        ET.fromstring(body)  # raises on invalid XML
    assert b"KarangTaruna" in network.to_gexf(graph)


# --- staged files -----------------------------------------------------------------------------


def staged(user) -> list[str]:
    return sorted(p.name for p in staging.folder(user).iterdir())


def upload(client, data: bytes, name: str = "l.csv"):
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(reverse("pranata:impor"), {"jenis": "lembaga", "berkas": file})


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_staged_files_go_on_confirm_cancel_and_error(client, officer, wilayah, media):
    login(client, officer)
    good = f"{HEADER}\n,{KELURAHAN},Posyandu Mawar,,warga,kesehatan,,,,,,,\n".encode()
    token = upload(client, good).context["token"]
    assert staged(officer) == [token]
    client.post(reverse("pranata:impor-batal"), {"token": token})
    assert staged(officer) == []
    token = upload(client, good).context["token"]
    client.post(reverse("pranata:impor-konfirmasi"), {"token": token, "jenis": "lembaga", "filename": "l.csv"})
    assert staged(officer) == [] and Lembaga.objects.count() == 1
    upload(client, b"%PDF-1.4 not a table")
    upload(client, f"{HEADER}\n,{KELURAHAN},,,warga,kesehatan,,,,,,,\n".encode())  # a row with errors
    assert staged(officer) == []


def test_the_cleanup_command_removes_forgotten_previews(client, officer, wilayah, media):
    login(client, officer)
    token = upload(client, f"{HEADER}\n,{KELURAHAN},Posyandu Mawar,,warga,kesehatan,,,,,,,\n".encode()).context["token"]
    fresh = upload(client, f"{HEADER}\n,{KELURAHAN},Posyandu Melati,,warga,kesehatan,,,,,,,\n".encode()).context[
        "token"
    ]
    old = time.time() - 2 * 24 * 3600
    os.utime(staging.folder(officer) / token, (old, old))
    out = io.StringIO()
    call_command("bersihkan_berkas", stdout=out)
    assert out.getvalue().strip().startswith("1 berkas pratinjau impor, 0 dokumen MoU yatim dan 0 unduhan laporan lama")
    assert staged(officer) == [fresh]


def test_an_oversized_upload_is_refused_from_its_content_length(client, officer, wilayah, media, settings):
    settings.SIMPUL_IMPORT_MAX_MB = 1
    settings.MAX_UPLOAD_MB = 1
    response = upload(login(client, officer), b"x" * (3 * 1024 * 1024))
    assert response.status_code == 413
    assert "Berkas terlalu besar; batasnya 1 MB." in response.content.decode()
    assert staged(officer) == []


def test_a_record_changed_between_preview_and_confirm_saves_nothing(client, officer, wilayah, media):
    lembaga = LembagaFactory(kode="16.71.05.1006-0001", nama="LPMK", alamat="RW 01", wilayah=wilayah["kelurahan"])
    login(client, officer)
    row = f"16.71.05.1006-0001,{KELURAHAN},LPMK,,,,,40,,,,,\n"
    token = upload(client, f"{HEADER}\n{row}".encode()).context["token"]

    def stale_plan(*args, **kwargs):
        result = original(*args, **kwargs)
        services.lembaga_update(lembaga=Lembaga.objects.get(pk=lembaga.pk), oleh=officer, alamat="RW 02")
        return result

    original = imports.plan
    from pranata.views import impor as view

    view.imports.plan = stale_plan
    try:
        response = client.post(
            reverse("pranata:impor-konfirmasi"), {"token": token, "jenis": "lembaga", "filename": "l.csv"}, follow=True
        )
    finally:
        view.imports.plan = original
    assert (
        "Tidak ada yang disimpan: 1 lembaga sudah diubah orang lain sejak pratinjau dibuat" in response.content.decode()
    )
    lembaga.refresh_from_db()
    assert (lembaga.alamat, lembaga.jumlah_anggota) == ("RW 02", None)
    assert staged(officer) == []


# --- the web layer -------------------------------------------------------------------------------


def test_the_follow_up_action_never_redirects_off_site(client, coordinator, wilayah):
    from forum.models import Forum, Keanggotaan

    forum = Forum.objects.create(nama="Forum", wilayah=wilayah["kelurahan"])
    forum.koordinator.add(coordinator)
    lembaga = LembagaFactory(wilayah=wilayah["kelurahan"])
    Keanggotaan.objects.create(forum=forum, lembaga=lembaga, mulai=datetime.date(2024, 1, 1))
    pertemuan = forum_services.pertemuan_log(
        forum=forum,
        oleh=coordinator,
        fields={"tanggal": TODAY, "jenis": "rapat_rutin"},
        hadir=[],
        sepakat=[],
        lanjut=[forum_services.Lanjut("Siapkan tempat", lembaga)],
    )
    item = TindakLanjut.objects.get()
    url = reverse("forum:tindak-lanjut-status", args=[item.pk])
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = login(client, coordinator).post(url, {"status": "selesai", "next": evil})
        assert response.status_code == 302 and response.url == pertemuan.get_absolute_url()


def test_dinas_sosial_cannot_queue_a_report_computation(client, analyst, wilayah):
    url = reverse("pranata:laporan", args=[KELURAHAN])
    response = login(client, analyst).post(url, {"ulangi": "1"})
    assert response.status_code == 403
    assert not LaporanTugas.objects.filter(status=StatusTugas.ANTRI).exists()


def test_import_messages_do_not_reveal_lembaga_outside_the_scope(officer, wilayah):
    LembagaFactory(kode="35.78.09.1002-0001", nama="Rahasia Sidoarjo", wilayah=wilayah["luar"])
    data = f"{HEADER}\n35.78.09.1002-0001,{KELURAHAN},Posyandu,,warga,kesehatan,,,,,,,\n".encode()
    errors = plan(officer, data).error_rows[0].errors
    assert errors == [("kode", "Kode 35.78.09.1002-0001 sudah dipakai; kosongkan kolom kode untuk lembaga baru.")]


def test_the_server_error_page_is_indonesian_and_needs_no_database():
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Maaf, terjadi kesalahan di server" in response.content.decode()


def test_the_cleanup_command_removes_mou_files_nothing_refers_to(officer, wilayah, media):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    a, b = LembagaFactory(wilayah=wilayah["kelurahan"]), LembagaFactory(wilayah=wilayah["kelurahan"])
    tie = services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=3, mulai=TODAY, oleh=officer, dasar="mou")
    first = ContentFile(b"%PDF-1.4 pertama", name="mou-1.pdf")
    services.kerjasama_update(kerjasama=tie, oleh=officer, dokumen=first)
    old_name = tie.dokumen.name
    services.kerjasama_update(kerjasama=tie, oleh=officer, dokumen=ContentFile(b"%PDF-1.4 kedua", name="mou-2.pdf"))
    stray = default_storage.save(f"kerjasama/{a.pk}-{b.pk}/sisa.pdf", ContentFile(b"%PDF-1.4 sisa"))
    out = io.StringIO()
    call_command("bersihkan_berkas", stdout=out)
    # The replaced document stays (a history version still points to it); the stray one goes.
    assert "1 dokumen MoU yatim dan" in out.getvalue()
    assert default_storage.exists(old_name) and default_storage.exists(tie.dokumen.name)
    assert not default_storage.exists(stray)
