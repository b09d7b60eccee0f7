"""Before and after: how ties moved along the ladder between two dates, and every figure side by side."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from operator import itemgetter
from typing import Any

from .graph import Edge, Pair, _strongest_ties
from .ladder import TAHAP, TAHAP_LABEL


def edge_map(edges: Iterable[Edge]) -> dict[Pair, int]:
    """{(smaller id, larger id): stage} for each tie, the form `transitions` compares."""
    return {pair: edge.tahap for pair, edge in _strongest_ties(edges).items()}


def _by_stage(stages: Iterable[int]) -> dict[str, int]:
    counts = Counter(stages)
    return {str(k): counts[k] for k in TAHAP}


def transitions(before: dict[Pair, int], after: dict[Pair, int]) -> dict:
    """The pre-test/post-test of an empowerment programme: how ties moved along the ladder between two dates.

    matrix[i][j] counts ties that went from stage i+1 to stage j+1 (the diagonal stayed put); "baru" and
    "berakhir" count ties that appeared or ended, by their stage.
    """
    shared = sorted(before.keys() & after.keys())
    matrix = [[0] * len(TAHAP) for _ in TAHAP]
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


def _compared_figures() -> list[tuple[str, str, Callable[[dict], Any]]]:
    figures = [
        ("n_lembaga", "Jumlah lembaga", itemgetter("n_lembaga")),
        ("n_kerjasama", "Jumlah kerjasama", itemgetter("n_kerjasama")),
        ("tahap_jaringan", "Tahap jaringan", itemgetter("tahap_jaringan")),
        ("mean_tahap", "Rata-rata tahap", itemgetter("mean_tahap")),
        ("density", "Kepadatan (density)", itemgetter("density")),
        ("avg_degree", "Rata-rata derajat", itemgetter("avg_degree")),
        ("centralization", "Sentralisasi derajat", itemgetter("centralization")),
        ("n_components", "Komponen", itemgetter("n_components")),
        ("largest_component", "Komponen terbesar", itemgetter("largest_component")),
        ("n_isolates", "Lembaga terisolasi", _count_of("isolates")),
        ("n_articulation", "Titik artikulasi (broker)", _count_of("articulation_points")),
        ("n_communities", "Komunitas", _count_of("communities")),
        ("modularity", "Modularitas", itemgetter("modularity")),
    ]
    for k in TAHAP:
        figures.append((f"per_tahap_{k}", f"Kerjasama tahap {TAHAP_LABEL[k]}", lambda r, k=k: r["per_tahap"][str(k)]))
    for k in TAHAP:
        figures.append(
            (f"cakupan_{k}", f"Cakupan tahap ≥ {TAHAP_LABEL[k]}", lambda r, k=k: r["ladder"][k - 1]["cakupan"])
        )
    return figures


def compare(before: dict, after: dict) -> list[dict]:
    """Two `analyse` results side by side, one row per figure, with the change ("selisih") from before to after."""
    rows = []
    for key, label, figure in _compared_figures():
        sebelum, sesudah = figure(before), figure(after)
        selisih = None if sebelum is None or sesudah is None else round(sesudah - sebelum, 4)
        rows.append({"key": key, "label": label, "sebelum": sebelum, "sesudah": sesudah, "selisih": selisih})
    return rows
