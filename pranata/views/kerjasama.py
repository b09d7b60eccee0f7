"""Kerjasama pages: add a tie from a lembaga, its timeline, stage changes, ending it."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access, extensions, history, services, uploads, web
from ..forms import AkhiriForm, KerjasamaForm, TahapForm
from ..models import Kerjasama, Lembaga, Tahap


@login_required
def kerjasama_create(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_registry_editor(request.user)
    lembaga = get_object_or_404(access.editable_lembaga(request.user).select_related("wilayah"), pk=pk)
    mitra_qs = access.tie_partner_candidates(request.user, lembaga)
    form = KerjasamaForm(request.POST or None, request.FILES or None, mitra_qs=mitra_qs)
    if uploads.too_big(request):
        form.refuse_oversized()
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        mitra, bukti = data.pop("mitra"), data.pop("bukti")
        data["dokumen"] = data["dokumen"] or ""
        tie = web.run_service(
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
    return get_object_or_404(qs.with_tahap_sejak().select_related("lembaga_a__wilayah", "lembaga_b__wilayah"), pk=pk)


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
        **_evidence_context(tie),
        "akhiri_form": akhiri_form or AkhiriForm(),
        # A form posted from a page loaded before the tie ended: its errors still need to be seen.
        "stale_forms": [form for form in (tahap_form, akhiri_form) if form is not None],
    }
    return render(request, "pranata/kerjasama_detail.html", context, status=status)


def _evidence_context(tie: Kerjasama) -> dict:
    pair = Lembaga.objects.filter(pk__in=[tie.lembaga_a_id, tie.lembaga_b_id])
    found = extensions.evidence_for(pair, timezone.localdate()).get((tie.lembaga_a_id, tie.lembaga_b_id))
    return {"bukti": found, "bukti_label": Tahap(found.tahap).label if found else ""}


@login_required
@require_POST
def kerjasama_tahap(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_registry_editor(request.user)
    tie = _tie(request, pk, edit=True)
    form = TahapForm(request.POST)
    if form.is_valid() and web.run_service(
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
    if form.is_valid() and not web.confirmed(request):
        day = form.cleaned_data["tanggal"].strftime("%d/%m/%Y")
        return web.confirmation(
            request,
            judul=_("Akhiri kerjasama “%(a)s” – “%(b)s” per %(tanggal)s?")
            % {"a": tie.lembaga_a.nama, "b": tie.lembaga_b.nama, "tanggal": day},
            penjelasan=[
                _(
                    "Sejak tanggal itu kerjasama ini tidak dihitung dalam laporan jaringan. Laporan per tanggal "
                    "sebelumnya tetap menghitungnya, dan riwayat tahapnya tetap tersimpan."
                ),
                _("Jika keduanya bekerja sama lagi nanti, catat sebagai kerjasama baru."),
            ],
            tombol=_("Ya, akhiri kerjasama"),
            batal_url=tie.get_absolute_url(),
            data={"tanggal": request.POST.get("tanggal", ""), "alasan": request.POST.get("alasan", "")},
            rincian=[(_("Tanggal berakhir"), day), (_("Alasan"), form.cleaned_data["alasan"])],
        )
    if form.is_valid() and web.run_service(
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
    if uploads.too_big(request):
        form.refuse_oversized()
    status = 200
    if request.method == "POST" and form.is_valid():
        versi = form.pop_versi()
        attrs = {name: value for name, value in form.cleaned_data.items() if name in services.UPDATABLE_TIE_FIELDS}
        if attrs.get("dokumen") is None:
            attrs.pop("dokumen", None)  # no new file: keep the stored one
        elif attrs["dokumen"] is False:
            attrs["dokumen"] = ""  # "clear" ticked
        saved = web.run_service(
            form, lambda: services.kerjasama_update(kerjasama=tie, oleh=request.user, versi=versi, **attrs)
        )
        if saved:
            messages.success(request, _("Perubahan kerjasama tersimpan."))
            return redirect(tie)
        status = 409 if form.stale else 400
    return render(request, "pranata/kerjasama_form.html", {"form": form, "tie": tie}, status=status)


@login_required
def kerjasama_dokumen(request: HttpRequest, pk: int) -> FileResponse:
    """MoU documents are served through scope checks, never from a public media URL."""
    tie = _tie(request, pk, edit=False)
    if not tie.dokumen:
        raise Http404(_("Kerjasama ini tidak punya dokumen."))
    return FileResponse(tie.dokumen.open("rb"), as_attachment=True, filename=Path(tie.dokumen.name).name)


@login_required
@require_POST
def kerjasama_terima(request: HttpRequest) -> HttpResponse:
    """Accept a suggested tie: the stage and its reason come from the evidence, recomputed here, not the form."""
    access.require_registry_editor(request.user)
    next_url = web.safe_next(request, "")
    try:
        ids = sorted({int(request.POST["a"]), int(request.POST["b"])})
    except (KeyError, ValueError):
        raise Http404(_("Pasangan lembaga tidak valid.")) from None
    pair = Lembaga.objects.filter(pk__in=ids).select_related("wilayah")
    if len(ids) != 2 or not access.editable_lembaga(request.user).filter(pk__in=ids).exists():
        raise Http404(_("Pasangan lembaga tidak ditemukan."))
    found = extensions.evidence_for(pair, timezone.localdate()).get((ids[0], ids[1]))
    a, b = sorted(pair, key=lambda lembaga: lembaga.pk)
    if found is None:
        messages.error(request, _("Bukti untuk kerjasama ini sudah tidak ada; catat secara manual bila perlu."))
        return redirect(next_url or a.get_absolute_url())
    try:
        tie = services.kerjasama_create(
            lembaga_a=a,
            lembaga_b=b,
            tahap=found.tahap,
            mulai=timezone.localdate(),
            oleh=request.user,
            bukti=found.trace,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(next_url or a.get_absolute_url())
    messages.success(
        request,
        _("Kerjasama %(a)s — %(b)s dicatat pada tahap %(t)s.")
        % {"a": a.nama, "b": b.nama, "t": tie.get_tahap_display()},
    )
    return redirect(next_url or tie.get_absolute_url())


@login_required
def kerjasama_riwayat(request: HttpRequest, pk: int) -> HttpResponse:
    tie = _tie(request, pk, edit=False)
    title = f"{tie.lembaga_a.nama} — {tie.lembaga_b.nama}"
    return history.history_page(request, tie, title=title, back_url=tie.get_absolute_url())
