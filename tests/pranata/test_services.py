import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pranata import services
from pranata.models import Lembaga, PranataSosial, StatusLembaga, Wilayah
from pranata.services import WilayahImportError, wilayah_load, wilayah_parse_csv
from tests.factories import LembagaFactory

pytestmark = pytest.mark.django_db


def parse(text: str):
    return wilayah_parse_csv(text.splitlines())


def test_parse_reports_every_bad_row_with_its_line_number():
    with pytest.raises(WilayahImportError) as exc:
        parse("kode,nama\n16,Sumatera Selatan\n16.7x,Salah\n16.71,\n16,Dobel\n99.01,Tanpa induk\n")
    assert exc.value.errors == [
        "baris 3: kode '16.7x' bukan kode Kemendagri (contoh: 16.71.01.1001)",
        "baris 4: nama wilayah kosong",
        "baris 5: kode 16 sudah muncul di baris 2",
        "baris 6: induk 99 tidak ada di berkas maupun di basis data",
    ]


def test_load_builds_the_hierarchy_and_a_rerun_only_renames():
    rows = parse(
        "\ufeffkode,nama\n16,Sumatera Selatan\n16.71,Kota Palembang\n16.71.05,Ilir Timur I\n16.71.05.1006,Ilir D IV\n"
    )
    assert wilayah_load(rows=rows) == (4, 0)
    kelurahan = Wilayah.objects.get(kode="16.71.05.1006")
    assert kelurahan.induk.kode == "16.71.05"
    assert kelurahan.tingkat == 4

    rows = parse("16.71.05.1006,Kelurahan Ilir D. IV\n16.71,Kota Palembang\n")
    assert wilayah_load(rows=rows) == (0, 1)
    assert Wilayah.objects.count() == 4
    assert Wilayah.objects.get(kode="16.71.05.1006").nama == "Kelurahan Ilir D. IV"
    assert Wilayah.objects.get(kode="16.71.05.1006").induk.kode == "16.71.05"


def test_parent_may_already_be_in_the_database(wilayah):
    assert wilayah_load(rows=parse("16.71.05.1007,Ilir D II\n")) == (1, 0)
    assert Wilayah.objects.get(kode="16.71.05.1007").induk.kode == "16.71.05"


def test_officer_cannot_create_lembaga_outside_their_kelurahan(officer, wilayah):
    with pytest.raises(PermissionDenied):
        services.lembaga_create(
            oleh=officer,
            wilayah=wilayah["tetangga"],
            nama="PKK Ilir D III",
            sektor="warga",
            pranata=PranataSosial.objects.first(),
        )
    assert not Lembaga.objects.exists()


def test_analyst_cannot_update_even_inside_their_region(analyst, wilayah):
    lembaga = LembagaFactory(wilayah=wilayah["kelurahan"])
    with pytest.raises(PermissionDenied):
        services.lembaga_update(lembaga=lembaga, oleh=analyst, nama="Diubah")


def test_create_validates_the_model_and_saves_nothing_on_error(officer, wilayah):
    with pytest.raises(ValidationError) as exc:
        services.lembaga_create(
            oleh=officer, wilayah=wilayah["kelurahan"], nama="", sektor="warga", pranata=PranataSosial.objects.first()
        )
    assert "nama" in exc.value.message_dict
    assert not Lembaga.objects.exists()


def test_archive_and_restore_keep_the_row(officer, wilayah):
    lembaga = LembagaFactory(wilayah=wilayah["kelurahan"])
    services.lembaga_archive(lembaga=lembaga, oleh=officer)
    lembaga.refresh_from_db()
    assert lembaga.status == StatusLembaga.ARSIP
    services.lembaga_restore(lembaga=lembaga, oleh=officer)
    lembaga.refresh_from_db()
    assert lembaga.status == StatusLembaga.AKTIF
    assert lembaga.history.count() == 3
