from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Forum,
    Keanggotaan,
    Kehadiran,
    Kesepakatan,
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


@admin.register(ProgramBersama)
class ProgramBersamaAdmin(SimpleHistoryAdmin):
    list_display = ["nama", "status", "mulai", "selesai", "forum"]
    list_filter = ["status"]
    search_fields = ["nama"]
    autocomplete_fields = ["wilayah"]
    raw_id_fields = ["sumber_daya"]
    inlines = [PesertaInline, PenerimaInline]
