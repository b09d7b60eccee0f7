"""Tables as CSV and XLSX files, formulas neutralised, and the lembaga list in the import template's columns.
(A report's own tables are `pranata.reports.tables`.)"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from . import text
from .imports import lembaga as lembaga_import
from .imports.base import FORMULA_PREFIXES


def safe_cell(value: object) -> object:
    """Neutralise spreadsheet formulas (a lembaga named "=HYPERLINK(…)" must stay text) and drop control
    characters that XLSX cannot hold, whatever got into the database."""
    if isinstance(value, str):
        value = text.clean(value, multiline=True)
        if value.startswith(FORMULA_PREFIXES):
            return "'" + value
    return value


def to_csv(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    # A BOM so Excel opens Indonesian names (é, –) correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def sheets_to_xlsx(sheets: dict[str, list[list]]) -> bytes:
    """One worksheet per table (header row first), formulas neutralised."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([safe_cell(cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


PERSONAL_COLUMNS = ["kontak_nama", "kontak_telepon"]
# The import template's columns (personal ones last, only when asked): an export is a valid import file.
LEMBAGA_COLUMNS = [c for c in lembaga_import.COLUMNS if c not in PERSONAL_COLUMNS]


def lembaga_rows(lembaga, *, personal: bool) -> list[list]:
    """The lembaga list in the import template's columns, so an export can be edited and imported back."""
    header = LEMBAGA_COLUMNS + (PERSONAL_COLUMNS if personal else [])
    rows = [header]
    for item in lembaga.select_related("wilayah", "pranata").iterator(chunk_size=2000):
        row = [
            item.kode,
            item.wilayah.kode,
            item.nama,
            item.singkatan,
            item.get_sektor_display(),
            item.pranata.nama,
            item.tahun_berdiri,
            item.jumlah_anggota,
            item.alamat,
            item.get_status_display(),
            f"{item.aktif_sejak:%d/%m/%Y}",
            item.get_jenis_display(),
        ]
        if personal:
            row += [item.kontak_nama, str(item.kontak_telepon or "")]
        rows.append(row)
    return rows


def download(rows: list[list], *, filename: str, fmt: str, sheet: str = "data"):
    """An HttpResponse with the table as CSV or XLSX."""
    if fmt == "xlsx":
        body = sheets_to_xlsx({sheet: rows})
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, content_type = to_csv(rows), "text/csv; charset=utf-8"
    from .web import attachment  # web imports forms; keep exports importable without the web layer

    return attachment(body, f"{filename}.{fmt}", content_type)
