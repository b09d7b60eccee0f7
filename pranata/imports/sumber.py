"""Import resources and needs: a lembaga code, sumber daya or kebutuhan, a kind and a description."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import access, services
from ..models import JenisSumber, Kebutuhan, Lembaga, SumberDaya
from .base import CellError, RowResult, choice

COLUMNS = ("kode_lembaga", "kategori", "jenis", "uraian")
REQUIRED = COLUMNS
EXAMPLE = {"kode_lembaga": "16.71.05.1006-0001", "kategori": "Sumber daya", "jenis": "Tempat", "uraian": "Balai RW 03"}
KATEGORI = [("sumber", "Sumber daya"), ("kebutuhan", "Kebutuhan")]
GUIDE = [
    ("kategori", gettext_lazy("Sumber daya atau Kebutuhan.")),
    ("jenis", gettext_lazy("Dana, Tempat, Tenaga/relawan, Keahlian, Peralatan atau Akses/jaringan.")),
    (gettext_lazy("(baris sama)"), gettext_lazy("Baris yang sudah tercatat dilewati; impor ini hanya menambah.")),
]


def check(rows: list[tuple[int, dict]], user) -> list[RowResult]:
    codes = {cells.get("kode_lembaga", "") for _n, cells in rows}
    lembaga = {lem.kode: lem for lem in access.editable_lembaga(user).filter(kode__in=codes)}
    known = {lem.kode for lem in Lembaga.objects.filter(kode__in=codes).only("kode")}
    existing = _existing(lembaga.values())
    seen: set[tuple] = set()
    results = []
    for n, cells in rows:
        result = RowResult(row=n, key=f"{cells.get('kode_lembaga', '')}: {cells.get('uraian', '')}")
        owner = lembaga.get(cells.get("kode_lembaga", ""))
        if owner is None:
            in_db = cells.get("kode_lembaga", "") in known
            result.error(
                "kode_lembaga",
                _("Lembaga di luar wilayah tugas Anda.")
                if in_db
                else _("Kode lembaga “%(kode)s” tidak dikenal.") % {"kode": cells.get("kode_lembaga", "")},
            )
        values = _values(cells, result)
        if result.status != "galat":
            key = (owner.pk, values["kategori"], values["jenis"], values["uraian"].lower())
            if key not in existing and key not in seen:
                result.status = "baru"
                result.payload = {"lembaga": owner, **values}
            seen.add(key)
        results.append(result)
    return results


def _values(cells: dict, result: RowResult) -> dict:
    values = {"uraian": cells.get("uraian", "")[:255]}
    for column, choices, what in (("kategori", KATEGORI, _("Kategori")), ("jenis", JenisSumber.choices, _("Jenis"))):
        try:
            values[column] = choice(cells.get(column, ""), choices, what=what)
        except CellError as exc:
            result.error(column, str(exc))
    if not values["uraian"]:
        result.error("uraian", _("Uraian wajib diisi."))
    return values


def _existing(lembaga) -> set[tuple]:
    keys = set()
    for kategori, model in (("sumber", SumberDaya), ("kebutuhan", Kebutuhan)):
        for owner, jenis, uraian in model.objects.filter(lembaga__in=list(lembaga)).values_list(
            "lembaga_id", "jenis", "uraian"
        ):
            keys.add((owner, kategori, jenis, uraian.lower()))
    return keys


def write(results: list[RowResult], user) -> None:
    services.sumber_kebutuhan_bulk_add(items=[r.payload for r in results if r.payload], oleh=user)
