"""Meetings: log one (with attendance, agreements and follow-ups), list and calendar, print documents."""

from __future__ import annotations

import calendar
import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pranata import access, history, pdf, web
from pranata.forms import LongSelect
from pranata.models import Lembaga
from pranata.pagination import paginate, query_without
from pranata.views.rows import url_maker, with_labels

from .. import access as forum_access
from .. import selectors, services
from ..forms import HadirFormSet, LanjutFormSet, PertemuanFilterForm, PertemuanForm, SepakatFormSet, TamuFormSet
from ..models import Forum, Kehadiran, Pertemuan, StatusTindakLanjut
from .forum import _forum


class MeetingForms:
    """The one-page meeting log: details, member checklist, guests, agreements, follow-ups."""

    def __init__(self, request: HttpRequest, forum: Forum):
        data = request.POST if request.method == "POST" else None
        self.forum = forum
        self.members = list(selectors.members_on(forum, timezone.localdate()))
        # Guests come from the whole kecamatan (names only, no contact data), as neighbours often attend.
        nearby = Lembaga.objects.aktif().in_area(_kecamatan(forum)).select_related("wilayah")
        # Agreements bind, and follow-ups are held by, the forum's own members: a short list on a phone.
        related = Lembaga.objects.filter(pk__in=[m.lembaga_id for m in self.members]).order_by("nama")
        self.pertemuan = PertemuanForm(data, prefix="p", initial={"tanggal": timezone.localdate()})
        initial = [{"lembaga": m.lembaga_id, "jumlah_orang": 1} for m in self.members]
        self.errors: list[str] = []
        member_ids = [m.lembaga_id for m in self.members]
        if data is not None and _posted_members(data) != member_ids:
            # The member list changed since the form was loaded (or the checklist is missing): show the current
            # list with whatever was ticked for the members still in it, and ask to check it before saving.
            initial = _carry_over(data, initial)
            self.hadir = HadirFormSet(prefix="h", initial=initial)
            self.errors.append(
                _("Daftar anggota forum berubah sejak formulir dibuka. Periksa lagi kehadiran di bawah, lalu simpan.")
            )
        else:
            self.hadir = HadirFormSet(data, prefix="h", initial=initial)
        self.tamu = TamuFormSet(data, prefix="t", form_kwargs={"tamu_qs": nearby.exclude(pk__in=member_ids)})
        self.sepakat = SepakatFormSet(data, prefix="s", form_kwargs={"anggota_qs": related})
        # A follow-up may cite any agreement row on the page, however many were added.
        agreements = max(self.sepakat.total_form_count(), 1)
        self.lanjut = LanjutFormSet(data, prefix="l", form_kwargs={"anggota_qs": related, "agreements": agreements})

    @property
    def parts(self) -> list:
        return [self.pertemuan, self.hadir, self.tamu, self.sepakat, self.lanjut]

    def is_valid(self) -> bool:
        return all([part.is_valid() for part in self.parts]) and not self.errors

    def checklist(self) -> list[tuple]:
        return list(zip(self.hadir.forms, self.members, strict=True))

    def hadir_rows(self) -> list[services.Hadir]:
        lembaga = {m.lembaga_id: m.lembaga for m in self.members}
        rows = [
            services.Hadir(
                lembaga[f.cleaned_data["lembaga"]], f.cleaned_data["perwakilan"], f.cleaned_data["jumlah_orang"] or 1
            )
            for f in self.hadir.forms
            if f.cleaned_data.get("hadir") and f.cleaned_data["lembaga"] in lembaga
        ]
        rows += [
            services.Hadir(
                f.cleaned_data["lembaga"], f.cleaned_data["perwakilan"], f.cleaned_data["jumlah_orang"] or 1, tamu=True
            )
            for f in self.tamu.forms
            if f.cleaned_data.get("lembaga")
        ]
        return rows

    def _filled_agreements(self) -> list:
        return [f for f in self.sepakat.forms if f.cleaned_data.get("isi", "").strip()]

    def sepakat_rows(self) -> list[services.Sepakat]:
        return [
            services.Sepakat(f.cleaned_data["isi"].strip(), list(f.cleaned_data["lembaga"]))
            for f in self._filled_agreements()
        ]

    def lanjut_rows(self) -> list[services.Lanjut]:
        """Follow-ups; "from agreement n" names the nth agreement row on the page, which is the service's
        position among the agreements actually written (empty rows are skipped)."""
        position = {self.sepakat.forms.index(f) + 1: i for i, f in enumerate(self._filled_agreements(), start=1)}
        rows = []
        for f in self.lanjut.forms:
            if not f.cleaned_data.get("uraian", "").strip():
                continue
            nomor = f.cleaned_data["kesepakatan_no"]
            rows.append(
                services.Lanjut(
                    f.cleaned_data["uraian"].strip(),
                    f.cleaned_data["lembaga"],
                    f.cleaned_data["tenggat"],
                    position.get(nomor, -1) if nomor else None,  # -1: an empty agreement row, refused below
                )
            )
        return rows

    def add_service_error(self, exc: ValidationError) -> None:
        by_field = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
        for field, errors in by_field.items():
            if field in self.pertemuan.fields:
                self.pertemuan.add_error(field, errors)
            else:
                self.errors += [message for error in errors for message in error.messages]


def _posted_members(data) -> list[int] | None:
    """The member ids the posted checklist was made for, in order (None when it is missing or mangled)."""
    try:
        total = int(data.get("h-TOTAL_FORMS", ""))
        return [int(data.get(f"h-{i}-lembaga", "")) for i in range(min(total, 1000))]
    except ValueError:
        return None


def _carry_over(data, initial: list[dict]) -> list[dict]:
    posted = {}
    for key, value in data.items():
        if key.startswith("h-") and key.endswith("-lembaga") and value.isdigit():
            posted[int(value)] = key[: -len("lembaga")]
    rows = []
    for row in initial:
        prefix = posted.get(row["lembaga"])
        if prefix:
            row = row | {
                "hadir": bool(data.get(f"{prefix}hadir")),
                "perwakilan": data.get(f"{prefix}perwakilan", ""),
                "jumlah_orang": data.get(f"{prefix}jumlah_orang") or 1,
            }
        rows.append(row)
    return rows


def _kecamatan(forum: Forum) -> str:
    kode = forum.wilayah.kode
    return kode.rpartition(".")[0] if kode.count(".") == 3 else kode


@login_required
def pertemuan_create(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk, edit=True)
    forms = MeetingForms(request, forum)
    if request.method == "POST" and forms.is_valid():
        fields = dict(forms.pertemuan.cleaned_data)
        token = fields.pop("token", None)
        try:
            pertemuan = services.pertemuan_log(
                forum=forum,
                oleh=request.user,
                fields=fields,
                hadir=forms.hadir_rows(),
                sepakat=forms.sepakat_rows(),
                lanjut=forms.lanjut_rows(),
                token=token,
            )
        except ValidationError as exc:
            forms.add_service_error(exc)
        else:
            day = pertemuan.tanggal.strftime("%d/%m/%Y")
            if pertemuan.ulang:
                messages.info(request, _("Pertemuan %s sudah tersimpan sebelumnya; tidak disimpan dua kali.") % day)
            else:
                messages.success(request, _("Pertemuan %s tersimpan.") % day)
            return redirect(pertemuan)
    return render(request, "forum/pertemuan_form.html", {"forum": forum, "forms": forms})


def visible_pertemuan(request: HttpRequest):
    return Pertemuan.objects.filter(forum__in=forum_access.visible_forum(request.user))


def _pertemuan(request: HttpRequest, pk: int) -> Pertemuan:
    qs = visible_pertemuan(request).select_related("forum__wilayah", "dibuat_oleh")
    return get_object_or_404(qs, pk=pk)


def _details(pertemuan: Pertemuan) -> dict:
    return {
        "pertemuan": pertemuan,
        "kehadiran": pertemuan.kehadiran.select_related("lembaga").order_by("tamu", "lembaga__nama"),
        "kesepakatan": pertemuan.kesepakatan.prefetch_related("lembaga").order_by("nomor"),
        "tindak_lanjut": pertemuan.tindak_lanjut.select_related("lembaga", "kesepakatan").order_by("pk"),
    }


@login_required
def pertemuan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pertemuan = _pertemuan(request, pk)
    context = _details(pertemuan) | {
        "can_edit": forum_access.editable_forum(request.user).filter(pk=pertemuan.forum_id).exists(),
        "status_choices": StatusTindakLanjut.choices,
    }
    return render(request, "forum/pertemuan_detail.html", context)


@login_required
def pertemuan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pertemuan = get_object_or_404(
        Pertemuan.objects.filter(forum__in=forum_access.editable_forum(request.user)).select_related("forum"), pk=pk
    )
    form = PertemuanForm(request.POST or None, instance=pertemuan)
    status = 200
    if request.method == "POST" and form.is_valid():
        versi = form.pop_versi()
        if web.run_service(
            form, lambda: services.pertemuan_update(pertemuan=form.instance, oleh=request.user, versi=versi)
        ):
            messages.success(request, _("Perubahan pertemuan tersimpan."))
            return redirect(pertemuan)
        status = 409 if form.stale else 400
    return render(request, "forum/pertemuan_edit.html", {"form": form, "pertemuan": pertemuan}, status=status)


@login_required
def pertemuan_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    """Deleting a meeting logged by mistake (twice, or in the wrong forum): a page says what goes with it and
    asks first; only its confirming POST deletes. Every deleted row stays in the history for the admin."""
    pertemuan = get_object_or_404(
        Pertemuan.objects.filter(forum__in=forum_access.editable_forum(request.user)).select_related("forum"), pk=pk
    )
    day = pertemuan.tanggal.strftime("%d/%m/%Y")
    if web.confirmed(request):
        forum = pertemuan.forum
        services.pertemuan_delete(pertemuan=pertemuan, oleh=request.user)
        messages.success(request, _("Pertemuan %(tanggal)s dihapus.") % {"tanggal": day})
        return redirect("forum:forum-detail", pk=forum.pk)
    counts = {
        "hadir": pertemuan.kehadiran.count(),
        "sepakat": pertemuan.kesepakatan.count(),
        "lanjut": pertemuan.tindak_lanjut.count(),
    }
    return web.confirmation(
        request,
        judul=_("Hapus pertemuan %(jenis)s %(tanggal)s?") % {"jenis": pertemuan.get_jenis_display(), "tanggal": day},
        penjelasan=[
            _(
                "Pertemuan ini dihapus beserta %(hadir)s catatan kehadiran, %(sepakat)s kesepakatan dan "
                "%(lanjut)s tindak lanjutnya."
            )
            % counts,
            _(
                "Bukti kegiatan dan laporan jaringan dihitung ulang tanpa pertemuan ini, juga untuk tanggal yang "
                "sudah lewat. Hapus hanya pertemuan yang salah catat (tercatat dua kali atau di forum lain); "
                "riwayatnya tetap tersimpan untuk admin."
            ),
        ],
        tombol=_("Ya, hapus pertemuan"),
        batal_url=pertemuan.get_absolute_url(),
        data={},
        rincian=[(_("Forum"), pertemuan.forum.nama), (_("Tempat"), pertemuan.tempat or "–")],
    )


@login_required
def daftar_hadir(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance sheet with a signature column, printable before the meeting."""
    pertemuan = _pertemuan(request, pk)
    members = selectors.members_on(pertemuan.forum, pertemuan.tanggal)
    hadir = {k.lembaga_id: k for k in pertemuan.kehadiran.all()}
    rows = [(m.lembaga, hadir.get(m.lembaga_id)) for m in members]
    guests = [k for k in pertemuan.kehadiran.select_related("lembaga") if k.tamu]
    context = {"pertemuan": pertemuan, "rows": rows, "guests": guests}
    return _printout(request, "forum/daftar_hadir", context, judul=_("DAFTAR HADIR"), berkas="daftar-hadir")


@login_required
def notulen(request: HttpRequest, pk: int) -> HttpResponse:
    """Minutes (notulen / berita acara) with agreements and follow-ups, for the office file."""
    context = _details(_pertemuan(request, pk))
    return _printout(request, "forum/notulen", context, judul=_("NOTULEN / BERITA ACARA PERTEMUAN"), berkas="notulen")


def _printout(request: HttpRequest, template: str, context: dict, *, judul: str, berkas: str) -> HttpResponse:
    """A meeting's printout: the page to print from the browser, or with ?format=pdf the same as a PDF
    under the letterhead of the forum's wilayah."""
    if request.GET.get("format") != "pdf":
        return render(request, f"{template}.html", context)
    pertemuan = context["pertemuan"]
    forum = pertemuan.forum
    subjudul = f"{forum.nama.upper()} · {forum.wilayah}"
    context |= {"judul": judul, "subjudul": subjudul}
    body = pdf.render(f"{template}_pdf.html", context, wilayah_kode=forum.wilayah.kode)
    return pdf.response(body, f"simpul-{berkas}-{forum.pk}-{pertemuan.tanggal.isoformat()}.pdf")


@login_required
def pertemuan_list(request: HttpRequest) -> HttpResponse:
    forums = forum_access.visible_forum(request.user)
    # The reader's lembaga are looked up (their scope read) only when the list is filtered by one.
    lembaga = access.visible_lembaga(request.user) if request.GET.get("hadir") else Lembaga.objects.none()
    form = PertemuanFilterForm(request.GET, forum_qs=forums, lembaga_qs=lembaga)
    # The scope's forums, read once: they fill the forum filter, and the meetings are those of their ids. A
    # join to the forum table (or its subquery) made the database hash every meeting of the scope to sort them.
    shown = list(forums.order_by("nama").values_list("pk", "nama"))
    _fast_selects(form, forum_choices=shown)
    # A correlated count, computed for the page's rows only (a JOIN + GROUP BY would count every meeting).
    n_hadir = selectors.count_of(Kehadiran.objects.all(), "pertemuan")
    meetings = Pertemuan.objects.filter(forum__in=[pk for pk, _nama in shown])
    meetings = meetings.select_related("forum").annotate(n_hadir=n_hadir)
    if form.is_valid():
        meetings = _filtered(meetings, form.cleaned_data)
    if request.GET.get("tampilan") == "kalender":
        return _calendar(request, form, meetings)
    page, query = paginate(request, meetings.order_by("-tanggal", "-pk"), late_rows=True)
    _with_links(page)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "tanpa_hadir": _without_lembaga(request),
        "editable": forum_access.editable_forum(request.user),
    }
    return render(request, "forum/pertemuan_list.html", context)


def _without_lembaga(request: HttpRequest) -> str:
    """The list's query without its lembaga filter (and its page): the filter bar's "remove" link."""
    query = request.GET.copy()
    for name in ("hadir", "page"):
        query.pop(name, None)
    return query.urlencode()


def _fast_selects(form, *, forum_choices: list[tuple[int, str]]) -> None:
    """The filter's selects written in Python (LongSelect, the same markup): a kabupaten's 300 forums rendered
    one option template each were most of the page. The forum options come from the list already read (their
    label is the forum's name, as the model choice field writes it)."""
    for name, field in form.fields.items():
        if type(field.widget) is forms.Select:
            choices = [("", field.empty_label), *forum_choices] if name == "forum" else field.widget.choices
            field.widget = LongSelect(attrs=field.widget.attrs, choices=choices)


def _with_links(meetings) -> None:
    with_labels(meetings, "jenis")
    meeting_url = url_maker("forum:pertemuan-detail")
    for meeting in meetings:
        meeting.url = meeting_url(meeting.pk)


def _filtered(meetings, data: dict):
    if data.get("forum"):
        meetings = meetings.filter(forum=data["forum"])
    if data.get("dari"):
        meetings = meetings.filter(tanggal__gte=data["dari"])
    if data.get("sampai"):
        meetings = meetings.filter(tanggal__lte=data["sampai"])
    if data.get("jenis"):
        meetings = meetings.filter(jenis=data["jenis"])
    if data.get("hadir"):
        meetings = meetings.filter(pk__in=Kehadiran.objects.filter(lembaga=data["hadir"]).values("pertemuan_id"))
    return meetings


def _calendar(request: HttpRequest, form, meetings) -> HttpResponse:
    month = _month(request.GET.get("bulan"))
    last = calendar.monthrange(month.year, month.month)[1]
    in_month = meetings.filter(tanggal__range=(month, month.replace(day=last))).order_by("tanggal", "jam_mulai")
    by_day: dict[int, list] = {}
    for meeting in in_month:
        by_day.setdefault(meeting.tanggal.day, []).append(meeting)
    weeks = [
        [(day, by_day.get(day, [])) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdayscalendar(month.year, month.month)
    ]
    query = query_without(request, "bulan")
    context = {
        "form": form,
        "weeks": weeks,
        "month": month,
        "prev": (month - datetime.timedelta(days=1)).replace(day=1),
        "next": month.replace(day=last) + datetime.timedelta(days=1),
        "query": query,
        "tanpa_hadir": _without_lembaga(request),
    }
    return render(request, "forum/pertemuan_kalender.html", context)


def _month(text: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat(f"{text}-01")
    except (TypeError, ValueError):
        return timezone.localdate().replace(day=1)


@login_required
def pertemuan_riwayat(request: HttpRequest, pk: int) -> HttpResponse:
    pertemuan = _pertemuan(request, pk)
    return history.history_page(request, pertemuan, title=str(pertemuan), back_url=pertemuan.get_absolute_url())
