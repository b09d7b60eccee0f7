"""Rounds: the list, opening one, its page with the respondents, the printed invitations and the paper
questionnaire, revoking a link."""

from __future__ import annotations

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pranata import pdf, web
from pranata.models import JenisSumber, Kerjasama, Lembaga
from pranata.pagination import paginate

from .. import access, presentation, selectors, services
from ..forms import GelombangForm
from ..models import Gelombang, Responden, StatusJawaban

# Invitations are made (and their links replaced) in batches of this many respondents: a page of QR codes
# that prints in a minute, whatever the round's size.
BATCH = 200
# The paper questionnaire pre-prints the round's lembaga up to this many; above, partners are written in.
PAPER_LIST = 80
# The resource kinds as the boxes of the paper form tick them.
PAPER_CODES = {"dana": "D", "tempat": "TP", "tenaga": "TN", "keahlian": "K", "peralatan": "P", "akses": "A"}


def _gelombang(request: HttpRequest, pk: int, qs=None) -> Gelombang:
    qs = access.visible_gelombang(request.user) if qs is None else qs
    return get_object_or_404(qs.select_related("forum__wilayah", "wilayah"), pk=pk)


@login_required
def gelombang_list(request: HttpRequest) -> HttpResponse:
    rounds = access.visible_gelombang(request.user).select_related("forum", "wilayah")
    forum = request.GET.get("forum", "")
    if forum.isdigit():
        rounds = rounds.filter(forum_id=int(forum))
    rounds = rounds.annotate(
        n_responden=Count("responden"),
        n_final=Count("responden", filter=Q(responden__status=StatusJawaban.FINAL)),
    ).order_by("-dibuka", "-pk")
    page, query = paginate(request, rounds)
    context = {"page": page, "query": query, "can_open": access.can_open(request.user), "forum": forum}
    context["today"] = timezone.localdate()
    return render(request, "survei/gelombang_list.html", context)


@login_required
def gelombang_create(request: HttpRequest) -> HttpResponse:
    if not access.can_open(request.user):
        raise PermissionDenied(_("Peran Anda tidak dapat membuka gelombang survei."))
    initial = {"dibuka": timezone.localdate(), "forum": request.GET.get("forum")}
    form = GelombangForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data.get(name) for name in GelombangForm.Meta.fields}
        gelombang = web.run_service(form, lambda: services.gelombang_create(oleh=request.user, **data))
        if gelombang:
            n = gelombang.responden.count()
            messages.success(
                request,
                _("Gelombang “%(nama)s” dibuka untuk %(n)s lembaga. Cetak undangan berisi tautan pribadi mereka.")
                % {"nama": gelombang.nama, "n": n},
            )
            return redirect(gelombang)
    context = {"form": form, "judul": _("Buka gelombang survei mitra")}
    return render(request, "survei/gelombang_form.html", context, status=400 if form.errors else 200)


@login_required
def gelombang_edit(request: HttpRequest, pk: int) -> HttpResponse:
    gelombang = _gelombang(request, pk, access.managed_gelombang(request.user))
    form = GelombangForm(request.POST or None, instance=gelombang, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        saved = web.run_service(form, lambda: services.gelombang_update(gelombang=gelombang, oleh=request.user, **data))
        if saved:
            messages.success(request, _("Perubahan tersimpan."))
            return redirect(saved)
    context = {"form": form, "gelombang": gelombang, "judul": _("Ubah gelombang survei")}
    return render(request, "survei/gelombang_form.html", context, status=400 if form.errors else 200)


@login_required
def gelombang_detail(request: HttpRequest, pk: int) -> HttpResponse:
    gelombang = _gelombang(request, pk)
    sees = access.sees_answers(request.user, gelombang)
    context = {
        "gelombang": gelombang,
        "today": timezone.localdate(),
        "rate": selectors.response_rate(gelombang),
        "sees_answers": sees,
        "can_paper": access.paper_gelombang(request.user).filter(pk=pk).exists(),
        "batches": _batches(gelombang) if sees else [],
    }
    if sees:
        rows = gelombang.responden.select_related("lembaga", "diisi_oleh").order_by("lembaga__nama", "pk")
        context["page"], context["query"] = paginate(request, rows)
    return render(request, "survei/gelombang_detail.html", context)


def _batches(gelombang: Gelombang) -> list[tuple[int, int, int]]:
    """(batch number, first, last) of the invitation batches, 1-based."""
    total = gelombang.responden.count()
    return [(n + 1, start + 1, min(start + BATCH, total)) for n, start in enumerate(range(0, total, BATCH))]


def _qr(url: str) -> str:
    """The link as a QR code, an SVG data: URL (drawn here: no outside service sees the link)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


@login_required
def undangan(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what printing invitations does. POST: new links for a batch (or one respondent), printed at once,
    since only their hashes are kept: printing again replaces the links."""
    gelombang = _gelombang(request, pk, access.managed_gelombang(request.user))
    if request.method != "POST":
        return render(request, "survei/undangan.html", {"gelombang": gelombang, "batches": _batches(gelombang)})
    rows = gelombang.responden.order_by("lembaga__nama", "pk")
    if request.POST.get("responden", "").isdigit():
        rows = rows.filter(pk=int(request.POST["responden"]))
    else:
        page = Paginator(rows, BATCH).get_page(request.POST.get("bagian"))
        rows = page.object_list
    form = forms.Form()
    issued = web.run_service(
        form, lambda: services.token_issue(gelombang=gelombang, oleh=request.user, responden=list(rows))
    )
    if issued is None:
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
        return redirect(gelombang)
    cards = []
    for responden, token in issued:
        url = request.build_absolute_uri(reverse("survei:isi", args=[token]))
        cards.append({"responden": responden, "url": url, "qr": _qr(url)})
    response = render(request, "survei/undangan_cetak.html", {"gelombang": gelombang, "cards": cards})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def kertas(request: HttpRequest, pk: int) -> HttpResponse:
    """The paper questionnaire for lembaga without a phone: to print (or ?format=pdf), blank or for one
    respondent (?responden=<id>, with its name and its current ties first)."""
    gelombang = _gelombang(request, pk, access.managed_gelombang(request.user))
    responden = None
    if request.GET.get("responden", "").isdigit():
        responden = get_object_or_404(gelombang.responden.select_related("lembaga"), pk=int(request.GET["responden"]))
    context = {
        "gelombang": gelombang,
        "responden": responden,
        "ladder": presentation.LADDER,
        "sumber": [(PAPER_CODES[kind], label) for kind, label in JenisSumber.choices],
        **_paper_partners(gelombang, responden),
    }
    if request.GET.get("format") != "pdf":
        return render(request, "survei/kertas.html", context)
    context |= {"judul": _("KUESIONER SURVEI MITRA"), "subjudul": f"{gelombang.nama} · {gelombang.lingkup}"}
    body = pdf.render("survei/kertas_pdf.html", context, wilayah_kode=gelombang.lingkup_kode)
    return pdf.response(body, f"simpul-survei-{gelombang.pk}-kuesioner.pdf")


def _paper_partners(gelombang: Gelombang, responden: Responden | None) -> dict:
    scope = Lembaga.objects.filter(pk__in=selectors.scope_ids(gelombang)).order_by("nama", "pk")
    ties: list[Lembaga] = []
    if responden is not None:
        scope = scope.exclude(pk=responden.lembaga_id)
        lembaga = responden.lembaga
        pairs = Kerjasama.objects.of(lembaga).existing_on(timezone.localdate()).values_list("lembaga_a", "lembaga_b")
        tie_ids = {b if a == lembaga.pk else a for a, b in pairs}
        ties = list(scope.filter(pk__in=tie_ids))
        scope = scope.exclude(pk__in=tie_ids)
    others = list(scope[: PAPER_LIST + 1])
    listed = others[:PAPER_LIST] if len(others) <= PAPER_LIST else []
    return {"ties": ties, "others": listed, "blank_rows": range(5 if listed else 15)}


@login_required
@require_POST
def responden_cabut(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    gelombang = _gelombang(request, pk, access.managed_gelombang(request.user))
    responden = get_object_or_404(gelombang.responden.select_related("lembaga"), pk=rid)
    if not responden.has_token:
        raise Http404(_("Lembaga ini tidak punya tautan yang berlaku."))
    services.token_revoke(responden=responden, oleh=request.user)
    messages.success(request, _("Tautan “%(nama)s” dicabut dan tidak berlaku lagi.") % {"nama": responden.lembaga.nama})
    return redirect(gelombang)
