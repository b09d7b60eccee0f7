"""Joint programmes (program bersama): participants, pooled resources and their ledger, beneficiaries."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pranata import access, web
from pranata.models import SumberDaya
from pranata.pagination import paginate

from .. import access as forum_access
from .. import reports, services
from ..forms import SATUAN_UMUM, KontribusiForm, PenerimaFormSet, ProgramForm
from ..models import Kontribusi, ProgramBersama, StatusProgram


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
    ledger = list(program.kontribusi.select_related("lembaga", "sumber_daya").order_by("tanggal", "pk"))
    context = {
        "program": program,
        "peserta": program.peserta.select_related("lembaga"),
        "sumber": program.sumber_daya.select_related("lembaga"),
        "penerima": program.penerima.all(),
        "statuses": StatusProgram.choices,
        "kontribusi": ledger,
        "totals": reports.ledger_totals(ledger),
        "can_edit": forum_access.can_edit_program(request.user, program),
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


# --- the ledger -------------------------------------------------------------------------------------------


def _editable(program: ProgramBersama, request: HttpRequest) -> ProgramBersama:
    """Seen (else 404 before this) but only read: Dinas Sosial, or a coordinator of another forum."""
    if not forum_access.can_edit_program(request.user, program):
        raise PermissionDenied(_("Anda hanya dapat membaca program ini."))
    return program


def _entry(request: HttpRequest, pk: int) -> Kontribusi:
    visible = Kontribusi.objects.filter(program__in=forum_access.visible_program(request.user))
    kontribusi = get_object_or_404(visible.select_related("program__forum", "program__wilayah", "lembaga"), pk=pk)
    _editable(kontribusi.program, request)
    return kontribusi


def _ledger_page(request: HttpRequest, form: KontribusiForm, program: ProgramBersama) -> HttpResponse:
    context = {"form": form, "program": program, "satuan_umum": SATUAN_UMUM}
    return render(request, "forum/kontribusi_form.html", context, status=400 if form.is_bound else 200)


@login_required
def kontribusi_create(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(forum_access.visible_program(request.user).select_related("forum", "wilayah"), pk=pk)
    _editable(program, request)
    form = KontribusiForm(request.POST or None, program=program, instance=Kontribusi(program=program))
    if form.is_valid():
        saved = web.run_service(
            form, lambda: services.kontribusi_add(program=program, oleh=request.user, **form.ledger_fields())
        )
        if saved:
            messages.success(request, _("Kontribusi “%s” tercatat.") % saved.uraian)
            return redirect(f"{program.get_absolute_url()}#kontribusi")
    return _ledger_page(request, form, program)


@login_required
def kontribusi_edit(request: HttpRequest, pk: int) -> HttpResponse:
    kontribusi = _entry(request, pk)
    program = kontribusi.program
    form = KontribusiForm(request.POST or None, program=program, instance=kontribusi)
    if form.is_valid():
        saved = web.run_service(
            form, lambda: services.kontribusi_update(kontribusi=kontribusi, oleh=request.user, **form.ledger_fields())
        )
        if saved:
            messages.success(request, _("Kontribusi “%s” diubah.") % saved.uraian)
            return redirect(f"{program.get_absolute_url()}#kontribusi")
    return _ledger_page(request, form, program)


@login_required
def kontribusi_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    """Removing an entry asks first (GET, or a POST without the confirmation) and says what stays."""
    kontribusi = _entry(request, pk)
    program = kontribusi.program
    if web.confirmed(request):
        services.kontribusi_remove(kontribusi=kontribusi, oleh=request.user)
        messages.success(request, _("Kontribusi “%s” dihapus.") % kontribusi.uraian)
        return redirect(f"{program.get_absolute_url()}#kontribusi")
    return web.confirmation(
        request,
        judul=_("Hapus kontribusi “%(uraian)s” dari %(nama)s?")
        % {"uraian": kontribusi.uraian, "nama": kontribusi.lembaga.nama},
        penjelasan=[
            _(
                "Catatan ini hilang dari buku kontribusi program “%(program)s” dan dari jumlah-jumlahnya. Hapus hanya "
                "yang salah catat; riwayat perubahannya tetap tersimpan untuk admin."
            )
            % {"program": program.nama}
        ],
        tombol=_("Ya, hapus kontribusi"),
        batal_url=f"{program.get_absolute_url()}#kontribusi",
        data={},
        rincian=[
            (_("Tanggal"), kontribusi.tanggal.strftime("%d/%m/%Y")),
            (_("Jumlah"), f"{formats.localize(kontribusi.jumlah_ringkas)} {kontribusi.satuan}"),
            (_("Taksiran nilai"), reports.rupiah(kontribusi.nilai)),
        ],
    )
