"""Personal API tokens and the log of API calls.

A token is stored only as the SHA-256 of its secret: the secret is shown once, when it is made, and a copy of
the database cannot be used to call the API. Every call is logged (who, which token, path, status, when): the
admin reads the log, and the per-token throttle counts its recent rows.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StatusToken(models.TextChoices):
    AKTIF = "aktif", _("Aktif")
    KEDALUWARSA = "kedaluwarsa", _("Kedaluwarsa")
    DICABUT = "dicabut", _("Dicabut")


class TokenApiQuerySet(models.QuerySet):
    def usable_on(self, today: datetime.date) -> TokenApiQuerySet:
        """Tokens that open the API today: not revoked, not past their last day."""
        return self.filter(dicabut__isnull=True).filter(
            models.Q(berlaku_sampai__isnull=True) | models.Q(berlaku_sampai__gte=today)
        )


class TokenApi(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="token_api"
    )
    nama = models.CharField(_("nama token"), max_length=80)
    # The secret's first characters: enough to recognise a token in a list or a leaked file, useless to call.
    awalan = models.CharField(_("awalan"), max_length=16, editable=False)
    sidik = models.CharField(_("sidik (SHA-256)"), max_length=64, unique=True, editable=False)
    # The last day the token works (inclusive, in the server's time zone); empty: until revoked.
    berlaku_sampai = models.DateField(_("berlaku sampai"), null=True, blank=True)
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    dicabut = models.DateTimeField(_("dicabut"), null=True, blank=True, editable=False)

    objects = TokenApiQuerySet.as_manager()

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-dibuat", "-pk"]

    def __str__(self) -> str:
        return f"{self.nama} ({self.awalan}…)"

    def status(self, today: datetime.date | None = None) -> StatusToken:
        if self.dicabut:
            return StatusToken.DICABUT
        if self.berlaku_sampai and self.berlaku_sampai < (today or timezone.localdate()):
            return StatusToken.KEDALUWARSA
        return StatusToken.AKTIF

    @property
    def status_label(self) -> str:
        return str(self.status().label)

    @property
    def is_active(self) -> bool:
        return self.status() == StatusToken.AKTIF


class PanggilanApi(models.Model):
    """One call to the API, whatever its answer (401s included: who probes is worth knowing)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    token = models.ForeignKey(
        TokenApi, verbose_name=_("token"), null=True, blank=True, on_delete=models.SET_NULL, related_name="panggilan"
    )
    metode = models.CharField(_("metode"), max_length=8)
    path = models.CharField(_("path"), max_length=255)
    query = models.CharField(_("parameter"), max_length=500, blank=True)
    status = models.PositiveSmallIntegerField(_("status"))
    durasi_ms = models.PositiveIntegerField(_("durasi (ms)"), default=0)
    dicatat = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        verbose_name = _("panggilan API")
        verbose_name_plural = _("panggilan API")
        ordering = ["-dicatat", "-pk"]
        indexes = [
            # The throttle's count (a token's calls in the last minute) and the token page's "last used".
            models.Index(fields=["token", "dicatat"], name="panggilan_token_waktu_idx"),
            models.Index(fields=["dicatat"], name="panggilan_waktu_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.metode} {self.path} → {self.status}"
