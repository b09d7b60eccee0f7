"""Search, filters and sorting for the lembaga list (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .forms import LongSelect
from .models import (
    JenisLembaga,
    Lembaga,
    LembagaQuerySet,
    PranataSosial,
    Sektor,
    StatusLembaga,
    Tingkat,
    WilayahQuerySet,
)

# Above this many wilayah in scope, the wilayah filter offers only kabupaten and kecamatan,
# so a province-wide user does not get a select with thousands of desa.
WILAYAH_CHOICE_LIMIT = 400

STATUS_SEMUA = "semua"


class LembagaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari nama"), method="filter_q")
    wilayah = django_filters.ChoiceFilter(
        label=_("Wilayah"), method="filter_wilayah", empty_label=_("Semua wilayah"), widget=LongSelect
    )
    # Every select is written in Python (LongSelect): the template widget renders one sub-template per
    # option, ~70 of them on this form, a third of the list page's time at a kabupaten's size.
    sektor = django_filters.ChoiceFilter(
        label=_("Sektor"), choices=Sektor.choices, empty_label=_("Semua sektor"), widget=LongSelect
    )
    jenis = django_filters.ChoiceFilter(
        label=_("Jenis"), choices=JenisLembaga.choices, empty_label=_("Semua jenis"), widget=LongSelect
    )
    pranata = django_filters.ModelChoiceFilter(
        label=_("Pranata sosial"),
        queryset=PranataSosial.objects.all(),
        empty_label=_("Semua pranata"),
        widget=LongSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[*StatusLembaga.choices, (STATUS_SEMUA, _("Semua, termasuk arsip"))],
        empty_label=_("Aktif & tidak aktif"),
        method="filter_status",
        widget=LongSelect,
    )
    urut = django_filters.OrderingFilter(
        label=_("Urutkan"),
        fields=(("nama", "nama"), ("tahun_berdiri", "tahun"), ("jumlah_anggota", "anggota"), ("diubah", "diubah")),
        field_labels={
            "nama": _("Nama (A–Z)"),
            "-nama": _("Nama (Z–A)"),
            "tahun": _("Tahun berdiri (lama–baru)"),
            "-tahun": _("Tahun berdiri (baru–lama)"),
            "anggota": _("Anggota (sedikit–banyak)"),
            "-anggota": _("Anggota (banyak–sedikit)"),
            "diubah": _("Terakhir diubah (lama–baru)"),
            "-diubah": _("Terakhir diubah (baru–lama)"),
        },
        empty_label=_("Nama (A–Z)"),
        widget=LongSelect,
    )

    def __init__(self, *args, wilayah_qs: WilayahQuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["wilayah"].choices = wilayah_choices(wilayah_qs)
        for field in self.form.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs["class"] = css
        self.form.fields["q"].widget.attrs["placeholder"] = _("Nama atau singkatan…")

    @property
    def qs(self) -> QuerySet:
        qs = super().qs
        cleaned = getattr(self.form, "cleaned_data", {})
        if not cleaned.get("status"):
            qs = not_archived(qs)
        # A unique tiebreaker keeps rows from jumping between pages when names or years repeat.
        return qs.order_by(*(qs.query.order_by or ("nama",)), "pk")

    def filter_q(self, queryset: LembagaQuerySet, name: str, value: str) -> LembagaQuerySet:
        return queryset.search(value.strip()) if value.strip() else queryset

    def filter_wilayah(self, queryset: LembagaQuerySet, name: str, value: str) -> LembagaQuerySet:
        return queryset.in_wilayah([value])

    def filter_status(self, queryset: LembagaQuerySet, name: str, value: str) -> LembagaQuerySet:
        return queryset if value == STATUS_SEMUA else queryset.filter(status=value)


def not_archived(qs: LembagaQuerySet) -> LembagaQuerySet:
    """`qs.not_archived()` written as "not among the archived ids": the same rows (status is never null), but
    the database can walk the (nama, id) index alone for the default order instead of reading every row's
    status and sorting the scope (a deep page of a kabupaten's list: 27 ms of SQL → 2 ms on PostgreSQL)."""
    return qs.exclude(pk__in=Lembaga.objects.filter(status=StatusLembaga.ARSIP).values("pk"))


def wilayah_choices(wilayah_qs: WilayahQuerySet) -> list[tuple[str, str]]:
    """One query: every wilayah in scope, or only the upper levels when there are too many."""
    rows = list(wilayah_qs.values_list("kode", "nama", "tingkat")[: WILAYAH_CHOICE_LIMIT + 1])
    if len(rows) > WILAYAH_CHOICE_LIMIT:
        upper = wilayah_qs.filter(tingkat__lte=Tingkat.KECAMATAN)
        rows = list(upper.values_list("kode", "nama", "tingkat")[: WILAYAH_CHOICE_LIMIT * 4])
    indent = "\u2003"
    return [(kode, f"{indent * (tingkat - 1)}{nama} ({kode})") for kode, nama, tingkat in rows]
