"""What a round found: the pairs confirmed or flagged (and what to do about them), the PARTNER scores, two
rounds compared, and the answers as files."""

from __future__ import annotations

import datetime
from itertools import zip_longest

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum import selectors as forum_selectors
from pranata import exports as pranata_exports
from pranata import network, web
from pranata.models import Tahap
from pranata.network.compare import transitions
from pranata.pagination import query_without
from pranata.reports.presentation import FIGURE_MEANING, labelled

from .. import access, dyads, exports, jaringan, presentation, scores, selectors, services
from .gelombang import _gelombang

PAGE = 50


def _page(request: HttpRequest, rows: list, param: str = "page"):
    return Paginator(rows, PAGE).get_page(request.GET.get(param))


@login_required
def pasangan(request: HttpRequest, pk: int) -> HttpResponse:
    """Every pair of the round: what each end says, the declared and the evidence stage, its state and flags.
    Those who run the round see who said what; Dinas Sosial sees the states and the gaps only."""
    gelombang = _gelombang(request, pk)
    today = timezone.localdate()
    found = selectors.fold(gelombang, today=today)
    status = request.GET.get("status", "")
    rows = found.dyads
    if status == "ditandai":
        rows = [dyad for dyad in rows if dyad.flagged]
    elif status in dyads.STATUSES:
        rows = [dyad for dyad in rows if dyad.status == status]
    page = _page(request, rows)
    sees = access.sees_answers(request.user, gelombang)
    counts = found.counts
    context = {
        "gelombang": gelombang,
        "page": page,
        "query": query_without(request, "page"),
        "rows": _dyad_rows(page.object_list, found.evidence, named=sees),
        "counts": counts,
        "status": status,
        "filters": [
            (kode, presentation.STATUS_LABELS[kode], presentation.STATUS_HELP[kode], counts[kode])
            for kode in dyads.STATUSES
        ],
        "sees_answers": sees,
        "can_adopt": sees and access.can_adopt(request.user),
        "next_meeting": forum_selectors.next_meeting(services.meeting_forums(gelombang), today) if sees else None,
    }
    return render(request, "survei/pasangan.html", context)


def _dyad_rows(page: list[dyads.Dyad], evidence: dict, *, named: bool) -> list[dict]:
    names = selectors.names([d.a for d in page] + [d.b for d in page])
    rows = []
    for dyad in page:
        who = {"a": names.get(dyad.a, "?"), "b": names.get(dyad.b, "?")}
        found = evidence.get((dyad.a, dyad.b))
        rows.append(
            {
                "dyad": dyad,
                "nama_a": who["a"],
                "nama_b": who["b"],
                "kata_a": presentation.stage_label(dyad.kata_a),
                "kata_b": presentation.stage_label(dyad.kata_b),
                "jawaban": [
                    presentation.stage_label(k) for k in sorted(x for x in (dyad.kata_a, dyad.kata_b) if x is not None)
                ],
                "dinyatakan": presentation.stage_label(dyad.dinyatakan),
                "bukti": presentation.stage_label(dyad.bukti),
                "jejak": found.trace if found else "",
                "status": presentation.STATUS_LABELS[dyad.status],
                "alasan": [presentation.reason(alasan, who if named else None) for alasan in dyad.alasan],
                "adopt_survey": dyad.adopt_survey and Tahap(dyad.adopt_survey).label,
                "adopt_evidence": dyad.adopt_evidence and Tahap(dyad.adopt_evidence).label,
            }
        )
    return rows


@login_required
@require_POST
def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    gelombang = _gelombang(request, pk, access.managed_gelombang(request.user))
    back = reverse("survei:pasangan", args=[pk])
    try:
        meeting, added = services.agenda_add_flagged(gelombang=gelombang, oleh=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    tanggal = f"{meeting.tanggal:%d/%m/%Y}"
    if added:
        messages.success(
            request,
            _("%(n)s pasangan masuk agenda pertemuan %(tanggal)s.") % {"n": added, "tanggal": tanggal},
        )
    else:
        messages.info(
            request, _("Semua pasangan itu sudah ada di agenda pertemuan %(tanggal)s.") % {"tanggal": tanggal}
        )
    return redirect(back)


@login_required
@require_POST
def adopsi(request: HttpRequest, pk: int) -> HttpResponse:
    """Adopt a confirmed survey stage, or the evidence stage, as a tie's declared stage (one click)."""
    gelombang = _gelombang(request, pk, access.managed_gelombang(request.user))
    back = web.safe_next(request, reverse("survei:pasangan", args=[pk]))
    try:
        a, b = int(request.POST["a"]), int(request.POST["b"])
    except (KeyError, ValueError):
        raise Http404(_("Pasangan lembaga tidak valid.")) from None
    sumber = request.POST.get("sumber")
    if sumber not in {services.SURVEI, services.BUKTI}:
        raise Http404(_("Pasangan lembaga tidak valid."))
    try:
        tie = services.stage_adopt(gelombang=gelombang, a=a, b=b, sumber=sumber, oleh=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(
        request,
        _("Tahap kerjasama %(a)s — %(b)s kini %(t)s.")
        % {"a": tie.lembaga_a.nama, "b": tie.lembaga_b.nama, "t": tie.get_tahap_display()},
    )
    return redirect(back)


@login_required
def skor(request: HttpRequest, pk: int) -> HttpResponse:
    """Trust and value: per tie (both directions), per lembaga as its partners see it (ranked), the whole."""
    gelombang = _gelombang(request, pk)
    ratings = selectors.load_ratings(gelombang)
    ties = sorted(scores.tie_scores(ratings).items(), key=lambda item: (-(item[1].trust or 0), item[0]))
    ranked = scores.ranked(scores.received_scores(ratings))
    tie_page, lembaga_page = _page(request, ties, "ikatan"), _page(request, ranked, "page")
    names = selectors.names(
        [i for pair, _s in tie_page.object_list for i in pair] + [i for i, _s in lembaga_page.object_list]
    )
    context = {
        "gelombang": gelombang,
        "rate": selectors.response_rate(gelombang),
        "overall": scores.overall(ratings),
        "tie_page": tie_page,
        "lembaga_page": lembaga_page,
        "tie_rows": [(names.get(a), names.get(b), score) for (a, b), score in tie_page.object_list],
        "lembaga_rows": [(names.get(i), score) for i, score in lembaga_page.object_list],
        "rank_start": lembaga_page.start_index(),
        "query_ikatan": query_without(request, "ikatan"),
        "query": query_without(request, "page"),
    }
    return render(request, "survei/skor.html", context)


@login_required
def jaringan_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The network as the respondents see it beside the declared network of the same lembaga: every figure of
    the network report for both, how their ties overlap, and the main brokers of each."""
    gelombang = _gelombang(request, pk)
    found = jaringan.compared(gelombang, timezone.localdate())
    declared, survey = found["dinyatakan"], found["survei"]
    rows = [row | {"arti": FIGURE_MEANING.get(row["key"], "")} for row in labelled(network.compare(declared, survey))]
    context = {
        "gelombang": gelombang,
        "tanggal": datetime.date.fromisoformat(found["as_of"]),
        "rows": rows,
        "tumpang": found["tumpang"],
        "brokers": list(zip_longest(declared["top_betweenness"][:5], survey["top_betweenness"][:5])),
        "laporan": _report_url(gelombang, found["as_of"]),
    }
    return render(request, "survei/jaringan.html", context)


def _report_url(gelombang, as_of: str) -> str:
    """The network report of the round's forum or kelurahan on the day the declared network was read."""
    if gelombang.forum_id:
        return reverse("forum:laporan", args=[gelombang.forum_id]) + f"?per={as_of}"
    return reverse("pranata:laporan", args=[gelombang.wilayah.kode]) + f"?per={as_of}"


@login_required
def banding(request: HttpRequest, pk: int) -> HttpResponse:
    """This round against another of the same forum or kelurahan: the stage-transition matrix of the survey's
    own network (pranata.network.compare) and how each pair's trust and value moved."""
    gelombang = _gelombang(request, pk)
    others = selectors.comparable(gelombang, access.visible_gelombang(request.user))
    chosen = request.GET.get("dengan", "")
    other = get_object_or_404(others, pk=int(chosen)) if chosen.isdigit() else others.first()
    context = {"gelombang": gelombang, "others": others, "other": other}
    if other is not None:
        before, after = sorted([gelombang, other], key=lambda g: (g.dibuka, g.pk))
        context |= _compared(request, before, after)
    return render(request, "survei/banding.html", context)


def _compared(request: HttpRequest, before, after) -> dict:
    today = timezone.localdate()
    folds = [selectors.fold(g, today=today, evidence={}) for g in (before, after)]
    moved = transitions(*(dyads.survey_network(f.dyads) for f in folds))
    changes = scores.changes(folds[0].ties, folds[1].ties)
    page = _page(request, changes)
    names = selectors.names([i for row in page.object_list for i in row[0]])
    return {
        "before": before,
        "after": after,
        "moved": moved,
        "matrix": [(Tahap(k).label, row, moved["berakhir"][k]) for k, row in enumerate(moved["matrix"], start=1)],
        "stages": [Tahap(k).label for k in range(1, 6)],
        "page": page,
        "query": query_without(request, "page"),
        "change_rows": [(names.get(a), names.get(b), *rest) for (a, b), *rest in page.object_list],
    }


@login_required
def unduh(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The answers as CSV/XLSX (anonymised with ?anonim=1) or a directed GraphML, for those who run the round."""
    gelombang = _gelombang(request, pk, access.managed_gelombang(request.user))
    anonim = request.GET.get("anonim") == "1"
    name = f"simpul-survei-{gelombang.pk}{'-anonim' if anonim else ''}"
    if fmt == "graphml":
        return web.attachment(exports.graphml(gelombang, anonim=anonim), f"{name}.graphml", "application/graphml+xml")
    if fmt not in {"csv", "xlsx"}:
        raise Http404(_("Format unduhan tidak dikenal."))
    return pranata_exports.download(
        exports.answer_rows(gelombang, anonim=anonim), filename=name, fmt=fmt, sheet="jawaban"
    )
