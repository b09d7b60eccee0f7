"""Forum Pranata Sosial. Meetings, agreements and programmes build on this (see the forum issue)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pranata.models import Lembaga, Wilayah


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


class PeranAnggota(models.TextChoices):
    KETUA = "ketua", _("Ketua")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    BENDAHARA = "bendahara", _("Bendahara")
    ANGGOTA = "anggota", _("Anggota")


class KeanggotaanQuerySet(models.QuerySet):
    def on(self, tanggal) -> KeanggotaanQuerySet:
        """Memberships that were running on a date (joining and leaving are dated, never deleted)."""
        return self.filter(mulai__lte=tanggal).filter(models.Q(selesai__isnull=True) | models.Q(selesai__gt=tanggal))

    def aktif(self) -> KeanggotaanQuerySet:
        return self.filter(selesai__isnull=True)


class Keanggotaan(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="keanggotaan")
    lembaga = models.ForeignKey(Lembaga, on_delete=models.PROTECT, related_name="keanggotaan_forum")
    peran = models.CharField(_("peran"), max_length=12, choices=PeranAnggota.choices, default=PeranAnggota.ANGGOTA)
    mulai = models.DateField(_("bergabung"))
    selesai = models.DateField(_("keluar"), null=True, blank=True)

    history = HistoricalRecords()
    objects = KeanggotaanQuerySet.as_manager()

    class Meta:
        verbose_name = _("keanggotaan forum")
        verbose_name_plural = _("keanggotaan forum")
        ordering = ["forum", "lembaga__nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "lembaga"],
                condition=models.Q(selesai__isnull=True),
                name="keanggotaan_aktif_unik",
                violation_error_message=_("Lembaga ini sudah menjadi anggota forum."),
            ),
            models.CheckConstraint(
                condition=models.Q(selesai__isnull=True) | models.Q(selesai__gte=models.F("mulai")),
                name="keanggotaan_keluar_setelah_bergabung",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lembaga} di {self.forum} ({self.get_peran_display()})"
