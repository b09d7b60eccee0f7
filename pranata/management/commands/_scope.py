"""Shared argument handling for the report commands: a wilayah code (or a forum) and a date."""

from __future__ import annotations

import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from pranata import extensions
from pranata.models import Wilayah
from pranata.reports import Scope, first_date, wilayah_scope


def add_scope_arguments(parser: CommandParser) -> None:
    parser.add_argument("kode", help="Kode wilayah Kemendagri, misalnya 16.71.05.1006")
    parser.add_argument("--as-of", dest="as_of", help="Per tanggal (YYYY-MM-DD); bawaan hari ini")
    parser.add_argument("--forum", type=int, help="ID forum: laporan atas anggota forum, bukan seluruh wilayah")


def resolve(kode: str, as_of: str | None, forum_id: int | None) -> tuple[Scope, datetime.date]:
    wilayah = Wilayah.objects.filter(kode=kode).first()
    if wilayah is None:
        raise CommandError(f"Kode wilayah {kode!r} tidak dikenal. Muat wilayah dengan `manage.py load_wilayah`.")
    if forum_id is not None:
        # Through the extension seam: the forum app registers how a "forum:<id>" scope is built.
        try:
            scope = extensions.resolve_scope(f"forum:{forum_id}")
        except (KeyError, ObjectDoesNotExist):
            scope = None
        if scope is None or not scope.wilayah_kode.startswith(kode):
            raise CommandError(f"Forum {forum_id} tidak ada di wilayah {kode}.")
    else:
        scope = wilayah_scope(wilayah)
    return scope, _date(as_of, scope)


def _date(text: str | None, scope: Scope) -> datetime.date:
    today = timezone.localdate()
    if not text:
        return today
    try:
        value = datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Tanggal {text!r} tidak valid; tulis sebagai YYYY-MM-DD, misalnya 2024-06-30.") from None
    if value > today:
        raise CommandError("Tanggal laporan tidak boleh di masa depan.")
    first = first_date(scope.lembaga_at(value))
    if first and value < first:
        raise CommandError(f"Belum ada data kerjasama pada {value}; data paling awal {first}.")
    return value
