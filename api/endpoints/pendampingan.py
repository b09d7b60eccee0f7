"""Pendamping and relawan with their assignments, and the pendampingan log (activities by the 4P tasks)."""

from __future__ import annotations

import datetime
from typing import Literal

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from forum.models import Forum
from pendampingan.models import JenisPendamping, Penugasan, Tugas
from pranata.models import Lembaga

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
from ..schemas import Halaman, KegiatanOut, PendampingOut

router = Router(tags=["pendampingan"])


class PendampingFilter(Schema):
    wilayah: str | None = Field(None, description="Pendamping whose working area is this wilayah or under it")
    jenis: JenisPendamping | None = None
    status: Literal["bertugas", "berhenti"] | None = Field(None, description="Serving today, or stopped")
    pribadi: bool = Field(False, description="Include phone and e-mail (personal data; registry editors only)")


PENDAMPING_FIELDS = ("id", "nama", "jenis", "mulai", "selesai", "calon", "telepon", "email")


def _read_pendamping(rows) -> list[dict]:
    return read_rows(rows, PENDAMPING_FIELDS, {"wilayah": ("kode", "nama")})


def _attach_pendamping(rows: list, version: tuple) -> None:
    fields = ["id", "forum", "lembaga", "mulai", "selesai"]
    links = {"forum": (Forum, ("nama",)), "lembaga": (Lembaga, ("kode", "nama"))}
    assignments = Penugasan.objects.order_by("mulai", "pk")
    attach_nested(rows, "penugasan", assignments, "pendamping_id", fields, links=links, version=version)


@router.get("/pendamping/", response=Halaman[PendampingOut])
def pendamping_list(request: HttpRequest, filters: Query[PendampingFilter], paging: Query[Paging]):
    """Pendamping and relawan the caller sees (the pendamping role: their own record), with assignments."""
    user = caller(request)
    personal_data(request, filters.pribadi)
    rows = in_wilayah(access.pendamping(user), wilayah_kode(user, filters.wilayah), "wilayah__kode")
    if filters.jenis:
        rows = rows.filter(jenis=filters.jenis)
    if filters.status:
        today = timezone.localdate()
        serving = Q(selesai__isnull=True) | Q(selesai__gte=today)
        rows = rows.filter(serving) if filters.status == "bertugas" else rows.exclude(serving)
    return paginated(request, rows.order_by("pk"), paging, PendampingOut, _attach_pendamping, _read_pendamping)


@router.get("/pendamping/{id}/", response=PendampingOut)
def pendamping_detail(request: HttpRequest, id: int, pribadi: bool = False):
    personal_data(request, pribadi)
    return one(request, access.pendamping(caller(request)), id, PendampingOut, _read_pendamping, _attach_pendamping)


class KegiatanFilter(Schema):
    wilayah: str | None = None
    pendamping: int | None = Field(None, description="Activities of this pendamping (id)")
    forum: int | None = None
    lembaga: int | None = None
    tugas: Tugas | None = Field(None, description="The 4P task")
    dari: datetime.date | None = Field(None, description="On or after this date (YYYY-MM-DD)")
    sampai: datetime.date | None = Field(None, description="On or before this date")


KEGIATAN_FIELDS = (
    "id", "tanggal", "pertemuan_id", "tugas", "teknik", "peran_penyuluh", "uraian", "hasil", "tindak_lanjut",
    "sumber_jenis",
)  # fmt: skip
KEGIATAN_REFS = {"pendamping": ("id", "nama"), "forum": ("id", "nama"), "lembaga": ("id", "kode", "nama")}


def _read_kegiatan(rows) -> list[dict]:
    return read_rows(rows, KEGIATAN_FIELDS, KEGIATAN_REFS)


@router.get("/kegiatan/", response=Halaman[KegiatanOut])
def kegiatan_list(request: HttpRequest, filters: Query[KegiatanFilter], paging: Query[Paging]):
    """The pendampingan log the caller sees, by id. `wilayah` keeps activities whose lembaga or forum lies in
    that area; `pendamping`, `forum` and `lembaga` take an id."""
    user = caller(request)
    kode = wilayah_kode(user, filters.wilayah)
    rows = in_wilayah(access.kegiatan(user), kode, "lembaga__wilayah__kode", "forum__wilayah__kode")
    exact = {"pendamping_id": filters.pendamping, "forum_id": filters.forum, "lembaga_id": filters.lembaga}
    rows = rows.filter(**{field: value for field, value in exact.items() if value})
    if filters.tugas:
        rows = rows.filter(tugas=filters.tugas)
    rows = date_range(rows, "tanggal", filters.dari, filters.sampai)
    return paginated(request, rows.order_by("pk"), paging, KegiatanOut, read=_read_kegiatan)


@router.get("/kegiatan/{id}/", response=KegiatanOut)
def kegiatan_detail(request: HttpRequest, id: int):
    return one(request, access.kegiatan(caller(request)), id, KegiatanOut, _read_kegiatan)
