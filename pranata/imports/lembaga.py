"""Import lembaga: match on `kode` (or name within the kelurahan), report every change, bulk-write with history."""

from __future__ import annotations

from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .. import access, services
from ..models import KODE_LEMBAGA_RE, Lembaga, PranataSosial, Sektor, StatusLembaga, Tingkat, Wilayah
from .base import CellError, RowResult, choice, integer, phone

COLUMNS = (
    "kode",
    "kode_wilayah",
    "nama",
    "singkatan",
    "sektor",
    "pranata",
    "tahun_berdiri",
    "jumlah_anggota",
    "alamat",
    "kontak_nama",
    "kontak_telepon",
    "status",
)
REQUIRED = ("kode_wilayah", "nama", "sektor", "pranata")
FIELDS = tuple(column for column in COLUMNS if column not in {"kode", "kode_wilayah"})
EXAMPLE = {
    "kode": "",
    "kode_wilayah": "16.71.05.1006",
    "nama": "Posyandu Melati RW 03",
    "singkatan": "",
    "sektor": "Warga/masyarakat",
    "pranata": "Kesehatan",
    "tahun_berdiri": "2010",
    "jumlah_anggota": "25",
    "alamat": "Jl. Mayor Ruslan RW 03",
    "kontak_nama": "Bu Nurhayati",
    "kontak_telepon": "0812-7866-4260",
    "status": "Aktif",
}


class Lookups:
    """Everything the rows refer to, fetched once for the whole file."""

    def __init__(self, rows: list[tuple[int, dict]], user):
        kodes = {cells.get("kode_wilayah", "") for _n, cells in rows}
        self.wilayah = {w.kode: w for w in Wilayah.objects.filter(kode__in=kodes)}
        self.editable = set(access.editable_kelurahan(user).filter(kode__in=kodes).values_list("pk", flat=True))
        self.pranata = {}
        for item in PranataSosial.objects.all():
            self.pranata[item.kode.lower()] = self.pranata[item.nama.lower()] = item
        codes = {cells.get("kode", "") for _n, cells in rows} - {""}
        self.by_kode = {lem.kode: lem for lem in Lembaga.objects.filter(kode__in=codes)}
        by_name = Lembaga.objects.filter(wilayah__in=self.wilayah.values()).annotate(lower=Lower("nama"))
        self.by_name = {(lem.lower, lem.wilayah_id): lem for lem in by_name}


def check(rows: list[tuple[int, dict]], user) -> list[RowResult]:
    lookups = Lookups(rows, user)
    seen_kode: dict[str, int] = {}
    seen_name: dict[tuple, int] = {}
    results = []
    for n, cells in rows:
        result = RowResult(row=n, key=cells.get("kode") or cells.get("nama", ""))
        values = _values(cells, lookups, result)
        if result.status != "galat":
            _duplicates(cells, values, result, seen_kode, seen_name)
        if result.status != "galat":
            _compare(cells, values, lookups, result)
        results.append(result)
    return results


def _values(cells: dict, lookups: Lookups, result: RowResult) -> dict:
    values: dict = {}
    parsers = {
        "kode_wilayah": lambda v: _wilayah(v, lookups),
        "nama": _nama,
        "singkatan": lambda v: v[:30],
        "sektor": lambda v: choice(v, Sektor.choices, what="Sektor"),
        "pranata": lambda v: _pranata(v, lookups),
        "tahun_berdiri": lambda v: integer(v, minimum=1800, maximum=timezone.localdate().year, what="Tahun berdiri"),
        "jumlah_anggota": lambda v: integer(v, minimum=0, what="Jumlah anggota"),
        "alamat": lambda v: v[:255],
        "kontak_nama": lambda v: v[:100],
        "kontak_telepon": phone,
        "status": lambda v: choice(v, StatusLembaga.choices, what="Status") if v else StatusLembaga.AKTIF,
        "kode": _kode,
    }
    for column, value in cells.items():
        try:
            values[column] = parsers[column](value)
        except CellError as exc:
            result.error(column, str(exc))
    return values


def _wilayah(value: str, lookups: Lookups) -> Wilayah:
    wilayah = lookups.wilayah.get(value)
    if wilayah is None:
        raise CellError(f"Kode wilayah “{value}” tidak dikenal.")
    if wilayah.tingkat != Tingkat.KELURAHAN:
        raise CellError(f"“{value}” bukan kode kelurahan/desa (contoh 16.71.05.1006).")
    if wilayah.pk not in lookups.editable:
        raise CellError(f"Kelurahan/desa {wilayah.nama} ({value}) di luar wilayah tugas Anda.")
    return wilayah


def _nama(value: str) -> str:
    if not value:
        raise CellError("Nama lembaga wajib diisi.")
    if len(value) > 150:
        raise CellError("Nama lembaga terlalu panjang (maksimal 150 huruf).")
    return value


def _pranata(value: str, lookups: Lookups) -> PranataSosial:
    found = lookups.pranata.get(value.strip().lower())
    if found is None:
        raise CellError(f"Pranata sosial “{value}” tidak dikenal.")
    return found


def _kode(value: str) -> str:
    if value and not KODE_LEMBAGA_RE.match(value):
        raise CellError(f"Kode lembaga “{value}” tidak valid (huruf, angka, titik, garis miring atau tanda hubung).")
    return value


def _duplicates(cells, values, result: RowResult, seen_kode: dict, seen_name: dict) -> None:
    kode = values.get("kode")
    if kode:
        if kode in seen_kode:
            result.error("kode", f"Kode {kode} sudah dipakai di baris {seen_kode[kode]}.")
        seen_kode.setdefault(kode, result.row)
    name_key = (values["nama"].lower(), values["kode_wilayah"].pk)
    if name_key in seen_name:
        result.error("nama", f"“{values['nama']}” di kelurahan yang sama sudah ada di baris {seen_name[name_key]}.")
    seen_name.setdefault(name_key, result.row)


def _compare(cells: dict, values: dict, lookups: Lookups, result: RowResult) -> None:
    wilayah = values.pop("kode_wilayah")
    kode = values.pop("kode", "")
    existing = lookups.by_kode.get(kode) if kode else lookups.by_name.get((values["nama"].lower(), wilayah.pk))
    same_name = lookups.by_name.get((values["nama"].lower(), wilayah.pk))
    if same_name and existing and same_name.pk != existing.pk:
        result.error("nama", f"Nama ini sudah dipakai {same_name.kode} di kelurahan yang sama.")
        return
    if existing is None and same_name is not None and kode:
        result.error("kode", f"Nama ini sudah terdaftar dengan kode {same_name.kode}; pakai kode itu.")
        return
    if existing is None:
        result.status = "baru"
        result.payload = {"create": {"wilayah": wilayah, "kode": kode, **values}}
        return
    if existing.wilayah_id != wilayah.pk:
        result.error(
            "kode_wilayah", f"Lembaga {existing.kode} terdaftar di kelurahan lain; pindahkan lewat halaman lembaga."
        )
        return
    changes = {
        name: value for name, value in values.items() if name in FIELDS and _differs(getattr(existing, name), value)
    }
    if changes:
        result.status = "berubah"
        result.changes = [
            f"{name}: {getattr(existing, name) or '–'} → {value or '–'}" for name, value in changes.items()
        ]
        result.payload = {"update": existing, "fields": changes}


def _differs(current, new) -> bool:
    if current is None or current == "":
        return new not in (None, "")
    return str(current) != str(new) if not hasattr(current, "pk") else current.pk != getattr(new, "pk", new)


def write(results: list[RowResult], user) -> None:
    """Create and update in bulk, with a history record per row, attributed to the importing user."""
    creates = [dict(r.payload["create"]) for r in results if "create" in r.payload]
    _assign_codes(creates)
    new = [Lembaga(dibuat_oleh=user, **fields) for fields in creates]
    bulk_create_with_history(new, Lembaga, batch_size=2000, default_user=user)
    changed, names = [], set()
    for result in results:
        if "update" in result.payload:
            lembaga = result.payload["update"]
            for name, value in result.payload["fields"].items():
                setattr(lembaga, name, value)
                names.add(name)
            lembaga.diubah = timezone.now()
            changed.append(lembaga)
    if changed:
        bulk_update_with_history(changed, Lembaga, [*names, "diubah"], batch_size=2000, default_user=user)


def _assign_codes(creates: list[dict]) -> None:
    """Generated codes continue each kelurahan's sequence: one query per kelurahan, not one per row."""
    taken: dict[int, set[str]] = {}
    for fields in creates:
        if fields["kode"]:
            taken.setdefault(fields["wilayah"].pk, set()).add(fields["kode"])
    counters: dict[int, int] = {}
    for fields in creates:
        if fields["kode"]:
            continue
        wilayah = fields["wilayah"]
        if wilayah.pk not in counters:
            first = services.lembaga_next_kode(wilayah, taken=taken.get(wilayah.pk, set()))
            counters[wilayah.pk] = int(first.rsplit("-", 1)[1])
        fields["kode"] = f"{wilayah.kode}-{counters[wilayah.pk]:04d}"
        counters[wilayah.pk] += 1
