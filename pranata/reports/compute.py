"""Computing a report: load the scope as of the date (loading), hand it to the network package (pure), and
shape what the page keeps (presentation); the cached report; the before/after comparison."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import numpy as np
from django.conf import settings
from django.utils.translation import gettext_noop

from .. import extensions, network
from ..bulk import collector_paused
from ..models import LembagaQuerySet
from .cache import cached, scope_fingerprint, store
from .loading import child_areas, first_date, load_graph, needs_and_resources, tie_histories
from .presentation import COMMUNITY_NAMES, PAGE_LIST_LIMIT, capped, diagram, evidence_check, map_data
from .scope import Scope, pinned


# The steps are stored as their Indonesian msgids (gettext_noop; LaporanTugas.langkah) and translated where the
# page shows them, in the reader's language, not the worker's.
def _no_progress(percent: int, step: str) -> None:
    return None


def analyse(nodes: list[network.Node], edges: list[network.Edge], graph) -> dict:
    """The network figures with this installation's settings (threshold, betweenness sources, engine)."""
    return analysis(nodes, edges, graph).figures


def analysis(nodes: list[network.Node], edges: list[network.Edge], graph) -> network.Analysis:
    """`analyse`'s figures and the betweenness of every lembaga they ranked the brokers on."""
    return network.analysis(
        nodes,
        edges,
        graph=graph,
        threshold=settings.SIMPUL_STAGE_THRESHOLD,
        betweenness_sources=settings.SIMPUL_BETWEENNESS_SOURCES,
        engine=settings.SIMPUL_NETWORK_ENGINE,
        engine_min_nodes=settings.SIMPUL_NETWORK_ENGINE_MIN_NODES,
    )


def compute_report(
    scope: Scope,
    as_of: datetime.date,
    progress: Callable[[int, str], None] = _no_progress,
    *,
    lembaga: LembagaQuerySet | None = None,
) -> dict:
    """Every figure of the report, plain data (what the page, the exports and the JSON command show)."""
    with collector_paused():
        return _compute(scope, as_of, progress, pinned(scope.lembaga_at(as_of)) if lembaga is None else lembaga)


def _compute(
    scope: Scope, as_of: datetime.date, progress: Callable[[int, str], None], lembaga: LembagaQuerySet
) -> dict:
    progress(5, gettext_noop("Membaca lembaga dan kerjasama"))
    nodes, edges = load_graph(lembaga, as_of)
    progress(15, gettext_noop("Menghitung ukuran jaringan, komunitas dan perantara"))
    graph = network.build_graph(nodes, edges)
    analysed = analysis(nodes, edges, graph)
    figures = analysed.figures
    progress(60, gettext_noop("Membaca bukti kegiatan forum"))
    needs, resources = needs_and_resources(lembaga)
    evidence = extensions.evidence_for(lembaga, as_of)
    nama = {node.id: node.nama for node in nodes}
    progress(75, gettext_noop("Menyusun rekomendasi"))
    recommendations = network.recommendations(nodes, edges, needs=needs, resources=resources, graph=graph)
    progress(85, gettext_noop("Menghitung tren per triwulan dan per wilayah"))
    histories = _histories(scope, lembaga)
    table = network.trend.TieTable(histories)
    areas = _areas(scope, as_of, nodes, graph, table) if scope.rinci_kode else None
    trend = _trend(scope, as_of, lembaga, {node.id for node in nodes}, table)
    progress(90, gettext_noop("Menggambar diagram"))
    # The cached report keeps what the page shows (lists capped, with their full counts); exports read the
    # full node and tie lists from the database instead, so a kabupaten's report stays small in the cache.
    drawn = diagram(nodes, edges)
    return {
        "bukti": evidence_check(edges, evidence, nama),
        "scope": scope.key,
        "judul": scope.judul,
        "as_of": as_of.isoformat(),
        "figures": figures,
        "rekomendasi": capped(recommendations),
        "diagram": drawn,
        "peta": map_data(drawn, nodes, edges, figures, _map_scores(analysed, drawn), histories, as_of),
        "wilayah_anak": areas,
        "tren": trend,
        "komunitas": [
            {"jumlah": len(members), "contoh": [nama[i] for i in members[:COMMUNITY_NAMES]]}
            for members in figures["communities"][:PAGE_LIST_LIMIT]
        ],
    }


# The drill-down's "change since": the same day a year before.
AREA_LOOKBACK = datetime.timedelta(days=365)


def _areas(
    scope: Scope, as_of: datetime.date, nodes: list[network.Node], graph, table: network.trend.TieTable
) -> dict | None:
    """The areas one level down with their own network figures now and a year before, and the forums'
    activity there over that year (from the extension seam): read from this report, never per area."""
    children = child_areas(scope.rinci_kode)
    if not children:
        return None
    length, kodes, names = len(children[0][0]), [k for k, _ in children], dict(children)

    threshold = settings.SIMPUL_STAGE_THRESHOLD
    area_of = {node.id: node.wilayah_kode[:length] for node in nodes}
    now = network.by_area(area_of, graph.edges(data="tahap"), kodes, threshold=threshold)
    # A year before: that day's lembaga (with their wilayah) and the ties then, from the histories.
    earlier = as_of - AREA_LOOKBACK
    then = dict(scope.lembaga_at(earlier).order_by().values_list("pk", "wilayah__kode"))
    a, b, tahap = table.on(earlier, np.array(sorted(then), dtype=np.int64))
    then_area = {pk: kode[:length] for pk, kode in then.items()}
    ties_then = zip(a.tolist(), b.tolist(), tahap.tolist(), strict=True)
    before = network.by_area(then_area, ties_then, kodes, threshold=threshold)
    activity = extensions.area_activity(scope.rinci_kode, length, earlier, as_of)
    rows = [
        {
            **area,
            "nama": names[area["kode"]],
            "lalu": {key: old[key] for key in ("tahap_jaringan", "n_kerjasama", "n_lembaga")},
            "aktivitas": activity.get(area["kode"], {}),
        }
        for area, old in zip(now, before, strict=True)
    ]
    return {"rows": rows, "lalu": earlier.isoformat(), "per_tahap": network.areas.stage_counts(now)}


def _histories(scope: Scope, lembaga: LembagaQuerySet) -> list[network.TieHistory]:
    """Every tie among the lembaga ever in the scope, with its dated stages (the trend and the map's replay)."""
    return tie_histories(pinned(scope.lembaga_ever()) if scope.lembaga_ever else lembaga)


def _map_scores(analysed: network.Analysis, drawn: dict) -> dict[int, float]:
    """Every lembaga's betweenness for the map's node sizes: the scores the report ranked its brokers on (same
    engine, sources and seed; computed once); only for a map of single lembaga (a grouped map sizes groups by
    lembaga)."""
    if drawn["grouped"]:
        return {}
    return {v: round(score, 4) for v, score in analysed.betweenness.items()}


def _trend(
    scope: Scope,
    as_of: datetime.date,
    lembaga: LembagaQuerySet,
    ids: set[int],
    table: network.trend.TieTable,
) -> list:
    """The stage and the share per stage at each quarter's end since the first data (the last
    SIMPUL_TREND_QUARTERS of them), and on the report's date: each point what that day's report says."""
    first = first_date(lembaga)
    if first is None or first > as_of:
        return []
    days = network.trend.quarter_ends(first, as_of, limit=settings.SIMPUL_TREND_QUARTERS)
    # Unordered: sorting a kabupaten's 15,000 names was half of each of these queries.
    members = [(day, set(scope.lembaga_at(day).order_by().values_list("pk", flat=True))) for day in days[:-1]]
    return network.trend.points(table, [*members, (as_of, ids)], threshold=settings.SIMPUL_STAGE_THRESHOLD)


def report(scope: Scope, as_of: datetime.date) -> dict:
    """The cached report: recomputed only when the scope's data changed since it was last computed."""
    sidik = scope_fingerprint(scope, as_of)
    result = cached(scope, as_of, sidik)
    if result is None:
        result = compute_report(scope, as_of)
        store(scope, as_of, sidik, result)
    return result


MOVE_KINDS = ("naik", "turun", "muncul", "hilang")


def _loaded(scope: Scope, before: dict, after: dict) -> tuple[dict, dict, dict]:
    stages, names, members = {}, {}, {}
    for report_ in (before, after):
        as_of = datetime.date.fromisoformat(report_["as_of"])
        nodes, edges = load_graph(pinned(scope.lembaga_at(as_of)), as_of)
        stages[report_["as_of"]] = network.edge_map(edges)
        members[report_["as_of"]] = {node.id for node in nodes}
        names.update({node.id: node.nama for node in nodes})
    return stages, names, members


def comparison(scope: Scope, before: dict, after: dict, *, full: bool = False) -> dict:
    """Before/after: every figure side by side, the stage-transition matrix and the ties that moved.

    A kabupaten moves thousands of ties between two dates, so each named list keeps its first
    PAGE_LIST_LIMIT rows (`n_moves` counts them all); `full=True` gives every row, for the download."""
    limit = None if full else PAGE_LIST_LIMIT
    with collector_paused():
        stages, names, members = _loaded(scope, before, after)
    moves = network.transitions(stages[before["as_of"]], stages[after["as_of"]])
    joined = sorted(members[after["as_of"]] - members[before["as_of"]], key=lambda pk: (names[pk], pk))
    left = sorted(members[before["as_of"]] - members[after["as_of"]], key=lambda pk: (names[pk], pk))
    return {
        # Lembaga in the scope on one date and not the other: registered or reactivated, archived or
        # deactivated (or, for a forum, joined and left) in between.
        "lembaga_masuk": [names[pk] for pk in joined[:limit]],
        "n_lembaga_masuk": len(joined),
        "lembaga_keluar": [names[pk] for pk in left[:limit]],
        "n_lembaga_keluar": len(left),
        "rows": network.compare(before["figures"], after["figures"]),  # named by presentation.labelled
        "transitions": {"matrix": moves["matrix"], "baru": moves["baru"], "berakhir": moves["berakhir"]},
        "transition_rows": [
            {"tahap": k, "cells": moves["matrix"][k - 1], "berakhir": moves["berakhir"][k]} for k in network.STAGES
        ],
        "new_row": [moves["baru"][k] for k in network.STAGES],
        "n_moves": {key: len(moves[key]) for key in MOVE_KINDS},
        "named_moves": {
            key: [[names.get(row[0], row[0]), names.get(row[1], row[1]), *row[2:]] for row in moves[key][:limit]]
            for key in MOVE_KINDS
        },
    }
