"""The questionnaire: answered by a lembaga through its personal link (no account), or typed in from paper by
an officer; and one respondent's answer as those who run the round read it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pranata.models import JenisSumber

from .. import access, presentation, services, tokens
from ..forms import Kuesioner
from ..models import Responden
from .gelombang import _gelombang

SAVE_ACTIONS = {"draf": False, "kirim": True}


def _private(response: HttpResponse) -> HttpResponse:
    """A token page is nobody else's: not cached, not indexed. (Its address leaves the site as a referrer under
    no circumstances already: SECURE_REFERRER_POLICY is same-origin. "no-referrer" would make browsers send
    `Origin: null` with the form, which CSRF protection rightly refuses.)"""
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def isi(request: HttpRequest, token: str) -> HttpResponse:
    """A lembaga's own questionnaire. Unknown, replaced, revoked and expired links get the same page and status,
    so links cannot be probed; requests are throttled per address and per link."""
    if tokens.throttled(request, token):
        response = render(request, "survei/terlalu_sering.html", status=429)
        response["Retry-After"] = str(settings.SIMPUL_SURVEI_THROTTLE_WINDOW)
        return _private(response)
    responden = services.responden_by_token(token)
    if responden is None:
        tokens.record_failure(request)
        return _private(render(request, "survei/tautan_tidak_berlaku.html", status=404))
    return _private(_answer(request, responden, oleh=None))


@login_required
def responden_isi(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    """An officer types in a paper answer on the lembaga's behalf; the answer records who typed it."""
    gelombang = _gelombang(request, pk, access.paper_gelombang(request.user))
    responden = get_object_or_404(gelombang.responden.select_related("lembaga__wilayah"), pk=rid)
    responden.gelombang = gelombang
    return _answer(request, responden, oleh=request.user)


def _answer(request: HttpRequest, responden: Responden, *, oleh) -> HttpResponse:
    aksi = request.POST.get("aksi", "") if request.method == "POST" else ""
    data = request.POST if request.method == "POST" else None
    kuesioner = Kuesioner(responden, data, tambah=request.POST.getlist("tambah") if aksi == "tambah" else [])
    if aksi in SAVE_ACTIONS and kuesioner.is_valid():
        final = SAVE_ACTIONS[aksi]
        versi = int(kuesioner.versi) if kuesioner.versi.isdigit() else None
        try:
            services.jawaban_save(responden=responden, isian=kuesioner.isian(), final=final, oleh=oleh, versi=versi)
        except ValidationError as exc:
            kuesioner.add_service_errors(exc)
        else:
            messages.success(request, _saved_message(responden, final=final, oleh=oleh))
            return redirect(request.path)
    return render(
        request,
        "survei/kuesioner.html",
        _context(request, responden, kuesioner, oleh=oleh),
        status=400 if aksi in SAVE_ACTIONS else 200,
    )


def _saved_message(responden: Responden, *, final: bool, oleh) -> str:
    ditutup = f"{responden.gelombang.ditutup:%d/%m/%Y}"
    if not final:
        return _("Draf tersimpan. Jawaban belum terkirim; kirim sebelum %(tanggal)s.") % {"tanggal": ditutup}
    if oleh is not None:
        return _("Jawaban “%(nama)s” dari kuesioner kertas tersimpan dan terkirim.") % {"nama": responden.lembaga.nama}
    return _("Terima kasih! Jawaban Anda terkirim. Anda masih dapat mengubahnya sampai %(tanggal)s.") % {
        "tanggal": ditutup
    }


def _context(request: HttpRequest, responden: Responden, kuesioner: Kuesioner, *, oleh) -> dict:
    gelombang = responden.gelombang
    cari = request.POST.get("cari", "").strip() if request.method == "POST" else ""
    candidates, more = kuesioner.candidates(cari)
    today = timezone.localdate()
    return {
        "responden": responden,
        "gelombang": gelombang,
        "kuesioner": kuesioner,
        "ladder": presentation.LADDER,
        "cari": cari,
        "candidates": candidates,
        "more": more,
        "oleh": oleh,
        "not_yet_open": today < gelombang.dibuka,
        "closed": gelombang.is_closed(today),
    }


@login_required
def responden_detail(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    """One respondent's answer, read by those who run the round (never Dinas Sosial: aggregates only)."""
    gelombang = _gelombang(request, pk, access.managed_gelombang(request.user))
    responden = get_object_or_404(gelombang.responden.select_related("lembaga", "diisi_oleh"), pk=rid)
    sumber = dict(JenisSumber.choices)
    rows = [
        {
            "jawaban": row,
            "tahap": presentation.stage_label(row.tahap),
            "sumber": ", ".join(str(sumber.get(kind, kind)) for kind in row.sumber),
        }
        for row in responden.jawaban.select_related("mitra").order_by("mitra__nama", "pk")
    ]
    context = {
        "gelombang": gelombang,
        "responden": responden,
        "rows": rows,
        "can_paper": access.paper_gelombang(request.user).filter(pk=pk).exists(),
    }
    return render(request, "survei/responden_detail.html", context)
