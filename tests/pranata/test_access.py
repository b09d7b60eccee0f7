import pytest

from pranata import access
from tests.factories import LembagaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lembaga(wilayah):
    return {
        "own": LembagaFactory(nama="PKK Ilir D IV", wilayah=wilayah["kelurahan"]),
        "neighbour": LembagaFactory(nama="PKK Ilir D III", wilayah=wilayah["tetangga"]),
        "far": LembagaFactory(nama="PKK Ketabang", wilayah=wilayah["luar"]),
    }


def names(qs):
    return set(qs.values_list("nama", flat=True))


def test_officer_sees_and_edits_only_their_kelurahan(officer, lembaga):
    assert names(access.visible_lembaga(officer)) == {"PKK Ilir D IV"}
    assert names(access.editable_lembaga(officer)) == {"PKK Ilir D IV"}


def test_analyst_reads_the_whole_province_and_edits_nothing(analyst, lembaga):
    assert names(access.visible_lembaga(analyst)) == {"PKK Ilir D IV", "PKK Ilir D III"}
    assert names(access.editable_lembaga(analyst)) == set()
    assert not access.editable_kelurahan(analyst).exists()


def test_coordinator_reads_their_kelurahan_but_does_not_edit_the_registry(coordinator, lembaga):
    assert names(access.visible_lembaga(coordinator)) == {"PKK Ilir D IV"}
    assert not access.can_edit_registry(coordinator)


def test_admin_sees_everything(admin_user, lembaga):
    assert names(access.visible_lembaga(admin_user)) == {"PKK Ilir D IV", "PKK Ilir D III", "PKK Ketabang"}


def test_user_without_profile_sees_nothing(db, lembaga):
    from tests.factories import UserFactory

    assert names(access.visible_lembaga(UserFactory())) == set()


def test_editable_kelurahan_lists_only_kelurahan_level(officer, wilayah):
    assert list(access.editable_kelurahan(officer).values_list("kode", flat=True)) == ["16.71.05.1006"]
