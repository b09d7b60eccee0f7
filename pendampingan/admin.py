from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pranata.admin import ReadOnlyInline, VersionedAdmin

from .models import Kegiatan, Pelatihan, Pendamping, Penugasan, PesertaPelatihan


class PenugasanInline(ReadOnlyInline):
    model = Penugasan
    fields = ["forum", "lembaga", "mulai", "selesai"]
    readonly_fields = fields


@admin.register(Pendamping)
class PendampingAdmin(VersionedAdmin):
    """The admin links a pendamping to a user account (role Pendamping) and corrects the record; assignments
    are dated facts written on the pages."""

    inlines = [PenugasanInline]
    list_display = ["nama", "jenis", "wilayah", "mulai", "selesai", "user"]
    list_filter = ["jenis", "calon"]
    search_fields = ["nama", "wilayah__nama", "wilayah__kode"]
    autocomplete_fields = ["wilayah", "user"]


@admin.register(Kegiatan)
class KegiatanAdmin(SimpleHistoryAdmin):
    """Shown, not edited: an activity's rules (assignment on the date, 4P technique) live in the service."""

    list_display = ["tanggal", "pendamping", "tugas", "forum", "lembaga"]
    list_filter = ["tugas"]
    search_fields = ["pendamping__nama", "lembaga__nama", "uraian"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class PesertaInline(ReadOnlyInline):
    model = PesertaPelatihan
    fields = ["pendamping", "hasil"]
    readonly_fields = fields


@admin.register(Pelatihan)
class PelatihanAdmin(SimpleHistoryAdmin):
    inlines = [PesertaInline]
    list_display = ["nama", "penyelenggara", "mulai", "selesai", "wilayah"]
    search_fields = ["nama", "penyelenggara"]
    autocomplete_fields = ["wilayah"]

    def has_add_permission(self, request) -> bool:
        return False
