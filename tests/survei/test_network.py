"""The survey network: ties as the respondents see them, with the same figures as the declared network of the
same lembaga, computed by hand on a round of four.

The forum's members A, B, C, D; declared A–B koordinasi (3) and A–C komunikasi (1).
Answers sent: A names B at 4 and C at 3; B names A at 4 and D at 2; C says it does not work with A (0).
D sends nothing.

Survey network: A–B 4 (both say 4: confirmed), A–C 3 (A says 3, C says "tidak bekerja sama": one end names a
stage, so the tie stands at it), B–D 2 (only B speaks). A path C – A – B – D.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from survei import dyads, jaringan, selectors
from tests.conftest import TODAY, login
from tests.survei.conftest import answer

pytestmark = pytest.mark.django_db


def test_a_tie_exists_when_one_end_names_a_stage_and_takes_the_lower_of_two():
    answers = [
        (1, 2, 3, None), (2, 1, 3, None),  # confirmed 3
        (1, 3, 4, None), (3, 1, 2, None),  # they differ: the lower, 2
        (1, 4, 0, None), (4, 1, 3, None),  # one says "not working together": the other's 3 stands
        (2, 5, 0, None),  # only "not working together": no tie
        (3, 5, None, None),  # no stage: names nobody
        (6, 2, 1, None),  # one end only
    ]  # fmt: skip
    assert dyads.survey_ties(answers) == {(1, 2): 3, (1, 3): 2, (1, 4): 3, (2, 6): 1}


def test_the_survey_network_of_the_dyads_follows_the_same_rule():
    answers = {(1, 2): 3, (2, 1): 3, (1, 3): 4, (3, 1): 2, (1, 4): 0, (4, 1): 3, (2, 5): 0}
    found = dyads.dyads(answers, sent={1, 2, 3, 4}, declared={}, evidence={})
    rows = [(s, t, stage) for (s, t), stage in answers.items()]
    assert dyads.survey_network(found) == dyads.survey_ties(rows) == {(1, 2): 3, (1, 3): 2, (1, 4): 3}


@pytest.fixture
def round_of_four(gelombang, members, ties):
    a, b, c, d = (members[k] for k in "abcd")
    answer(gelombang, a, [(b, 4), (c, 3)])
    answer(gelombang, b, [(a, 4), (d, 2)])
    answer(gelombang, c, [(a, 0)])
    return gelombang


def test_the_survey_network_gets_the_declared_networks_figures(round_of_four, members):
    found = jaringan.compared(round_of_four, TODAY)
    survey, declared = found["survei"], found["dinyatakan"]
    a, b = members["a"], members["b"]

    assert (survey["n_lembaga"], survey["n_kerjasama"]) == (4, 3)
    assert survey["per_tahap"] == {1: 0, 2: 1, 3: 1, 4: 1, 5: 0}
    assert survey["mean_tahap"] == 3.0  # (4 + 3 + 2) / 3
    assert survey["density"] == 0.5  # 3 of 6 pairs
    assert survey["avg_degree"] == 1.5  # 2 · 3 / 4
    assert survey["centralization"] == 0.3333  # degrees 2, 2, 1, 1: (0 + 0 + 1 + 1) / (3 · 2)
    assert (survey["n_components"], survey["largest_component"], survey["isolates"]) == (1, 4, [])
    assert survey["articulation_points"] == sorted([a.pk, b.pk])  # the middle of the path
    # Ladder: ≥1 and ≥2 join all four; ≥3 joins A, B, C; ≥4 A and B; nothing reaches 5.
    assert [rung["cakupan"] for rung in survey["ladder"]] == [1.0, 1.0, 0.75, 0.5, 0.0]
    assert survey["tahap_jaringan"] == 4  # the highest stage covering half: kolaborasi
    # Betweenness on the path C – A – B – D: A lies between C and B, C and D; B between A and D, C and D: 2 of
    # the 3 pairs without it, 0.6667 each.
    assert [(row["nama"], row["nilai"]) for row in survey["top_betweenness"]] == [
        ("A LPMK", 0.6667),
        ("B PKK", 0.6667),
    ]

    assert (declared["n_lembaga"], declared["n_kerjasama"]) == (4, 2)
    assert declared["density"] == 0.3333  # 2 of 6
    assert declared["avg_degree"] == 1.0
    assert declared["centralization"] == 0.6667  # degrees 2, 1, 1, 0: (0 + 1 + 1 + 2) / 6
    assert (declared["n_components"], declared["largest_component"]) == (2, 3)
    assert declared["isolates"] == [members["d"].pk]
    assert declared["articulation_points"] == [a.pk]
    assert [rung["cakupan"] for rung in declared["ladder"]] == [0.75, 0.5, 0.5, 0.0, 0.0]
    assert declared["tahap_jaringan"] == 3
    assert declared["mean_tahap"] == 2.0

    # A–B: 3 declared, 4 surveyed; A–C: 1 declared, 3 surveyed; B–D only in the survey.
    assert found["tumpang"] | {"matrix": None} == {
        "keduanya": 2, "sama": 0, "survei_lebih_tinggi": 2, "survei_lebih_rendah": 0,
        "hanya_survei": 1, "hanya_dinyatakan": 0, "matrix": None,
    }  # fmt: skip


def test_the_network_page_sets_both_networks_side_by_side(client, round_of_four, analyst, members):
    response = login(client, analyst).get(reverse("survei:jaringan", args=[round_of_four.pk]))
    assert response.status_code == 200
    by_key = {row["key"]: row for row in response.context["rows"]}
    assert (by_key["n_kerjasama"]["sebelum"], by_key["n_kerjasama"]["sesudah"]) == (2, 3)
    assert (by_key["tahap_jaringan"]["tampil_sebelum"], by_key["tahap_jaringan"]["tampil_sesudah"]) == (
        "Koordinasi (3)",
        "Kolaborasi (4)",
    )
    page = response.content.decode()
    assert "Menurut data kerjasama" in page and "Menurut survei" in page
    assert "tahap yang lebih rendah dari yang disebut" in page  # the rule, on the page
    assert "Hanya menurut survei (belum tercatat)" in page
    assert reverse("forum:laporan", args=[round_of_four.forum_id]) in page


def test_a_new_sent_answer_moves_the_kept_figures(round_of_four, members):
    before = jaringan.compared(round_of_four, TODAY)["survei"]["n_kerjasama"]
    answer(round_of_four, members["d"], [(members["c"], 1)])
    assert jaringan.compared(round_of_four, TODAY)["survei"]["n_kerjasama"] == before + 1


def test_the_fold_and_the_network_read_only_sent_answers(gelombang, members):
    a, b = members["a"], members["b"]
    answer(gelombang, a, [(b, 2)], final=False)
    assert dyads.survey_ties(selectors.load_ratings(gelombang)) == {}
