import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection

from pranata import access
from pranata.models import Kerjasama, StatusLembaga, Wilayah
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


def test_admins_see_every_wilayah_and_start_from_the_provinces(admin_user, officer, wilayah):
    assert set(access.visible_wilayah(admin_user)) == set(Wilayah.objects.all())
    assert sorted(access.assigned_wilayah(admin_user).values_list("kode", flat=True)) == ["16", "35"]
    assert list(access.assigned_wilayah(officer).values_list("kode", flat=True)) == ["16.71.05.1006"]
    assert sorted(access.visible_wilayah(officer).values_list("kode", flat=True)) == ["16.71.05.1006"]


@pytest.mark.parametrize(
    ("persona", "allowed"), [("officer", True), ("admin_user", True), ("coordinator", False), ("analyst", False)]
)
def test_only_registry_editors_may_export_personal_data_or_write(request, persona, allowed):
    user = request.getfixturevalue(persona)
    assert access.can_export_personal_data(user) is allowed
    if allowed:
        access.require_registry_editor(user)
    else:
        with pytest.raises(PermissionDenied) as refused:
            access.require_registry_editor(user)
        assert str(refused.value) == "Peran Anda hanya dapat melihat data, tidak mengubahnya."


def test_scope_is_read_once_per_user_object(officer, django_assert_num_queries):
    access.scope_kodes(officer)
    with django_assert_num_queries(0):
        assert access.scope_kodes(officer) == ["16.71.05.1006"]


def test_partner_candidates_are_listed_by_name(officer, wilayah):
    own = LembagaFactory(nama="Majelis Taklim", wilayah=wilayah["kelurahan"])
    for nama in ("Zebra Cross RT 01", "Arisan RW 02", "Karang Taruna"):
        LembagaFactory(nama=nama, wilayah=wilayah["tetangga"])
    assert list(access.tie_partner_candidates(officer, own).values_list("nama", flat=True)) == [
        "Arisan RW 02",
        "Karang Taruna",
        "Zebra Cross RT 01",
    ]


def tie(a, b):
    a, b = sorted((a, b), key=lambda lembaga: lembaga.pk)  # the database keeps each pair smaller id first
    return Kerjasama.objects.create(lembaga_a=a, lembaga_b=b, tahap=1, mulai=datetime.date(2024, 1, 1))


def test_a_tie_is_seen_from_either_end_and_edited_by_the_officer_of_either(
    officer, analyst, admin_user, outsider, lembaga
):
    crossing = tie(lembaga["own"], lembaga["neighbour"])  # into the next kelurahan
    across = tie(lembaga["neighbour"], lembaga["far"])  # into another province

    assert set(access.visible_kerjasama(officer)) == set(access.editable_kerjasama(officer)) == {crossing}
    assert set(access.visible_kerjasama(outsider)) == set(access.editable_kerjasama(outsider)) == {across}
    assert set(access.visible_kerjasama(analyst)) == {crossing, across}
    assert not access.editable_kerjasama(analyst).exists()
    assert set(access.visible_kerjasama(admin_user)) == set(access.editable_kerjasama(admin_user)) == {crossing, across}


@pytest.mark.parametrize(
    ("persona", "peran", "queues"),
    [
        ("admin_user", "admin", True),
        ("officer", "petugas", True),
        ("coordinator", "koordinator", True),
        ("analyst", "dinsos", False),
    ],
)
def test_the_roles_that_change_data_may_queue_work_again(request, persona, peran, queues):
    user = request.getfixturevalue(persona)

    assert access.peran_of(user) == peran
    assert access.is_admin(user) is (peran == "admin")
    assert access.can_queue_work(user) is queues


def test_an_anonymous_visitor_or_a_user_without_profile_has_no_role_and_no_scope(db, lembaga):
    from tests.factories import UserFactory

    for user in (AnonymousUser(), UserFactory()):
        assert access.peran_of(user) is None
        assert not access.can_queue_work(user) and not access.can_edit_registry(user)
        assert access.scope_kodes(user) == []
        assert not access.visible_wilayah(user).exists() and not access.assigned_wilayah(user).exists()


def test_admins_edit_every_lembaga_and_register_in_every_kelurahan(admin_user, lembaga, wilayah):
    assert access.scope_kodes(admin_user) is None
    assert names(access.editable_lembaga(admin_user)) == {"PKK Ilir D IV", "PKK Ilir D III", "PKK Ketabang"}
    assert sorted(access.editable_kelurahan(admin_user).values_list("kode", flat=True)) == [
        "16.71.05.1005",
        "16.71.05.1006",
        "35.78.09.1002",
    ]


def test_partners_are_the_active_lembaga_of_the_kecamatan_and_of_the_users_own_scope(
    outsider, officer, wilayah, lembaga
):
    LembagaFactory(nama="Arisan Bubar", wilayah=wilayah["tetangga"], status=StatusLembaga.TIDAK_AKTIF)
    LembagaFactory(nama="Karang Taruna", wilayah=wilayah["luar"])

    # From Ilir D IV: its kecamatan (Ilir D III, not the lembaga itself) plus Ketabang, the outsider's own.
    assert list(access.tie_partner_candidates(outsider, lembaga["own"]).values_list("nama", flat=True)) == [
        "Karang Taruna",
        "PKK Ilir D III",
        "PKK Ketabang",
    ]
    assert names(access.tie_partner_candidates(officer, lembaga["own"])) == {"PKK Ilir D III"}


def test_partners_with_the_same_name_are_listed_in_the_order_they_were_registered(officer, wilayah, lembaga):
    twin = LembagaFactory(nama="PKK Ilir D III", wilayah=wilayah["kelurahan"])

    candidates = list(access.tie_partner_candidates(officer, lembaga["own"]))

    assert candidates == [lembaga["neighbour"], twin]


def test_partners_with_the_same_name_keep_registration_order_whatever_order_the_rows_are_read_in(outsider, wilayah):
    older = LembagaFactory(nama="Posyandu Melati", wilayah=wilayah["luar"])  # the outsider's own
    newer = LembagaFactory(nama="Posyandu Melati", wilayah=wilayah["tetangga"])  # in the kecamatan
    source = LembagaFactory(nama="PKK Ilir D IV", wilayah=wilayah["kelurahan"])
    older.alamat = "Jl. Merdeka 1"  # an edit: PostgreSQL now keeps the older row after the newer one
    older.save()
    if connection.vendor == "postgresql":
        # Read the table in its stored order, not through the (nama, id) index: the order by id must hold
        # by itself. (SQLite stores rows in id order, so there is nothing to force there.)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")

    assert list(access.tie_partner_candidates(outsider, source)) == [older, newer]
