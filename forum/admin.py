from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Forum, Keanggotaan


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
