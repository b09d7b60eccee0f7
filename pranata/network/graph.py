"""A scope's network as a graph: lembaga as nodes, their strongest tie per pair as edges.

Plain records in (`Node`, `Edge`, built by `pranata.reports.loading` from the database); nothing in this
package knows about Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import networkx as nx

EXPORT_NODE_ATTRS = ("kode", "nama", "sektor", "jenis", "pranata", "wilayah", "wilayah_kode")

Pair = tuple[int, int]
Listing = tuple[int, str, str]  # a need or a resource: (lembaga_id, jenis, uraian)


@dataclass(frozen=True)
class Node:
    """One lembaga as the network sees it."""

    id: int
    nama: str
    sektor: str  # one of "warga", "pemerintah", "dunia_usaha", "donatur", "lsm"
    kode: str = ""
    pranata: str = ""
    wilayah: str = ""  # kelurahan name
    wilayah_kode: str = ""  # kelurahan Kemendagri code, e.g. "16.71.05.1006"
    jenis: str = ""  # the kind of institution (models.JenisLembaga), e.g. "karang_taruna", "lks", "lk3"


@dataclass(frozen=True)
class Edge:
    """One kerjasama tie between lembaga `a` and `b` at stage `tahap` (1..5) of the ladder."""

    a: int
    b: int
    tahap: int
    mulai: date | None = None


def _r(value: float) -> float:
    return round(float(value), 4)


def _pair(a: int, b: int) -> Pair:
    return (a, b) if a <= b else (b, a)


def _strongest_ties(edges: Iterable[Edge], scope: set[int] | None = None) -> dict[Pair, Edge]:
    """One tie per pair: a pair recorded twice counts at its highest stage."""
    best: dict[Pair, Edge] = {}
    for edge in edges:
        outside = scope is not None and (edge.a not in scope or edge.b not in scope)
        if edge.a == edge.b or outside:
            continue
        pair = _pair(edge.a, edge.b)
        if pair not in best or edge.tahap > best[pair].tahap:
            best[pair] = edge
    return best


def _node_attrs(node: Node) -> dict[str, str]:
    return {attr: getattr(node, attr) for attr in EXPORT_NODE_ATTRS}


def build_graph(nodes: Iterable[Node], edges: Iterable[Edge]) -> nx.Graph:
    """The network of a scope: lembaga as nodes, their strongest tie per pair as edges.

    Ties reaching a lembaga outside the scope are left out, so a kelurahan report only counts its own ties.
    Nodes and edges are added in id order so that seeded algorithms give the same answer for the same data.
    """
    G = nx.Graph()
    for node in sorted(nodes, key=lambda n: n.id):
        G.add_node(node.id, **_node_attrs(node))
    ties = _strongest_ties(edges, scope=set(G))
    for (a, b), edge in sorted(ties.items()):
        G.add_edge(a, b, tahap=int(edge.tahap), mulai=edge.mulai.isoformat() if edge.mulai else "")
    return G
