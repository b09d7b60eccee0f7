"""networkx and igraph give the same report; the estimated brokers agree with exact betweenness."""

from __future__ import annotations

import logging
import random
import sys

import networkx as nx
import pytest

from pranata.network import Edge, Node, analyse, build_graph
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
