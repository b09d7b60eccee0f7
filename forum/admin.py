from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Forum


@admin.register(Forum)
class ForumAdmin(SimpleHistoryAdmin):
    list_display = ["nama", "wilayah", "tanggal_berdiri"]
    search_fields = ["nama", "wilayah__nama", "wilayah__kode"]
    autocomplete_fields = ["wilayah"]
    filter_horizontal = ["koordinator"]
