"""The token page's form: a name to recognise the token by, and an optional last day."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pranata.forms import CleanTextMixin, DateInput


def not_in_past(tanggal: datetime.date) -> None:
    if tanggal and tanggal < timezone.localdate():
        raise ValidationError(_("Tanggal berlaku tidak boleh di masa lalu."))


class TokenForm(CleanTextMixin, forms.Form):
    nama = forms.CharField(
        label=_("Nama token"),
        max_length=80,
        help_text=_("Untuk mengenali token ini nanti, mis. “Dasbor provinsi” atau “Notebook riset”."),
        error_messages={"required": _("Beri nama token ini.")},
    )
    berlaku_sampai = forms.DateField(
        label=_("Berlaku sampai (opsional)"),
        required=False,
        widget=DateInput(),
        validators=[not_in_past],
        help_text=_("Hari terakhir token dapat dipakai. Kosongkan bila berlaku sampai dicabut."),
    )
