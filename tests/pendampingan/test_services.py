"""The rules of pendampingan, each with its one writer: assignments, the activity log, trainings."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum.models import Keanggotaan
from pendampingan import access, services
from pendampingan.models import HasilPelatihan, Kegiatan, Pendamping, Penugasan
from pranata import services as pranata_services
from tests.conftest import TODAY
from tests.factories import LembagaFactory, SumberDayaFactory

pytestmark = pytest.mark.django_db


def _assign_forum(psm, forum, coordinator, mulai=datetime.date(2025, 1, 1)):
    return services.penugasan_create(pendamping=psm, forum=forum, mulai=mulai, oleh=coordinator)


def _log(psm, user, **fields):
    values = {"tanggal": TODAY - datetime.timedelta(days=1), "tugas": "penguatan", "uraian": "Penyuluhan gizi"}
    return services.kegiatan_log(pendamping=psm, oleh=user, **(values | fields))


def test_a_pendamping_logs_for_a_member_of_the_forum_assigned(psm, forum, members, coordinator, companion_user):
    _assign_forum(psm, forum, coordinator)
    kegiatan = _log(psm, companion_user, lembaga=members["a"], teknik="penyadaran")
    kegiatan.refresh_from_db()
    assert (kegiatan.pendamping, kegiatan.lembaga, kegiatan.tugas, kegiatan.teknik) == (
        psm,
        members["a"],
        "penguatan",
        "penyadaran",
    )
    assert kegiatan.dicatat_oleh == companion_user
    assert kegiatan.history.get().history_user == companion_user


def test_no_assignment_on_the_date_no_log(psm, forum, members, coordinator, companion_user):
    penugasan = _assign_forum(psm, forum, coordinator, mulai=TODAY - datetime.timedelta(days=30))
    with pytest.raises(ValidationError) as exc:
        _log(psm, companion_user, lembaga=members["a"], tanggal=TODAY - datetime.timedelta(days=31))
    assert "tidak ditugaskan" in exc.value.message_dict["lembaga"][0]
    services.penugasan_end(penugasan=penugasan, selesai=TODAY - datetime.timedelta(days=10), oleh=coordinator)
    # the last day of the assignment still counts; the day after does not
    _log(psm, companion_user, forum=forum, tanggal=TODAY - datetime.timedelta(days=10))
    with pytest.raises(ValidationError):
        _log(psm, companion_user, forum=forum, tanggal=TODAY - datetime.timedelta(days=9))
    assert Kegiatan.objects.count() == 1


def test_a_lembaga_that_left_the_forum_is_no_longer_in_reach(psm, forum, members, coordinator, companion_user):
    _assign_forum(psm, forum, coordinator)
    Keanggotaan.objects.filter(lembaga=members["b"]).update(selesai=TODAY - datetime.timedelta(days=5))
    _log(psm, companion_user, lembaga=members["b"], tanggal=TODAY - datetime.timedelta(days=6))
    with pytest.raises(ValidationError):
        _log(psm, companion_user, lembaga=members["b"], tanggal=TODAY - datetime.timedelta(days=4))
    assert Kegiatan.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"tanggal": TODAY + datetime.timedelta(days=1)}, "tanggal", "masa depan"),
        ({"tanggal": datetime.date(2021, 12, 31)}, "tanggal", "masa tugas"),
        ({"teknik": "advokasi"}, "teknik", "bukan bagian"),
        ({"peran_penyuluh": "motivator"}, "peran_penyuluh", "penyuluh"),
    ],
)
def test_bad_activities_are_refused_and_nothing_is_saved(
    psm, forum, members, coordinator, companion_user, fields, field, words
):
    _assign_forum(psm, forum, coordinator, mulai=datetime.date(2022, 1, 1))
    with pytest.raises(ValidationError) as exc:
        _log(psm, companion_user, lembaga=members["a"], **fields)
    assert words in exc.value.message_dict[field][0]
    assert Kegiatan.objects.count() == 0


def test_resources_mobilised_must_be_the_lembagas_own(psm, forum, members, coordinator, companion_user):
    _assign_forum(psm, forum, coordinator)
    own, other = SumberDayaFactory(lembaga=members["a"]), SumberDayaFactory(lembaga=members["b"])
    with pytest.raises(ValidationError):
        _log(psm, companion_user, lembaga=members["a"], sumber_daya=[own, other])
    kegiatan = _log(psm, companion_user, lembaga=members["a"], sumber_daya=[own], sumber_jenis="sosial")
    assert list(kegiatan.sumber_daya.all()) == [own]


def test_only_the_pendamping_or_an_officer_of_their_area_logs(
    psm, forum, members, coordinator, officer, analyst, outsider, companion_user
):
    _assign_forum(psm, forum, coordinator)
    for user in (coordinator, analyst, outsider):
        with pytest.raises(PermissionDenied):
            _log(psm, user, lembaga=members["a"])
    assert Kegiatan.objects.count() == 0
    _log(psm, officer, lembaga=members["a"])  # a paper log entered by the officer
    assert Kegiatan.objects.get().dicatat_oleh == officer


def test_a_coordinator_assigns_only_to_their_forum_and_its_members(psm, forum, members, coordinator, wilayah):
    elsewhere = LembagaFactory(wilayah=wilayah["tetangga"])
    with pytest.raises(PermissionDenied):
        services.penugasan_create(pendamping=psm, lembaga=elsewhere, mulai=TODAY, oleh=coordinator)
    services.penugasan_create(pendamping=psm, lembaga=members["c"], mulai=TODAY, oleh=coordinator)
    with pytest.raises(ValidationError) as exc:  # the same place twice while it runs
        services.penugasan_create(pendamping=psm, lembaga=members["c"], mulai=TODAY, oleh=coordinator)
    assert "sudah ditugaskan" in exc.value.message_dict["lembaga"][0]
    assert Penugasan.objects.count() == 1


def test_an_assignment_cannot_start_before_the_pendamping_serves_or_end_before_it_starts(psm, forum, coordinator):
    with pytest.raises(ValidationError):
        services.penugasan_create(pendamping=psm, forum=forum, mulai=datetime.date(2021, 6, 1), oleh=coordinator)
    penugasan = _assign_forum(psm, forum, coordinator)
    with pytest.raises(ValidationError):
        services.penugasan_end(penugasan=penugasan, selesai=datetime.date(2024, 12, 31), oleh=coordinator)
    penugasan.refresh_from_db()
    assert penugasan.selesai is None


def test_visibility_follows_area_and_assignments(
    psm, tksk, forum, coordinator, officer, outsider, companion_user, admin_user
):
    admin = admin_user
    assert set(access.visible_pendamping(officer)) == {psm, tksk}  # the kecamatan's TKSK works above the officer
    assert set(access.visible_pendamping(outsider)) == set()
    assert set(access.visible_pendamping(companion_user)) == {psm}  # a pendamping sees their own record
    stranger = Pendamping.objects.create(
        nama="Relawan Surabaya", jenis="lain", wilayah=outsider.profil.wilayah.get(), mulai=datetime.date(2020, 1, 1)
    )
    assert stranger not in access.visible_pendamping(coordinator)
    services.penugasan_create(pendamping=stranger, forum=forum, mulai=TODAY, oleh=admin)
    assert stranger in access.visible_pendamping(coordinator)  # assigned to a forum in scope


def test_training_results_are_recorded_for_participants(psm, tksk, officer, wilayah):
    pelatihan = services.pelatihan_create(
        oleh=officer,
        peserta=[psm],
        nama="Pembekalan Pensosmas",
        penyelenggara="Dinas Sosial Provinsi",
        wilayah=wilayah["kelurahan"],
        mulai=datetime.date(2026, 5, 1),
        selesai=datetime.date(2026, 5, 3),
    )
    assert services.peserta_set_hasil(pelatihan=pelatihan, hasil={psm.pk: HasilPelatihan.LULUS}, oleh=officer) == 1
    assert pelatihan.peserta.get().hasil == HasilPelatihan.LULUS
    with pytest.raises(ValidationError):
        services.peserta_set_hasil(pelatihan=pelatihan, hasil={psm.pk: "juara"}, oleh=officer)
    assert pelatihan.peserta.get().hasil == HasilPelatihan.LULUS


def test_merging_a_duplicate_lembaga_moves_its_pendampingan(psm, forum, members, coordinator, officer, companion_user):
    _assign_forum(psm, forum, coordinator)
    twin = members["b"]
    services.penugasan_create(pendamping=psm, lembaga=twin, mulai=TODAY, oleh=officer)
    kegiatan = _log(psm, companion_user, lembaga=twin)
    pranata_services.lembaga_merge(keep=members["a"], merge=twin, oleh=officer)
    kegiatan.refresh_from_db()
    assert kegiatan.lembaga == members["a"]
    assert Penugasan.objects.filter(lembaga=members["a"]).count() == 1
