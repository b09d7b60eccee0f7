"""Registry of the network's nodes: wilayah, pranata sosial, lembaga and what they offer and need."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

# Kemendagri codes: 16 / 16.71 / 16.71.01 / 16.71.01.1001 — the prefix is the ancestry.
KODE_WILAYAH_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


def subtree_q(kode: str, field: str = "kode") -> Q:
    """Match a wilayah code and every code below it (an index-friendly prefix match)."""
    return Q(**{field: kode}) | Q(**{f"{field}__startswith": f"{kode}."})


class Tingkat(models.IntegerChoices):
    PROVINSI = 1, _("Provinsi")
    KABUPATEN = 2, _("Kabupaten/Kota")
    KECAMATAN = 3, _("Kecamatan")
    KELURAHAN = 4, _("Kelurahan/Desa")

    @classmethod
    def from_kode(cls, kode: str) -> Tingkat:
        return cls(kode.count(".") + 1)


# First words by which a wilayah's own name already states its level.
LEVEL_WORDS = {"provinsi", "kabupaten", "kab", "kota", "kecamatan", "distrik", "kelurahan", "desa", "nagari", "gampong"}


class WilayahQuerySet(models.QuerySet):
    def subtree(self, kode: str) -> WilayahQuerySet:
        return self.filter(subtree_q(kode))

    def within(self, kodes: list[str]) -> WilayahQuerySet:
        q = Q(pk__in=[])
        for kode in kodes:
            q |= subtree_q(kode)
        return self.filter(q)

    def kelurahan(self) -> WilayahQuerySet:
        return self.filter(tingkat=Tingkat.KELURAHAN)


class Wilayah(models.Model):
    kode = models.CharField(_("kode"), max_length=13, unique=True)
    nama = models.CharField(_("nama"), max_length=120)
    tingkat = models.PositiveSmallIntegerField(_("tingkat"), choices=Tingkat.choices)
    induk = models.ForeignKey(
        "self", verbose_name=_("induk"), null=True, blank=True, on_delete=models.PROTECT, related_name="anak"
    )

    objects = WilayahQuerySet.as_manager()

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["kode"]
        indexes = [
            # PostgreSQL needs the pattern opclass for `kode LIKE '16.71.%'` to use an index.
            models.Index(fields=["kode"], name="wilayah_kode_prefix_idx", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(tingkat__gte=1, tingkat__lte=4), name="wilayah_tingkat_valid"),
        ]

    def __str__(self) -> str:
        # "Kota Palembang", "Kabupaten Bone" already say their level: no "Kabupaten/Kota Kota Palembang".
        if self.nama.split(" ", 1)[0].lower().rstrip(".") in LEVEL_WORDS:
            return self.nama
        return f"{self.get_tingkat_display()} {self.nama}"

    @property
    def ancestor_kodes(self) -> list[str]:
        parts = self.kode.split(".")
        return [".".join(parts[:i]) for i in range(1, len(parts))]


class PranataSosial(models.Model):
    """The social function a lembaga serves; a reference list admins can edit."""

    kode = models.SlugField(_("kode"), max_length=40, unique=True)
    nama = models.CharField(_("nama"), max_length=80, unique=True)
    deskripsi = models.TextField(_("deskripsi"), blank=True)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("pranata sosial")
        verbose_name_plural = _("pranata sosial")
        ordering = ["urutan", "nama"]

    def __str__(self) -> str:
        return self.nama


class Sektor(models.TextChoices):
    """The five partner kinds of community networking."""

    WARGA = "warga", _("Warga/masyarakat")
    PEMERINTAH = "pemerintah", _("Pemerintah")
    DUNIA_USAHA = "dunia_usaha", _("Dunia usaha")
    DONATUR = "donatur", _("Donatur")
    LSM = "lsm", _("LSM")


class JenisLembaga(models.TextChoices):
    KARANG_TARUNA = "karang_taruna", _("Karang taruna")
    PKK = "pkk", _("PKK")
    MAJELIS_TAKLIM = "majelis_taklim", _("Majelis taklim")
    ARISAN = "arisan", _("Kelompok arisan")
    POSYANDU = "posyandu", _("Posyandu")
    LPMK = "lpmk", _("LPM/LPMK")
    RT_RW = "rt_rw", _("RT/RW")
    KOPERASI = "koperasi", _("Koperasi")
    WKSBM = "wksbm", _("Kelompok WKSBM")
    LKS = "lks", _("LKS")
    LK3 = "lk3", _("LK3 (Lembaga Konsultasi Kesejahteraan Keluarga)")
    USAHA_UKS = "usaha_uks", _("Dunia usaha yang melakukan UKS")
    LSM = "lsm", _("LSM")
    USAHA = "usaha", _("Usaha lokal")
    DONATUR = "donatur", _("Donatur")
    INSTANSI = "instansi", _("Instansi pemerintah")
    LAINNYA = "lainnya", _("Lainnya")


class SumberDana(models.TextChoices):
    IURAN = "iuran", _("Iuran anggota")
    PEMERINTAH = "pemerintah", _("Bantuan pemerintah")
    DONATUR = "donatur", _("Donatur")
    USAHA = "usaha", _("Usaha sendiri")


class StatusLembaga(models.TextChoices):
    AKTIF = "aktif", _("Aktif")
    TIDAK_AKTIF = "tidak_aktif", _("Tidak aktif")
    ARSIP = "arsip", _("Arsip")


# A kelurahan's or kecamatan's few wilayah go into lembaga queries as their ids; more keep the subtree filter.
SMALL_AREA = 50


class LembagaQuerySet(models.QuerySet):
    def in_wilayah(self, kodes: list[str]) -> LembagaQuerySet:
        q = Q(pk__in=[])
        for kode in kodes:
            q |= subtree_q(kode, "wilayah__kode")
        return self.filter(q)

    def in_area(self, kode: str) -> LembagaQuerySet:
        """`in_wilayah` for one wilayah code, read by index where the area is small. For a kelurahan or kecamatan
        the few wilayah ids are read once (one query): PostgreSQL then reads their lembaga by index, where the
        subtree filter's join made it scan every lembaga (a report's trend asks once per quarter: a kelurahan's
        20 quarters went from 8 to 1.6 ms each on the bench kabupaten; a forum page's member candidates from
        11 ms to under 1). A kabupaten's hundreds of wilayah keep the join, which PostgreSQL hashes faster."""
        ids = Wilayah.objects.filter(subtree_q(kode, "kode")).values_list("pk", flat=True)
        found = list(ids[: SMALL_AREA + 1])
        if len(found) <= SMALL_AREA:
            return self.filter(wilayah__in=found)
        return self.in_wilayah([kode])

    def aktif(self) -> LembagaQuerySet:
        return self.filter(status=StatusLembaga.AKTIF)

    def not_archived(self) -> LembagaQuerySet:
        return self.exclude(status=StatusLembaga.ARSIP)

    def active_on(self, tanggal) -> LembagaQuerySet:
        """Lembaga that were active on a date: active from `aktif_sejak` on, unless their latest status change
        by then made them inactive or archived. Every figure "as of" a date is built on this set.

        The exclusion is one uncorrelated subquery over the (small) status-change table, so the database
        evaluates it once, however many lembaga the scope has."""
        later = RiwayatStatus.objects.filter(
            lembaga=OuterRef("lembaga"), berlaku_mulai__lte=tanggal, berlaku_mulai__gt=OuterRef("berlaku_mulai")
        )
        left = (
            RiwayatStatus.objects.filter(berlaku_mulai__lte=tanggal)
            .exclude(status=StatusLembaga.AKTIF)
            .filter(~Exists(later))
            .values("lembaga")
        )
        # A duplicate folded into another lembaga never counts: its ties and activity now belong to that one.
        return self.filter(aktif_sejak__lte=tanggal, digabung_ke__isnull=True).exclude(pk__in=left)

    def search(self, text: str) -> LembagaQuerySet:
        return self.filter(Q(nama__icontains=text) | Q(singkatan__icontains=text) | Q(kode__startswith=text))


KODE_LEMBAGA_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-/]{0,39}$")


class Lembaga(models.Model):
    """One concrete community institution: a node of the network."""

    # Stable, human-readable and unique across the installation: "<kelurahan kode>-<sequence>", e.g.
    # 16.71.05.1006-0007, or whatever an import brings. Imports and exports match rows on it.
    kode = models.CharField(_("kode lembaga"), max_length=40, unique=True, editable=False)
    nama = models.CharField(_("nama lembaga"), max_length=150)
    singkatan = models.CharField(_("singkatan"), max_length=30, blank=True)
    jenis = models.CharField(_("jenis"), max_length=20, choices=JenisLembaga.choices, default=JenisLembaga.LAINNYA)
    sektor = models.CharField(_("sektor"), max_length=20, choices=Sektor.choices)
    pranata = models.ForeignKey(
        PranataSosial, verbose_name=_("pranata sosial"), on_delete=models.PROTECT, related_name="lembaga"
    )
    wilayah = models.ForeignKey(
        Wilayah, verbose_name=_("kelurahan/desa"), on_delete=models.PROTECT, related_name="lembaga"
    )
    alamat = models.CharField(_("alamat"), max_length=255, blank=True)
    tahun_berdiri = models.PositiveSmallIntegerField(_("tahun berdiri"), null=True, blank=True)
    jumlah_anggota = models.PositiveIntegerField(_("jumlah anggota"), null=True, blank=True)
    kriteria_keanggotaan = models.TextField(_("kriteria keanggotaan"), blank=True)
    sumber_dana = models.JSONField(_("sumber dana"), default=list, blank=True)
    kegiatan_utama = models.TextField(_("kegiatan utama"), blank=True)
    kontak_nama = models.CharField(_("nama kontak"), max_length=100, blank=True)
    kontak_telepon = PhoneNumberField(_("telepon kontak"), blank=True)
    kontak_email = models.EmailField(_("email kontak"), blank=True)
    # The current status; its dated changes are RiwayatStatus rows, and only services.lembaga_set_status
    # writes either, so the two always agree.
    status = models.CharField(_("status"), max_length=12, choices=StatusLembaga.choices, default=StatusLembaga.AKTIF)
    # The first day the lembaga counts in the network (reports as of earlier dates leave it out).
    aktif_sejak = models.DateField(_("aktif sejak"))
    # Optimistic locking: a form carries the version it was loaded at; a save from an older one is refused.
    versi = models.PositiveIntegerField(_("versi"), default=1, editable=False)
    # Set when this record was a duplicate folded into another (services.lembaga_merge); it stays archived.
    digabung_ke = models.ForeignKey(
        "self",
        verbose_name=_("digabung ke"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="digabungkan",
        editable=False,
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["diubah", "versi"])
    objects = LembagaQuerySet.as_manager()

    class Meta:
        verbose_name = _("lembaga")
        verbose_name_plural = _("lembaga")
        ordering = ["nama", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("nama"),
                "wilayah",
                name="lembaga_nama_unik_per_wilayah",
                violation_error_message=_("Sudah ada lembaga dengan nama ini di kelurahan/desa yang sama."),
            ),
            models.CheckConstraint(
                condition=Q(tahun_berdiri__isnull=True) | Q(tahun_berdiri__gte=1800),
                name="lembaga_tahun_berdiri_masuk_akal",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "nama"], name="lembaga_status_nama_idx"),
            # The list's default order (name, then id): a deep page walks the index instead of sorting.
            models.Index(fields=["nama", "id"], name="lembaga_nama_id_idx"),
        ]

    def __str__(self) -> str:
        return self.nama

    def get_absolute_url(self) -> str:
        return reverse("pranata:lembaga-detail", args=[self.pk])

    @property
    def is_archived(self) -> bool:
        return self.status == StatusLembaga.ARSIP

    def sumber_dana_labels(self) -> list[str]:
        labels = dict(SumberDana.choices)
        return [str(labels.get(value, value)) for value in self.sumber_dana]

    def periods(self, changes=None) -> list[dict]:
        """The lembaga's life as runs of one status ({status, label, dari, sampai}), oldest first; `changes` are
        its RiwayatStatus rows when the caller has them already (any order)."""
        runs: list[dict] = [{"status": StatusLembaga.AKTIF, "dari": self.aktif_sejak, "sampai": None}]
        rows = self.riwayat_status.all() if changes is None else changes
        for change in sorted(rows, key=lambda row: (row.berlaku_mulai, row.pk)):
            if change.berlaku_mulai <= runs[-1]["dari"]:
                runs[-1]["status"] = change.status  # a change on the run's first day replaces it
            elif change.status != runs[-1]["status"]:
                runs[-1]["sampai"] = change.berlaku_mulai
                runs.append({"status": change.status, "dari": change.berlaku_mulai, "sampai": None})
        return [run | {"label": StatusLembaga(run["status"]).label} for run in runs]


class RiwayatStatus(models.Model):
    """One dated status change of a lembaga: from `berlaku_mulai` on it is `status` (until a later row)."""

    lembaga = models.ForeignKey(Lembaga, on_delete=models.CASCADE, related_name="riwayat_status")
    status = models.CharField(_("status"), max_length=12, choices=StatusLembaga.choices)
    berlaku_mulai = models.DateField(_("berlaku mulai"))
    alasan = models.CharField(_("alasan"), max_length=255, blank=True)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dicatat = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat status lembaga")
        verbose_name_plural = _("riwayat status lembaga")
        ordering = ["lembaga", "berlaku_mulai", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["lembaga", "berlaku_mulai"], name="riwayat_status_satu_per_tanggal"),
        ]

    def __str__(self) -> str:
        return f"{self.lembaga_id}: {self.get_status_display()} sejak {self.berlaku_mulai}"


class JenisSumber(models.TextChoices):
    DANA = "dana", _("Dana")
    TEMPAT = "tempat", _("Tempat")
    TENAGA = "tenaga", _("Tenaga/relawan")
    KEAHLIAN = "keahlian", _("Keahlian")
    PERALATAN = "peralatan", _("Peralatan")
    AKSES = "akses", _("Akses/jaringan")


class SumberKebutuhanBase(models.Model):
    jenis = models.CharField(_("jenis"), max_length=12, choices=JenisSumber.choices)
    uraian = models.CharField(_("uraian"), max_length=255)
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["jenis", "uraian"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()}: {self.uraian}"


class SumberDaya(SumberKebutuhanBase):
    """Something a lembaga can offer the network (the raw material of mobilisasi sumber)."""

    lembaga = models.ForeignKey(Lembaga, on_delete=models.CASCADE, related_name="sumber_daya")

    class Meta(SumberKebutuhanBase.Meta):
        verbose_name = _("sumber daya")
        verbose_name_plural = _("sumber daya")


class Kebutuhan(SumberKebutuhanBase):
    """Something a lembaga needs; matched later against resources elsewhere in the network."""

    lembaga = models.ForeignKey(Lembaga, on_delete=models.CASCADE, related_name="kebutuhan")
    terpenuhi = models.BooleanField(_("sudah terpenuhi"), default=False)

    class Meta(SumberKebutuhanBase.Meta):
        verbose_name = _("kebutuhan")
        verbose_name_plural = _("kebutuhan")


class Peran(models.TextChoices):
    ADMIN = "admin", _("Admin")
    PETUGAS = "petugas", _("Petugas kelurahan")
    KOORDINATOR = "koordinator", _("Koordinator forum")
    DINSOS = "dinsos", _("Staf Dinas Sosial")
    PENDAMPING = "pendamping", _("Pendamping/relawan")


class Profil(models.Model):
    """A user's role and the wilayah they work in; the root of every scope check."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profil")
    peran = models.CharField(_("peran"), max_length=12, choices=Peran.choices)
    wilayah = models.ManyToManyField(Wilayah, verbose_name=_("wilayah tugas"), blank=True, related_name="+")
    jabatan = models.CharField(_("jabatan"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("profil pengguna")
        verbose_name_plural = _("profil pengguna")
        ordering = ["user__username"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_peran_display()})"


class Tahap(models.IntegerChoices):
    """The ladder of cooperation (Levels of Collaboration Scale, after Hogue 1993)."""

    KOMUNIKASI = 1, _("Komunikasi")
    KOOPERASI = 2, _("Kooperasi")
    KOORDINASI = 3, _("Koordinasi")
    KOLABORASI = 4, _("Kolaborasi")
    KONFEDERASI = 5, _("Konfederasi")


class DasarKerjasama(models.TextChoices):
    INFORMAL = "informal", _("Informal")
    SURAT = "surat", _("Surat kesepakatan")
    MOU = "mou", _("MoU")


class Skala(models.IntegerChoices):
    RENDAH = 1, _("1 — rendah")
    SEDANG = 2, _("2 — sedang")
    TINGGI = 3, _("3 — tinggi")
    SANGAT_TINGGI = 4, _("4 — sangat tinggi")


class KerjasamaQuerySet(models.QuerySet):
    def involving(self, lembaga_ids) -> KerjasamaQuerySet:
        return self.filter(Q(lembaga_a__in=lembaga_ids) | Q(lembaga_b__in=lembaga_ids))

    def within(self, lembaga_ids) -> KerjasamaQuerySet:
        return self.filter(lembaga_a__in=lembaga_ids, lembaga_b__in=lembaga_ids)

    def of(self, lembaga: Lembaga) -> KerjasamaQuerySet:
        return self.filter(Q(lembaga_a=lembaga) | Q(lembaga_b=lembaga))

    def existing_on(self, tanggal) -> KerjasamaQuerySet:
        return self.filter(mulai__lte=tanggal).filter(Q(selesai__isnull=True) | Q(selesai__gt=tanggal))

    def berjalan(self) -> KerjasamaQuerySet:
        return self.filter(selesai__isnull=True)

    def with_tahap_sejak(self) -> KerjasamaQuerySet:
        """Annotate the day each tie's current stage began (its latest stage row), for "tahap … sejak"."""
        latest = RiwayatTahap.objects.filter(kerjasama=OuterRef("pk")).order_by("-berlaku_mulai", "-pk")
        return self.annotate(tahap_sejak_anno=Subquery(latest.values("berlaku_mulai")[:1]))


def dokumen_path(instance: Kerjasama, filename: str) -> str:
    return f"kerjasama/{instance.lembaga_a_id}-{instance.lembaga_b_id}/{filename}"


class Kerjasama(models.Model):
    """An undirected cooperation tie, stored once per pair with lembaga_a < lembaga_b."""

    lembaga_a = models.ForeignKey(Lembaga, on_delete=models.PROTECT, related_name="kerjasama_a")
    lembaga_b = models.ForeignKey(Lembaga, on_delete=models.PROTECT, related_name="kerjasama_b")
    tahap = models.PositiveSmallIntegerField(_("tahap (dinyatakan)"), choices=Tahap.choices)
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("berakhir"), null=True, blank=True)
    alasan_selesai = models.CharField(_("alasan berakhir"), max_length=255, blank=True)
    dasar = models.CharField(
        _("dasar kerjasama"), max_length=10, choices=DasarKerjasama.choices, default=DasarKerjasama.INFORMAL
    )
    dokumen = models.FileField(_("dokumen (MoU/surat)"), upload_to=dokumen_path, blank=True)
    sumber_bersama = models.CharField(_("sumber daya yang dibagi"), max_length=255, blank=True)
    kepercayaan = models.PositiveSmallIntegerField(_("kepercayaan"), choices=Skala.choices, null=True, blank=True)
    manfaat = models.PositiveSmallIntegerField(_("manfaat"), choices=Skala.choices, null=True, blank=True)
    catatan = models.TextField(_("catatan"), blank=True)
    versi = models.PositiveIntegerField(_("versi"), default=1, editable=False)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    # The stage has its own dated history (RiwayatTahap); keeping it out of this audit trail means restoring
    # an earlier version of a tie's details can never contradict the stage history that reports are built on.
    history = HistoricalRecords(excluded_fields=["diubah", "tahap", "versi"])
    objects = KerjasamaQuerySet.as_manager()

    class Meta:
        verbose_name = _("kerjasama")
        verbose_name_plural = _("kerjasama")
        ordering = ["-mulai", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lembaga_a", "lembaga_b"],
                name="kerjasama_pasangan_unik",
                violation_error_message=_("Kerjasama antara kedua lembaga ini sudah tercatat."),
            ),
            models.CheckConstraint(
                condition=Q(lembaga_a__lt=models.F("lembaga_b")),
                name="kerjasama_urutan_pasangan",
                violation_error_message=_("Kerjasama harus antara dua lembaga yang berbeda."),
            ),
            models.CheckConstraint(condition=Q(tahap__gte=1, tahap__lte=5), name="kerjasama_tahap_valid"),
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")),
                name="kerjasama_selesai_setelah_mulai",
            ),
        ]
        indexes = [models.Index(fields=["lembaga_b", "lembaga_a"], name="kerjasama_b_a_idx")]

    def __str__(self) -> str:
        return f"{self.lembaga_a} — {self.lembaga_b} ({self.get_tahap_display()})"

    def get_absolute_url(self) -> str:
        return reverse("pranata:kerjasama-detail", args=[self.pk])

    def partner_of(self, lembaga: Lembaga) -> Lembaga:
        return self.lembaga_b if lembaga.pk == self.lembaga_a_id else self.lembaga_a

    @property
    def is_ended(self) -> bool:
        return self.selesai is not None

    @property
    def tahap_sejak(self):
        """The day the current stage began (not the day the tie began)."""
        if hasattr(self, "tahap_sejak_anno"):
            return self.tahap_sejak_anno
        return self.riwayat.order_by("-berlaku_mulai", "-pk").values_list("berlaku_mulai", flat=True).first()


class RiwayatTahap(models.Model):
    """One dated stage of a tie: from `berlaku_mulai` on, the tie is at `tahap` (until a later row)."""

    kerjasama = models.ForeignKey(Kerjasama, on_delete=models.CASCADE, related_name="riwayat")
    tahap = models.PositiveSmallIntegerField(_("tahap"), choices=Tahap.choices)
    berlaku_mulai = models.DateField(_("berlaku mulai"))
    bukti = models.TextField(_("bukti/alasan"), blank=True)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dicatat = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat tahap")
        verbose_name_plural = _("riwayat tahap")
        ordering = ["kerjasama", "berlaku_mulai", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kerjasama", "berlaku_mulai"], name="riwayat_satu_tahap_per_tanggal"),
            models.CheckConstraint(condition=Q(tahap__gte=1, tahap__lte=5), name="riwayat_tahap_valid"),
        ]
        indexes = [models.Index(fields=["berlaku_mulai"], name="riwayat_tanggal_idx")]

    def __str__(self) -> str:
        return f"{self.kerjasama_id}: {self.get_tahap_display()} sejak {self.berlaku_mulai}"


class StatusTugas(models.TextChoices):
    ANTRI = "antri", _("Menunggu giliran")
    BERJALAN = "berjalan", _("Sedang dihitung")
    SELESAI = "selesai", _("Selesai")
    GAGAL = "gagal", _("Gagal")


class LaporanTugas(models.Model):
    """A large report, or one of its downloads, being made by the background worker: its progress, its error
    if it failed, and for a download the file it made.

    One row per scope, date, data fingerprint and download kind (`berkas`, empty for the report itself):
    when the data changes, the next request starts a new one.
    """

    kunci = models.CharField(_("lingkup"), max_length=60)
    judul = models.CharField(_("judul"), max_length=200)
    per = models.DateField(_("per tanggal"))
    sidik = models.CharField(_("sidik data"), max_length=32)
    berkas = models.CharField(_("unduhan"), max_length=40, blank=True, default="")
    hasil = models.FileField(_("berkas hasil"), upload_to="unduhan/", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=StatusTugas.choices, default=StatusTugas.ANTRI)
    kemajuan = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    langkah = models.CharField(_("langkah"), max_length=120, blank=True)
    galat = models.TextField(_("galat"), blank=True)
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    mulai = models.DateTimeField(_("mulai"), null=True, blank=True)
    selesai = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("tugas laporan")
        verbose_name_plural = _("tugas laporan")
        ordering = ["-dibuat"]
        constraints = [
            models.UniqueConstraint(fields=["kunci", "per", "sidik", "berkas"], name="tugas_laporan_unik_berkas")
        ]

    def __str__(self) -> str:
        return f"{self.judul} per {self.per} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in {StatusTugas.ANTRI, StatusTugas.BERJALAN}


class KopSuratQuerySet(models.QuerySet):
    def for_wilayah(self, kode: str) -> KopSurat | None:
        """The letterhead of the nearest wilayah at or above `kode` that has one, else the general one."""
        parts = kode.split(".") if kode else []
        kodes = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
        found = {kop.wilayah.kode if kop.wilayah else "": kop for kop in self.filter(
            Q(wilayah__isnull=True) | Q(wilayah__kode__in=kodes)
        ).select_related("wilayah")}  # fmt: skip
        return next((found[k] for k in [*reversed(kodes), ""] if k in found), None)


def validate_logo_size(logo) -> None:
    if logo.size > KopSurat.LOGO_MAX_BYTES:
        raise ValidationError(_("Logo paling besar 500 KB."))


class KopSurat(models.Model):
    """The letterhead printed on PDF reports: one general one and, optionally, one per wilayah (a kabupaten's
    Dinas Sosial); a report takes the one nearest to its wilayah."""

    LOGO_MAX_BYTES = 500 * 1024

    wilayah = models.OneToOneField(
        Wilayah,
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Kosongkan untuk kop umum, dipakai wilayah yang tidak punya kop sendiri."),
    )
    pemerintah = models.CharField(
        _("pemerintah"), max_length=160, blank=True, help_text=_("Mis. Pemerintah Kota Palembang")
    )
    instansi = models.CharField(_("instansi"), max_length=160, help_text=_("Mis. Dinas Sosial"))
    alamat = models.CharField(_("alamat"), max_length=255, blank=True)
    kontak = models.CharField(_("telepon, surel atau situs"), max_length=160, blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="kop/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"]), validate_logo_size],
        help_text=_("PNG atau JPG, paling besar 500 KB."),
    )
    kota_ttd = models.CharField(_("kota tanda tangan"), max_length=80, blank=True, help_text=_("Mis. Palembang"))
    jabatan_ttd = models.CharField(_("jabatan penanda tangan"), max_length=120, blank=True)
    nama_ttd = models.CharField(_("nama penanda tangan"), max_length=120, blank=True)
    nip_ttd = models.CharField(_("NIP penanda tangan"), max_length=30, blank=True)

    objects = KopSuratQuerySet.as_manager()

    class Meta:
        verbose_name = _("kop surat")
        verbose_name_plural = _("kop surat")
        constraints = [
            # Only one general letterhead (the wilayah-less one); per wilayah, the one-to-one field.
            models.UniqueConstraint(models.Value(1), condition=Q(wilayah__isnull=True), name="kopsurat_satu_umum"),
        ]

    def __str__(self) -> str:
        return f"{self.instansi} ({self.wilayah or _('umum')})"


class DataChange(models.Model):
    """Marks written by database triggers whenever a table that reports read changes (pranata.dataversion):
    the data version that lets a warm report page skip re-aggregating its scope. Never written by the app."""

    n = models.PositiveBigIntegerField(default=1)
    dicatat = models.DateTimeField()

    class Meta:
        verbose_name = "data change"
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.pk}: {self.dicatat:%Y-%m-%d %H:%M:%S}"
