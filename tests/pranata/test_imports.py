"""Spreadsheet import: every bad input gets a clear message and nothing is saved; good files round-trip."""

import csv
import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from pranata import imports, services
from pranata.models import JenisLembaga, Kebutuhan, Kerjasama, Lembaga, Peran, SumberDaya
from tests.conftest import KELURAHAN, NOW, TETANGGA, TODAY, login
from tests.factories import LembagaFactory, user_with_role

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


# --- lembaga rows, message by message -------------------------------------------------------------


def row(**cells: str) -> str:
    """A lembaga row from its filled cells, the others blank, in the file's column order."""
    return ",".join(cells.get(column, "") for column in imports.KINDS["lembaga"].COLUMNS)


NEW = {"kode_wilayah": KELURAHAN, "sektor": "warga", "pranata": "kesehatan"}


def test_a_row_is_named_by_its_code_or_else_by_its_name(officer, wilayah):
    LembagaFactory(kode="16.71.05.1006-0001", nama="LPMK", wilayah=wilayah["kelurahan"])
    data = csv_bytes(
        HEADER, row(kode="16.71.05.1006-0001", kode_wilayah=KELURAHAN, nama="LPMK"), row(nama="PKK", **NEW)
    )
    assert [(r.key, r.status) for r in plan(officer, data).rows] == [("16.71.05.1006-0001", "tetap"), ("PKK", "baru")]


def test_a_new_lembaga_keeps_the_code_its_row_gives_and_one_without_gets_the_next_free_code(officer, wilayah):
    data = csv_bytes(HEADER, row(kode="LPMK/ILIR-04", nama="LPMK", **NEW), row(nama="PKK", **NEW))
    result = plan(officer, data)
    assert [(r.key, r.status) for r in result.rows] == [("LPMK/ILIR-04", "baru"), ("PKK", "baru")]
    imports.apply(result, officer)
    assert sorted(Lembaga.objects.values_list("nama", "kode")) == [
        ("LPMK", "LPMK/ILIR-04"),
        ("PKK", "16.71.05.1006-0001"),
    ]


@pytest.mark.parametrize(
    ("kode", "message"),
    [
        ("16.71.05.9999", "Kode wilayah “16.71.05.9999” tidak dikenal."),
        ("16.71.05", "“16.71.05” bukan kode kelurahan/desa (contoh 16.71.05.1006)."),
        ("", "Kode wilayah “” tidak dikenal."),
    ],
)
def test_a_wrong_kelurahan_code_is_explained(officer, wilayah, kode, message):
    result = plan(officer, csv_bytes(HEADER, row(nama="PKK", **{**NEW, "kode_wilayah": kode})))
    assert errors(result) == [(2, "kode_wilayah", message)]


def test_names_codes_and_choices_are_explained(officer, wilayah):
    jenis = ", ".join(str(label) for _key, label in JenisLembaga.choices)
    data = csv_bytes(
        HEADER,
        row(nama="N" * 150, **NEW),
        row(nama="M" * 151, **NEW),
        row(kode="PKK 1", nama="PKK", **NEW),
        row(nama="Posyandu", **NEW, status="bubar", aktif_sejak="kemarin", jenis="paguyuban"),
        row(nama="", **NEW),
    )
    assert errors(plan(officer, data)) == [
        (3, "nama", "Nama lembaga terlalu panjang (maksimal 150 huruf)."),
        (4, "kode", "Kode lembaga “PKK 1” tidak valid (huruf, angka, titik, garis miring atau tanda hubung)."),
        (5, "status", "Status “bubar” tidak dikenal; pilih salah satu: Aktif, Tidak aktif, Arsip."),
        (5, "aktif_sejak", "Tanggal aktif “kemarin” bukan tanggal yang valid (tulis 31/12/2024 atau 2024-12-31)."),
        (5, "jenis", f"Jenis “paguyuban” tidak dikenal; pilih salah satu: {jenis}."),
        (6, "nama", "Nama lembaga wajib diisi."),
    ]


def test_long_optional_text_is_cut_to_its_field(officer, wilayah):
    cells = {"singkatan": "S" * 35, "alamat": "A" * 260, "kontak_nama": "K" * 105}
    imports.apply(plan(officer, csv_bytes(HEADER, row(nama="PKK", **NEW, **cells))), officer)
    saved = Lembaga.objects.get()
    assert (saved.singkatan, saved.alamat, saved.kontak_nama) == ("S" * 30, "A" * 255, "K" * 100)


def test_a_name_or_code_twice_in_one_file_points_to_its_first_row(officer, wilayah):
    data = csv_bytes(
        HEADER,
        row(kode="PKK-1", nama="PKK Mawar", **NEW),
        row(kode="PKK-1", nama="PKK Melati", **NEW),
        row(kode="PKK-1", nama="PKK Anggrek", **NEW),
        row(nama="pkk mawar", **NEW),
    )
    assert errors(plan(officer, data)) == [
        (3, "kode", "Kode PKK-1 sudah dipakai di baris 2."),
        (4, "kode", "Kode PKK-1 sudah dipakai di baris 2."),
        (5, "nama", "“pkk mawar” di kelurahan yang sama sudah ada di baris 2."),
    ]
    assert not Lembaga.objects.exists()


def test_a_code_and_a_name_of_two_different_lembaga_are_refused(officer, wilayah):
    LembagaFactory(kode="16.71.05.1006-0001", nama="LPMK", wilayah=wilayah["kelurahan"])
    LembagaFactory(kode="16.71.05.1006-0002", nama="PKK", wilayah=wilayah["kelurahan"])
    data = csv_bytes(
        HEADER,
        row(kode="16.71.05.1006-0001", kode_wilayah=KELURAHAN, nama="pkk"),
        row(kode="LPMK-BARU", nama="LPMK", **NEW),
    )
    assert errors(plan(officer, data)) == [
        (2, "nama", "Nama ini sudah dipakai 16.71.05.1006-0002 di kelurahan yang sama."),
        (3, "kode", "Nama ini sudah terdaftar dengan kode 16.71.05.1006-0001; pakai kode itu."),
    ]


def test_a_row_without_a_code_updates_the_lembaga_of_that_name_whatever_its_case(officer, wilayah):
    lpmk = LembagaFactory(
        kode="16.71.05.1006-0001", nama="LPMK Ilir D IV", jumlah_anggota=10, wilayah=wilayah["kelurahan"]
    )
    result = plan(officer, csv_bytes(HEADER, row(kode_wilayah=KELURAHAN, nama="lpmk ilir d iv", jumlah_anggota="12")))
    assert [(r.status, r.changes) for r in result.rows] == [
        ("berubah", ["nama: LPMK Ilir D IV → lpmk ilir d iv", "jumlah_anggota: 10 → 12"])
    ]
    imports.apply(result, officer)
    lpmk.refresh_from_db()
    assert (lpmk.nama, lpmk.jumlah_anggota, Lembaga.objects.count()) == ("lpmk ilir d iv", 12, 1)


def test_a_code_from_another_kelurahan_is_refused_and_outside_the_area_says_nothing_of_it(officer, wilayah):
    both = user_with_role("petugas.dua", Peran.PETUGAS, [KELURAHAN, TETANGGA])
    LembagaFactory(kode="TETANGGA-1", nama="PKK Tetangga", wilayah=wilayah["tetangga"])
    data = csv_bytes(
        HEADER,
        row(kode="TETANGGA-1", kode_wilayah=KELURAHAN, nama="PKK Tetangga"),
        row(kode_wilayah=TETANGGA, nama="PKK Tetangga"),
    )
    assert errors(plan(both, data)) == [
        (2, "kode_wilayah", "Lembaga TETANGGA-1 terdaftar di kelurahan lain; pindahkan lewat halaman lembaga.")
    ]
    assert plan(both, data).rows[1].status == "tetap"  # the same name in another kelurahan is no repeat
    assert errors(plan(officer, csv_bytes(HEADER, data.decode().splitlines()[1]))) == [
        (2, "kode", "Kode TETANGGA-1 sudah dipakai; kosongkan kolom kode untuk lembaga baru.")
    ]


def test_a_new_lembaga_needs_its_sector_and_pranata_and_a_believable_start(officer, wilayah):
    data = csv_bytes(HEADER, row(kode_wilayah=KELURAHAN, nama="PKK"), row(nama="KT", **NEW, aktif_sejak="31/12/1799"))
    assert errors(plan(officer, data)) == [
        (2, "sektor", "Sektor wajib diisi untuk lembaga baru."),
        (2, "pranata", "Pranata sosial wajib diisi untuk lembaga baru."),
        (3, "aktif_sejak", "Tanggal aktif terlalu lama; periksa kembali (minimal tahun 1800)."),
    ]
    imports.apply(plan(officer, csv_bytes(HEADER, row(nama="KT", **NEW, aktif_sejak="01/01/1800"))), officer)
    assert Lembaga.objects.get().aktif_sejak == datetime.date(1800, 1, 1)


def test_a_new_name_like_registered_ones_is_flagged_three_times_at_most(officer, wilayah):
    for kode, nama in enumerate(
        ["Posyandu Mawarr", "Posyandu Mawaar", "Posyandu Mawars", "Posyandu Mawr", "Posyandu Melati"]
    ):
        LembagaFactory(kode=f"P-{kode}", nama=nama, wilayah=wilayah["kelurahan"])
    result = plan(officer, csv_bytes(HEADER, row(nama="Posyandu Mawar", **NEW)))
    assert result.rows[0].status == "baru"
    assert result.rows[0].warnings == [  # the fourth like it (Posyandu Mawr) and Posyandu Melati left out
        "Mungkin sama dengan “Posyandu Mawarr” (P-0) di Ilir D IV.",
        "Mungkin sama dengan “Posyandu Mawaar” (P-1) di Ilir D IV.",
        "Mungkin sama dengan “Posyandu Mawars” (P-2) di Ilir D IV.",
    ]


def test_changes_are_described_with_labels_and_a_status_change_is_dated_today(officer, wilayah):
    lpmk = LembagaFactory(kode="16.71.05.1006-0001", nama="LPMK", jenis="lpmk", wilayah=wilayah["kelurahan"])
    cells = {"sektor": "Pemerintah", "pranata": "Pemerintahan lokal", "tahun_berdiri": "1998", "status": "arsip"}
    result = plan(
        officer, csv_bytes(HEADER, row(kode=lpmk.kode, kode_wilayah=KELURAHAN, nama="LPMK", jenis="RT/RW", **cells))
    )
    assert result.rows[0].changes == [
        "sektor: Warga/masyarakat → Pemerintah",
        "pranata: Kesejahteraan sosial → Pemerintahan lokal",
        "tahun_berdiri: – → 1998",
        "status: Aktif → Arsip (berlaku hari ini)",
        "jenis: LPM/LPMK → RT/RW",
    ]
    imports.apply(result, officer)
    lpmk.refresh_from_db()
    assert (lpmk.sektor, lpmk.pranata.kode, lpmk.tahun_berdiri, lpmk.status, lpmk.jenis) == (
        "pemerintah",
        "pemerintahan-lokal",
        1998,
        "arsip",
        "rt_rw",
    )
    assert list(lpmk.riwayat_status.values_list("status", "berlaku_mulai", "alasan")) == [
        ("arsip", TODAY, "Diimpor dari berkas")
    ]


def test_an_inactive_lembaga_is_made_active_again_by_its_status_cell(officer, wilayah):
    pkk = LembagaFactory(kode="16.71.05.1006-0002", nama="PKK", status="tidak_aktif", wilayah=wilayah["kelurahan"])
    result = plan(officer, csv_bytes(HEADER, row(kode=pkk.kode, kode_wilayah=KELURAHAN, nama="PKK", status="Aktif")))
    assert [(r.status, r.errors, r.changes) for r in result.rows] == [
        ("berubah", [], ["status: Tidak aktif → Aktif (berlaku hari ini)"])
    ]
    imports.apply(result, officer)
    pkk.refresh_from_db()
    assert pkk.status == "aktif"
    assert list(pkk.riwayat_status.order_by("berlaku_mulai").values_list("status", "berlaku_mulai")) == [
        ("tidak_aktif", datetime.date(2000, 1, 1)),
        ("aktif", TODAY),
    ]


def test_a_row_without_a_code_changes_the_status_of_the_lembaga_of_that_name(officer, wilayah):
    """The lifecycle bounds a status change is checked against are read for lembaga found by name too."""
    pkk = LembagaFactory(kode="16.71.05.1006-0002", nama="PKK", wilayah=wilayah["kelurahan"])
    result = plan(officer, csv_bytes(HEADER, row(kode_wilayah=KELURAHAN, nama="pkk", status="Tidak aktif")))
    assert [(r.key, r.status, r.errors, r.changes) for r in result.rows] == [
        ("pkk", "berubah", [], ["nama: PKK → pkk", "status: Aktif → Tidak aktif (berlaku hari ini)"])
    ]
    imports.apply(result, officer)
    pkk.refresh_from_db()
    assert (pkk.nama, pkk.status) == ("pkk", "tidak_aktif")
    assert list(pkk.riwayat_status.filter(berlaku_mulai=TODAY).values_list("status", flat=True)) == ["tidak_aktif"]


def test_a_start_after_the_first_tie_or_status_change_is_refused(officer, wilayah):
    a, b, c = (
        LembagaFactory(kode=kode, nama=kode, wilayah=wilayah["kelurahan"], aktif_sejak=datetime.date(2020, 1, 1))
        for kode in ("A-1", "B-1", "C-1")
    )
    services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=2, mulai=datetime.date(2020, 3, 1), oleh=officer)
    services.lembaga_set_status(lembaga=c, oleh=officer, status="tidak_aktif", tanggal=datetime.date(2021, 5, 1))
    data = csv_bytes(
        HEADER,
        row(kode="A-1", kode_wilayah=KELURAHAN, nama="A-1", aktif_sejak="02/03/2020"),
        row(kode="B-1", kode_wilayah=KELURAHAN, nama="B-1", aktif_sejak="01/03/2020"),
        row(kode="C-1", kode_wilayah=KELURAHAN, nama="C-1", aktif_sejak="02/05/2021"),
    )
    result = plan(officer, data)
    assert errors(result) == [
        (2, "aktif_sejak", "Tanggal aktif tidak boleh setelah kerjasama pertamanya dimulai (01/03/2020)."),
        (4, "aktif_sejak", "Tanggal aktif tidak boleh setelah perubahan status pertamanya (01/05/2021)."),
    ]
    assert result.rows[1].changes == ["aktif_sejak: 01/01/2020 → 01/03/2020"]


def test_a_status_change_is_refused_when_a_later_one_is_already_recorded(officer, wilayah, clock):
    lembaga = LembagaFactory(kode="A-1", nama="A", wilayah=wilayah["kelurahan"])
    for days, status in ((5, "tidak_aktif"), (10, "aktif")):
        clock.move_to(NOW + datetime.timedelta(days=days))
        services.lembaga_set_status(
            lembaga=lembaga, oleh=officer, status=status, tanggal=TODAY + datetime.timedelta(days=days)
        )
    clock.move_to(NOW)
    result = plan(officer, csv_bytes(HEADER, row(kode="A-1", kode_wilayah=KELURAHAN, nama="A", status="arsip")))
    assert errors(result) == [(2, "aktif_sejak", "Tanggal tidak boleh sebelum perubahan status terakhir (25/06/2026).")]


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
