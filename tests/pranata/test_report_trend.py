"""A report's trend: at each quarter's end the stage and the share per stage that day's report gives."""

import datetime

import numpy as np
import pytest

from pranata import network, reports, services
from pranata.network.export import TieHistory
from tests.conftest import KELURAHAN
from tests.factories import LembagaFactory

D = datetime.date


def test_quarter_ends_run_from_the_first_datas_quarter_to_the_report_date():
    assert network.trend.quarter_ends(D(2024, 2, 10), D(2024, 11, 5), limit=20) == [
        D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 11, 5),
    ]  # fmt: skip
    assert network.trend.quarter_ends(D(2024, 2, 10), D(2024, 12, 31), limit=20)[-2:] == [
        D(2024, 9, 30),
        D(2024, 12, 31),
    ]
    assert network.trend.quarter_ends(D(2020, 1, 1), D(2024, 11, 5), limit=3) == [
        D(2024, 6, 30), D(2024, 9, 30), D(2024, 11, 5),
    ]  # fmt: skip
    assert network.trend.quarter_ends(D(2024, 11, 1), D(2024, 11, 5), limit=20) == [D(2024, 11, 5)]


def test_the_largest_group_per_stage_from_arrays_is_the_hand_counted_one():
    """Lembaga ids with gaps (database keys): 10–20 at 2, 20–30 at 3, 30–40 at 1, 70–80 at 4, 80–90 at 5. By
    hand: at ≥1 the groups are {10,20,30,40} and {70,80,90} → 4; at ≥2 {10,20,30} and {70,80,90} → 3; at ≥3
    20–30 and 70–80–90 → 3; at ≥4 70–80–90 → 3; at ≥5 only 80–90 → 2."""
    a = np.array([10, 20, 30, 70, 80], dtype=np.int64)
    b = np.array([20, 30, 40, 80, 90], dtype=np.int64)
    tahap = np.array([2, 3, 1, 4, 5], dtype=np.int64)
    assert network.trend.largest_by_stage_arrays(a, b, tahap) == {1: 4, 2: 3, 3: 3, 4: 3, 5: 2}
    empty = np.array([], dtype=np.int64)
    assert network.trend.largest_by_stage_arrays(empty, empty, empty) == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}


def test_a_pair_tied_only_once_is_not_taken_for_a_repeat():
    once = [
        TieHistory(1, 2, D(2024, 1, 1), None, ((D(2024, 1, 1), 1),)),
        TieHistory(2, 3, D(2024, 1, 1), None, ((D(2024, 1, 1), 2),)),
    ]
    twice = [*once, TieHistory(2, 1, D(2024, 6, 1), None, ((D(2024, 6, 1), 5),))]
    assert (network.trend.TieTable(once).repeats, network.trend.TieTable(twice).repeats) == (False, True)
    a, b, tahap = network.trend.TieTable(twice).on(D(2024, 7, 1), np.array([1, 2, 3]))
    assert (a.tolist(), b.tolist(), tahap.tolist()) == ([1, 2], [2, 3], [5, 2])


def test_points_on_a_hand_made_history():
    # a–b from 01/01 at 1, at 3 from 01/05; b–c from 01/02 at 2, ended 01/04; a–b recorded twice (at 5 from 01/06).
    ties = [
        TieHistory(1, 2, D(2024, 1, 1), None, ((D(2024, 1, 1), 1), (D(2024, 5, 1), 3))),
        TieHistory(2, 3, D(2024, 2, 1), D(2024, 4, 1), ((D(2024, 2, 1), 2),)),
        TieHistory(2, 1, D(2024, 6, 1), None, ((D(2024, 6, 1), 5),)),
    ]
    members = {1, 2, 3, 4}
    days = [D(2024, 3, 31), D(2024, 4, 1), D(2024, 6, 30)]
    points = network.trend.points(network.trend.TieTable(ties), [(day, members) for day in days], threshold=0.5)
    assert [(p["tanggal"], p["n_kerjasama"], p["tahap_jaringan"]) for p in points] == [
        ("2024-03-31", 2, 2),  # a–b–c at ≥ komunikasi: 3 of 4; ≥ kooperasi only b–c, 2 of 4 = the threshold
        ("2024-04-01", 1, 1),  # b–c ended on 01/04 (not counted that day); a–b at 1 joins 2 of 4
        ("2024-06-30", 1, 5),  # the pair at its highest stage, 5
    ]
    assert points[0]["share_tahap"] == {1: 0.5, 2: 0.5, 3: 0.0, 4: 0.0, 5: 0.0}


@pytest.fixture
def history(officer, wilayah):
    a, b, c, d = (LembagaFactory(nama=n, wilayah=wilayah["kelurahan"]) for n in "ABCD")
    ab = services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=1, mulai=D(2024, 1, 15), oleh=officer)
    services.kerjasama_set_tahap(kerjasama=ab, tahap=3, tanggal=D(2024, 8, 1), oleh=officer, bukti="program")
    cd = services.kerjasama_create(lembaga_a=c, lembaga_b=d, tahap=2, mulai=D(2024, 5, 1), oleh=officer)
    services.kerjasama_end(kerjasama=cd, tanggal=D(2025, 2, 1), oleh=officer, alasan="selesai")
    services.kerjasama_create(lembaga_a=b, lembaga_b=c, tahap=4, mulai=D(2025, 3, 1), oleh=officer)
    return {"a": a, "b": b, "c": c, "d": d}


def test_the_trend_equals_the_as_of_reports_at_the_quarter_ends(history):
    scope = reports.resolve_wilayah_scope(KELURAHAN)
    trend = reports.compute_report(scope, D(2025, 5, 20))["tren"]
    assert [p["tanggal"] for p in trend] == [
        "2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31", "2025-03-31", "2025-05-20",
    ]  # fmt: skip
    for point in trend:
        figures = reports.compute_report(scope, D.fromisoformat(point["tanggal"]))["figures"]
        assert point["tahap_jaringan"] == figures["tahap_jaringan"], point["tanggal"]
        assert point["share_tahap"] == figures["share_tahap"], point["tanggal"]
        assert (point["n_lembaga"], point["n_kerjasama"]) == (figures["n_lembaga"], figures["n_kerjasama"])
    assert [p["tahap_jaringan"] for p in trend] == [1, 2, 3, 3, 4, 4]


def test_a_lembaga_archived_later_still_counts_in_the_quarters_it_was_active(history, officer):
    services.lembaga_archive(lembaga=history["d"], tanggal=D(2025, 1, 10), oleh=officer)
    trend = reports.compute_report(reports.resolve_wilayah_scope(KELURAHAN), D(2025, 5, 20))["tren"]
    by_day = {p["tanggal"]: p for p in trend}
    assert (by_day["2024-09-30"]["n_lembaga"], by_day["2024-09-30"]["n_kerjasama"]) == (4, 2)
    assert by_day["2025-03-31"]["n_lembaga"] == 3
