"""A scope's areas one level down (the kecamatan of a kabupaten, the kelurahan of a kecamatan) and how far
each one's own network climbed: the figures its own report gives, computed from the scope's graph.

An area's report counts the ties between two of its lembaga, which is the scope's graph restricted to the
area's lembaga; so the figures here equal the area reports without loading each area again.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import TypedDict

import networkx as nx

from .graph import _r
from .ladder import coverage_ladder, network_stage


class Area(TypedDict):
    kode: str
    n_lembaga: int
    n_kerjasama: int
    tahap_jaringan: int  # 0 = belum terbentuk
    cakupan: float  # coverage at the area's own stage (at stage 1 when it has none)
    density: float
    mean_tahap: float | None


def _area(kode: str, G: nx.Graph, members: list[int], threshold: float) -> Area:
    sub = G.subgraph(members)
    n, m = len(members), sub.number_of_edges()
    ladder = coverage_ladder(sub, n)
    stage = network_stage(ladder, threshold)
    stages = [tahap for _u, _v, tahap in sub.edges(data="tahap")]
    return Area(
        kode=kode,
        n_lembaga=n,
        n_kerjasama=m,
        tahap_jaringan=stage,
        cakupan=_r(ladder[max(stage, 1) - 1]["cakupan"]) if n else 0.0,
        density=_r(2 * m / (n * (n - 1))) if n >= 2 else 0.0,
        mean_tahap=_r(sum(stages) / m) if m else None,
    )


def by_area(G: nx.Graph, area_of: Callable[[str], str], kodes: Iterable[str], *, threshold: float) -> list[Area]:
    """Each area's figures, in the order of `kodes` (areas with no lembaga give zeros). `area_of` maps a
    lembaga's kelurahan code to its area's code (e.g. its first 8 characters for the kecamatan)."""
    members: dict[str, list[int]] = defaultdict(list)
    for v, kode in G.nodes(data="wilayah_kode"):
        members[area_of(kode or "")].append(v)
    return [_area(kode, G, sorted(members.get(kode, [])), threshold) for kode in kodes]


def ranked(areas: list[Area]) -> list[Area]:
    """Ahead first: by stage, then coverage at it, then mean stage, then code (a stable order)."""
    return sorted(areas, key=lambda a: (-a["tahap_jaringan"], -a["cakupan"], -(a["mean_tahap"] or 0), a["kode"]))


def stage_counts(areas: list[Area]) -> dict[int, int]:
    """How many areas reached each stage (0 = belum terbentuk)."""
    return dict(sorted(Counter(a["tahap_jaringan"] for a in areas).items()))
