"""Reminders: each user's choice about the daily e-mail, and which day's digest each user was sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Preferensi(models.Model):
    """A user's choice; without a row the digest is sent (it is what reminders are for)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="pengingat"
    )
    kirim_email = models.BooleanField(_("kirim ringkasan harian lewat email"), default=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("preferensi pengingat")
        verbose_name_plural = _("preferensi pengingat")
        ordering = ["user__username"]

    def __str__(self) -> str:
        return f"{self.user}: {'email' if self.kirim_email else '-'}"


class RingkasanTerkirim(models.Model):
    """The digest of `tanggal` reached `user`: written only after the mail server accepted it, so a failed
    send is tried again on the next run, and a second run on the same day sends nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="ringkasan_terkirim",
    )
    tanggal = models.DateField(_("tanggal ringkasan"))
    dikirim = models.DateTimeField(_("dikirim"), default=timezone.now)
    jumlah = models.PositiveIntegerField(_("jumlah butir"), default=0)

    class Meta:
        verbose_name = _("ringkasan terkirim")
        verbose_name_plural = _("ringkasan terkirim")
        ordering = ["-tanggal", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "tanggal"], name="ringkasan_sekali_sehari")]

    def __str__(self) -> str:
        return f"{self.user} {self.tanggal:%Y-%m-%d}"
