from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import locking
from .models import (
    Kebutuhan,
    Kerjasama,
    KopSurat,
    Lembaga,
    PranataSosial,
    Profil,
    RiwayatStatus,
    RiwayatTahap,
    SumberDaya,
    Wilayah,
)


class ReadOnlyInline(admin.TabularInline):
    """Dated history is written only by the services (the pages and imports); the admin shows it."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class VersionedAdmin(SimpleHistoryAdmin):
    """Admin edits (and reverts to an earlier version) of records whose dated facts have their own writers.

    `dated_fields` always keep their stored values here (a revert must not bring back an old status or
    stage behind the services' back), and a save moves the record to its next version, so a form opened
    before it is refused as stale. New records are made on the pages and by imports, through the services.
    """

    dated_fields: list[str] = []

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.dated_fields]

    def has_add_permission(self, request) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        stored = type(obj)._default_manager.get(pk=obj.pk)
        for name in self.dated_fields:
            setattr(obj, name, getattr(stored, name))
        locking.claim_version(obj, None)
        super().save_model(request, obj, form, change)


@admin.register(Wilayah)
class WilayahAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "tingkat"]
    list_filter = ["tingkat"]
    search_fields = ["kode", "nama"]
    raw_id_fields = ["induk"]


@admin.register(PranataSosial)
class PranataSosialAdmin(admin.ModelAdmin):
    list_display = ["nama", "kode", "urutan"]
    list_editable = ["urutan"]
    prepopulated_fields = {"kode": ["nama"]}


class SumberDayaInline(admin.TabularInline):
    model = SumberDaya
    extra = 0


class KebutuhanInline(admin.TabularInline):
    model = Kebutuhan
    extra = 0


class RiwayatStatusInline(ReadOnlyInline):
    model = RiwayatStatus
    fields = ["status", "berlaku_mulai", "alasan", "oleh", "dicatat"]
    readonly_fields = fields


@admin.register(Lembaga)
class LembagaAdmin(VersionedAdmin):
    list_display = ["nama", "sektor", "pranata", "wilayah", "status", "aktif_sejak"]
    list_filter = ["status", "sektor", "pranata", "jenis"]
    list_select_related = ["pranata", "wilayah"]
    search_fields = ["nama", "singkatan", "wilayah__kode", "wilayah__nama"]
    autocomplete_fields = ["wilayah"]
    # Status and first active day are dated facts with rules (services.lembaga_set_status, lembaga_update):
    # change them on the lembaga's page, where the history stays true.
    dated_fields = ["status", "aktif_sejak"]
    inlines = [RiwayatStatusInline, SumberDayaInline, KebutuhanInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Lembaga are archived, never deleted: ties and attendance keep pointing at them.
        return False


@admin.register(SumberDaya, Kebutuhan)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["uraian", "jenis", "lembaga"]
    list_filter = ["jenis"]
    search_fields = ["uraian", "lembaga__nama"]
    raw_id_fields = ["lembaga"]


class ProfilInline(admin.StackedInline):
    model = Profil
    can_delete = False
    autocomplete_fields = ["wilayah"]


admin.site.unregister(User)


@admin.register(User)
class SimpulUserAdmin(UserAdmin):
    inlines = [ProfilInline]
    list_display = ["username", "first_name", "last_name", "email", "is_staff", "is_active"]


class RiwayatTahapInline(ReadOnlyInline):
    model = RiwayatTahap
    fields = ["tahap", "berlaku_mulai", "bukti", "oleh", "dicatat"]
    readonly_fields = fields


@admin.register(Kerjasama)
class KerjasamaAdmin(VersionedAdmin):
    list_display = ["__str__", "tahap", "mulai", "selesai", "dasar"]
    list_filter = ["tahap", "dasar"]
    list_select_related = ["lembaga_a", "lembaga_b"]
    search_fields = ["lembaga_a__nama", "lembaga_b__nama", "lembaga_a__kode", "lembaga_b__kode"]
    # The stage, start and end are dated facts with one writer each (services.kerjasama_set_tahap,
    # kerjasama_create, kerjasama_end); change them on the tie's page. The admin edits the other details.
    dated_fields = ["lembaga_a", "lembaga_b", "tahap", "mulai", "selesai", "alasan_selesai"]
    inlines = [RiwayatTahapInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(KopSurat)
class KopSuratAdmin(admin.ModelAdmin):
    """The letterheads of PDF reports: a general one, and one per wilayah office that wants its own."""

    list_display = ["instansi", "wilayah", "pemerintah", "jabatan_ttd"]
    search_fields = ["instansi", "pemerintah", "wilayah__nama", "wilayah__kode"]
    autocomplete_fields = ["wilayah"]
    fieldsets = [
        (None, {"fields": ["wilayah", "pemerintah", "instansi", "alamat", "kontak", "logo"]}),
        (_("Tanda tangan"), {"fields": ["kota_ttd", "jabatan_ttd", "nama_ttd", "nip_ttd"]}),
    ]
