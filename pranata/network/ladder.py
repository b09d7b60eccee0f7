"""The ladder komunikasi → kooperasi → koordinasi → kolaborasi → konfederasi, and how far a network climbed it.

Stages are numbers here; their names (translated) belong to `pranata.models.Tahap`, which is built on
STAGES, and are given by the presentation layer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

import networkx as nx

STAGES: tuple[int, ...] = (1, 2, 3, 4, 5)


class Rung(TypedDict):
    """One stage of the coverage ladder."""

    tahap: int
    terbesar: int  # lembaga in the largest group joined by ties at this stage or higher
    cakupan: float  # that group as a share of the scope's active lembaga


def _find(parent: dict[int, int], v: int) -> int:
    while parent[v] != v:
        parent[v] = parent[parent[v]]
        v = parent[v]
    return v


def largest_by_stage(ties: Iterable[tuple[int, int, int]]) -> dict[int, int]:
    """Largest group joined by ties (a, b, tahap) at stage ≥ k, for every k, in one union-find pass from the
    top stage down. Only lembaga with a tie at that stage count, so a lembaga without one never forms a
    "group of one"."""
    parent: dict[int, int] = {}
    size: dict[int, int] = {}
    largest, result = 0, {}
    by_stage = sorted(ties, key=lambda edge: -edge[2])
    i = 0
    for k in sorted(STAGES, reverse=True):
        while i < len(by_stage) and by_stage[i][2] >= k:
            u, v, _tahap = by_stage[i]
            for node in (u, v):
                if node not in parent:
                    parent[node], size[node] = node, 1
                    largest = max(largest, 1)
            ru, rv = _find(parent, u), _find(parent, v)
            if ru != rv:
                if size[ru] < size[rv]:
                    ru, rv = rv, ru
                parent[rv] = ru
                size[ru] += size[rv]
                largest = max(largest, size[ru])
            i += 1
        result[k] = largest
    return result


def coverage_ladder(G: nx.Graph, n_active: int) -> list[Rung]:
    """For each stage k, how much of the scope one connected group of ties at stage ≥ k reaches.

    "terbesar" is the number of lembaga in the largest group joined by ties at stage k or higher; "cakupan"
    is that number as a share of the active lembaga in scope (0.5 = half of them are in one such group).
    """
    return ladder_of(largest_by_stage(G.edges(data="tahap")), n_active)


def ladder_of(largest: dict[int, int], n_active: int) -> list[Rung]:
    """The ladder from the largest group per stage (`largest_by_stage`) and the number of active lembaga."""
    return [Rung(tahap=k, terbesar=largest[k], cakupan=largest[k] / n_active if n_active else 0.0) for k in STAGES]


def network_stage(ladder: list[Rung], threshold: float = 0.5) -> int:
    """The stage of the network as a whole: the highest stage whose coverage reaches the threshold.

    0 means "belum terbentuk": not even ties of the first stage join that share of the lembaga.
    """
    return max((rung["tahap"] for rung in ladder if rung["cakupan"] >= threshold), default=0)


def direction(now: int, before: int | None) -> str:
    """How a network stage moved since an earlier date: "naik", "turun" or "tetap"; "" when there is no
    earlier figure. One rule for the report's drill-down and the home pages."""
    if before is None:
        return ""
    return "naik" if now > before else "turun" if now < before else "tetap"
