"""Remove staged import files nobody confirmed or cancelled (see pranata/imports/staging.py)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandParser

from pranata.imports import staging


class Command(BaseCommand):
    help = "Hapus berkas pratinjau impor yang tidak dikonfirmasi atau dibatalkan (bawaan: lebih dari 24 jam)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jam", type=float, default=24.0, help="umur minimal berkas yang dihapus, dalam jam")

    def handle(self, *args, jam: float, **options) -> None:
        removed = staging.remove_stale(older_than=datetime.timedelta(hours=jam))
        self.stdout.write(f"{removed} berkas pratinjau impor dihapus.")
