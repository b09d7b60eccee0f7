"""Optimistic locking: a form carries the version of the record it was loaded with; saving from an older
version is refused with who changed the record and when, so neither person's work is silently lost.

Used by the services of both apps (forum imports it; pranata never imports forum).
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _


class StaleEdit(ValidationError):
    """The record changed since the form was loaded; the message names who changed it and when."""

    def __init__(self, message: str):
        super().__init__({NON_FIELD_ERRORS: [message]})


def claim_version(instance: models.Model, versi: int | None) -> None:
    """Inside the caller's transaction: move `instance` to its next version, if it is still at `versi`.

    The conditional UPDATE takes the row lock, so of two concurrent saves from the same version exactly one
    wins and the other gets StaleEdit. `versi=None` (imports, commands, admin) bumps without checking.
    """
    rows = type(instance)._default_manager.filter(pk=instance.pk)
    claimed = (rows if versi is None else rows.filter(versi=versi)).update(versi=F("versi") + 1)
    if not claimed:
        raise StaleEdit(_stale_message(instance))
    instance.versi = rows.values_list("versi", flat=True).get()


def _stale_message(instance: models.Model) -> str:
    last = instance.history.select_related("history_user").first() if hasattr(instance, "history") else None
    if last is None:
        return _(
            "Data ini sudah diubah oleh pengguna lain setelah Anda membuka formulir ini; muat ulang halaman untuk "
            "melihat perubahannya. Isian Anda masih tertera di bawah dan belum disimpan."
        )
    when = f"{timezone.localtime(last.history_date):%d/%m/%Y %H:%M}"
    if last.history_user is None:
        return _(
            "Data ini sudah diubah oleh pengguna lain pada %(when)s setelah Anda membuka formulir ini; muat ulang "
            "halaman untuk melihat perubahannya. Isian Anda masih tertera di bawah dan belum disimpan."
        ) % {"when": when}
    who = last.history_user.get_full_name() or last.history_user.get_username()
    return _(
        "Data ini sudah diubah oleh %(who)s pada %(when)s setelah Anda membuka formulir ini; muat ulang halaman "
        "untuk melihat perubahannya. Isian Anda masih tertera di bawah dan belum disimpan."
    ) % {"who": who, "when": when}
