"""Importing ties: how each row is read, planned and written (pranata/imports/kerjasama.py).

The suite's clock stands at 2026-06-15 (tests/conftest.py).
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from pranata import bulk, imports, services
from pranata.imports import kerjasama as tie_import
from pranata.models import Kerjasama, RiwayatTahap
from tests.factories import LembagaFactory

pytestmark = pytest.mark.django_db

D = datetime.date
START = D(2024, 1, 1)
HEADER = "kode_lembaga_a,kode_lembaga_b,tahap,mulai,tahap_sejak"


def tie_file(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows, ""]).encode()


def plan(user, *rows: str):
    return imports.plan("kerjasama", tie_file(*rows), "kerjasama.csv", user)


@pytest.fixture
def kel(wilayah):
    """Three lembaga in the officer's kelurahan, one registered before them and one after them in the
    neighbouring kelurahan (a row's ends are taken in id order), and one in Surabaya."""
    return {
        "n": LembagaFactory(kode="16.71.05.1005-0001", nama="PKK Ilir D III", wilayah=wilayah["tetangga"]),
        "a": LembagaFactory(kode="16.71.05.1006-0001", nama="LPMK Ilir D IV", wilayah=wilayah["kelurahan"]),
        "b": LembagaFactory(kode="16.71.05.1006-0002", nama="PKK Ilir D IV", wilayah=wilayah["kelurahan"]),
        "c": LembagaFactory(kode="16.71.05.1006-0003", nama="Posyandu Mawar", wilayah=wilayah["kelurahan"]),
        "m": LembagaFactory(kode="16.71.05.1005-0002", nama="Majelis Taklim", wilayah=wilayah["tetangga"]),
        "x": LembagaFactory(kode="35.78.09.1002-0001", nama="PKK Ketabang", wilayah=wilayah["luar"]),
    }


def tie(a, b, tahap=1, mulai=START):
    a, b = sorted((a, b), key=lambda lembaga: lembaga.pk)
    created = Kerjasama.objects.create(lembaga_a=a, lembaga_b=b, tahap=tahap, mulai=mulai)
    RiwayatTahap.objects.create(kerjasama=created, tahap=tahap, berlaku_mulai=mulai, bukti="awal")
    return created


def ties() -> list[tuple]:
    return sorted(Kerjasama.objects.values_list("lembaga_a__kode", "lembaga_b__kode", "tahap", "mulai"))


def test_lookups_read_in_chunks_find_every_lembaga_tie_and_editable_end(officer, kel, monkeypatch):
    """A file of more lembaga than one IN list holds (5,000) is read chunk by chunk: what each chunk finds adds
    up. Chunks of one lembaga here stand in for a file of tens of thousands of rows."""
    existing = tie(kel["a"], kel["b"])
    monkeypatch.setattr(tie_import, "chunks", lambda items: bulk.chunks(items, 1))

    result = plan(
        officer,
        f"{kel['a'].kode},{kel['b'].kode},3,,",
        f"{kel['a'].kode},{kel['c'].kode},2,01/02/2024,",
        f"{kel['n'].kode},{kel['b'].kode},1,01/03/2024,",  # the neighbour has the smaller id
        f"{kel['c'].kode},{kel['m'].kode},Komunikasi,01/04/2024,",  # the neighbour has the larger id
    )

    assert [(r.status, r.errors) for r in result.rows] == [("berubah", []), ("baru", []), ("baru", []), ("baru", [])]
    imports.apply(result, officer)
    existing.refresh_from_db()
    assert existing.tahap == 3
    assert ties() == [
        ("16.71.05.1005-0001", "16.71.05.1006-0002", 1, D(2024, 3, 1)),
        ("16.71.05.1006-0001", "16.71.05.1006-0002", 3, D(2024, 1, 1)),
        ("16.71.05.1006-0001", "16.71.05.1006-0003", 2, D(2024, 2, 1)),
        ("16.71.05.1006-0003", "16.71.05.1005-0002", 1, D(2024, 4, 1)),
    ]


def test_a_tie_between_two_lembaga_outside_the_officers_area_is_refused_on_the_first_code(officer, kel):
    result = plan(
        officer,
        f"{kel['n'].kode},{kel['x'].kode},1,01/02/2024,",
        f"{kel['x'].kode},{kel['m'].kode},1,01/02/2024,",
        f"{kel['x'].kode},{kel['x'].kode},1,01/02/2024,",  # one lembaga with itself: that is what is wrong
    )

    assert [(r.row, r.status, r.errors) for r in result.rows] == [
        (2, "galat", [("kode_lembaga_a", "Kedua lembaga berada di luar wilayah tugas Anda.")]),
        (3, "galat", [("kode_lembaga_a", "Kedua lembaga berada di luar wilayah tugas Anda.")]),
        (4, "galat", [("kode_lembaga_b", "Lembaga tidak dapat bekerja sama dengan dirinya sendiri.")]),
    ]
    with pytest.raises(imports.ImportFileError):
        imports.apply(result, officer)
    assert not Kerjasama.objects.exists()


def test_a_new_tie_without_a_start_is_refused_for_the_start_alone_even_with_a_stage_date(officer, kel):
    result = plan(officer, f"{kel['a'].kode},{kel['b'].kode},2,,01/02/2024")

    assert result.rows[0].errors == [("mulai", "Tanggal mulai wajib diisi untuk kerjasama baru.")]


def test_a_known_tie_with_a_blank_or_the_same_stage_stays_as_it_is(officer, kel):
    existing = tie(kel["a"], kel["b"], tahap=2)
    tie(kel["a"], kel["c"], tahap=4)

    result = plan(
        officer,
        f"{kel['b'].kode},{kel['a'].kode},,,",  # blank stage and start: keep what is stored
        f"{kel['a'].kode},{kel['c'].kode},Kolaborasi,01/01/2024,01/03/2024",  # the stage it already has
    )

    assert [(r.status, r.errors, r.changes, r.payload) for r in result.rows] == [
        ("tetap", [], [], {}),
        ("tetap", [], [], {}),
    ]
    imports.apply(result, officer)
    assert ties() == [
        ("16.71.05.1006-0001", "16.71.05.1006-0002", 2, D(2024, 1, 1)),
        ("16.71.05.1006-0001", "16.71.05.1006-0003", 4, D(2024, 1, 1)),
    ]
    assert RiwayatTahap.objects.filter(kerjasama=existing).count() == 1


def test_a_row_already_wrong_is_not_also_called_a_repeat(officer, kel):
    """Only a good row claims its pair: the same wrong row twice, or two rows with unknown codes, each get their
    own messages and nothing about an earlier row."""
    result = plan(
        officer,
        f"{kel['a'].kode},{kel['b'].kode},9,01/02/2024,",
        f"{kel['a'].kode},{kel['b'].kode},9,01/02/2024,",
        f"{kel['a'].kode},16.71.05.1006-9999,1,01/02/2024,",
        f"{kel['a'].kode},16.71.05.1006-9999,1,01/02/2024,",
    )

    unknown_stage = ("tahap", "Tahap “9” tidak dikenal; isi 1–5 atau Komunikasi … Konfederasi.")
    unknown_code = ("kode_lembaga_b", "Kode lembaga “16.71.05.1006-9999” tidak dikenal.")
    assert [(r.row, r.errors) for r in result.rows] == [
        (2, [unknown_stage]),
        (3, [unknown_stage]),
        (4, [unknown_code]),
        (5, [unknown_code]),
    ]


def test_a_service_message_about_no_column_of_the_file_lands_on_the_first_code(officer, kel, monkeypatch):
    """The services name their fields (lembaga_b, tahap, mulai, tanggal), mapped to the file's columns; a message
    on any other field, or on none, still shows, on the pair's first column."""

    def refuse(**_tie):
        raise ValidationError({"__all__": ["Kerjasama ini ditolak."], "versi": ["Data berubah."]})

    monkeypatch.setattr(services, "check_new_tie", refuse)

    result = plan(officer, f"{kel['a'].kode},{kel['b'].kode},2,01/02/2024,")

    assert result.rows[0].errors == [
        ("kode_lembaga_a", "Kerjasama ini ditolak."),
        ("kode_lembaga_a", "Data berubah."),
    ]


def test_a_changed_stage_holds_from_its_tahap_sejak_date(officer, kel):
    existing = tie(kel["a"], kel["b"], tahap=1)

    result = plan(officer, f"{kel['b'].kode},{kel['a'].kode},Koordinasi,,01/03/2026")

    assert [(r.status, r.errors, r.changes) for r in result.rows] == [
        ("berubah", [], ["tahap: Komunikasi → Koordinasi (berlaku 01/03/2026)"])
    ]
    imports.apply(result, officer)
    existing.refresh_from_db()
    assert existing.tahap == 3
    assert list(existing.riwayat.order_by("berlaku_mulai").values_list("tahap", "berlaku_mulai")) == [
        (1, START),
        (3, D(2026, 3, 1)),
    ]


def test_a_wrong_or_future_tahap_sejak_is_explained_by_its_own_name(officer, kel):
    tie(kel["a"], kel["b"])
    tie(kel["a"], kel["c"])

    result = plan(
        officer,
        f"{kel['a'].kode},{kel['b'].kode},2,,31/02/2026",
        f"{kel['a'].kode},{kel['c'].kode},2,,16/06/2026",  # the suite's today is 15 June 2026
    )

    assert [(r.row, r.errors) for r in result.rows] == [
        (
            2,
            [
                (
                    "tahap_sejak",
                    "Tanggal tahap berlaku “31/02/2026” bukan tanggal yang valid (tulis 31/12/2024 atau 2024-12-31).",
                )
            ],
        ),
        (3, [("tahap_sejak", "Tanggal tahap berlaku 16/06/2026 ada di masa depan.")]),
    ]
    assert ties() == [
        ("16.71.05.1006-0001", "16.71.05.1006-0002", 1, START),
        ("16.71.05.1006-0001", "16.71.05.1006-0003", 1, START),
    ]
