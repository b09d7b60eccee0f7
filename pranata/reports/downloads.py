"""A report's downloads (CSV/XLSX tables, GraphML, GEXF, dynamic GEXF) as bytes, built the same way whether
the page builds them at once (small scopes) or the worker does (background-sized scopes, jobs.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .. import exports, network, pdf
from ..models import Sektor
from . import tables
from .compute import report
from .loading import load_graph, tie_histories
from .presentation import present
from .scope import Scope, pinned

FORMATS = ("pdf", "xlsx", "csv", "graphml", "gexf", "gexf-dinamis")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Download:
    body: bytes
    filename: str
    content_type: str


def sektor_names() -> dict[str, str]:
    """The sektor labels the graph files carry beside each lembaga's sektor code (Gephi colours by them)."""
    return {code: str(label) for code, label in Sektor.choices}


def kind(fmt: str, table: str = "") -> str:
    """The job's name for a download: the format, and for CSV the table ("csv:ringkasan")."""
    return f"csv:{table}" if fmt == "csv" else fmt


def filename(berkas: str, as_of: datetime.date, *, name: str) -> str:
    """The name a download is saved under on the user's computer."""
    fmt, _sep, table = berkas.partition(":")
    if fmt == "gexf-dinamis":
        return f"simpul-{name}-linimasa.gexf"
    stem = f"simpul-{name}-{as_of.isoformat()}"
    return f"{stem}-{table}.csv" if fmt == "csv" else f"{stem}.{fmt}"


def build(scope: Scope, as_of: datetime.date, berkas: str, *, name: str) -> Download:
    """The file for one download kind (see `kind`). Raises KeyError for an unknown CSV table."""
    fmt, _sep, table = berkas.partition(":")
    saved_as = filename(berkas, as_of, name=name)
    lembaga = pinned(scope.lembaga_at(as_of))
    if fmt == "gexf-dinamis":
        nodes, _edges = load_graph(lembaga, as_of)
        body = network.to_dynamic_gexf(nodes, tie_histories(lembaga), sektor_names=sektor_names())
        return Download(body, saved_as, "application/xml")
    if fmt in {"graphml", "gexf"}:
        graph = network.build_graph(*load_graph(lembaga, as_of))
        write = network.to_graphml if fmt == "graphml" else network.to_gexf
        body = write(graph, sektor_names=sektor_names())
        return Download(body, saved_as, "application/xml")
    result = report(scope, as_of)
    if fmt == "pdf":
        return Download(_report_pdf(scope, as_of, result), saved_as, pdf.CONTENT_TYPE)
    graph = load_graph(lembaga, as_of)
    if fmt == "xlsx":
        return Download(tables.to_xlsx(result, *graph), saved_as, XLSX)
    if table not in tables.TABLES:
        raise KeyError(table)
    return Download(exports.to_csv(tables.table(result, table, *graph)), saved_as, "text/csv")


def _report_pdf(scope: Scope, as_of: datetime.date, result: dict) -> bytes:
    context = {
        "report": result,
        "view": present(result),
        "scope": scope,
        "judul": _("Laporan jaringan pranata sosial"),
        "subjudul": _("%(lingkup)s · per %(tanggal)s") % {"lingkup": scope.judul, "tanggal": f"{as_of:%d/%m/%Y}"},
    }
    return pdf.render("pranata/laporan_pdf.html", context, wilayah_kode=scope.wilayah_kode)
