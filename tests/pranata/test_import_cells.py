"""The import's readers and cell parsers, message by message (what an officer reads when a file is wrong)."""

import io
import random
import zipfile

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


# --- whole-file refusals, word for word ---------------------------------------------------------


def good_csv(*, padding: int = 0) -> bytes:
    data = f"{HEADER}\n,{KELURAHAN},Posyandu Mawar,,warga,kesehatan,,,,,,,\n".encode()
    return data + b"\n" * (padding - len(data)) if padding else data


@pytest.mark.parametrize(("size", "shown"), [(1572864, "2"), (3 * 1048576, "3")])
def test_a_file_over_the_size_limit_names_its_size_and_the_limit(officer, wilayah, settings, size, shown):
    settings.SIMPUL_IMPORT_MAX_MB = 1
    with pytest.raises(imports.ImportFileError) as exc:
        plan(officer, good_csv(padding=size))
    assert str(exc.value) == f"Berkas terlalu besar ({shown} MB); batasnya 1 MB. Pecah menjadi beberapa berkas."


def test_a_file_of_exactly_the_size_limit_is_read(officer, wilayah, settings):
    settings.SIMPUL_IMPORT_MAX_MB = 1
    result = plan(officer, good_csv(padding=1048576))
    assert [(r.row, r.key, r.status) for r in result.rows] == [(2, "Posyandu Mawar", "baru")]


@pytest.mark.parametrize("data", [b"", b" \r\n\t\n", b",,,\n , ,\n\n", b"\xef\xbb\xbf\n"])
def test_a_file_with_nothing_in_it_is_called_empty(officer, wilayah, data):
    with pytest.raises(imports.ImportFileError) as exc:
        plan(officer, data)
    assert str(exc.value) == "Berkas kosong."


def test_blank_lines_before_the_header_are_skipped(officer, wilayah):
    data = f"\n , \n{HEADER}\n,{KELURAHAN},Posyandu Mawar,,warga,kesehatan,,,,,,,\n".encode()
    assert [(r.row, r.key) for r in plan(officer, data).rows] == [(4, "Posyandu Mawar")]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_row_limit_is_written_with_grouped_thousands(officer, wilayah, settings, kind):
    settings.SIMPUL_IMPORT_MAX_ROWS = 1000
    rows = [["", KELURAHAN, f"Lembaga {i}", "", "warga", "kesehatan"] for i in range(1001)]
    data = "\n".join([HEADER, *(",".join(r) for r in rows)]).encode() if kind == "csv" else xlsx(COLUMNS, *rows)
    with pytest.raises(imports.ImportFileError) as exc:
        plan(officer, data, f"x.{kind}")
    assert str(exc.value) == "Berkas berisi lebih dari 1.000 baris (batasnya); pecah menjadi beberapa berkas."


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_rows_of_blank_cells_do_not_count_towards_the_row_limit(officer, wilayah, settings, kind):
    settings.SIMPUL_IMPORT_MAX_ROWS = 2
    rows = [["", KELURAHAN, f"Lembaga {i}", "", "warga", "kesehatan"] for i in range(2)]
    blank = ["  ", " ", "\t"]
    if kind == "csv":
        data = "\n".join([HEADER, *(",".join(r) for r in [*rows, blank, blank])]).encode()
    else:
        data = xlsx(COLUMNS, *rows, blank, blank)
    result = plan(officer, data, f"x.{kind}")
    assert [(r.row, r.key) for r in result.rows] == [(2, "Lembaga 0"), (3, "Lembaga 1")]


def test_a_cell_over_the_csv_field_limit_is_refused_with_its_line_and_the_limit(officer, wilayah):
    data = f"{HEADER}\n,{KELURAHAN},Posyandu,,warga,kesehatan,,,,,,,\n,{KELURAHAN},Pos,,,,,,{'x' * 140_000}\n"
    with pytest.raises(imports.ImportFileError) as exc:
        plan(officer, data.encode())
    assert str(exc.value) == (
        "Baris 3: sel terlalu panjang atau tanda kutip tidak tertutup (sel maksimal 131.072 huruf)."
    )


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_columns_past_the_fortieth_are_not_read(officer, wilayah, kind):
    header = [*COLUMNS, *[""] * (40 - len(COLUMNS)), "warna"]
    row = ["", KELURAHAN, "Posyandu Mawar", "", "warga", "kesehatan", *[""] * (40 - 6), "merah"]
    data = f"{','.join(header)}\n{','.join(row)}\n".encode() if kind == "csv" else xlsx(header, row)
    result = plan(officer, data, f"x.{kind}")
    assert [(r.key, r.status) for r in result.rows] == [("Posyandu Mawar", "baru")]


KNOWN = ", ".join(COLUMNS)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "nama,warna,sektor,ukuran",
            "Judul kolom tidak sesuai templat (kolom wajib tidak ada: kode_wilayah, pranata; kolom tidak dikenal: "
            f"warna, ukuran). Kolom yang dikenal: {KNOWN}.",
        ),
        (
            "nama,kode_wilayah",
            f"Judul kolom tidak sesuai templat (kolom wajib tidak ada: sektor, pranata). Kolom yang dikenal: {KNOWN}.",
        ),
        (
            f"{HEADER},warna,ukuran",
            f"Judul kolom tidak sesuai templat (kolom tidak dikenal: warna, ukuran). Kolom yang dikenal: {KNOWN}.",
        ),
    ],
)
def test_a_wrong_header_is_explained_word_for_word(officer, wilayah, header, message):
    with pytest.raises(imports.ImportFileError) as exc:
        plan(officer, f"{header}\nx,y,z,w\n".encode())
    assert str(exc.value) == message


def test_header_names_are_read_as_people_type_them(officer, wilayah):
    header = HEADER.replace("kode_wilayah", " Kode \t Wilayah ").replace("nama", "NAMA") + ",,"
    data = f"\ufeff{header}\n,{KELURAHAN},Posyandu Mawar,,warga,kesehatan,,,,,,,,,,catatan lepas\n"
    result = plan(officer, data.encode("utf-8-sig"))
    assert [(r.key, r.status, r.errors) for r in result.rows] == [("Posyandu Mawar", "baru", [])]


def test_a_semicolon_file_stays_semicolon_however_many_commas_its_rows_hold(officer, wilayah):
    header = HEADER.replace(",", ";")
    alamat = ", ".join(f"RT {n:02d}" for n in range(1, 32))  # 30 commas, more than the header's semicolons
    data = f"{header}\n;{KELURAHAN};Posyandu Mawar;;warga;kesehatan;;;{alamat};;;;\n".encode()
    result = plan(officer, data)
    imports.apply(result, officer)
    assert Lembaga.objects.get().alamat == alamat


# --- cells ---------------------------------------------------------------------------------------


def test_an_apostrophe_is_taken_off_only_before_a_formula_sign(officer, wilayah):
    rows = [",{0},'Aisyiyah Ranting,,warga,keagamaan", ",{0},'=Posyandu,,warga,kesehatan", ",{0},',,warga,kesehatan"]
    data = "\n".join([HEADER, *(row.format(KELURAHAN) for row in rows)]).encode()
    assert [r.key for r in plan(officer, data).rows] == ["'Aisyiyah Ranting", "=Posyandu", "'"]


def test_xlsx_dates_are_read_as_dates_and_whole_floats_as_whole_numbers(officer, wilayah):
    import datetime

    row = [
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
        datetime.datetime(2024, 3, 5),
    ]
    imports.apply(plan(officer, xlsx(COLUMNS, row), "x.xlsx"), officer)
    assert Lembaga.objects.get().aktif_sejak == datetime.date(2024, 3, 5)
    assert [base._text(v) for v in (datetime.date(2024, 3, 5), datetime.datetime(2024, 3, 5, 23, 59), 25.0, 2.5)] == [
        "2024-03-05",
        "2024-03-05",
        "25",
        "2.5",
    ]


def test_an_xlsx_formula_is_read_as_its_saved_value_never_as_its_text(officer, wilayah):
    row = ["", KELURAHAN, "Posyandu Mawar", "", "warga", "kesehatan", "", "", "", '=HYPERLINK("http://x","klik")']
    imports.apply(plan(officer, xlsx(COLUMNS, row), "x.xlsx"), officer)
    assert Lembaga.objects.get().kontak_nama == ""  # no saved value (openpyxl computes none): empty


@pytest.mark.parametrize(
    ("cell", "parsed"),
    [
        ("2024-03-15", (2024, 3, 15)),
        ("15/03/2024", (2024, 3, 15)),
        ("5-3-2024", (2024, 3, 5)),
        ("15/03/24", (2024, 3, 15)),
        ("2024-3-5", (2024, 3, 5)),
        (" 15/06/2026 ", (2026, 6, 15)),
    ],
)
def test_dates_in_the_shapes_officers_write(cell, parsed):
    import datetime

    assert base.date(cell, what="Tanggal aktif") == datetime.date(*parsed)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("16/06/2026", "Tanggal aktif 16/06/2026 ada di masa depan."),
        ("2026-06-16", "Tanggal aktif 2026-06-16 ada di masa depan."),
        ("30/02/2024", "Tanggal aktif “30/02/2024” bukan tanggal yang valid (tulis 31/12/2024 atau 2024-12-31)."),
        ("2024-02-30", "Tanggal aktif “2024-02-30” bukan tanggal yang valid (tulis 31/12/2024 atau 2024-12-31)."),
        ("kemarin", "Tanggal aktif “kemarin” bukan tanggal yang valid (tulis 31/12/2024 atau 2024-12-31)."),
    ],
)
def test_impossible_and_future_dates_are_explained(cell, message):
    with pytest.raises(base.CellError) as exc:
        base.date(cell, what="Tanggal aktif")
    assert str(exc.value) == message


def test_the_day_a_check_counts_as_today_can_be_given():
    import datetime

    assert base.date("16/06/2026", what="Mulai", today=datetime.date(2026, 6, 16)) == datetime.date(2026, 6, 16)
    with pytest.raises(base.CellError) as exc:
        base.date("15/06/2026", what="Mulai", today=datetime.date(2026, 6, 14))
    assert str(exc.value) == "Mulai 15/06/2026 ada di masa depan."


def test_a_phone_number_that_is_not_a_number_is_explained():
    with pytest.raises(base.CellError) as exc:
        base.phone("Bu Ani")
    assert str(exc.value) == "Nomor telepon “Bu Ani” tidak valid; tulis seperti 0812-3456-7890."


def test_a_change_dated_another_day_shows_that_day():
    import datetime

    assert base.dated_change("status", "Aktif", "Arsip", datetime.date(2026, 6, 15)) == (
        "status: Aktif → Arsip (berlaku hari ini)"
    )
    assert base.dated_change("status", "Aktif", "Arsip", datetime.date(2026, 2, 1)) == (
        "status: Aktif → Arsip (berlaku 01/02/2026)"
    )


def test_a_plan_lists_its_wrong_rows_and_rows_worth_a_look():
    wrong, look, plain = base.RowResult(2, "a"), base.RowResult(3, "b", status="baru"), base.RowResult(4, "c")
    wrong.error("nama", "Nama lembaga wajib diisi.")
    look.warnings.append("Mungkin sama dengan “PKK”.")
    result = base.Plan(kind="lembaga", rows=[wrong, look, plain])
    assert (result.error_rows, result.warning_rows, result.ok) == ([wrong], [look], False)
    assert result.counts == {"baru": 1, "berubah": 0, "tetap": 1, "galat": 1}
    assert base.Plan(kind="lembaga", rows=[look, plain]).ok
    assert not base.Plan(kind="lembaga", rows=[]).ok


def test_a_pdf_is_refused_by_its_name(officer, wilayah):
    with pytest.raises(imports.ImportFileError) as exc:
        plan(officer, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "laporan.pdf")
    assert str(exc.value) == "“laporan.pdf” bukan berkas CSV atau XLSX. Simpan dari Excel sebagai CSV atau XLSX."


def test_a_stray_semicolon_in_a_comma_header_is_named_not_taken_for_the_delimiter(officer, wilayah):
    with pytest.raises(imports.ImportFileError) as exc:
        plan(officer, b"kode_wilayah,nama,sektor,pranata;\n")
    assert str(exc.value) == (
        "Judul kolom tidak sesuai templat (kolom wajib tidak ada: pranata; kolom tidak dikenal: pranata;). "
        f"Kolom yang dikenal: {KNOWN}."
    )


def test_a_csv_with_old_mac_line_ends_is_read(officer, wilayah):
    data = f"{HEADER}\r,{KELURAHAN},Posyandu Mawar,,warga,kesehatan\r,{KELURAHAN},PKK,,warga,kesehatan\r".encode()
    assert [(r.row, r.key) for r in plan(officer, data).rows] == [(2, "Posyandu Mawar"), (3, "PKK")]


def padded(data: bytes, *entries: tuple[str, bytes]) -> bytes:
    """The XLSX `data` with more files in its zip (Excel and openpyxl ignore them), to reach a size or a count."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        for name, body in entries:
            target.writestr(name, body)
    return buffer.getvalue()


def unzipped(data: bytes) -> tuple[int, int]:
    """(bytes once unzipped, files) of a zip."""
    entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    return sum(entry.file_size for entry in entries), len(entries)


SHEET = ["", KELURAHAN, "Posyandu Mawar", "", "warga", "kesehatan"]


def test_an_xlsx_unzipping_to_exactly_the_limit_is_read_and_a_byte_more_is_refused(officer, wilayah, settings):
    settings.SIMPUL_IMPORT_MAX_XML_MB = 1
    data = xlsx(COLUMNS, SHEET)
    room = 1048576 - unzipped(data)[0]
    assert [r.key for r in plan(officer, padded(data, ("extra.bin", b"\0" * room)), "x.xlsx").rows] == [
        "Posyandu Mawar"
    ]
    with pytest.raises(imports.ImportFileError) as exc:
        plan(officer, padded(data, ("extra.bin", b"\0" * (room + 1))), "x.xlsx")
    assert str(exc.value) == (
        "Isi berkas XLSX ini terlalu besar setelah dibuka (1 MB; batasnya 1 MB). "
        "Pecah menjadi beberapa berkas, atau simpan sebagai CSV."
    )
    with pytest.raises(imports.ImportFileError, match=r"^Isi berkas XLSX ini terlalu besar setelah dibuka \(2 MB;"):
        plan(officer, padded(data, ("extra.bin", b"\0" * (room + 524288))), "x.xlsx")  # 1.5 MB, rounded up


def test_an_xlsx_of_two_hundred_files_is_read_and_one_more_is_refused(officer, wilayah):
    data = xlsx(COLUMNS, SHEET)
    room = 200 - unzipped(data)[1]
    extra = [(f"extra/{n}.txt", b"x") for n in range(room)]
    assert [r.key for r in plan(officer, padded(data, *extra), "x.xlsx").rows] == ["Posyandu Mawar"]
    with pytest.raises(imports.ImportFileError) as exc:
        plan(officer, padded(data, *extra, ("extra/last.txt", b"x")), "x.xlsx")
    assert str(exc.value) == (  # its count, not a size it never exceeded
        "Berkas XLSX ini berisi terlalu banyak bagian (201; batasnya 200), tidak seperti buku kerja biasa. "
        "Simpan ulang dari Excel sebagai .xlsx, atau simpan sebagai CSV."
    )


def test_only_a_file_over_1_mb_that_inflates_over_a_hundredfold_is_refused(officer, wilayah):
    data = xlsx(COLUMNS, SHEET)
    noise = random.Random(1).randbytes(1_500_000)  # over 1 MB, but hardly compressed
    zeros = b"\0" * 1048576  # a thousandfold, but not over 1 MB
    assert plan(officer, padded(data, ("noise.bin", noise), ("zeros.bin", zeros)), "x.xlsx").rows[0].key == (
        "Posyandu Mawar"
    )
    with pytest.raises(imports.ImportFileError) as exc:
        plan(officer, padded(data, ("zeros.bin", zeros + b"\0")), "x.xlsx")
    assert str(exc.value) == (
        "Berkas XLSX ini tidak wajar (isinya mengembang lebih dari 100× saat dibuka); simpan ulang dari Excel atau "
        "sebagai CSV."
    )


def test_a_zip_that_is_no_workbook_is_refused_with_the_fix(officer, wilayah):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as docx:  # a Word file is a zip too
        docx.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(imports.ImportFileError) as exc:
        plan(officer, buffer.getvalue(), "surat.docx")
    assert str(exc.value) == "Berkas XLSX tidak dapat dibaca; simpan ulang dari Excel sebagai .xlsx."


@pytest.mark.parametrize(
    ("cell", "read"),
    [
        ("25", 25),
        (" 25 ", 25),
        ("1.250", 1250),  # thousands grouped the Indonesian way
        ("1 250", 1250),
        ("12.500.000", 12_500_000),
        ("25.0", 25),  # a whole number as LibreOffice or pandas write it in a CSV
        ("25,00", 25),
    ],
)
def test_a_whole_number_cell_is_read_as_people_and_programs_write_it(cell, read):
    assert base.integer(cell, what="Jumlah anggota") == read


@pytest.mark.parametrize("cell", ["2.5", "25.5", "1.25", "12.50.0", "1,250", "dua", "25-", "1..250"])
def test_a_number_that_is_not_whole_is_refused_rather_than_read_without_its_dot(cell):
    """`2.5` used to become 25 (every dot was dropped): a member count multiplied by ten, silently."""
    with pytest.raises(base.CellError) as exc:
        base.integer(cell, what="Jumlah anggota")
    assert str(exc.value) == f"Jumlah anggota harus berupa angka bulat, bukan “{cell}”."
