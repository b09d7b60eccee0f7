"""Forum activity report for Dinas Sosial: meetings, attendance, agreements, follow-ups, programmes."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pranata import access, exports, pdf, web
from pranata.forms import BandingForm
from pranata.models import subtree_q

from .. import access as forum_access
from .. import reports, selectors
from ..models import KategoriPMKS, PenerimaManfaat, StatusProgram

COLUMNS = ["forum", "wilayah", "pertemuan", "tingkat_kehadiran", "kesepakatan", "tindak_lanjut", "selesai", "terlambat"]
# Contributions to the forum's programmes given in the period (their ledgers): how many, and their estimated value.
COLUMNS += ["kontribusi", "nilai_kontribusi_rp"]


def _period(request: HttpRequest) -> tuple[BandingForm, datetime.date, datetime.date]:
    today = timezone.localdate()
    form = BandingForm(request.GET or {"dari": today - datetime.timedelta(days=365), "sampai": today})
    if form.is_valid():
        return form, form.cleaned_data["dari"], form.cleaned_data["sampai"]
    return form, today - datetime.timedelta(days=365), today


def _rows(forums, kontribusi: dict[int, dict]) -> list[dict]:
    rows = []
    for forum in forums:
        possible = forum.n_pertemuan * forum.n_anggota
        rate = forum.n_hadir / possible if possible else None
        rows.append({"forum": forum, "rate": rate, "kontribusi": kontribusi.get(forum.pk, {"n": 0, "nilai": 0})})
    return rows


def _report(request: HttpRequest, kode: str) -> dict:
    wilayah = get_object_or_404(access.visible_wilayah(request.user), kode=kode)
    form, start, end = _period(request)
    forums = forum_access.visible_forum(request.user).filter(subtree_q(kode, "wilayah__kode")).order_by("nama")
    programs = forum_access.visible_program(request.user).filter(subtree_q(kode, "wilayah__kode"))
    per_bulan = selectors.meetings_per_month(forums, start, end)
    return {
        "wilayah": wilayah,
        "form": form,
        "start": start,
        "end": end,
        "rows": _rows(
            selectors.activity_by_forum(forums, start, end), reports.contributions_by_forum(forums, start, end)
        ),
        "per_bulan": per_bulan,
        "chart": _chart(per_bulan),
        "program": programs.aggregate(**{s: Count("pk", filter=Q(status=s)) for s in StatusProgram.values}),
        "penerima": _beneficiaries(programs),
    }


CHART_MONTHS = 36  # longer periods are drawn per year: 36 bars still read on a phone
CHART_HEIGHT = 80


def _chart(per_bulan: list[tuple[datetime.date, int]]) -> dict:
    """Bar geometry for meetings per month (per year beyond CHART_MONTHS months), numbers only: the template
    draws it as SVG and lists the same figures in a table for screen readers and print."""
    yearly = len(per_bulan) > CHART_MONTHS
    points: list[tuple[datetime.date, int]] = []
    for bulan, n in per_bulan:
        if yearly and points and points[-1][0].year == bulan.year:
            points[-1] = (points[-1][0], points[-1][1] + n)
        else:
            points.append((bulan.replace(month=1) if yearly else bulan, n))
    peak = max((n for _day, n in points), default=0)
    step = 10
    bars = []
    for i, (day, n) in enumerate(points):
        height = round(CHART_HEIGHT * n / peak, 1) if peak else 0
        bars.append(
            {
                "tanggal": day,
                "n": n,
                "x": i * step + 1,
                "y": CHART_HEIGHT - height,
                "h": height,
                "label": yearly or day.month == 1 or i == 0,
            }
        )
    return {"bars": bars, "yearly": yearly, "width": len(points) * step, "height": CHART_HEIGHT, "peak": peak}


def _beneficiaries(programs) -> list[tuple[str, int]]:
    labels = dict(KategoriPMKS.choices)
    rows = PenerimaManfaat.objects.filter(program__in=programs).values_list("kategori").annotate(n=Sum("jumlah"))
    return sorted(((labels.get(k, k), n) for k, n in rows), key=lambda row: -row[1])


@login_required
def aktivitas(request: HttpRequest, kode: str) -> HttpResponse:
    context = _report(request, kode)
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx"}:
        return _export(context, fmt)
    if fmt == "pdf":
        wilayah, start, end = context["wilayah"], context["start"], context["end"]
        context |= {
            "judul": _("Aktivitas forum pranata sosial"),
            "subjudul": f"{wilayah} · {start:%d/%m/%Y} – {end:%d/%m/%Y}",
        }
        body = pdf.render("forum/aktivitas_pdf.html", context, wilayah_kode=wilayah.kode)
        return pdf.response(body, f"simpul-aktivitas-{wilayah.kode}-{end.isoformat()}.pdf")
    return render(request, "forum/aktivitas.html", context)


def _export(context: dict, fmt: str) -> HttpResponse:
    table = [COLUMNS] + [
        [
            r["forum"].nama,
            r["forum"].wilayah.nama,
            r["forum"].n_pertemuan,
            round(r["rate"], 4) if r["rate"] is not None else "",
            r["forum"].n_kesepakatan,
            r["forum"].n_tl,
            r["forum"].n_tl_selesai,
            r["forum"].n_tl_terlambat,
            r["kontribusi"]["n"],
            r["kontribusi"]["nilai"],
        ]
        for r in context["rows"]
    ]
    name = f"simpul-aktivitas-{context['wilayah'].kode}-{context['end'].isoformat()}"
    if fmt == "csv":
        body, content_type = exports.to_csv(table), "text/csv"
    else:
        body = exports.sheets_to_xlsx(
            {
                "forum": table,
                "per_bulan": [["bulan", "pertemuan"], *[[b.isoformat()[:7], n] for b, n in context["per_bulan"]]],
            }
        )
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return web.attachment(body, f"{name}.{fmt}", content_type)
