"""The registry: wilayah, lembaga, and kerjasama with their stage history."""

from __future__ import annotations

import datetime
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from pranata.models import JenisLembaga, Lembaga, RiwayatTahap, Sektor, StatusLembaga, Tingkat

from .. import access
from ..query import Paging, attach_nested, caller, date_range, in_wilayah, paginated, personal_data, wilayah_kode
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
    return paginated(request, rows.order_by("kode"), paging)


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


def _lembaga_shape(rows):
    return rows.select_related("wilayah", "pranata")


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
    return paginated(request, rows.order_by("pk"), paging, shape=_lembaga_shape)


@router.get("/lembaga/{id}/", response=LembagaOut)
def lembaga_detail(request: HttpRequest, id: int, pribadi: bool = False):
    personal_data(request, pribadi)
    return get_object_or_404(_lembaga_shape(access.lembaga(caller(request))), pk=id)


class KerjasamaFilter(Schema):
    wilayah: str | None = None
    lembaga: int | None = None
    tahap: int | None = Field(None, ge=1, le=5, description="Declared stage")
    status: Literal["berjalan", "berakhir"] | None = Field(None, description="Running or ended ties")
    dari: datetime.date | None = Field(None, description="Started on or after this date")
    sampai: datetime.date | None = Field(None, description="Started on or before this date")


def _kerjasama_shape(rows):
    return rows.select_related("lembaga_a", "lembaga_b")


def _kerjasama_rows(user):
    return _kerjasama_shape(access.kerjasama(user))


def _attach_kerjasama(rows: list) -> None:
    history = RiwayatTahap.objects.order_by("berlaku_mulai", "pk")
    attach_nested(rows, "riwayat", history, "kerjasama_id", ["tahap", "berlaku_mulai", "bukti"])


@router.get("/kerjasama/", response=Halaman[KerjasamaOut])
def kerjasama_list(request: HttpRequest, filters: Query[KerjasamaFilter], paging: Query[Paging]):
    """Ties the caller sees (either end in scope), each with its dated stage history, by id. `wilayah` keeps the
    ties with either end in that area, `lembaga` (an id) the ties of one lembaga."""
    user = caller(request)
    rows = _kerjasama_rows(user)
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
    return paginated(request, rows.order_by("pk"), paging, _attach_kerjasama, _kerjasama_shape)


@router.get("/kerjasama/{id}/", response=KerjasamaOut)
def kerjasama_detail(request: HttpRequest, id: int):
    tie = get_object_or_404(_kerjasama_rows(caller(request)), pk=id)
    _attach_kerjasama([tie])
    return tie
