"""Who switched the digest off, and which day's digest reached whom (read-only: the command writes these)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import Preferensi, RingkasanTerkirim


@admin.register(Preferensi)
class PreferensiAdmin(admin.ModelAdmin):
    list_display = ["user", "kirim_email", "diubah"]
    list_filter = ["kirim_email"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(RingkasanTerkirim)
class RingkasanTerkirimAdmin(admin.ModelAdmin):
    list_display = ["tanggal", "user", "jumlah", "dikirim"]
    list_filter = ["tanggal"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
    date_hierarchy = "tanggal"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
