"""Forums with their members, meetings with attendance, agreements and follow-ups, and joint programmes with
their ledger."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from forum.models import (
    JenisPertemuan,
    Keanggotaan,
    Kehadiran,
    Kesepakatan,
    Kontribusi,
    PenerimaManfaat,
    PesertaProgram,
    StatusProgram,
    TindakLanjut,
)

from .. import access
from ..query import Paging, caller, date_range, in_wilayah, paginated, personal_data, wilayah_kode
from ..schemas import ForumOut, Halaman, PertemuanOut, ProgramOut

router = Router(tags=["forum"])


class ForumFilter(Schema):
    wilayah: str | None = Field(None, description="Forums of this wilayah or under it")


def _forum_rows(user):
    members = Prefetch("keanggotaan", queryset=Keanggotaan.objects.select_related("lembaga").order_by("mulai", "pk"))
    return access.forum(user).select_related("wilayah").prefetch_related(members)


@router.get("/forum/", response=Halaman[ForumOut])
def forum_list(request: HttpRequest, filters: Query[ForumFilter], paging: Query[Paging]):
    """Forums the caller sees (a coordinator: the forums they run), with their dated memberships, by id."""
    user = caller(request)
    rows = in_wilayah(_forum_rows(user), wilayah_kode(user, filters.wilayah), "wilayah__kode")
    return paginated(request, rows.order_by("pk"), paging)


@router.get("/forum/{id}/", response=ForumOut)
def forum_detail(request: HttpRequest, id: int):
    return get_object_or_404(_forum_rows(caller(request)), pk=id)


class PertemuanFilter(Schema):
    forum: int | None = None
    wilayah: str | None = Field(None, description="Meetings of forums in this wilayah or under it")
    jenis: JenisPertemuan | None = None
    dari: datetime.date | None = Field(None, description="Held on or after this date (YYYY-MM-DD)")
    sampai: datetime.date | None = Field(None, description="Held on or before this date")
    pribadi: bool = Field(False, description="Include representatives' names (personal data; registry editors)")


def _pertemuan_rows(user):
    return (
        access.pertemuan(user)
        .select_related("forum")
        .prefetch_related(
            Prefetch("kehadiran", queryset=Kehadiran.objects.select_related("lembaga").order_by("pk")),
            Prefetch("kesepakatan", queryset=Kesepakatan.objects.prefetch_related("lembaga").order_by("nomor", "pk")),
            Prefetch("tindak_lanjut", queryset=TindakLanjut.objects.select_related("lembaga").order_by("pk")),
        )
    )


@router.get("/pertemuan/", response=Halaman[PertemuanOut])
def pertemuan_list(request: HttpRequest, filters: Query[PertemuanFilter], paging: Query[Paging]):
    """Meetings of the forums the caller sees, with attendance, agreements and follow-ups, by id. `forum` keeps
    one forum's meetings (its id)."""
    user = caller(request)
    personal_data(request, filters.pribadi)
    rows = in_wilayah(_pertemuan_rows(user), wilayah_kode(user, filters.wilayah), "forum__wilayah__kode")
    if filters.forum:
        rows = rows.filter(forum_id=filters.forum)
    if filters.jenis:
        rows = rows.filter(jenis=filters.jenis)
    rows = date_range(rows, "tanggal", filters.dari, filters.sampai)
    return paginated(request, rows.order_by("pk"), paging)


@router.get("/pertemuan/{id}/", response=PertemuanOut)
def pertemuan_detail(request: HttpRequest, id: int, pribadi: bool = False):
    personal_data(request, pribadi)
    return get_object_or_404(_pertemuan_rows(caller(request)), pk=id)


class ProgramFilter(Schema):
    wilayah: str | None = Field(None, description="Programmes in this wilayah or under it")
    forum: int | None = None
    status: StatusProgram | None = None
    dari: datetime.date | None = Field(None, description="Started on or after this date (YYYY-MM-DD)")
    sampai: datetime.date | None = Field(None, description="Started on or before this date")


def _program_rows(user):
    return (
        access.program(user)
        .select_related("forum", "wilayah")
        .prefetch_related(
            Prefetch("peserta", queryset=PesertaProgram.objects.select_related("lembaga").order_by("pk")),
            Prefetch("penerima", queryset=PenerimaManfaat.objects.order_by("kategori")),
            Prefetch("kontribusi", queryset=Kontribusi.objects.select_related("lembaga").order_by("tanggal", "pk")),
        )
    )


@router.get("/program/", response=Halaman[ProgramOut])
def program_list(request: HttpRequest, filters: Query[ProgramFilter], paging: Query[Paging]):
    """Joint programmes the caller sees, with participants, beneficiaries and the ledger of contributions, by id.
    `forum` keeps one forum's programmes (its id)."""
    user = caller(request)
    rows = in_wilayah(_program_rows(user), wilayah_kode(user, filters.wilayah), "wilayah__kode")
    if filters.forum:
        rows = rows.filter(forum_id=filters.forum)
    if filters.status:
        rows = rows.filter(status=filters.status)
    rows = date_range(rows, "mulai", filters.dari, filters.sampai)
    return paginated(request, rows.order_by("pk"), paging)


@router.get("/program/{id}/", response=ProgramOut)
def program_detail(request: HttpRequest, id: int):
    return get_object_or_404(_program_rows(caller(request)), pk=id)
