"""Spreadsheet import: every bad input gets a clear message and nothing is saved; good files round-trip."""

import csv
import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from pranata import imports
from pranata.models import Kebutuhan, Kerjasama, Lembaga, SumberDaya
from tests.conftest import TODAY, login
from tests.factories import LembagaFactory

pytestmark = pytest.mark.django_db

HEADER = ",".join(imports.KINDS["lembaga"].COLUMNS)


def csv_bytes(*lines: str, encoding="utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def good_rows():
    return [
        ",16.71.05.1006,Posyandu Mawar,,Warga/masyarakat,Kesehatan,2010,25,RW 02,Bu Ani,0812-7866-4260,Aktif",
        ",16.71.05.1006,Karang Taruna Bina Remaja,KT,warga,kepemudaan,1999,40,,,,aktif",
    ]


def plan(user, data: bytes, kind="lembaga", name="data.csv"):
    return imports.plan(kind, data, name, user)


def errors(result) -> list[tuple[int, str, str]]:
    return [(r.row, column, message) for r in result.error_rows for column, message in r.errors]


def test_a_good_file_is_previewed_then_imported_with_generated_codes(officer, wilayah):
    result = plan(officer, csv_bytes(HEADER, *good_rows()))
    assert result.counts == {"baru": 2, "berubah": 0, "tetap": 0, "galat": 0}
    assert not Lembaga.objects.exists()
    imports.apply(result, officer)
    assert sorted(Lembaga.objects.values_list("kode", "nama")) == [
        ("16.71.05.1006-0001", "Posyandu Mawar"),
        ("16.71.05.1006-0002", "Karang Taruna Bina Remaja"),
    ]
    mawar = Lembaga.objects.get(nama="Posyandu Mawar")
    assert str(mawar.kontak_telepon) == "+6281278664260"
    assert mawar.history.get().history_user == officer


def test_reimporting_the_same_file_changes_nothing(officer, wilayah):
    data = csv_bytes(HEADER, *good_rows())
    imports.apply(plan(officer, data), officer)
    assert plan(officer, data).counts == {"baru": 0, "berubah": 0, "tetap": 2, "galat": 0}


def test_changed_rows_list_their_changes(officer, wilayah):
    imports.apply(plan(officer, csv_bytes(HEADER, *good_rows())), officer)
    row = (
        "16.71.05.1006-0001,16.71.05.1006,Posyandu Mawar,,Warga/masyarakat,Kesehatan,2010,30,RW 02,Bu Ani,"
        "0812-7866-4260,Aktif"
    )
    result = plan(officer, csv_bytes(HEADER, row))
    assert result.counts["berubah"] == 1
    assert result.rows[0].changes == ["jumlah_anggota: 25 → 30"]
    imports.apply(result, officer)
    assert Lembaga.objects.get(kode="16.71.05.1006-0001").jumlah_anggota == 30


def test_semicolon_csv_with_bom_is_read(officer, wilayah):
    data = "\ufeff" + HEADER.replace(",", ";") + "\n" + good_rows()[0].replace(",", ";") + "\n"
    assert plan(officer, data.encode("utf-8")).counts["baru"] == 1


def test_windows_1252_csv_keeps_indonesian_names(officer, wilayah):
    data = csv_bytes(
        HEADER,
        ",16.71.05.1006,Ma'had Al-Ikhlas,,warga,keagamaan,,,,,,",
        ",16.71.05.1006,Posyandu Melati – RW 03,,warga,kesehatan,,,,,,",
        encoding="cp1252",
    )
    imports.apply(plan(officer, data), officer)
    assert set(Lembaga.objects.values_list("nama", flat=True)) == {"Ma'had Al-Ikhlas", "Posyandu Melati – RW 03"}


def test_xlsx_is_read(officer, wilayah):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(
        ["", "16.71.05.1006", "Arisan RT 07", "", "Warga/masyarakat", "Ekonomi", 2001, 15, "", "", "", "Aktif"]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    assert plan(officer, buffer.getvalue(), name="data.xlsx").counts["baru"] == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Berkas kosong."),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "bukan berkas CSV atau XLSX"),
        (csv_bytes("nama,alamat", "Posyandu,RW 01"), "kolom wajib tidak ada: kode_wilayah, sektor, pranata"),
        (csv_bytes(HEADER + ",warna", good_rows()[0] + ",merah"), "kolom tidak dikenal: warna"),
        (csv_bytes(HEADER), "tanpa baris data"),
    ],
)
def test_unreadable_files_are_refused_as_a_whole(officer, wilayah, data, message):
    with pytest.raises(imports.ImportFileError, match=message):
        plan(officer, data)


def test_file_over_the_size_limit_is_refused(officer, wilayah, settings):
    settings.SIMPUL_IMPORT_MAX_MB = 1
    with pytest.raises(imports.ImportFileError, match="batasnya 1 MB"):
        plan(officer, b"x" * (1024 * 1024 + 1))


def test_every_bad_row_is_reported_with_row_and_column_and_nothing_saved(officer, wilayah):
    data = csv_bytes(
        HEADER,
        "A-1,16.71.05.1006,Posyandu Satu,,warga,kesehatan,,,,,,",
        "A-1,16.71.05.1006,Posyandu Dua,,warga,kesehatan,,,,,,",
        ",16.71.05.1005,Di Luar Tugas,,warga,kesehatan,,,,,,",
        ",16.71.05.1006,Tahun Depan,,warga,kesehatan,2999,-4,,,0812,",
        ",16.71.05.1006,Sektor Aneh,,koperasi,agama,,,,,,",
    )
    result = plan(officer, data)
    assert errors(result) == [
        (3, "kode", "Kode A-1 sudah dipakai di baris 2."),
        (4, "kode_wilayah", "Kelurahan/desa Ilir D III (16.71.05.1005) di luar wilayah tugas Anda."),
        (5, "tahun_berdiri", f"Tahun berdiri tidak boleh lebih dari {TODAY.year}."),
        (5, "jumlah_anggota", "Jumlah anggota tidak boleh kurang dari 0."),
        (5, "kontak_telepon", "Nomor telepon “0812” tidak valid; tulis seperti 0812-3456-7890."),
        (
            6,
            "sektor",
            "Sektor “koperasi” tidak dikenal; pilih salah satu: "
            "Warga/masyarakat, Pemerintah, Dunia usaha, Donatur, LSM.",
        ),
        (6, "pranata", "Pranata sosial “agama” tidak dikenal."),
    ]
    with pytest.raises(imports.ImportFileError):
        imports.apply(result, officer)
    assert not Lembaga.objects.exists()


# --- ties and resources -----------------------------------------------------------------------


@pytest.fixture
def coded(wilayah):
    return {
        "a": LembagaFactory(kode="16.71.05.1006-0001", nama="LPMK", wilayah=wilayah["kelurahan"]),
        "b": LembagaFactory(kode="16.71.05.1006-0002", nama="PKK", wilayah=wilayah["kelurahan"]),
        "c": LembagaFactory(kode="16.71.05.1006-0003", nama="Posyandu", wilayah=wilayah["kelurahan"]),
    }


def test_ties_are_imported_with_their_first_stage(officer, coded):
    data = csv_bytes(
        "kode_lembaga_a,kode_lembaga_b,tahap,mulai", "16.71.05.1006-0002,16.71.05.1006-0001,Kooperasi,17/08/2024"
    )
    imports.apply(plan(officer, data, "kerjasama"), officer)
    tie = Kerjasama.objects.get()
    assert (tie.lembaga_a, tie.lembaga_b, tie.tahap, str(tie.mulai)) == (coded["a"], coded["b"], 2, "2024-08-17")
    assert list(tie.riwayat.values_list("tahap", "bukti")) == [(2, "Diimpor dari berkas")]
    assert plan(officer, data, "kerjasama").counts["tetap"] == 1


def test_reimporting_a_tie_at_a_new_stage_adds_one_dated_stage(officer, coded):
    first = csv_bytes("kode_lembaga_a,kode_lembaga_b,tahap,mulai", "16.71.05.1006-0001,16.71.05.1006-0002,1,2024-01-01")
    imports.apply(plan(officer, first, "kerjasama"), officer)
    moved = csv_bytes("kode_lembaga_a,kode_lembaga_b,tahap,mulai", "16.71.05.1006-0001,16.71.05.1006-0002,3,2024-01-01")
    result = plan(officer, moved, "kerjasama")
    assert result.counts == {"baru": 0, "berubah": 1, "tetap": 0, "galat": 0}
    imports.apply(result, officer)
    tie = Kerjasama.objects.get()
    assert tie.tahap == 3
    assert list(tie.riwayat.order_by("berlaku_mulai").values_list("tahap", "berlaku_mulai")) == [
        (1, datetime.date(2024, 1, 1)),
        (3, TODAY),
    ]
    assert plan(officer, moved, "kerjasama").counts["tetap"] == 1


def test_bad_tie_rows_are_explained(officer, coded):
    data = csv_bytes(
        "kode_lembaga_a,kode_lembaga_b,tahap,mulai",
        "16.71.05.1006-0001,16.71.05.1006-9999,1,2024-01-01",
        "16.71.05.1006-0001,16.71.05.1006-0002,7,2024-01-01",
        "16.71.05.1006-0001,16.71.05.1006-0003,1,31/02/2024",
        "16.71.05.1006-0002,16.71.05.1006-0002,1,2024-01-01",
    )
    assert errors(plan(officer, data, "kerjasama")) == [
        (2, "kode_lembaga_b", "Kode lembaga “16.71.05.1006-9999” tidak dikenal."),
        (3, "tahap", "Tahap “7” tidak dikenal; isi 1–5 atau Komunikasi … Konfederasi."),
        (4, "mulai", "Tanggal mulai “31/02/2024” bukan tanggal yang valid (tulis 31/12/2024 atau 2024-12-31)."),
        (5, "kode_lembaga_b", "Lembaga tidak dapat bekerja sama dengan dirinya sendiri."),
    ]


def test_resources_and_needs_are_imported_once(officer, coded):
    data = csv_bytes(
        "kode_lembaga,kategori,jenis,uraian",
        "16.71.05.1006-0001,Sumber daya,Tempat,Balai RW",
        "16.71.05.1006-0002,kebutuhan,dana,Kas",
    )
    imports.apply(plan(officer, data, "sumber"), officer)
    assert (SumberDaya.objects.get().uraian, Kebutuhan.objects.get().uraian) == ("Balai RW", "Kas")
    assert plan(officer, data, "sumber").counts == {"baru": 0, "berubah": 0, "tetap": 2, "galat": 0}


def test_analyst_cannot_import(analyst, wilayah):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        plan(analyst, csv_bytes(HEADER, *good_rows()))


# --- exports and round trip -------------------------------------------------------------------


def test_export_then_import_gives_no_changes(client, officer, wilayah):
    imports.apply(plan(officer, csv_bytes(HEADER, *good_rows())), officer)
    login(client, officer)
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("pranata:lembaga-list"), {"format": fmt, "pribadi": "1"})
        result = plan(officer, response.content, name=f"export.{fmt}")
        assert result.counts == {"baru": 0, "berubah": 0, "tetap": 2, "galat": 0}, fmt


def test_export_leaves_out_contacts_unless_asked_and_allowed(client, officer, analyst, wilayah):
    LembagaFactory(nama="PKK", wilayah=wilayah["kelurahan"], kontak_nama="Bu Ani", kontak_telepon="+6281278664260")
    url = reverse("pranata:lembaga-list")
    login(client, officer)
    assert "Bu Ani" not in client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert "Bu Ani" in client.get(url, {"format": "csv", "pribadi": "1"}).content.decode("utf-8-sig")
    login(client, analyst)
    assert "Bu Ani" not in client.get(url, {"format": "csv", "pribadi": "1"}).content.decode("utf-8-sig")


def test_export_keeps_filters_and_neutralises_formulas(client, officer, wilayah):
    LembagaFactory(nama='=HYPERLINK("http://x","klik")', wilayah=wilayah["kelurahan"], sektor="lsm")
    LembagaFactory(nama="PKK", wilayah=wilayah["kelurahan"])
    response = login(client, officer).get(reverse("pranata:lembaga-list"), {"format": "xlsx", "sektor": "lsm"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == ['\'=HYPERLINK("http://x","klik")']


FORMULA_NAMES = ["=1+1", "+62 Posyandu", "-Posyandu Minus", "@KarangTaruna", "\tTab Awal", "\rCR Awal"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_formula_prefix_is_neutralised_in_csv_and_xlsx_exports(client, officer, wilayah, fmt):
    for nama in FORMULA_NAMES:
        LembagaFactory(nama=nama, wilayah=wilayah["kelurahan"])
    response = login(client, officer).get(reverse("pranata:lembaga-list"), {"format": fmt, "sort": "nama"})
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))[1:]
        names = [row[2] for row in rows]
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        # XLSX stores a carriage return as a line feed; the neutralising apostrophe is what matters.
        names = [row[2].replace("\n", "\r") for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted("'" + nama for nama in FORMULA_NAMES)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_neutralised_export_reimports_unchanged(client, officer, wilayah, fmt):
    rows = [
        f",16.71.05.1006,{nama},,warga,kesehatan,2010,25,,,,aktif"
        for nama in ["=1+1", "+62 Posyandu", "-Posyandu Minus", "@KarangTaruna"]
    ]
    imports.apply(plan(officer, csv_bytes(HEADER, *rows)), officer)
    assert sorted(Lembaga.objects.values_list("nama", flat=True)) == sorted(
        ["=1+1", "+62 Posyandu", "-Posyandu Minus", "@KarangTaruna"]
    )
    response = login(client, officer).get(reverse("pranata:lembaga-list"), {"format": fmt})
    result = plan(officer, response.content, name=f"export.{fmt}")
    assert result.counts == {"baru": 0, "berubah": 0, "tetap": 4, "galat": 0}


# --- web flow and command ---------------------------------------------------------------------


def test_web_import_previews_then_confirms(client, officer, wilayah):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, officer)
    upload = SimpleUploadedFile("lembaga.csv", csv_bytes(HEADER, *good_rows()))
    preview = client.post(reverse("pranata:impor"), {"jenis": "lembaga", "berkas": upload})
    assert "2 baru" in preview.text
    assert not Lembaga.objects.exists()
    response = client.post(
        reverse("pranata:impor-konfirmasi"),
        {"jenis": "lembaga", "token": preview.context["token"], "filename": "lembaga.csv"},
    )
    assert response.status_code == 302
    assert Lembaga.objects.count() == 2


def test_web_import_shows_errors_with_rows(client, officer, wilayah):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("lembaga.csv", csv_bytes(HEADER, ",16.71.05.1006,,warga,kesehatan,,,,,,,"))
    response = login(client, officer).post(reverse("pranata:impor"), {"jenis": "lembaga", "berkas": upload})
    assert "Nama lembaga wajib diisi." in response.text
    assert "Konfirmasi impor" not in response.text


def test_templates_download_with_header_and_example(client, officer):
    response = login(client, officer).get(reverse("pranata:impor-templat", args=["kerjasama", "csv"]))
    assert response.content.decode("utf-8-sig").splitlines() == [
        "kode_lembaga_a,kode_lembaga_b,tahap,mulai,tahap_sejak",
        "16.71.05.1006-0001,16.71.05.1006-0002,Kooperasi,17/08/2024,",
    ]


def test_import_command_dry_run_and_errors(officer, admin_user, wilayah, tmp_path):
    good = tmp_path / "baik.csv"
    good.write_bytes(csv_bytes(HEADER, *good_rows()))
    out = io.StringIO()
    call_command("import_data", "lembaga", str(good), "--dry-run", "--user", "petugas", stdout=out)
    assert "2 baru" in out.getvalue()
    assert not Lembaga.objects.exists()
    bad = tmp_path / "salah.csv"
    bad.write_bytes(csv_bytes(HEADER, ",16.71.05.1006,Posyandu,,warga,entah,,,,,,"))
    with pytest.raises(CommandError, match=re.escape("baris 2, kolom pranata: Pranata sosial “entah” tidak dikenal.")):
        call_command("import_data", "lembaga", str(bad))
    call_command("import_data", "lembaga", str(good), stdout=out)
    assert Lembaga.objects.count() == 2
