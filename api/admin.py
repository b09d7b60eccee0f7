"""Tokens and the call log, read-only: tokens are made and revoked by their owners on their page; the log is a
record of what happened."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import PanggilanApi, TokenApi


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(TokenApi)
class TokenApiAdmin(ReadOnlyAdmin):
    list_display = ["nama", "user", "awalan", "dibuat", "berlaku_sampai", "dicabut"]
    list_filter = ["dicabut", "berlaku_sampai"]
    search_fields = ["nama", "user__username", "awalan"]
    list_select_related = ["user"]
    exclude = ["sidik"]


@admin.register(PanggilanApi)
class PanggilanApiAdmin(ReadOnlyAdmin):
    list_display = ["dicatat", "user", "token", "metode", "path", "query", "status", "durasi_ms"]
    list_filter = ["status", "metode"]
    search_fields = ["path", "user__username", "token__nama", "token__awalan"]
    list_select_related = ["user", "token"]
    date_hierarchy = "dicatat"
