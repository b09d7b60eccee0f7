"""A wilayah's network report pages (the page code itself, shared with forum reports, is reports/pages.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .. import access, reports
from ..models import Wilayah
from ..reports.pages import compare_page, download, glossary_page, map_json, report_links, report_page


def wilayah_scope(user, kode: str) -> tuple[Wilayah, reports.Scope]:
    """The report scope of a wilayah (its lembaga active on the date); 404 outside the user's wilayah."""
    wilayah = get_object_or_404(access.visible_wilayah(user).select_related("induk"), kode=kode)
    return wilayah, reports.wilayah_scope(wilayah)


@login_required
def laporan_index(request: HttpRequest) -> HttpResponse:
    return render(request, "pranata/laporan_index.html", {"wilayah_list": access.assigned_wilayah(request.user)})


@login_required
def laporan_wilayah(request: HttpRequest, kode: str) -> HttpResponse:
    wilayah, scope = wilayah_scope(request.user, kode)
    children = Wilayah.objects.filter(induk=wilayah).order_by("kode")
    links = report_links("pranata:laporan", wilayah.kode)
    return report_page(request, scope, links=links, wilayah=wilayah, anak=children)


@login_required
def laporan_banding(request: HttpRequest, kode: str) -> HttpResponse:
    wilayah, scope = wilayah_scope(request.user, kode)
    return compare_page(request, scope, links=report_links("pranata:laporan", wilayah.kode), wilayah=wilayah)


@login_required
def laporan_unduh(request: HttpRequest, kode: str, fmt: str) -> HttpResponse:
    wilayah, scope = wilayah_scope(request.user, kode)
    return download(request, scope, fmt, name=wilayah.kode, links=report_links("pranata:laporan", wilayah.kode))


@login_required
def laporan_peta(request: HttpRequest, kode: str) -> HttpResponse:
    _wilayah, scope = wilayah_scope(request.user, kode)
    return map_json(request, scope)


@login_required
def laporan_istilah(request: HttpRequest) -> HttpResponse:
    return glossary_page(request)
