"""The network report of a wilayah or a forum as of a date: the report pages' engine and cache
(pranata.reports.pages.page_report), so a report computed for a page is served here and the other way round.
Background-sized scopes answer 202 with the worker's progress until the report is ready."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError

from forum.reports import forum_scope
from pranata import network
from pranata.models import Sektor, StatusTugas, Tahap
from pranata.reports import Scope, first_date, wilayah_scope
from pranata.reports.cache import versioned
from pranata.reports.pages import page_report
from pranata.reports.presentation import coded

from .. import access
from ..query import caller
from ..schemas import Galat, TugasLaporan

router = Router(tags=["laporan"])
POLL_SECONDS = 10


def machine_report(report: dict) -> dict:
    """The report as `manage.py network_report --json` prints it (no SVG diagram; each recommendation's reason
    as code, values and sentence), plus the names of stages and sektor in the caller's language."""
    shown = {key: value for key, value in report.items() if key != "diagram"}
    shown["rekomendasi"] = coded(report["rekomendasi"])
    shown["label"] = {
        "tahap": {str(k): str(Tahap(k).label) for k in network.STAGES},
        "sektor": {code: str(label) for code, label in Sektor.choices},
    }
    return shown


def _as_of(scope: Scope, per: datetime.date | None) -> datetime.date:
    today = timezone.localdate()
    if per is None:
        return today
    if per > today:
        raise HttpError(400, _("Parameter “per”: tanggal laporan tidak boleh di masa depan."))
    first = versioned("first-date", scope.key, per, lambda: first_date(scope.lembaga_at(per)))
    if first and per < first:
        raise HttpError(400, _("Parameter “per”: belum ada data kerjasama pada tanggal itu; data paling awal %s.") % (
            first.isoformat()
        ))  # fmt: skip
    return per


def report_answer(request: HttpRequest, response: HttpResponse, scope: Scope, per: datetime.date | None):
    as_of = _as_of(scope, per)
    state = page_report(scope, as_of)
    if state.report is not None:
        return Status(200, machine_report(state.report))
    job = state.job
    url = request.build_absolute_uri(f"{request.path}?{urlencode({'per': as_of.isoformat()})}")
    response["Location"] = url
    response["Retry-After"] = str(POLL_SECONDS)
    failed = job.status == StatusTugas.GAGAL
    body = {
        "status": job.status,
        "status_label": job.get_status_display(),
        "kemajuan": job.kemajuan,
        "langkah": _("Perhitungan gagal; petugas atau admin dapat menghitung ulang dari halaman laporan.")
        if failed
        else _(job.langkah)
        if job.langkah
        else "",
        "url": url,
    }
    return Status(503 if failed else 202, body)


ANSWERS = {200: dict, 202: TugasLaporan, 400: Galat, 404: Galat, 503: TugasLaporan}


@router.get("/laporan/{kode}/", response=ANSWERS)
def laporan_wilayah(request: HttpRequest, response: HttpResponse, kode: str, per: datetime.date | None = None):
    """Every figure of a wilayah's network report as of `per` (default today), as `manage.py network_report
    KODE --as-of PER --json` prints it. Over SIMPUL_BACKGROUND_LIMIT lembaga: 202 and the worker's progress;
    ask the `url` again (see Retry-After) until it answers 200."""
    wilayah = get_object_or_404(access.wilayah(caller(request)), kode=kode)
    return report_answer(request, response, wilayah_scope(wilayah), per)


@router.get("/forum/{id}/laporan/", response=ANSWERS)
def laporan_forum(request: HttpRequest, response: HttpResponse, id: int, per: datetime.date | None = None):
    """A forum's network report (its members on `per`), as `network_report KODE --forum ID --json` prints it."""
    forum = get_object_or_404(access.forum(caller(request)).select_related("wilayah"), pk=id)
    return report_answer(request, response, forum_scope(forum), per)
