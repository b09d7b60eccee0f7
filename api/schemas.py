"""What the API answers, field by field (these classes are also its OpenAPI documentation).

Coded values travel as their code (`sektor: "warga"`) with a `*_label` in the caller's language
(Accept-Language). Personal data (contact names, phones, e-mails) is null unless the caller may take it and
asked for it (`pribadi=true`, see api.access.may_take_personal_data).
"""

from __future__ import annotations

import datetime
import functools
import inspect
import types
import typing
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db.models import Manager, Model
from django.urls import reverse
from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict, ModelWrapValidatorHandler, ValidationInfo, model_validator

from forum.models import (
    Keanggotaan,
    Kontribusi,
    PenerimaManfaat,
    Pertemuan,
    PesertaProgram,
    ProgramBersama,
    TindakLanjut,
)
from pendampingan.models import Kegiatan, Pendamping
from pranata.models import Kerjasama, Lembaga, RiwayatTahap, Wilayah

T = TypeVar("T")


PLACEHOLDER = 2_147_483_647  # stands for the row's id in a URL made once per page


def url_of(view: str) -> staticmethod:
    """The resolver of a row's `url` (its page in the app): the URL is reversed once per call and the row's id
    put in, instead of reversing and absolutising it for each row."""

    def resolve(obj, context) -> str:
        request = context["request"]
        made = request.__dict__.setdefault("_api_url_templates", {})
        if view not in made:
            made[view] = request.build_absolute_uri(reverse(view, args=[PLACEHOLDER])).split(str(PLACEHOLDER))
        head, tail = made[view]
        return f"{head}{_pk(obj)}{tail}"

    return staticmethod(resolve)


def nested(name: str) -> staticmethod:
    """The resolver of a nested list: the dicts `query.attach_nested` gave the row, else its related manager."""

    def resolve(obj) -> list:
        return _nested(obj, name)

    return staticmethod(resolve)


def _nested(obj, name: str) -> list:
    if isinstance(obj, dict):
        return obj[name]
    attached = obj.__dict__.get(f"api_{name}")
    return attached if attached is not None else list(getattr(obj, name).all())


def _get(obj, key: str):
    return obj[key] if isinstance(obj, dict) else getattr(obj, key)


def _pk(obj) -> int:
    return obj["id"] if isinstance(obj, dict) else obj.pk


class Out(Schema):
    """The base of every answer schema. ninja reads each field of each row through a per-field proxy
    (DjangoGetter), ~6 µs a field: most of the time of a page of 100 rows with their nested lists. This base
    reads a row (a model instance, or a dict made by a `values()` query) into a plain dict in one pass —
    resolvers first, then attributes (by the field's alias), related managers as lists — and lets pydantic
    validate that dict. Same answers, same OpenAPI schema."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler: ModelWrapValidatorHandler, info: ValidationInfo) -> Any:
        if isinstance(values, BaseModel):
            return handler(values)
        return handler(_read(cls, values, info.context))


@functools.cache
def _plan(cls: type[Out]) -> tuple[tuple[str, Callable | None, bool], ...]:
    """(key, resolver, resolver takes the context) per field of `cls`."""
    plan = []
    for name, field in cls.model_fields.items():
        resolver = getattr(cls, f"resolve_{name}", None)
        takes_context = resolver is not None and "context" in inspect.signature(resolver).parameters
        plan.append((field.alias or name, resolver, takes_context))
    return tuple(plan)


@functools.cache
def _resolved(cls: type[Out]) -> tuple[tuple[str, Callable, bool], ...]:
    """The part of `_plan(cls)` that has a resolver."""
    return tuple(step for step in _plan(cls) if step[1] is not None)


def _read(cls: type[Out], obj: Any, context: dict | None) -> Any:
    if isinstance(obj, dict):  # already keyed by field: only the resolvers' fields to fill
        resolved = _resolved(cls)
        if not resolved:
            return obj
        row = dict(obj)
        for key, resolver, takes_context in resolved:
            row[key] = resolver(obj, context=context) if takes_context else resolver(obj)
        return row
    row: dict[str, Any] = {}
    for key, resolver, takes_context in _plan(cls):
        if resolver is not None:
            value = resolver(obj, context=context) if takes_context else resolver(obj)
        else:
            value = getattr(obj, key)
        if isinstance(value, Manager):
            value = list(value.all())
        row[key] = value
    return row


def dump(cls: type[BaseModel], obj: Any, context: dict) -> Any:
    """`obj` (a model instance, or a dict from `query.read_rows`/`attach_nested`) as the plain data `cls`
    describes, ready for JSON: what pydantic's validation followed by `model_dump()` gives (ninja's path for an
    answer), without building a pydantic object per row. A page of 100 meetings holds ~1,300 objects: ~5 ms
    through pydantic, ~1 ms here. Lists and details answer through it (`query.answer`); a test runs every
    endpoint both ways and compares the bytes (tests/api/test_schema.py), so the two cannot drift. A dict that
    already has exactly the shape of a resolver-free schema (a reference, an attendance row) is answered as is,
    not copied (keys in the schema's order, as pydantic writes them)."""
    if obj is None:
        return None
    plan, exact = _writer(cls)
    if exact is not None and isinstance(obj, dict) and tuple(obj) == exact:
        for key, _source, _resolver, _takes_context, sub, many, _to_float in plan:
            if sub is not None and not _unchanged(sub, obj[key], many, context):
                break
        else:
            return obj
    is_dict = isinstance(obj, dict)
    row = {}
    for key, source, resolver, takes_context, sub, many, to_float in plan:
        if resolver is not None:
            value = resolver(obj, context=context) if takes_context else resolver(obj)
        else:
            value = obj[source] if is_dict else getattr(obj, source)
        if isinstance(value, Manager):
            value = list(value.all())
        if value is not None:
            if many:
                value = value if _shaped(sub, value, context) else [dump(sub, item, context) for item in value]
            elif sub is not None:
                value = dump(sub, value, context)
            elif to_float:
                value = float(value)
        row[key] = value
    return row


def _unchanged(sub: type[BaseModel], value: Any, many: bool, context: dict) -> bool:
    if value is None:
        return True
    if many:
        return _shaped(sub, value, context)
    return dump(sub, value, context) is value


def _shaped(sub: type[BaseModel], rows: Any, context: dict) -> bool:
    """Whether a nested list already has the shape of `sub`, as its first row shows: the lists answered as they
    are come from `query.attach_nested`, which builds every row of a list with the same keys in the same order
    (and the references in them from `query.referenced`, each `{"id", *fields}` or None)."""
    return bool(rows) and isinstance(rows, list) and dump(sub, rows[0], context) is rows[0]


@functools.cache
def _writer(cls: type[BaseModel]) -> tuple[tuple, tuple[str, ...] | None]:
    """Per field of `cls`: (key, where it is read from (its alias), resolver, resolver takes the context, nested
    schema, a list of them, a float to coerce); and the keys, in order, of a dict that can be answered as it
    is (schemas with no resolver, alias or float; None for the others)."""
    plan = []
    for name, field in cls.model_fields.items():
        resolver = getattr(cls, f"resolve_{name}", None) if issubclass(cls, Out) else None
        takes_context = resolver is not None and "context" in inspect.signature(resolver).parameters
        sub, many = _nested_schema(field.annotation)
        plan.append((name, field.alias or name, resolver, takes_context, sub, many, _bare(field.annotation) is float))
    plain = all(step[2] is None and step[0] == step[1] and not step[6] for step in plan)
    return tuple(plan), tuple(cls.model_fields) if plain else None


def _bare(annotation: Any) -> Any:
    """`X` of `X | None`."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        rest = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return rest[0] if len(rest) == 1 else annotation
    return annotation


def _nested_schema(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """(the schema, a list of it) of a field holding one schema or a list of them; (None, False) otherwise."""
    bare = _bare(annotation)
    many = typing.get_origin(bare) is list
    inner = typing.get_args(bare)[0] if many else bare
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return inner, many
    return None, False


class Ref(BaseModel):
    """The base of a schema without resolvers (a reference to a lembaga, a forum, a wilayah): pydantic reads a
    dict or an object's attributes itself, with no Python call per row (a page of meetings names ~1,100 lembaga).
    Same OpenAPI schema as an `Out`."""

    model_config = ConfigDict(from_attributes=True)


@functools.cache
def _labels(model: type, field: str, language: str | None) -> dict:
    return {value: str(text) for value, text in model._meta.get_field(field).flatchoices}


def label_of(model: type[Model], field: str) -> staticmethod:
    """The resolver of a `<field>_label`: the coded value's label in the caller's language, read from a table
    made once per language. (Django's get_<field>_display rebuilds a hashable copy of the choices on every call,
    ~0.1 ms a row: most of a page of forums with their members.)"""

    def resolve(obj, context) -> str:
        value = _get(obj, field)
        return _labels(model, field, context["request"].LANGUAGE_CODE).get(value, value)

    return staticmethod(resolve)


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


class WilayahRef(Ref):
    kode: str
    nama: str


class LembagaRef(Ref):
    id: int
    kode: str
    nama: str


class ForumRef(Ref):
    id: int
    nama: str


class PendampingRef(Ref):
    id: int
    nama: str


# --- pranata ----------------------------------------------------------------------------------------------


class WilayahOut(Out):
    kode: str
    nama: str
    tingkat: int
    tingkat_label: str
    resolve_tingkat_label = label_of(Wilayah, "tingkat")
    induk: str | None = Field(description="Code of the parent wilayah (null for a provinsi)")

    @staticmethod
    def resolve_induk(obj) -> str | None:
        return _get(obj, "kode").rpartition(".")[0] or None


class PranataOut(Ref):
    kode: str
    nama: str


class Kontak(Ref):
    nama: str
    telepon: str
    email: str


class LembagaOut(Out):
    id: int
    kode: str
    nama: str
    singkatan: str
    jenis: str
    jenis_label: str
    resolve_jenis_label = label_of(Lembaga, "jenis")
    sektor: str
    sektor_label: str
    resolve_sektor_label = label_of(Lembaga, "sektor")
    pranata: PranataOut
    wilayah: WilayahRef
    alamat: str
    tahun_berdiri: int | None
    jumlah_anggota: int | None
    sumber_dana: list[str]
    kegiatan_utama: str
    status: str
    status_label: str
    resolve_status_label = label_of(Lembaga, "status")
    aktif_sejak: datetime.date
    digabung_ke: int | None = Field(alias="digabung_ke_id")
    diubah: datetime.datetime
    kontak: Kontak | None = Field(description="Personal data: only with pribadi=true, for roles allowed to take it")
    url: str

    @staticmethod
    def resolve_kontak(obj, context) -> dict | None:
        if not _personal(context):
            return None
        phone = _get(obj, "kontak_telepon")
        return {"nama": _get(obj, "kontak_nama"), "telepon": str(phone or ""), "email": _get(obj, "kontak_email")}

    resolve_url = url_of("pranata:lembaga-detail")


class RiwayatTahapOut(Out):
    tahap: int
    tahap_label: str
    resolve_tahap_label = label_of(RiwayatTahap, "tahap")
    berlaku_mulai: datetime.date
    bukti: str


class KerjasamaOut(Out):
    id: int
    lembaga_a: LembagaRef
    lembaga_b: LembagaRef
    tahap: int = Field(description="Declared stage (1 komunikasi … 5 konfederasi)")
    tahap_label: str
    resolve_tahap_label = label_of(Kerjasama, "tahap")
    tahap_sejak: datetime.date | None
    mulai: datetime.date
    selesai: datetime.date | None
    alasan_selesai: str
    dasar: str
    dasar_label: str
    resolve_dasar_label = label_of(Kerjasama, "dasar")
    ada_dokumen: bool
    sumber_bersama: str
    kepercayaan: int | None
    manfaat: int | None
    catatan: str
    riwayat: list[RiwayatTahapOut] = Field(description="Every stage change, oldest first")
    url: str

    resolve_riwayat = nested("riwayat")

    @staticmethod
    def resolve_tahap_sejak(obj) -> datetime.date | None:
        rows = _nested(obj, "riwayat")  # oldest first
        return _get(rows[-1], "berlaku_mulai") if rows else None

    @staticmethod
    def resolve_ada_dokumen(obj) -> bool:
        return bool(_get(obj, "dokumen"))

    resolve_url = url_of("pranata:kerjasama-detail")


# --- forum ------------------------------------------------------------------------------------------------


class AnggotaOut(Out):
    lembaga: LembagaRef
    peran: str
    peran_label: str
    resolve_peran_label = label_of(Keanggotaan, "peran")
    mulai: datetime.date
    selesai: datetime.date | None


class ForumOut(Out):
    id: int
    nama: str
    wilayah: WilayahRef
    tanggal_berdiri: datetime.date | None
    jumlah_anggota: int = Field(description="Members now (the detail answer lists every membership as `anggota`)")
    url: str

    resolve_url = url_of("forum:forum-detail")


class ForumDetailOut(ForumOut):
    """One forum, with every membership (past ones included); the list leaves them out (a page of 100 forums
    would carry ~5,000 of them)."""

    anggota: list[AnggotaOut] = Field(description="Memberships, past ones included, by start date")
    resolve_anggota = nested("keanggotaan")


class KehadiranOut(Ref):
    """One lembaga at a meeting. `perwakilan` is filled only for a caller who may take personal data and asked
    for it (the endpoint reads it only then, see `forum._attach_pertemuan`)."""

    lembaga: LembagaRef
    jumlah_orang: int
    tamu: bool
    perwakilan: str | None = Field(description="Representative's name (personal data): only with pribadi=true")


class KesepakatanOut(Ref):
    """An agreement reached at the meeting; `lembaga` holds the ids of those bound by it, in order."""

    id: int
    nomor: int
    isi: str
    lembaga: list[int]


class TindakLanjutOut(Out):
    id: int
    uraian: str
    lembaga: LembagaRef
    kesepakatan: int | None = Field(alias="kesepakatan_id")
    tenggat: datetime.date | None
    status: str
    status_label: str
    resolve_status_label = label_of(TindakLanjut, "status")


class PertemuanOut(Out):
    id: int
    forum: ForumRef
    tanggal: datetime.date
    jam_mulai: datetime.time | None
    tempat: str
    jenis: str
    jenis_label: str
    resolve_jenis_label = label_of(Pertemuan, "jenis")
    agenda: str
    notulen: str
    kehadiran: list[KehadiranOut]
    kesepakatan: list[KesepakatanOut]
    tindak_lanjut: list[TindakLanjutOut]
    resolve_kehadiran = nested("kehadiran")
    resolve_kesepakatan = nested("kesepakatan")
    resolve_tindak_lanjut = nested("tindak_lanjut")
    url: str

    resolve_url = url_of("forum:pertemuan-detail")


class PesertaOut(Out):
    lembaga: LembagaRef
    peran: str
    peran_label: str
    resolve_peran_label = label_of(PesertaProgram, "peran")


class PenerimaOut(Out):
    kategori: str
    kategori_label: str
    resolve_kategori_label = label_of(PenerimaManfaat, "kategori")
    jumlah: int


class KontribusiOut(Out):
    id: int
    lembaga: LembagaRef
    jenis: str
    jenis_label: str
    resolve_jenis_label = label_of(Kontribusi, "jenis")
    uraian: str
    jumlah: float
    satuan: str
    nilai: int | None = Field(description="Estimated value in rupiah (null: no estimate)")
    bentuk: str
    bentuk_label: str
    resolve_bentuk_label = label_of(Kontribusi, "bentuk")
    tanggal: datetime.date


class ProgramOut(Out):
    id: int
    nama: str
    forum: ForumRef | None
    wilayah: WilayahRef
    status: str
    status_label: str
    resolve_status_label = label_of(ProgramBersama, "status")
    mulai: datetime.date
    selesai: datetime.date | None
    deskripsi: str
    peserta: list[PesertaOut]
    penerima: list[PenerimaOut]
    kontribusi: list[KontribusiOut] = Field(description="The programme's ledger, by date")
    resolve_peserta = nested("peserta")
    resolve_penerima = nested("penerima")
    resolve_kontribusi = nested("kontribusi")
    total_nilai: int = Field(description="Sum of the ledger's estimated values (rupiah)")
    url: str

    @staticmethod
    def resolve_total_nilai(obj) -> int:
        return sum(_get(row, "nilai") or 0 for row in _nested(obj, "kontribusi"))

    resolve_url = url_of("forum:program-detail")


# --- pendampingan ------------------------------------------------------------------------------------------


class PenugasanOut(Out):
    id: int
    forum: ForumRef | None
    lembaga: LembagaRef | None
    mulai: datetime.date
    selesai: datetime.date | None


class KontakPendamping(Ref):
    telepon: str
    email: str


class PendampingOut(Out):
    id: int
    nama: str
    jenis: str
    jenis_label: str
    resolve_jenis_label = label_of(Pendamping, "jenis")
    wilayah: WilayahRef
    mulai: datetime.date
    selesai: datetime.date | None
    calon: bool
    penugasan: list[PenugasanOut]
    resolve_penugasan = nested("penugasan")
    kontak: KontakPendamping | None = Field(
        description="Personal data: only with pribadi=true, for roles allowed to take it"
    )
    url: str

    @staticmethod
    def resolve_kontak(obj, context) -> dict | None:
        if not _personal(context):
            return None
        return {"telepon": str(_get(obj, "telepon") or ""), "email": _get(obj, "email")}

    resolve_url = url_of("pendampingan:pendamping-detail")


class KegiatanOut(Out):
    id: int
    pendamping: PendampingRef
    tanggal: datetime.date
    forum: ForumRef | None
    lembaga: LembagaRef | None
    pertemuan: int | None = Field(alias="pertemuan_id")
    tugas: str
    tugas_label: str
    resolve_tugas_label = label_of(Kegiatan, "tugas")
    teknik: str
    teknik_label: str
    resolve_teknik_label = label_of(Kegiatan, "teknik")
    peran_penyuluh: str
    uraian: str
    hasil: str
    tindak_lanjut: str
    sumber_jenis: str
    url: str

    resolve_url = url_of("pendampingan:kegiatan-detail")


# --- the caller and reports -------------------------------------------------------------------------------


class SayaOut(Out):
    username: str
    peran: str | None
    peran_label: str | None
    wilayah: list[str] | None = Field(description="Codes of the assigned wilayah; null: everywhere (admin)")
    token: str
    token_berlaku_sampai: datetime.date | None
    batas_per_menit: int


class TugasLaporan(Out):
    """A report too big to compute during the call: the worker computes it (202), or failed (503); ask `url`
    again (Retry-After says when)."""

    status: str
    status_label: str
    kemajuan: int = Field(description="Percent done")
    langkah: str = Field(description="The step the worker is at")
    url: str = Field(description="Ask this URL again until the report is ready")
