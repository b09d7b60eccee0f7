"""Forum Pranata Sosial. Meetings, agreements and programmes build on this (see the forum issue)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from pranata.models import JenisSumber, Lembaga, Wilayah


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


class JenisPertemuan(models.TextChoices):
    RAPAT_RUTIN = "rapat_rutin", _("Rapat rutin")
    ARISAN = "arisan", _("Arisan")
    PENGAJIAN = "pengajian", _("Pengajian")
    MUSYAWARAH = "musyawarah", _("Musyawarah")
    RAPAT_KOORDINASI = "rapat_koordinasi", _("Rapat koordinasi")
    LAINNYA = "lainnya", _("Lainnya")


class PertemuanQuerySet(models.QuerySet):
    def between(self, start, end) -> PertemuanQuerySet:
        return self.filter(tanggal__gte=start, tanggal__lte=end)

    def of_forums(self, forums) -> PertemuanQuerySet:
        return self.filter(forum__in=forums)


class Pertemuan(models.Model):
    """A forum meeting: who came, what they agreed, who follows up."""

    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="pertemuan")
    tanggal = models.DateField(_("tanggal"))
    jam_mulai = models.TimeField(_("jam mulai"), null=True, blank=True)
    tempat = models.CharField(_("tempat"), max_length=150, blank=True)
    jenis = models.CharField(
        _("jenis"), max_length=20, choices=JenisPertemuan.choices, default=JenisPertemuan.RAPAT_RUTIN
    )
    agenda = models.TextField(_("agenda"), blank=True)
    notulen = models.TextField(_("notulen"), blank=True)
    # The form's submission token: posting the same form twice (double tap, slow network) finds this
    # meeting instead of creating a second one.
    token = models.UUIDField(_("token formulir"), null=True, blank=True, unique=True, editable=False)
    versi = models.PositiveIntegerField(_("versi"), default=1, editable=False)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["diubah", "versi", "token"])
    objects = PertemuanQuerySet.as_manager()

    class Meta:
        verbose_name = _("pertemuan")
        verbose_name_plural = _("pertemuan")
        ordering = ["-tanggal", "-jam_mulai", "-pk"]
        indexes = [models.Index(fields=["forum", "tanggal"], name="pertemuan_forum_tanggal_idx")]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.forum} {self.tanggal:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("forum:pertemuan-detail", args=[self.pk])


class Kehadiran(models.Model):
    pertemuan = models.ForeignKey(Pertemuan, on_delete=models.CASCADE, related_name="kehadiran")
    lembaga = models.ForeignKey(Lembaga, verbose_name=_("lembaga"), on_delete=models.PROTECT, related_name="kehadiran")
    perwakilan = models.CharField(_("nama perwakilan"), max_length=100, blank=True)
    jumlah_orang = models.PositiveSmallIntegerField(_("jumlah orang"), default=1)
    tamu = models.BooleanField(_("tamu (bukan anggota)"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        ordering = ["pertemuan", "lembaga__nama"]
        constraints = [
            models.UniqueConstraint(fields=["pertemuan", "lembaga"], name="kehadiran_sekali_per_pertemuan"),
            models.CheckConstraint(condition=models.Q(jumlah_orang__gte=1), name="kehadiran_minimal_satu_orang"),
        ]
        indexes = [models.Index(fields=["lembaga", "pertemuan"], name="kehadiran_lembaga_idx")]

    def __str__(self) -> str:
        return f"{self.lembaga} @ {self.pertemuan}"


class Kesepakatan(models.Model):
    """An agreement reached at a meeting, binding one or more lembaga."""

    pertemuan = models.ForeignKey(Pertemuan, on_delete=models.CASCADE, related_name="kesepakatan")
    nomor = models.PositiveSmallIntegerField(_("nomor"), default=1)
    isi = models.TextField(_("isi kesepakatan"))
    lembaga = models.ManyToManyField(Lembaga, verbose_name=_("lembaga yang terikat"), related_name="kesepakatan")

    history = HistoricalRecords(m2m_fields=[lembaga])

    class Meta:
        verbose_name = _("kesepakatan")
        verbose_name_plural = _("kesepakatan")
        ordering = ["pertemuan", "nomor"]

    def __str__(self) -> str:
        return f"{self.nomor}. {self.isi[:60]}"


class StatusTindakLanjut(models.TextChoices):
    RENCANA = "rencana", _("Rencana")
    BERJALAN = "berjalan", _("Berjalan")
    SELESAI = "selesai", _("Selesai")
    BATAL = "batal", pgettext_lazy("status", "Batal")


class TindakLanjutQuerySet(models.QuerySet):
    def open(self) -> TindakLanjutQuerySet:
        return self.filter(status__in=[StatusTindakLanjut.RENCANA, StatusTindakLanjut.BERJALAN])

    def overdue(self, today) -> TindakLanjutQuerySet:
        return self.open().filter(tenggat__lt=today)


class TindakLanjut(models.Model):
    pertemuan = models.ForeignKey(Pertemuan, on_delete=models.CASCADE, related_name="tindak_lanjut")
    kesepakatan = models.ForeignKey(
        Kesepakatan,
        verbose_name=_("kesepakatan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tindak_lanjut",
    )
    uraian = models.CharField(_("tindak lanjut"), max_length=255)
    lembaga = models.ForeignKey(
        Lembaga, verbose_name=_("penanggung jawab"), on_delete=models.PROTECT, related_name="tindak_lanjut"
    )
    tenggat = models.DateField(_("tenggat"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=StatusTindakLanjut.choices, default=StatusTindakLanjut.RENCANA
    )
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["diubah"])
    objects = TindakLanjutQuerySet.as_manager()

    class Meta:
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        ordering = ["tenggat", "pk"]

    def __str__(self) -> str:
        return self.uraian


class StatusProgram(models.TextChoices):
    RENCANA = "rencana", _("Rencana")
    BERJALAN = "berjalan", _("Berjalan")
    SELESAI = "selesai", _("Selesai")


class ProgramBersama(models.Model):
    """A joint programme or service run by several lembaga."""

    nama = models.CharField(_("nama program"), max_length=150)
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), null=True, blank=True, on_delete=models.SET_NULL, related_name="program"
    )
    wilayah = models.ForeignKey(Wilayah, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=StatusProgram.choices, default=StatusProgram.RENCANA)
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("selesai"), null=True, blank=True)
    deskripsi = models.TextField(_("deskripsi"), blank=True)
    sumber_daya = models.ManyToManyField(
        "pranata.SumberDaya", verbose_name=_("sumber daya yang dihimpun"), blank=True, related_name="program"
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["diubah"])

    class Meta:
        verbose_name = _("program bersama")
        verbose_name_plural = _("program bersama")
        ordering = ["-mulai", "nama"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(selesai__isnull=True) | models.Q(selesai__gte=models.F("mulai")),
                name="program_selesai_setelah_mulai",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    def get_absolute_url(self) -> str:
        return reverse("forum:program-detail", args=[self.pk])


class PeranProgram(models.TextChoices):
    PELAKSANA_UTAMA = "pelaksana_utama", _("Pelaksana utama")
    MITRA = "mitra", _("Mitra")
    PENYANDANG_DANA = "penyandang_dana", _("Penyandang dana")


class PesertaProgram(models.Model):
    program = models.ForeignKey(ProgramBersama, on_delete=models.CASCADE, related_name="peserta")
    lembaga = models.ForeignKey(Lembaga, verbose_name=_("lembaga"), on_delete=models.PROTECT, related_name="program")
    peran = models.CharField(_("peran"), max_length=16, choices=PeranProgram.choices, default=PeranProgram.MITRA)

    class Meta:
        verbose_name = _("peserta program")
        verbose_name_plural = _("peserta program")
        ordering = ["program", "peran", "lembaga__nama"]
        constraints = [models.UniqueConstraint(fields=["program", "lembaga"], name="peserta_program_unik")]

    def __str__(self) -> str:
        return f"{self.lembaga} ({self.get_peran_display()})"


class KategoriPMKS(models.TextChoices):
    """Penyandang Masalah Kesejahteraan Sosial (Permensos 8/2012), the beneficiary categories offices report."""

    ANAK_BALITA_TERLANTAR = "anak_balita_terlantar", _("Anak balita terlantar")
    ANAK_TERLANTAR = "anak_terlantar", _("Anak terlantar")
    ANAK_BERHADAPAN_HUKUM = "anak_berhadapan_hukum", _("Anak berhadapan dengan hukum")
    ANAK_JALANAN = "anak_jalanan", _("Anak jalanan")
    ANAK_DISABILITAS = "anak_disabilitas", _("Anak dengan kedisabilitasan")
    ANAK_KORBAN_KEKERASAN = "anak_korban_kekerasan", _("Anak korban tindak kekerasan")
    ANAK_PERLINDUNGAN_KHUSUS = "anak_perlindungan_khusus", _("Anak yang memerlukan perlindungan khusus")
    LANSIA_TERLANTAR = "lansia_terlantar", _("Lanjut usia terlantar")
    DISABILITAS = "disabilitas", _("Penyandang disabilitas")
    TUNA_SUSILA = "tuna_susila", _("Tuna susila")
    GELANDANGAN = "gelandangan", _("Gelandangan")
    PENGEMIS = "pengemis", _("Pengemis")
    PEMULUNG = "pemulung", _("Pemulung")
    KELOMPOK_MINORITAS = "kelompok_minoritas", _("Kelompok minoritas")
    BEKAS_WARGA_BINAAN = "bekas_warga_binaan", _("Bekas warga binaan lembaga pemasyarakatan")
    ODHA = "odha", _("Orang dengan HIV/AIDS")
    KORBAN_NAPZA = "korban_napza", _("Korban penyalahgunaan NAPZA")
    KORBAN_TRAFFICKING = "korban_trafficking", _("Korban trafficking")
    KORBAN_KEKERASAN = "korban_kekerasan", _("Korban tindak kekerasan")
    PEKERJA_MIGRAN = "pekerja_migran", _("Pekerja migran bermasalah sosial")
    KORBAN_BENCANA_ALAM = "korban_bencana_alam", _("Korban bencana alam")
    KORBAN_BENCANA_SOSIAL = "korban_bencana_sosial", _("Korban bencana sosial")
    PEREMPUAN_RAWAN = "perempuan_rawan", _("Perempuan rawan sosial ekonomi")
    FAKIR_MISKIN = "fakir_miskin", _("Fakir miskin")
    KELUARGA_BERMASALAH = "keluarga_bermasalah", _("Keluarga bermasalah sosial psikologis")
    KOMUNITAS_ADAT_TERPENCIL = "komunitas_adat_terpencil", _("Komunitas adat terpencil")


class PenerimaManfaat(models.Model):
    program = models.ForeignKey(ProgramBersama, on_delete=models.CASCADE, related_name="penerima")
    kategori = models.CharField(_("kategori PMKS"), max_length=32, choices=KategoriPMKS.choices)
    jumlah = models.PositiveIntegerField(_("jumlah orang"))

    class Meta:
        verbose_name = _("penerima manfaat")
        verbose_name_plural = _("penerima manfaat")
        ordering = ["program", "kategori"]
        constraints = [models.UniqueConstraint(fields=["program", "kategori"], name="penerima_kategori_unik")]

    def __str__(self) -> str:
        return f"{self.get_kategori_display()}: {self.jumlah}"


class BentukKontribusi(models.TextChoices):
    NATURA = "natura", _("Natura (barang/jasa)")
    TUNAI = "tunai", _("Tunai")


class KontribusiQuerySet(models.QuerySet):
    def between(self, start, end) -> KontribusiQuerySet:
        return self.filter(tanggal__gte=start, tanggal__lte=end)


class Kontribusi(models.Model):
    """One dated entry of a programme's ledger: what a participant gave (the pooled resources, counted)."""

    program = models.ForeignKey(
        ProgramBersama, verbose_name=_("program"), on_delete=models.CASCADE, related_name="kontribusi"
    )
    lembaga = models.ForeignKey(
        Lembaga, verbose_name=_("lembaga pemberi"), on_delete=models.PROTECT, related_name="kontribusi_program"
    )
    jenis = models.CharField(_("jenis sumber daya"), max_length=12, choices=JenisSumber.choices)
    # The registered resource this comes from, when there is one; removing it from the lembaga's list keeps
    # the entry (what was given stays given).
    sumber_daya = models.ForeignKey(
        "pranata.SumberDaya",
        verbose_name=_("sumber daya terdaftar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kontribusi",
    )
    uraian = models.CharField(_("uraian"), max_length=255)
    jumlah = models.DecimalField(_("jumlah"), max_digits=12, decimal_places=2)
    satuan = models.CharField(_("satuan"), max_length=30)
    nilai = models.BigIntegerField(_("taksiran nilai (Rp)"), null=True, blank=True)
    bentuk = models.CharField(
        _("bentuk"), max_length=6, choices=BentukKontribusi.choices, default=BentukKontribusi.NATURA
    )
    tanggal = models.DateField(_("tanggal diberikan"))
    catatan = models.TextField(_("catatan"), blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["diubah"])
    objects = KontribusiQuerySet.as_manager()

    class Meta:
        verbose_name = _("kontribusi sumber daya")
        verbose_name_plural = _("kontribusi sumber daya")
        ordering = ["program", "tanggal", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jumlah__gt=0),
                name="kontribusi_jumlah_positif",
                violation_error_message=_("Jumlah harus lebih dari 0."),
            ),
            models.CheckConstraint(
                condition=models.Q(nilai__isnull=True) | models.Q(nilai__gte=0),
                name="kontribusi_nilai_tidak_negatif",
                violation_error_message=_("Nilai tidak boleh negatif."),
            ),
        ]
        indexes = [models.Index(fields=["program", "tanggal"], name="kontribusi_program_tanggal_idx")]

    def __str__(self) -> str:
        return f"{self.lembaga} → {self.program}: {self.uraian} ({self.tanggal:%d/%m/%Y})"

    @property
    def jumlah_ringkas(self) -> Decimal:
        """The quantity without trailing zeros (2.50 → 2.5, 3.00 → 3), as people write it."""
        short = self.jumlah.normalize()
        return short.quantize(Decimal(1)) if short == short.to_integral_value() else short
