"""Import lembaga: match on `kode` (or name within the kelurahan) and report every change; the services write.

An empty cell keeps the stored value; a cell holding only "-" clears an optional field.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import access, duplicates, services
from ..models import KODE_LEMBAGA_RE, JenisLembaga, Lembaga, PranataSosial, Sektor, StatusLembaga, Tingkat, Wilayah
from .base import CLEAR, CellError, RowResult, choice, date, dated_change, describe, integer, phone

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
    "aktif_sejak",
    "jenis",  # last: files made from older templates keep their column order
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
    "aktif_sejak": "",
    "jenis": "Posyandu",
}
# The template's "petunjuk" sheet (and the import page) explain the columns with these lines.
GUIDE = [
    (
        "kode",
        gettext_lazy(
            "Boleh kosong untuk lembaga baru (kode dibuat otomatis); kode yang sudah ada memperbarui lembaga itu."
        ),
    ),
    ("kode_wilayah, nama, sektor, pranata", gettext_lazy("Wajib untuk lembaga baru.")),
    (
        "jenis",
        gettext_lazy(
            "Jenis lembaga, mis. Karang taruna, PKK, Posyandu, Kelompok WKSBM, LKS, LK3 atau Dunia usaha yang "
            "melakukan UKS (kosong pada lembaga baru: Lainnya)."
        ),
    ),
    (gettext_lazy("(sel kosong)"), gettext_lazy("Nilai yang tersimpan tidak berubah.")),
    (
        format_lazy(gettext_lazy("tanda minus “{tanda}”"), tanda=CLEAR),
        gettext_lazy(
            "Isi tanda minus saja untuk mengosongkan kolom yang tidak wajib: singkatan, tahun_berdiri, jumlah_anggota, "
            "alamat, kontak_nama, kontak_telepon."
        ),
    ),
    (
        "status",
        gettext_lazy(
            "Aktif, Tidak aktif atau Arsip. Perubahan status berlaku hari ini; laporan sebelumnya tidak berubah."
        ),
    ),
    (
        "aktif_sejak",
        gettext_lazy("Sejak kapan lembaga dihitung dalam jaringan (kosong: 1 Januari tahun berdiri, atau hari ini)."),
    ),
]
# Optional fields a "-" cell clears, and the value they are cleared to.
CLEARABLE = {
    "singkatan": "",
    "tahun_berdiri": None,
    "jumlah_anggota": None,
    "alamat": "",
    "kontak_nama": "",
    "kontak_telepon": "",
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
        homes = {lem.wilayah_id for lem in self.by_kode.values()}
        self.editable_ids = set(access.editable_kelurahan(user).filter(pk__in=homes).values_list("pk", flat=True))
        by_name = Lembaga.objects.filter(wilayah__in=self.wilayah.values()).annotate(lower=Lower("nama"))
        self.by_name = {(lem.lower, lem.wilayah_id): lem for lem in by_name}
        self.names: dict[int, list[tuple[int, str]]] = {}
        self.by_pk_name = {lem.pk: lem for lem in self.by_name.values()}
        for lem in self.by_name.values():
            self.names.setdefault(lem.wilayah_id, []).append((lem.pk, lem.nama))
        known = sorted({lem.pk for lem in self.by_kode.values()} | {lem.pk for lem in self.by_name.values()})
        self.bounds = services.lembaga_lifecycle_bounds(known)
        self.today = timezone.localdate()
        self._kelurahan: dict[int, duplicates.Kelurahan] = {}

    def kelurahan(self, wilayah_id: int) -> duplicates.Kelurahan:
        """The kelurahan's registered names, normalised once for the whole file."""
        if wilayah_id not in self._kelurahan:
            self._kelurahan[wilayah_id] = duplicates.Kelurahan(self.names.get(wilayah_id, []))
        return self._kelurahan[wilayah_id]


def check(rows: list[tuple[int, dict]], user) -> list[RowResult]:
    lookups = Lookups(rows, user)
    seen_kode: dict[str, int] = {}
    seen_name: dict[tuple, int] = {}
    results = []
    for n, cells in rows:
        result = RowResult(row=n, key=cells.get("kode") or cells.get("nama", ""))
        values = _values(cells, lookups, result)
        if result.status != "galat":
            _duplicates(values, result, seen_kode, seen_name)
        if result.status != "galat":
            _compare(values, lookups, result)
        results.append(result)
    return results


def _values(cells: dict, lookups: Lookups, result: RowResult) -> dict:
    """The row's filled cells, parsed; a clear marker becomes the field's empty value (in `values["_cleared"]`).
    kode_wilayah and nama are header columns the file must have (REQUIRED), so every row has them: an empty one
    goes to its parser, which refuses it."""
    values: dict = {"_cleared": set()}
    parsers = {
        "kode_wilayah": lambda v: _wilayah(v, lookups),
        "nama": _nama,
        "singkatan": lambda v: v[:30],
        "sektor": lambda v: choice(v, Sektor.choices, what=_("Sektor")),
        "jenis": lambda v: choice(v, JenisLembaga.choices, what=_("Jenis")),
        "pranata": lambda v: _pranata(v, lookups),
        "tahun_berdiri": lambda v: integer(v, minimum=1800, maximum=timezone.localdate().year, what=_("Tahun berdiri")),
        "jumlah_anggota": lambda v: integer(v, minimum=0, what=_("Jumlah anggota")),
        "alamat": lambda v: v[:255],
        "kontak_nama": lambda v: v[:100],
        "kontak_telepon": phone,
        "status": lambda v: choice(v, StatusLembaga.choices, what=_("Status")),
        "aktif_sejak": lambda v: date(v, what=_("Tanggal aktif")),
        "kode": _kode,
    }
    for column, value in cells.items():
        if value == CLEAR:
            if column in CLEARABLE:
                values[column] = CLEARABLE[column]
                values["_cleared"].add(column)
            else:
                result.error(
                    column,
                    _("Kolom %(kolom)s tidak dapat dikosongkan dengan “%(tanda)s”.")
                    % {"kolom": column, "tanda": CLEAR},
                )
            continue
        if not value and column not in {"nama", "kode_wilayah"}:
            continue  # an empty cell keeps what is stored
        try:
            values[column] = parsers[column](value)
        except CellError as exc:
            result.error(column, str(exc))
    return values


def _wilayah(value: str, lookups: Lookups) -> Wilayah:
    wilayah = lookups.wilayah.get(value)
    if wilayah is None:
        raise CellError(_("Kode wilayah “%(kode)s” tidak dikenal.") % {"kode": value})
    if wilayah.tingkat != Tingkat.KELURAHAN:
        raise CellError(_("“%(kode)s” bukan kode kelurahan/desa (contoh 16.71.05.1006).") % {"kode": value})
    if wilayah.pk not in lookups.editable:
        raise CellError(
            _("Kelurahan/desa %(nama)s (%(kode)s) di luar wilayah tugas Anda.") % {"nama": wilayah.nama, "kode": value}
        )
    return wilayah


def _nama(value: str) -> str:
    value = value.strip()
    if not value:
        raise CellError(_("Nama lembaga wajib diisi."))
    if len(value) > 150:
        raise CellError(_("Nama lembaga terlalu panjang (maksimal 150 huruf)."))
    return value


def _pranata(value: str, lookups: Lookups) -> PranataSosial:
    found = lookups.pranata.get(value.strip().lower())
    if found is None:
        raise CellError(_("Pranata sosial “%(nama)s” tidak dikenal.") % {"nama": value})
    return found


def _kode(value: str) -> str:
    if value and not KODE_LEMBAGA_RE.match(value):
        raise CellError(
            _("Kode lembaga “%(kode)s” tidak valid (huruf, angka, titik, garis miring atau tanda hubung).")
            % {"kode": value}
        )
    return value


def _duplicates(values, result: RowResult, seen_kode: dict, seen_name: dict) -> None:
    kode = values.get("kode")
    if kode:
        if kode in seen_kode:
            result.error(
                "kode", _("Kode %(kode)s sudah dipakai di baris %(baris)s.") % {"kode": kode, "baris": seen_kode[kode]}
            )
        seen_kode.setdefault(kode, result.row)
    name_key = (values["nama"].lower(), values["kode_wilayah"].pk)
    if name_key in seen_name:
        result.error(
            "nama",
            _("“%(nama)s” di kelurahan yang sama sudah ada di baris %(baris)s.")
            % {"nama": values["nama"], "baris": seen_name[name_key]},
        )
    seen_name.setdefault(name_key, result.row)


def _compare(values: dict, lookups: Lookups, result: RowResult) -> None:
    cleared = values.pop("_cleared")
    wilayah = values.pop("kode_wilayah")
    kode = values.pop("kode", "")
    existing = lookups.by_kode.get(kode) if kode else lookups.by_name.get((values["nama"].lower(), wilayah.pk))
    same_name = lookups.by_name.get((values["nama"].lower(), wilayah.pk))
    if same_name and existing and same_name.pk != existing.pk:
        result.error("nama", _("Nama ini sudah dipakai %(kode)s di kelurahan yang sama.") % {"kode": same_name.kode})
        return
    if existing is None and same_name is not None and kode:
        result.error(
            "kode", _("Nama ini sudah terdaftar dengan kode %(kode)s; pakai kode itu.") % {"kode": same_name.kode}
        )
        return
    if existing is None:
        _plan_new(wilayah, kode, values, lookups, result)
        return
    if existing.wilayah_id != wilayah.pk:
        if existing.wilayah_id in lookups.editable_ids:
            result.error(
                "kode_wilayah",
                _("Lembaga %(kode)s terdaftar di kelurahan lain; pindahkan lewat halaman lembaga.")
                % {"kode": existing.kode},
            )
        else:  # outside the user's scope: say nothing about where, or whose, it is
            result.error(
                "kode",
                _("Kode %(kode)s sudah dipakai; kosongkan kolom kode untuk lembaga baru.") % {"kode": existing.kode},
            )
        return
    _plan_change(existing, values, cleared, lookups, result)


def _plan_new(wilayah: Wilayah, kode: str, values: dict, lookups: Lookups, result: RowResult) -> None:
    missing = {
        "sektor": _("Sektor wajib diisi untuk lembaga baru."),
        "pranata": _("Pranata sosial wajib diisi untuk lembaga baru."),
    }
    for column, message in missing.items():
        if column not in values:
            result.error(column, message)
    if "aktif_sejak" in values:
        _check(
            result,
            services.check_aktif_sejak,
            values["aktif_sejak"],
            first_tie=None,
            first_change=None,
            today=lookups.today,
        )
    if result.status == "galat":
        return
    result.status = "baru"
    result.payload = {"create": {"wilayah": wilayah, "kode": kode, **values}}
    for similar in lookups.kelurahan(wilayah.pk).similar_to(values["nama"])[:3]:
        existing = lookups.by_pk_name[similar.id]
        result.warnings.append(
            _("Mungkin sama dengan “%(nama)s” (%(kode)s) di %(wilayah)s.")
            % {"nama": existing.nama, "kode": existing.kode, "wilayah": wilayah.nama}
        )


def _plan_change(existing: Lembaga, values: dict, cleared: set, lookups: Lookups, result: RowResult) -> None:
    changes = {
        name: value for name, value in values.items() if name in FIELDS and _differs(getattr(existing, name), value)
    }
    status = changes.get("status")
    if "aktif_sejak" in changes:
        first_tie, first_change, _last = lookups.bounds[existing.pk]
        _check(
            result,
            services.check_aktif_sejak,
            changes["aktif_sejak"],
            first_tie=first_tie,
            first_change=first_change,
            today=lookups.today,
        )
    if status is not None:
        proxy = Lembaga(
            nama=existing.nama, status=existing.status, aktif_sejak=changes.get("aktif_sejak", existing.aktif_sejak)
        )
        _check(
            result,
            services.check_status_change,
            lembaga=proxy,
            status=status,
            tanggal=lookups.today,
            last_change=lookups.bounds[existing.pk][2],
            today=lookups.today,
        )
    if result.status == "galat" or not changes:
        return
    result.status = "berubah"
    result.changes = [
        _describe_change(name, getattr(existing, name), value, name in cleared) for name, value in changes.items()
    ]
    result.payload = {"update": existing, "fields": changes}


def _check(result: RowResult, rule, *args, **kwargs) -> None:
    """Run a services rule; its field-keyed message lands on the row's column of the same name."""
    try:
        rule(*args, **kwargs)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                result.error("aktif_sejak" if field == "tanggal" else field, message)


def _describe_change(name: str, current, new, cleared: bool) -> str:
    label = name  # the file's own column name
    if name == "status":
        current, new = StatusLembaga(current).label, StatusLembaga(new).label
        return dated_change(label, current, new, timezone.localdate())
    if hasattr(current, "pk"):
        current = str(current)
    labels = {"sektor": dict(Sektor.choices), "jenis": dict(JenisLembaga.choices)}.get(name)
    if labels:
        current, new = labels.get(current, current), labels.get(new, new)
    return f"{label}: {describe(current)} → {_('(dikosongkan)') if cleared else describe(new)}"


def _differs(current, new) -> bool:
    if current is None or current == "":
        return new not in (None, "")
    return str(current) != str(new) if not hasattr(current, "pk") else current.pk != getattr(new, "pk", new)


def write(results: list[RowResult], user) -> None:
    """Create and update through the services (bulk, with a history record per row, attributed to the user)."""
    services.lembaga_bulk_create(rows=[r.payload["create"] for r in results if "create" in r.payload], oleh=user)
    services.lembaga_bulk_update(
        changes=[(r.payload["update"], dict(r.payload["fields"])) for r in results if "update" in r.payload],
        oleh=user,
        alasan=_("Diimpor dari berkas"),
    )
