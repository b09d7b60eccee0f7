"""The "Riwayat" (change history) shown on object pages: who changed what, when, old and new values."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from . import access

PAGE_SIZE = 25


def entries(records: list) -> list[dict]:
    """Each historical record with the fields that changed against the one before it (in memory, no queries)."""
    rows = []
    ordered = sorted(records, key=lambda r: (r.history_date, r.history_id))
    previous = None
    for record in ordered:
        changes = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                field = record.instance_type._meta.get_field(change.field)
                changes.append({"field": str(field.verbose_name), "old": _show(change.old), "new": _show(change.new)})
        rows.append({"record": record, "changes": changes})
        previous = record
    return list(reversed(rows))


def _show(value) -> str:
    if value in (None, ""):
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def history_page(request: HttpRequest, obj, *, title: str, back_url: str) -> HttpResponse:
    """Render an object's history; admins get a link to restore any earlier version in the admin."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:500])
    page = Paginator(entries(records), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"obj": obj, "title": title, "back_url": back_url, "page": page, "restore": _restore_url(request, obj)}
    return render(request, "includes/riwayat.html", context)


def _restore_url(request: HttpRequest, obj) -> str | None:
    if not (access.is_admin(request.user) and request.user.is_staff):
        return None
    meta = obj._meta
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])
    except NoReverseMatch:
        return None
