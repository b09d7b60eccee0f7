"""Reshaping results for pages: capped lists, the evidence check, the SVG diagram, rows a template loops over."""

from __future__ import annotations

import datetime
import heapq
from collections import defaultdict

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import network
from ..models import JenisLembaga, Sektor, Tahap

# Above this many lembaga the diagram shows groups (kelurahan, then kecamatan…) instead of single lembaga.
DIAGRAM_NODE_LIMIT = 300
PAGE_LIST_LIMIT = 50
COMMUNITY_NAMES = 12
SVG_WIDTH, SVG_HEIGHT = 1000, 640
# The stage colours of simpul.css (.tahap-N), as SVG fills: charts must keep them in a PDF too, whose SVG
# renderer ignores the page's stylesheets.
STAGE_FILL = {0: "#adb5bd", 1: "#9ec5fe", 2: "#6ea8fe", 3: "#3d8bfd", 4: "#0a58ca", 5: "#052c65"}


# The names of the figures a comparison sets side by side (network.compare's keys), in the reader's language.
FIGURE_LABELS = {
    "n_lembaga": gettext_lazy("Jumlah lembaga"),
    "n_kerjasama": gettext_lazy("Jumlah kerjasama"),
    "tahap_jaringan": gettext_lazy("Tahap jaringan"),
    "mean_tahap": gettext_lazy("Rata-rata tahap"),
    "density": gettext_lazy("Kepadatan (density)"),
    "avg_degree": gettext_lazy("Rata-rata derajat"),
    "centralization": gettext_lazy("Sentralisasi derajat"),
    "n_components": gettext_lazy("Komponen"),
    "largest_component": gettext_lazy("Komponen terbesar"),
    "n_isolates": gettext_lazy("Lembaga terisolasi"),
    "n_articulation": gettext_lazy("Titik artikulasi (broker)"),
    "n_communities": gettext_lazy("Komunitas"),
    "modularity": gettext_lazy("Modularitas"),
}


# What each figure means for a forum, in one plain sentence: shown beside the figure and on the glossary page.
FIGURE_MEANING = {
    "tahap_jaringan": gettext_lazy(
        "Tahap tertinggi yang kerjasamanya menghubungkan sedikitnya separuh lembaga (ambang) dalam satu kelompok."
    ),
    "mean_tahap": gettext_lazy("Rata-rata tahap semua kerjasama: naik bila kerjasama makin erat."),
    "density": gettext_lazy(
        "Bagian dari semua pasangan lembaga yang sudah bekerja sama; 1 berarti setiap lembaga terhubung dengan "
        "semua lembaga lain."
    ),
    "avg_degree": gettext_lazy("Rata-rata jumlah mitra kerjasama setiap lembaga."),
    "centralization": gettext_lazy(
        "Seberapa jaringan bergantung pada satu lembaga pusat: 1 = semua kerjasama lewat satu lembaga, 0 = merata."
    ),
    "n_components": gettext_lazy(
        "Jumlah kelompok yang terpisah satu sama lain; makin sedikit makin menyatu (lembaga tanpa kerjasama "
        "dihitung sendiri-sendiri)."
    ),
    "largest_component": gettext_lazy("Lembaga dalam kelompok terhubung terbesar."),
    "n_isolates": gettext_lazy("Lembaga yang belum punya kerjasama; undang mereka ke pertemuan forum."),
    "n_articulation": gettext_lazy(
        "Lembaga broker: jika salah satunya berhenti, jaringan terpecah. Jaga dan dampingi mereka, dan bangun "
        "kerjasama cadangan."
    ),
    "n_communities": gettext_lazy(
        "Kelompok lembaga yang lebih sering bekerja sama di antara mereka sendiri (metode Louvain)."
    ),
    "modularity": gettext_lazy(
        "Seberapa tegas jaringan terbagi dalam komunitas: di atas 0,3 kelompoknya jelas terpisah, forum dapat "
        "menjembataninya."
    ),
    "betweenness": gettext_lazy(
        "Seberapa sering sebuah lembaga berada di jalur terpendek antara dua lembaga lain: perantara informasi "
        "dan sumber daya."
    ),
    "cakupan": gettext_lazy(
        "Bagian lembaga aktif yang tergabung dalam kelompok terbesar dari kerjasama pada tahap itu atau lebih tinggi."
    ),
}


def glossary() -> list[tuple[str, str]]:
    """(figure name, what it means), for the glossary page."""
    names = {**FIGURE_LABELS, "betweenness": _("Betweenness (perantara)"), "cakupan": _("Cakupan tahap")}
    return [(str(names[key]), str(text)) for key, text in FIGURE_MEANING.items()]


def figure_label(key: str) -> str:
    """A compared figure's name; the per-stage ones are named after their stage."""
    kind, _sep, stage = key.rpartition("_")
    if kind == "per_tahap":
        return _("Kerjasama tahap %(tahap)s") % {"tahap": Tahap(int(stage)).label}
    if kind == "cakupan":
        return _("Cakupan tahap ≥ %(tahap)s") % {"tahap": Tahap(int(stage)).label}
    return str(FIGURE_LABELS[key])


# Which way a figure should move as a network is built up; the others (sizes of groups, ties per stage) are
# only different, not better or worse. Used to colour the change, never to hide it.
BETTER_HIGHER = {
    "n_lembaga", "n_kerjasama", "tahap_jaringan", "mean_tahap", "density", "avg_degree", "largest_component",
    *(f"cakupan_{k}" for k in network.STAGES),
}  # fmt: skip
BETTER_LOWER = {"centralization", "n_components", "n_isolates", "n_articulation"}
DECIMALS = {
    "mean_tahap",
    "density",
    "avg_degree",
    "centralization",
    "modularity",
    *(f"cakupan_{k}" for k in network.STAGES),
}


def _shown(key: str, value, *, signed: bool = False) -> str:
    if value is None:
        return "–"
    if key == "tahap_jaringan" and not signed:
        return f"{Tahap(value).label} ({value})" if value else _("belum terbentuk")
    # number_format cuts decimals off without rounding, so round first.
    places = 2 if key in DECIMALS else None
    text = number_format(round(value, 2) if places else value, decimal_pos=places, use_l10n=True)
    return f"+{text}" if signed and value > 0 else text


def _direction(key: str, selisih) -> str:
    """ "membaik", "memburuk" or "" (no change, no direction for this figure)."""
    if not selisih or (key not in BETTER_HIGHER and key not in BETTER_LOWER):
        return ""
    return "membaik" if (selisih > 0) == (key in BETTER_HIGHER) else "memburuk"


def labelled(rows: list[network.compare.ComparedRow]) -> list[dict]:
    """Comparison rows with the figure's name, each value as the page shows it (stage names, two decimals,
    the reader's decimal sign) and the change's direction, for the page and the downloads."""
    return [
        {
            **row,
            "label": figure_label(row["key"]),
            "tampil_sebelum": _shown(row["key"], row["sebelum"]),
            "tampil_sesudah": _shown(row["key"], row["sesudah"]),
            "tampil_selisih": _shown(row["key"], row["selisih"], signed=True),
            "arah": _direction(row["key"], row["selisih"]),
        }
        for row in rows
    ]


def reason_text(alasan: network.Alasan) -> str:
    """The sentence for a recommendation's reason code, in the reader's language."""
    nilai = alasan.nilai
    if alasan.kode == "belum_bermitra":
        return _("Belum punya kerjasama dengan lembaga lain di jaringan ini.")
    if alasan.kode == "sudah_lebih_tinggi":
        values = {"tahap": Tahap(nilai["tahap"]).label, "perantara": nilai["perantara"], "n": nilai["lainnya"]}
        if not nilai["lainnya"]:
            return _("Keduanya sudah %(tahap)s dengan %(perantara)s.") % values
        return (
            ngettext(
                "Keduanya sudah %(tahap)s dengan %(perantara)s dan %(n)d lainnya.",
                "Keduanya sudah %(tahap)s dengan %(perantara)s dan %(n)d lainnya.",
                nilai["lainnya"],
            )
            % values
        )
    if alasan.kode == "pemecah":
        return ngettext(
            "Jika lembaga ini keluar, jaringan terpecah menjadi %(n)d bagian.",
            "Jika lembaga ini keluar, jaringan terpecah menjadi %(n)d bagian.",
            nilai["bagian"],
        ) % {"n": nilai["bagian"]}
    if alasan.kode == "mitra_langsung":
        return _("Mitra langsung.")
    if alasan.kode == "teman_mitra":
        return _("Teman dari mitra (melalui %(nama)s).") % {"nama": nilai["melalui"]}
    if alasan.kode == "terhubung":
        return _("Terhubung dalam %(n)d langkah.") % {"n": nilai["langkah"]}
    if alasan.kode == "terlalu_jauh":
        return _("Terhubung lebih dari %(n)d langkah; dapat diperkenalkan di forum.") % {"n": nilai["langkah"]}
    if alasan.kode == "belum_terhubung":
        return _("Belum terhubung; dapat diperkenalkan di forum.")
    raise ValueError(f"unknown reason code {alasan.kode!r}")


def explained(recommendations: dict) -> dict:
    """Recommendations with each reason as a sentence (`alasan`), at render time: the cache keeps codes."""
    return {
        key: [{**row, "alasan": reason_text(row["alasan"])} for row in value] if isinstance(value, list) else value
        for key, value in recommendations.items()
    }


def coded(recommendations: dict) -> dict:
    """Recommendations for machines (JSON): each reason as its code, values and sentence."""
    return {
        key: [{**row, "alasan": {**row["alasan"]._asdict(), "teks": reason_text(row["alasan"])}} for row in value]
        if isinstance(value, list)
        else value
        for key, value in recommendations.items()
    }


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
    drawn = [_svg_node(node, pos[node.id], graph.degree(node.id), sizes) for node in nodes if node.id in pos]
    _place_labels(drawn)
    return {
        "grouped": grouped,
        "width": SVG_WIDTH,
        "height": SVG_HEIGHT,
        "nodes": drawn,
        # The lines as markup, made once when the report is computed: a kabupaten draws ~1,700 of them, and
        # rendering them through the template on every view took most of a warm page's time. Numbers only.
        "edge_lines": "".join(
            f'<line x1="{pos[e.a][0]:.1f}" y1="{pos[e.a][1]:.1f}" x2="{pos[e.b][0]:.1f}" y2="{pos[e.b][1]:.1f}" '
            f'class="edge t{int(e.tahap)}"/>'
            for e in edges
            if e.a in pos and e.b in pos
        ),
    }


# Sized for the print font (13 units, ~5.6 pt on A4), so that names placed apart stay apart in the PDF too.
LABEL_CHARS, LABEL_CHAR_WIDTH, LABEL_HEIGHT = 28, 7.4, 15


def label_box(node: dict) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1) a node's label takes below its circle, at the diagram's label size."""
    width = min(len(node["nama"]), LABEL_CHARS) * LABEL_CHAR_WIDTH
    top = node["cy"] + node["r"] + 2
    return node["cx"] - width / 2, top, node["cx"] + width / 2, top + LABEL_HEIGHT


def _place_labels(drawn: list[dict]) -> None:
    """Label the best-connected lembaga first and skip any label that would overlap one already placed (or a
    circle): every shown name is legible; the others keep their name as the circle's tooltip."""
    placed: list[tuple[float, float, float, float]] = []
    circles = [(n["cx"] - n["r"], n["cy"] - n["r"], n["cx"] + n["r"], n["cy"] + n["r"]) for n in drawn]
    for node in sorted(drawn, key=lambda n: (-n["degree"], -n["size"], n["nama"], n["id"])):
        box = label_box(node)
        clear = not any(_overlap(box, other) for other in placed) and not any(_overlap(box, c) for c in circles)
        node["label"] = clear
        if clear:
            placed.append(box)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


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
        "wilayah_kode": node.wilayah_kode,
    }


def _group_key(nodes: list[network.Node]):
    """The deepest wilayah level (kelurahan 13 chars, kecamatan 8, kabupaten 5) with few enough groups."""
    for length in (13, 8, 5, 2):
        if len({node.wilayah_kode[:length] for node in nodes}) <= DIAGRAM_NODE_LIMIT:
            return lambda node, length=length: node.wilayah_kode[:length]
    return lambda node: node.wilayah_kode[:2]


SEKTOR_LABEL = dict(Sektor.choices)
JENIS_LABEL = dict(JenisLembaga.choices)
LADDER_BAR_WIDTH = 420


def present(report: dict) -> dict:
    """Reshape a report for the page: rows a template can loop over without dictionary look-ups."""
    f = report["figures"]
    return {
        "tahap_rows": [
            {
                **step,
                "label": str(Tahap(step["tahap"]).label),  # translated at render time, not when cached
                "jumlah": f["per_tahap"][step["tahap"]],
                "porsi": f["share_tahap"][step["tahap"]],
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
        "jenis_rows": sorted(
            ((JENIS_LABEL.get(j, j), n) for j, n in f.get("per_jenis", {}).items()), key=lambda row: (-row[1], row[0])
        ),
        "matrix_header": [SEKTOR_LABEL.get(s, s) for s in f["sektor_matrix"]],
        "matrix_rows": [(SEKTOR_LABEL.get(s, s), list(row.values())) for s, row in f["sektor_matrix"].items()],
        "rekomendasi": explained(report["rekomendasi"]),
        "tanggal": datetime.date.fromisoformat(report["as_of"]),  # shown dd/mm/yyyy, not as ISO text
        "wilayah_anak": areas_shown(report.get("wilayah_anak")),
        "tren": trend_shown(report.get("tren")),
    }


AREA_BAR_WIDTH = 300


def areas_shown(areas: dict | None) -> dict | None:
    """The drill-down table and its ranking chart: each area's stage by name, the change in a year, and a
    bar (one fifth of the width per stage reached, plus the coverage towards the next)."""
    if not areas:
        return None
    rows = []
    for area in areas["rows"]:
        stage, before = area["tahap_jaringan"], area["lalu"]["tahap_jaringan"]
        activity = area["aktivitas"]
        rows.append(
            area
            | {
                "tahap_nama": stage_name(stage),
                "lalu_nama": stage_name(before),
                "arah": network.direction(stage, before),
                "selisih_kerjasama": area["n_kerjasama"] - area["lalu"]["n_kerjasama"],
                "pertemuan": activity.get("pertemuan", 0),
                "forum": activity.get("forum", 0),
                "kehadiran": activity.get("kehadiran"),
            }
        )
    ranked = [
        row
        | {
            "y": 4 + i * 22,
            "bar": round(max(row["tahap_jaringan"], 0.15) / 5 * AREA_BAR_WIDTH, 1),
            "fill": STAGE_FILL[row["tahap_jaringan"]],
        }
        for i, row in enumerate(network.areas.ranked(rows))
    ]
    return {
        "rows": rows,
        "ranked": ranked,
        "lalu": datetime.date.fromisoformat(areas["lalu"]),
        "bar_width": AREA_BAR_WIDTH,
        "chart_height": 8 + len(ranked) * 22,
        "per_tahap": [(stage_name(k), n) for k, n in areas["per_tahap"].items()],
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
    # Suggestions by evidence stage, highest first, then by the two names: the names are looked up only for the
    # stages the list reaches (a kabupaten has ~300,000 komunikasi pairs and usually enough higher ones).
    by_stage: dict[int, list] = defaultdict(list)
    for pair, found in evidence.items():
        if pair not in declared and pair[0] in nama and pair[1] in nama:
            by_stage[found.tahap].append((pair, found))
    best: list = []
    for stage in sorted(by_stage, reverse=True):
        if len(best) >= PAGE_LIST_LIMIT:
            break
        named = heapq.nsmallest(
            PAGE_LIST_LIMIT - len(best), by_stage[stage], key=lambda item: (nama[item[0][0]], nama[item[0][1]])
        )
        best.extend(named)
    saran = [
        {"a": a, "b": b, "nama_a": nama[a], "nama_b": nama[b], "tahap": found.tahap, "alasan": found.trace}
        for (a, b), found in best
    ]
    result = {**lists, **{f"n_{k}": v for k, v in counts.items()}, "sesuai": sesuai}
    return result | {"saran": saran, "n_saran": sum(map(len, by_stage.values()))}


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


def stage_name(value: int | None) -> str:
    """A network or tie stage by its translated name; 0 or None: "belum terbentuk"."""
    return str(Tahap(value).label) if value else _("belum terbentuk")


def compared_in_words(rows: list[dict], compared: dict) -> str:
    """The comparison's gist in one paragraph: where the network's stage went, how many ties climbed or fell,
    began or ended, how many lembaga joined or left."""
    by_key = {row["key"]: row for row in rows}
    stage = by_key["tahap_jaringan"]
    before, after = stage["sebelum"] or 0, stage["sesudah"] or 0
    names = {"dari": stage_name(before), "ke": stage_name(after)}
    if after > before:
        sentences = [_("Jaringan naik dari %(dari)s ke %(ke)s.") % names]
    elif after < before:
        sentences = [_("Jaringan turun dari %(dari)s ke %(ke)s.") % names]
    else:
        sentences = [_("Jaringan tetap pada tahap %(ke)s.") % names]
    n = compared["n_moves"]
    sentences.append(
        _("%(naik)d kerjasama naik tahap, %(turun)d turun; %(baru)d kerjasama baru, %(akhir)d berakhir.")
        % {"naik": n["naik"], "turun": n["turun"], "baru": n["muncul"], "akhir": n["hilang"]}
    )
    sentences.append(
        _("%(masuk)d lembaga bergabung, %(keluar)d keluar.")
        % {"masuk": compared["n_lembaga_masuk"], "keluar": compared["n_lembaga_keluar"]}
    )
    return " ".join(sentences)


LADDER_PAIR_WIDTH = 360


def ladder_pairs(before: dict, after: dict) -> dict:
    """The coverage ladder on both dates as one chart: per stage a bar for each date, and the threshold."""
    rows = []
    for i, (old, new) in enumerate(zip(before["ladder"], after["ladder"], strict=True)):
        rows.append(
            {
                "label": str(Tahap(new["tahap"]).label),
                "y": 8 + i * 38,
                "sebelum": old["cakupan"],
                "sesudah": new["cakupan"],
                "w_sebelum": round(old["cakupan"] * LADDER_PAIR_WIDTH, 1),
                "w_sesudah": round(new["cakupan"] * LADDER_PAIR_WIDTH, 1),
            }
        )
    return {
        "rows": rows,
        "width": LADDER_PAIR_WIDTH,
        "height": 8 + len(rows) * 38,
        "threshold_x": round(after["threshold"] * LADDER_PAIR_WIDTH, 1),
    }


TREND_WIDTH, TREND_LEFT, TREND_ROW = 600, 110, 22


def _quarter_label(day: datetime.date, last: bool) -> str:
    if last:
        return f"{day:%d/%m/%Y}"
    return _("T%(q)d %(tahun)d") % {"q": (day.month - 1) // 3 + 1, "tahun": day.year}


def trend_shown(points: list[dict] | None) -> dict | None:
    """The trend as two SVG charts' geometry: the network's stage per quarter (a step line over the stage
    names) and the share of ties per stage (stacked bars)."""
    if not points or len(points) < 2:
        return None
    step = TREND_WIDTH / len(points)
    every = max(1, round(len(points) / 8))  # at most ~8 date labels
    bar_height = 5 * TREND_ROW
    columns = []
    for i, point in enumerate(points):
        x = round(TREND_LEFT + i * step + step / 2, 1)
        day, last = datetime.date.fromisoformat(point["tanggal"]), i == len(points) - 1
        stack, top = [], bar_height
        for k in network.STAGES:
            h = round(point["share_tahap"][k] * bar_height, 1)
            top = round(top - h, 1)
            stack.append({"tahap": k, "y": top, "h": h, "fill": STAGE_FILL[k]})
        columns.append(
            {
                "x": x,
                "y": round((5 - point["tahap_jaringan"]) * TREND_ROW + TREND_ROW / 2, 1),
                # Regular labels stop short of the last one (the report's date), which is anchored at its end.
                "label": _quarter_label(day, last) if last or (i % every == 0 and len(points) - 1 - i >= every) else "",
                "anchor": "end" if last else "middle",
                "tanggal": day,
                "tahap_nama": stage_name(point["tahap_jaringan"]),
                "n_kerjasama": point["n_kerjasama"],
                "stack": stack,
            }
        )
    return {
        "columns": columns,
        "line": " ".join(f"{c['x']},{c['y']}" for c in columns),
        "bar_width": round(step * 0.7, 1),
        "bar_offset": round(step * 0.35, 1),
        "width": TREND_LEFT + TREND_WIDTH,
        "height": 5 * TREND_ROW,
        "stages": [
            {"nama": str(Tahap(k).label), "y": (5 - k + 0.5) * TREND_ROW + 4, "line_y": (5 - k + 0.5) * TREND_ROW}
            for k in network.STAGES
        ],
    }


def map_data(
    drawn: dict,
    nodes: list[network.Node],
    edges: list[network.Edge],
    figures: dict,
    scores: dict[int, float],
    histories: list[network.TieHistory],
    as_of: datetime.date,
) -> dict:
    """What the interactive map draws (kept in the report, so the map's JSON is a cache read): the diagram's
    positions in [0, 1]; single lembaga with their code, sektor, degree, betweenness, community and role, and
    every tie with its dated stages for the replay; or, for a big scope, its groups with tie counts. Names and
    codes only: no contact data. Each tie's life as it was known on `as_of` (stages and ends after it left
    out), so a later edit never changes a past report's map."""
    placed = {n["id"]: n for n in drawn["nodes"]}

    def xy(node_id: int) -> tuple[float, float]:
        found = placed[node_id]
        return round(found["cx"] / SVG_WIDTH, 4), round(found["cy"] / SVG_HEIGHT, 4)

    if drawn["grouped"]:
        return _grouped_map(drawn, nodes, edges, xy)
    community = {v: i + 1 for i, members in enumerate(figures["communities"]) for v in members}
    brokers, isolates = set(figures["articulation_points"]), set(figures["isolates"])
    degree = {n["id"]: n["degree"] for n in drawn["nodes"]}
    ids = {node.id for node in nodes}
    return {
        "grouped": False,
        "nodes": [
            {
                "id": node.id,
                "kode": node.kode,
                "nama": node.nama,
                "sektor": node.sektor,
                "xy": xy(node.id),
                "derajat": degree.get(node.id, 0),
                "perantara": scores.get(node.id, 0.0),
                "komunitas": community.get(node.id, 0),
                "broker": node.id in brokers,
                "isolasi": node.id in isolates,
            }
            for node in nodes
            if node.id in placed
        ],
        "edges": [
            {
                "a": tie.a,
                "b": tie.b,
                "mulai": tie.mulai.isoformat(),
                "selesai": tie.selesai.isoformat() if tie.selesai and tie.selesai <= as_of else None,
                "riwayat": [[when.isoformat(), tahap] for when, tahap in tie.stages if when <= as_of],
            }
            for tie in sorted(histories, key=lambda t: (t.a, t.b, t.mulai))
            if tie.a in ids
            and tie.b in ids
            and tie.a != tie.b
            and tie.mulai <= as_of
            and any(when <= as_of for when, _tahap in tie.stages)
        ],
    }


def _grouped_map(drawn: dict, nodes: list[network.Node], edges: list[network.Edge], xy) -> dict:
    key = _group_key(nodes)
    group = {k: i for i, k in enumerate(sorted({key(node) for node in nodes}), start=1)}  # as network.summarise
    member = {node.id: group[key(node)] for node in nodes}
    ties: dict[tuple[int, int], list] = {}
    for edge in edges:
        a, b = sorted((member[edge.a], member[edge.b]))
        if a != b:
            found = ties.setdefault((a, b), [0, 0, None])
            found[0] += 1
            found[1] = max(found[1], edge.tahap)
            if edge.mulai and (found[2] is None or edge.mulai < found[2]):
                found[2] = edge.mulai
    return {
        "grouped": True,
        "nodes": [
            {
                "id": n["id"],
                "kode": n["wilayah_kode"],
                "nama": n["nama"],
                "xy": xy(n["id"]),
                "lembaga": n["size"],
                "derajat": n["degree"],
            }
            for n in drawn["nodes"]
        ],
        "edges": [
            {"a": a, "b": b, "bobot": n, "tahap": tahap, "mulai": mulai.isoformat() if mulai else None}
            for (a, b), (n, tahap, mulai) in sorted(ties.items())
        ],
    }


# Ties coloured by a score on the 1–4 scale (the partner survey's trust or value, through the extension seam):
# four equal classes, red to blue (readable with red-green colour blindness), and grey for a tie nobody rated.
# The same colours are in static/css/skor-kerjasama.css for the server-drawn diagram.
SCORE_MEASURES = ("kepercayaan", "manfaat")
SCORE_FILL = {0: "#adb5bd", 1: "#d7191c", 2: "#f28e2b", 3: "#4eb3d3", 4: "#08589e"}
SCORE_FLOORS = ((4, 3.25), (3, 2.5), (2, 1.75), (1, 1.0))


def score_class(value: float | None) -> int:
    """1–4 for a score (judged as shown, to two decimals), 0 for none."""
    if value is None:
        return 0
    shown = round(value, 2)
    return next((k for k, floor in SCORE_FLOORS if shown >= floor), 1)


def score_legend() -> list[dict]:
    """The classes as a legend: their colour and range in the reader's language, "belum dinilai" last."""
    words = {1: _("rendah"), 2: _("agak rendah"), 3: _("agak tinggi"), 4: _("tinggi")}
    tops = {1: 1.74, 2: 2.49, 3: 3.24, 4: 4.0}
    rows = [
        {
            "kelas": k,
            "warna": SCORE_FILL[k],
            "label": f"{number_format(floor, 2)}–{number_format(tops[k], 2)} ({words[k]})",
        }
        for k, floor in reversed(SCORE_FLOORS)
    ]
    return [*rows, {"kelas": 0, "warna": SCORE_FILL[0], "label": _("belum dinilai")}]


def scored_ties(skor: dict, ids: set[int]) -> list[list]:
    """The map's rows of tie scores among its lembaga: [a, b, trust, value, n, trust class, value class]."""
    rows = []
    for (a, b), found in sorted(skor.items()):
        if a in ids and b in ids:
            trust, value = found["kepercayaan"], found["manfaat"]
            rows.append([a, b, _rounded(trust), _rounded(value), found["n"], score_class(trust), score_class(value)])
    return rows


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def scored_lines(report: dict, skor: dict, measure: str) -> tuple[str, dict[int, int]]:
    """The diagram's lines of a map of single lembaga coloured by a tie score, and how many ties fall in each
    class. The pairs are the ties on the report's date (from the map's tie histories), drawn at the diagram's
    positions; each keeps its stage class for its width."""
    placed = {n["id"]: (n["cx"], n["cy"]) for n in report["diagram"]["nodes"]}
    stages: dict[tuple[int, int], int] = {}
    for tie in report["peta"]["edges"]:
        if tie["selesai"] is None and tie["riwayat"] and tie["a"] in placed and tie["b"] in placed:
            pair = (min(tie["a"], tie["b"]), max(tie["a"], tie["b"]))
            stages[pair] = max(stages.get(pair, 0), tie["riwayat"][-1][1])
    counts = dict.fromkeys(SCORE_FILL, 0)
    lines = []
    for (a, b), tahap in sorted(stages.items()):
        kelas = score_class((skor.get((a, b)) or {}).get(measure))
        counts[kelas] += 1
        (x1, y1), (x2, y2) = placed[a], placed[b]
        lines.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" class="edge t{int(tahap)} skor{kelas}"/>'
        )
    return "".join(lines), counts
