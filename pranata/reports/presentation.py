"""Reshaping results for pages: capped lists, the evidence check, the SVG diagram, rows a template loops over."""

from __future__ import annotations

import heapq

from .. import network
from ..models import Sektor, Tahap

# Above this many lembaga the diagram shows groups (kelurahan, then kecamatan…) instead of single lembaga.
DIAGRAM_NODE_LIMIT = 300
PAGE_LIST_LIMIT = 50
COMMUNITY_NAMES = 12
SVG_WIDTH, SVG_HEIGHT = 1000, 640


def capped(sections: dict) -> dict:
    """Each list cut to what a page shows, with `n_<name>` telling how many there were."""
    capped = {}
    for key, value in sections.items():
        if isinstance(value, list):
            capped[key] = value[:PAGE_LIST_LIMIT]
            capped[f"n_{key}"] = len(value)
        else:
            capped[key] = value
    return capped


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
        # The lines as markup, made once when the report is computed: a kabupaten draws ~1,700 of them, and
        # rendering them through the template on every view took most of a warm page's time. Numbers only.
        "edge_lines": "".join(
            f'<line x1="{pos[e.a][0]:.1f}" y1="{pos[e.a][1]:.1f}" x2="{pos[e.b][0]:.1f}" y2="{pos[e.b][1]:.1f}" '
            f'class="edge t{int(e.tahap)}"/>'
            for e in edges
            if e.a in pos and e.b in pos
        ),
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
        "galat_perantara": round(f["betweenness_error"] * 100) if f["betweenness_error"] else None,
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
