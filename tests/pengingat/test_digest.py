"""What each role's digest holds on the hand-made calendar, how its lines read, and the extension seam."""

from __future__ import annotations

import datetime
from urllib.parse import unquote

import pytest
from django.utils import translation

from pengingat import sections
from pengingat.digest import digest_for
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def _contents(user, tanggal=TODAY) -> dict[str, list[str]]:
    """Per section key, the lines' subjects: a meeting's forum and day, a follow-up's description."""
    return {part.kunci: [line.teks for line in part.butir] for part in digest_for(user=user, tanggal=tanggal).bagian}


EXPECTED = {
    # Officers: meetings of forums in their kelurahan, follow-ups of lembaga in it (whatever the forum).
    "officer": {
        "pertemuan": [
            "Forum Ilir D IV: Rapat rutin, Senin, 15 Juni 2026 pukul 19.30",
            "Forum Ilir D IV: Musyawarah, Kamis, 18 Juni 2026",
        ],
        "terlambat": ["Terlambat — A LPMK"],
        "minggu_ini": ["F2 hari ini — A LPMK"],
    },
    # Coordinators: their forum's meetings and follow-ups, whichever lembaga is responsible.
    "coordinator": {
        "pertemuan": [
            "Forum Ilir D IV: Rapat rutin, Senin, 15 Juni 2026 pukul 19.30",
            "Forum Ilir D IV: Musyawarah, Kamis, 18 Juni 2026",
        ],
        "terlambat": ["Terlambat — A LPMK"],
        "minggu_ini": ["Minggu ini — C Posyandu"],
    },
    # Dinas Sosial: forums of their area without a meeting for three months, never-met first.
    "analyst": {
        "forum_sepi": [
            "Forum Ilir D III — Kelurahan/Desa Ilir D III",
            "Forum RW 07 Ilir D III — Kelurahan/Desa Ilir D III",
        ]
    },
    "outsider": {
        "pertemuan": ["Forum Ketabang: Rapat rutin, Rabu, 17 Juni 2026"],
        "terlambat": ["F3 terlambat — D Karang Taruna"],
    },
    "admin_user": {},
    "companion": {},
}


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_each_role_is_reminded_of_what_concerns_it(calendar, people, persona):
    with translation.override("id"):
        assert _contents(people[persona]) == EXPECTED[persona]


def test_follow_up_lines_say_how_late_and_where_from(calendar, people):
    with translation.override("id"):
        parts = {part.kunci: part for part in digest_for(user=people["coordinator"], tanggal=TODAY).bagian}
    (late,) = parts["terlambat"].butir
    assert late.penting and late.rincian == "tenggat Rabu, 10 Juni 2026, terlambat 5 hari · Forum Ilir D IV"
    assert late.url == calendar.meetings["f1_kemarin"].get_absolute_url()
    (due,) = parts["minggu_ini"].butir
    assert not due.penting and due.rincian == "tenggat Minggu, 21 Juni 2026 · Forum Ilir D IV"
    assert parts["pertemuan"].butir[0].rincian == "Sekretariat RW 01"
    quiet = digest_for(user=people["analyst"], tanggal=TODAY).bagian[0]
    assert [line.rincian for line in quiet.butir] == [
        "belum pernah mencatat pertemuan",
        "pertemuan terakhir Sabtu, 7 Maret 2026",
    ]


def test_the_digest_of_another_day_reads_that_days_calendar(calendar, people):
    with translation.override("id"):
        later = _contents(people["officer"], TODAY + datetime.timedelta(days=1))
    assert later["pertemuan"] == [
        "Forum Ilir D IV: Musyawarah, Kamis, 18 Juni 2026",
        "Forum Ilir D IV: Rapat rutin, Jumat, 19 Juni 2026",
    ]
    assert later["terlambat"] == ["Terlambat — A LPMK", "F2 hari ini — A LPMK"]


def test_meetings_and_follow_ups_carry_a_whatsapp_link_in_indonesian(calendar, people):
    with translation.override("en"):  # the reader's language does not change what the group receives
        parts = {part.kunci: part for part in digest_for(user=people["coordinator"], tanggal=TODAY).bagian}
    meeting = parts["pertemuan"].butir[0].wa
    assert meeting.startswith("https://wa.me/?text=")
    assert unquote(meeting.removeprefix("https://wa.me/?text=")) == (
        "Pengingat pertemuan Forum Ilir D IV: Rapat rutin, Senin, 15 Juni 2026 pukul 19.30 di Sekretariat RW 01. "
        "Agenda: Arisan"
    )
    follow_up = unquote(parts["terlambat"].butir[0].wa.removeprefix("https://wa.me/?text="))
    assert follow_up == (
        "Pengingat tindak lanjut Forum Ilir D IV: Terlambat. Penanggung jawab: A LPMK. Tenggat: Rabu, 10 Juni 2026."
    )


def test_a_long_section_shows_fifty_lines_and_counts_the_rest(calendar, people, monkeypatch):
    from pengingat import bawaan

    monkeypatch.setattr(bawaan, "LIMIT", 1)
    with translation.override("id"):
        parts = {part.kunci: part for part in digest_for(user=people["officer"], tanggal=TODAY).bagian}
    assert (len(parts["pertemuan"].butir), parts["pertemuan"].lainnya, parts["pertemuan"].jumlah) == (1, 1, 2)
    assert parts["pertemuan"].url == "/forum/pertemuan/"


@pytest.fixture
def extra_section():
    """A section another app registers (the partner survey will), removed again after the test."""

    def survei(user, tanggal):
        if user.username != "petugas":
            return []
        return [sections.Bagian("survei", "Survei mitra ditutup Jumat", [sections.Butir("Putaran 1 Ilir D IV")])]

    def rusak(user, tanggal):
        raise RuntimeError("bug in another app")

    sections.register(survei, order=50)
    sections.register(rusak, order=60)
    yield
    sections._sections[:] = [entry for entry in sections._sections if entry[2] not in (survei, rusak)]


def test_other_apps_add_sections_and_a_failing_one_is_left_out(calendar, people, extra_section, caplog):
    with translation.override("id"):
        found = _contents(people["officer"])
    assert list(found) == ["pertemuan", "terlambat", "minggu_ini", "survei"]
    assert found["survei"] == ["Putaran 1 Ilir D IV"]
    assert "rusak" in caplog.text and "bug in another app" in caplog.text
    assert "survei" not in _contents(people["coordinator"])


def test_registering_a_section_twice_keeps_one(extra_section):
    before = sections.registered()
    sections.register(before[-1], order=99)
    assert len(sections.registered()) == len(before)
