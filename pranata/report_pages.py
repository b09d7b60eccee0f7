"""The report family's pages for any scope — a wilayah's (pranata/views/laporan.py) or a forum's
(forum/views/forum.py): the report as of a date, the before/after comparison and the downloads."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access, exports, network, reports, web
from .forms import BandingForm, TanggalLaporanForm

FORMATS = ("xlsx", "csv", "graphml", "gexf", "gexf-dinamis")


def report_links(name: str, *args) -> dict[str, str]:
    """URLs of the report family (page, comparison, downloads) for a scope's URL name prefix."""
    links = {fmt.replace("-", "_"): reverse(f"{name}-unduh", args=[*args, fmt]) for fmt in FORMATS}
    return links | {"laporan": reverse(name, args=args), "banding": reverse(f"{name}-banding", args=args)}


def _as_of(request: HttpRequest, scope: reports.Scope) -> tuple[TanggalLaporanForm, datetime.date | None]:
    form = TanggalLaporanForm(request.GET)
    if not form.is_valid():
        return form, None
    chosen = form.cleaned_data.get("per")
    as_of = chosen or timezone.localdate()
    first = reports.first_date(scope.lembaga_at(as_of))
    if chosen and first and chosen < first:
        form.add_error(
            "per", _("Belum ada data kerjasama pada tanggal itu; data paling awal %s.") % first.strftime("%d/%m/%Y")
        )
        return form, None
    return form, as_of


def report_page(request: HttpRequest, scope: reports.Scope, *, links: dict, **extra) -> HttpResponse:
    form, as_of = _as_of(request, scope)
    if as_of and request.method == "POST" and request.POST.get("ulangi"):
        # Retry a failed background computation of the current data (not for read-only roles).
        if not access.can_queue_work(request.user):
            raise PermissionDenied(
                _("Peran Anda hanya dapat membaca laporan; minta petugas atau admin menghitung ulang.")
            )
        reports.ensure_job(scope, as_of, reports.fingerprint(scope.lembaga_at(as_of)), retry=True)
        return redirect(request.get_full_path())
    state = reports.page_report(scope, as_of) if as_of else reports.PageReport(None)
    shown = state.report or (state.last or {}).get("report")
    context = {
        "scope": scope,
        "form": form,
        "links": links,
        "report": shown,
        "state": state,
        "query": request.GET.urlencode(),
        "view": reports.present(shown) if shown else None,
        "can_retry": access.can_queue_work(request.user),
    }
    return render(request, "pranata/laporan.html", context | extra)


def compare_page(request: HttpRequest, scope: reports.Scope, *, links: dict, **extra) -> HttpResponse:
    form = BandingForm(request.GET or None)
    context = {"scope": scope, "form": form, "links": links} | extra
    if form.is_valid():
        before = reports.report(scope, form.cleaned_data["dari"])
        after = reports.report(scope, form.cleaned_data["sampai"])
        context.update(before=before, after=after, **reports.comparison(scope, before, after))
        context["move_sections"] = _move_sections(context["named_moves"])
    return render(request, "pranata/laporan_banding.html", context)


def _move_sections(moves: dict) -> list[tuple]:
    return [
        (_("Naik tahap"), moves["naik"], _("Tidak ada kerjasama yang naik tahap.")),
        (_("Turun tahap"), moves["turun"], _("Tidak ada kerjasama yang turun tahap.")),
        (_("Kerjasama baru"), moves["muncul"], _("Tidak ada kerjasama baru.")),
        (_("Kerjasama berakhir"), moves["hilang"], _("Tidak ada kerjasama yang berakhir.")),
    ]


def download(request: HttpRequest, scope: reports.Scope, fmt: str, *, name: str) -> HttpResponse:
    _form, as_of = _as_of(request, scope)
    if as_of is None or fmt not in FORMATS:
        raise Http404(_("Tanggal atau format unduhan tidak valid."))
    filename = f"simpul-{name}-{as_of.isoformat()}"
    if fmt == "gexf-dinamis":
        lembaga = scope.lembaga_at(as_of)
        nodes, _edges = reports.load_graph(lembaga, as_of)
        body = network.to_dynamic_gexf(nodes, reports.tie_histories(lembaga))
        return web.attachment(body, f"simpul-{name}-linimasa.gexf", "application/xml")
    if fmt in {"graphml", "gexf"}:
        graph = network.build_graph(*reports.load_graph(scope.lembaga_at(as_of), as_of))
        body = network.to_graphml(graph) if fmt == "graphml" else network.to_gexf(graph)
        return web.attachment(body, f"{filename}.{fmt}", "application/xml")
    report = reports.report(scope, as_of)
    graph = reports.load_graph(scope.lembaga_at(as_of), as_of)
    if fmt == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return web.attachment(exports.to_xlsx(report, *graph), f"{filename}.xlsx", content_type)
    table = request.GET.get("tabel", "ringkasan")
    if table not in exports.TABLES:
        raise Http404(_("Tabel tidak dikenal."))
    rows = exports.table(report, table, *graph)
    return web.attachment(exports.to_csv(rows), f"{filename}-{table}.csv", "text/csv")
