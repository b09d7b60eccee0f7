"""What the API answers, field by field (these classes are also its OpenAPI documentation).

Coded values travel as their code (`sektor: "warga"`) with a `*_label` in the caller's language
(Accept-Language). Personal data (contact names, phones, e-mails) is null unless the caller may take it and
asked for it (`pribadi=true`, see api.access.may_take_personal_data).
"""

from __future__ import annotations

import datetime
from typing import Generic, TypeVar

from django.urls import reverse
from ninja import Field, Schema

T = TypeVar("T")


def _personal(context) -> bool:
    return bool(getattr(context["request"], "api_personal", False))


class Halaman(Schema, Generic[T]):
    """One page of a list, in a stable order (by id, wilayah by code)."""

    count: int = Field(description="Rows matching the filters, on all pages")
    page: int
    pages: int
    page_size: int
    next: str | None = Field(description="URL of the next page; null on the last page")
    previous: str | None
    results: list[T]


class Galat(Schema):
    detail: str | list


# --- references --------------------------------------------------------------------------------------------


class WilayahRef(Schema):
    kode: str
    nama: str


class LembagaRef(Schema):
    id: int
    kode: str
    nama: str


class ForumRef(Schema):
    id: int
    nama: str


class PendampingRef(Schema):
    id: int
    nama: str


# --- pranata ----------------------------------------------------------------------------------------------


class WilayahOut(Schema):
    kode: str
    nama: str
    tingkat: int
    tingkat_label: str = Field(alias="get_tingkat_display")
    induk: str | None = Field(description="Code of the parent wilayah (null for a provinsi)")

    @staticmethod
    def resolve_induk(obj) -> str | None:
        return obj.kode.rpartition(".")[0] or None


class PranataOut(Schema):
    kode: str
    nama: str


class Kontak(Schema):
    nama: str
    telepon: str
    email: str


class LembagaOut(Schema):
    id: int
    kode: str
    nama: str
    singkatan: str
    jenis: str
    jenis_label: str = Field(alias="get_jenis_display")
    sektor: str
    sektor_label: str = Field(alias="get_sektor_display")
    pranata: PranataOut
    wilayah: WilayahRef
    alamat: str
    tahun_berdiri: int | None
    jumlah_anggota: int | None
    sumber_dana: list[str]
    kegiatan_utama: str
    status: str
    status_label: str = Field(alias="get_status_display")
    aktif_sejak: datetime.date
    digabung_ke: int | None = Field(alias="digabung_ke_id")
    diubah: datetime.datetime
    kontak: Kontak | None = Field(description="Personal data: only with pribadi=true, for roles allowed to take it")
    url: str

    @staticmethod
    def resolve_kontak(obj, context) -> dict | None:
        if not _personal(context):
            return None
        return {"nama": obj.kontak_nama, "telepon": str(obj.kontak_telepon or ""), "email": obj.kontak_email}

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(obj.get_absolute_url())


class RiwayatTahapOut(Schema):
    tahap: int
    tahap_label: str = Field(alias="get_tahap_display")
    berlaku_mulai: datetime.date
    bukti: str


class KerjasamaOut(Schema):
    id: int
    lembaga_a: LembagaRef
    lembaga_b: LembagaRef
    tahap: int = Field(description="Declared stage (1 komunikasi … 5 konfederasi)")
    tahap_label: str = Field(alias="get_tahap_display")
    tahap_sejak: datetime.date | None
    mulai: datetime.date
    selesai: datetime.date | None
    alasan_selesai: str
    dasar: str
    dasar_label: str = Field(alias="get_dasar_display")
    ada_dokumen: bool
    sumber_bersama: str
    kepercayaan: int | None
    manfaat: int | None
    catatan: str
    riwayat: list[RiwayatTahapOut] = Field(description="Every stage change, oldest first")
    url: str

    @staticmethod
    def resolve_tahap_sejak(obj) -> datetime.date | None:
        rows = list(obj.riwayat.all())  # prefetched, oldest first
        return rows[-1].berlaku_mulai if rows else None

    @staticmethod
    def resolve_ada_dokumen(obj) -> bool:
        return bool(obj.dokumen)

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(obj.get_absolute_url())


# --- forum ------------------------------------------------------------------------------------------------


class AnggotaOut(Schema):
    lembaga: LembagaRef
    peran: str
    peran_label: str = Field(alias="get_peran_display")
    mulai: datetime.date
    selesai: datetime.date | None


class ForumOut(Schema):
    id: int
    nama: str
    wilayah: WilayahRef
    tanggal_berdiri: datetime.date | None
    anggota: list[AnggotaOut] = Field(alias="keanggotaan", description="Memberships, past ones included")
    url: str

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(reverse("forum:forum-detail", args=[obj.pk]))


class KehadiranOut(Schema):
    lembaga: LembagaRef
    jumlah_orang: int
    tamu: bool
    perwakilan: str | None = Field(description="Representative's name (personal data): only with pribadi=true")

    @staticmethod
    def resolve_perwakilan(obj, context) -> str | None:
        return obj.perwakilan if _personal(context) else None


class KesepakatanOut(Schema):
    """An agreement reached at the meeting; `lembaga` holds the ids of those bound by it."""

    id: int
    nomor: int
    isi: str
    lembaga: list[int]

    @staticmethod
    def resolve_lembaga(obj) -> list[int]:
        return sorted(item.pk for item in obj.lembaga.all())


class TindakLanjutOut(Schema):
    id: int
    uraian: str
    lembaga: LembagaRef
    kesepakatan: int | None = Field(alias="kesepakatan_id")
    tenggat: datetime.date | None
    status: str
    status_label: str = Field(alias="get_status_display")


class PertemuanOut(Schema):
    id: int
    forum: ForumRef
    tanggal: datetime.date
    jam_mulai: datetime.time | None
    tempat: str
    jenis: str
    jenis_label: str = Field(alias="get_jenis_display")
    agenda: str
    notulen: str
    kehadiran: list[KehadiranOut]
    kesepakatan: list[KesepakatanOut]
    tindak_lanjut: list[TindakLanjutOut]
    url: str

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(obj.get_absolute_url())


class PesertaOut(Schema):
    lembaga: LembagaRef
    peran: str
    peran_label: str = Field(alias="get_peran_display")


class PenerimaOut(Schema):
    kategori: str
    kategori_label: str = Field(alias="get_kategori_display")
    jumlah: int


class KontribusiOut(Schema):
    id: int
    lembaga: LembagaRef
    jenis: str
    jenis_label: str = Field(alias="get_jenis_display")
    uraian: str
    jumlah: float
    satuan: str
    nilai: int | None = Field(description="Estimated value in rupiah (null: no estimate)")
    bentuk: str
    bentuk_label: str = Field(alias="get_bentuk_display")
    tanggal: datetime.date


class ProgramOut(Schema):
    id: int
    nama: str
    forum: ForumRef | None
    wilayah: WilayahRef
    status: str
    status_label: str = Field(alias="get_status_display")
    mulai: datetime.date
    selesai: datetime.date | None
    deskripsi: str
    peserta: list[PesertaOut]
    penerima: list[PenerimaOut]
    kontribusi: list[KontribusiOut] = Field(description="The programme's ledger, by date")
    total_nilai: int = Field(description="Sum of the ledger's estimated values (rupiah)")
    url: str

    @staticmethod
    def resolve_total_nilai(obj) -> int:
        return sum(row.nilai or 0 for row in obj.kontribusi.all())

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(obj.get_absolute_url())


# --- pendampingan ------------------------------------------------------------------------------------------


class PenugasanOut(Schema):
    id: int
    forum: ForumRef | None
    lembaga: LembagaRef | None
    mulai: datetime.date
    selesai: datetime.date | None


class KontakPendamping(Schema):
    telepon: str
    email: str


class PendampingOut(Schema):
    id: int
    nama: str
    jenis: str
    jenis_label: str = Field(alias="get_jenis_display")
    wilayah: WilayahRef
    mulai: datetime.date
    selesai: datetime.date | None
    calon: bool
    penugasan: list[PenugasanOut]
    kontak: KontakPendamping | None = Field(
        description="Personal data: only with pribadi=true, for roles allowed to take it"
    )
    url: str

    @staticmethod
    def resolve_kontak(obj, context) -> dict | None:
        if not _personal(context):
            return None
        return {"telepon": str(obj.telepon or ""), "email": obj.email}

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(obj.get_absolute_url())


class KegiatanOut(Schema):
    id: int
    pendamping: PendampingRef
    tanggal: datetime.date
    forum: ForumRef | None
    lembaga: LembagaRef | None
    pertemuan: int | None = Field(alias="pertemuan_id")
    tugas: str
    tugas_label: str = Field(alias="get_tugas_display")
    teknik: str
    teknik_label: str = Field(alias="get_teknik_display")
    peran_penyuluh: str
    uraian: str
    hasil: str
    tindak_lanjut: str
    sumber_jenis: str
    url: str

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(obj.get_absolute_url())


# --- the caller and reports -------------------------------------------------------------------------------


class SayaOut(Schema):
    username: str
    peran: str | None
    peran_label: str | None
    wilayah: list[str] | None = Field(description="Codes of the assigned wilayah; null: everywhere (admin)")
    token: str
    token_berlaku_sampai: datetime.date | None
    batas_per_menit: int


class TugasLaporan(Schema):
    """A report too big to compute during the call: the worker computes it (202), or failed (503); ask `url`
    again (Retry-After says when)."""

    status: str
    status_label: str
    kemajuan: int = Field(description="Percent done")
    langkah: str = Field(description="The step the worker is at")
    url: str = Field(description="Ask this URL again until the report is ready")
