"""The registry: wilayah, lembaga, and kerjasama with their stage history."""

from __future__ import annotations

import datetime
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from pranata.models import JenisLembaga, Lembaga, RiwayatTahap, Sektor, StatusLembaga, Tingkat

from .. import access
from ..query import (
    Paging,
    attach_nested,
    caller,
    date_range,
    in_wilayah,
    one,
    paginated,
    personal_data,
    read_rows,
    wilayah_kode,
)
from ..schemas import Halaman, KerjasamaOut, LembagaOut, WilayahOut

router = Router(tags=["registri"])


class WilayahFilter(Schema):
    wilayah: str | None = Field(None, description="Only this wilayah and those under it (a Kemendagri code)")
    tingkat: Tingkat | None = Field(None, description="1 provinsi, 2 kabupaten/kota, 3 kecamatan, 4 kelurahan/desa")
    induk: str | None = Field(None, description="Only the wilayah directly under this code")


@router.get("/wilayah/", response=Halaman[WilayahOut])
def wilayah_list(request: HttpRequest, filters: Query[WilayahFilter], paging: Query[Paging]):
    """The wilayah the caller works in and every one under them, by code."""
    user = caller(request)
    rows = in_wilayah(access.wilayah(user), wilayah_kode(user, filters.wilayah), "kode")
    if filters.tingkat:
        rows = rows.filter(tingkat=filters.tingkat)
    if filters.induk:
        rows = rows.filter(
            kode__startswith=f"{wilayah_kode(user, filters.induk)}.", tingkat=filters.induk.count(".") + 2
        )
    return paginated(request, rows.order_by("kode"), paging, WilayahOut)


@router.get("/wilayah/{kode}/", response=WilayahOut)
def wilayah_detail(request: HttpRequest, kode: str):
    return get_object_or_404(access.wilayah(caller(request)), kode=kode)


class LembagaFilter(Schema):
    wilayah: str | None = Field(None, description="A Kemendagri code: that area and everything under it")
    sektor: Sektor | None = None
    jenis: JenisLembaga | None = None
    status: StatusLembaga | None = None
    pranata: str | None = Field(None, description="Code of the pranata sosial")
    q: str | None = Field(None, max_length=100, description="Search in name, abbreviation or code")
    dari: datetime.date | None = Field(None, description="Active since on or after this date (YYYY-MM-DD)")
    sampai: datetime.date | None = Field(None, description="Active since on or before this date")
    diubah_sejak: datetime.datetime | None = Field(None, description="Changed at or after this moment (ISO 8601)")
    pribadi: bool = Field(False, description="Include contacts (personal data; registry editors only)")


LEMBAGA_FIELDS = (
    "id", "kode", "nama", "singkatan", "jenis", "sektor", "alamat", "tahun_berdiri", "jumlah_anggota", "sumber_dana",
    "kegiatan_utama", "status", "aktif_sejak", "digabung_ke_id", "diubah", "kontak_nama", "kontak_telepon",
    "kontak_email",
)  # fmt: skip


def _read_lembaga(rows) -> list[dict]:
    return read_rows(rows, LEMBAGA_FIELDS, {"pranata": ("kode", "nama"), "wilayah": ("kode", "nama")})


@router.get("/lembaga/", response=Halaman[LembagaOut])
def lembaga_list(request: HttpRequest, filters: Query[LembagaFilter], paging: Query[Paging]):
    """Lembaga in the caller's scope, by id."""
    user = caller(request)
    personal_data(request, filters.pribadi)
    rows = in_wilayah(access.lembaga(user), wilayah_kode(user, filters.wilayah), "wilayah__kode")
    rows = date_range(rows, "aktif_sejak", filters.dari, filters.sampai)
    exact = {
        "sektor": filters.sektor,
        "jenis": filters.jenis,
        "status": filters.status,
        "pranata__kode": filters.pranata,
    }
    rows = rows.filter(**{field: value for field, value in exact.items() if value})
    if filters.q:
        rows = rows.search(filters.q)
    if filters.diubah_sejak:
        rows = rows.filter(diubah__gte=filters.diubah_sejak)
    return paginated(request, rows.order_by("pk"), paging, LembagaOut, read=_read_lembaga)


@router.get("/lembaga/{id}/", response=LembagaOut)
def lembaga_detail(request: HttpRequest, id: int, pribadi: bool = False):
    personal_data(request, pribadi)
    return one(request, access.lembaga(caller(request)), id, LembagaOut, _read_lembaga)


class KerjasamaFilter(Schema):
    wilayah: str | None = None
    lembaga: int | None = None
    tahap: int | None = Field(None, ge=1, le=5, description="Declared stage")
    status: Literal["berjalan", "berakhir"] | None = Field(None, description="Running or ended ties")
    dari: datetime.date | None = Field(None, description="Started on or after this date")
    sampai: datetime.date | None = Field(None, description="Started on or before this date")


KERJASAMA_FIELDS = (
    "id", "tahap", "mulai", "selesai", "alasan_selesai", "dasar", "dokumen", "sumber_bersama", "kepercayaan",
    "manfaat", "catatan",
)  # fmt: skip
LREF = ("id", "kode", "nama")  # a lembaga named by a row (LembagaRef)


def _read_kerjasama(rows) -> list[dict]:
    return read_rows(rows, KERJASAMA_FIELDS, {"lembaga_a": LREF, "lembaga_b": LREF})


def _attach_kerjasama(rows: list, version: tuple) -> None:
    history = RiwayatTahap.objects.order_by("berlaku_mulai", "pk")
    attach_nested(rows, "riwayat", history, "kerjasama_id", ["tahap", "berlaku_mulai", "bukti"])


@router.get("/kerjasama/", response=Halaman[KerjasamaOut])
def kerjasama_list(request: HttpRequest, filters: Query[KerjasamaFilter], paging: Query[Paging]):
    """Ties the caller sees (either end in scope), each with its dated stage history, by id. `wilayah` keeps the
    ties with either end in that area, `lembaga` (an id) the ties of one lembaga."""
    user = caller(request)
    rows = access.kerjasama(user)
    kode = wilayah_kode(user, filters.wilayah)
    if kode:
        rows = rows.involving(Lembaga.objects.in_wilayah([kode]).values("pk"))
    if filters.lembaga:
        rows = rows.involving([filters.lembaga])
    if filters.tahap:
        rows = rows.filter(tahap=filters.tahap)
    if filters.status:
        rows = rows.filter(selesai__isnull=filters.status == "berjalan")
    rows = date_range(rows, "mulai", filters.dari, filters.sampai)
    return paginated(request, rows.order_by("pk"), paging, KerjasamaOut, _attach_kerjasama, _read_kerjasama)


@router.get("/kerjasama/{id}/", response=KerjasamaOut)
def kerjasama_detail(request: HttpRequest, id: int):
    return one(request, access.kerjasama(caller(request)), id, KerjasamaOut, _read_kerjasama, _attach_kerjasama)
