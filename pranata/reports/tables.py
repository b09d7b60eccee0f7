"""A report's tables as rows for CSV and XLSX, header first: Indonesian column headers, the Kode lembaga
rather than internal ids, labels rather than codes, dates as dd/mm/yyyy (what the office's Excel reads and
what the import accepts). Built from a computed report and the scope's graph on the same date."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .. import exports, network
from ..models import Sektor, Tahap
from .presentation import figure_label

TABLES = ("ringkasan", "tangga", "lembaga", "kerjasama", "matriks")

# The summary's figures, in the order of the report page; each row also carries its key for scripts.
SUMMARY_KEYS = (
    "n_lembaga",
    "n_kerjasama",
    "tahap_jaringan",
    "mean_tahap",
    "density",
    "avg_degree",
    "centralization",
    "n_components",
    "largest_component",
    "modularity",
)


def _date(value: str | datetime.date | None) -> str:
    if not value:
        return ""
    day = datetime.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day:%d/%m/%Y}"


def _yes(value: bool) -> str:
    return _("Ya") if value else _("Tidak")


def _sektor(code: str) -> str:
    return str(Sektor(code).label) if code in Sektor.values else code


def table(report: dict, name: str, nodes: list[network.Node], edges: list[network.Edge]) -> list[list]:
    """One report table as rows, header first. Raises KeyError for an unknown table name."""
    if name == "lembaga":
        return _lembaga(report, nodes, edges)
    if name == "kerjasama":
        return _kerjasama(nodes, edges)
    return {"ringkasan": _ringkasan, "tangga": _tangga, "matriks": _matriks}[name](report)


def _ringkasan(report: dict) -> list[list]:
    f = report["figures"]
    stage = f["tahap_jaringan"]
    rows = [
        [_("Indikator"), _("Nilai"), pgettext("machine-readable key", "Kode")],
        [_("Per tanggal"), _date(report["as_of"]), "per_tanggal"],
        [_("Lingkup"), report["judul"], "lingkup"],
    ]
    for key in SUMMARY_KEYS:
        rows.append([figure_label(key), f[key], key])
        if key == "tahap_jaringan":
            rows.append([_("Nama tahap jaringan"), str(Tahap(stage).label) if stage else _("belum terbentuk"), ""])
    sampled = f["betweenness_sampled"]
    rows += [
        [figure_label("n_isolates"), len(f["isolates"]), "n_isolates"],
        [figure_label("n_articulation"), len(f["articulation_points"]), "n_articulation_points"],
        [figure_label("n_communities"), len(f["communities"]), "n_communities"],
        [_("Betweenness diperkirakan dari sampel"), _yes(sampled), "betweenness_sampled"],
        [_("Jumlah lembaga sumber sampel"), f["betweenness_k"] or "", "betweenness_k"],
        [_("Galat baku betweenness terbesar"), f["betweenness_error"] if sampled else "", "betweenness_error"],
        [_("Mesin analisis"), f["engine"], "engine"],
    ]
    return rows


def _tangga(report: dict) -> list[list]:
    f = report["figures"]
    header = [_("Tahap"), _("Nama tahap"), _("Jumlah kerjasama"), _("Porsi"), _("Komponen terbesar"), _("Cakupan")]
    rows = [header]
    for step in f["ladder"]:
        k = step["tahap"]
        rows.append([k, str(Tahap(k).label), f["per_tahap"][k], f["share_tahap"][k], step["terbesar"], step["cakupan"]])
    return rows


def _lembaga(report: dict, nodes: list[network.Node], edges: list[network.Edge]) -> list[list]:
    f = report["figures"]
    degree: dict[int, int] = {}
    for edge in edges:
        degree[edge.a] = degree.get(edge.a, 0) + 1
        degree[edge.b] = degree.get(edge.b, 0) + 1
    community = {node: i + 1 for i, members in enumerate(f["communities"]) for node in members}
    brokers = set(f["articulation_points"])
    header = [
        _("Kode lembaga"),
        _("Nama lembaga"),
        _("Sektor"),
        _("Pranata sosial"),
        _("Kelurahan/desa"),
        _("Kode wilayah"),
        _("Derajat"),
        _("Komunitas"),
        _("Titik artikulasi"),
    ]
    rows = [header]
    for node in sorted(nodes, key=lambda n: (n.nama, n.id)):
        rows.append(
            [
                node.kode,
                node.nama,
                _sektor(node.sektor),
                node.pranata,
                node.wilayah,
                node.wilayah_kode,
                degree.get(node.id, 0),
                community.get(node.id, ""),
                _yes(node.id in brokers),
            ]
        )
    return rows


def _kerjasama(nodes: list[network.Node], edges: list[network.Edge]) -> list[list]:
    by_id = {node.id: node for node in nodes}
    header = [
        _("Kode lembaga A"),
        _("Lembaga A"),
        _("Kode lembaga B"),
        _("Lembaga B"),
        _("Tahap"),
        _("Nama tahap"),
        _("Mulai"),
    ]
    rows = [header]
    for e in edges:
        a, b = by_id[e.a], by_id[e.b]
        rows.append([a.kode, a.nama, b.kode, b.nama, e.tahap, str(Tahap(e.tahap).label), _date(e.mulai)])
    return rows


def _matriks(report: dict) -> list[list]:
    matrix = report["figures"]["sektor_matrix"]
    keys = list(matrix)
    header = [_("Sektor"), *(_sektor(key) for key in keys)]
    return [header, *[[_sektor(row), *[matrix[row][col] for col in keys]] for row in keys]]


def to_xlsx(report: dict, nodes: list[network.Node], edges: list[network.Edge]) -> bytes:
    """Every table, one worksheet each (named as `TABLES`)."""
    return exports.sheets_to_xlsx({name: table(report, name, nodes, edges) for name in TABLES})
