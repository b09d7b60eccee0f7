"""The engine seam: the few algorithms whose cost dominates a big scope, in networkx or in igraph.

networkx is the analysis API and the reference implementation, and what small scopes use. igraph (C core,
GPL-2.0-or-later, abi3 wheels for CPython ≥ 3.9 on Linux, macOS and Windows) computes the same figures one to
two orders of magnitude faster on a kabupaten. Both take the same `nx.Graph` and answer in lembaga ids, so the
rest of the package never knows which one ran. If igraph cannot be imported (a platform without wheels), the
report falls back to networkx, logs it once, and `EngineChoice.fallback` lets the page say so.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import networkx as nx

log = logging.getLogger(__name__)

NETWORKX = "networkx"
IGRAPH = "igraph"


class Engine(Protocol):
    name: str

    def communities(self, G: nx.Graph, seed: int) -> list[set[int]]:
        """Louvain communities of the lembaga that have a tie (isolates are left out)."""

    def modularity(self, G: nx.Graph, communities: list[set[int]]) -> float: ...

    def betweenness(self, G: nx.Graph, sources: Sequence[int] | None = None) -> dict[int, float]:
        """Unnormalised betweenness, each unordered pair of lembaga counted once; with `sources`, only the
        shortest paths that start at one of them (half of each source's dependency), for sampling."""

    def articulation_points(self, G: nx.Graph) -> set[int]: ...

    def component_sizes(self, G: nx.Graph) -> list[int]: ...


def _linked(G: nx.Graph) -> nx.Graph:
    # A copy rather than a subgraph view keeps G's node order, which Louvain's seeded shuffle depends on.
    H = G.copy()
    H.remove_nodes_from(list(nx.isolates(G)))
    return H


class NetworkxEngine:
    name = NETWORKX

    def communities(self, G: nx.Graph, seed: int) -> list[set[int]]:
        H = _linked(G)
        if H.number_of_edges() == 0:
            return []
        return [set(c) for c in nx.community.louvain_communities(H, seed=seed)]

    def modularity(self, G: nx.Graph, communities: list[set[int]]) -> float:
        return nx.community.modularity(_linked(G), communities)

    def betweenness(self, G: nx.Graph, sources: Sequence[int] | None = None) -> dict[int, float]:
        if sources is None:
            return nx.betweenness_centrality(G, normalized=False)
        return nx.betweenness_centrality_subset(G, sources=list(sources), targets=list(G), normalized=False)

    def articulation_points(self, G: nx.Graph) -> set[int]:
        return set(nx.articulation_points(G))

    def component_sizes(self, G: nx.Graph) -> list[int]:
        return [len(c) for c in nx.connected_components(G)]


class IgraphEngine:
    """igraph over a copy of the graph with vertices 0..n-1 in G's node order (ids mapped back on return)."""

    name = IGRAPH

    def __init__(self, igraph_module) -> None:
        self._ig = igraph_module
        self._converted: tuple[nx.Graph, object, list[int]] | None = None

    def _graph(self, G: nx.Graph):
        # One conversion per graph: a report asks the engine four questions about the same G. The graph itself
        # is kept (not its id, which a later graph may reuse once this one is gone).
        if self._converted is None or self._converted[0] is not G:
            ids = list(G)
            index = {v: i for i, v in enumerate(ids)}
            edges = [(index[u], index[v]) for u, v in G.edges()]
            self._converted = (G, self._ig.Graph(n=len(ids), edges=edges), ids)
        return self._converted[1], self._converted[2]

    def communities(self, G: nx.Graph, seed: int) -> list[set[int]]:
        graph, ids = self._graph(G)
        if graph.ecount() == 0:
            return []
        # igraph draws from Python's `random` unless told otherwise: a seeded generator of our own keeps the
        # result the same for the same data, and leaves the process-wide generator alone.
        self._ig.set_random_number_generator(random.Random(seed))
        try:
            clustering = graph.community_multilevel()
        finally:
            self._ig.set_random_number_generator(random)
        groups = [{ids[i] for i in members} for members in clustering]
        return [group for group in groups if len(group) > 1 or G.degree(next(iter(group)))]

    def modularity(self, G: nx.Graph, communities: list[set[int]]) -> float:
        graph, ids = self._graph(G)
        placed = {v: c for c, members in enumerate(communities, start=1) for v in members}
        # Isolates (not in any community) all go to group 0: with no ties they change no term of the
        # modularity sum, whichever group holds them.
        return float(graph.modularity([placed.get(v, 0) for v in ids]))

    def betweenness(self, G: nx.Graph, sources: Sequence[int] | None = None) -> dict[int, float]:
        graph, ids = self._graph(G)
        if sources is None:
            values = graph.betweenness(directed=False)
        else:
            index = {v: i for i, v in enumerate(ids)}
            values = graph.betweenness(directed=False, sources=[index[v] for v in sources])
        return dict(zip(ids, (float(x) for x in values), strict=True))

    def articulation_points(self, G: nx.Graph) -> set[int]:
        graph, ids = self._graph(G)
        return {ids[i] for i in graph.articulation_points()}

    def component_sizes(self, G: nx.Graph) -> list[int]:
        graph, _ids = self._graph(G)
        return list(graph.connected_components().sizes())


@cache
def _igraph():
    try:
        import igraph
    except ImportError as exc:
        log.warning("igraph cannot be imported (%s); network reports use networkx", exc)
        return None
    return igraph


@dataclass(frozen=True)
class EngineChoice:
    engine: Engine
    fallback: bool  # the compiled engine was wanted but could not be imported


def choose(n_nodes: int, *, preferred: str = "auto", min_nodes: int = 300) -> EngineChoice:
    """networkx for small scopes (and when asked), igraph from `min_nodes` lembaga up when it imports."""
    wanted = preferred == IGRAPH or (preferred == "auto" and n_nodes >= min_nodes)
    if not wanted:
        return EngineChoice(NetworkxEngine(), fallback=False)
    module = _igraph()
    if module is None:
        return EngineChoice(NetworkxEngine(), fallback=True)
    return EngineChoice(IgraphEngine(module), fallback=False)
