"""Every figure of the network report for one scope at one date: counts, ladder, shape, communities, brokers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx

from . import centrality
from .engine import Engine, choose
from .graph import Edge, Node, _r, build_graph
from .ladder import STAGES, coverage_ladder, network_stage


def degree_centralization(G: nx.Graph) -> float:
    """How much the network leans on one lembaga: 1.0 for a star (all ties go through one hub), 0.0 when
    every lembaga has the same number of partners (Freeman's degree centralisation)."""
    n = G.number_of_nodes()
    if n < 3:
        return 0.0
    degrees = [d for _, d in G.degree()]
    hub = max(degrees)
    return sum(hub - d for d in degrees) / ((n - 1) * (n - 2))


def _tie_counts(G: nx.Graph) -> dict:
    """How many lembaga and ties, ties per stage (count, share, mean), lembaga per sektor and per jenis (the
    PSKS kinds among them: LKS, karang taruna, LK3, WKSBM, dunia usaha UKS)."""
    stages = [tahap for _, _, tahap in G.edges(data="tahap")]
    per, m = Counter(stages), len(stages)
    return {
        "n_lembaga": G.number_of_nodes(),
        "n_kerjasama": m,
        "per_tahap": {k: per[k] for k in STAGES},
        "share_tahap": {k: _r(per[k] / m) if m else 0.0 for k in STAGES},
        "mean_tahap": _r(sum(stages) / m) if m else None,
        "per_sektor": dict(sorted(Counter(sektor for _, sektor in G.nodes(data="sektor")).items())),
        "per_jenis": dict(sorted(Counter(jenis for _, jenis in G.nodes(data="jenis") if jenis).items())),
    }


def _shape(G: nx.Graph, engine: Engine) -> dict:
    """Density, degree, centralisation, fragmentation and single points of failure."""
    n, m = G.number_of_nodes(), G.number_of_edges()
    sizes = engine.component_sizes(G)
    return {
        "density": _r(nx.density(G)) if n >= 2 else 0.0,
        "avg_degree": _r(2 * m / n) if n else 0.0,
        "centralization": _r(degree_centralization(G)),
        "n_components": len(sizes),
        "largest_component": max(sizes, default=0),
        "isolates": sorted(nx.isolates(G)),
        "articulation_points": sorted(engine.articulation_points(G)),
    }


def _communities(G: nx.Graph, engine: Engine, seed: int) -> tuple[dict, list[set[int]]]:
    """Groups of lembaga tied more among themselves than to the rest (Louvain), and how clear-cut they are."""
    found = engine.communities(G, seed)
    if not found:
        return {"communities": [], "modularity": None}, []
    groups = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    return {"communities": groups, "modularity": _r(engine.modularity(G, found))}, found


def _top(G: nx.Graph, values: dict[int, float], top: int) -> list[dict]:
    ranked = sorted((-value, v) for v, value in values.items() if value > 0)[:top]
    return [{"id": v, "nama": G.nodes[v]["nama"], "nilai": -value} for value, v in ranked]


def _brokers(G: nx.Graph, result: centrality.Betweenness, top: int) -> dict:
    """Brokers: lembaga that sit on many shortest paths between others, exact or a stated estimate."""
    # Ranked on the shown value so that equal-looking scores are ordered by id, not by float noise.
    rounded = {v: _r(score) for v, score in result.scores.items()}
    sampled = result.method == "sampled"
    return {
        "top_betweenness": _top(G, rounded, top),
        "betweenness_sampled": sampled,
        "betweenness_k": result.sources if sampled else None,
        "betweenness_error": result.error,
    }


def _sektor_matrix(G: nx.Graph) -> dict[str, dict[str, int]]:
    """Ties between each pair of sektor, e.g. how often warga groups work with dunia usaha."""
    sektor = sorted({s for _, s in G.nodes(data="sektor")})
    matrix = {a: dict.fromkeys(sektor, 0) for a in sektor}
    for u, v in G.edges():
        a, b = G.nodes[u]["sektor"], G.nodes[v]["sektor"]
        matrix[a][b] += 1
        if a != b:
            matrix[b][a] += 1
    return matrix


def _rounded(ladder: list[dict]) -> list[dict]:
    return [{**rung, "cakupan": _r(rung["cakupan"])} for rung in ladder]


@dataclass(frozen=True)
class Analysis:
    """`figures` (what `analyse` returns) and every lembaga's betweenness they ranked the brokers on, for a
    caller that shows it too (the map sizes lembaga by it): computed once, the costliest figure."""

    figures: dict
    betweenness: dict[int, float]


def analyse(nodes: Sequence[Node], edges: Sequence[Edge], **options) -> dict:
    """Every figure of the network report for one scope at one date, JSON-ready (floats to 4 decimals); the
    options are `analysis`'s."""
    return analysis(nodes, edges, **options).figures


def analysis(
    nodes: Sequence[Node],
    edges: Sequence[Edge],
    *,
    threshold: float = 0.5,
    betweenness_sources: int = 1000,
    engine: str = "auto",
    engine_min_nodes: int = 300,
    seed: int = 42,
    top: int = 10,
    graph: nx.Graph | None = None,
) -> Analysis:
    """`analyse`'s figures with the betweenness of every lembaga (unrounded) they were ranked on.

    `graph` may pass the result of build_graph(nodes, edges) when the caller has it already. `engine` is
    "auto" (igraph from `engine_min_nodes` lembaga up, networkx below), "networkx" or "igraph".
    """
    G = graph if graph is not None else build_graph(nodes, edges)
    chosen = choose(G.number_of_nodes(), preferred=engine, min_nodes=engine_min_nodes)
    ladder = coverage_ladder(G, G.number_of_nodes())
    communities, found = _communities(G, chosen.engine, seed)
    brokers = centrality.betweenness(
        G, chosen.engine, sources=betweenness_sources, communities=found, seed=seed, top=top
    )
    figures = {
        **_tie_counts(G),
        "ladder": _rounded(ladder),
        # Judged on unrounded coverage: 0.49996 must not pass a 0.5 threshold.
        "tahap_jaringan": network_stage(ladder, threshold),
        "threshold": threshold,
        **_shape(G, chosen.engine),
        **communities,
        "top_degree": _top(G, dict(G.degree()), top),
        **_brokers(G, brokers, top),
        "sektor_matrix": _sektor_matrix(G),
        "engine": chosen.engine.name,
        "engine_fallback": chosen.fallback,
    }
    return Analysis(figures, brokers.scores)
