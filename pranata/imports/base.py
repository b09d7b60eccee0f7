"""Shared pieces of the importers: reading files, row results, cell parsers with Indonesian messages."""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

import phonenumbers
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook

# A cell starting with one of these is a formula to a spreadsheet; exports prefix it with an apostrophe and
# imports take the apostrophe off again (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

XLSX_MAGIC = b"PK\x03\x04"

# An empty cell keeps what is stored; a cell holding only this marker clears an optional field.
CLEAR = "-"


class ImportFileError(Exception):
    """The file as a whole cannot be read (empty, too big, not CSV/XLSX, wrong headers)."""


class CellError(Exception):
    """One cell is wrong; the message says how, in Bahasa Indonesia."""


@dataclass
class RowResult:
    row: int
    key: str
    status: str = "tetap"  # baru | berubah | tetap | galat
    changes: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    payload: dict = field(default_factory=dict)

    def error(self, column: str, message: str) -> None:
        self.errors.append((column, message))
        self.status = "galat"


@dataclass
class Plan:
    kind: str
    rows: list[RowResult]

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


# --- reading ----------------------------------------------------------------------------------


def read_table(
    data: bytes, filename: str, *, columns: tuple[str, ...], required: tuple[str, ...]
) -> list[tuple[int, dict]]:
    """Rows as (row number in the file, {column: text}); the header is row 1."""
    limit = settings.SIMPUL_IMPORT_MAX_MB
    if len(data) > limit * 1024 * 1024:
        raise ImportFileError(
            f"Berkas terlalu besar ({len(data) / 1048576:.0f} MB); batasnya {limit} MB. Pecah menjadi beberapa berkas."
        )
    if not data.strip():
        raise ImportFileError("Berkas kosong.")
    records = _xlsx(data) if data.startswith(XLSX_MAGIC) else _csv(data, filename)
    records = [(n, cells) for n, cells in records if any(str(c).strip() for c in cells if c is not None)]
    if not records:
        raise ImportFileError("Berkas kosong.")
    header = records[0][1]
    names = [_column_name(cell) for cell in header]
    _check_header(names, columns, required)
    return [
        (n, {name: _text(cells[i]) if i < len(cells) else "" for i, name in enumerate(names) if name})
        for n, cells in records[1:]
    ]


def _xlsx(data: bytes) -> list[tuple[int, list]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ImportFileError("Berkas XLSX tidak dapat dibaca; simpan ulang dari Excel sebagai .xlsx.") from None
    sheet = book.worksheets[0]
    return [(n, list(row)) for n, row in enumerate(sheet.iter_rows(values_only=True), start=1)]


def _csv(data: bytes, filename: str) -> list[tuple[int, list]]:
    if b"\x00" in data[:4096] or data.startswith(b"%PDF"):
        raise ImportFileError(f"“{filename}” bukan berkas CSV atau XLSX. Simpan dari Excel sebagai CSV atau XLSX.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows writes "CSV" in the ANSI code page: Windows-1252 for Indonesian installations.
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return list(enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1))


def _column_name(cell) -> str:
    return re.sub(r"\s+", "_", str(cell or "").strip().lstrip("\ufeff").lower())


def _check_header(names: list[str], columns: tuple[str, ...], required: tuple[str, ...]) -> None:
    unknown = [name for name in names if name and name not in columns]
    missing = [name for name in required if name not in names]
    if unknown or missing:
        parts = []
        if missing:
            parts.append("kolom wajib tidak ada: " + ", ".join(missing))
        if unknown:
            parts.append("kolom tidak dikenal: " + ", ".join(unknown))
        raise ImportFileError(
            "Judul kolom tidak sesuai templat ("
            + "; ".join(parts)
            + "). Kolom yang dikenal: "
            + ", ".join(columns)
            + "."
        )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
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


def choice(value: str, choices, *, what: str) -> str:
    """Accept a stored value or its Indonesian label, case-insensitively."""
    wanted = value.strip().lower()
    for key, label in choices:
        if wanted in {str(key).lower(), str(label).lower()}:
            return key
    options = ", ".join(str(label) for _key, label in choices)
    raise CellError(f"{what} “{value}” tidak dikenal; pilih salah satu: {options}.")


def integer(value: str, *, minimum: int | None = None, maximum: int | None = None, what: str) -> int | None:
    if not value:
        return None
    try:
        number = int(value.replace(".", "").replace(" ", ""))
    except ValueError:
        raise CellError(f"{what} harus berupa angka bulat, bukan “{value}”.") from None
    if minimum is not None and number < minimum:
        raise CellError(f"{what} tidak boleh kurang dari {minimum}.")
    if maximum is not None and number > maximum:
        raise CellError(f"{what} tidak boleh lebih dari {maximum}.")
    return number


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y")


def date(value: str, *, what: str) -> datetime.date:
    for fmt in DATE_FORMATS:
        try:
            parsed = datetime.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
        if parsed > timezone.localdate():
            raise CellError(f"{what} {value} ada di masa depan.")
        return parsed
    raise CellError(f"{what} “{value}” bukan tanggal yang valid (tulis 31/12/2024 atau 2024-12-31).")


def phone(value: str) -> str:
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "ID")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise CellError(f"Nomor telepon “{value}” tidak valid; tulis seperti 0812-3456-7890.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
