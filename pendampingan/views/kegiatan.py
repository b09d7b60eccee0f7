"""The pendampingan log: logging an activity (phone-first), correcting it, the list and one activity's page."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import Forum, Pertemuan
from pranata import web
from pranata.models import Lembaga, SumberDaya
from pranata.pagination import paginate

from .. import access, services
from ..forms import KegiatanForm, PeriodeForm
from ..models import Pendamping, Penugasan, Tugas

# How far back the log form offers forums, lembaga and meetings: assignments running in this window.
WINDOW_DAYS = 92


def _choices(pendamping: Pendamping) -> dict:
    """What the form offers: forums and lembaga assigned in the last months (the service checks the exact date),
    the members of those forums, their meetings and their registered resources."""
    today = timezone.localdate()
    since = today - datetime.timedelta(days=WINDOW_DAYS)
    tasks = Penugasan.objects.filter(pendamping=pendamping, mulai__lte=today).exclude(selesai__lt=since)
    forums = Forum.objects.filter(pk__in=tasks.values("forum")).order_by("nama")
    members = Forum.objects.filter(pk__in=tasks.values("forum")).values("keanggotaan__lembaga")
    lembaga = Lembaga.objects.filter(pk__in=tasks.values("lembaga")) | Lembaga.objects.filter(pk__in=members)
    return {
        "forums": forums,
        "lembaga": lembaga.distinct(),
        "pertemuan": Pertemuan.objects.filter(forum__in=forums, tanggal__gte=since).order_by("-tanggal"),
        "sumber_daya": SumberDaya.objects.filter(lembaga__in=lembaga).order_by("lembaga__nama", "jenis", "uraian"),
    }


@login_required
def kegiatan_mulai(request: HttpRequest) -> HttpResponse:
    """The pendamping role's "Catat kegiatan": their own log form."""
    pendamping = access.own_pendamping(request.user)
    if pendamping is None:
        raise PermissionDenied(_("Akun Anda belum terhubung dengan data pendamping. Hubungi admin."))
    return redirect("pendampingan:kegiatan-create", pk=pendamping.pk)


@login_required
def kegiatan_create(request: HttpRequest, pk: int) -> HttpResponse:
    pendamping = get_object_or_404(access.loggable_pendamping(request.user), pk=pk)
    form = KegiatanForm(request.POST or None, pendamping=pendamping, **_choices(pendamping))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("versi", None)
        data["sumber_daya"] = list(data["sumber_daya"])
        kegiatan = web.run_service(
            form, lambda: services.kegiatan_log(pendamping=pendamping, oleh=request.user, **data)
        )
        if kegiatan:
            messages.success(
                request, _("Kegiatan %(tanggal)s tersimpan.") % {"tanggal": f"{kegiatan.tanggal:%d/%m/%Y}"}
            )
            return redirect(pendamping)
    context = {"form": form, "pendamping": pendamping, "judul": _("Catat kegiatan pendampingan")}
    return render(request, "pendampingan/kegiatan_form.html", context, status=400 if form.errors else 200)


@login_required
def kegiatan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    kegiatan = get_object_or_404(access.editable_kegiatan(request.user).select_related("pendamping"), pk=pk)
    pendamping = kegiatan.pendamping
    form = KegiatanForm(request.POST or None, instance=kegiatan, pendamping=pendamping, **_choices(pendamping))
    if request.method == "POST" and form.is_valid():
        versi = form.pop_versi()
        data = {name: form.cleaned_data[name] for name in form.fields if name != "versi"}
        data["sumber_daya"] = list(data["sumber_daya"])
        saved = web.run_service(
            form, lambda: services.kegiatan_update(kegiatan=kegiatan, oleh=request.user, versi=versi, **data)
        )
        if saved:
            messages.success(request, _("Perubahan tersimpan."))
            return redirect(saved)
    status = 409 if getattr(form, "stale", False) else (400 if form.errors else 200)
    context = {"form": form, "pendamping": pendamping, "kegiatan": kegiatan, "judul": _("Ubah kegiatan")}
    return render(request, "pendampingan/kegiatan_form.html", context, status=status)


@login_required
def kegiatan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    kegiatan = get_object_or_404(
        access.visible_kegiatan(request.user).select_related("pendamping", "forum", "lembaga", "pertemuan"), pk=pk
    )
    context = {
        "kegiatan": kegiatan,
        "sumber_daya": list(kegiatan.sumber_daya.select_related("lembaga")),
        "can_edit": access.editable_kegiatan(request.user).filter(pk=pk).exists(),
    }
    return render(request, "pendampingan/kegiatan_detail.html", context)


@login_required
def kegiatan_list(request: HttpRequest) -> HttpResponse:
    period, start, end = PeriodeForm.read(request.GET, default_days=365)
    rows = access.visible_kegiatan(request.user).between(start, end)
    q, tugas = request.GET.get("q", "").strip(), request.GET.get("tugas", "")
    if q:
        rows = rows.filter(Q(pendamping__nama__icontains=q) | Q(lembaga__nama__icontains=q))
    if tugas in Tugas.values:
        rows = rows.filter(tugas=tugas)
    rows = rows.select_related("pendamping", "forum", "lembaga").order_by("-tanggal", "-pk")
    page, query = paginate(request, rows)
    context = {"page": page, "query": query, "q": q, "tugas": tugas, "tugas_choices": Tugas.choices, "period": period}
    return render(request, "pendampingan/kegiatan_list.html", context)
