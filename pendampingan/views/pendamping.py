"""Pendamping pages: the list, one pendamping's page (assignments, activities, trainings), the record's form,
assigning and ending an assignment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from forum import access as forum_access
from pranata import access as pranata_access
from pranata import history, web
from pranata.pagination import paginate

from .. import access, services
from ..forms import AkhiriPenugasanForm, PendampingForm, PenugasanForm
from ..models import JenisPendamping, Pendamping, Penugasan

STATUSES = {"aktif", "berhenti", "calon"}
MAX_LINKS = 6  # report links on the list page: the user's own areas and forums


@login_required
def pendamping_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = access.visible_pendamping(request.user).select_related("wilayah")
    q, jenis, status = (request.GET.get(k, "").strip() for k in ("q", "jenis", "status"))
    rows = rows.search(q)
    if jenis in JenisPendamping.values:
        rows = rows.filter(jenis=jenis)
    if status == "aktif":
        rows = rows.aktif_pada(today).filter(calon=False)
    elif status == "berhenti":
        rows = rows.filter(selesai__lt=today)
    elif status == "calon":
        rows = rows.filter(calon=True)
    rows = rows.annotate(n_tugas=Count("penugasan", filter=Q(penugasan__selesai__isnull=True)))
    page, query = paginate(request, rows.order_by("nama", "pk"))
    context = {
        "page": page,
        "query": query,
        "q": q,
        "jenis": jenis,
        "status": status if status in STATUSES else "",
        "jenis_choices": JenisPendamping.choices,
        "can_create": access.can_register_pendamping(request.user),
    }
    if not access.is_pendamping(request.user):
        context["laporan_wilayah"] = list(pranata_access.assigned_wilayah(request.user).order_by("kode")[:MAX_LINKS])
        context["laporan_forum"] = list(forum_access.visible_forum(request.user).order_by("nama")[:MAX_LINKS])
    return render(request, "pendampingan/pendamping_list.html", context)


def _pendamping(request: HttpRequest, pk: int, *, edit: bool = False) -> Pendamping:
    qs = access.editable_pendamping(request.user) if edit else access.visible_pendamping(request.user)
    return get_object_or_404(qs.select_related("wilayah", "user"), pk=pk)


@login_required
def pendamping_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pendamping = _pendamping(request, pk)
    today = timezone.localdate()
    penugasan = list(
        pendamping.penugasan.select_related("forum__wilayah", "lembaga__wilayah").order_by("-mulai", "-pk")
    )
    kegiatan = pendamping.kegiatan.select_related("forum", "lembaga")
    context = {
        "pendamping": pendamping,
        "penugasan": penugasan,
        "today": today,
        "kegiatan": list(kegiatan[:20]),
        "n_kegiatan": kegiatan.count(),
        "pelatihan": list(pendamping.pelatihan.select_related("pelatihan").order_by("-pelatihan__mulai")),
        "can_edit": access.editable_pendamping(request.user).filter(pk=pk).exists(),
        "can_assign": access.can_assign(request.user) and pendamping.selesai is None,
        "can_log": access.loggable_pendamping(request.user).filter(pk=pk).exists(),
        "assignable": _endable(request, penugasan),
    }
    return render(request, "pendampingan/pendamping_detail.html", context)


def _endable(request: HttpRequest, penugasan: list[Penugasan]) -> set[int]:
    """The running assignments this user may end, in two queries however many there are."""
    running = [p for p in penugasan if not p.selesai]
    forums = set(
        access.assignable_forum(request.user)
        .filter(pk__in=[p.forum_id for p in running if p.forum_id])
        .values_list("pk", flat=True)
    )
    lembaga = set(
        access.assignable_lembaga(request.user)
        .filter(pk__in=[p.lembaga_id for p in running if p.lembaga_id])
        .values_list("pk", flat=True)
    )
    return {p.pk for p in running if p.forum_id in forums or p.lembaga_id in lembaga}


def _can_end(request: HttpRequest, penugasan: Penugasan) -> bool:
    if penugasan.selesai:
        return False
    if penugasan.forum_id:
        return access.assignable_forum(request.user).filter(pk=penugasan.forum_id).exists()
    return access.assignable_lembaga(request.user).filter(pk=penugasan.lembaga_id).exists()


@login_required
def pendamping_create(request: HttpRequest) -> HttpResponse:
    if not access.can_register_pendamping(request.user):
        raise PermissionDenied(_("Peran Anda tidak dapat mendaftarkan pendamping."))
    form = PendampingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("versi", None)
        pendamping = web.run_service(form, lambda: services.pendamping_create(oleh=request.user, **data))
        if pendamping:
            messages.success(request, _("Pendamping “%s” tersimpan.") % pendamping.nama)
            return redirect(pendamping)
    status = 400 if form.errors else 200
    return render(request, "pendampingan/form.html", {"form": form, "judul": _("Daftarkan pendamping")}, status=status)


@login_required
def pendamping_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pendamping = _pendamping(request, pk, edit=True)
    form = PendampingForm(request.POST or None, instance=pendamping, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PendampingForm.Meta.fields}
        versi = form.pop_versi()
        saved = web.run_service(
            form,
            lambda: services.pendamping_update(pendamping=pendamping, oleh=request.user, versi=versi, **data),
        )
        if saved:
            messages.success(request, _("Perubahan tersimpan."))
            return redirect(saved)
    status = 409 if getattr(form, "stale", False) else (400 if form.errors else 200)
    context = {"form": form, "judul": _("Ubah data pendamping"), "pendamping": pendamping}
    return render(request, "pendampingan/form.html", context, status=status)


@login_required
def pendamping_riwayat(request: HttpRequest, pk: int) -> HttpResponse:
    pendamping = _pendamping(request, pk)
    return history.history_page(request, pendamping, title=pendamping.nama, back_url=pendamping.get_absolute_url())


@login_required
def penugasan_create(request: HttpRequest, pk: int) -> HttpResponse:
    pendamping = _pendamping(request, pk)
    if not access.can_assign(request.user):
        raise PermissionDenied(_("Peran Anda tidak dapat menugaskan pendamping."))
    form = PenugasanForm(
        request.POST or None,
        forums=access.assignable_forum(request.user).order_by("nama"),
        lembaga=access.assignable_lembaga(request.user).aktif(),
        initial={"mulai": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        done = web.run_service(
            form, lambda: services.penugasan_create(pendamping=pendamping, oleh=request.user, **form.cleaned_data)
        )
        if done:
            messages.success(
                request, _("%(nama)s ditugaskan di %(sasaran)s.") % {"nama": pendamping.nama, "sasaran": done.sasaran}
            )
            return redirect(pendamping)
    context = {"form": form, "judul": _("Tugaskan %(nama)s") % {"nama": pendamping.nama}, "pendamping": pendamping}
    return render(request, "pendampingan/form.html", context, status=400 if form.errors else 200)


@login_required
def penugasan_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Ending an assignment asks for the last day and says what it means; only the confirming POST acts."""
    penugasan = get_object_or_404(
        Penugasan.objects.filter(
            pendamping__in=access.visible_pendamping(request.user), selesai__isnull=True
        ).select_related("pendamping", "forum", "lembaga"),
        pk=pk,
    )
    if not _can_end(request, penugasan):
        raise PermissionDenied(_("Anda tidak dapat mengubah penugasan ini."))
    confirmed = web.confirmed(request)
    form = AkhiriPenugasanForm(request.POST if confirmed else None, initial={"selesai": timezone.localdate()})
    if confirmed and form.is_valid():
        done = web.run_service(
            form, lambda: services.penugasan_end(penugasan=penugasan, oleh=request.user, **form.cleaned_data)
        )
        if done:
            messages.success(request, _("Penugasan di %s diakhiri.") % penugasan.sasaran)
            return redirect(penugasan.pendamping)
    context = {"penugasan": penugasan, "form": form}
    return render(request, "pendampingan/penugasan_akhiri.html", context, status=400 if form.errors else 200)
