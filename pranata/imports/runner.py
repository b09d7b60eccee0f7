"""Dispatch by kind: read the file, check every row (dry run), write a clean plan in one transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from .. import access
from ..bulk import collector_paused
from . import kerjasama, lembaga, sumber
from .base import ImportFileError, Plan, read_table

KINDS = {"lembaga": lembaga, "kerjasama": kerjasama, "sumber": sumber}
LABELS = {
    "lembaga": gettext_lazy("Lembaga"),
    "kerjasama": gettext_lazy("Kerjasama"),
    "sumber": gettext_lazy("Sumber daya & kebutuhan"),
}


def plan(kind: str, data: bytes, filename: str, user) -> Plan:
    """The dry run: nothing is written."""
    if not access.can_edit_registry(user):
        raise PermissionDenied(_("Peran Anda tidak dapat mengimpor data."))
    module = KINDS[kind]
    with collector_paused():  # tens of thousands of rows of plain values: nothing for the collector to find
        rows, notes = read_table(data, filename, columns=module.COLUMNS, required=module.REQUIRED)
        if not rows:
            raise ImportFileError(_("Berkas hanya berisi judul kolom, tanpa baris data."))
        return Plan(kind=kind, rows=module.check(rows, user), notes=notes)


@transaction.atomic
def apply(result: Plan, user) -> dict[str, int]:
    """Write every new and changed row, or (on any error) nothing."""
    if not result.ok:
        raise ImportFileError(
            _("Masih ada baris yang salah; perbaiki berkasnya dan unggah lagi. Tidak ada yang disimpan.")
        )
    with collector_paused():
        KINDS[result.kind].write(result.rows, user)
    return result.counts


def template_rows(kind: str) -> list[list[str]]:
    module = KINDS[kind]
    return [list(module.COLUMNS), [module.EXAMPLE[column] for column in module.COLUMNS]]


def template_guide(kind: str) -> list[list[str]]:
    """The template's "petunjuk" sheet: what each column takes (the first sheet is the one imported), in the
    reader's language; the column names themselves are the file's, never translated."""
    header = [pgettext("import guide heading", "kolom"), pgettext("import guide heading", "petunjuk")]
    return [header, *[[str(cell) for cell in line] for line in KINDS[kind].GUIDE]]
