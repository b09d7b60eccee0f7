"""The network as files for Gephi, yEd and Cytoscape: GraphML, GEXF and a dynamic GEXF timeline."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import networkx as nx

from .graph import EXPORT_NODE_ATTRS, Node

NO_NAMES: Mapping[str, str] = {}  # no labels given: the sektor code stands for its name
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: object) -> str:
    """Text an XML 1.0 file can hold: the characters XML forbids (which Gephi refuses) are dropped."""
    return _NOT_XML.sub("", str(value or ""))


def _node_attrs(data: Mapping[str, object], sektor_names: Mapping[str, str]) -> dict[str, str]:
    """A node's attributes in a file: every export attribute (writers reject None, and Gephi wants the same
    set on every node), the sektor as its readable name and, beside it, its code."""
    attrs = {attr: xml_text(data.get(attr)) for attr in EXPORT_NODE_ATTRS}
    attrs["sektor_kode"] = attrs["sektor"]
    attrs["sektor"] = xml_text(sektor_names.get(attrs["sektor"], attrs["sektor"]))
    return attrs


def _export_graph(G: nx.Graph, *, sektor_names: Mapping[str, str], label: bool = False) -> nx.Graph:
    H = nx.Graph()
    for v, data in G.nodes(data=True):
        attrs = _node_attrs(data, sektor_names)
        H.add_node(v, **attrs, **({"label": attrs["nama"]} if label else {}))
    for u, v, data in G.edges(data=True):
        H.add_edge(u, v, tahap=int(data.get("tahap", 1)), mulai=str(data.get("mulai") or ""))
    return H


def to_graphml(G: nx.Graph, *, sektor_names: Mapping[str, str] = NO_NAMES) -> bytes:
    """The network as GraphML (Gephi, yEd, Cytoscape), with lembaga attributes and each tie's stage."""
    buffer = io.BytesIO()
    nx.write_graphml(_export_graph(G, sektor_names=sektor_names), buffer)
    return buffer.getvalue()


def to_gexf(G: nx.Graph, *, sektor_names: Mapping[str, str] = NO_NAMES) -> bytes:
    """The network as GEXF for Gephi; lembaga names double as node labels."""
    buffer = io.BytesIO()
    nx.write_gexf(_export_graph(G, sektor_names=sektor_names, label=True), buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class TieHistory:
    """A tie's whole life: when it started and ended, and each dated stage."""

    a: int
    b: int
    mulai: date
    selesai: date | None
    stages: tuple[tuple[date, int], ...]


def _stage_spells(tie: TieHistory) -> list[tuple[int, str, str | None]]:
    """Each stage from its date to the next stage's date (the last one to the tie's end, or open)."""
    ends = [when.isoformat() for when, _tahap in tie.stages[1:]] + [tie.selesai.isoformat() if tie.selesai else None]
    return [(tahap, when.isoformat(), end) for (when, tahap), end in zip(tie.stages, ends, strict=True)]


def to_dynamic_gexf(
    nodes: Sequence[Node], ties: Sequence[TieHistory], *, sektor_names: Mapping[str, str] = NO_NAMES
) -> bytes:
    """The network's growth for Gephi's timeline: each tie exists from its start to its end, and its stage is a
    time-spelled attribute, so a researcher can replay how ties appeared and climbed the ladder."""
    G = nx.Graph(mode="dynamic")
    for node in sorted(nodes, key=lambda n: n.id):
        attrs = _node_attrs({attr: getattr(node, attr) for attr in EXPORT_NODE_ATTRS}, sektor_names)
        G.add_node(node.id, **attrs, label=attrs["nama"])
    for tie in sorted(ties, key=lambda t: (t.a, t.b)):
        if tie.a in G and tie.b in G and tie.stages:
            span = {"start": tie.mulai.isoformat(), **({"end": tie.selesai.isoformat()} if tie.selesai else {})}
            G.add_edge(tie.a, tie.b, tahap=_stage_spells(tie), **span)
    buffer = io.BytesIO()
    nx.write_gexf(G, buffer)
    return buffer.getvalue()
