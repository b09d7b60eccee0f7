"""Computing a report: load the scope as of the date (loading), hand it to the network package (pure), and
shape what the page keeps (presentation); the cached report; the before/after comparison."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings

from .. import extensions, network
from ..bulk import collector_paused
from ..models import LembagaQuerySet
from .cache import cached, scope_fingerprint, store
from .loading import child_areas, first_date, load_graph, needs_and_resources, tie_histories
from .presentation import COMMUNITY_NAMES, PAGE_LIST_LIMIT, capped, diagram, evidence_check
from .scope import Scope, pinned


def _no_progress(percent: int, step: str) -> None:
    return None


def analyse(nodes: list[network.Node], edges: list[network.Edge], graph) -> dict:
    """The network figures with this installation's settings (threshold, betweenness sources, engine)."""
    return network.analyse(
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
    progress(5, "Membaca lembaga dan kerjasama")
    nodes, edges = load_graph(lembaga, as_of)
    progress(15, "Menghitung ukuran jaringan, komunitas dan perantara")
    graph = network.build_graph(nodes, edges)
    figures = analyse(nodes, edges, graph)
    progress(60, "Membaca bukti kegiatan forum")
    needs, resources = needs_and_resources(lembaga)
    evidence = extensions.evidence_for(lembaga, as_of)
    nama = {node.id: node.nama for node in nodes}
    progress(75, "Menyusun rekomendasi")
    recommendations = network.recommendations(nodes, edges, needs=needs, resources=resources, graph=graph)
    areas = _areas(scope, as_of, graph) if scope.rinci_kode else None
    progress(85, "Menghitung tren per triwulan")
    trend = _trend(scope, as_of, lembaga, {node.id for node in nodes})
    progress(90, "Menggambar diagram")
    # The cached report keeps what the page shows (lists capped, with their full counts); exports read the
    # full node and tie lists from the database instead, so a kabupaten's report stays small in the cache.
    return {
        "bukti": evidence_check(edges, evidence, nama),
        "scope": scope.key,
        "judul": scope.judul,
        "as_of": as_of.isoformat(),
        "figures": figures,
        "rekomendasi": capped(recommendations),
        "diagram": diagram(nodes, edges),
        "wilayah_anak": areas,
        "tren": trend,
        "komunitas": [
            {"jumlah": len(members), "contoh": [nama[i] for i in members[:COMMUNITY_NAMES]]}
            for members in figures["communities"][:PAGE_LIST_LIMIT]
        ],
    }


# The drill-down's "change since": the same day a year before.
AREA_LOOKBACK = datetime.timedelta(days=365)


def _areas(scope: Scope, as_of: datetime.date, graph) -> dict | None:
    """The areas one level down with their own network figures now and a year before, and the forums'
    activity there over that year (from the extension seam): read from this report, never per area."""
    children = child_areas(scope.rinci_kode)
    if not children:
        return None
    length, kodes, names = len(children[0][0]), [k for k, _ in children], dict(children)

    def area_of(kode: str) -> str:
        return kode[:length]

    threshold = settings.SIMPUL_STAGE_THRESHOLD
    now = network.by_area(graph, area_of, kodes, threshold=threshold)
    earlier = as_of - AREA_LOOKBACK
    earlier_graph = network.build_graph(*load_graph(pinned(scope.lembaga_at(earlier)), earlier))
    before = network.by_area(earlier_graph, area_of, kodes, threshold=threshold)
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


def _trend(scope: Scope, as_of: datetime.date, lembaga: LembagaQuerySet, ids: set[int]) -> list:
    """The stage and the share per stage at each quarter's end since the first data (the last
    SIMPUL_TREND_QUARTERS of them), and on the report's date: each point what that day's report says."""
    first = first_date(lembaga)
    if first is None or first > as_of:
        return []
    days = network.trend.quarter_ends(first, as_of, limit=settings.SIMPUL_TREND_QUARTERS)
    members = [(day, set(scope.lembaga_at(day).values_list("pk", flat=True))) for day in days[:-1]]
    everyone = pinned(scope.lembaga_ever()) if scope.lembaga_ever else lembaga
    return network.trend.points(
        tie_histories(everyone), [*members, (as_of, ids)], threshold=settings.SIMPUL_STAGE_THRESHOLD
    )


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
