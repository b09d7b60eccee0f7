"""Network figures on tiny hand-made graphs with exact answers, and on published reference networks.

No database: pranata.network is pure, so these are plain pytest functions.
"""

from __future__ import annotations

import io
import json
from datetime import date
from operator import attrgetter

import networkx as nx
import pytest

from pranata.network import (
    Alasan,
    Edge,
    Node,
    TieHistory,
    analyse,
    analysis,
    build_graph,
    compare,
    coverage_ladder,
    degree_centralization,
    direction,
    edge_map,
    group_sizes,
    layout,
    network_stage,
    recommendations,
    summarise,
    to_dynamic_gexf,
    to_gexf,
    to_graphml,
    transitions,
)
from pranata.network.centrality import betweenness
from pranata.network.engine import choose


def as_json(value):
    """What survives JSON: the same data, with per-stage keys (1–5) written as strings, as JSON requires."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [as_json(v) for v in value]
    return value


def lembaga(*ids: int, sektor: str = "warga") -> list[Node]:
    return [Node(id=i, nama=f"Lembaga {i}", sektor=sektor) for i in ids]


def ties(*triples: tuple[int, int, int]) -> list[Edge]:
    return [Edge(a, b, tahap) for a, b, tahap in triples]


def graph(n: int, *triples: tuple[int, int, int]) -> nx.Graph:
    return build_graph(lembaga(*range(1, n + 1)), ties(*triples))


def from_networkx(G: nx.Graph) -> tuple[list[Node], list[Edge], dict]:
    """A reference network as lembaga 1..n (in sorted name order) tied at stage 1, plus the name → id map."""
    ids = {v: i for i, v in enumerate(sorted(G, key=str), start=1)}
    nodes = [Node(id=ids[v], nama=str(v), sektor="warga") for v in G]
    return nodes, [Edge(ids[a], ids[b], 1) for a, b in G.edges()], ids


STAR = (1, 5, [(1, 2, 1), (1, 3, 1), (1, 4, 1), (1, 5, 1)])
BOW_TIE = [(1, 2, 1), (2, 3, 1), (1, 3, 1), (3, 4, 1), (4, 5, 1), (3, 5, 1)]

# Six lembaga on a mixed ladder:
#   G1 (all ties)        one group {1..6}            -> 6/6 = 1.0
#   G2 (drops 3–4)       {1,2,3} and {4,5,6}         -> 3/6 = 0.5
#   G3 (also drops 5–6)  {1,2,3} and {4,5}           -> 3/6 = 0.5
#   G4 (4–5, 1–3)        two pairs                   -> 2/6
#   G5 (1–3)             one pair                    -> 2/6
MIXED = [(1, 2, 3), (2, 3, 3), (3, 4, 1), (4, 5, 4), (5, 6, 2), (1, 3, 5)]


# --- build_graph ---------------------------------------------------------------------------------------


def test_build_graph_drops_ties_outside_the_scope_and_self_loops():
    G = build_graph(lembaga(1, 2, 3), ties((1, 2, 1), (2, 99, 3), (3, 3, 2)))

    assert sorted(G.nodes) == [1, 2, 3]
    assert list(G.edges) == [(1, 2)]


def test_build_graph_keeps_the_highest_stage_of_a_pair_recorded_twice():
    edges = [Edge(1, 2, 2, date(2023, 1, 1)), Edge(2, 1, 4, date(2024, 3, 9)), Edge(1, 2, 3)]

    G = build_graph(lembaga(1, 2), edges)

    assert G.number_of_edges() == 1
    assert G[1][2] == {"tahap": 4, "mulai": "2024-03-09"}


def test_build_graph_keeps_the_first_record_of_a_pair_recorded_twice_at_the_same_stage():
    # A later record at the same stage is not stronger, so the date exported with the tie stays the first one's.
    edges = [Edge(1, 2, 3, date(2023, 1, 1)), Edge(2, 1, 3, date(2024, 3, 9))]

    G = build_graph(lembaga(1, 2), edges)

    assert G[1][2] == {"tahap": 3, "mulai": "2023-01-01"}


def test_build_graph_carries_lembaga_fields_and_leaves_unknown_dates_empty():
    node = Node(7, "PKK Ilir D IV", "warga", "L-007", "Perempuan & keluarga", "Ilir D IV", "16.71.05.1006", "pkk")

    G = build_graph([node, *lembaga(8)], ties((7, 8, 2)))

    assert G.nodes[7] == {
        "nama": "PKK Ilir D IV",
        "sektor": "warga",
        "kode": "L-007",
        "pranata": "Perempuan & keluarga",
        "wilayah": "Ilir D IV",
        "wilayah_kode": "16.71.05.1006",
        "jenis": "pkk",
    }
    assert G[7][8]["mulai"] == ""


# --- The ladder ----------------------------------------------------------------------------------------


def test_coverage_ladder_counts_the_largest_group_at_each_stage_or_higher():
    ladder = coverage_ladder(graph(6, *MIXED), 6)

    assert [rung["tahap"] for rung in ladder] == [1, 2, 3, 4, 5]
    assert set(ladder[0]) == {"tahap", "terbesar", "cakupan"}  # names are the presentation's (models.Tahap)
    assert [rung["terbesar"] for rung in ladder] == [6, 3, 3, 2, 2]
    assert [rung["cakupan"] for rung in ladder] == pytest.approx([1.0, 0.5, 0.5, 1 / 3, 1 / 3])


def test_network_stage_is_the_highest_stage_whose_coverage_reaches_the_threshold():
    ladder = coverage_ladder(graph(6, *MIXED), 6)

    assert network_stage(ladder) == 3
    assert network_stage(ladder, threshold=0.6) == 1
    assert network_stage(ladder, threshold=0.3) == 5
    assert network_stage(ladder, threshold=1.01) == 0


def test_coverage_of_exactly_half_reaches_the_default_threshold():
    ladder = coverage_ladder(graph(4, (1, 2, 2)), 4)

    assert ladder[1]["cakupan"] == 0.5
    assert network_stage(ladder) == 2


def test_coverage_is_a_share_of_the_active_lembaga_not_of_those_in_the_graph():
    ladder = coverage_ladder(graph(3, (1, 2, 1), (2, 3, 1)), 10)

    assert ladder[0]["terbesar"] == 3
    assert ladder[0]["cakupan"] == pytest.approx(0.3)


def test_lembaga_without_ties_do_not_count_as_coverage():
    ladder = coverage_ladder(graph(3), 3)

    assert [rung["terbesar"] for rung in ladder] == [0] * 5
    assert network_stage(ladder) == 0


def test_an_empty_scope_is_not_yet_a_network():
    ladder = coverage_ladder(nx.Graph(), 0)

    assert [rung["cakupan"] for rung in ladder] == [0.0] * 5
    assert network_stage(ladder) == 0


# --- Whole-network figures -----------------------------------------------------------------------------


def test_star_has_centralization_one():
    hub, n, triples = STAR
    result = analyse(lembaga(*range(1, n + 1)), ties(*triples))

    assert degree_centralization(graph(n, *triples)) == pytest.approx(1.0)
    assert result["centralization"] == 1.0
    assert result["density"] == pytest.approx(0.4)  # 4 ties of 10 possible
    assert result["avg_degree"] == pytest.approx(1.6)  # 2 * 4 / 5
    assert result["top_degree"][0] == {"id": hub, "nama": "Lembaga 1", "nilai": 4}


def test_path_of_four_has_centralization_one_third():
    # Degrees 1, 2, 2, 1; max 2; sum(2 - d) = 2; divided by (n-1)(n-2) = 6.
    result = analyse(lembaga(1, 2, 3, 4), ties((1, 2, 1), (2, 3, 1), (3, 4, 1)))

    assert result["centralization"] == pytest.approx(0.3333)
    assert result["density"] == pytest.approx(0.5)  # 3 of 6
    assert result["avg_degree"] == pytest.approx(1.5)


def test_cycle_has_centralization_zero():
    assert degree_centralization(graph(5, (1, 2, 1), (2, 3, 1), (3, 4, 1), (4, 5, 1), (5, 1, 1))) == 0.0


def test_path_of_three_is_a_star_with_centralization_one():
    assert degree_centralization(graph(3, (1, 2, 1), (2, 3, 1))) == 1.0


def test_centralization_is_zero_below_three_lembaga():
    assert degree_centralization(graph(2, (1, 2, 1))) == 0.0


def test_bow_tie_has_its_knot_as_the_only_articulation_point():
    result = analyse(lembaga(1, 2, 3, 4, 5), ties(*BOW_TIE))

    assert result["articulation_points"] == [3]


def test_inner_lembaga_of_a_path_are_articulation_points():
    result = analyse(lembaga(1, 2, 3, 4), ties((1, 2, 1), (2, 3, 1), (3, 4, 1)))

    assert result["articulation_points"] == [2, 3]


def test_analyse_counts_ties_per_stage_and_lembaga_per_sektor():
    nodes = [*lembaga(1, 2), *lembaga(3, sektor="pemerintah"), *lembaga(4, sektor="dunia_usaha")]
    result = analyse(nodes, ties((1, 2, 1), (1, 3, 3), (2, 3, 3), (3, 4, 5)))

    assert result["per_tahap"] == {1: 1, 2: 0, 3: 2, 4: 0, 5: 1}
    assert result["share_tahap"] == {1: 0.25, 2: 0.0, 3: 0.5, 4: 0.0, 5: 0.25}
    assert result["mean_tahap"] == 3.0  # (1 + 3 + 3 + 5) / 4
    assert result["per_sektor"] == {"dunia_usaha": 1, "pemerintah": 1, "warga": 2}
    assert result["sektor_matrix"] == {
        "dunia_usaha": {"dunia_usaha": 0, "pemerintah": 1, "warga": 0},
        "pemerintah": {"dunia_usaha": 1, "pemerintah": 0, "warga": 2},
        "warga": {"dunia_usaha": 0, "pemerintah": 2, "warga": 1},
    }


def test_analyse_reports_the_ladder_and_the_network_stage():
    result = analyse(lembaga(*range(1, 7)), ties(*MIXED))

    assert [rung["cakupan"] for rung in result["ladder"]] == [1.0, 0.5, 0.5, 0.3333, 0.3333]
    assert result["tahap_jaringan"] == 3
    assert result["threshold"] == 0.5
    assert analyse(lembaga(*range(1, 7)), ties(*MIXED), threshold=0.75)["tahap_jaringan"] == 1


def test_two_triangles_joined_by_a_bridge_are_two_communities():
    # Each triangle: 3 of m = 7 ties inside, degree sum 7: Q = 2 * (3/7 - (7/14)^2) = 0.3571.
    triangles = [(1, 2, 1), (2, 3, 1), (1, 3, 1), (4, 5, 1), (5, 6, 1), (4, 6, 1), (3, 4, 1)]
    result = analyse(lembaga(*range(1, 8)), ties(*triangles))

    assert result["communities"] == [[1, 2, 3], [4, 5, 6]]
    assert result["modularity"] == pytest.approx(0.3571)
    assert result["isolates"] == [7]
    assert result["n_components"] == 2
    assert result["largest_component"] == 6


def test_top_degree_lists_linked_lembaga_by_degree_then_id():
    result = analyse(lembaga(1, 2, 3, 4, 5), ties((4, 1, 1), (4, 2, 1), (3, 2, 1)), top=3)

    assert [(row["id"], row["nilai"]) for row in result["top_degree"]] == [(2, 2), (4, 2), (1, 1)]


# Published figures, not networkx's own output: Padgett's Florentine marriage network (Wasserman & Faust 1994,
# Medici betweenness .522) and Zachary's karate club (1977; node 1 "Mr Hi" .4376, node 34 "the officer" .3041).
FLORENTINE_BETWEENNESS = [
    ("Medici", 0.5220),
    ("Guadagni", 0.2546),
    ("Albizzi", 0.2125),
    ("Salviati", 0.1429),
    ("Ridolfi", 0.1136),
    ("Bischeri", 0.1044),
    ("Strozzi", 0.1026),
    ("Barbadori", 0.0934),
    ("Tornabuoni", 0.0916),
    ("Castellani", 0.0549),
]
KARATE_BETWEENNESS_TOP5 = [(1, 0.4376), (34, 0.3041), (33, 0.1452), (3, 0.1437), (32, 0.1383)]


def test_florentine_families_have_their_published_figures():
    nodes, edges, ids = from_networkx(nx.florentine_families_graph())

    result = analyse(nodes, edges)

    assert (result["n_lembaga"], result["n_kerjasama"]) == (15, 20)
    assert result["density"] == pytest.approx(0.1905)  # 20 / 105
    assert [(row["nama"], row["nilai"]) for row in result["top_betweenness"]] == [
        (nama, pytest.approx(value, abs=1e-4)) for nama, value in FLORENTINE_BETWEENNESS
    ]
    names = {i: v for v, i in ids.items()}
    assert sorted(names[i] for i in result["articulation_points"]) == ["Albizzi", "Guadagni", "Medici", "Salviati"]
    assert (result["top_degree"][0]["nama"], result["top_degree"][0]["nilai"]) == ("Medici", 6)


def test_florentine_families_with_pucci_have_padgetts_density():
    # networkx leaves out the Pucci, who had no marriage ties; Padgett's 16 families give 20 / 120.
    nodes, edges, _ = from_networkx(nx.florentine_families_graph())

    result = analyse([*nodes, Node(16, "Pucci", "warga")], edges)

    assert result["density"] == pytest.approx(0.1667)
    assert result["isolates"] == [16]


def test_karate_club_has_its_published_figures():
    nodes, edges, ids = from_networkx(nx.karate_club_graph())  # networkx numbers Zachary's members 0..33
    member = {i: v + 1 for v, i in ids.items()}

    result = analyse(nodes, edges)

    assert (result["n_lembaga"], result["n_kerjasama"]) == (34, 78)
    assert result["density"] == pytest.approx(0.1390)  # 78 / 561
    top5 = [(member[row["id"]], row["nilai"]) for row in result["top_betweenness"][:5]]
    assert top5 == [(m, pytest.approx(value, abs=1e-4)) for m, value in KARATE_BETWEENNESS_TOP5]
    assert [member[i] for i in result["articulation_points"]] == [1]  # member 12 hangs on Mr Hi alone
    assert [(member[row["id"]], row["nilai"]) for row in result["top_degree"][:2]] == [(34, 17), (1, 16)]


def test_betweenness_is_estimated_from_sources_above_their_number():
    path = ties((1, 2, 1), (2, 3, 1), (3, 4, 1), (4, 5, 1))

    sampled = analyse(lembaga(1, 2, 3, 4, 5), path, betweenness_sources=4)
    exact = analyse(lembaga(1, 2, 3, 4, 5), path, betweenness_sources=5)

    # Four sources in five batches still means two per batch: the estimate's spread needs two.
    assert (sampled["betweenness_sampled"], sampled["betweenness_k"]) == (True, 10)
    assert sampled["betweenness_error"] is not None and sampled["betweenness_error"] > 0
    assert (exact["betweenness_sampled"], exact["betweenness_k"], exact["betweenness_error"]) == (False, None, None)
    # Exact on a path 1-2-3-4-5: the middle lembaga sits between 2·2 of the 6 pairs of others.
    assert [(row["id"], row["nilai"]) for row in exact["top_betweenness"]] == [(3, 0.6667), (2, 0.5), (4, 0.5)]


def test_the_analysis_gives_every_lembagas_betweenness_the_brokers_were_ranked_on():
    """`analysis` hands out the scores behind `top_betweenness` (the map sizes lembaga by them), for an exact
    and for an estimated run: the same figures as `analyse`, the top rows the scores' largest, rounded."""
    path = ties((1, 2, 1), (2, 3, 1), (3, 4, 1), (4, 5, 1))
    for sources in (4, 5):
        found = analysis(lembaga(1, 2, 3, 4, 5), path, betweenness_sources=sources)
        assert found.figures == analyse(lembaga(1, 2, 3, 4, 5), path, betweenness_sources=sources)
        assert set(found.betweenness) == {1, 2, 3, 4, 5}
        ranked = sorted(((-round(v, 4), k) for k, v in found.betweenness.items() if v > 0))
        assert [(row["id"], row["nilai"]) for row in found.figures["top_betweenness"]] == [(k, -v) for v, k in ranked]
    exact = analysis(lembaga(1, 2, 3, 4, 5), path, betweenness_sources=5).betweenness
    assert exact == pytest.approx({1: 0.0, 2: 0.5, 3: 2 / 3, 4: 0.5, 5: 0.0})


def test_betweenness_is_exact_up_to_the_number_of_sources():
    result = analyse(lembaga(1, 2, 3), ties((1, 2, 1), (2, 3, 1)), betweenness_sources=3)

    assert (result["betweenness_sampled"], result["betweenness_k"]) == (False, None)
    assert result["top_betweenness"] == [{"id": 2, "nama": "Lembaga 2", "nilai": 1.0}]


def test_analyse_of_no_lembaga_gives_zeros():
    result = analyse([], [])

    assert result["n_lembaga"] == result["n_kerjasama"] == 0
    assert result["per_tahap"] == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}
    assert result["share_tahap"] == {1: 0.0, 2: 0.0, 3: 0.0, 4: 0.0, 5: 0.0}
    assert result["mean_tahap"] is None
    assert result["modularity"] is None
    assert result["tahap_jaringan"] == 0
    assert (result["density"], result["avg_degree"], result["centralization"]) == (0.0, 0.0, 0.0)
    assert (result["n_components"], result["largest_component"]) == (0, 0)
    assert result["per_sektor"] == result["sektor_matrix"] == {}
    assert result["isolates"] == result["communities"] == result["top_degree"] == result["top_betweenness"] == []


def test_analyse_of_lembaga_without_ties_lists_them_all_as_isolates():
    result = analyse(lembaga(3, 1, 2), [])

    assert result["isolates"] == [1, 2, 3]
    assert (result["n_components"], result["largest_component"]) == (3, 1)
    assert result["communities"] == []
    assert result["modularity"] is None
    assert result["top_degree"] == result["top_betweenness"] == []
    assert result["sektor_matrix"] == {"warga": {"warga": 0}}


def test_analyse_gives_exactly_the_documented_keys_and_survives_json():
    result = analyse(lembaga(*range(1, 7)), ties(*MIXED))

    assert list(result) == [
        "n_lembaga", "n_kerjasama", "per_tahap", "share_tahap", "mean_tahap", "per_sektor", "per_jenis", "ladder",
        "tahap_jaringan", "threshold", "density", "avg_degree", "centralization", "n_components",
        "largest_component", "isolates", "articulation_points", "communities", "modularity", "top_degree",
        "top_betweenness", "betweenness_sampled", "betweenness_k", "betweenness_error", "sektor_matrix", "engine",
        "engine_fallback",
    ]  # fmt: skip
    assert json.loads(json.dumps(result)) == as_json(result)


def test_two_lembaga_with_one_tie_have_density_one():
    assert analyse(lembaga(1, 2), ties((1, 2, 1)))["density"] == 1.0  # 1 tie of 1 possible


def test_communities_are_listed_largest_first_then_by_smallest_member():
    # A four-clique {7..10} and two triangles {1, 5, 6} and {2, 3, 4}, in a chain 1-5-6 - 2-3-4 - 7-8-9-10.
    # m = 14; Q = (6/14 - (13/28)^2) + (3/14 - (7/28)^2) + (3/14 - (8/28)^2) = 0.4974.
    chain = [(1, 5, 1), (5, 6, 1), (1, 6, 1), (2, 3, 1), (3, 4, 1), (2, 4, 1), (6, 2, 1), (4, 7, 1)]
    clique = [(7, 8, 1), (7, 9, 1), (7, 10, 1), (8, 9, 1), (8, 10, 1), (9, 10, 1)]

    result = analyse(lembaga(*range(1, 11)), ties(*chain, *clique))

    assert result["communities"] == [[7, 8, 9, 10], [1, 5, 6], [2, 3, 4]]
    assert result["modularity"] == pytest.approx(0.4974)


def karate() -> tuple[list[Node], list[Edge]]:
    nodes, edges, _ = from_networkx(nx.karate_club_graph())
    return nodes, edges


def test_the_default_seed_is_42_so_a_report_can_be_made_again_with_the_same_figures():
    nodes, edges = karate()  # 34 linked lembaga, so 10 sources means an estimate

    default = analyse(nodes, edges, betweenness_sources=10)

    assert default == analyse(nodes, edges, betweenness_sources=10, seed=42)
    other = analyse(nodes, edges, betweenness_sources=10, seed=7)
    assert other["top_betweenness"] != default["top_betweenness"]  # the seed matters for this network
    assert other["betweenness_error"] != default["betweenness_error"]


def test_the_stated_error_of_an_estimate_is_that_of_the_brokers_shown():
    nodes, edges = karate()
    G = build_graph(nodes, edges)
    engine = choose(G.number_of_nodes()).engine
    found = engine.communities(G, 42)

    def error_of_top(top: int) -> float:
        return betweenness(G, engine, sources=10, communities=found, seed=42, top=top).error

    assert analyse(nodes, edges, betweenness_sources=10, top=1)["betweenness_error"] == error_of_top(1)
    assert analyse(nodes, edges, betweenness_sources=10)["betweenness_error"] == error_of_top(10)
    assert error_of_top(1) != error_of_top(10)


def star(n: int) -> tuple[list[Node], list[Edge]]:
    return lembaga(*range(1, n + 1)), ties(*((1, v, 1) for v in range(2, n + 1)))


def test_betweenness_is_exact_by_default_up_to_1000_linked_lembaga():
    exact, sampled = analyse(*star(1000)), analyse(*star(1001))

    assert (exact["betweenness_sampled"], exact["betweenness_k"]) == (False, None)
    assert (sampled["betweenness_sampled"], sampled["betweenness_k"]) == (True, 1000)


def test_the_compiled_engine_is_used_by_default_from_300_lembaga():
    pytest.importorskip("igraph")

    assert analyse(lembaga(*range(1, 300)), [])["engine"] == "networkx"
    assert analyse(lembaga(*range(1, 301)), [])["engine"] == "igraph"


def test_analyse_uses_the_graph_it_is_given_instead_of_building_it_again():
    G = graph(3, (1, 2, 1), (2, 3, 1))

    result = analyse([], [], graph=G)

    assert (result["n_lembaga"], result["n_kerjasama"]) == (3, 2)


# --- Before and after ----------------------------------------------------------------------------------


def test_edge_map_keys_each_pair_smaller_id_first():
    assert edge_map(ties((2, 1, 3), (1, 2, 1), (3, 2, 2), (4, 4, 5))) == {(1, 2): 3, (2, 3): 2}


def test_transitions_count_moves_along_the_ladder():
    before = {(1, 2): 1, (2, 3): 3, (3, 4): 2, (4, 5): 4}
    after = {(1, 2): 2, (2, 3): 2, (3, 4): 2, (5, 6): 1}

    result = transitions(before, after)

    assert result["matrix"] == [
        [0, 1, 0, 0, 0],  # 1 -> 2: (1, 2) moved up
        [0, 1, 0, 0, 0],  # 2 -> 2: (3, 4) stayed
        [0, 1, 0, 0, 0],  # 3 -> 2: (2, 3) moved down
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
    ]
    assert result["baru"] == {1: 1, 2: 0, 3: 0, 4: 0, 5: 0}
    assert result["berakhir"] == {1: 0, 2: 0, 3: 0, 4: 1, 5: 0}
    assert result["naik"] == [[1, 2, 1, 2]]
    assert result["turun"] == [[2, 3, 3, 2]]
    assert result["tetap"] == 1
    assert result["muncul"] == [[5, 6, 1]]
    assert result["hilang"] == [[4, 5, 4]]
    assert json.loads(json.dumps(result)) == as_json(result)


def test_compare_shows_every_figure_side_by_side_with_its_change():
    before = analyse(lembaga(1, 2, 3, 4), ties((1, 2, 1)))
    after = analyse(lembaga(1, 2, 3, 4), ties((1, 2, 2), (2, 3, 2), (3, 4, 1)))

    rows = {row["key"]: row for row in compare(before, after)}

    assert list(rows)[:13] == [
        "n_lembaga", "n_kerjasama", "tahap_jaringan", "mean_tahap", "density", "avg_degree", "centralization",
        "n_components", "largest_component", "n_isolates", "n_articulation", "n_communities", "modularity",
    ]  # fmt: skip
    assert list(rows)[13:] == [f"per_tahap_{k}" for k in range(1, 6)] + [f"cakupan_{k}" for k in range(1, 6)]
    assert rows["n_kerjasama"] == {
        "key": "n_kerjasama",
        "sebelum": 1,
        "sesudah": 3,
        "selisih": 2,
    }
    assert (rows["tahap_jaringan"]["sebelum"], rows["tahap_jaringan"]["sesudah"]) == (1, 2)
    assert rows["density"]["selisih"] == pytest.approx(0.3333)  # 1/6 -> 3/6
    assert rows["n_isolates"]["selisih"] == -2
    assert rows["per_tahap_1"]["selisih"] == 0
    assert rows["per_tahap_2"]["selisih"] == 2
    assert rows["cakupan_2"] == {"key": "cakupan_2", "sebelum": 0.0, "sesudah": 0.75, "selisih": 0.75}


def test_compare_leaves_the_change_empty_when_a_figure_did_not_exist_before():
    rows = {row["key"]: row for row in compare(analyse(lembaga(1, 2), []), analyse(lembaga(1, 2), ties((1, 2, 3))))}

    assert rows["mean_tahap"] == {
        "key": "mean_tahap",
        "sebelum": None,
        "sesudah": 3.0,
        "selisih": None,
    }
    assert rows["modularity"]["selisih"] is None


# --- Recommendations -----------------------------------------------------------------------------------


def test_lembaga_without_ties_are_invited_in_name_order():
    nodes = [Node(1, "Posyandu Melati", "warga"), Node(2, "Karang Taruna", "warga"), *lembaga(3, 4)]

    result = recommendations(nodes, ties((3, 4, 1)))

    assert result["undang"] == [
        {"id": 2, "nama": "Karang Taruna", "alasan": Alasan("belum_bermitra")},
        {"id": 1, "nama": "Posyandu Melati", "alasan": Alasan("belum_bermitra")},
    ]


def test_tie_is_ready_to_move_up_when_both_already_work_a_stage_higher_with_a_common_partner():
    nodes = [Node(1, "Karang Taruna", "warga"), Node(2, "PKK", "warga"), Node(3, "Posyandu Melati", "warga")]

    result = recommendations(nodes, ties((2, 1, 1), (1, 3, 2), (2, 3, 2)))

    assert result["naik_tahap"] == [
        {
            "a": 1,
            "b": 2,
            "nama_a": "Karang Taruna",
            "nama_b": "PKK",
            "tahap": 1,
            "ke": 2,
            "perantara": [3],
            "alasan": Alasan("sudah_lebih_tinggi", {"tahap": 2, "perantara": "Posyandu Melati", "lainnya": 0}),
        }
    ]


def test_ties_with_more_common_partners_come_first_and_the_reason_counts_the_others():
    # 1–2 at stage 1 has partners 3 and 4 at stage 2; 5–6 at stage 3 has partner 7 at stage 4.
    edges = [(1, 2, 1), (1, 3, 2), (2, 3, 2), (1, 4, 3), (2, 4, 2), (5, 6, 3), (5, 7, 4), (6, 7, 5)]

    result = recommendations(lembaga(*range(1, 8)), ties(*edges))

    ready = [(row["a"], row["b"], row["perantara"]) for row in result["naik_tahap"]]
    assert ready == [(1, 2, [3, 4]), (5, 6, [7])]
    assert result["naik_tahap"][0]["alasan"] == Alasan(
        "sudah_lebih_tinggi", {"tahap": 2, "perantara": "Lembaga 3", "lainnya": 1}
    )
    assert result["naik_tahap"][1]["alasan"] == Alasan(
        "sudah_lebih_tinggi", {"tahap": 4, "perantara": "Lembaga 7", "lainnya": 0}
    )
    assert recommendations(lembaga(*range(1, 8)), ties(*edges), limit=1)["naik_tahap"][0]["a"] == 1


def test_knot_of_a_bow_tie_is_a_broker_splitting_the_network_in_two():
    result = recommendations(lembaga(1, 2, 3, 4, 5), ties(*BOW_TIE))

    assert result["broker"] == [
        {
            "id": 3,
            "nama": "Lembaga 3",
            "pecahan": [2, 2],
            "alasan": Alasan("pemecah", {"bagian": 2}),
        }
    ]


def test_brokers_splitting_into_more_parts_come_first():
    # 1 is the hub of 2, 3, 4; 4 also holds on to 5, 6 -> 4 splits 2 ways; 1 splits 3 ways.
    result = recommendations(lembaga(*range(1, 7)), ties((1, 2, 1), (1, 3, 1), (1, 4, 1), (4, 5, 1), (5, 6, 1)))

    assert [(row["id"], row["pecahan"]) for row in result["broker"]] == [(1, [3, 1, 1]), (4, [3, 2]), (5, [4, 1])]


@pytest.mark.parametrize("reference", [nx.florentine_families_graph, nx.karate_club_graph, nx.les_miserables_graph])
def test_brokers_are_the_articulation_points_and_their_parts_are_what_removal_leaves(reference):
    nodes, edges, _ = from_networkx(reference())
    G = build_graph(nodes, edges)

    brokers = recommendations(nodes, edges, limit=100)["broker"]

    assert sorted(row["id"] for row in brokers) == sorted(nx.articulation_points(G))
    for row in brokers:
        rest = G.copy()
        rest.remove_node(row["id"])
        assert row["pecahan"] == sorted((len(c) for c in nx.connected_components(rest)), reverse=True)


def test_needs_are_matched_to_the_nearest_resource_first():
    nodes = [
        Node(1, "Majelis Taklim", "warga"),
        Node(2, "Koperasi Maju", "dunia_usaha"),
        Node(3, "Toko Sinar", "dunia_usaha"),
        Node(4, "Yayasan Peduli", "donatur"),
    ]
    needs = [(1, "dana", "Biaya santunan yatim")]
    resources = [
        (4, "dana", "Hibah"),
        (3, "dana", "CSR"),
        (2, "dana", "SHU"),
        (1, "dana", "Infak"),
        (2, "tempat", "Aula"),
    ]

    result = recommendations(nodes, ties((1, 2, 2), (2, 3, 1)), needs=needs, resources=resources)

    assert [(row["sumber_id"], row["jarak"], row["alasan"]) for row in result["padanan"]] == [
        (2, 1, Alasan("mitra_langsung")),
        (3, 2, Alasan("teman_mitra", {"melalui": "Koperasi Maju"})),
        (4, None, Alasan("belum_terhubung")),
    ]
    assert result["padanan"][0] == {
        "kebutuhan_id": 1,
        "nama_kebutuhan": "Majelis Taklim",
        "kebutuhan": "Biaya santunan yatim",
        "jenis": "dana",
        "sumber_id": 2,
        "nama_sumber": "Koperasi Maju",
        "sumber": "SHU",
        "jarak": 1,
        "alasan": Alasan("mitra_langsung"),
    }


def test_each_need_keeps_only_its_three_nearest_resources():
    path = ties((1, 2, 1), (2, 3, 1), (3, 4, 1), (4, 5, 1))
    resources = [(i, "tenaga", f"Relawan {i}") for i in (5, 4, 3, 2)]

    result = recommendations(
        lembaga(1, 2, 3, 4, 5), path, needs=[(1, "tenaga", "Relawan posyandu")], resources=resources
    )

    assert [(row["sumber_id"], row["jarak"]) for row in result["padanan"]] == [(2, 1), (3, 2), (4, 3)]
    assert result["padanan"][2]["alasan"] == Alasan("terhubung", {"langkah": 3})


def test_matches_of_all_needs_are_ordered_by_distance_then_names():
    nodes = [Node(1, "Zakat Center", "lsm"), Node(2, "Arisan RT 03", "warga"), Node(3, "Bengkel Jaya", "dunia_usaha")]
    needs = [(1, "peralatan", "Kursi"), (2, "peralatan", "Tenda")]

    result = recommendations(nodes, ties((1, 3, 1)), needs=needs, resources=[(3, "peralatan", "Tenda dan kursi")])

    assert [(row["nama_kebutuhan"], row["jarak"]) for row in result["padanan"]] == [
        ("Zakat Center", 1),
        ("Arisan RT 03", None),
    ]


def test_reachable_matches_come_by_distance_before_names_and_far_ones_say_how_far():
    # Path 1-2-3-4-5; lembaga 1 needs a tent. 2 holds only money; 3 (two steps) and 4 (three steps) hold
    # tents, and 4's name sorts first; 5 holds one four steps away, beyond the search but in the same piece.
    names = ["Zakat Center", "Arisan", "Yayasan", "Bengkel", "Apotek"]
    nodes = [Node(i, name, "warga") for i, name in enumerate(names, start=1)]
    path = ties((1, 2, 1), (2, 3, 1), (3, 4, 1), (4, 5, 1))
    resources = [(2, "dana", "Kas"), (3, "peralatan", "Tenda"), (4, "peralatan", "Tenda"), (5, "peralatan", "Tenda")]

    found = recommendations(nodes, path, needs=[(1, "peralatan", "Tenda")], resources=resources)["padanan"]

    assert [(row["nama_sumber"], row["jarak"], row["alasan"]) for row in found] == [
        ("Yayasan", 2, Alasan("teman_mitra", {"melalui": "Arisan"})),
        ("Bengkel", 3, Alasan("terhubung", {"langkah": 3})),  # nearer first, though "B" sorts before "Y"
        ("Apotek", None, Alasan("terlalu_jauh", {"langkah": 3})),
    ]


def test_a_friend_of_a_partner_is_introduced_through_the_common_partner_with_the_strongest_ties():
    # 1 and 4 share partners 2 (ties at stages 1 and 5: the weaker counts, 1) and 3 (stages 3 and 4: 3).
    nodes = [Node(i, name, "warga") for i, name in enumerate(["PKK", "LPMK", "Posyandu", "Toko"], start=1)]
    edges = ties((1, 2, 1), (2, 4, 5), (1, 3, 3), (3, 4, 4))
    found = recommendations(nodes, edges, needs=[(1, "dana", "Kas")], resources=[(4, "dana", "CSR")])["padanan"]
    assert found[0]["alasan"] == Alasan("teman_mitra", {"melalui": "Posyandu"})
    # Equally strong common partners: the one listed first (smaller id) is named.
    even = ties((1, 2, 2), (2, 4, 2), (1, 3, 2), (3, 4, 2))
    found = recommendations(nodes, even, needs=[(1, "dana", "Kas")], resources=[(4, "dana", "CSR")])["padanan"]
    assert found[0]["alasan"] == Alasan("teman_mitra", {"melalui": "LPMK"})


def test_a_common_partner_with_a_smaller_id_than_both_is_found_from_either_side():
    # Ties are stored smaller id first, so 3 and 4 meet their partner 1 as the second end of each tie.
    result = recommendations(lembaga(1, 3, 4), ties((1, 3, 2), (1, 4, 2), (3, 4, 1)))
    assert [(row["a"], row["b"], row["perantara"]) for row in result["naik_tahap"]] == [(3, 4, [1])]


def test_unreachable_offers_are_listed_by_holder_name_then_id():
    # 1 needs dana and nobody holding it is connected. By name then id: Anggrek (5), Kenanga (6), Melati (3),
    # Melati (4), Zaitun (2); only the first three are kept, so the cut falls between the two Melati.
    names = {1: "PKK", 2: "Zaitun", 3: "Melati", 4: "Melati", 5: "Anggrek", 6: "Kenanga"}
    nodes = [Node(i, name, "warga") for i, name in names.items()]
    resources = [(4, "dana", "A"), (2, "dana", "B"), (3, "dana", "Z"), (5, "dana", "C"), (6, "dana", "D")]
    found = recommendations(nodes, [], needs=[(1, "dana", "Kas")], resources=resources)["padanan"]
    assert [(row["sumber_id"], row["jarak"]) for row in found] == [(5, None), (6, None), (3, None)]


def test_a_need_of_a_lembaga_outside_the_network_finds_nothing_and_breaks_nothing():
    found = recommendations(lembaga(1, 2), ties((1, 2, 1)), needs=[(9, "dana", "Kas")], resources=[(2, "dana", "CSR")])
    assert found["padanan"] == []


def test_matches_keep_twice_the_limit_nearest_first():
    # Two needs at lembaga 1, each met by the same three resources at 1, 2 and 3 steps: six matches, of which
    # a limit of 2 keeps four (matches are two per need on a page), the nearest first.
    path = ties((1, 2, 1), (2, 3, 1), (3, 4, 1))
    resources = [(i, "tenaga", f"Relawan {i}") for i in (2, 3, 4)]
    needs = [(1, "tenaga", "Kader posyandu"), (1, "tenaga", "Panitia kerja bakti")]
    result = recommendations(lembaga(1, 2, 3, 4), path, needs=needs, resources=resources, limit=2)
    assert [(row["kebutuhan"], row["sumber_id"]) for row in result["padanan"]] == [
        ("Kader posyandu", 2),
        ("Panitia kerja bakti", 2),
        ("Kader posyandu", 3),
        ("Panitia kerja bakti", 3),
    ]


def test_each_list_of_suggestions_keeps_twenty_by_default():
    # A path of 25 lembaga: the 23 inner ones each split it, so 23 brokers; the page shows the first 20.
    path = ties(*((i, i + 1, 1) for i in range(1, 25)))
    assert len(recommendations(lembaga(*range(1, 26)), path)["broker"]) == 20
    assert len(recommendations(lembaga(*range(1, 26)), path, limit=30)["broker"]) == 23


def test_two_ties_making_the_same_move_count_twice_in_the_matrix():
    result = transitions({(1, 2): 1, (3, 4): 1, (5, 6): 3}, {(1, 2): 2, (3, 4): 2, (5, 6): 3})
    assert result["matrix"][0] == [0, 2, 0, 0, 0]
    assert result["matrix"][2] == [0, 0, 1, 0, 0]


# --- Drawing, big scopes, export -----------------------------------------------------------------------


def test_graphml_round_trip_keeps_lembaga_and_stages():
    nodes = [Node(1, "PKK", "warga", kode="L-1"), Node(2, "Puskesmas", "pemerintah"), *lembaga(3)]
    G = build_graph(nodes, [Edge(1, 2, 3, date(2024, 5, 2)), Edge(2, 3, 1)])

    back = nx.read_graphml(io.BytesIO(to_graphml(G)))

    assert back.number_of_nodes() == 3
    assert sorted(back.edges(data="tahap")) == [("1", "2", 3), ("2", "3", 1)]
    assert back["1"]["2"]["mulai"] == "2024-05-02"
    assert {v: data["nama"] for v, data in back.nodes(data=True)} == {"1": "PKK", "2": "Puskesmas", "3": "Lembaga 3"}
    assert back.nodes["1"]["kode"] == "L-1"
    assert back.nodes["2"]["sektor"] == "pemerintah"


def test_gexf_round_trip_keeps_lembaga_and_stages():
    nodes = [Node(1, "PKK", "warga"), Node(2, "Puskesmas", "pemerintah"), *lembaga(3)]
    G = build_graph(nodes, [Edge(1, 2, 3, date(2024, 5, 2)), Edge(2, 3, 1)])

    back = nx.read_gexf(io.BytesIO(to_gexf(G)))

    assert back.number_of_nodes() == 3
    assert sorted((*sorted((u, v)), t) for u, v, t in back.edges(data="tahap")) == [("1", "2", 3), ("2", "3", 1)]
    assert {v: data["nama"] for v, data in back.nodes(data=True)} == {"1": "PKK", "2": "Puskesmas", "3": "Lembaga 3"}
    assert back.nodes["1"]["label"] == "PKK"


def test_summarise_groups_lembaga_and_keeps_the_highest_stage_between_groups():
    nodes = [
        Node(1, "PKK", "warga", wilayah="Ilir D IV", wilayah_kode="16.71.05.1006"),
        Node(2, "LPMK", "warga", wilayah="Ilir D IV", wilayah_kode="16.71.05.1006"),
        Node(3, "Karang Taruna", "warga", wilayah="Ilir D III", wilayah_kode="16.71.05.1005"),
        Node(4, "Posyandu", "warga", wilayah_kode="16.71.05.1007"),
    ]
    edges = ties((1, 3, 1), (2, 3, 4), (1, 2, 5), (3, 4, 2), (4, 99, 5))
    key = attrgetter("wilayah_kode")

    groups, group_ties = summarise(nodes, edges, key=key)

    assert groups == [
        Node(1, "Ilir D III", "warga", wilayah_kode="16.71.05.1005"),
        Node(2, "Ilir D IV", "warga", wilayah_kode="16.71.05.1006"),
        Node(3, "16.71.05.1007", "warga", wilayah_kode="16.71.05.1007"),
    ]
    assert group_ties == [Edge(1, 2, 4), Edge(1, 3, 2)]
    assert group_sizes(nodes, key=key) == {"16.71.05.1005": 1, "16.71.05.1006": 2, "16.71.05.1007": 1}


def test_layout_is_the_same_every_time_and_fills_the_box():
    G = build_graph(lembaga(*range(1, 9)), ties(*MIXED))

    positions = layout(G)

    assert positions == layout(G)
    assert sorted(positions) == list(range(1, 9))
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    assert min(xs) == min(ys) == pytest.approx(0.03)
    assert max(xs) == max(ys) == pytest.approx(0.97)


def test_layout_centres_a_single_lembaga_and_draws_nothing_for_none():
    assert layout(graph(1)) == {1: (0.5, 0.5)}
    assert layout(nx.Graph()) == {}


COMPARED = [
    "n_lembaga",
    "n_kerjasama",
    "tahap_jaringan",
    "mean_tahap",
    "density",
    "avg_degree",
    "centralization",
    "n_components",
    "largest_component",
    "n_isolates",
    "n_articulation",
    "n_communities",
    "modularity",
    "per_tahap_1",
    "per_tahap_2",
    "per_tahap_3",
    "per_tahap_4",
    "per_tahap_5",
    "cakupan_1",
    "cakupan_2",
    "cakupan_3",
    "cakupan_4",
    "cakupan_5",
]


def test_compare_gives_every_figure_its_hand_computed_values():
    # Before: 1–2 komunikasi among four. After: path 1–2 (kooperasi), 2–3 (kooperasi), 3–4 (komunikasi).
    before = analyse(lembaga(1, 2, 3, 4), ties((1, 2, 1)))
    after = analyse(lembaga(1, 2, 3, 4), ties((1, 2, 2), (2, 3, 2), (3, 4, 1)))

    rows = compare(before, after)

    assert [row["key"] for row in rows] == COMPARED
    values = {row["key"]: (row["sebelum"], row["sesudah"], row["selisih"]) for row in rows}
    assert values["n_lembaga"] == (4, 4, 0)
    assert values["mean_tahap"] == (1.0, pytest.approx(5 / 3, abs=1e-4), pytest.approx(0.6667, abs=1e-4))
    assert values["avg_degree"] == (0.5, 1.5, 1.0)
    assert values["n_components"] == (3, 1, -2)
    assert values["largest_component"] == (2, 4, 2)
    assert values["n_isolates"] == (2, 0, -2)
    assert values["n_articulation"] == (0, 2, 2)  # 2 and 3 hold the path together
    assert values["per_tahap_1"] == (1, 1, 0)
    assert values["per_tahap_3"] == (0, 0, 0)
    assert values["cakupan_1"] == (0.5, 1.0, 0.5)
    assert values["cakupan_3"] == (0.0, 0.0, 0.0)


def test_dynamic_gexf_spells_each_stage_from_its_date_to_the_next_and_the_tie_from_start_to_end():
    from xml.etree import ElementTree

    nodes = [
        Node(1, "LPMK", "pemerintah", kode="16.71.05.1006-0001", pranata="pemerintahan-lokal", wilayah="Ilir D IV"),
        Node(2, "PKK", "warga"),
        Node(3, "Posyandu", "warga"),
    ]
    history = [
        TieHistory(1, 2, date(2024, 1, 1), date(2024, 9, 1), ((date(2024, 1, 1), 1), (date(2024, 5, 1), 3))),
        TieHistory(1, 3, date(2024, 2, 1), None, ((date(2024, 2, 1), 2),)),
        TieHistory(2, 3, date(2024, 2, 1), None, ()),  # no stage recorded: left out
        TieHistory(1, 9, date(2024, 2, 1), None, ((date(2024, 2, 1), 2),)),  # partner outside the scope
    ]

    root = ElementTree.fromstring(to_dynamic_gexf(nodes, history))

    ns = {"g": "http://www.gexf.net/1.2draft"}
    graph = root.find("g:graph", ns)
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    labels = {n.get("id"): n.get("label") for n in graph.iterfind("g:nodes/g:node", ns)}
    assert labels == {"1": "LPMK", "2": "PKK", "3": "Posyandu"}
    lpmk = graph.find("g:nodes/g:node[@id='1']", ns)
    assert [v.get("value") for v in lpmk.iterfind("g:attvalues/g:attvalue", ns)] == [
        "16.71.05.1006-0001",
        "LPMK",
        "pemerintah",
        "",
        "pemerintahan-lokal",
        "Ilir D IV",
        "",
        "pemerintah",
    ]  # fmt: skip (no sektor names given: the name is the code, and the code follows; no jenis given: empty)
    edges = {}
    for edge in graph.iterfind("g:edges/g:edge", ns):
        spells = [(v.get("value"), v.get("start"), v.get("end")) for v in edge.iterfind("g:attvalues/g:attvalue", ns)]
        edges[frozenset((edge.get("source"), edge.get("target")))] = (edge.get("start"), edge.get("end"), spells)
    assert edges == {
        frozenset({"1", "2"}): (
            "2024-01-01",
            "2024-09-01",
            [("1", "2024-01-01", "2024-05-01"), ("3", "2024-05-01", "2024-09-01")],
        ),
        frozenset({"1", "3"}): ("2024-02-01", None, [("2", "2024-02-01", None)]),
    }


@pytest.mark.parametrize(
    ("now", "before", "expected"), [(3, 2, "naik"), (1, 2, "turun"), (2, 2, "tetap"), (0, 0, "tetap"), (2, None, "")]
)
def test_direction_of_a_stage_since_an_earlier_date(now, before, expected):
    assert direction(now, before) == expected


def test_lembaga_are_counted_per_jenis_and_a_node_without_one_is_left_out():
    nodes = [
        Node(1, "KT Bina Remaja", "warga", jenis="karang_taruna"),
        Node(2, "LKS Al-Ikhlas", "lsm", jenis="lks"),
        Node(3, "LKS Harapan", "lsm", jenis="lks"),
        Node(4, "Lembaga lama", "warga"),
    ]
    assert analyse(nodes, [])["per_jenis"] == {"karang_taruna": 1, "lks": 2}
