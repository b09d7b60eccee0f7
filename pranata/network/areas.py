"""A scope's areas one level down (the kecamatan of a kabupaten, the kelurahan of a kecamatan) and how far
each one's own network climbed: the figures its own report gives, computed from the scope's ties.

An area's report counts the ties between two of its lembaga, which is the scope's network restricted to the
area's lembaga; so the figures here equal the area reports without loading each area again.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import TypedDict

from .graph import _r
from .ladder import ladder_of, largest_by_stage, network_stage


class Area(TypedDict):
    kode: str
    n_lembaga: int
    n_kerjasama: int
    tahap_jaringan: int  # 0 = belum terbentuk
    cakupan: float  # coverage at the area's own stage (at stage 1 when it has none)
    density: float
    mean_tahap: float | None


def by_area(
    area_of: Mapping[int, str], ties: Iterable[tuple[int, int, int]], kodes: Iterable[str], *, threshold: float
) -> list[Area]:
    """Each area's figures, in the order of `kodes` (areas with no lembaga give zeros). `area_of` gives each
    lembaga of the scope its area's code; `ties` are the scope's ties (a, b, tahap), one per pair."""
    sizes = Counter(area_of.values())
    inside: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for a, b, tahap in ties:
        area = area_of.get(a)
        if area is not None and area == area_of.get(b):
            inside[area].append((a, b, tahap))
    return [_area(kode, sizes.get(kode, 0), inside.get(kode, []), threshold) for kode in kodes]


def _area(kode: str, n: int, ties: list[tuple[int, int, int]], threshold: float) -> Area:
    m = len(ties)
    ladder = ladder_of(largest_by_stage(ties), n)
    stage = network_stage(ladder, threshold)
    return Area(
        kode=kode,
        n_lembaga=n,
        n_kerjasama=m,
        tahap_jaringan=stage,
        cakupan=_r(ladder[max(stage, 1) - 1]["cakupan"]) if n else 0.0,
        density=_r(2 * m / (n * (n - 1))) if n >= 2 else 0.0,
        mean_tahap=_r(sum(t for _a, _b, t in ties) / m) if m else None,
    )


def ranked(areas: list[Area]) -> list[Area]:
    """Ahead first: by stage, then coverage at it, then mean stage, then code (a stable order)."""
    return sorted(areas, key=lambda a: (-a["tahap_jaringan"], -a["cakupan"], -(a["mean_tahap"] or 0), a["kode"]))


def stage_counts(areas: list[Area]) -> dict[int, int]:
    """How many areas reached each stage (0 = belum terbentuk)."""
    return dict(sorted(Counter(a["tahap_jaringan"] for a in areas).items()))
