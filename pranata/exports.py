"""Report tables as CSV/XLSX and the network as GraphML/GEXF, built from a computed report (plain data)."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from . import text
from .imports import lembaga as lembaga_import
from .imports.base import FORMULA_PREFIXES
from .models import Tahap

TABLES = ("ringkasan", "tangga", "lembaga", "kerjasama", "matriks")


def safe_cell(value: object) -> object:
    """Neutralise spreadsheet formulas (a lembaga named "=HYPERLINK(…)" must stay text) and drop control
    characters that XLSX cannot hold, whatever got into the database."""
    if isinstance(value, str):
        value = text.clean(value, multiline=True)
        if value.startswith(FORMULA_PREFIXES):
            return "'" + value
    return value


def table(report: dict, name: str, nodes: list, edges: list) -> list[list]:
    """One report table as rows, header first. `nodes` and `edges` are the scope's graph on the same date."""
    if name == "lembaga":
        return _lembaga(report, nodes, edges)
    if name == "kerjasama":
        return _kerjasama(nodes, edges)
    return {"ringkasan": _ringkasan, "tangga": _tangga, "matriks": _matriks}[name](report)


def _ringkasan(report: dict) -> list[list]:
    f = report["figures"]
    rows = [["indikator", "nilai"], ["per tanggal", report["as_of"]], ["lingkup", report["judul"]]]
    for key in (
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
    ):
        rows.append([key, f[key]])
    rows += [
        ["n_isolates", len(f["isolates"])],
        ["n_articulation_points", len(f["articulation_points"])],
        ["n_communities", len(f["communities"])],
        ["betweenness_sampled", f["betweenness_sampled"]],
        ["betweenness_k", f["betweenness_k"]],
        ["betweenness_error", f["betweenness_error"]],
        ["engine", f["engine"]],
    ]
    return rows


def _tangga(report: dict) -> list[list]:
    f = report["figures"]
    rows = [["tahap", "nama", "jumlah_kerjasama", "porsi", "komponen_terbesar", "cakupan"]]
    for step in f["ladder"]:
        k = step["tahap"]
        rows.append([k, str(Tahap(k).label), f["per_tahap"][k], f["share_tahap"][k], step["terbesar"], step["cakupan"]])
    return rows


def _lembaga(report: dict, nodes: list, edges: list) -> list[list]:
    f = report["figures"]
    degree: dict[int, int] = {}
    for edge in edges:
        degree[edge.a] = degree.get(edge.a, 0) + 1
        degree[edge.b] = degree.get(edge.b, 0) + 1
    community = {node: i + 1 for i, members in enumerate(f["communities"]) for node in members}
    brokers = set(f["articulation_points"])
    rows = [["id", "nama", "sektor", "pranata", "kode_wilayah", "derajat", "komunitas", "titik_artikulasi"]]
    for node in sorted(nodes, key=lambda n: (n.nama, n.id)):
        rows.append(
            [
                node.id,
                node.nama,
                node.sektor,
                node.pranata,
                node.wilayah_kode,
                degree.get(node.id, 0),
                community.get(node.id, ""),
                node.id in brokers,
            ]
        )
    return rows


def _kerjasama(nodes: list, edges: list) -> list[list]:
    nama = {node.id: node.nama for node in nodes}
    rows = [["id_a", "lembaga_a", "id_b", "lembaga_b", "tahap", "mulai"]]
    rows += [[e.a, nama[e.a], e.b, nama[e.b], e.tahap, e.mulai.isoformat() if e.mulai else ""] for e in edges]
    return rows


def _matriks(report: dict) -> list[list]:
    matrix = report["figures"]["sektor_matrix"]
    keys = list(matrix)
    return [["sektor", *keys], *[[row, *[matrix[row][col] for col in keys]] for row in keys]]


def to_csv(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    # A BOM so Excel opens Indonesian names (é, –) correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(report: dict, nodes: list, edges: list) -> bytes:
    return sheets_to_xlsx({name: table(report, name, nodes, edges) for name in TABLES})


def sheets_to_xlsx(sheets: dict[str, list[list]]) -> bytes:
    """One worksheet per table (header row first), formulas neutralised."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([safe_cell(cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


PERSONAL_COLUMNS = ["kontak_nama", "kontak_telepon"]
# The import template's columns (personal ones last, only when asked): an export is a valid import file.
LEMBAGA_COLUMNS = [c for c in lembaga_import.COLUMNS if c not in PERSONAL_COLUMNS]


def lembaga_rows(lembaga, *, personal: bool) -> list[list]:
    """The lembaga list in the import template's columns, so an export can be edited and imported back."""
    header = LEMBAGA_COLUMNS + (PERSONAL_COLUMNS if personal else [])
    rows = [header]
    for item in lembaga.select_related("wilayah", "pranata").iterator(chunk_size=2000):
        row = [
            item.kode,
            item.wilayah.kode,
            item.nama,
            item.singkatan,
            item.get_sektor_display(),
            item.pranata.nama,
            item.tahun_berdiri,
            item.jumlah_anggota,
            item.alamat,
            item.get_status_display(),
            f"{item.aktif_sejak:%d/%m/%Y}",
        ]
        if personal:
            row += [item.kontak_nama, str(item.kontak_telepon or "")]
        rows.append(row)
    return rows


def download(rows: list[list], *, filename: str, fmt: str, sheet: str = "data"):
    """An HttpResponse with the table as CSV or XLSX."""
    if fmt == "xlsx":
        body = sheets_to_xlsx({sheet: rows})
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, content_type = to_csv(rows), "text/csv; charset=utf-8"
    from .web import attachment  # web imports forms; keep exports importable without the web layer

    return attachment(body, f"{filename}.{fmt}", content_type)
