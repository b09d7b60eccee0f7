"""Forum pages: forums and members, meetings (log, list, calendar, print), follow-ups, programmes, reports."""

from __future__ import annotations

from collections import OrderedDict

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pranata import access, history, web
from pranata.pagination import paginate
from pranata.reports import pages as laporan
from pranata.views.rows import url_maker, with_labels

from .. import access as forum_access
from .. import selectors, services, suggestions
from ..forms import AnggotaForm, KeluarForm, StatusTindakLanjutForm
from ..models import Forum, Keanggotaan, TindakLanjut
from ..reports import forum_scope


@login_required
def forum_list(request: HttpRequest) -> HttpResponse:
    forums = forum_access.visible_forum(request.user).select_related("wilayah")
    q = request.GET.get("q", "").strip()
    if q:
        forums = forums.filter(nama__icontains=q)
    today = timezone.localdate()
    quiet = request.GET.get("diam") == "1"
    forums = selectors.quiet_forums(forums, today) if quiet else selectors.with_last_meeting(forums, today)
    page, query = paginate(request, forums if quiet else forums.order_by("nama"))
    context = {
        "page": page,
        "q": q,
        "diam": quiet,
        "quiet_days": selectors.QUIET_DAYS,
        "query": query,
        "wilayah": access.assigned_wilayah(request.user),
    }
    return render(request, "forum/forum_list.html", context)


def _forum(request: HttpRequest, pk: int, *, edit: bool = False) -> Forum:
    qs = forum_access.editable_forum(request.user) if edit else forum_access.visible_forum(request.user)
    if edit and not forum_access.editable_forum(request.user).exists():
        raise PermissionDenied(_("Peran Anda tidak dapat mengubah forum."))
    return get_object_or_404(qs.select_related("wilayah"), pk=pk)


def _member_candidates(request: HttpRequest, forum: Forum):
    current = forum.keanggotaan.aktif().values("lembaga_id")
    return (
        access.visible_lembaga(request.user)
        .aktif()
        .in_area(forum.wilayah.kode)
        .exclude(pk__in=current)
        .select_related("wilayah")
        .order_by("nama")
    )


@login_required
def forum_detail(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk)
    today = timezone.localdate()
    can_edit = forum_access.editable_forum(request.user).filter(pk=pk).exists()
    context = {
        "forum": forum,
        "can_edit": can_edit,
        "attendance": _attendance(forum),
        "koordinator": forum.koordinator.all(),
        "next_meeting": selectors.next_meeting(Forum.objects.filter(pk=pk), today),
        "recent": _recent(forum, today),
        "open_follow_ups": _open_follow_ups(forum),
        "today": today,
        "figures": selectors.forum_figures(forum, today),
        "saran": suggestions.for_forum(forum, limit=20),
        "can_accept": access.can_edit_registry(request.user),
        "anggota_form": _anggota_form_html(request, forum) if can_edit else None,
        "status_choices": StatusTindakLanjutForm().fields["status"].choices,
    }
    return render(request, "forum/forum_detail.html", context)


# The forum page lists every member, its open follow-ups and its suggested ties: each row's labels and links
# are made once for the page (pranata.views.rows), not once per row by the template.


def _attendance(forum: Forum) -> list[dict]:
    rows = selectors.attendance_rates(forum)
    members = [row["keanggotaan"] for row in rows]
    with_labels(members, "peran")
    lembaga_url, end_url = url_maker("pranata:lembaga-detail"), url_maker("forum:member-end", forum.pk)
    for member in members:
        member.lembaga.url = lembaga_url(member.lembaga_id)
        member.end_url = end_url(member.pk)
    return rows


def _recent(forum: Forum, today) -> list:
    recent = list(forum.pertemuan.filter(tanggal__lte=today).order_by("-tanggal")[:5])
    with_labels(recent, "jenis")
    meeting_url = url_maker("forum:pertemuan-detail")
    for meeting in recent:
        meeting.url = meeting_url(meeting.pk)
    return recent


def _open_follow_ups(forum: Forum) -> list[TindakLanjut]:
    rows = TindakLanjut.objects.filter(pertemuan__forum=forum).open().select_related("lembaga", "pertemuan")
    rows = list(rows.order_by("tenggat")[:20])
    with_labels(rows, "status")
    status_url = url_maker("forum:tindak-lanjut-status")
    for row in rows:
        row.status_url = status_url(row.pk)
    return rows


# The unbound member form as crispy renders it, per language, day (its default date) and candidate list:
# crispy's templates took a tenth of the forum page.
_ANGGOTA_FORMS: OrderedDict[tuple, str] = OrderedDict()
ANGGOTA_FORMS_KEPT = 64


def _anggota_form_html(request: HttpRequest, forum: Forum) -> str:
    form = AnggotaForm(lembaga_qs=_member_candidates(request, forum))
    choices = tuple((str(value), str(label)) for value, label in form.fields["lembaga"].choices)
    key = (get_language(), timezone.localdate(), choices)
    html = _ANGGOTA_FORMS.get(key)
    if html is None:
        html = _ANGGOTA_FORMS[key] = as_crispy_form(form)
        while len(_ANGGOTA_FORMS) > ANGGOTA_FORMS_KEPT:
            _ANGGOTA_FORMS.popitem(last=False)
    return html


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk, edit=True)
    form = AnggotaForm(request.POST, lembaga_qs=_member_candidates(request, forum))
    if form.is_valid():
        web.run_service(form, lambda: services.forum_member_add(forum=forum, oleh=request.user, **form.cleaned_data))
    if form.errors:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        messages.success(request, _("“%s” bergabung dengan forum.") % form.cleaned_data["lembaga"].nama)
    return redirect("forum:forum-detail", pk=forum.pk)


@login_required
def member_end(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """A lembaga leaves the forum: a page says what that means and asks for the date; only its confirming
    POST (with `konfirmasi`) records the leave, so no single tap on the forum page ends a membership."""
    forum = _forum(request, pk, edit=True)
    member = get_object_or_404(
        Keanggotaan.objects.filter(forum=forum, selesai__isnull=True).select_related("lembaga"), pk=member_pk
    )
    confirmed = request.method == "POST" and request.POST.get("konfirmasi") == "1"
    form = KeluarForm(request.POST if confirmed else None)
    if confirmed and form.is_valid():
        done = web.run_service(
            form, lambda: services.forum_member_end(keanggotaan=member, oleh=request.user, **form.cleaned_data)
        )
        if done is not None:
            messages.success(request, _("“%s” tercatat keluar dari forum.") % member.lembaga.nama)
            return redirect("forum:forum-detail", pk=forum.pk)
    context = {"forum": forum, "member": member, "form": form}
    return render(request, "forum/member_end.html", context, status=400 if confirmed else 200)


@login_required
@require_POST
def tindak_lanjut_status(request: HttpRequest, pk: int) -> HttpResponse:
    forums = forum_access.editable_forum(request.user)
    item = get_object_or_404(
        TindakLanjut.objects.filter(pertemuan__forum__in=forums).select_related("pertemuan"), pk=pk
    )
    form = StatusTindakLanjutForm(request.POST)
    if form.is_valid():
        services.tindak_lanjut_set_status(tindak_lanjut=item, status=form.cleaned_data["status"], oleh=request.user)
        messages.success(
            request,
            _("Status “%(uraian)s”: %(status)s.") % {"uraian": item.uraian, "status": item.get_status_display()},
        )
    else:
        messages.error(request, _("Status tidak dikenal."))
    return redirect(web.safe_next(request, item.pertemuan.get_absolute_url()))


# --- reports ----------------------------------------------------------------------------------


@login_required
def forum_laporan(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk)
    links = laporan.report_links("forum:laporan", forum.pk)
    return laporan.report_page(request, forum_scope(forum), links=links, forum=forum)


@login_required
def forum_banding(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk)
    links = laporan.report_links("forum:laporan", forum.pk)
    return laporan.compare_page(request, forum_scope(forum), links=links, start=forum.tanggal_berdiri, forum=forum)


@login_required
def forum_unduh(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    forum = _forum(request, pk)
    links = laporan.report_links("forum:laporan", forum.pk)
    return laporan.download(request, forum_scope(forum), fmt, name=f"forum-{forum.pk}", links=links)


@login_required
def forum_riwayat(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk)
    return history.history_page(request, forum, title=forum.nama, back_url=reverse("forum:forum-detail", args=[pk]))


@login_required
def forum_peta(request: HttpRequest, pk: int) -> HttpResponse:
    return laporan.map_json(request, forum_scope(_forum(request, pk)))
