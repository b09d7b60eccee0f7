"""Forums with their members, meetings with attendance, agreements and follow-ups, and joint programmes with
their ledger."""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict

from django.db.models import Count, F, Q
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
from pranata.lookups import AnyOf
from pranata.models import Lembaga

from .. import access
from ..query import (
    Paging,
    attach_nested,
    caller,
    data_version,
    date_range,
    in_wilayah,
    one,
    paginated,
    personal_data,
    read_rows,
    wilayah_kode,
)
from ..schemas import ForumDetailOut, ForumOut, Halaman, PertemuanOut, ProgramOut

router = Router(tags=["forum"])
LREF = ("kode", "nama")  # a lembaga in a nested list (LembagaRef)


def _lembaga() -> dict:
    """`attach_nested`'s link of a nested row's `lembaga`."""
    return {"lembaga": (Lembaga, LREF)}


class ForumFilter(Schema):
    wilayah: str | None = Field(None, description="Forums of this wilayah or under it")


def _members_now() -> Count:
    return Count("keanggotaan", filter=Q(keanggotaan__selesai__isnull=True))


def _forum_rows(user):
    return access.forum(user).select_related("wilayah").annotate(jumlah_anggota=_members_now())


FORUM_FIELDS = ("id", "nama", "tanggal_berdiri", "jumlah_anggota")


def _read_forum(rows) -> list[dict]:
    """A page's forums with their members counted for those forums only (counting for the whole scope and
    skipping to the page took 18 ms for a kabupaten's third page)."""
    return read_rows(rows.annotate(jumlah_anggota=_members_now()), FORUM_FIELDS, {"wilayah": ("kode", "nama")})


@router.get("/forum/", response=Halaman[ForumOut])
def forum_list(request: HttpRequest, filters: Query[ForumFilter], paging: Query[Paging]):
    """Forums the caller sees (a coordinator: the forums they run), with how many members each has now, by id;
    `/forum/{id}/` gives one forum with its dated memberships."""
    user = caller(request)
    rows = in_wilayah(access.forum(user), wilayah_kode(user, filters.wilayah), "wilayah__kode")
    return paginated(request, rows.order_by("pk"), paging, ForumOut, read=_read_forum)


@router.get("/forum/{id}/", response=ForumDetailOut)
def forum_detail(request: HttpRequest, id: int):
    forum = get_object_or_404(_forum_rows(caller(request)), pk=id)
    members = Keanggotaan.objects.order_by("mulai", "pk")
    fields = ["lembaga", "peran", "mulai", "selesai"]
    attach_nested([forum], "keanggotaan", members, "forum_id", fields, links=_lembaga())
    return forum


class PertemuanFilter(Schema):
    forum: int | None = None
    wilayah: str | None = Field(None, description="Meetings of forums in this wilayah or under it")
    jenis: JenisPertemuan | None = None
    dari: datetime.date | None = Field(None, description="Held on or after this date (YYYY-MM-DD)")
    sampai: datetime.date | None = Field(None, description="Held on or before this date")
    pribadi: bool = Field(False, description="Include representatives' names (personal data; registry editors)")


PERTEMUAN_FIELDS = ("id", "tanggal", "jam_mulai", "tempat", "jenis", "agenda", "notulen")
FORUM_REF = ("id", "nama")


def _read_pertemuan(rows) -> list[dict]:
    return read_rows(rows, PERTEMUAN_FIELDS, {"forum": FORUM_REF})


def _attach_pertemuan(rows: list, version: tuple, *, personal: bool) -> None:
    """Attendance (representatives' names only when `personal`: see `query.personal_data`), agreements with
    the lembaga bound by each, and follow-ups."""
    attendance = Kehadiran.objects.order_by("pk")
    fields, fill = ["lembaga", "jumlah_orang", "tamu"], {"perwakilan": None}
    if personal:
        fields, fill = [*fields, "perwakilan"], None
    attach_nested(rows, "kehadiran", attendance, "pertemuan_id", fields, links=_lembaga(), fill=fill, version=version)
    _attach_agreements(rows)
    follow_ups = TindakLanjut.objects.order_by("pk")
    fields = ["id", "uraian", "lembaga", "kesepakatan_id", "tenggat", "status"]
    attach_nested(rows, "tindak_lanjut", follow_ups, "pertemuan_id", fields, links=_lembaga(), version=version)


def _attach_agreements(rows: list[dict]) -> None:
    """Each meeting's agreements with the ids of the lembaga bound by each, in one query: an agreement's row
    comes once per lembaga it binds (once with none: the join is an outer one), in order."""
    grouped: dict[int, list[dict]] = defaultdict(list)
    last = None
    found = (
        Kesepakatan.objects.filter(AnyOf(F("pertemuan_id"), [row["id"] for row in rows]))
        .order_by("pertemuan_id", "nomor", "pk", "lembaga")
        .values_list("pertemuan_id", "id", "nomor", "isi", "lembaga")
    )
    for meeting, pk, nomor, isi, lembaga in found:
        if last is None or last["id"] != pk:
            last = {"id": pk, "nomor": nomor, "isi": isi, "lembaga": []}
            grouped[meeting].append(last)
        if lembaga is not None:
            last["lembaga"].append(lembaga)
    for row in rows:
        row["kesepakatan"] = grouped.get(row["id"], [])


@router.get("/pertemuan/", response=Halaman[PertemuanOut])
def pertemuan_list(request: HttpRequest, filters: Query[PertemuanFilter], paging: Query[Paging]):
    """Meetings of the forums the caller sees, with attendance, agreements and follow-ups, by id. `forum` keeps
    one forum's meetings (its id)."""
    user = caller(request)
    personal_data(request, filters.pribadi)
    rows = in_wilayah(
        access.pertemuan(user, version=data_version(request)),
        wilayah_kode(user, filters.wilayah),
        "forum__wilayah__kode",
    )
    if filters.forum:
        rows = rows.filter(forum_id=filters.forum)
    if filters.jenis:
        rows = rows.filter(jenis=filters.jenis)
    rows = date_range(rows, "tanggal", filters.dari, filters.sampai)
    attach = functools.partial(_attach_pertemuan, personal=filters.pribadi)
    return paginated(request, rows.order_by("pk"), paging, PertemuanOut, attach, _read_pertemuan)


@router.get("/pertemuan/{id}/", response=PertemuanOut)
def pertemuan_detail(request: HttpRequest, id: int, pribadi: bool = False):
    personal_data(request, pribadi)
    attach = functools.partial(_attach_pertemuan, personal=pribadi)
    meetings = access.pertemuan(caller(request), version=data_version(request))
    return one(request, meetings, id, PertemuanOut, _read_pertemuan, attach)


class ProgramFilter(Schema):
    wilayah: str | None = Field(None, description="Programmes in this wilayah or under it")
    forum: int | None = None
    status: StatusProgram | None = None
    dari: datetime.date | None = Field(None, description="Started on or after this date (YYYY-MM-DD)")
    sampai: datetime.date | None = Field(None, description="Started on or before this date")


PROGRAM_FIELDS = ("id", "nama", "status", "mulai", "selesai", "deskripsi")


def _read_program(rows) -> list[dict]:
    return read_rows(rows, PROGRAM_FIELDS, {"forum": FORUM_REF, "wilayah": ("kode", "nama")})


def _attach_program(rows: list, version: tuple) -> None:
    participants = PesertaProgram.objects.order_by("pk")
    attach_nested(rows, "peserta", participants, "program_id", ["lembaga", "peran"], links=_lembaga(), version=version)
    beneficiaries = PenerimaManfaat.objects.order_by("kategori")
    attach_nested(rows, "penerima", beneficiaries, "program_id", ["kategori", "jumlah"])
    ledger = Kontribusi.objects.order_by("tanggal", "pk")
    fields = ["id", "lembaga", "jenis", "uraian", "jumlah", "satuan", "nilai", "bentuk", "tanggal"]
    attach_nested(rows, "kontribusi", ledger, "program_id", fields, links=_lembaga(), version=version)


@router.get("/program/", response=Halaman[ProgramOut])
def program_list(request: HttpRequest, filters: Query[ProgramFilter], paging: Query[Paging]):
    """Joint programmes the caller sees, with participants, beneficiaries and the ledger of contributions, by id.
    `forum` keeps one forum's programmes (its id)."""
    user = caller(request)
    rows = in_wilayah(access.program(user), wilayah_kode(user, filters.wilayah), "wilayah__kode")
    if filters.forum:
        rows = rows.filter(forum_id=filters.forum)
    if filters.status:
        rows = rows.filter(status=filters.status)
    rows = date_range(rows, "mulai", filters.dari, filters.sampai)
    return paginated(request, rows.order_by("pk"), paging, ProgramOut, _attach_program, _read_program)


@router.get("/program/{id}/", response=ProgramOut)
def program_detail(request: HttpRequest, id: int):
    return one(request, access.program(caller(request)), id, ProgramOut, _read_program, _attach_program)
