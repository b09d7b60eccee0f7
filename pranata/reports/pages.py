"""The report family's pages for any scope — a wilayah's (pranata/views/laporan.py) or a forum's
(forum/views/forum.py): the report as of a date (computed now, or by the worker while the page shows
progress), the before/after comparison and the downloads."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .. import access, exports, extensions, network, pdf, web
from ..forms import BandingForm, TanggalLaporanForm
from ..models import KopSurat, LaporanTugas, Sektor, StatusTugas, Tahap
from . import downloads, tables
from .cache import cached, latest, report_key, scope_fingerprint, store, versioned
from .compute import comparison, compute_report
from .downloads import FORMATS
from .jobs import ensure_job
from .loading import first_date
from .presentation import (
    FIGURE_MEANING,
    SCORE_MEASURES,
    compared_in_words,
    glossary,
    labelled,
    ladder_pairs,
    present,
    score_legend,
    scored_lines,
    scored_ties,
)
from .scope import Scope, pinned


@dataclass
class PageReport:
    """What a report page shows: the report, or the background job computing it and the last finished one."""

    report: dict | None
    job: LaporanTugas | None = None
    last: dict | None = None
    key: str | None = None  # `report`'s identity (cache.report_key), for fragments rendered from it


def page_report(scope: Scope, as_of: datetime.date) -> PageReport:
    """Small scopes are computed now; large ones by the worker, while the page shows progress."""
    sidik = scope_fingerprint(scope, as_of)
    found = cached(scope, as_of, sidik)
    if found is not None:
        return PageReport(found, key=report_key(scope, as_of, sidik))
    lembaga = pinned(scope.lembaga_at(as_of))
    if lembaga.count() <= settings.SIMPUL_BACKGROUND_LIMIT:
        result = compute_report(scope, as_of, lembaga=lembaga)
        store(scope, as_of, sidik, result)
        return PageReport(result, key=report_key(scope, as_of, sidik))
    job = ensure_job(scope, as_of, sidik)
    return PageReport(None, job, latest(scope, as_of))


def _retry_asked(request: HttpRequest) -> bool:
    """A POST asking to run a failed background job again; refused for roles that may only read."""
    if request.method != "POST" or not request.POST.get("ulangi"):
        return False
    if not access.can_queue_work(request.user):
        raise PermissionDenied(_("Peran Anda hanya dapat membaca laporan; minta petugas atau admin menghitung ulang."))
    return True


def report_links(name: str, *args) -> dict[str, str]:
    """URLs of the report family (page, comparison, downloads) for a scope's URL name prefix."""
    links = {fmt.replace("-", "_"): reverse(f"{name}-unduh", args=[*args, fmt]) for fmt in FORMATS}
    return links | {
        "laporan": reverse(name, args=args),
        "banding": reverse(f"{name}-banding", args=args),
        "peta": reverse(f"{name}-peta", args=args),
    }


def _as_of(request: HttpRequest, scope: Scope) -> tuple[TanggalLaporanForm, datetime.date | None]:
    form = TanggalLaporanForm(request.GET)
    if not form.is_valid():
        return form, None
    chosen = form.cleaned_data.get("per")
    as_of = chosen or timezone.localdate()
    first = versioned("first-date", scope.key, as_of, lambda: first_date(scope.lembaga_at(as_of)))
    if chosen and first and chosen < first:
        form.add_error(
            "per", _("Belum ada data kerjasama pada tanggal itu; data paling awal %s.") % first.strftime("%d/%m/%Y")
        )
        return form, None
    return form, as_of


def report_page(request: HttpRequest, scope: Scope, *, links: dict, **extra) -> HttpResponse:
    form, as_of = _as_of(request, scope)
    if as_of and _retry_asked(request):  # a failed background computation of the current data, again
        ensure_job(scope, as_of, scope_fingerprint(scope, as_of), retry=True)
        return redirect(request.get_full_path())
    state = page_report(scope, as_of) if as_of else PageReport(None)
    shown = state.report or (state.last or {}).get("report")
    context = {
        "scope": scope,
        "form": form,
        "links": links,
        "report": shown,
        "state": state,
        "query": request.GET.urlencode(),
        "view": present(shown) if shown else None,
        "can_retry": access.can_queue_work(request.user),
        "sektor_choices": Sektor.choices,
        "kop": KopSurat.objects.for_wilayah(scope.wilayah_kode),
        "arti": FIGURE_MEANING,
        # Parts drawn from the report alone (the diagram's lembaga or areas, the trend and areas below, the
        # details) are drawn once per report and language, then read from the cache: for a kabupaten they were
        # most of the page's time (templates/pranata/_laporan_isi.html, _network_svg.html).
        "report_key": state.key if state.report else None,
    }
    return render(request, "pranata/laporan.html", context | _tie_colours(request, scope, shown) | extra)


def _tie_colours(request: HttpRequest, scope: Scope, report: dict | None) -> dict:
    """When an app rates ties (extensions.register_tie_scores): the source the report's lembaga are rated by
    (one query), and with ?warna=kepercayaan|manfaat the diagram's ties coloured by that score (one more)."""
    if report is None or not extensions.has_tie_scores():
        return {}
    warna = request.GET.get("warna")
    warna = warna if warna in SCORE_MEASURES else "tahap"
    by_score = warna != "tahap" and not report["diagram"]["grouped"]
    as_of = datetime.date.fromisoformat(report["as_of"])
    found = extensions.tie_scores(request, scope.lembaga_at(as_of), as_of, skor=by_score)
    context = {"warna_pilihan": True, "warna": warna, "sumber_skor": found}
    if found is not None and by_score:
        lines, counts = scored_lines(report, found.skor, warna)
        legend = [row | {"jumlah": counts[row["kelas"]]} for row in score_legend()]
        context |= {"garis_skor": lines, "legenda_skor": legend}
    return context


def _default_dates(scope: Scope, start: datetime.date | None) -> dict[str, str] | None:
    """The comparison a visitor sees first: from `start` (a forum's founding) or 12 months ago, but not
    before the first data, to today; None when the scope has no data before today."""
    today = timezone.localdate()
    first = versioned("first-date", scope.key, today, lambda: first_date(scope.lembaga_at(today)))
    if first is None:
        return None
    dari = max(start or today - datetime.timedelta(days=365), first)
    return {"dari": f"{dari:%d/%m/%Y}", "sampai": f"{today:%d/%m/%Y}"} if dari < today else None


def _before_the_data(form: BandingForm, scope: Scope) -> bool:
    """Refuse a first date before any data (the form says which date is the first)."""
    dari, sampai = form.cleaned_data["dari"], form.cleaned_data["sampai"]
    first = versioned("first-date", scope.key, sampai, lambda: first_date(scope.lembaga_at(sampai)))
    if first is None or dari >= first:
        return False
    form.add_error("dari", _("Belum ada data kerjasama pada tanggal itu; data paling awal %s.") % f"{first:%d/%m/%Y}")
    return True


def map_json(request: HttpRequest, scope: Scope) -> JsonResponse:
    """The interactive map's data for the report on `?per=` (default today), read from the cached report;
    while the worker computes a big scope, 202 and the job's progress. Labels in the reader's language."""
    _form, as_of = _as_of(request, scope)
    if as_of is None:
        return JsonResponse({"galat": _("Tanggal tidak valid.")}, status=400)
    state = page_report(scope, as_of)
    if state.report is None:
        return JsonResponse({"status": "dihitung", "persen": state.job.kemajuan if state.job else 0}, status=202)
    labels = {
        "sektor": {code: str(label) for code, label in Sektor.choices},
        "tahap": {k: str(Tahap(k).label) for k in network.STAGES},
    }
    urls = {"lembaga": reverse("pranata:lembaga-detail", args=[0]), "laporan": reverse("pranata:laporan", args=["0"])}
    peta = state.report["peta"]
    layers, scored = {}, {}
    if not peta["grouped"]:  # single lembaga on the map: what other apps know of them, for this reader
        ids = [node["id"] for node in peta["nodes"]]
        as_of = datetime.date.fromisoformat(state.report["as_of"])
        layers = extensions.map_layers(request, ids, as_of)
        scored = _map_scores(request, ids, as_of)
    payload = {"as_of": state.report["as_of"], **peta, "label": labels, "url": urls, "lapisan": layers}
    return JsonResponse(payload | scored)


def _map_scores(request: HttpRequest, ids: list[int], as_of: datetime.date) -> dict:
    """The ties' scores for the map's "colour ties by" control: absent without a tie-score app, None when
    it has no source for these lembaga."""
    if not extensions.has_tie_scores():
        return {}
    found = extensions.tie_scores(request, ids, as_of)
    if found is None:
        return {"skor_kerjasama": None}
    ties = scored_ties(found.skor or {}, set(ids))
    return {"skor_kerjasama": {"judul": found.judul, "url": found.url, "kelas": score_legend(), "ikatan": ties}}


def compare_page(
    request: HttpRequest, scope: Scope, *, links: dict, start: datetime.date | None = None, **extra
) -> HttpResponse:
    """Before/after of two reports. Each comes from the cache, is computed now (small scopes), or is queued
    for the worker like the report page: until both are ready the page shows each job's progress. Opened
    without dates, it compares `start` (or 12 months ago) with today."""
    asked = {key: request.GET[key] for key in ("dari", "sampai") if key in request.GET}
    form = BandingForm(asked or _default_dates(scope, start))
    context = {"scope": scope, "form": form, "links": links, "can_retry": access.can_queue_work(request.user)}
    context["kop"] = KopSurat.objects.for_wilayah(scope.wilayah_kode)
    context |= extra
    if not form.is_valid() or _before_the_data(form, scope):
        return render(request, "pranata/laporan_banding.html", context)
    dates = (form.cleaned_data["dari"], form.cleaned_data["sampai"])
    if _retry_asked(request):
        for day in dates:
            ensure_job(scope, day, scope_fingerprint(scope, day), retry=True)
        return redirect(request.get_full_path())
    states = [page_report(scope, day) for day in dates]
    if any(state.report is None for state in states):
        context["jobs"] = [(day, state.job) for day, state in zip(dates, states, strict=True) if state.job]
        context["running"] = any(job.running for _day, job in context["jobs"])
        return render(request, "pranata/laporan_banding.html", context)
    before, after = (state.report for state in states)
    if request.GET.get("unduh") == "csv":
        return _moves_csv(scope, before, after)
    # Kept under the data version: a kabupaten's moves take both dates' ties loaded again (~0.5 s).
    compared = versioned("banding", f"{scope.key}:{dates[0]}", dates[1], lambda: comparison(scope, before, after))
    context.update(before=before, after=after, **(compared | {"rows": labelled(compared["rows"])}))
    context.update(dari=dates[0], sampai=dates[1], tahap_names=[str(Tahap(k).label) for k in network.STAGES])
    context["ringkasan"] = compared_in_words(context["rows"], compared)
    context["tangga_banding"] = ladder_pairs(before["figures"], after["figures"])
    context["move_sections"] = _move_sections(context["named_moves"], context["n_moves"])
    query = urlencode({"dari": dates[0].isoformat(), "sampai": dates[1].isoformat()})
    context["moves_csv"] = f"{request.path}?{query}&unduh=csv"
    context["banding_pdf"] = f"{request.path}?{query}&unduh=pdf"
    if request.GET.get("unduh") == "pdf":
        context |= {
            "judul": _("Perbandingan sebelum/sesudah"),
            "subjudul": _("%(lingkup)s · %(dari)s → %(sampai)s")
            % {"lingkup": scope.judul, "dari": f"{dates[0]:%d/%m/%Y}", "sampai": f"{dates[1]:%d/%m/%Y}"},
        }
        body = pdf.render("pranata/laporan_banding_pdf.html", context, wilayah_kode=scope.wilayah_kode)
        return pdf.response(body, f"simpul-banding-{dates[0].isoformat()}-{dates[1].isoformat()}.pdf")
    return render(request, "pranata/laporan_banding.html", context)


def _move_titles() -> dict[str, tuple[str, str]]:
    return {
        "naik": (_("Naik tahap"), _("Tidak ada kerjasama yang naik tahap.")),
        "turun": (_("Turun tahap"), _("Tidak ada kerjasama yang turun tahap.")),
        "muncul": (_("Kerjasama baru"), _("Tidak ada kerjasama baru.")),
        "hilang": (_("Kerjasama berakhir"), _("Tidak ada kerjasama yang berakhir.")),
    }


def _move_sections(moves: dict, counts: dict) -> list[tuple]:
    """(title, shown rows, text when empty, how many not shown) per kind of move; each row names its two
    lembaga and its stage(s) by name: (lembaga_a, lembaga_b, stage before or "", stage after or "")."""

    def named(key: str, row: list) -> tuple[str, str, str, str]:
        a, b, *stages = row
        sebelum, sesudah = {"muncul": ("", *stages), "hilang": (*stages, "")}.get(key, stages)
        return a, b, _stage_name(sebelum), _stage_name(sesudah)

    return [
        (title, [named(key, row) for row in moves[key]], empty, counts[key] - len(moves[key]))
        for key, (title, empty) in _move_titles().items()
    ]


def _stage_name(tahap: int | str) -> str:
    return str(Tahap(tahap).label) if tahap else ""


def _moves_csv(scope: Scope, before: dict, after: dict) -> HttpResponse:
    """Every tie that moved between the two dates, one row each: what the page lists only the first of."""
    moves = comparison(scope, before, after, full=True)["named_moves"]
    rows = [[_("perubahan"), _("lembaga_a"), _("lembaga_b"), _("tahap_sebelum"), _("tahap_sesudah")]]
    for key, (title, _empty) in _move_titles().items():
        for a, b, *stages in moves[key]:
            # naik/turun rows carry both stages; a new tie only its stage after, an ended one its stage before.
            sebelum, sesudah = {"muncul": ("", *stages), "hilang": (*stages, "")}.get(key, stages)
            rows.append([title, a, b, sebelum, sesudah])
    name = f"simpul-banding-{before['as_of']}-{after['as_of']}.csv"
    return web.attachment(exports.to_csv(rows), name, "text/csv")


def download(request: HttpRequest, scope: Scope, fmt: str, *, name: str, links: dict) -> HttpResponse:
    """A report's file: built now for small scopes; for background-sized ones made by the worker, while this
    URL shows its progress and then serves the file (to whoever may open the scope, like the report)."""
    _form, as_of = _as_of(request, scope)
    table = request.GET.get("tabel", "ringkasan")
    if as_of is None or fmt not in FORMATS or (fmt == "csv" and table not in tables.TABLES):
        raise Http404(_("Tanggal, format atau tabel unduhan tidak valid."))
    berkas = downloads.kind(fmt, table)
    if pinned(scope.lembaga_at(as_of)).count() <= settings.SIMPUL_BACKGROUND_LIMIT:
        made = downloads.build(scope, as_of, berkas, name=name)
        return web.attachment(made.body, made.filename, made.content_type)
    sidik = scope_fingerprint(scope, as_of)
    if _retry_asked(request):
        ensure_job(scope, as_of, sidik, retry=True, berkas=berkas, name=name)
        return redirect(request.get_full_path())
    job = ensure_job(scope, as_of, sidik, berkas=berkas, name=name)
    if job.status == StatusTugas.SELESAI and job.hasil:
        saved_as = downloads.filename(berkas, as_of, name=name)  # the stored file may carry a storage suffix
        return FileResponse(job.hasil.open("rb"), as_attachment=True, filename=saved_as)
    context = {"scope": scope, "job": job, "berkas": berkas, "as_of": as_of, "links": links}
    context["can_retry"] = access.can_queue_work(request.user)
    return render(request, "pranata/unduhan.html", context)


def glossary_page(request: HttpRequest) -> HttpResponse:
    """What each figure of the reports means, and each stage of the ladder."""
    return render(request, "pranata/istilah.html", {"istilah": glossary()})
