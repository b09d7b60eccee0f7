"""Drawing a scope: stable positions, and a big scope summarised as one node per wilayah group."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import networkx as nx

from .compare import edge_map
from .graph import Edge, Node

LAYOUT_MARGIN = 0.03


def _fit(value: float, lo: float, hi: float) -> float:
    if hi - lo < 1e-12:
        return 0.5
    return round(LAYOUT_MARGIN + (value - lo) / (hi - lo) * (1 - 2 * LAYOUT_MARGIN), 4)


ISOLATE_ROW = 16  # lembaga without ties per row of the band below the drawing
ISOLATE_BAND = 0.12  # the band's share of the height


def layout(G: nx.Graph, *, seed: int = 42) -> dict[int, tuple[float, float]]:
    """Positions for the network diagram, x and y within [0.03, 0.97], the same every time for the same data.

    Lembaga with ties are spread by a force layout over the upper part; those without any are lined up in a
    band along the bottom (a force layout throws them to the far edges and crowds everyone else into the
    middle), in id order."""
    if G.number_of_nodes() <= 1:
        return {v: (0.5, 0.5) for v in G}
    linked = [v for v in G if G.degree(v) > 0]
    alone = sorted(v for v in G if G.degree(v) == 0)
    raw: dict[int, tuple[float, float]] = {}
    top = 1.0 - ISOLATE_BAND if alone and linked else 1.0
    if linked:
        # A longer ideal distance than networkx's default spreads the central cluster over the box.
        spread = nx.spring_layout(G.subgraph(linked), seed=seed, k=1.6 / len(linked) ** 0.5, iterations=80)
        xs, ys = [float(p[0]) for p in spread.values()], [float(p[1]) for p in spread.values()]
        for v, (x, y) in spread.items():
            raw[v] = (_unit(float(x), min(xs), max(xs)), _unit(float(y), min(ys), max(ys)) * top)
    rows = -(-len(alone) // ISOLATE_ROW)
    for i, v in enumerate(alone):
        row, col = divmod(i, ISOLATE_ROW)
        in_row = min(ISOLATE_ROW, len(alone) - row * ISOLATE_ROW)
        x = (col + 0.5) / in_row if in_row > 1 or not linked else 0.5
        y = top + (ISOLATE_BAND * (row + 0.5) / rows if linked else 0.5)
        raw[v] = (x, y)
    xs, ys = [p[0] for p in raw.values()], [p[1] for p in raw.values()]
    return {v: (_fit(x, min(xs), max(xs)), _fit(y, min(ys), max(ys))) for v, (x, y) in raw.items()}


def _unit(value: float, lo: float, hi: float) -> float:
    return 0.5 if hi - lo < 1e-12 else (value - lo) / (hi - lo)


def group_sizes(nodes: Sequence[Node], *, key: Callable[[Node], str]) -> dict[str, int]:
    """How many lembaga each group of a summarised drawing stands for, by group key."""
    return dict(sorted(Counter(key(node) for node in nodes).items()))


def _group_names(nodes: Sequence[Node], key: Callable[[Node], str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for node in nodes:
        if node.wilayah:
            names.setdefault(key(node), node.wilayah)
    return names


def summarise(
    nodes: Sequence[Node], edges: Sequence[Edge], *, key: Callable[[Node], str]
) -> tuple[list[Node], list[Edge]]:
    """A big scope drawn as one node per group (e.g. per kelurahan), too many lembaga to draw one by one.

    Two groups are tied when any of their lembaga are, at the highest stage among those ties; ties inside a
    group disappear. Group ids run from 1 in key order.
    """
    keys = sorted({key(node) for node in nodes})
    group_id = {k: i for i, k in enumerate(keys, start=1)}
    member = {node.id: group_id[key(node)] for node in nodes}
    names = _group_names(nodes, key)
    groups = [Node(id=group_id[k], nama=names.get(k, k), sektor="warga", wilayah_kode=k) for k in keys]
    ties = (Edge(member[e.a], member[e.b], e.tahap) for e in edges if e.a in member and e.b in member)
    return groups, [Edge(a, b, tahap) for (a, b), tahap in sorted(edge_map(ties).items())]
