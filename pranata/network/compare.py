"""Before and after: how ties moved along the ladder between two dates, and every figure side by side."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from operator import itemgetter
from typing import Any, TypedDict

from .graph import Edge, Pair, _strongest_ties
from .ladder import STAGES


def edge_map(edges: Iterable[Edge]) -> dict[Pair, int]:
    """{(smaller id, larger id): stage} for each tie, the form `transitions` compares."""
    return {pair: edge.tahap for pair, edge in _strongest_ties(edges).items()}


def _by_stage(stages: Iterable[int]) -> dict[int, int]:
    counts = Counter(stages)
    return {k: counts[k] for k in STAGES}


def transitions(before: dict[Pair, int], after: dict[Pair, int]) -> dict:
    """The pre-test/post-test of an empowerment programme: how ties moved along the ladder between two dates.

    matrix[i][j] counts ties that went from stage i+1 to stage j+1 (the diagonal stayed put); "baru" and
    "berakhir" count ties that appeared or ended, by their stage.
    """
    shared = sorted(before.keys() & after.keys())
    matrix = [[0] * len(STAGES) for _ in STAGES]
    for pair in shared:
        matrix[before[pair] - 1][after[pair] - 1] += 1
    muncul = [[*pair, after[pair]] for pair in sorted(after.keys() - before.keys())]
    hilang = [[*pair, before[pair]] for pair in sorted(before.keys() - after.keys())]
    return {
        "matrix": matrix,
        "baru": _by_stage(row[2] for row in muncul),
        "berakhir": _by_stage(row[2] for row in hilang),
        "naik": [[*pair, before[pair], after[pair]] for pair in shared if after[pair] > before[pair]],
        "turun": [[*pair, before[pair], after[pair]] for pair in shared if after[pair] < before[pair]],
        "tetap": sum(1 for pair in shared if after[pair] == before[pair]),
        "muncul": muncul,
        "hilang": hilang,
    }


def _count_of(key: str) -> Callable[[dict], int]:
    return lambda result: len(result[key])


def _compared_figures() -> list[tuple[str, Callable[[dict], Any]]]:
    """(key, value) of each figure compared; `presentation.FIGURE_LABELS` names the keys."""
    figures = [
        ("n_lembaga", itemgetter("n_lembaga")),
        ("n_kerjasama", itemgetter("n_kerjasama")),
        ("tahap_jaringan", itemgetter("tahap_jaringan")),
        ("mean_tahap", itemgetter("mean_tahap")),
        ("density", itemgetter("density")),
        ("avg_degree", itemgetter("avg_degree")),
        ("centralization", itemgetter("centralization")),
        ("n_components", itemgetter("n_components")),
        ("largest_component", itemgetter("largest_component")),
        ("n_isolates", _count_of("isolates")),
        ("n_articulation", _count_of("articulation_points")),
        ("n_communities", _count_of("communities")),
        ("modularity", itemgetter("modularity")),
    ]
    figures += [(f"per_tahap_{k}", lambda r, k=k: r["per_tahap"][k]) for k in STAGES]
    figures += [(f"cakupan_{k}", lambda r, k=k: r["ladder"][k - 1]["cakupan"]) for k in STAGES]
    return figures


COMPARED_KEYS: tuple[str, ...] = tuple(key for key, _figure in _compared_figures())


class ComparedRow(TypedDict):
    key: str
    sebelum: float | int | None
    sesudah: float | int | None
    selisih: float | int | None  # sesudah − sebelum; None when either is missing


def compare(before: dict, after: dict) -> list[ComparedRow]:
    """Two `analyse` results side by side, one row per figure, with the change ("selisih") from before to after."""
    rows = []
    for key, figure in _compared_figures():
        sebelum, sesudah = figure(before), figure(after)
        selisih = None if sebelum is None or sesudah is None else round(sesudah - sebelum, 4)
        rows.append(ComparedRow(key=key, sebelum=sebelum, sesudah=sesudah, selisih=selisih))
    return rows
