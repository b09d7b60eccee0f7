from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pranata.admin import ReadOnlyInline

from .models import (
    Forum,
    Keanggotaan,
    Kehadiran,
    Kesepakatan,
    Kontribusi,
    PenerimaManfaat,
    Pertemuan,
    PesertaProgram,
    ProgramBersama,
    TindakLanjut,
)


class KeanggotaanInline(admin.TabularInline):
    model = Keanggotaan
    extra = 0
    autocomplete_fields = ["lembaga"]


@admin.register(Forum)
class ForumAdmin(SimpleHistoryAdmin):
    inlines = [KeanggotaanInline]
    list_display = ["nama", "wilayah", "tanggal_berdiri"]
    search_fields = ["nama", "wilayah__nama", "wilayah__kode"]
    autocomplete_fields = ["wilayah"]
    filter_horizontal = ["koordinator"]


class KehadiranInline(admin.TabularInline):
    model = Kehadiran
    extra = 0
    autocomplete_fields = ["lembaga"]


class KesepakatanInline(admin.StackedInline):
    model = Kesepakatan
    extra = 0
    autocomplete_fields = ["lembaga"]


class TindakLanjutInline(admin.TabularInline):
    model = TindakLanjut
    extra = 0
    autocomplete_fields = ["lembaga"]
    fk_name = "pertemuan"


@admin.register(Pertemuan)
class PertemuanAdmin(SimpleHistoryAdmin):
    list_display = ["tanggal", "jenis", "forum", "tempat"]
    list_filter = ["jenis"]
    list_select_related = ["forum"]
    date_hierarchy = "tanggal"
    search_fields = ["forum__nama", "tempat", "agenda"]
    inlines = [KehadiranInline, KesepakatanInline, TindakLanjutInline]


@admin.register(Keanggotaan)
class KeanggotaanAdmin(SimpleHistoryAdmin):
    list_display = ["lembaga", "forum", "peran", "mulai", "selesai"]
    list_select_related = ["lembaga", "forum"]
    autocomplete_fields = ["lembaga"]
    search_fields = ["lembaga__nama", "forum__nama"]


@admin.register(TindakLanjut)
class TindakLanjutAdmin(SimpleHistoryAdmin):
    list_display = ["uraian", "lembaga", "tenggat", "status"]
    list_filter = ["status"]
    list_select_related = ["lembaga"]
    autocomplete_fields = ["lembaga"]
    raw_id_fields = ["pertemuan", "kesepakatan"]


@admin.register(Kesepakatan)
class KesepakatanAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "pertemuan"]
    raw_id_fields = ["pertemuan"]
    autocomplete_fields = ["lembaga"]


class PesertaInline(admin.TabularInline):
    model = PesertaProgram
    extra = 0
    autocomplete_fields = ["lembaga"]


class PenerimaInline(admin.TabularInline):
    model = PenerimaManfaat
    extra = 0


LEDGER_FIELDS = [
    "tanggal",
    "lembaga",
    "jenis",
    "sumber_daya",
    "uraian",
    "jumlah",
    "satuan",
    "bentuk",
    "nilai",
    "catatan",
]


class KontribusiInline(ReadOnlyInline):
    """The ledger has one writer with rules (forum.services.kontribusi_add/update/remove, on the programme's
    page): the admin shows it."""

    model = Kontribusi
    fields = [*LEDGER_FIELDS, "dibuat_oleh"]
    readonly_fields = fields


@admin.register(ProgramBersama)
class ProgramBersamaAdmin(SimpleHistoryAdmin):
    list_display = ["nama", "status", "mulai", "selesai", "forum"]
    list_filter = ["status"]
    search_fields = ["nama"]
    autocomplete_fields = ["wilayah"]
    raw_id_fields = ["sumber_daya"]
    inlines = [PesertaInline, PenerimaInline, KontribusiInline]


@admin.register(Kontribusi)
class KontribusiAdmin(SimpleHistoryAdmin):
    """Read-only, with each entry's history (who recorded, changed or removed it)."""

    list_display = ["tanggal", "program", "lembaga", "jenis", "uraian", "jumlah", "satuan", "nilai", "bentuk"]
    list_filter = ["jenis", "bentuk"]
    list_select_related = ["program", "lembaga"]
    search_fields = ["uraian", "program__nama", "lembaga__nama"]
    date_hierarchy = "tanggal"
    fields = [*LEDGER_FIELDS, "program", "dibuat_oleh", "dibuat"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
