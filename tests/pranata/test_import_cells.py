"""The import's readers and cell parsers, message by message (what an officer reads when a file is wrong)."""

import io

import pytest
from openpyxl import Workbook

from pranata import imports
from pranata.imports import base
from pranata.models import Lembaga

pytestmark = pytest.mark.django_db
KELURAHAN = "16.71.05.1006"
COLUMNS = list(imports.KINDS["lembaga"].COLUMNS)
HEADER = ",".join(COLUMNS)


def plan(user, data: bytes, name: str = "l.csv"):
    return imports.plan("lembaga", data, name, user)


def xlsx(*rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_damaged_xlsx_is_refused_with_the_fix(officer, wilayah):
    with pytest.raises(imports.ImportFileError) as exc:
        plan(officer, b"PK\x03\x04 not really a zip", "rusak.xlsx")
    assert str(exc.value) == "Berkas XLSX tidak dapat dibaca; simpan ulang dari Excel sebagai .xlsx."


def test_the_unzipped_size_limit_names_both_sizes(officer, wilayah, settings):
    settings.SIMPUL_IMPORT_MAX_XML_MB = 0
    with pytest.raises(imports.ImportFileError) as exc:
        plan(officer, xlsx(COLUMNS), "x.xlsx")
    assert str(exc.value) == (
        "Isi berkas XLSX ini terlalu besar setelah dibuka (0 MB; batasnya 0 MB). "
        "Pecah menjadi beberapa berkas, atau simpan sebagai CSV."
    )


def test_xlsx_rows_keep_their_numbers_and_numbers_become_text(officer, wilayah):
    row = ["", KELURAHAN, "Posyandu Mawar", "", "warga", "kesehatan", 2010, 25.0, "", "", "", "", ""]
    bad = ["", KELURAHAN, "Posyandu Melati", "", "warga", "kesehatan", "", "dua", "", "", "", "", ""]
    result = plan(officer, xlsx(COLUMNS, [None] * 3, row, bad), "x.xlsx")
    assert [(r.row, r.status) for r in result.rows] == [(3, "baru"), (4, "galat")]
    assert result.rows[1].errors == [("jumlah_anggota", "Jumlah anggota harus berupa angka bulat, bukan “dua”.")]
    imports.apply(plan(officer, xlsx(COLUMNS, row), "x.xlsx"), officer)
    assert Lembaga.objects.values_list("tahun_berdiri", "jumlah_anggota").get() == (2010, 25)


@pytest.mark.parametrize(
    ("cell", "stored", "error"),
    [
        ("1.000", 1000, None),
        ("1 200", 1200, None),
        ("0", 0, None),
        ("-1", None, "Jumlah anggota tidak boleh kurang dari 0."),
    ],
)
def test_whole_numbers_as_officers_write_them(officer, wilayah, cell, stored, error):
    data = f"{HEADER}\n,{KELURAHAN},Posyandu,,warga,kesehatan,,{cell},,,,,\n".encode()
    result = plan(officer, data)
    if error:
        assert result.rows[0].errors == [("jumlah_anggota", error)]
    else:
        imports.apply(result, officer)
        assert Lembaga.objects.get().jumlah_anggota == stored


@pytest.mark.parametrize(("year", "ok"), [("1800", True), ("1799", False), ("2026", True), ("2027", False)])
def test_founding_years_at_their_bounds(officer, wilayah, year, ok):
    data = f"{HEADER}\n,{KELURAHAN},Posyandu,,warga,kesehatan,{year},,,,,,\n".encode()
    errors = plan(officer, data).rows[0].errors
    if ok:
        assert errors == []
    else:
        bound = "kurang dari 1800" if year == "1799" else "lebih dari 2026"
        assert errors == [("tahun_berdiri", f"Tahun berdiri tidak boleh {bound}.")]


def test_mixed_and_windows_files_are_explained_exactly(officer, wilayah):
    mixed = f"{HEADER}\n,{KELURAHAN},Café,,warga,kesehatan,,,,,,,\n".encode() + b",16.71.05.1006,Caf\xe9,,,,,,,,,,\n"
    with pytest.raises(imports.ImportFileError) as exc:
        plan(officer, mixed)
    assert str(exc.value) == (
        "Baris 3 berisi huruf yang bukan UTF-8, padahal bagian lain berkas UTF-8 (mungkin hasil tempel dari "
        "program lain). Perbaiki huruf di baris itu atau simpan ulang sebagai “CSV UTF-8”."
    )
    windows = f"{HEADER}\n,{KELURAHAN},Posyandu ".encode() + b"\x81\x96" + b" RW 03,,warga,kesehatan,,,,,,,\n"
    result = plan(officer, windows, "lama.csv")
    assert result.rows[0].key == "Posyandu \ufffd– RW 03"  # 0x81 has no character in Windows-1252
    assert result.notes == [
        "“lama.csv” dibaca sebagai Windows-1252 (CSV Excel Windows), bukan UTF-8. Periksa huruf seperti é dan “–” "
        "di pratinjau; bila salah, simpan ulang sebagai “CSV UTF-8”."
    ]


def test_the_delimiter_is_read_from_the_header_line(officer, wilayah):
    header = HEADER.replace(",", ";")
    last = f";{KELURAHAN};Posyandu Melati;;warga;kesehatan;;;Jl. Mawar, RT 1, RW 2, Ilir D IV, Palembang;;;;"
    data = f"{header}\n;{KELURAHAN};Posyandu Mawar;;warga;kesehatan;;;;;;;\n{last}\n".encode()
    result = plan(officer, data)
    assert [r.status for r in result.rows] == ["baru", "baru"]
    imports.apply(result, officer)
    assert Lembaga.objects.get(nama="Posyandu Melati").alamat == "Jl. Mawar, RT 1, RW 2, Ilir D IV, Palembang"


def test_a_quoted_cell_may_span_lines_in_csv(officer, wilayah):
    data = f'{HEADER}\r\n,{KELURAHAN},"Posyandu\r\nMawar",,warga,kesehatan,,,,,,,\r\n'.encode()
    assert plan(officer, data).rows[0].key == "Posyandu  Mawar"  # one line, as the one text rule wants


def test_phone_numbers_are_stored_in_e164_and_bad_ones_explained(officer, wilayah):
    data = f"{HEADER}\n,{KELURAHAN},Posyandu,,warga,kesehatan,,,,Bu Ani,0812-7866-4260,,\n".encode()
    imports.apply(plan(officer, data), officer)
    assert str(Lembaga.objects.get().kontak_telepon) == "+6281278664260"
    bad = f"{HEADER}\n,{KELURAHAN},Posyandu Dua,,warga,kesehatan,,,,Bu Ani,0812,,\n".encode()
    assert plan(officer, bad).rows[0].errors == [
        ("kontak_telepon", "Nomor telepon “0812” tidak valid; tulis seperti 0812-3456-7890.")
    ]
    assert base.phone("") == ""


def test_describe_shows_empty_text_and_dates_as_officers_read_them():
    import datetime

    assert [base.describe(v) for v in (None, "", "KT", 0, datetime.date(2024, 3, 1))] == [
        "–",
        "–",
        "KT",
        "0",
        "01/03/2024",
    ]
