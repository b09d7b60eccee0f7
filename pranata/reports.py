"""Network reports: load a scope's nodes and ties as of a date (ORM), hand them to network.py (pure), cache.

The cache key holds the scope, the date and a fingerprint of the scope's data (last change and counts),
so a report is reused until something in its scope changes and never served stale.
"""

from __future__ import annotations

import datetime
import hashlib
import heapq
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from . import extensions, network
from .models import (
    Kebutuhan,
    Kerjasama,
    LaporanTugas,
    Lembaga,
    LembagaQuerySet,
    RiwayatTahap,
    Sektor,
    StatusTugas,
    SumberDaya,
    Tahap,
    Wilayah,
)

CACHE_SECONDS = 60 * 60 * 24 * 7
# Above this many lembaga the diagram shows groups (kelurahan, then kecamatan…) instead of single lembaga.
DIAGRAM_NODE_LIMIT = 300


@dataclass(frozen=True)
class Scope:
    """What a report is about: the lembaga in it on a date (a wilayah's lembaga active then, a forum's members
    then). `lembaga_at(date)` must depend only on what was true on that date, so a past report never changes."""

    key: str
    judul: str
    lembaga_at: Callable[[datetime.date], LembagaQuerySet]


def wilayah_scope(wilayah: Wilayah) -> Scope:
    """A wilayah's report scope: the lembaga that were active in it on the date (whatever happened since), the
    same for every user allowed to open the wilayah."""
    lembaga = Lembaga.objects.in_wilayah([wilayah.kode])
    return Scope(key=f"wilayah:{wilayah.kode}", judul=str(wilayah), lembaga_at=lembaga.active_on)


def resolve_wilayah_scope(kode: str) -> Scope:
    return wilayah_scope(Wilayah.objects.get(kode=kode))


def ties_as_of(lembaga: LembagaQuerySet, as_of: datetime.date) -> QuerySet:
    """Ties between two lembaga of the scope that existed on `as_of`, with their stage on that day."""
    stage = RiwayatTahap.objects.filter(kerjasama=OuterRef("pk"), berlaku_mulai__lte=as_of).order_by("-berlaku_mulai")
    ids = lembaga.values("pk")
    return (
        Kerjasama.objects.filter(lembaga_a__in=ids, lembaga_b__in=ids)
        .existing_on(as_of)
        .annotate(tahap_per=Subquery(stage.values("tahap")[:1]))
    )


def load_graph(lembaga: LembagaQuerySet, as_of: datetime.date) -> tuple[list[network.Node], list[network.Edge]]:
    rows = lembaga.values_list("pk", "nama", "sektor", "pranata__nama", "wilayah__nama", "wilayah__kode")
    nodes = [
        network.Node(id=pk, nama=nama, sektor=sektor, pranata=pranata, wilayah=wilayah, wilayah_kode=kode)
        for pk, nama, sektor, pranata, wilayah, kode in rows.order_by("pk")
    ]
    # No ORDER BY (sorting 60,000 ties in the database spills to disk), but sorted here: the layout and the
    # community detection follow insertion order, and a row's place in the table changes when it is updated
    # (PostgreSQL writes a new row version), so an unsorted read would let today's edit move a past report.
    ties = ties_as_of(lembaga, as_of).order_by().values_list("lembaga_a_id", "lembaga_b_id", "tahap_per", "mulai")
    edges = sorted(
        (network.Edge(a=a, b=b, tahap=tahap, mulai=mulai) for a, b, tahap, mulai in ties if tahap),
        key=lambda edge: (edge.a, edge.b),
    )
    return nodes, edges


def tie_histories(lembaga: LembagaQuerySet) -> list[network.TieHistory]:
    """Every tie among the scope's lembaga, ended ones included, with its dated stages (two queries)."""
    ids = lembaga.values("pk")
    ties = list(
        Kerjasama.objects.within(ids).order_by().values_list("pk", "lembaga_a_id", "lembaga_b_id", "mulai", "selesai")
    )
    stages: dict[int, list] = {}
    rows = RiwayatTahap.objects.filter(kerjasama__in=[t[0] for t in ties]).order_by("kerjasama_id", "berlaku_mulai")
    for tie_id, when, tahap in rows.values_list("kerjasama_id", "berlaku_mulai", "tahap"):
        stages.setdefault(tie_id, []).append((when, tahap))
    return [network.TieHistory(a, b, mulai, selesai, tuple(stages.get(pk, ()))) for pk, a, b, mulai, selesai in ties]


def first_date(lembaga: LembagaQuerySet) -> datetime.date | None:
    ids = lembaga.values("pk")
    return Kerjasama.objects.filter(Q(lembaga_a__in=ids) | Q(lembaga_b__in=ids)).aggregate(m=Min("mulai"))["m"]


def fingerprint(lembaga: LembagaQuerySet) -> str:
    """Changes whenever a lembaga, tie, stage, resource, need or evidence in the scope changes."""
    ids = lembaga.values("pk")
    parts = [
        lembaga.aggregate(n=Count("pk"), s=Sum("pk"), t=Max("diubah")),
        Kerjasama.objects.filter(Q(lembaga_a__in=ids) | Q(lembaga_b__in=ids)).aggregate(n=Count("pk"), t=Max("diubah")),
        {
            "s": SumberDaya.objects.filter(lembaga__in=ids).aggregate(n=Count("pk"), m=Max("pk")),
            "k": Kebutuhan.objects.filter(lembaga__in=ids, terpenuhi=False).aggregate(n=Count("pk"), m=Max("pk")),
        },
        extensions.fingerprints(lembaga),
    ]
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:16]


def _needs_and_resources(lembaga: LembagaQuerySet) -> tuple[list, list]:
    ids = lembaga.values("pk")
    needs = Kebutuhan.objects.filter(lembaga__in=ids, terpenuhi=False).values_list("lembaga_id", "jenis", "uraian")
    resources = SumberDaya.objects.filter(lembaga__in=ids).values_list("lembaga_id", "jenis", "uraian")
    return list(needs), list(resources)


def _no_progress(percent: int, step: str) -> None:
    return None


# A scope this small is read as a list of ids once, so the report's dozen queries use a plain IN list rather
# than each re-evaluating the dated set (measured on PostgreSQL: ~20 ms of a kelurahan report).
PIN_LIMIT = 5000


def pinned(lembaga: LembagaQuerySet) -> LembagaQuerySet:
    ids = list(lembaga.order_by().values_list("pk", flat=True)[: PIN_LIMIT + 1])
    return lembaga if len(ids) > PIN_LIMIT else Lembaga.objects.filter(pk__in=ids)


def compute_report(
    scope: Scope,
    as_of: datetime.date,
    progress: Callable[[int, str], None] = _no_progress,
    *,
    lembaga: LembagaQuerySet | None = None,
) -> dict:
    """Every figure of the report, plain data (what the page, the exports and the JSON command show)."""
    lembaga = pinned(scope.lembaga_at(as_of)) if lembaga is None else lembaga
    progress(5, "Membaca lembaga dan kerjasama")
    nodes, edges = load_graph(lembaga, as_of)
    progress(15, "Menghitung ukuran jaringan, komunitas dan perantara")
    graph = network.build_graph(nodes, edges)
    figures = network.analyse(
        nodes,
        edges,
        graph=graph,
        threshold=settings.SIMPUL_STAGE_THRESHOLD,
        exact_betweenness_limit=settings.SIMPUL_BETWEENNESS_EXACT_LIMIT,
        betweenness_samples=settings.SIMPUL_BETWEENNESS_SAMPLES,
    )
    progress(60, "Membaca bukti kegiatan forum")
    needs, resources = _needs_and_resources(lembaga)
    evidence = extensions.evidence_for(lembaga, as_of)
    nama = {node.id: node.nama for node in nodes}
    progress(75, "Menyusun rekomendasi")
    recommendations = network.recommendations(nodes, edges, needs=needs, resources=resources, graph=graph)
    progress(90, "Menggambar diagram")
    # The cached report keeps what the page shows (lists capped, with their full counts); exports read the
    # full node and tie lists from the database instead, so a kabupaten's report stays small in the cache.
    return {
        "bukti": evidence_check(edges, evidence, nama),
        "scope": scope.key,
        "judul": scope.judul,
        "as_of": as_of.isoformat(),
        "figures": figures,
        "rekomendasi": _capped(recommendations),
        "diagram": diagram(nodes, edges),
        "komunitas": [
            {"jumlah": len(members), "contoh": [nama[i] for i in members[:COMMUNITY_NAMES]]}
            for members in figures["communities"][:PAGE_LIST_LIMIT]
        ],
    }


PAGE_LIST_LIMIT = 50
COMMUNITY_NAMES = 12


def _capped(sections: dict) -> dict:
    """Each list cut to what a page shows, with `n_<name>` telling how many there were."""
    capped = {}
    for key, value in sections.items():
        if isinstance(value, list):
            capped[key] = value[:PAGE_LIST_LIMIT]
            capped[f"n_{key}"] = len(value)
        else:
            capped[key] = value
    return capped


def _key(scope: Scope, as_of: datetime.date, sidik: str) -> str:
    return f"simpul:report:v2:{scope.key}:{as_of.isoformat()}:{sidik}"


def _latest_key(scope: Scope, as_of: datetime.date) -> str:
    return f"simpul:report-latest:v2:{scope.key}:{as_of.isoformat()}"


def store(scope: Scope, as_of: datetime.date, sidik: str, result: dict) -> None:
    """Keep a computed report under its fingerprint, and as the scope's latest finished result."""
    cache.set(_key(scope, as_of, sidik), result, CACHE_SECONDS)
    latest = {"report": result, "dihitung": timezone.now()}
    cache.set(_latest_key(scope, as_of), latest, CACHE_SECONDS)


def report(scope: Scope, as_of: datetime.date) -> dict:
    """The cached report: recomputed only when the scope's data changed since it was last computed."""
    lembaga = pinned(scope.lembaga_at(as_of))
    sidik = fingerprint(lembaga)
    result = cache.get(_key(scope, as_of, sidik))
    if result is None:
        result = compute_report(scope, as_of, lembaga=lembaga)
        store(scope, as_of, sidik, result)
    return result


@dataclass
class PageReport:
    """What a report page shows: the report, or the background job computing it and the last finished one."""

    report: dict | None
    job: LaporanTugas | None = None
    last: dict | None = None


def page_report(scope: Scope, as_of: datetime.date) -> PageReport:
    """Small scopes are computed now; large ones by the worker, while the page shows progress."""
    lembaga = pinned(scope.lembaga_at(as_of))
    sidik = fingerprint(lembaga)
    cached = cache.get(_key(scope, as_of, sidik))
    if cached is not None:
        return PageReport(cached)
    if lembaga.count() <= settings.SIMPUL_BACKGROUND_LIMIT:
        result = compute_report(scope, as_of, lembaga=lembaga)
        store(scope, as_of, sidik, result)
        return PageReport(result)
    job = ensure_job(scope, as_of, sidik)
    return PageReport(None, job, cache.get(_latest_key(scope, as_of)))


def ensure_job(scope: Scope, as_of: datetime.date, sidik: str, *, retry: bool = False) -> LaporanTugas:
    job, created = LaporanTugas.objects.get_or_create(
        kunci=scope.key, per=as_of, sidik=sidik, defaults={"judul": scope.judul}
    )
    # A finished job whose result is no longer in the cache (evicted or cleared) is simply run again.
    if created or job.status == StatusTugas.SELESAI or (retry and job.status == StatusTugas.GAGAL):
        if not created:
            LaporanTugas.objects.filter(pk=job.pk).update(status=StatusTugas.ANTRI, kemajuan=0, galat="", langkah="")
            job.refresh_from_db()
        from .tasks import compute_report_task

        transaction.on_commit(lambda: compute_report_task.enqueue(job.pk))
    return job


SVG_WIDTH, SVG_HEIGHT = 1000, 640


def diagram(nodes: list[network.Node], edges: list[network.Edge]) -> dict:
    """Pixel positions for the server-rendered SVG; large scopes are drawn as groups of lembaga by wilayah."""
    grouped = len(nodes) > DIAGRAM_NODE_LIMIT
    sizes: dict[str, int] = {}
    if grouped:
        key = _group_key(nodes)
        sizes = network.group_sizes(nodes, key=key)
        nodes, edges = network.summarise(nodes, edges, key=key)
    graph = network.build_graph(nodes, edges)
    pos = {node: (x * SVG_WIDTH, y * SVG_HEIGHT) for node, (x, y) in network.layout(graph).items()}
    return {
        "grouped": grouped,
        "width": SVG_WIDTH,
        "height": SVG_HEIGHT,
        "nodes": [_svg_node(node, pos[node.id], graph.degree(node.id), sizes) for node in nodes if node.id in pos],
        "edges": [
            {"x1": pos[e.a][0], "y1": pos[e.a][1], "x2": pos[e.b][0], "y2": pos[e.b][1], "tahap": e.tahap}
            for e in edges
            if e.a in pos and e.b in pos
        ],
    }


def _svg_node(node: network.Node, xy: tuple[float, float], degree: int, sizes: dict[str, int]) -> dict:
    # Area grows with degree (or with the number of lembaga in a group), capped so hubs don't hide the rest.
    weight = sizes.get(node.wilayah_kode, 0) if sizes else degree
    return {
        "id": node.id,
        "nama": node.nama,
        "sektor": node.sektor,
        "cx": round(xy[0], 1),
        "cy": round(xy[1], 1),
        "r": round(min(4 + 2.2 * weight**0.5, 22), 1),
        "degree": degree,
        "size": sizes.get(node.wilayah_kode, 1),
    }


def _group_key(nodes: list[network.Node]):
    """The deepest wilayah level (kelurahan 13 chars, kecamatan 8, kabupaten 5) with few enough groups."""
    for length in (13, 8, 5, 2):
        if len({node.wilayah_kode[:length] for node in nodes}) <= DIAGRAM_NODE_LIMIT:
            return lambda node, length=length: node.wilayah_kode[:length]
    return lambda node: node.wilayah_kode[:2]


def comparison(scope: Scope, before: dict, after: dict) -> dict:
    """Before/after: every figure side by side, the stage-transition matrix and the ties that moved."""
    stages, names, members = {}, {}, {}
    for report_ in (before, after):
        as_of = datetime.date.fromisoformat(report_["as_of"])
        nodes, edges = load_graph(scope.lembaga_at(as_of), as_of)
        stages[report_["as_of"]] = network.edge_map(edges)
        members[report_["as_of"]] = {node.id for node in nodes}
        names.update({node.id: node.nama for node in nodes})
    moves = network.transitions(stages[before["as_of"]], stages[after["as_of"]])
    joined = sorted(members[after["as_of"]] - members[before["as_of"]], key=lambda pk: (names[pk], pk))
    left = sorted(members[before["as_of"]] - members[after["as_of"]], key=lambda pk: (names[pk], pk))
    return {
        # Lembaga in the scope on one date and not the other: registered or reactivated, archived or
        # deactivated (or, for a forum, joined and left) in between.
        "lembaga_masuk": [names[pk] for pk in joined[:PAGE_LIST_LIMIT]],
        "n_lembaga_masuk": len(joined),
        "lembaga_keluar": [names[pk] for pk in left[:PAGE_LIST_LIMIT]],
        "n_lembaga_keluar": len(left),
        "rows": network.compare(before["figures"], after["figures"]),
        "transitions": moves,
        "transition_rows": [
            {"tahap": k, "cells": moves["matrix"][k - 1], "berakhir": moves["berakhir"][str(k)]} for k in network.TAHAP
        ],
        "new_row": [moves["baru"][str(k)] for k in network.TAHAP],
        "named_moves": {
            key: [[names.get(row[0], row[0]), names.get(row[1], row[1]), *row[2:]] for row in moves[key]]
            for key in ("naik", "turun", "muncul", "hilang")
        },
    }


SEKTOR_LABEL = dict(Sektor.choices)
LADDER_BAR_WIDTH = 420


def present(report: dict) -> dict:
    """Reshape a report for the page: rows a template can loop over without dictionary look-ups."""
    f = report["figures"]
    return {
        "tahap_rows": [
            {
                **step,
                "label": str(Tahap(step["tahap"]).label),  # translated at render time, not when cached
                "jumlah": f["per_tahap"][str(step["tahap"])],
                "porsi": f["share_tahap"][str(step["tahap"])],
                "bar": round(step["cakupan"] * LADDER_BAR_WIDTH, 1),
                "y": 8 + (step["tahap"] - 1) * 30,
                "reached": step["cakupan"] >= f["threshold"],
            }
            for step in f["ladder"]
        ],
        "threshold_x": round(f["threshold"] * LADDER_BAR_WIDTH, 1),
        "ladder_width": LADDER_BAR_WIDTH,
        "tahap_label": str(Tahap(f["tahap_jaringan"]).label) if f["tahap_jaringan"] else "",
        "sektor_rows": [(SEKTOR_LABEL.get(s, s), n) for s, n in f["per_sektor"].items()],
        "matrix_header": [SEKTOR_LABEL.get(s, s) for s in f["sektor_matrix"]],
        "matrix_rows": [(SEKTOR_LABEL.get(s, s), list(row.values())) for s, row in f["sektor_matrix"].items()],
    }


def evidence_check(edges: list[network.Edge], evidence: dict, nama: dict[int, str]) -> dict:
    """Declared stage against evidence stage: ties above their evidence, ties with none, ties not yet recorded.

    A kabupaten has tens of thousands of ties and hundreds of thousands of evidence pairs, so each list keeps
    only the first PAGE_LIST_LIMIT rows (with `n_<list>` counting them all) and rows are built only for those.
    """
    lists: dict[str, list] = {"di_atas_bukti": [], "tanpa_bukti": [], "selisih_besar": []}
    counts = dict.fromkeys(lists, 0)
    sesuai = 0
    declared = {(e.a, e.b): e.tahap for e in edges}
    for (a, b), tahap in sorted(declared.items()):
        found = evidence.get((a, b))
        bukti = found.tahap if found else None
        if bukti is not None and tahap <= bukti:
            sesuai += 1
        kinds = [k for k, hit in _mismatch_kinds(tahap, bukti) if hit]
        for kind in kinds:
            counts[kind] += 1
            if len(lists[kind]) < PAGE_LIST_LIMIT:
                lists[kind].append(_check_row(a, b, nama, tahap, found))
    suggested = [
        (pair, found)
        for pair, found in evidence.items()
        if pair not in declared and pair[0] in nama and pair[1] in nama
    ]
    best = heapq.nsmallest(
        PAGE_LIST_LIMIT, suggested, key=lambda item: (-item[1].tahap, nama[item[0][0]], nama[item[0][1]])
    )
    saran = [
        {"a": a, "b": b, "nama_a": nama[a], "nama_b": nama[b], "tahap": found.tahap, "alasan": found.trace}
        for (a, b), found in best
    ]
    result = {**lists, **{f"n_{k}": v for k, v in counts.items()}, "sesuai": sesuai}
    return result | {"saran": saran, "n_saran": len(suggested)}


def _mismatch_kinds(tahap: int, bukti: int | None) -> list[tuple[str, bool]]:
    return [
        ("di_atas_bukti", bukti is not None and tahap > bukti),
        ("tanpa_bukti", bukti is None),
        ("selisih_besar", abs(tahap - (bukti or 0)) >= 2),
    ]


def _check_row(a: int, b: int, nama: dict[int, str], tahap: int, found) -> dict:
    return {
        "a": a,
        "b": b,
        "nama_a": nama[a],
        "nama_b": nama[b],
        "dinyatakan": tahap,
        "bukti": found.tahap if found else None,
        "alasan": found.trace if found else "",
    }
