from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PreferensiForm(forms.Form):
    kirim_email = forms.BooleanField(
        label=_("Kirim ringkasan ini ke email saya setiap pagi"),
        required=False,
    )
