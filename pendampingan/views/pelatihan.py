"""Trainings (pembekalan/pelatihan): the list, one training with its participants and their completion, and
recording a training."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pranata import web
from pranata.pagination import paginate

from .. import access, services
from ..forms import PelatihanForm
from ..models import HasilPelatihan


@login_required
def pelatihan_list(request: HttpRequest) -> HttpResponse:
    rows = access.visible_pelatihan(request.user).select_related("wilayah").distinct()
    q = request.GET.get("q", "").strip()
    if q:
        rows = rows.filter(Q(nama__icontains=q) | Q(penyelenggara__icontains=q))
    rows = rows.annotate(
        n_peserta=Count("peserta", distinct=True),
        n_lulus=Count("peserta", filter=Q(peserta__hasil=HasilPelatihan.LULUS), distinct=True),
    )
    page, query = paginate(request, rows.order_by("-mulai", "pk"))
    context = {"page": page, "query": query, "q": q, "can_create": access.can_register_pendamping(request.user)}
    return render(request, "pendampingan/pelatihan_list.html", context)


@login_required
def pelatihan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pelatihan = get_object_or_404(access.visible_pelatihan(request.user).select_related("wilayah").distinct(), pk=pk)
    visible = access.visible_pendamping(request.user)
    peserta = pelatihan.peserta.filter(pendamping__in=visible).select_related("pendamping__wilayah")
    context = {
        "pelatihan": pelatihan,
        "peserta": list(peserta),
        "n_tersembunyi": pelatihan.peserta.exclude(pendamping__in=visible).count(),
        "hasil_choices": HasilPelatihan.choices,
        "can_edit": access.editable_pelatihan(request.user).filter(pk=pk).exists(),
    }
    return render(request, "pendampingan/pelatihan_detail.html", context)


@login_required
def pelatihan_create(request: HttpRequest) -> HttpResponse:
    if not access.can_register_pendamping(request.user):
        raise PermissionDenied(_("Peran Anda tidak dapat mencatat pelatihan."))
    peserta = access.visible_pendamping(request.user).order_by("nama", "pk")
    form = PelatihanForm(request.POST or None, user=request.user, peserta=peserta)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = list(data.pop("peserta"))
        pelatihan = web.run_service(form, lambda: services.pelatihan_create(oleh=request.user, peserta=chosen, **data))
        if pelatihan:
            messages.success(request, _("Pelatihan “%s” tersimpan.") % pelatihan.nama)
            return redirect(pelatihan)
    context = {"form": form, "judul": _("Catat pelatihan")}
    return render(request, "pendampingan/form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def pelatihan_hasil(request: HttpRequest, pk: int) -> HttpResponse:
    """Record each participant's completion from the training page's table."""
    pelatihan = get_object_or_404(access.editable_pelatihan(request.user), pk=pk)
    hasil = {}
    for key, value in request.POST.items():
        if key.startswith("hasil-") and key[6:].isdigit():
            hasil[int(key[6:])] = value
    try:
        changed = services.peserta_set_hasil(pelatihan=pelatihan, hasil=hasil, oleh=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Hasil pelatihan tersimpan (%(n)s diubah).") % {"n": changed})
    return redirect(pelatihan)
