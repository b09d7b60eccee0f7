"""The survey's bench case runs on a small database (the real one is `make bench`'s kabupaten)."""

from __future__ import annotations

import datetime

import pytest

from bench import survei as bench_survei
from bench.cases import make_bench
from pranata.models import Kerjasama
from tests.factories import LembagaFactory, wilayah_path

pytestmark = pytest.mark.django_db


def test_the_bench_case_generates_a_round_folds_it_and_times_the_questionnaire(admin_user):
    desa = [wilayah_path(f"35.15.01.100{i}") for i in range(2)]
    lembaga = [LembagaFactory(wilayah=desa[i % 2]) for i in range(12)]
    for i in range(11):
        Kerjasama.objects.create(
            lembaga_a=lembaga[i], lembaga_b=lembaga[i + 1], tahap=1 + i % 4, mulai=datetime.date(2024, 1, 1)
        )
    bench = make_bench(admin_user, runs=1)
    results = bench_survei.survei_case(bench, "35.15", respondents=12)
    assert [r.case.split(" (")[0] for r in results] == [
        "survei fold into scores and dyads",
        "survei tie_scores",
        "survei questionnaire page /survei/isi/<token>/",
    ]
    assert "12 respondents, 48 answers" in results[0].case and bench.findings
    # A second run reuses the round.
    assert bench_survei.ensure_round("35.15", respondents=12).responden.count() == 12
