"""Dyad states on a hand-made example: both agree, only one answers, a gap of two stages, survey against the
declared and the evidence stage; then the same through the database, with real forum evidence."""

from __future__ import annotations

import datetime

import pytest

from forum import services as forum_services
from survei import dyads, presentation, selectors
from survei.dyads import Alasan
from tests.conftest import TODAY
from tests.survei.conftest import answer

# Lembaga 1, 2 and 4 sent their answers; 3 and 5 did not.
ANSWERS = {
    (1, 2): 3, (2, 1): 3,  # both say koordinasi
    (1, 3): 4,  # only 1 speaks: 3 has not sent
    (1, 4): 4, (4, 1): 2,  # a gap of two
    (2, 3): 1,  # 2 says komunikasi, the activity shows kolaborasi
    (2, 5): 0,  # "not working together", against a declared kooperasi
    (4, 3): None,  # a draft-like row without a stage: names nobody
}  # fmt: skip
DECLARED = {(1, 2): 3, (2, 4): 3, (2, 5): 2, (3, 5): 1}
EVIDENCE = {(1, 2): 2, (2, 3): 4}
SENT = {1, 2, 4}


@pytest.fixture
def found() -> dict[tuple[int, int], dyads.Dyad]:
    return {(d.a, d.b): d for d in dyads.dyads(ANSWERS, sent=SENT, declared=DECLARED, evidence=EVIDENCE)}


def test_both_ends_naming_one_stage_confirm_it(found):
    dyad = found[(1, 2)]
    assert (dyad.status, dyad.kata_a, dyad.kata_b, dyad.dinyatakan, dyad.bukti) == ("dikonfirmasi", 3, 3, 3, 2)
    assert dyad.alasan == () and dyad.confirmed_stage == 3
    assert dyad.adopt_survey is None  # already the declared stage
    assert dyad.adopt_evidence == 2


def test_only_one_end_answering_is_one_sided_and_not_flagged(found):
    dyad = found[(1, 3)]
    assert (dyad.status, dyad.kata_a, dyad.kata_b, dyad.flagged) == ("satu_pihak", 4, None, False)
    assert dyad.confirmed_stage is None


def test_a_gap_of_two_between_the_answers_is_flagged(found):
    dyad = found[(1, 4)]
    assert dyad.status == "berbeda"
    assert dyad.alasan == (Alasan("selisih_jawaban", {"a": 4, "b": 2}),)


def test_an_answer_two_stages_from_the_evidence_is_flagged(found):
    dyad = found[(2, 3)]
    assert (dyad.status, dyad.kata_a, dyad.bukti) == ("satu_pihak", 1, 4)
    assert dyad.alasan == (Alasan("selisih_bukti", {"pihak": "a", "jawaban": 1, "bukti": 4}),)


def test_not_working_together_against_a_declared_tie_is_flagged(found):
    dyad = found[(2, 5)]
    assert dyad.alasan == (Alasan("selisih_dinyatakan", {"pihak": "a", "jawaban": 0, "dinyatakan": 2}),)
    assert dyad.confirmed_stage is None


def test_a_declared_tie_neither_sender_names_is_not_mentioned_and_silent_pairs_are_left_out(found):
    assert found[(2, 4)].status == "tidak_disebut"
    assert (3, 5) not in found  # neither end sent anything
    assert (3, 4) not in found  # a row without a stage names nobody


def test_flagged_pairs_come_first_and_are_counted():
    ordered = dyads.dyads(ANSWERS, sent=SENT, declared=DECLARED, evidence=EVIDENCE)
    assert [(d.a, d.b) for d in ordered] == [(1, 4), (2, 3), (2, 5), (1, 2), (1, 3), (2, 4)]
    assert dyads.counts(ordered) == {
        "dikonfirmasi": 1, "berbeda": 1, "satu_pihak": 3, "tidak_disebut": 1, "ditandai": 3, "total": 6,
    }  # fmt: skip


def test_the_survey_network_takes_the_lower_answer_and_leaves_out_no_cooperation(found):
    assert dyads.survey_network(found.values()) == {(1, 2): 3, (1, 3): 4, (1, 4): 2, (2, 3): 1}


def test_reasons_say_who_said_what_only_when_names_are_given(found):
    alasan = found[(1, 4)].alasan[0]
    named = presentation.reason(alasan, {"a": "LPMK", "b": "PKK"})
    assert named == "LPMK menyebut 4 · Kolaborasi, PKK menyebut 2 · Kooperasi: selisih 2 tahap."
    assert presentation.reason(alasan) == "Kedua jawaban berselisih 2 tahap (4 · Kolaborasi dan 2 · Kooperasi)."


@pytest.mark.django_db
def test_a_round_folds_its_answers_against_declared_ties_and_forum_evidence(gelombang, members, ties, coordinator):
    a, b, c, d = (members[k] for k in "abcd")
    # A and D met at a forum meeting last month: evidence of komunikasi (1).
    forum_services.pertemuan_log(
        forum=gelombang.forum, oleh=coordinator,
        fields={"tanggal": TODAY - datetime.timedelta(days=30), "jenis": "rapat_rutin"},
        hadir=[forum_services.Hadir(a), forum_services.Hadir(d)], sepakat=[], lanjut=[],
    )  # fmt: skip
    answer(gelombang, a, [(b, 3), (c, 3), (d, 4)])
    answer(gelombang, b, [(a, 3)])
    answer(gelombang, c, [(a, 1)])
    folded = {(x.a, x.b): x for x in selectors.fold(gelombang).dyads}
    ab, ac, ad = folded[(a.pk, b.pk)], folded[(a.pk, c.pk)], folded[(a.pk, d.pk)]
    assert (ab.status, ab.flagged, ab.dinyatakan) == ("dikonfirmasi", False, 3)
    assert (ac.status, ac.dinyatakan) == ("berbeda", 1)
    assert Alasan("selisih_jawaban", {"a": 3, "b": 1}) in ac.alasan
    assert Alasan("selisih_dinyatakan", {"pihak": "a", "jawaban": 3, "dinyatakan": 1}) in ac.alasan
    assert (ad.status, ad.bukti) == ("satu_pihak", 1)
    assert ad.alasan == (Alasan("selisih_bukti", {"pihak": "a", "jawaban": 4, "bukti": 1}),)
    assert set(folded) == {(a.pk, b.pk), (a.pk, c.pk), (a.pk, d.pk)}
