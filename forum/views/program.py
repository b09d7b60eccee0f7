"""Joint programmes (program bersama): participants, pooled resources, beneficiaries."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pranata import access, web
from pranata.models import SumberDaya
from pranata.pagination import paginate

from .. import access as forum_access
from .. import services
from ..forms import PenerimaFormSet, ProgramForm
from ..models import StatusProgram


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    programs = (
        forum_access.visible_program(request.user)
        .select_related("forum", "wilayah")
        .annotate(n_penerima=Sum("penerima__jumlah"))
    )
    q, status = request.GET.get("q", "").strip(), request.GET.get("status", "")
    if q:
        programs = programs.filter(nama__icontains=q)
    if status in StatusProgram.values:
        programs = programs.filter(status=status)
    page, query = paginate(request, programs.order_by("-mulai", "pk"))
    context = {"page": page, "q": q, "status": status, "statuses": StatusProgram.choices, "query": query}
    context["can_create"] = forum_access.can_create_program(request.user)
    return render(request, "forum/program_list.html", context)


def _program_form(request: HttpRequest) -> tuple[ProgramForm, PenerimaFormSet]:
    lembaga = access.visible_lembaga(request.user).aktif().select_related("wilayah").order_by("nama")
    form = ProgramForm(
        request.POST or None,
        lembaga_qs=lembaga,
        sumber_qs=SumberDaya.objects.filter(lembaga__in=lembaga).select_related("lembaga").order_by("lembaga__nama"),
        forum_qs=forum_access.editable_forum(request.user),
        wilayah_qs=access.visible_wilayah(request.user),
        initial={"wilayah": access.assigned_wilayah(request.user).first()},
    )
    return form, PenerimaFormSet(request.POST or None, prefix="pm")


@login_required
def program_create(request: HttpRequest) -> HttpResponse:
    if not forum_access.can_create_program(request.user):
        raise PermissionDenied(_("Peran Anda tidak dapat membuat program."))
    form, penerima = _program_form(request)
    if request.method == "POST" and form.is_valid() and penerima.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in ProgramForm.Meta.fields}
        beneficiaries = [
            (f.cleaned_data["kategori"], f.cleaned_data["jumlah"] or 0)
            for f in penerima
            if f.cleaned_data.get("kategori")
        ]
        program = web.run_service(
            form,
            lambda: services.program_create(
                oleh=request.user,
                peserta=form.participants(),
                sumber_daya=list(form.cleaned_data["sumber"]),
                penerima=beneficiaries,
                **data,
            ),
        )
        if program:
            messages.success(request, _("Program “%s” tersimpan.") % program.nama)
            return redirect(program)
    return render(request, "forum/program_form.html", {"form": form, "penerima": penerima})


@login_required
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(forum_access.visible_program(request.user).select_related("forum", "wilayah"), pk=pk)
    context = {
        "program": program,
        "peserta": program.peserta.select_related("lembaga"),
        "sumber": program.sumber_daya.select_related("lembaga"),
        "penerima": program.penerima.all(),
        "statuses": StatusProgram.choices,
    }
    return render(request, "forum/program_detail.html", context)


@login_required
@require_POST
def program_status(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(forum_access.visible_program(request.user), pk=pk)
    status = request.POST.get("status")
    if status not in StatusProgram.values:
        messages.error(request, _("Status tidak dikenal."))
        return redirect(program)
    try:
        services.program_set_status(program=program, status=status, oleh=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Status program: %s.") % program.get_status_display())
    return redirect(program)
