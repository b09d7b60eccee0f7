"""Kerjasama pages: add a tie from a lembaga, its timeline, stage changes, ending it."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access, services
from ..forms import AkhiriForm, KerjasamaForm, TahapForm, add_service_errors
from ..models import Kerjasama


def _run(form, call) -> object | None:
    try:
        return call()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


@login_required
def kerjasama_create(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_registry_editor(request.user)
    lembaga = get_object_or_404(access.editable_lembaga(request.user).select_related("wilayah"), pk=pk)
    mitra_qs = access.tie_partner_candidates(request.user, lembaga)
    form = KerjasamaForm(request.POST or None, request.FILES or None, mitra_qs=mitra_qs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        mitra, bukti = data.pop("mitra"), data.pop("bukti")
        data["dokumen"] = data["dokumen"] or ""
        tie = _run(
            form,
            lambda: services.kerjasama_create(
                lembaga_a=lembaga, lembaga_b=mitra, oleh=request.user, bukti=bukti, **data
            ),
        )
        if tie:
            messages.success(request, _("Kerjasama dengan “%s” tercatat.") % mitra.nama)
            return redirect(lembaga)
    return render(request, "pranata/kerjasama_form.html", {"form": form, "lembaga": lembaga})


def _tie(request: HttpRequest, pk: int, *, edit: bool) -> Kerjasama:
    qs = access.editable_kerjasama(request.user) if edit else access.visible_kerjasama(request.user)
    return get_object_or_404(qs.select_related("lembaga_a__wilayah", "lembaga_b__wilayah"), pk=pk)


@login_required
def kerjasama_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tie = _tie(request, pk, edit=False)
    can_edit = access.editable_kerjasama(request.user).filter(pk=pk).exists()
    return _render_detail(request, tie, can_edit=can_edit)


def _render_detail(request, tie, *, can_edit, tahap_form=None, akhiri_form=None, status=200) -> HttpResponse:
    context = {
        "tie": tie,
        "can_edit": can_edit,
        "riwayat": tie.riwayat.select_related("oleh").order_by("-berlaku_mulai", "-pk"),
        "perubahan": tie.history.select_related("history_user")[:10],
        "tahap_form": tahap_form or TahapForm(initial={"tahap": tie.tahap}),
        "akhiri_form": akhiri_form or AkhiriForm(),
    }
    return render(request, "pranata/kerjasama_detail.html", context, status=status)


@login_required
@require_POST
def kerjasama_tahap(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_registry_editor(request.user)
    tie = _tie(request, pk, edit=True)
    form = TahapForm(request.POST)
    if form.is_valid() and _run(
        form, lambda: services.kerjasama_set_tahap(kerjasama=tie, oleh=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Tahap kerjasama tersimpan: %s.") % tie.get_tahap_display())
        return redirect(tie)
    return _render_detail(request, tie, can_edit=True, tahap_form=form, status=400)


@login_required
@require_POST
def kerjasama_akhiri(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_registry_editor(request.user)
    tie = _tie(request, pk, edit=True)
    form = AkhiriForm(request.POST)
    if form.is_valid() and _run(
        form, lambda: services.kerjasama_end(kerjasama=tie, oleh=request.user, **form.cleaned_data)
    ):
        messages.success(
            request, _("Kerjasama diakhiri per %s. Riwayatnya tetap tersimpan.") % tie.selesai.strftime("%d/%m/%Y")
        )
        return redirect(tie)
    return _render_detail(request, tie, can_edit=True, akhiri_form=form, status=400)


@login_required
def kerjasama_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_registry_editor(request.user)
    tie = _tie(request, pk, edit=True)
    form = KerjasamaForm(request.POST or None, request.FILES or None, instance=tie)
    if request.method == "POST" and form.is_valid():
        # The form has already copied its fields onto the tie; the service checks scope and saves.
        saved = _run(form, lambda: services.kerjasama_update(kerjasama=form.instance, oleh=request.user))
        if saved:
            messages.success(request, _("Perubahan kerjasama tersimpan."))
            return redirect(tie)
    return render(request, "pranata/kerjasama_form.html", {"form": form, "tie": tie})


@login_required
def kerjasama_dokumen(request: HttpRequest, pk: int) -> FileResponse:
    """MoU documents are served through scope checks, never from a public media URL."""
    tie = _tie(request, pk, edit=False)
    if not tie.dokumen:
        raise Http404(_("Kerjasama ini tidak punya dokumen."))
    return FileResponse(tie.dokumen.open("rb"), as_attachment=True, filename=Path(tie.dokumen.name).name)
