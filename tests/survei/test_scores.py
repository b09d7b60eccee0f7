"""PARTNER score arithmetic on answers computed by hand: trust = mean(keterbukaan, dapat diandalkan, kesamaan misi),
value = mean(pengaruh, kontribusi, keterlibatan); a tie's scores over both directions, a lembaga's over the answers
naming it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from survei import scores, selectors
from survei.scores import Rating, Score
from tests.conftest import JAKARTA, KELURAHAN
from tests.survei.conftest import TUTUP, answer, isian

# 1 → 2: trust (4+3+2)/3 = 3.0, value (4+4+1)/3 = 3.0
# 2 → 1: trust (2+2+2)/3 = 2.0, value (1+2+3)/3 = 2.0
# 1 → 3: trust (4+4+4)/3 = 4.0, value (3+3+4)/3 = 3.3333…
# 3 → 1: "not working together", no ratings
ANSWERS = [
    Rating(1, 2, 3, 4, 3, 2, 4, 4, 1),
    Rating(2, 1, 3, 2, 2, 2, 1, 2, 3),
    Rating(1, 3, 2, 4, 4, 4, 3, 3, 4),
    Rating(3, 1, 0, *(None,) * 6),
]


def test_an_answers_trust_and_value_are_the_means_of_their_three_items():
    assert scores.trust_of(ANSWERS[0]) == 3.0 and scores.value_of(ANSWERS[0]) == 3.0
    assert scores.trust_of(ANSWERS[2]) == 4.0 and scores.value_of(ANSWERS[2]) == pytest.approx(10 / 3)
    assert scores.trust_of(ANSWERS[3]) is None and scores.value_of(ANSWERS[3]) is None


def test_a_ties_scores_are_the_means_over_both_directions_with_their_count():
    ties = scores.tie_scores(ANSWERS)
    assert ties[(1, 2)] == Score(2.5, 2.5, 2)  # (3.0 + 2.0) / 2 both
    assert ties[(1, 3)] == Score(4.0, pytest.approx(10 / 3), 1)  # 3 → 1 carries no ratings
    assert set(ties) == {(1, 2), (1, 3)}


def test_a_lembaga_is_scored_by_the_answers_naming_it_and_ranked_by_trust():
    received = scores.received_scores(ANSWERS)
    assert received == {1: Score(2.0, 2.0, 1), 2: Score(3.0, 3.0, 1), 3: Score(4.0, pytest.approx(10 / 3), 1)}
    assert [lembaga for lembaga, _score in scores.ranked(received)] == [3, 2, 1]
    assert scores.given_scores(ANSWERS)[1] == Score(3.5, pytest.approx((3.0 + 10 / 3) / 2), 2)


def test_the_whole_round_is_the_mean_over_every_rated_answer():
    # trust (3 + 2 + 4) / 3 = 3.0; value (3 + 2 + 3.3333) / 3 = 2.7778
    assert scores.overall(ANSWERS) == Score(3.0, pytest.approx(25 / 9), 3)
    assert scores.overall([]) == Score(None, None, 0)


def test_an_answer_missing_an_item_gives_no_score_of_that_kind():
    partial = [Rating(1, 2, 2, 4, None, 2, 1, 1, 1)]
    assert scores.tie_scores(partial) == {(1, 2): Score(None, 1.0, 1)}


def test_score_changes_between_rounds_are_per_pair_scored_in_both():
    before = {(1, 2): Score(2.0, 3.0, 2), (1, 3): Score(4.0, 4.0, 1)}
    after = {(1, 2): Score(3.5, 2.5, 2), (2, 3): Score(1.0, 1.0, 1)}
    assert scores.changes(before, after) == [((1, 2), before[(1, 2)], after[(1, 2)], 1.5, -0.5)]


@pytest.mark.django_db
def test_tie_scores_of_a_round_read_the_sent_answers_only(gelombang, members):
    a, b, c = members["a"], members["b"], members["c"]
    answer(gelombang, a, [isian(b, 3, keterbukaan=4, dapat_diandalkan=3, kesamaan_misi=2, pengaruh=4, kontribusi=4,
                                keterlibatan=1)])  # fmt: skip
    answer(gelombang, b, [isian(a, 3, keterbukaan=2, dapat_diandalkan=2, kesamaan_misi=2, pengaruh=1, kontribusi=2,
                                keterlibatan=3)])  # fmt: skip
    answer(gelombang, c, [isian(a, 4)], final=False)  # a draft does not count
    assert selectors.tie_scores(gelombang) == {(a.pk, b.pk): (2.5, 2.5, 2)}


@pytest.mark.django_db
def test_the_report_map_says_how_partners_rate_each_lembaga_after_the_round_closed(
    client, clock, gelombang, members, analyst
):
    a, b = members["a"], members["b"]
    answer(gelombang, a, [isian(b, 3, keterbukaan=4, dapat_diandalkan=3, kesamaan_misi=2, pengaruh=4, kontribusi=4,
                                keterlibatan=1)])  # fmt: skip
    answer(gelombang, b, [isian(a, 3, keterbukaan=2, dapat_diandalkan=2, kesamaan_misi=2, pengaruh=1, kontribusi=2,
                                keterlibatan=3)])  # fmt: skip
    client.force_login(analyst)  # Dinas Sosial: aggregates only, which is all the layer shows
    url = reverse("pranata:laporan-peta", args=[KELURAHAN])
    assert "survei" not in client.get(url).json()["lapisan"]  # the round is still open
    clock.move_to(datetime.datetime.combine(TUTUP + datetime.timedelta(days=1), datetime.time(10), tzinfo=JAKARTA))
    client.force_login(analyst)  # a new day's session
    layer = client.get(url, {"per": TUTUP.isoformat()}).json()["lapisan"]["survei"]
    assert layer["judul"] == "Menurut mitra (Pra-program 2026)"
    assert layer["lembaga"] == {
        str(a.pk): ["kepercayaan 2,0 · manfaat 2,0 (n=1)"],
        str(b.pk): ["kepercayaan 3,0 · manfaat 3,0 (n=1)"],
    }
