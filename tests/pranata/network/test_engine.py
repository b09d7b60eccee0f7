"""networkx and igraph give the same report; the estimated brokers agree with exact betweenness."""

from __future__ import annotations

import logging
import random
import sys

import networkx as nx
import pytest

from pranata.network import Edge, Node, analyse, build_graph, centrality
from pranata.network import engine as engines
from pranata.network.centrality import betweenness

# Everything but the community split itself (a different, equally valid Louvain run) and the engine's name.
ENGINE_DEPENDENT = {"communities", "modularity", "engine"}


def from_networkx(G: nx.Graph) -> tuple[list[Node], list[Edge]]:
    ids = {v: i for i, v in enumerate(sorted(G, key=str), start=1)}
    nodes = [Node(id=i, nama=str(v), sektor="warga") for v, i in ids.items()]
    edges = [Edge(ids[u], ids[v], 1 + (ids[u] + ids[v]) % 5) for u, v in G.edges()]
    return nodes, edges


def kelurahan_clusters(n_desa: int, *, per_desa: int = 50, seed: int = 7) -> nx.Graph:
    """Shaped like a kabupaten: dense desa, a few ties to the next desa, a few hubs reaching anywhere."""
    rng = random.Random(seed)
    G = nx.Graph()
    groups = [list(range(d * per_desa, (d + 1) * per_desa)) for d in range(n_desa)]
    G.add_nodes_from(range(n_desa * per_desa))
    weight = {v: rng.choice((1, 1, 1, 1, 2, 2, 3, 5, 8)) for v in G}

    def pick(left: list[int], right: list[int], count: int) -> None:
        lw, rw = [weight[v] for v in left], [weight[v] for v in right]
        for _ in range(count):
            a, b = rng.choices(left, lw)[0], rng.choices(right, rw)[0]
            if a != b:
                G.add_edge(a, b)

    for i, group in enumerate(groups):
        pick(group, group, 170)
        pick(group, groups[(i + 1) % n_desa], 25)
    pick(list(G), list(G), 5 * n_desa)
    return G


GRAPHS = {
    "florentine": nx.florentine_families_graph,
    "karate": nx.karate_club_graph,
    "desa": lambda: kelurahan_clusters(40),  # 2,000 lembaga
}


@pytest.mark.parametrize("name", GRAPHS)
def test_both_engines_give_the_same_report(name):
    nodes, edges = from_networkx(GRAPHS[name]())
    sources = 5000 if name != "desa" else 400  # exact on the small graphs; sampled on the big one

    reference = analyse(nodes, edges, engine="networkx", betweenness_sources=sources)
    fast = analyse(nodes, edges, engine="igraph", betweenness_sources=sources)

    assert (reference["engine"], fast["engine"]) == ("networkx", "igraph")
    # An estimate follows the communities the engine found (its sources are spread over them).
    varies = ENGINE_DEPENDENT | ({"top_betweenness", "betweenness_error"} if name == "desa" else set())
    assert {k: v for k, v in fast.items() if k not in varies} == {k: v for k, v in reference.items() if k not in varies}
    assert fast["modularity"] == pytest.approx(reference["modularity"], abs=0.01)
    if name == "desa":
        top = {row["id"] for row in reference["top_betweenness"]} & {row["id"] for row in fast["top_betweenness"]}
        assert len(top) >= 7
    else:
        assert fast["top_betweenness"] == reference["top_betweenness"]


def test_both_engines_count_the_same_shortest_paths_from_the_same_sources():
    G = build_graph(*from_networkx(kelurahan_clusters(40)))
    sources = sorted(random.Random(3).sample(list(G), 60))

    reference = engines.NetworkxEngine().betweenness(G, sources)
    fast = engines.IgraphEngine(engines._igraph()).betweenness(G, sources)

    assert fast.keys() == reference.keys()
    assert max(abs(fast[v] - reference[v]) for v in G) < 1e-6
    assert engines.IgraphEngine(engines._igraph()).articulation_points(G) == set(nx.articulation_points(G))


def test_the_engine_gives_the_same_communities_for_the_same_data():
    nodes, edges = from_networkx(kelurahan_clusters(20))

    first = analyse(nodes, edges, engine="igraph")
    again = analyse(list(reversed(nodes)), list(reversed(edges)), engine="igraph")

    assert first["communities"] == again["communities"] and len(first["communities"]) >= 10
    assert first["top_betweenness"] == again["top_betweenness"]


def test_estimated_brokers_share_most_of_the_exact_top_ten():
    G = build_graph(*from_networkx(kelurahan_clusters(60)))  # 3,000 lembaga
    fast = engines.IgraphEngine(engines._igraph())
    found = fast.communities(G, 42)
    exact = betweenness(G, fast, sources=10_000, communities=found, seed=42)
    # A tenth of the lembaga as sources, as a kabupaten's default 1,000 of 15,000 is a fifteenth.
    estimate = betweenness(G, fast, sources=300, communities=found, seed=42)

    def top10(scores: dict[int, float]) -> set[int]:
        return set(sorted(scores, key=lambda v: (-scores[v], v))[:10])

    assert (exact.method, estimate.method, estimate.sources) == ("exact", "sampled", 300)
    assert len(top10(exact.scores) & top10(estimate.scores)) >= 6
    # The stated error is honest: no top lembaga's estimate is off by more than three standard errors.
    worst = max(abs(estimate.scores[v] - exact.scores[v]) / estimate.scores[v] for v in top10(estimate.scores))
    assert estimate.error > 0 and worst <= 3 * estimate.error


def test_without_igraph_the_report_falls_back_to_networkx_and_says_so(monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "igraph", None)  # what `import igraph` meets on a platform without wheels
    engines._igraph.cache_clear()
    nodes, edges = from_networkx(nx.karate_club_graph())

    try:
        with caplog.at_level(logging.WARNING, logger="pranata.network.engine"):
            result = analyse(nodes, edges, engine_min_nodes=10)
        small = analyse(nodes, edges, engine_min_nodes=100)
    finally:
        engines._igraph.cache_clear()

    assert "igraph cannot be imported" in caplog.text

    assert (result["engine"], result["engine_fallback"]) == ("networkx", True)
    assert (small["engine"], small["engine_fallback"]) == ("networkx", False)
    assert result["top_betweenness"] == small["top_betweenness"]


# --- The compiled engine on tiny graphs -------------------------------------------------------------------


class CountingIgraph:
    """igraph as the engine sees it, counting how often a graph is converted."""

    def __init__(self) -> None:
        self.real = engines._igraph()
        self.conversions = 0

    def Graph(self, *args, **kwargs):
        self.conversions += 1
        return self.real.Graph(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_the_compiled_engine_converts_a_graph_once_and_a_new_graph_afresh():
    spy = CountingIgraph()
    fast = engines.IgraphEngine(spy)
    path, pair = build_graph(*from_networkx(nx.path_graph(4))), build_graph(*from_networkx(nx.path_graph(2)))

    assert fast.component_sizes(path) == [4]
    assert fast.articulation_points(path) == {2, 3}
    assert spy.conversions == 1  # a report asks several questions about the same graph
    assert fast.component_sizes(pair) == [2]
    assert spy.conversions == 2


def tiny(n: int, *pairs: tuple[int, int]) -> nx.Graph:
    return build_graph([Node(i, f"Lembaga {i}", "warga") for i in range(1, n + 1)], [Edge(a, b, 1) for a, b in pairs])


@pytest.mark.parametrize("engine", [engines.NetworkxEngine, lambda: engines.IgraphEngine(engines._igraph())])
def test_either_engine_finds_the_one_community_of_a_single_tie(engine):
    assert engine().communities(tiny(2, (1, 2)), 42) == [{1, 2}]


def test_the_compiled_engine_is_chosen_by_default_from_300_lembaga():
    assert (engines.choose(299).engine.name, engines.choose(300).engine.name) == ("networkx", "igraph")


def test_the_compiled_engine_leaves_isolates_out_of_the_communities():
    G = tiny(7, (1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4))

    found = engines.IgraphEngine(engines._igraph()).communities(G, 42)

    assert sorted(sorted(c) for c in found) == [[1, 2, 3], [4, 5, 6]]


def test_the_compiled_engine_hands_pythons_random_back_to_igraph_after_louvain():
    ig = engines._igraph()

    def drawn() -> list[tuple[int, int]]:
        random.seed(5)  # igraph draws from Python's `random` unless told otherwise
        return ig.Graph.Erdos_Renyi(n=30, p=0.2).get_edgelist()

    before = drawn()
    engines.IgraphEngine(ig).communities(tiny(4, (1, 2), (3, 4)), 42)

    assert drawn() == before


# --- How an estimate is drawn and how good it says it is ------------------------------------------------


class FixedDraw:
    """A random generator whose every draw is the same number in [0, 1)."""

    def __init__(self, value: float) -> None:
        self.value = value

    def random(self) -> float:
        return self.value


def test_sources_are_drawn_evenly_spaced_from_one_random_start():
    # 10 lembaga, 5 sources: every second one, starting 0.15 · 2 = 0.3 into the list.
    assert centrality._systematic(list("abcdefghij"), 5, FixedDraw(0.15)) == ["a", "c", "e", "g", "i"]
    # 5 lembaga, 4 sources: a step of 1.25 from 1.125 gives places 1.125, 2.375, 3.625, 4.875.
    assert centrality._systematic(list("abcde"), 4, FixedDraw(0.9)) == ["b", "c", "d", "e"]


def test_a_start_at_the_very_end_of_the_first_step_still_draws_inside_the_list():
    # 1.5 · (1 - 2⁻⁵³) rounds to 1.5, so the second place is 3.0: one past the end without the guard.
    assert centrality._systematic(list("abc"), 2, FixedDraw(1 - 2**-53)) == ["b", "c"]


def test_the_stated_error_is_the_standard_error_of_the_mean_relative_to_it():
    # Batches 1, 2, 3: mean 2, standard deviation 1, standard error 1/√3 = 0.57735, relative 0.288675.
    estimates = [{7: 1.0, 8: 0.0}, {7: 2.0, 8: 0.0}, {7: 3.0, 8: 0.0}]

    assert centrality._top_error(estimates, {7: 2.0, 8: 0.0}, top=10) == 0.2887


def test_an_estimate_with_no_broker_states_no_error():
    G = tiny(6, (1, 2), (3, 4), (5, 6))  # three separate pairs: nobody sits between two others

    result = betweenness(G, engines.NetworkxEngine(), sources=2, communities=[{1, 2}, {3, 4}, {5, 6}], seed=42)

    assert (result.method, result.error) == ("sampled", None)
    assert set(result.scores.values()) == {0.0}


def test_sources_are_drawn_community_by_community_from_the_lembaga_with_a_tie():
    G = tiny(8, (1, 2), (2, 3), (4, 5), (5, 6), (7, 1))  # 8 has no tie

    population = centrality._population(G, [{4, 5, 6}, {1, 2, 3}], seed=42)

    assert set(population[:3]) == {4, 5, 6} and set(population[3:6]) == {1, 2, 3}
    assert population[6:] == [7]  # linked but in no community: after them; the lone 8 never


def karate_graph() -> nx.Graph:
    return build_graph(*from_networkx(nx.karate_club_graph()))


def test_the_stated_error_covers_the_top_ten_by_default():
    G, engine = karate_graph(), engines.NetworkxEngine()
    found = engine.communities(G, 42)

    def error(**top) -> float:
        return betweenness(G, engine, sources=10, communities=found, seed=16, **top).error

    assert error() == error(top=10)
    assert error(top=11) != error(top=10)  # the 11th lembaga's estimate is less sure than any of the ten


# --- Seeds and isolates: what each engine must not depend on --------------------------------------------


@pytest.mark.parametrize("engine", [engines.NetworkxEngine, lambda: engines.IgraphEngine(engines._igraph())])
def test_the_same_seed_gives_the_same_communities_whatever_pythons_random_state(engine):
    # On the karate club Louvain splits differently from one seed to the next (4 groups of 11/5/12/6 lembaga
    # or 11/5/14/4 …): a report must depend on its own seed only, never on what else drew from `random`.
    G, fast = karate_graph(), engine()
    found = []
    for state in range(8):
        random.seed(state)
        found.append(sorted(sorted(c) for c in fast.communities(G, 42)))

    assert all(split == found[0] for split in found)
    assert sorted(v for c in found[0] for v in c) == list(range(1, 35)) and len(found[0]) >= 3


@pytest.mark.parametrize("engine", [engines.NetworkxEngine, lambda: engines.IgraphEngine(engines._igraph())])
def test_either_engine_gives_the_hand_computed_modularity_with_an_isolate_left_out(engine):
    # Two triangles joined by the tie 3–4, and lembaga 7 alone: m = 7 ties; each triangle holds 3 ties and
    # degrees 2 + 2 + 3 = 7, so Q = 2 · (3/7 − (7/14)²) = 5/14. The isolate changes nothing.
    G = tiny(7, (1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4))

    assert engine().modularity(G, [{1, 2, 3}, {4, 5, 6}]) == pytest.approx(5 / 14, abs=1e-12)
    # All in one group: Q = 7/7 − (14/14)² = 0.
    assert engine().modularity(G, [{1, 2, 3, 4, 5, 6}]) == pytest.approx(0.0, abs=1e-12)
