"""Import ties: two lembaga codes, a stage (1–5 or its name), a start date and, optionally, since when a changed
stage holds. This module only parses, checks and plans; the kerjasama services write, by the same rules as
the pages (an ended tie cannot be restaged, no date before the tie's start or in the future)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import access, services
from ..bulk import chunks
from ..models import Kerjasama, Lembaga, Tahap
from .base import CLEAR, CellError, RowResult, choice, date, dated_change

COLUMNS = ("kode_lembaga_a", "kode_lembaga_b", "tahap", "mulai", "tahap_sejak")
REQUIRED = ("kode_lembaga_a", "kode_lembaga_b", "tahap", "mulai")
EXAMPLE = {
    "kode_lembaga_a": "16.71.05.1006-0001",
    "kode_lembaga_b": "16.71.05.1006-0002",
    "tahap": "Kooperasi",
    "mulai": "17/08/2024",
    "tahap_sejak": "",
}
# The evidence recorded with an imported stage (stored: written in the language of whoever imports).
IMPORT_NOTE = gettext_lazy("Diimpor dari berkas")
# The template's "petunjuk" sheet: (column, what it takes); the column names are the file's own, untranslated.
GUIDE = [
    ("kode_lembaga_a, kode_lembaga_b", gettext_lazy("Kode kedua lembaga (lihat daftar lembaga atau unduhannya).")),
    (
        "tahap",
        gettext_lazy("1–5 atau namanya (Komunikasi … Konfederasi). Kosong pada kerjasama yang sudah ada: tahap tetap."),
    ),
    (
        "mulai",
        gettext_lazy(
            "Wajib untuk kerjasama baru; untuk kerjasama yang sudah ada kosongkan atau isi tanggal yang tercatat."
        ),
    ),
    (
        "tahap_sejak",
        gettext_lazy(
            "Tanggal tahap baru berlaku (kosong: hari ini); tidak boleh di masa depan atau sebelum kerjasama dimulai."
        ),
    ),
    (gettext_lazy("(berakhir)"), gettext_lazy("Tahap kerjasama yang sudah berakhir tidak dapat diubah.")),
]
# Where a service's field-keyed message lands in the file.
SERVICE_COLUMN = {"tahap": "tahap", "tanggal": "tahap_sejak", "mulai": "mulai", "lembaga_b": "kode_lembaga_b"}


# What planning reads of a stored tie (the rule's inputs and the version the services compare on write).
TIE_FIELDS = ("id", "lembaga_a_id", "lembaga_b_id", "tahap", "mulai", "selesai", "versi")


class Lookups:
    def __init__(self, rows: list[tuple[int, dict]], user):
        codes = sorted({c.get(k, "") for _n, c in rows for k in ("kode_lembaga_a", "kode_lembaga_b")} - {""})
        self.lembaga: dict[str, Lembaga] = {}
        for chunk in chunks(codes):
            self.lembaga.update({lem.kode: lem for lem in Lembaga.objects.filter(kode__in=chunk)})
        self.by_pk = {lem.pk: lem for lem in self.lembaga.values()}
        self.tahap_choices = [(str(value), str(label)) for value, label in Tahap.choices]  # once, not per row
        self.today = timezone.localdate()
        ids = list(self.by_pk)
        self.editable: set[int] = set()
        self.ties: dict[tuple[int, int], Kerjasama] = {}
        for chunk in chunks(ids):
            self.editable |= set(access.editable_lembaga(user).filter(pk__in=chunk).values_list("pk", flat=True))
            ties = Kerjasama.objects.filter(Q(lembaga_a__in=chunk) | Q(lembaga_b__in=chunk)).only(*TIE_FIELDS)
            self.ties.update({(t.lembaga_a_id, t.lembaga_b_id): t for t in ties})


def check(rows: list[tuple[int, dict]], user) -> list[RowResult]:
    lookups = Lookups(rows, user)
    seen: dict[tuple[int, int], int] = {}
    results = []
    for n, cells in rows:
        result = RowResult(row=n, key=f"{cells.get('kode_lembaga_a', '')} — {cells.get('kode_lembaga_b', '')}")
        pair, values = _values(cells, lookups, result)
        if result.status != "galat":
            if pair in seen:
                result.error("kode_lembaga_b", _("Pasangan ini sudah ada di baris %(baris)s.") % {"baris": seen[pair]})
            seen.setdefault(pair, n)
        if result.status != "galat":
            _plan(pair, values, lookups, result)
        results.append(result)
    return results


def _values(cells: dict, lookups: Lookups, result: RowResult) -> tuple:
    """Parse the row; a blank tahap or date means "keep what is stored" (checked in _plan)."""
    ends = []
    for column in ("kode_lembaga_a", "kode_lembaga_b"):
        lembaga = lookups.lembaga.get(cells.get(column, ""))
        if lembaga is None:
            result.error(column, _("Kode lembaga “%(kode)s” tidak dikenal.") % {"kode": cells.get(column, "")})
        ends.append(lembaga)
    values: dict = {"tahap": None, "mulai": None, "tahap_sejak": None}
    for column in ("tahap", "mulai", "tahap_sejak"):
        if cells.get(column, "") == CLEAR:
            result.error(
                column,
                _("Kolom %(kolom)s tidak dapat dikosongkan dengan “%(tanda)s”.") % {"kolom": column, "tanda": CLEAR},
            )
    raw_tahap = cells.get("tahap", "")
    if raw_tahap and raw_tahap != CLEAR:
        try:
            values["tahap"] = int(choice(raw_tahap, lookups.tahap_choices, what=_("Tahap")))
        except CellError:
            result.error(
                "tahap",
                _("Tahap “%(tahap)s” tidak dikenal; isi 1–5 atau Komunikasi … Konfederasi.") % {"tahap": raw_tahap},
            )
    for column, what in (("mulai", _("Tanggal mulai")), ("tahap_sejak", _("Tanggal tahap berlaku"))):
        raw = cells.get(column, "")
        if raw and raw != CLEAR:
            try:
                values[column] = date(raw, what=what, today=lookups.today)
            except CellError as exc:
                result.error(column, str(exc))
    if None in ends:
        return None, values
    a, b = sorted(ends, key=lambda lem: lem.pk)
    if a.pk != b.pk and a.pk not in lookups.editable and b.pk not in lookups.editable:
        result.error("kode_lembaga_a", _("Kedua lembaga berada di luar wilayah tugas Anda."))
    return (a.pk, b.pk), values


def _service_errors(exc: ValidationError, result: RowResult) -> None:
    for field, messages in exc.message_dict.items():
        for message in messages:
            result.error(SERVICE_COLUMN.get(field, "kode_lembaga_a"), message)


def _plan(pair, values: dict, lookups: Lookups, result: RowResult) -> None:
    existing = lookups.ties.get(pair)
    a, b = lookups.by_pk[pair[0]], lookups.by_pk[pair[1]]
    if existing is None:
        _plan_new(a, b, values, result)
    else:
        _plan_change(existing, values, result)


def _plan_new(a: Lembaga, b: Lembaga, values: dict, result: RowResult) -> None:
    tahap, mulai, sejak = values["tahap"], values["mulai"], values["tahap_sejak"]
    if tahap is None:
        result.error("tahap", _("Tahap wajib diisi untuk kerjasama baru."))
    if mulai is None:
        result.error("mulai", _("Tanggal mulai wajib diisi untuk kerjasama baru."))
    if sejak is not None and mulai is not None and sejak != mulai:
        result.error("tahap_sejak", _("Kerjasama baru dimulai pada tahapnya sendiri; kosongkan tahap_sejak."))
    if result.status == "galat":
        return
    try:
        services.check_new_tie(a=a, b=b, tahap=tahap, mulai=mulai)
    except ValidationError as exc:
        _service_errors(exc, result)
        return
    result.status = "baru"
    result.payload = {"new": services.NewTie(a=a, b=b, tahap=tahap, mulai=mulai, bukti=str(IMPORT_NOTE))}


def _plan_change(tie: Kerjasama, values: dict, result: RowResult) -> None:
    tahap, mulai, sejak = values["tahap"], values["mulai"], values["tahap_sejak"]
    if mulai is not None and mulai != tie.mulai:
        result.error(
            "mulai",
            _(
                "Kerjasama ini tercatat mulai %(tercatat)s, bukan %(berkas)s; ubah tanggal mulai lewat halaman "
                "kerjasama."
            )
            % {"tercatat": f"{tie.mulai:%d/%m/%Y}", "berkas": f"{mulai:%d/%m/%Y}"},
        )
        return
    if tahap is None or tahap == tie.tahap:
        return  # blank or the same stage: nothing changes
    tanggal = sejak or timezone.localdate()
    try:
        services.check_stage_change(kerjasama=tie, tahap=tahap, tanggal=tanggal)
    except ValidationError as exc:
        _service_errors(exc, result)
        return
    result.status = "berubah"
    result.changes = [dated_change("tahap", Tahap(tie.tahap).label, Tahap(tahap).label, tanggal)]
    result.payload = {
        "change": services.StageChange(kerjasama=tie, tahap=tahap, tanggal=tanggal, bukti=str(IMPORT_NOTE))
    }


def write(results: list[RowResult], user) -> None:
    services.kerjasama_bulk_create(ties=[r.payload["new"] for r in results if "new" in r.payload], oleh=user)
    services.kerjasama_bulk_set_tahap(
        changes=[r.payload["change"] for r in results if "change" in r.payload], oleh=user
    )
