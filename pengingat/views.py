"""The notification page: today's digest (the same function the e-mail is made from) and the switch for the
e-mail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .digest import digest_for
from .forms import PreferensiForm
from .models import Preferensi, RingkasanTerkirim


@login_required
def ringkasan(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    preferensi = Preferensi.objects.filter(user=request.user).first()
    wants = preferensi.kirim_email if preferensi else True
    context = {
        "ringkasan": digest_for(user=request.user, tanggal=today),
        "form": PreferensiForm(initial={"kirim_email": wants}),
        "kirim_email": wants,
        "terakhir": RingkasanTerkirim.objects.filter(user=request.user).order_by("-tanggal").first(),
    }
    return render(request, "pengingat/ringkasan.html", context)


@require_POST
@login_required
def preferensi(request: HttpRequest) -> HttpResponse:
    form = PreferensiForm(request.POST)
    form.is_valid()  # a checkbox: absent means off, nothing else can be wrong
    kirim = form.cleaned_data.get("kirim_email", False)
    services.preferensi_set(user=request.user, kirim_email=kirim)
    if kirim:
        messages.success(request, _("Ringkasan harian akan dikirim ke email Anda."))
    else:
        messages.success(request, _("Ringkasan harian tidak lagi dikirim ke email Anda."))
    return redirect("pengingat:ringkasan")
