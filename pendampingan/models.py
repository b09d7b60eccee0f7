"""The people who build the network (PSKS persons: pendamping and relawan), where they are assigned, what they
did (the pendampingan log by the 4P tasks) and the trainings they took.

Sources: ../shared/sources/003_… (pendampingan sosial: its four tasks and the sources it mobilises) and
004_… (pembekalan of relawan Pensosmas in Jawa Timur); the kinds follow Permensos 8/2012 on PSKS.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from forum.models import Forum, Pertemuan
from pranata.models import Lembaga, SumberDaya, Wilayah


class JenisPendamping(models.TextChoices):
    """The PSKS person kinds (Permensos 8/2012), plus PKH companions and other volunteers."""

    PEKSOS = "peksos", _("Pekerja sosial profesional")
    PSM = "psm", _("Pekerja sosial masyarakat (PSM)")
    TAGANA = "tagana", _("Taruna Siaga Bencana (Tagana)")
    PENYULUH = "penyuluh", _("Penyuluh sosial / relawan Pensosmas")
    TKSK = "tksk", _("Tenaga kesejahteraan sosial kecamatan (TKSK)")
    WPKS = "wpks", _("Wanita pemimpin kesejahteraan sosial")
    PIONER = "pioner", _("Keluarga pioner")
    PKH = "pkh", _("Pendamping PKH")
    LAIN = "lain", _("Relawan lain")


class PendampingQuerySet(models.QuerySet):
    def aktif_pada(self, tanggal) -> PendampingQuerySet:
        return self.filter(mulai__lte=tanggal).filter(Q(selesai__isnull=True) | Q(selesai__gte=tanggal))

    def search(self, text: str) -> PendampingQuerySet:
        return self.filter(nama__icontains=text) if text else self


class Pendamping(models.Model):
    """A pendamping or relawan: a person, so their phone and e-mail are personal data (same rule as a lembaga's
    contact). A candidate (`calon`) is recorded to take part in a training before they serve."""

    nama = models.CharField(_("nama"), max_length=150)
    jenis = models.CharField(_("jenis"), max_length=12, choices=JenisPendamping.choices)
    wilayah = models.ForeignKey(
        Wilayah, verbose_name=_("wilayah kerja"), on_delete=models.PROTECT, related_name="pendamping"
    )
    telepon = PhoneNumberField(_("telepon"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    mulai = models.DateField(_("bertugas sejak"))
    selesai = models.DateField(_("berhenti"), null=True, blank=True)
    calon = models.BooleanField(_("masih calon"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun pengguna"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pendamping",
    )
    catatan = models.TextField(_("catatan"), blank=True)
    versi = models.PositiveIntegerField(_("versi"), default=1, editable=False)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["diubah", "versi"])
    objects = PendampingQuerySet.as_manager()

    class Meta:
        verbose_name = _("pendamping")
        verbose_name_plural = _("pendamping")
        ordering = ["nama", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")), name="pendamping_selesai_valid"
            )
        ]
        indexes = [models.Index(fields=["wilayah", "nama"], name="pendamping_wilayah_nama_idx")]

    def __str__(self) -> str:
        return self.nama

    def get_absolute_url(self) -> str:
        return reverse("pendampingan:pendamping-detail", args=[self.pk])

    @property
    def is_penyuluh(self) -> bool:
        return self.jenis == JenisPendamping.PENYULUH


class PenugasanQuerySet(models.QuerySet):
    def on(self, tanggal) -> PenugasanQuerySet:
        """Assignments running on a date (start and end are dated, never deleted)."""
        return self.filter(mulai__lte=tanggal).filter(Q(selesai__isnull=True) | Q(selesai__gte=tanggal))

    def aktif(self) -> PenugasanQuerySet:
        return self.filter(selesai__isnull=True)


class Penugasan(models.Model):
    """A dated assignment of a pendamping to a forum or to one lembaga."""

    pendamping = models.ForeignKey(Pendamping, on_delete=models.CASCADE, related_name="penugasan")
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), null=True, blank=True, on_delete=models.PROTECT, related_name="penugasan"
    )
    lembaga = models.ForeignKey(
        Lembaga,
        verbose_name=_("lembaga"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="penugasan",
    )
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("selesai"), null=True, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    history = HistoricalRecords()
    objects = PenugasanQuerySet.as_manager()

    class Meta:
        verbose_name = _("penugasan")
        verbose_name_plural = _("penugasan")
        ordering = ["-mulai", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(forum__isnull=True, lembaga__isnull=False) | Q(forum__isnull=False, lembaga__isnull=True),
                name="penugasan_forum_atau_lembaga",
            ),
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")), name="penugasan_selesai_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pendamping} → {self.forum or self.lembaga}"

    @property
    def sasaran(self) -> Forum | Lembaga:
        return self.forum or self.lembaga


class Tugas(models.TextChoices):
    """The four tasks (4P) of pendampingan sosial (source 003_…)."""

    PEMUNGKINAN = "pemungkinan", _("Pemungkinan/fasilitasi")
    PENGUATAN = "penguatan", _("Penguatan")
    PERLINDUNGAN = "perlindungan", _("Perlindungan")
    PENDUKUNGAN = "pendukungan", _("Pendukungan")


class Teknik(models.TextChoices):
    """The techniques each task is carried out with (source 003_…)."""

    MOTIVASI = "motivasi", _("Motivasi")
    MEDIASI = "mediasi", _("Mediasi dan negosiasi")
    KONSENSUS = "konsensus", _("Membangun konsensus")
    MANAJEMEN_SUMBER = "manajemen_sumber", _("Manajemen sumber")
    PELATIHAN = "pelatihan", _("Pendidikan dan pelatihan")
    PENYADARAN = "penyadaran", _("Penyadaran")
    INFORMASI = "informasi", _("Informasi")
    ADVOKASI = "advokasi", _("Advokasi/pembelaan")
    MENCARI_SUMBER = "mencari_sumber", _("Mencari sumber")
    JARINGAN = "jaringan", _("Membangun jaringan kerja")
    KONSULTASI = "konsultasi", _("Konsultasi")
    BANTUAN_TEKNIS = "bantuan_teknis", _("Bantuan teknis dan manajemen")


# Which task each technique serves: one table, read by the service's rule and the form's grouped choices.
TEKNIK_TUGAS: dict[str, str] = {
    Teknik.MOTIVASI: Tugas.PEMUNGKINAN,
    Teknik.MEDIASI: Tugas.PEMUNGKINAN,
    Teknik.KONSENSUS: Tugas.PEMUNGKINAN,
    Teknik.MANAJEMEN_SUMBER: Tugas.PEMUNGKINAN,
    Teknik.PELATIHAN: Tugas.PENGUATAN,
    Teknik.PENYADARAN: Tugas.PENGUATAN,
    Teknik.INFORMASI: Tugas.PENGUATAN,
    Teknik.ADVOKASI: Tugas.PERLINDUNGAN,
    Teknik.MENCARI_SUMBER: Tugas.PERLINDUNGAN,
    Teknik.JARINGAN: Tugas.PERLINDUNGAN,
    Teknik.KONSULTASI: Tugas.PERLINDUNGAN,
    Teknik.BANTUAN_TEKNIS: Tugas.PENDUKUNGAN,
}


class PeranPenyuluh(models.TextChoices):
    """The roles of a relawan Pensosmas (source 004_…)."""

    KOMUNIKATOR = "komunikator", _("Komunikator")
    INFORMATOR = "informator", _("Informator")
    MOTIVATOR = "motivator", _("Motivator")
    EDUKATOR = "edukator", _("Edukator")


class JenisSumberDimobilisasi(models.TextChoices):
    """The kinds of sources a pendamping mobilises (source 003_…)."""

    PERSONAL = "personal", _("Sumber personal")
    INTERPERSONAL = "interpersonal", _("Sumber interpersonal")
    SOSIAL = "sosial", _("Sumber sosial (kemasyarakatan)")


class KegiatanQuerySet(models.QuerySet):
    def between(self, start, end) -> KegiatanQuerySet:
        return self.filter(tanggal__gte=start, tanggal__lte=end)


class Kegiatan(models.Model):
    """One pendampingan activity: with a forum or a lembaga (or both), on a date, by one of the 4P tasks."""

    pendamping = models.ForeignKey(
        Pendamping, verbose_name=_("pendamping"), on_delete=models.PROTECT, related_name="kegiatan"
    )
    tanggal = models.DateField(_("tanggal"))
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), null=True, blank=True, on_delete=models.PROTECT, related_name="pendampingan"
    )
    lembaga = models.ForeignKey(
        Lembaga,
        verbose_name=_("lembaga"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pendampingan",
    )
    pertemuan = models.ForeignKey(
        Pertemuan,
        verbose_name=_("pertemuan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pendampingan",
    )
    tugas = models.CharField(_("tugas (4P)"), max_length=12, choices=Tugas.choices)
    teknik = models.CharField(_("teknik"), max_length=20, choices=Teknik.choices, blank=True)
    peran_penyuluh = models.CharField(_("peran penyuluh"), max_length=12, choices=PeranPenyuluh.choices, blank=True)
    uraian = models.TextField(_("yang dilakukan"))
    hasil = models.TextField(_("hasil"), blank=True)
    tindak_lanjut = models.TextField(_("tindak lanjut"), blank=True)
    sumber_jenis = models.CharField(
        _("sumber yang dimobilisasi"), max_length=14, choices=JenisSumberDimobilisasi.choices, blank=True
    )
    sumber_daya = models.ManyToManyField(
        SumberDaya, verbose_name=_("sumber daya lembaga"), blank=True, related_name="pendampingan"
    )
    versi = models.PositiveIntegerField(_("versi"), default=1, editable=False)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["diubah", "versi"], m2m_fields=[sumber_daya])
    objects = KegiatanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kegiatan pendampingan")
        verbose_name_plural = _("kegiatan pendampingan")
        ordering = ["-tanggal", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(forum__isnull=False) | Q(lembaga__isnull=False), name="kegiatan_punya_sasaran"
            )
        ]
        indexes = [
            models.Index(fields=["pendamping", "tanggal"], name="kegiatan_pendamping_tgl_idx"),
            models.Index(fields=["tanggal"], name="kegiatan_tanggal_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_tugas_display()} {self.tanggal:%d/%m/%Y} ({self.pendamping})"

    def get_absolute_url(self) -> str:
        return reverse("pendampingan:kegiatan-detail", args=[self.pk])


class Pelatihan(models.Model):
    """A training (pembekalan/pelatihan) of pendamping or candidates, e.g. Dinas Sosial Provinsi's Pensosmas
    pembekalan."""

    nama = models.CharField(_("nama pelatihan"), max_length=200)
    penyelenggara = models.CharField(_("penyelenggara"), max_length=150)
    wilayah = models.ForeignKey(Wilayah, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="pelatihan")
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("selesai"))
    tempat = models.CharField(_("tempat"), max_length=150, blank=True)
    materi = models.TextField(_("materi"), blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pelatihan")
        verbose_name_plural = _("pelatihan")
        ordering = ["-mulai", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(selesai__gte=models.F("mulai")), name="pelatihan_selesai_valid")
        ]

    def __str__(self) -> str:
        return self.nama

    def get_absolute_url(self) -> str:
        return reverse("pendampingan:pelatihan-detail", args=[self.pk])


class HasilPelatihan(models.TextChoices):
    TERDAFTAR = "terdaftar", _("Terdaftar")
    LULUS = "lulus", _("Selesai (lulus)")
    TIDAK_SELESAI = "tidak_selesai", _("Tidak selesai")


class PesertaPelatihan(models.Model):
    pelatihan = models.ForeignKey(Pelatihan, on_delete=models.CASCADE, related_name="peserta")
    pendamping = models.ForeignKey(
        Pendamping, verbose_name=_("peserta"), on_delete=models.PROTECT, related_name="pelatihan"
    )
    hasil = models.CharField(
        _("hasil"), max_length=14, choices=HasilPelatihan.choices, default=HasilPelatihan.TERDAFTAR
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("peserta pelatihan")
        verbose_name_plural = _("peserta pelatihan")
        ordering = ["pelatihan", "pendamping__nama"]
        constraints = [models.UniqueConstraint(fields=["pelatihan", "pendamping"], name="peserta_pelatihan_unik")]

    def __str__(self) -> str:
        return f"{self.pendamping} — {self.pelatihan}"
