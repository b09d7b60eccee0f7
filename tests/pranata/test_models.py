import pytest
from django.db import IntegrityError

from pranata.models import Lembaga, Tingkat, Wilayah
from tests.factories import LembagaFactory, wilayah_path

pytestmark = pytest.mark.django_db


def test_tingkat_is_inferred_from_the_number_of_code_segments():
    assert Tingkat.from_kode("16") == Tingkat.PROVINSI
    assert Tingkat.from_kode("16.71") == Tingkat.KABUPATEN
    assert Tingkat.from_kode("16.71.05") == Tingkat.KECAMATAN
    assert Tingkat.from_kode("16.71.05.1006") == Tingkat.KELURAHAN


def test_subtree_matches_descendants_but_not_codes_that_merely_share_digits():
    wilayah_path("16.71.05.1006")
    wilayah_path("16.72.01.1001")
    wilayah = Wilayah.objects
    assert set(wilayah.subtree("16.71").values_list("kode", flat=True)) == {
        "16.71",
        "16.71.05",
        "16.71.05.1006",
    }
    assert list(wilayah.subtree("16.7").values_list("kode", flat=True)) == []


def test_ancestor_kodes_follow_the_code_prefix():
    assert wilayah_path("16.71.05.1006").ancestor_kodes == ["16", "16.71", "16.71.05"]


def test_database_refuses_two_lembaga_with_the_same_name_in_one_kelurahan_whatever_the_case():
    LembagaFactory(nama="Posyandu Melati")
    with pytest.raises(IntegrityError):
        LembagaFactory(nama="POSYANDU MELATI")


def test_the_same_name_is_allowed_in_another_kelurahan():
    LembagaFactory(nama="Posyandu Melati")
    LembagaFactory(nama="Posyandu Melati", wilayah=wilayah_path("16.71.05.1005"))
    assert Lembaga.objects.filter(nama="Posyandu Melati").count() == 2


def test_lembaga_changes_are_kept_in_history():
    lembaga = LembagaFactory(nama="Karang Taruna Bina Remaja")
    lembaga.nama = "Karang Taruna Bina Remaja Mandiri"
    lembaga.save()
    assert [h.nama for h in lembaga.history.order_by("history_date")] == [
        "Karang Taruna Bina Remaja",
        "Karang Taruna Bina Remaja Mandiri",
    ]


@pytest.mark.parametrize(
    ("kode", "nama", "shown"),
    [
        ("16.71", "Kota Palembang", "Kota Palembang"),
        ("73.08", "Kabupaten Bone", "Kabupaten Bone"),
        ("73.09", "Kab. Maros", "Kab. Maros"),
        ("73.10", "Pangkajene", "Kabupaten/Kota Pangkajene"),
        ("16", "Sumatera Selatan", "Provinsi Sumatera Selatan"),
        ("16.71.05.1006", "Ilir D IV", "Kelurahan/Desa Ilir D IV"),
        ("16.71.05.1007", "Desa Sukamaju", "Desa Sukamaju"),
        ("16.71.05.1008", "Kotabaru", "Kelurahan/Desa Kotabaru"),  # a name that merely starts with "Kota"
    ],
)
def test_a_wilayah_is_named_once_with_its_level(kode, nama, shown):
    assert str(Wilayah(kode=kode, nama=nama, tingkat=Tingkat.from_kode(kode))) == shown


@pytest.mark.parametrize("small_area", [50, 1])
def test_lembaga_of_an_area_are_the_same_read_by_wilayah_ids_or_by_the_code_prefix(wilayah, monkeypatch, small_area):
    """`in_area` reads a small area's lembaga through its wilayah ids and a large one through the code prefix
    (SMALL_AREA 1 forces the prefix here): both give `in_wilayah`'s lembaga, the neighbours in the same
    kecamatan included and the kelurahan of another kecamatan or province left out."""
    from pranata import models

    monkeypatch.setattr(models, "SMALL_AREA", small_area)
    inside = {LembagaFactory(wilayah=wilayah["kelurahan"]).pk, LembagaFactory(wilayah=wilayah["tetangga"]).pk}
    LembagaFactory(wilayah=wilayah["luar"])
    LembagaFactory(wilayah=wilayah_path("16.71.06.1001", "Kecamatan sebelah"))
    kecamatan = wilayah["kelurahan"].kode.rpartition(".")[0]
    assert set(Lembaga.objects.in_area(kecamatan).values_list("pk", flat=True)) == inside
    assert set(Lembaga.objects.in_wilayah([kecamatan]).values_list("pk", flat=True)) == inside
    only_here = Lembaga.objects.in_area(wilayah["kelurahan"].kode)
    assert set(only_here.values_list("wilayah__kode", flat=True)) == {wilayah["kelurahan"].kode}
