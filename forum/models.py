"""Forum Pranata Sosial. Meetings, agreements and programmes build on this (see the forum issue)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pranata.models import Wilayah


class Forum(models.Model):
    nama = models.CharField(_("nama forum"), max_length=150)
    wilayah = models.ForeignKey(Wilayah, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="forum")
    tanggal_berdiri = models.DateField(_("tanggal berdiri"), null=True, blank=True)
    koordinator = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("koordinator"), blank=True, related_name="forum_dikoordinasi"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("forum pranata sosial")
        verbose_name_plural = _("forum pranata sosial")
        ordering = ["nama"]
        constraints = [models.UniqueConstraint(fields=["nama", "wilayah"], name="forum_nama_unik_per_wilayah")]

    def __str__(self) -> str:
        return self.nama
