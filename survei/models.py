"""The partner survey (survei mitra, after PARTNER CPRM): rounds per forum or wilayah, one respondent per member
lembaga with its personal link, and what each respondent says about each lembaga it works with.

A round's respondents are fixed when it is opened (the forum's members on its open date, or the wilayah's
active lembaga); they are also the round's scope, the only lembaga an answer may name as a partner.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from forum.models import Forum
from pranata.models import Lembaga, Skala, Wilayah


class Tujuan(models.TextChoices):
    """Why the round is run: before a programme, after it, or routine monitoring (the pre-/post-test)."""

    PRA = "pra", _("Pra (sebelum program)")
    PASCA = "pasca", _("Pasca (sesudah program)")
    PEMANTAUAN = "pemantauan", _("Pemantauan rutin")


class GelombangQuerySet(models.QuerySet):
    def of_scope(self, gelombang: Gelombang) -> GelombangQuerySet:
        """Rounds of the same forum, or of the same wilayah: the ones a round can be compared with."""
        if gelombang.forum_id:
            return self.filter(forum_id=gelombang.forum_id)
        return self.filter(wilayah_id=gelombang.wilayah_id, forum__isnull=True)


class Gelombang(models.Model):
    """One survey round of a forum's members or of a wilayah's lembaga, open from `dibuka` to `ditutup`
    (both days included, in the installation's time zone)."""

    nama = models.CharField(_("nama gelombang"), max_length=120)
    tujuan = models.CharField(_("tujuan"), max_length=12, choices=Tujuan.choices, default=Tujuan.PEMANTAUAN)
    forum = models.ForeignKey(
        Forum,
        verbose_name=_("forum"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survei_gelombang",
    )
    # A round of a wilayah's lembaga (the pages open them for a kelurahan/desa; a larger wilayah works the same).
    wilayah = models.ForeignKey(
        Wilayah, verbose_name=_("kelurahan/desa"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dibuka = models.DateField(_("dibuka"))
    ditutup = models.DateField(_("ditutup"))
    keterangan = models.TextField(_("keterangan"), blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["diubah"])
    objects = GelombangQuerySet.as_manager()

    class Meta:
        verbose_name = _("gelombang survei")
        verbose_name_plural = _("gelombang survei")
        ordering = ["-dibuka", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(forum__isnull=True, wilayah__isnull=False) | Q(forum__isnull=False, wilayah__isnull=True),
                name="gelombang_satu_lingkup",
                violation_error_message=_("Pilih forum atau kelurahan/desa, salah satu saja."),
            ),
            models.CheckConstraint(
                condition=Q(ditutup__gte=models.F("dibuka")),
                name="gelombang_tutup_setelah_buka",
                violation_error_message=_("Tanggal tutup tidak boleh sebelum tanggal buka."),
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    def get_absolute_url(self) -> str:
        return reverse("survei:gelombang-detail", args=[self.pk])

    @property
    def lingkup(self) -> str:
        return str(self.forum) if self.forum_id else str(self.wilayah)

    @property
    def lingkup_kode(self) -> str:
        """The wilayah code of the round's scope (the letterhead of its printouts)."""
        return self.forum.wilayah.kode if self.forum_id else self.wilayah.kode

    def is_open(self, today: datetime.date) -> bool:
        return self.dibuka <= today <= self.ditutup

    def is_closed(self, today: datetime.date) -> bool:
        return today > self.ditutup


class StatusJawaban(models.TextChoices):
    BELUM = "belum", _("Belum mengisi")
    DRAF = "draf", _("Draf")
    FINAL = "final", _("Terkirim")


class Responden(models.Model):
    """One lembaga asked in one round: its personal link (only the link's SHA-256 is kept, so a link is shown
    once, when it is made) and the state of its answer."""

    gelombang = models.ForeignKey(Gelombang, on_delete=models.CASCADE, related_name="responden")
    lembaga = models.ForeignKey(Lembaga, verbose_name=_("lembaga"), on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    token_dibuat = models.DateTimeField(_("tautan dibuat"), null=True, blank=True, editable=False)
    token_dicabut = models.DateTimeField(_("tautan dicabut"), null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=6, choices=StatusJawaban.choices, default=StatusJawaban.BELUM)
    dikirim = models.DateTimeField(_("dikirim"), null=True, blank=True)
    # Set when an officer typed the answer in from the paper questionnaire; empty when the lembaga answered
    # through its own link.
    diisi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diisi oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    versi = models.PositiveIntegerField(_("versi"), default=1, editable=False)
    diubah = models.DateTimeField(_("diubah"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["token_hash", "versi"])

    class Meta:
        verbose_name = _("responden survei")
        verbose_name_plural = _("responden survei")
        ordering = ["gelombang", "lembaga__nama", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["gelombang", "lembaga"], name="responden_sekali_per_gelombang"),
        ]
        indexes = [models.Index(fields=["gelombang", "status"], name="responden_gelombang_status_idx")]

    def __str__(self) -> str:
        return f"{self.lembaga} @ {self.gelombang}"

    @property
    def has_token(self) -> bool:
        return bool(self.token_hash)


# A stage of the ladder, or 0: "we do not work with this lembaga".
TIDAK_BEKERJA_SAMA = 0
TRUST_ITEMS = ("keterbukaan", "dapat_diandalkan", "kesamaan_misi")
VALUE_ITEMS = ("pengaruh", "kontribusi", "keterlibatan")
RATING_ITEMS = TRUST_ITEMS + VALUE_ITEMS


def _rating(label) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label, choices=Skala.choices, null=True, blank=True)


def _rating_checks() -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(**{f"{item}__isnull": True}) | Q(**{f"{item}__gte": 1, f"{item}__lte": 4}),
            name=f"jawaban_{item}_1_sampai_4",
        )
        for item in RATING_ITEMS
    ]


class Jawaban(models.Model):
    """What one respondent says about one partner: the stage it sees (0 = not working together), trust
    (keterbukaan, dapat diandalkan, kesamaan misi) and value (pengaruh, kontribusi sumber daya, keterlibatan)
    on 1–4, the kinds of resources exchanged, a note. A draft may leave any of it empty."""

    responden = models.ForeignKey(Responden, on_delete=models.CASCADE, related_name="jawaban")
    mitra = models.ForeignKey(Lembaga, verbose_name=_("lembaga mitra"), on_delete=models.PROTECT, related_name="+")
    tahap = models.PositiveSmallIntegerField(_("tahap menurut responden"), null=True, blank=True)
    keterbukaan = _rating(_("keterbukaan"))
    dapat_diandalkan = _rating(_("dapat diandalkan"))
    kesamaan_misi = _rating(_("kesamaan misi"))
    pengaruh = _rating(_("pengaruh"))
    kontribusi = _rating(_("kontribusi sumber daya"))
    keterlibatan = _rating(_("tingkat keterlibatan"))
    sumber = models.JSONField(_("sumber daya yang dipertukarkan"), default=list, blank=True)
    catatan = models.TextField(_("catatan"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jawaban survei")
        verbose_name_plural = _("jawaban survei")
        ordering = ["responden", "mitra__nama", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["responden", "mitra"], name="jawaban_sekali_per_mitra"),
            models.CheckConstraint(
                condition=Q(tahap__isnull=True) | Q(tahap__gte=0, tahap__lte=5), name="jawaban_tahap_0_sampai_5"
            ),
            *_rating_checks(),
        ]

    def __str__(self) -> str:
        return f"{self.responden.lembaga} → {self.mitra}"

    def ratings(self) -> tuple[int | None, ...]:
        return tuple(getattr(self, item) for item in RATING_ITEMS)
