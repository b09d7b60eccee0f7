from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from simple_history.admin import SimpleHistoryAdmin

from .models import Kebutuhan, Kerjasama, Lembaga, PranataSosial, Profil, RiwayatTahap, SumberDaya, Wilayah


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


@admin.register(Lembaga)
class LembagaAdmin(SimpleHistoryAdmin):
    list_display = ["nama", "sektor", "pranata", "wilayah", "status"]
    list_filter = ["status", "sektor", "pranata", "jenis"]
    list_select_related = ["pranata", "wilayah"]
    search_fields = ["nama", "singkatan", "wilayah__kode", "wilayah__nama"]
    autocomplete_fields = ["wilayah"]
    inlines = [SumberDayaInline, KebutuhanInline]

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


class RiwayatTahapInline(admin.TabularInline):
    model = RiwayatTahap
    extra = 0
    fields = ["tahap", "berlaku_mulai", "bukti", "oleh", "dicatat"]
    readonly_fields = ["dicatat"]
    raw_id_fields = ["oleh"]


@admin.register(Kerjasama)
class KerjasamaAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "tahap", "mulai", "selesai", "dasar"]
    list_filter = ["tahap", "dasar"]
    list_select_related = ["lembaga_a", "lembaga_b"]
    search_fields = ["lembaga_a__nama", "lembaga_b__nama", "lembaga_a__kode", "lembaga_b__kode"]
    raw_id_fields = ["lembaga_a", "lembaga_b"]
    # The declared stage follows its dated history below; edit the history, not this field.
    readonly_fields = ["tahap"]
    inlines = [RiwayatTahapInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
