"""The pendampingan report of a wilayah or a forum: the page, and the same figures as CSV or XLSX."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from forum import access as forum_access
from pranata import access as pranata_access
from pranata import exports, web

from .. import access, reports
from ..forms import PeriodeForm
from ..models import JenisPendamping, Tugas

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _check_reader(request: HttpRequest) -> None:
    if access.is_pendamping(request.user):
        raise PermissionDenied(_("Laporan pendampingan untuk petugas, koordinator dan Dinas Sosial."))


@login_required
def laporan_wilayah(request: HttpRequest, kode: str) -> HttpResponse:
    _check_reader(request)
    wilayah = get_object_or_404(pranata_access.visible_wilayah(request.user), kode=kode)
    return _answer(request, reports.Scope(kode=wilayah.kode), judul=str(wilayah), slug=wilayah.kode)


@login_required
def laporan_forum(request: HttpRequest, pk: int) -> HttpResponse:
    _check_reader(request)
    forum = get_object_or_404(forum_access.visible_forum(request.user), pk=pk)
    return _answer(request, reports.Scope(forum=forum), judul=forum.nama, slug=f"forum-{forum.pk}", forum=forum)


def _answer(request: HttpRequest, scope: reports.Scope, *, judul: str, slug: str, forum=None) -> HttpResponse:
    form, start, end = PeriodeForm.read(request.GET, default_days=365)
    laporan = reports.build(scope, start, end)
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx"}:
        return _export(laporan, fmt, f"simpul-pendampingan-{slug}-{end.isoformat()}")
    tugas = dict(Tugas.choices)
    context = {
        "laporan": laporan,
        "form": form,
        "judul": judul,
        "forum": forum,
        "kode": scope.kode,
        "tugas_labels": list(Tugas.choices),
        "per_tugas": [(tugas[k], n) for k, n in laporan.per_tugas.items()],
        "per_jenis": [(dict(JenisPendamping.choices).get(k, k), n) for k, n in sorted(laporan.per_jenis.items())],
        "per_bulan": [
            (month, [counts[t] for t in Tugas.values], sum(counts.values())) for month, counts in laporan.per_bulan
        ],
        # The busiest first, capped like the report's other long lists; the CSV/XLSX carry everyone.
        "beban": [
            (b, dict(JenisPendamping.choices).get(b.jenis, b.jenis)) for b in laporan.beban[: reports.MAX_LISTED]
        ],
        "beban_lainnya": max(0, len(laporan.beban) - reports.MAX_LISTED),
    }
    return render(request, "pendampingan/laporan.html", context)


def _export(laporan: reports.Laporan, fmt: str, name: str) -> HttpResponse:
    beban = [["pendamping", "jenis", "kegiatan", "lembaga", "forum", "penugasan_aktif", "kegiatan_terakhir"]] + [
        [b.nama, b.jenis, b.kegiatan, b.lembaga, b.forum, b.penugasan, f"{b.terakhir:%d/%m/%Y}" if b.terakhir else ""]
        for b in laporan.beban
    ]
    bulan = [["bulan", *Tugas.values, "jumlah"]] + [
        [f"{month:%m/%Y}", *[counts[t] for t in Tugas.values], sum(counts.values())]
        for month, counts in laporan.per_bulan
    ]
    if fmt == "csv":
        return web.attachment(exports.to_csv(beban), f"{name}.csv", "text/csv")
    tanpa = [["kode_lembaga", "lembaga", "kelurahan_desa"]] + [
        [lem.kode, lem.nama, lem.wilayah.nama] for lem in laporan.lembaga_tanpa
    ]
    body = exports.sheets_to_xlsx({"beban_kerja": beban, "per_bulan": bulan, "lembaga_tanpa_pendampingan": tanpa})
    return web.attachment(body, f"{name}.xlsx", XLSX)
