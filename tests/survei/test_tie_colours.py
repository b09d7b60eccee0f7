"""Ties coloured by the partners' trust or value in the network report and its interactive map, through the
tie-score seam (pranata.extensions.register_tie_scores): the classes, the map's JSON, the server-drawn diagram,
the link to the survey network, the query cost, and no control at all when no app rates ties."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pranata import extensions
from pranata.reports.presentation import score_class, score_legend
from tests.conftest import JAKARTA, KELURAHAN, TODAY, login
from tests.survei.conftest import TUTUP, answer, isian

pytestmark = pytest.mark.django_db

PER = {"per": TODAY.isoformat()}


@pytest.mark.parametrize(
    ("value", "kelas"),
    [(None, 0), (1.0, 1), (1.74, 1), (1.75, 2), (2.49, 2), (2.5, 3), (3.0, 3), (3.24, 3), (3.25, 4), (4.0, 4)],
)
def test_scores_fall_in_four_equal_classes_of_the_1_to_4_scale(value, kelas):
    assert score_class(value) == kelas


def test_a_score_is_classed_as_the_page_shows_it():
    assert score_class(1.7499) == 2  # shown as 1,75


def test_the_legend_names_each_class_and_the_unrated_ties():
    assert [row["label"] for row in score_legend()] == [
        "1,00–1,74 (rendah)",
        "1,75–2,49 (agak rendah)",
        "2,50–3,24 (agak tinggi)",
        "3,25–4,00 (tinggi)",
        "belum dinilai",
    ]


@pytest.fixture
def rated(gelombang, members, ties):
    """A and B rate each other (trust 3.0 and value 3.0 from both ends: class 3); A–C is declared, unrated."""
    a, b = members["a"], members["b"]
    answer(gelombang, a, [isian(b, 3)])
    answer(gelombang, b, [isian(a, 3, keterbukaan=4, dapat_diandalkan=4, kesamaan_misi=4, pengaruh=1, kontribusi=1)])
    return gelombang


def test_the_map_gets_each_ties_scores_from_the_running_round(client, rated, members, analyst):
    a, b = members["a"], members["b"]
    data = login(client, analyst).get(reverse("pranata:laporan-peta", args=[KELURAHAN]), PER).json()
    found = data["skor_kerjasama"]
    assert found["judul"] == f"Survei mitra “Pra-program 2026”, masih berjalan sampai {TUTUP:%d/%m/%Y}"
    assert found["url"] == reverse("survei:jaringan", args=[rated.pk])
    # A → B: trust 3, value 3; B → A: trust 4, value (1 + 1 + 1) / 3 = 1. Means over both: 3.5 and 2.0.
    assert found["ikatan"] == [[a.pk, b.pk, 3.5, 2.0, 2, 4, 2]]
    assert [row["kelas"] for row in found["kelas"]] == [1, 2, 3, 4, 0]
    assert "survei" not in data["lapisan"]  # how partners see each lembaga waits for the round to close


def test_the_report_colours_its_diagram_by_trust_with_a_legend_and_links_the_survey_network(
    client, rated, members, analyst
):
    login(client, analyst)
    url = reverse("pranata:laporan", args=[KELURAHAN])
    page = client.get(url, PER | {"warna": "kepercayaan"})
    assert page.status_code == 200 and page.context["warna"] == "kepercayaan"
    text = page.content.decode()
    assert 'class="edge t3 skor4"' in text  # A–B at koordinasi, trust 3.5
    assert 'class="edge t1 skor0"' in text  # A–C, nobody rated it
    legend = {row["kelas"]: row["jumlah"] for row in page.context["legenda_skor"]}
    assert legend == {1: 0, 2: 0, 3: 0, 4: 1, 0: 1}
    assert "3,25–4,00 (tinggi): 1" in text and "belum dinilai: 1" in text
    assert reverse("survei:jaringan", args=[rated.pk]) in text  # the survey network, one click away
    assert 'id="peta-garis"' in text  # the map's own control

    by_value = client.get(url, PER | {"warna": "manfaat"}).content.decode()
    assert 'class="edge t3 skor2"' in by_value  # value 2.0
    plain = client.get(url, PER).content.decode()
    assert "skor4" not in plain and 'id="legenda-skor"' not in plain and 'id="warna-kerjasama"' in plain


def test_a_report_without_any_round_says_so_and_keeps_the_stage_colours(client, members, ties, analyst):
    login(client, analyst)
    page = client.get(reverse("pranata:laporan", args=[KELURAHAN]), PER | {"warna": "kepercayaan"})
    assert page.context["sumber_skor"] is None and "garis_skor" not in page.context
    assert "Belum ada gelombang survei mitra untuk lembaga ini" in page.content.decode()
    data = client.get(reverse("pranata:laporan-peta", args=[KELURAHAN]), PER).json()
    assert data["skor_kerjasama"] is None


def test_without_a_tie_score_app_the_control_is_absent(client, rated, analyst, monkeypatch):
    monkeypatch.setattr(extensions, "_tie_score_providers", [])
    login(client, analyst)
    text = client.get(reverse("pranata:laporan", args=[KELURAHAN]), PER | {"warna": "kepercayaan"}).content.decode()
    assert 'id="warna-kerjasama"' not in text and 'id="peta-garis"' not in text and "skor-kerjasama.css" not in text
    assert "skor_kerjasama" not in client.get(reverse("pranata:laporan-peta", args=[KELURAHAN]), PER).json()


def _queries(client, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_the_map_shares_the_round_and_its_answers_with_the_partners_layer(client, clock, rated, analyst, monkeypatch):
    clock.move_to(datetime.datetime.combine(TUTUP + datetime.timedelta(days=1), datetime.time(10), tzinfo=JAKARTA))
    login(client, analyst)
    url, per = reverse("pranata:laporan-peta", args=[KELURAHAN]), {"per": TUTUP.isoformat()}
    client.get(url, per)  # computed and cached
    with_scores = _queries(client, url, per)
    data = client.get(url, per).json()
    assert data["lapisan"]["survei"] and data["skor_kerjasama"]["ikatan"]
    assert data["skor_kerjasama"]["judul"].endswith(f"ditutup {TUTUP:%d/%m/%Y}")
    monkeypatch.setattr(extensions, "_tie_score_providers", [])
    assert _queries(client, url, per) == with_scores  # the colouring costs the map no query
