from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pranata.admin import ReadOnlyInline

from .models import Gelombang, Jawaban, Responden


class RespondenInline(ReadOnlyInline):
    model = Responden
    fields = ["lembaga", "status", "dikirim", "diisi_oleh", "token_dibuat", "token_dicabut"]
    readonly_fields = fields


@admin.register(Gelombang)
class GelombangAdmin(SimpleHistoryAdmin):
    """Shown, not edited: opening a round fixes its respondents, and links are made on its page."""

    inlines = [RespondenInline]
    list_display = ["nama", "tujuan", "forum", "wilayah", "dibuka", "ditutup"]
    list_filter = ["tujuan"]
    search_fields = ["nama", "forum__nama", "wilayah__nama"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Jawaban)
class JawabanAdmin(SimpleHistoryAdmin):
    """Shown, not edited: an answer's rules (the round's scope and dates, the scales) live in the service."""

    list_display = ["responden", "mitra", "tahap"]
    search_fields = ["responden__lembaga__nama", "mitra__nama"]
    list_select_related = ["responden__lembaga", "responden__gelombang", "mitra"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
