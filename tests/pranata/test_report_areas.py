"""A report above kelurahan level breaks down by the areas below it; each row equals that area's own report."""

import datetime

import pytest
from django.urls import reverse

from pranata import network, reports, services
from pranata.models import Wilayah
from pranata.network.graph import Edge, Node
from tests.conftest import KELURAHAN, TETANGGA, login
from tests.factories import LembagaFactory, wilayah_path

D = datetime.date
KECAMATAN = "16.71.05"
AS_OF = D(2026, 6, 1)


def test_each_area_of_a_hand_made_graph():
    # Area X: a–b (4), b–c (1); area Y: d–e (2), f alone; a tie x–y across the areas counts in neither.
    nodes = [Node(i, n, "warga", wilayah_kode=k) for i, n, k in [
        (1, "a", "X.1"), (2, "b", "X.1"), (3, "c", "X.2"), (4, "d", "Y.1"), (5, "e", "Y.1"), (6, "f", "Y.2"),
    ]]  # fmt: skip
    edges = [Edge(1, 2, 4), Edge(2, 3, 1), Edge(4, 5, 2), Edge(3, 4, 5)]
    graph = network.build_graph(nodes, edges)
    area_of = {n.id: n.wilayah_kode[:1] for n in nodes}
    areas = network.by_area(area_of, graph.edges(data="tahap"), ["X", "Y", "Z"], threshold=0.5)
    assert areas == [
        # ≥ kolaborasi joins a–b, 2 of 3 (0.667 ≥ 0.5): kolaborasi; density 2/3; mean (4+1)/2.
        {"kode": "X", "n_lembaga": 3, "n_kerjasama": 2, "tahap_jaringan": 4, "cakupan": 0.6667,
         "density": 0.6667, "mean_tahap": 2.5},
        # d–e at kooperasi joins 2 of 3: kooperasi; one tie of three possible.
        {"kode": "Y", "n_lembaga": 3, "n_kerjasama": 1, "tahap_jaringan": 2, "cakupan": 0.6667,
         "density": 0.3333, "mean_tahap": 2.0},
        {"kode": "Z", "n_lembaga": 0, "n_kerjasama": 0, "tahap_jaringan": 0, "cakupan": 0.0,
         "density": 0.0, "mean_tahap": None},
    ]  # fmt: skip
    assert [a["kode"] for a in network.areas.ranked(areas)] == ["X", "Y", "Z"]
    assert network.areas.stage_counts(areas) == {0: 1, 2: 1, 4: 1}


@pytest.fixture
def kecamatan(admin_user, wilayah):
    """Two kelurahan of one kecamatan, a third with no lembaga; ties within each and one across."""
    ketiga = wilayah_path("16.71.05.1007", "Ilir D II")
    here = [LembagaFactory(nama=f"K{i}", wilayah=wilayah["kelurahan"]) for i in range(4)]
    there = [LembagaFactory(nama=f"T{i}", wilayah=wilayah["tetangga"]) for i in range(3)]
    tie = services.kerjasama_create
    tie(lembaga_a=here[0], lembaga_b=here[1], tahap=3, mulai=D(2024, 1, 1), oleh=admin_user)
    tie(lembaga_a=here[1], lembaga_b=here[2], tahap=1, mulai=D(2026, 1, 1), oleh=admin_user)  # within the year
    tie(lembaga_a=there[0], lembaga_b=there[1], tahap=2, mulai=D(2024, 1, 1), oleh=admin_user)
    tie(lembaga_a=here[3], lembaga_b=there[2], tahap=5, mulai=D(2024, 1, 1), oleh=admin_user)  # across
    return {"here": here, "there": there, "ketiga": ketiga}


def test_the_drill_down_equals_each_areas_own_report(kecamatan):
    scope = reports.resolve_wilayah_scope(KECAMATAN)
    rows = {row["kode"]: row for row in reports.compute_report(scope, AS_OF)["wilayah_anak"]["rows"]}
    assert list(rows) == [TETANGGA, KELURAHAN, "16.71.05.1007"]
    for kode in (TETANGGA, KELURAHAN, "16.71.05.1007"):
        own = reports.compute_report(reports.resolve_wilayah_scope(kode), AS_OF)["figures"]
        stage = own["tahap_jaringan"]
        shown = {
            key: rows[kode][key] for key in ("n_lembaga", "n_kerjasama", "tahap_jaringan", "density", "mean_tahap")
        }
        assert shown == {key: own[key] for key in shown}, kode
        assert rows[kode]["cakupan"] == own["ladder"][max(stage, 1) - 1]["cakupan"]
    # Ilir D IV a year before (01/06/2025): only K0–K1 (koordinasi, 2 of 4 = the threshold).
    assert rows[KELURAHAN]["lalu"] == {"tahap_jaringan": 3, "n_kerjasama": 1, "n_lembaga": 4}
    assert (rows[KELURAHAN]["n_kerjasama"], rows[KELURAHAN]["tahap_jaringan"]) == (2, 3)
    assert rows["16.71.05.1007"]["nama"] == "Ilir D II" and rows["16.71.05.1007"]["n_lembaga"] == 0


def test_a_kelurahan_report_has_no_drill_down(kecamatan):
    assert reports.compute_report(reports.resolve_wilayah_scope(KELURAHAN), AS_OF)["wilayah_anak"] is None


def test_the_report_page_shows_the_areas_table_linking_to_their_reports(client, analyst, kecamatan):
    response = login(client, analyst).get(reverse("pranata:laporan", args=[KECAMATAN]), {"per": "2026-06-01"})
    assert 'id="tabel-wilayah" data-sortable' in response.text
    link = f'<a href="{reverse("pranata:laporan", args=[KELURAHAN])}?per=2026-06-01">Ilir D IV</a>'
    assert link in response.text
    shown = {row["kode"]: row for row in response.context["view"]["wilayah_anak"]["rows"]}
    assert (shown[KELURAHAN]["tahap_nama"], shown[KELURAHAN]["arah"]) == ("Koordinasi", "tetap")
    assert shown[KELURAHAN]["selisih_kerjasama"] == 1
    assert shown["16.71.05.1007"]["tahap_nama"] == "belum terbentuk"
    ranked = [row["kode"] for row in response.context["view"]["wilayah_anak"]["ranked"]]
    assert ranked == [KELURAHAN, TETANGGA, "16.71.05.1007"]  # koordinasi, kooperasi, none
    assert Wilayah.objects.get(kode=KECAMATAN).tingkat == 3
