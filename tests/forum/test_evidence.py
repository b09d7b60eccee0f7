"""Evidence-to-stage rules: one test per ladder row, and the 12-month window."""

import datetime

import pytest

from forum import services
from forum.evidence import forum_evidence
from forum.models import ProgramBersama, StatusProgram
from pranata import services as pranata_services
from pranata.models import Lembaga
from tests.conftest import NOW
from tests.factories import SumberDayaFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 30)


def log(forum, coordinator, tanggal, hadir=(), sepakat=(), lanjut=()):
    return services.pertemuan_log(
        forum=forum,
        oleh=coordinator,
        fields={"tanggal": tanggal, "jenis": "rapat_rutin"},
        hadir=[services.Hadir(lembaga) for lembaga in hadir],
        sepakat=list(sepakat),
        lanjut=list(lanjut),
    )


def stages(members) -> dict[tuple[str, str], int]:
    found = forum_evidence(Lembaga.objects.filter(pk__in=[m.pk for m in members.values()]), TODAY)
    nama = {m.pk: m.nama[0] for m in members.values()}
    return {(nama[a], nama[b]): evidence.tahap for (a, b), evidence in found.items()}


def test_co_attendance_is_komunikasi(forum, coordinator, members):
    log(forum, coordinator, datetime.date(2025, 3, 1), hadir=[members["a"], members["b"], members["c"]])
    assert stages(members) == {("A", "B"): 1, ("A", "C"): 1, ("B", "C"): 1}


def test_same_agreement_is_kooperasi(forum, coordinator, members):
    a, b = members["a"], members["b"]
    log(forum, coordinator, datetime.date(2025, 3, 1), sepakat=[services.Sepakat("Kerja bakti", [a, b])])
    found = forum_evidence(Lembaga.objects.all(), TODAY)
    assert found[(a.pk, b.pk)].tahap == 2
    assert "Kerja bakti" in found[(a.pk, b.pk)].trace


def test_follow_ups_of_the_same_agreement_are_koordinasi(forum, coordinator, members):
    a, b, c = members["a"], members["b"], members["c"]
    log(
        forum,
        coordinator,
        datetime.date(2025, 3, 1),
        sepakat=[services.Sepakat("Posyandu", [a])],
        lanjut=[services.Lanjut("Jadwal", b, None, 1), services.Lanjut("Tempat", c, None, 1)],
    )
    assert stages(members) == {("B", "C"): 3}


FEBRUARY = datetime.date(2025, 2, 1)


def contribute(program, oleh, lembaga, **fields):
    """One entry of the programme's ledger, given by `lembaga` (a participant) on 1 February 2025."""
    values = {"jenis": "tenaga", "uraian": "Kader", "jumlah": 3, "satuan": "orang", "tanggal": FEBRUARY}
    return services.kontribusi_add(program=program, oleh=oleh, lembaga=lembaga, **(values | fields))


def _programme(forum, members, status, *, pooled: bool, mulai=datetime.date(2025, 1, 1)):
    program = ProgramBersama.objects.create(
        nama="Posyandu Terpadu", forum=forum, wilayah=forum.wilayah, status=status, mulai=mulai
    )
    for key in ("c", "d"):
        program.peserta.create(lembaga=members[key], peran="mitra")
    if pooled:
        program.sumber_daya.add(SumberDayaFactory(lembaga=members["c"], jenis="tempat", uraian="Balai"))
    return program


def test_programme_in_planning_is_koordinasi(forum, members):
    _programme(forum, members, StatusProgram.RENCANA, pooled=False)
    assert stages(members) == {("C", "D"): 3}


def test_running_programme_with_pooled_resources_is_kolaborasi(forum, members):
    _programme(forum, members, StatusProgram.BERJALAN, pooled=True)
    found = forum_evidence(Lembaga.objects.all(), TODAY)
    pair = tuple(sorted([members["c"].pk, members["d"].pk]))
    assert found[pair].tahap == 4
    assert found[pair].trace == "kolaborasi: menjalankan “Posyandu Terpadu” bersama, sumber dibagi: tempat"


def test_running_programme_without_pooled_resources_is_not_kolaborasi(forum, members):
    _programme(forum, members, StatusProgram.BERJALAN, pooled=False)
    assert stages(members) == {}


def test_the_highest_rule_wins_and_keeps_its_reason(forum, coordinator, members):
    log(forum, coordinator, datetime.date(2025, 3, 1), hadir=[members["c"], members["d"]])
    _programme(forum, members, StatusProgram.SELESAI, pooled=True)
    assert stages(members) == {("C", "D"): 4}


def test_activity_older_than_twelve_months_is_not_evidence(forum, coordinator, members):
    log(forum, coordinator, datetime.date(2024, 6, 29), hadir=[members["a"], members["b"]])
    log(forum, coordinator, datetime.date(2024, 7, 1), hadir=[members["c"], members["d"]])
    assert stages(members) == {("C", "D"): 1}
    _programme(
        forum, members, StatusProgram.SELESAI, pooled=True, mulai=datetime.date(2022, 1, 1)
    ).__class__.objects.update(selesai=datetime.date(2024, 1, 1))
    assert stages(members) == {("C", "D"): 1}


def test_signed_mou_is_koordinasi(officer, members, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pranata import extensions

    settings.MEDIA_ROOT = tmp_path
    pranata_services.kerjasama_create(
        lembaga_a=members["a"],
        lembaga_b=members["d"],
        tahap=3,
        mulai=datetime.date(2025, 1, 1),
        oleh=officer,
        dasar="mou",
        dokumen=SimpleUploadedFile("mou.pdf", b"%PDF-1.4"),
    )
    found = extensions.evidence_for(Lembaga.objects.all(), TODAY)
    assert found[(members["a"].pk, members["d"].pk)].tahap == 3


# --- the window's edges: TODAY is 2025-06-30, the 365-day window starts 2024-06-30 ----------------

START = datetime.date(2024, 6, 30)
DAY = datetime.timedelta(days=1)
EDGES = [(START - DAY, False), (START, True), (TODAY, True), (TODAY + DAY, False)]


@pytest.mark.parametrize(("tanggal", "counts"), EDGES)
def test_co_attendance_counts_exactly_inside_the_365_day_window(forum, coordinator, members, tanggal, counts):
    log(forum, coordinator, tanggal, hadir=[members["a"], members["b"]])
    assert stages(members) == ({("A", "B"): 1} if counts else {})


@pytest.mark.parametrize(("tanggal", "counts"), EDGES)
def test_agreements_count_exactly_inside_the_365_day_window(forum, coordinator, members, tanggal, counts):
    log(forum, coordinator, tanggal, sepakat=[services.Sepakat("Kerja bakti", [members["a"], members["b"]])])
    assert stages(members) == ({("A", "B"): 2} if counts else {})


@pytest.mark.parametrize(("tanggal", "counts"), EDGES)
def test_follow_ups_count_exactly_inside_the_365_day_window(forum, coordinator, members, tanggal, counts):
    log(
        forum,
        coordinator,
        tanggal,
        sepakat=[services.Sepakat("Posyandu", [members["a"]])],
        lanjut=[services.Lanjut("Jadwal", members["b"], None, 1), services.Lanjut("Tempat", members["c"], None, 1)],
    )
    assert stages(members) == ({("B", "C"): 3} if counts else {})


@pytest.mark.parametrize(("mulai", "counts"), [(TODAY, True), (TODAY + DAY, False)])
def test_a_planned_programme_counts_from_its_start_date(forum, members, mulai, counts):
    _programme(forum, members, StatusProgram.RENCANA, pooled=False, mulai=mulai)
    assert stages(members) == ({("C", "D"): 3} if counts else {})


@pytest.mark.parametrize(("selesai", "counts"), [(START - DAY, False), (START, True)])
def test_a_finished_programme_counts_until_365_days_after_its_end(forum, members, selesai, counts):
    program = _programme(forum, members, StatusProgram.SELESAI, pooled=True, mulai=datetime.date(2023, 1, 1))
    ProgramBersama.objects.filter(pk=program.pk).update(selesai=selesai)
    assert stages(members) == ({("C", "D"): 4} if counts else {})


def test_programme_status_changes_move_the_evidence_stage(forum, officer, members):
    program = _programme(forum, members, StatusProgram.RENCANA, pooled=True)
    assert stages(members) == {("C", "D"): 3}
    services.program_set_status(program=program, status=StatusProgram.BERJALAN, oleh=officer)
    assert stages(members) == {("C", "D"): 4}
    services.program_set_status(
        program=program, status=StatusProgram.SELESAI, oleh=officer, selesai=datetime.date(2025, 5, 1)
    )
    program.refresh_from_db()
    assert (program.status, program.selesai) == (StatusProgram.SELESAI, datetime.date(2025, 5, 1))
    assert stages(members) == {("C", "D"): 4}
    assert program.history.first().history_user == officer


def test_moving_a_meeting_out_of_the_window_removes_its_evidence(forum, coordinator, members):
    pertemuan = log(forum, coordinator, datetime.date(2025, 3, 1), hadir=[members["a"], members["b"]])
    assert stages(members) == {("A", "B"): 1}
    services.pertemuan_update(pertemuan=pertemuan, oleh=coordinator, tanggal=START - DAY, tempat="Balai RW 03")
    pertemuan.refresh_from_db()
    assert (pertemuan.tanggal, pertemuan.tempat) == (START - DAY, "Balai RW 03")
    assert stages(members) == {}
    services.pertemuan_update(pertemuan=pertemuan, oleh=coordinator, tanggal=START)
    assert stages(members) == {("A", "B"): 1}


# --- rule traces, thresholds and scope -----------------------------------------------------------------------


def traces(members, keys="abcd") -> dict[tuple[str, str], str]:
    found = forum_evidence(Lembaga.objects.filter(pk__in=[members[k].pk for k in keys]), TODAY)
    nama = {m.pk: m.nama[0] for m in members.values()}
    return {(nama[a], nama[b]): evidence.trace for (a, b), evidence in found.items()}


def test_each_rule_writes_its_reason_with_counts_dates_and_names(forum, coordinator, members):
    a, b, c, d = (members[k] for k in "abcd")
    long_text = "Kerja bakti bersama membersihkan saluran air di seluruh RW setiap Minggu pagi, mulai bulan depan ya"
    log(forum, coordinator, datetime.date(2025, 2, 1), hadir=[a, b])
    log(
        forum,
        coordinator,
        datetime.date(2025, 3, 1),
        hadir=[a, b],
        sepakat=[services.Sepakat(long_text, [a, b]), services.Sepakat("Posyandu", [c])],
        lanjut=[services.Lanjut("Jadwal", c, None, 2), services.Lanjut("Tempat", d, None, 2)],
    )
    assert traces(members) == {
        ("A", "B"): "kooperasi: terikat 1 kesepakatan bersama, mis. “" + long_text[:80] + "…”",
        ("C", "D"): "koordinasi: sama-sama memegang tindak lanjut kesepakatan “Posyandu”",
    }
    assert traces(members, keys="ab") == {
        ("A", "B"): "kooperasi: terikat 1 kesepakatan bersama, mis. “" + long_text[:80] + "…”"
    }


def test_co_attendance_reason_counts_meetings_and_names_the_last(forum, coordinator, members):
    log(forum, coordinator, datetime.date(2025, 2, 1), hadir=[members["a"], members["b"]])
    log(forum, coordinator, datetime.date(2025, 3, 7), hadir=[members["a"], members["b"], members["c"]])
    assert traces(members) == {
        ("A", "B"): "komunikasi: hadir bersama di 2 pertemuan forum (terakhir 07/03/2025)",
        ("A", "C"): "komunikasi: hadir bersama di 1 pertemuan forum (terakhir 07/03/2025)",
        ("B", "C"): "komunikasi: hadir bersama di 1 pertemuan forum (terakhir 07/03/2025)",
    }


def test_co_attendance_needs_the_configured_number_of_meetings(forum, coordinator, members, settings):
    settings.SIMPUL_EVIDENCE_MIN_MEETINGS = 2
    log(forum, coordinator, datetime.date(2025, 2, 1), hadir=[members["a"], members["b"], members["c"]])
    log(forum, coordinator, datetime.date(2025, 3, 1), hadir=[members["a"], members["b"]])
    assert stages(members) == {("A", "B"): 1}


def test_evidence_is_only_about_pairs_inside_the_scope(forum, coordinator, members):
    """A report for B and C alone must not show their ties with A (created first, so with the lowest id)."""
    a, b, c = members["a"], members["b"], members["c"]
    log(
        forum,
        coordinator,
        datetime.date(2025, 3, 1),
        hadir=[a, b, c],
        sepakat=[services.Sepakat("Kerja bakti", [a, c])],
        lanjut=[services.Lanjut("Jadwal", a, None, 1), services.Lanjut("Tempat", c, None, 1)],
    )
    program = _programme(forum, members, StatusProgram.BERJALAN, pooled=True)  # C and D
    program.peserta.create(lembaga=a, peran="mitra")
    assert a.pk < b.pk < c.pk
    scoped = forum_evidence(Lembaga.objects.filter(pk__in=[b.pk, c.pk]), TODAY)
    assert {pair: e.tahap for pair, e in scoped.items()} == {(b.pk, c.pk): 1}


def test_programme_reasons_name_the_programme_and_what_was_pooled(forum, members):
    _programme(forum, members, StatusProgram.RENCANA, pooled=False)
    assert traces(members) == {("C", "D"): "koordinasi: merencanakan program “Posyandu Terpadu” bersama"}
    ProgramBersama.objects.all().delete()
    program = _programme(forum, members, StatusProgram.BERJALAN, pooled=True)
    program.sumber_daya.add(SumberDayaFactory(lembaga=members["d"], jenis="dana", uraian="Kas"))
    assert traces(members) == {
        ("C", "D"): "kolaborasi: menjalankan “Posyandu Terpadu” bersama, sumber dibagi: dana, tempat"
    }


def test_the_fingerprint_changes_with_every_kind_of_forum_activity(forum, coordinator, officer, members):
    from forum.evidence import fingerprint

    scope = Lembaga.objects.filter(pk__in=[m.pk for m in members.values()])
    seen = [fingerprint(scope)]

    def changed() -> bool:
        seen.append(fingerprint(scope))
        return seen[-1] != seen[-2]

    pertemuan = log(forum, coordinator, datetime.date(2025, 3, 1), hadir=[members["a"]])
    assert changed()
    services.pertemuan_update(pertemuan=pertemuan, oleh=coordinator, tempat="Balai RW")
    assert changed()
    log(forum, coordinator, datetime.date(2025, 3, 2), sepakat=[services.Sepakat("Kerja bakti", [members["b"]])])
    assert changed()
    log(
        forum,
        coordinator,
        datetime.date(2025, 3, 3),
        sepakat=[services.Sepakat("Posyandu", [])],
        lanjut=[services.Lanjut("Jadwal", members["c"], None, 1)],
    )
    assert changed()
    program = _programme(forum, members, StatusProgram.RENCANA, pooled=False)
    assert changed()
    services.program_set_status(program=program, status=StatusProgram.BERJALAN, oleh=officer)
    assert changed()
    assert not changed()  # nothing happened: the same fingerprint, so the cached report stays


def test_an_empty_scope_has_no_evidence_and_no_error(forum, coordinator, members):
    from forum.evidence import forum_evidence
    from pranata.models import Lembaga

    assert forum_evidence(Lembaga.objects.filter(pk__in=[]), datetime.date(2025, 6, 30)) == {}


@pytest.mark.parametrize(
    "table", ["kehadiran", "kesepakatan_lembaga", "tindak_lanjut", "peserta", "kontribusi", "sumber_daya_program"]
)
def test_the_fingerprint_sees_a_removed_row_and_a_replaced_one(forum, coordinator, members, table):
    """Removing a row that is not the newest changes the count; removing one and adding another keeps the
    count but not the newest id: either must change the fingerprint, or a cached report would go stale.
    Whether a programme pools resources (its ledger, its linked resources) is part of it too."""
    from forum.evidence import fingerprint
    from forum.models import Kehadiran, Kesepakatan, Kontribusi, PesertaProgram, TindakLanjut

    a, b, c = members["a"], members["b"], members["c"]
    for day in (1, 2, 3):
        log(
            forum,
            coordinator,
            datetime.date(2025, 3, day),
            hadir=[a, b],
            sepakat=[services.Sepakat(f"Kesepakatan {day}", [a, b])],
            lanjut=[services.Lanjut(f"Tindak lanjut {day}", c, None, 1)],
        )
    for day in (1, 2, 3):
        program = _programme(forum, members, StatusProgram.BERJALAN, pooled=True, mulai=datetime.date(2025, 1, day))
        contribute(program, coordinator, members["d"])
    model = {
        "kehadiran": Kehadiran,
        "kesepakatan_lembaga": Kesepakatan.lembaga.through,
        "tindak_lanjut": TindakLanjut,
        "peserta": PesertaProgram,
        "kontribusi": Kontribusi,
        "sumber_daya_program": ProgramBersama.sumber_daya.through,
    }[table]
    scope = Lembaga.objects.filter(pk__in=[m.pk for m in members.values()])
    before = fingerprint(scope)

    oldest = model.objects.order_by("pk").first()
    oldest.delete()
    removed = fingerprint(scope)
    assert removed != before

    oldest.pk = None  # the same row again, under a new id: as many rows as before, a newer newest
    oldest.save()
    replaced = fingerprint(scope)
    assert replaced != before and replaced != removed


def test_the_fingerprint_sees_a_guest_meeting_of_another_forum_move(forum, coordinator, members):
    """A lembaga may attend another forum's meeting as a guest: moving that meeting out of the window removes
    the co-attendance, so the fingerprint must change although neither lembaga belongs to that forum."""
    from forum.evidence import fingerprint
    from tests.factories import ForumFactory

    other = ForumFactory(nama="Forum Ilir D IV Timur", wilayah=forum.wilayah)
    other.koordinator.add(coordinator)
    a, b = members["a"], members["b"]
    pertemuan = services.pertemuan_log(
        forum=other,
        oleh=coordinator,
        fields={"tanggal": datetime.date(2025, 3, 1), "jenis": "rapat_rutin"},
        hadir=[services.Hadir(a, tamu=True), services.Hadir(b, tamu=True)],
        sepakat=[],
        lanjut=[],
    )
    assert stages(members) == {("A", "B"): 1}
    scope = Lembaga.objects.filter(pk__in=[m.pk for m in members.values()])
    before = fingerprint(scope)

    services.pertemuan_update(pertemuan=pertemuan, oleh=coordinator, tanggal=START - DAY)

    assert stages(members) == {}
    assert fingerprint(scope) != before


def test_the_fingerprint_sees_a_contribution_corrected_or_replaced(forum, coordinator, members, clock):
    """A corrected entry keeps the ledger's count and newest id, so only its change time tells. An entry replaced
    by one saved on a server whose clock is behind keeps the count and the newest change time, so only the
    newest id tells."""
    from forum.evidence import fingerprint
    from forum.models import Kontribusi

    program = _programme(forum, members, StatusProgram.BERJALAN, pooled=False)
    first = contribute(program, coordinator, members["c"])
    latest = contribute(program, coordinator, members["d"])
    scope = Lembaga.objects.filter(pk__in=[m.pk for m in members.values()])
    before = fingerprint(scope)

    services.kontribusi_update(kontribusi=first, oleh=coordinator, uraian="Kader posyandu")
    corrected = fingerprint(scope)
    assert corrected != before

    clock.move_to(NOW - datetime.timedelta(hours=1))
    services.kontribusi_remove(kontribusi=latest, oleh=coordinator)
    contribute(program, coordinator, members["d"], uraian="Kader (ganti)")
    assert Kontribusi.objects.count() == 2
    assert fingerprint(scope) != corrected


def test_the_fingerprint_sees_memberships_change(forum, coordinator, members):
    """The drill-down counts members and their dates: a membership removed (by the admin, or a merge) or replaced,
    a start corrected, a member leaving, a leaving date corrected must each change the fingerprint."""
    from forum.evidence import fingerprint
    from forum.models import Keanggotaan

    scope = Lembaga.objects.filter(pk__in=[m.pk for m in members.values()])
    a, b, c = (Keanggotaan.objects.get(lembaga=members[k]) for k in "abc")
    before = fingerprint(scope)

    a.delete()  # not the newest, no end date, the same start as the others: only the count tells
    removed = fingerprint(scope)
    Keanggotaan.objects.create(forum=forum, lembaga=members["a"], mulai=a.mulai)  # as many, a newer newest
    replaced = fingerprint(scope)
    assert before != removed != replaced != before

    steps = [
        lambda: services.forum_member_end(keanggotaan=b, selesai=datetime.date(2025, 1, 31), oleh=coordinator),
        # an earlier end than the latest one: only the number of members who left tells
        lambda: services.forum_member_end(keanggotaan=c, selesai=datetime.date(2024, 12, 31), oleh=coordinator),
        # the latest end moved: only the latest end date tells
        lambda: services.forum_member_end(keanggotaan=b, selesai=datetime.date(2025, 2, 28), oleh=coordinator),
        # a start corrected to after every other start: only the latest start tells
        lambda: Keanggotaan.objects.filter(pk=c.pk).update(mulai=datetime.date(2007, 1, 1)),
    ]
    seen = [replaced]
    for step in steps:
        step()
        seen.append(fingerprint(scope))
        assert seen[-1] != seen[-2]


def test_the_fingerprint_sees_a_meeting_nobody_attended_removed_or_replaced(forum, coordinator, members, clock):
    """A meeting of the members' forum counts as held in the drill-down even with no attendance recorded."""
    from forum.evidence import fingerprint

    scope = Lembaga.objects.filter(pk__in=[m.pk for m in members.values()])
    first = log(forum, coordinator, datetime.date(2025, 3, 1))
    log(forum, coordinator, datetime.date(2025, 4, 1))
    before = fingerprint(scope)

    services.pertemuan_delete(pertemuan=first, oleh=coordinator)  # not the newest, nor the last changed
    removed = fingerprint(scope)
    clock.move_to(NOW - datetime.timedelta(hours=1))  # logged on a server whose clock is behind
    replacement = log(forum, coordinator, datetime.date(2025, 3, 1))  # as many meetings, no later change time
    replaced = fingerprint(scope)
    assert before != removed != replaced != before

    clock.move_to(NOW + datetime.timedelta(hours=1))
    services.pertemuan_update(pertemuan=replacement, oleh=coordinator, tempat="Balai RW 03")  # only its change time
    assert fingerprint(scope) != replaced


def test_two_rules_of_the_same_stage_keep_both_reasons(forum, coordinator, members):
    """Follow-ups of one agreement and a planned programme are both koordinasi: the pair keeps both reasons, the
    later rule's does not replace the earlier one's."""
    c, d = members["c"], members["d"]
    log(
        forum,
        coordinator,
        datetime.date(2025, 3, 1),
        sepakat=[services.Sepakat("Posyandu", [members["a"]])],
        lanjut=[services.Lanjut("Jadwal", c, None, 1), services.Lanjut("Tempat", d, None, 1)],
    )
    _programme(forum, members, StatusProgram.RENCANA, pooled=False)  # C and D
    assert traces(members) == {
        ("C", "D"): "koordinasi: sama-sama memegang tindak lanjut kesepakatan “Posyandu”; "
        "koordinasi: merencanakan program “Posyandu Terpadu” bersama"
    }


def test_evidence_leaves_out_a_partner_outside_the_scope_registered_after_the_one_inside(forum, coordinator, members):
    """The mirror of the test above: here the lembaga outside the scope (D) has the higher id, so each rule's own
    scope filter on the second lembaga, not the `>` that orders a pair, must leave out B's ties with D."""
    a, b, d = members["a"], members["b"], members["d"]
    log(
        forum,
        coordinator,
        datetime.date(2025, 3, 1),
        hadir=[a, b, d],
        sepakat=[services.Sepakat("Kerja bakti", [b, d])],
        lanjut=[services.Lanjut("Jadwal", b, None, 1), services.Lanjut("Tempat", d, None, 1)],
    )
    assert a.pk < b.pk < d.pk
    scoped = forum_evidence(Lembaga.objects.filter(pk__in=[a.pk, b.pk]), TODAY)
    assert {pair: e.tahap for pair, e in scoped.items()} == {(a.pk, b.pk): 1}


def test_a_programme_pools_resources_through_its_ledger_from_the_day_a_contribution_is_given(
    forum, coordinator, members
):
    """With no linked resource, a running programme pools resources once a participant has given something by
    the report's date; the trace names the kinds given by then, and another programme's ledger counts for
    nothing (A and B run one with an empty ledger)."""
    program = _programme(forum, members, StatusProgram.BERJALAN, pooled=False)  # C and D
    other = ProgramBersama.objects.create(
        nama="Kerja Bakti", forum=forum, wilayah=forum.wilayah, status=StatusProgram.BERJALAN, mulai=program.mulai
    )
    for key in ("a", "b"):
        other.peserta.create(lembaga=members[key], peran="mitra")
    contribute(program, coordinator, members["c"], jenis="tenaga", tanggal=datetime.date(2025, 2, 1))
    contribute(
        program, coordinator, members["d"], jenis="peralatan", uraian="Cangkul", tanggal=datetime.date(2025, 3, 1)
    )
    scope = Lembaga.objects.filter(pk__in=[m.pk for m in members.values()])
    nama = {m.pk: m.nama[0] for m in members.values()}

    def on(as_of):
        return {(nama[a], nama[b]): (e.tahap, e.trace) for (a, b), e in forum_evidence(scope, as_of).items()}

    ran = "kolaborasi: menjalankan “Posyandu Terpadu” bersama, sumber dibagi: "
    assert on(datetime.date(2025, 1, 31)) == {}
    assert on(datetime.date(2025, 2, 1)) == {("C", "D"): (4, ran + "tenaga")}
    assert on(datetime.date(2025, 2, 28)) == {("C", "D"): (4, ran + "tenaga")}
    assert on(TODAY) == {("C", "D"): (4, ran + "peralatan, tenaga")}


def test_an_agreement_of_eighty_characters_is_quoted_whole_and_a_longer_one_is_cut_after_eighty(
    forum, coordinator, members
):
    a, b, c, d = (members[k] for k in "abcd")
    eighty = "Kerja bakti membersihkan saluran air di seluruh RW setiap Minggu pagi sampai ses"
    assert len(eighty) == 80
    log(
        forum,
        coordinator,
        datetime.date(2025, 3, 1),
        sepakat=[services.Sepakat(eighty, [a, b]), services.Sepakat(eighty + "a", [c, d])],
    )
    assert traces(members) == {
        ("A", "B"): "kooperasi: terikat 1 kesepakatan bersama, mis. “" + eighty + "”",
        ("C", "D"): "kooperasi: terikat 1 kesepakatan bersama, mis. “" + eighty + "…”",
    }
