"""Registry pages. Thin: parse, call access/selectors/services, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access, duplicates, exports, extensions, history, selectors, services, web
from ..filters import LembagaFilter
from ..forms import GabungForm, KebutuhanForm, LembagaForm, StatusForm, SumberDayaForm
from ..models import Kebutuhan, Kerjasama, Lembaga, Peran, StatusLembaga, SumberDaya
from ..pagination import paginate
from ..reports.home import home_networks
from .rows import url_maker, with_labels


@login_required
def home(request: HttpRequest) -> HttpResponse:
    peran = access.peran_of(request.user)
    lembaga = access.visible_lembaga(request.user)
    context = {"peran": peran, "jumlah_lembaga": lembaga.not_archived().count()}
    if peran in {Peran.PETUGAS, Peran.KOORDINATOR}:
        gaps = selectors.lembaga_gaps(lembaga)
        context["gaps"] = {key: qs.select_related("wilayah")[:10] for key, qs in gaps.items()}
        context["gap_counts"] = {key: qs.count() for key, qs in gaps.items()}
        context["terbaru"] = lembaga.select_related("wilayah").order_by("-diubah")[:5]
    if peran in {Peran.DINSOS, Peran.PETUGAS}:
        # Each wilayah they work in, with its network stage and the change in a year (the report's own figures);
        # Dinas Sosial also sees the areas one level down.
        assigned = list(access.assigned_wilayah(request.user).order_by("kode"))
        context["jaringan"] = home_networks(assigned, with_areas=peran == Peran.DINSOS)
    context["panels"] = extensions.home_panels(request)
    context["ringkasan"] = [
        {"wilayah": w, "anak": selectors.lembaga_counts_by_child(wilayah=w, lembaga=lembaga)}
        for w in access.assigned_wilayah(request.user)
    ]
    return render(request, "pranata/home.html", context)


@login_required
def lembaga_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    filterset = LembagaFilter(
        request.GET, queryset=access.visible_lembaga(user), wilayah_qs=access.visible_wilayah(user)
    )
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx"}:
        personal = request.GET.get("pribadi") == "1" and access.can_export_personal_data(user)
        rows = exports.lembaga_rows(filterset.qs, personal=personal)
        return exports.download(rows, filename="simpul-lembaga", fmt=fmt, sheet="lembaga")
    page, query = paginate(request, selectors.lembaga_list_rows(filterset.qs), late_rows=True)
    with_labels(page, "sektor", "status")
    detail_url = url_maker("pranata:lembaga-detail")
    for lembaga in page:
        lembaga.url = detail_url(lembaga.pk)
    context = {
        "filter": filterset,
        "page": page,
        "query": query,
        "can_edit": access.can_edit_registry(user),
    }
    return render(request, "pranata/lembaga_list.html", context)


# What the page shows of each tie (its partner's name and wilayah, stage, since when, basis, whether it ended):
# the busiest lembaga's 33 ties read with every column of both lembaga took a fifth of its page.
TIE_ROW_FIELDS = (
    "tahap", "dasar", "selesai", "lembaga_a_id", "lembaga_b_id",
    *(f"{end}__{field}" for end in ("lembaga_a", "lembaga_b") for field in ("nama", "wilayah_id", "wilayah__nama")),
)  # fmt: skip


def _detail_context(request: HttpRequest, lembaga) -> dict:
    can_edit = access.editable_lembaga(request.user).filter(pk=lembaga.pk).exists()
    changes = list(lembaga.riwayat_status.select_related("oleh").order_by("berlaku_mulai", "pk"))
    ties = list(
        Kerjasama.objects.of(lembaga)
        .with_tahap_sejak()
        .select_related("lembaga_a__wilayah", "lembaga_b__wilayah")
        .only(*TIE_ROW_FIELDS)
    )
    with_labels(ties, "tahap", "dasar")
    tie_url = url_maker("pranata:kerjasama-detail")
    for tie in ties:
        tie.url = tie_url(tie.pk)
    return {
        "lembaga": lembaga,
        "can_edit": can_edit,
        "sumber_daya": lembaga.sumber_daya.all(),
        "kebutuhan": lembaga.kebutuhan.all(),
        "riwayat": lembaga.history.select_related("history_user")[:10],
        "periode": lembaga.periods(changes),
        "riwayat_status": changes[::-1],
        "kerjasama": [(tie, tie.partner_of(lembaga)) for tie in ties],
        "sections": extensions.lembaga_sections(request, lembaga),
        "sd_form": SumberDayaForm(),
        "kb_form": KebutuhanForm(),
        "status_form": StatusForm(lembaga=lembaga) if can_edit else None,
    }


@login_required
def lembaga_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lembaga = get_object_or_404(access.visible_lembaga(request.user).select_related("wilayah__induk", "pranata"), pk=pk)
    return render(request, "pranata/lembaga_detail.html", _detail_context(request, lembaga))


@login_required
def lembaga_create(request: HttpRequest) -> HttpResponse:
    access.require_registry_editor(request.user)
    form = LembagaForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        lembaga = web.run_service(form, lambda: services.lembaga_create(oleh=request.user, **form.cleaned_data))
        if lembaga:
            messages.success(request, _("Lembaga “%s” tersimpan.") % lembaga.nama)
            return redirect(lembaga)
    return render(request, "pranata/lembaga_form.html", {"form": form, "judul": _("Daftarkan lembaga")})


@login_required
def lembaga_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_registry_editor(request.user)
    lembaga = get_object_or_404(access.editable_lembaga(request.user), pk=pk)
    form = LembagaForm(request.POST or None, instance=lembaga, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        versi = form.pop_versi()
        saved = web.run_service(
            form, lambda: services.lembaga_update(lembaga=lembaga, oleh=request.user, versi=versi, **form.cleaned_data)
        )
        if saved:
            messages.success(request, _("Perubahan pada “%s” tersimpan.") % saved.nama)
            return redirect(saved)
        status = 409 if form.stale else 400
    context = {"form": form, "lembaga": lembaga, "judul": _("Ubah lembaga")}
    return render(request, "pranata/lembaga_form.html", context, status=status)


@login_required
@require_POST
def lembaga_set_status(request: HttpRequest, pk: int, action: str = "") -> HttpResponse:
    """A dated status change (archive, deactivate, reactivate) with its reason; errors show on the page."""
    access.require_registry_editor(request.user)
    lembaga = get_object_or_404(
        access.editable_lembaga(request.user).select_related("wilayah__induk", "pranata"), pk=pk
    )
    data = request.POST.copy()
    data.setdefault("status", {"arsip": StatusLembaga.ARSIP, "pulih": StatusLembaga.AKTIF}.get(action, ""))
    data.setdefault("tanggal", timezone.localdate().isoformat())
    form = StatusForm(data, lembaga=lembaga)
    if (
        form.is_valid()
        and form.cleaned_data["status"] != StatusLembaga.AKTIF
        and not web.confirmed(request)
        and web.run_service(
            form,
            lambda: (
                services.lembaga_check_status(
                    lembaga=lembaga, status=form.cleaned_data["status"], tanggal=form.cleaned_data["tanggal"]
                )
                or True
            ),
        )
    ):
        return _confirm_status(request, lembaga, form, data)
    if form.is_valid() and web.run_service(
        form, lambda: services.lembaga_set_status(lembaga=lembaga, oleh=request.user, **form.cleaned_data)
    ):
        label = StatusLembaga(lembaga.status).label
        day = form.cleaned_data["tanggal"].strftime("%d/%m/%Y")
        messages.success(
            request,
            _("Status “%(nama)s” menjadi %(status)s sejak %(tanggal)s. Laporan per tanggal sebelumnya tidak berubah.")
            % {"nama": lembaga.nama, "status": label, "tanggal": day},
        )
        return redirect(lembaga)
    context = _detail_context(request, lembaga) | {"status_form": form}
    return render(request, "pranata/lembaga_detail.html", context, status=400)


def _confirm_status(request: HttpRequest, lembaga, form: StatusForm, data) -> HttpResponse:
    """Archiving or deactivating asks first and says what it means (reactivating does not need to)."""
    status = StatusLembaga(form.cleaned_data["status"])
    day = form.cleaned_data["tanggal"].strftime("%d/%m/%Y")
    words = {"nama": lembaga.nama, "tanggal": day}
    if status == StatusLembaga.ARSIP:
        judul = _("Arsipkan “%(nama)s” sejak %(tanggal)s?") % words
        tombol = _("Ya, arsipkan")
    else:
        judul = _("Catat “%(nama)s” tidak aktif sejak %(tanggal)s?") % words
        tombol = _("Ya, catat tidak aktif")
    penjelasan = [
        _(
            "Sejak tanggal itu lembaga ini dan kerjasamanya tidak dihitung dalam laporan jaringan hari ini. "
            "Laporan per tanggal sebelumnya tetap menghitungnya."
        ),
        _(
            "Datanya tidak dihapus: riwayat, kerjasama dan kehadirannya tetap tersimpan, dan statusnya dapat "
            "diubah kembali."
        ),
    ]
    rincian = [(_("Status baru"), status.label), (_("Berlaku mulai"), day), (_("Alasan"), form.cleaned_data["alasan"])]
    fields = {"status": data["status"], "tanggal": data["tanggal"], "alasan": data.get("alasan", "")}
    return web.confirmation(
        request,
        judul=judul,
        penjelasan=penjelasan,
        tombol=tombol,
        batal_url=lembaga.get_absolute_url(),
        data=fields,
        rincian=rincian,
    )


@login_required
@require_POST
def item_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    access.require_registry_editor(request.user)
    lembaga = get_object_or_404(access.editable_lembaga(request.user), pk=pk)
    form_class, service = (
        (SumberDayaForm, services.sumber_daya_add) if kind == "sumber" else (KebutuhanForm, services.kebutuhan_add)
    )
    form = form_class(request.POST)
    if form.is_valid():
        service(lembaga=lembaga, oleh=request.user, **form.cleaned_data)
        messages.success(request, _("Tersimpan: %s") % form.cleaned_data["uraian"])
        return redirect(lembaga)
    context = {"lembaga": lembaga, "form": form, "kind": kind}
    return render(request, "pranata/item_form.html", context, status=400)


@login_required
@require_POST
def item_remove(request: HttpRequest, pk: int, kind: str, item_pk: int) -> HttpResponse:
    access.require_registry_editor(request.user)
    model = SumberDaya if kind == "sumber" else Kebutuhan
    item = get_object_or_404(
        model.objects.filter(lembaga__in=access.editable_lembaga(request.user)), pk=item_pk, lembaga_id=pk
    )
    if not web.confirmed(request):
        return web.confirmation(
            request,
            judul=_("Hapus “%s”?") % item.uraian,
            penjelasan=[
                _("Catatan ini dihapus dari daftar %(daftar)s “%(nama)s”; riwayat perubahan lembaga tetap mencatatnya.")
                % {
                    "daftar": _("sumber daya") if kind == "sumber" else _("kebutuhan"),
                    "nama": item.lembaga.nama,
                }
            ],
            tombol=_("Ya, hapus"),
            batal_url=item.lembaga.get_absolute_url(),
            data={},
        )
    services.sumber_kebutuhan_remove(item=item, oleh=request.user)
    messages.success(request, _("Dihapus: %s") % item.uraian)
    return redirect(item.lembaga)


@login_required
@require_POST
def kebutuhan_toggle(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    access.require_registry_editor(request.user)
    item = get_object_or_404(
        Kebutuhan.objects.filter(lembaga__in=access.editable_lembaga(request.user)), pk=item_pk, lembaga_id=pk
    )
    services.kebutuhan_set_terpenuhi(kebutuhan=item, oleh=request.user, terpenuhi=not item.terpenuhi)
    return redirect(item.lembaga)


@login_required
def lembaga_riwayat(request: HttpRequest, pk: int) -> HttpResponse:
    lembaga = get_object_or_404(access.visible_lembaga(request.user), pk=pk)
    return history.history_page(request, lembaga, title=lembaga.nama, back_url=lembaga.get_absolute_url())


@login_required
def lembaga_ganda(request: HttpRequest) -> HttpResponse:
    """Likely duplicates in the officer's kelurahan: pairs of similar names, each with a merge button."""
    access.require_registry_editor(request.user)
    lembaga = access.editable_lembaga(request.user).not_archived().filter(digabung_ke__isnull=True)
    groups: dict[int, list[tuple[int, str]]] = {}
    for pk, nama, wilayah_id in lembaga.values_list("pk", "nama", "wilayah_id").order_by("wilayah_id", "pk"):
        groups.setdefault(wilayah_id, []).append((pk, nama))
    page, query = paginate(request, duplicates.likely_pairs(groups))
    shown = Lembaga.objects.select_related("wilayah").in_bulk({pk for pair in page for pk in (pair.a, pair.b)})
    rows = [(shown[pair.a], shown[pair.b], pair.skor) for pair in page]
    return render(request, "pranata/lembaga_ganda.html", {"page": page, "query": query, "rows": rows})


@login_required
def lembaga_gabung(request: HttpRequest) -> HttpResponse:
    """Merge two lembaga: choose which record stays; everything of the other moves to it."""
    access.require_registry_editor(request.user)
    editable = access.editable_lembaga(request.user).filter(digabung_ke__isnull=True).select_related("wilayah")
    source = request.POST if request.method == "POST" else request.GET
    try:
        ids = [int(source.get("a", "")), int(source.get("b", ""))]
    except ValueError:
        raise Http404(_("Pasangan lembaga tidak valid.")) from None
    pair = list(editable.filter(pk__in=ids).order_by("pk"))
    if len(pair) != 2:
        raise Http404(_("Pasangan lembaga tidak ditemukan."))
    form = GabungForm(request.POST or None, pair=pair)
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["simpan"]
        merge = pair[1] if keep.pk == pair[0].pk else pair[0]
        counts = web.run_service(
            form,
            lambda: services.lembaga_merge(
                keep=keep, merge=merge, oleh=request.user, alasan=form.cleaned_data["alasan"]
            ),
        )
        if counts is not None:
            moved = sum(counts.values())
            messages.success(
                request,
                _(
                    "“%(merge)s” digabung ke “%(keep)s”: %(n)s catatan dipindahkan. "
                    "Lembaga ganda tetap tersimpan sebagai arsip."
                )
                % {"merge": merge.nama, "keep": keep.nama, "n": moved},
            )
            return redirect(keep)
    ties = {lembaga.pk: Kerjasama.objects.of(lembaga).count() for lembaga in pair}
    form.fields["simpan"].label_from_instance = lambda lembaga: (
        _("%(nama)s (%(kode)s, %(wilayah)s): %(n)s kerjasama")
        % {
            "nama": lembaga.nama,
            "kode": lembaga.kode,
            "wilayah": lembaga.wilayah.nama,
            "n": ties[lembaga.pk],
        }
    )
    return render(request, "pranata/lembaga_gabung.html", {"form": form, "pair": pair})
