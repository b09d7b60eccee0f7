"""Shared pieces of the importers: reading files, row results, cell parsers with messages in the user's language."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import phonenumbers
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ..text import clean

# A cell starting with one of these is a formula to a spreadsheet; exports prefix it with an apostrophe and
# imports take the apostrophe off again (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

XLSX_MAGIC = b"PK\x03\x04"

# An empty cell keeps what is stored; a cell holding only this marker clears an optional field.
CLEAR = "-"


class ImportFileError(Exception):
    """The file as a whole cannot be read (empty, too big, not CSV/XLSX, wrong headers)."""


class CellError(Exception):
    """One cell is wrong; the message says how, in the user's language."""


@dataclass
class RowResult:
    row: int
    key: str
    status: str = "tetap"  # baru | berubah | tetap | galat
    changes: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    warnings: list[str] = field(default_factory=list)  # worth a look, but the row can be saved (e.g. a similar name)
    payload: dict = field(default_factory=dict)

    def error(self, column: str, message: str) -> None:
        self.errors.append((column, message))
        self.status = "galat"


@dataclass
class Plan:
    kind: str
    rows: list[RowResult]
    notes: list[str] = field(default_factory=list)  # about the file as a whole (e.g. its encoding)

    @property
    def counts(self) -> dict[str, int]:
        counts = {"baru": 0, "berubah": 0, "tetap": 0, "galat": 0}
        for row in self.rows:
            counts[row.status] += 1
        return counts

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not any(row.status == "galat" for row in self.rows)

    @property
    def error_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.status == "galat"]

    @property
    def warning_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.warnings]


# --- reading ----------------------------------------------------------------------------------


# Bounds that keep any file, honest or hostile, cheap to refuse: rows and columns read, and for XLSX (a zip of
# XML) the uncompressed size and compression ratio, checked before the XML is parsed.
MAX_COLUMNS = 40
XLSX_MAX_ENTRIES = 200
XLSX_MAX_RATIO = 100  # a sheet's XML compresses ~5–15×; a bomb, hundreds of times
CSV_FIELD_LIMIT = 131072  # Python's csv default, kept: a longer cell is refused with its row number


def read_table(
    data: bytes, filename: str, *, columns: tuple[str, ...], required: tuple[str, ...]
) -> tuple[list[tuple[int, dict]], list[str]]:
    """Rows as (row number in the file, {column: text}), the header being row 1; and notes for the preview
    (e.g. the encoding it was read in)."""
    limit = settings.SIMPUL_IMPORT_MAX_MB
    if len(data) > limit * 1024 * 1024:
        raise ImportFileError(
            _("Berkas terlalu besar (%(mb).0f MB); batasnya %(limit)s MB. Pecah menjadi beberapa berkas.")
            % {"mb": len(data) / 1048576, "limit": limit}
        )
    if not data.strip():
        raise ImportFileError(_("Berkas kosong."))
    notes: list[str] = []
    records = _xlsx(data) if data.startswith(XLSX_MAGIC) else _csv(data, filename, notes)
    rows = []
    header = None
    for n, cells in records:
        if not any(str(c).strip() for c in cells if c is not None):
            continue
        if header is None:
            header = [_column_name(cell) for cell in cells]
            _check_header(header, columns, required)
            continue
        rows.append((n, {name: _text(cells[i]) if i < len(cells) else "" for i, name in enumerate(header) if name}))
    if header is None:
        raise ImportFileError(_("Berkas kosong."))
    return rows, notes


def _too_many_rows() -> ImportFileError:
    limit = settings.SIMPUL_IMPORT_MAX_ROWS
    return ImportFileError(
        _("Berkas berisi lebih dari %(n)s baris (batasnya); pecah menjadi beberapa berkas.") % {"n": _grouped(limit)}
    )


def _grouped(number: int) -> str:
    """A count with thousands grouped the reader's way (1.000 in Indonesian, 1,000 in English)."""
    return formats.number_format(number, force_grouping=True)


def _check_zip(data: bytes) -> None:
    """Refuse a zip bomb from the zip's own directory, before any XML is inflated."""
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile:
        raise ImportFileError(_("Berkas XLSX tidak dapat dibaca; simpan ulang dari Excel sebagai .xlsx.")) from None
    limit_mb = settings.SIMPUL_IMPORT_MAX_XML_MB
    total = sum(entry.file_size for entry in entries)
    if len(entries) > XLSX_MAX_ENTRIES:
        raise ImportFileError(
            _(
                "Berkas XLSX ini berisi terlalu banyak bagian (%(n)s; batasnya %(limit)s), tidak seperti buku kerja "
                "biasa. Simpan ulang dari Excel sebagai .xlsx, atau simpan sebagai CSV."
            )
            % {"n": len(entries), "limit": XLSX_MAX_ENTRIES}
        )
    if total > limit_mb * 1024 * 1024:
        raise ImportFileError(
            _(
                "Isi berkas XLSX ini terlalu besar setelah dibuka (%(mb).0f MB; batasnya %(limit)s MB). "
                "Pecah menjadi beberapa berkas, atau simpan sebagai CSV."
            )
            % {"mb": total / 1048576, "limit": limit_mb}
        )
    for entry in entries:
        if entry.file_size > 1024 * 1024 and entry.file_size > XLSX_MAX_RATIO * max(entry.compress_size, 1):
            raise ImportFileError(
                _(
                    "Berkas XLSX ini tidak wajar (isinya mengembang lebih dari %(ratio)s× saat dibuka); simpan "
                    "ulang dari Excel atau sebagai CSV."
                )
                % {"ratio": XLSX_MAX_RATIO}
            )


def _xlsx(data: bytes) -> Iterator[tuple[int, list]]:
    _check_zip(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
    except Exception:
        raise ImportFileError(_("Berkas XLSX tidak dapat dibaca; simpan ulang dari Excel sebagai .xlsx.")) from None
    # Ignore the sheet's declared size (a hostile file declares A1:XFD1048576): read what is there, at most
    # MAX_COLUMNS wide; stop at the row limit.
    sheet.reset_dimensions()
    max_rows = settings.SIMPUL_IMPORT_MAX_ROWS + 1  # + the header
    filled = 0
    try:
        for n, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
            if any(cell is not None and str(cell).strip() for cell in row):
                filled += 1
                if filled > max_rows:
                    raise _too_many_rows()
                yield n, list(row)
    finally:
        book.close()


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


def _decode(data: bytes, filename: str, notes: list[str]) -> str:
    """Strict UTF-8 (with or without BOM). Windows-1252 (Excel's "CSV" on Indonesian Windows) only when the file
    holds no UTF-8 at all, and then the preview says so; a mix is refused with the line to fix."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(data):
            line = data[: exc.start].count(b"\n") + 1
            raise ImportFileError(
                _(
                    "Baris %(baris)s berisi huruf yang bukan UTF-8, padahal bagian lain berkas UTF-8 (mungkin hasil "
                    "tempel dari program lain). Perbaiki huruf di baris itu atau simpan ulang sebagai “CSV UTF-8”."
                )
                % {"baris": line}
            ) from None
    notes.append(
        _(
            "“%(berkas)s” dibaca sebagai Windows-1252 (CSV Excel Windows), bukan UTF-8. Periksa huruf seperti é dan "
            "“–” di pratinjau; bila salah, simpan ulang sebagai “CSV UTF-8”."
        )
        % {"berkas": filename}
    )
    return data.decode("cp1252", errors="replace")


def _csv(data: bytes, filename: str, notes: list[str]) -> Iterator[tuple[int, list]]:
    if data.startswith(b"%PDF") or b"\x00" in data:
        raise ImportFileError(
            _("“%(berkas)s” bukan berkas CSV atau XLSX. Simpan dari Excel sebagai CSV atau XLSX.")
            % {"berkas": filename}
        )
    text = _decode(data, filename, notes)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    max_rows = settings.SIMPUL_IMPORT_MAX_ROWS + 1
    n = 0
    try:
        for n, row in enumerate(reader, start=1):
            if len(row) > MAX_COLUMNS:
                row = row[:MAX_COLUMNS]
            if n > max_rows and any(cell.strip() for cell in row):
                raise _too_many_rows()
            yield n, row
    except csv.Error:
        raise ImportFileError(
            _("Baris %(baris)s: sel terlalu panjang atau tanda kutip tidak tertutup (sel maksimal %(n)s huruf).")
            % {"baris": reader.line_num, "n": _grouped(CSV_FIELD_LIMIT)}
        ) from None


def _column_name(cell) -> str:
    return re.sub(r"\s+", "_", str(cell or "").strip().lstrip("\ufeff").lower())


def _check_header(names: list[str], columns: tuple[str, ...], required: tuple[str, ...]) -> None:
    unknown = [name for name in names if name and name not in columns]
    missing = [name for name in required if name not in names]
    values = {"wajib": ", ".join(missing), "asing": ", ".join(unknown), "kolom": ", ".join(columns)}
    if missing and unknown:
        message = _(
            "Judul kolom tidak sesuai templat (kolom wajib tidak ada: %(wajib)s; kolom tidak dikenal: %(asing)s). "
            "Kolom yang dikenal: %(kolom)s."
        )
    elif missing:
        message = _(
            "Judul kolom tidak sesuai templat (kolom wajib tidak ada: %(wajib)s). Kolom yang dikenal: %(kolom)s."
        )
    elif unknown:
        message = _("Judul kolom tidak sesuai templat (kolom tidak dikenal: %(asing)s). Kolom yang dikenal: %(kolom)s.")
    else:
        return
    raise ImportFileError(message % values)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = clean(str(value)).strip()
    # Our exports prefix formula-like cells with an apostrophe (see exports.safe_cell); read them back as typed.
    if text[:1] == "'" and text[1:2] and text[1:2] in FORMULA_PREFIXES:
        return text[1:].strip()
    return text


# --- cell parsers -----------------------------------------------------------------------------


def describe(value) -> str:
    """A stored or imported value as the preview shows it."""
    if value is None or value == "":
        return "–"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def dated_change(column: str, current, new, tanggal: datetime.date) -> str:
    """A planned change that takes effect on a date, as the preview lists it (the column is the file's own)."""
    values = {"kolom": column, "lama": current, "baru": new}
    if tanggal == timezone.localdate():
        return _("%(kolom)s: %(lama)s → %(baru)s (berlaku hari ini)") % values
    return _("%(kolom)s: %(lama)s → %(baru)s (berlaku %(tanggal)s)") % {**values, "tanggal": f"{tanggal:%d/%m/%Y}"}


def choice(value: str, choices, *, what: str) -> str:
    """Accept a stored value or its label, case-insensitively. `what` (in these messages) is the cell's name,
    translated by the caller."""
    wanted = value.strip().lower()
    for key, label in choices:
        if wanted in {str(key).lower(), str(label).lower()}:
            return key
    options = ", ".join(str(label) for _key, label in choices)
    raise CellError(
        _("%(what)s “%(value)s” tidak dikenal; pilih salah satu: %(options)s.")
        % {"what": what, "value": value, "options": options}
    )


# A whole number as people and programs write one: plain digits, thousands grouped with dots or spaces the
# Indonesian way (1.250 or 1 250), or a whole number with a zero decimal part as spreadsheets and pandas export
# it (25.0, 25,0). Anything else, 2.5 among them, is refused rather than read with its dot dropped (25).
_WHOLE = re.compile(r"-?(?:\d{1,3}(?:[. ]\d{3})+|\d+)")
_ZERO_DECIMALS = re.compile(r"(-?\d+)[.,]0+")


def integer(value: str, *, minimum: int | None = None, maximum: int | None = None, what: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if _WHOLE.fullmatch(value):
        number = int(value.replace(".", "").replace(" ", ""))
    elif decimal := _ZERO_DECIMALS.fullmatch(value):
        number = int(decimal[1])
    else:
        raise CellError(_("%(what)s harus berupa angka bulat, bukan “%(value)s”.") % {"what": what, "value": value})
    if minimum is not None and number < minimum:
        raise CellError(_("%(what)s tidak boleh kurang dari %(n)s.") % {"what": what, "n": minimum})
    if maximum is not None and number > maximum:
        raise CellError(_("%(what)s tidak boleh lebih dari %(n)s.") % {"what": what, "n": maximum})
    return number


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y")


# The two shapes nearly every file uses, read without strptime (a 30,000-row file has 60,000 dates);
# anything else, and any impossible date, goes through DATE_FORMATS.
_DAY_FIRST = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _parse_date(text: str) -> datetime.date | None:
    try:
        if match := _DAY_FIRST.fullmatch(text):
            return datetime.date(int(match[4]), int(match[3]), int(match[1]))
        if match := _ISO.fullmatch(text):
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def date(value: str, *, what: str, today: datetime.date | None = None) -> datetime.date:
    parsed = _parse_date(value.strip())
    if parsed is None:
        raise CellError(
            _("%(what)s “%(value)s” bukan tanggal yang valid (tulis 31/12/2024 atau 2024-12-31).")
            % {"what": what, "value": value}
        )
    if parsed > (today or timezone.localdate()):
        raise CellError(_("%(what)s %(value)s ada di masa depan.") % {"what": what, "value": value})
    return parsed


def phone(value: str) -> str:
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "ID")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise CellError(_("Nomor telepon “%(value)s” tidak valid; tulis seperti 0812-3456-7890.") % {"value": value})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
