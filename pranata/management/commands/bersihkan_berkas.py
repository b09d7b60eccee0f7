"""Remove files nothing needs any more: staged import files nobody confirmed or cancelled, and MoU documents
that neither a tie nor any version in its audit trail points to (a replaced document stays while a history
row could restore it). Also drops report downloads made by the worker more than a week ago, and the data
version's marks older than a day (pranata.dataversion)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandParser

from pranata import dataversion, services
from pranata.imports import staging
from pranata.reports import jobs


class Command(BaseCommand):
    help = (
        "Hapus berkas yang tidak diperlukan lagi: pratinjau impor yang ditinggalkan (bawaan: lebih dari 24 jam) "
        "dan dokumen MoU yang tidak dirujuk kerjasama mana pun, juga tidak oleh riwayatnya."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jam", type=float, default=24.0, help="umur minimal pratinjau yang dihapus, dalam jam")

    def handle(self, *args, jam: float, **options) -> None:
        imports = staging.remove_stale(older_than=datetime.timedelta(hours=jam))
        documents = services.kerjasama_remove_orphan_documents()
        made = jobs.remove_old_downloads(older_than=datetime.timedelta(days=7))
        marks = dataversion.prune()
        self.stdout.write(
            f"{imports} berkas pratinjau impor, {documents} dokumen MoU yatim dan {made} unduhan laporan lama "
            f"dihapus; {marks} tanda perubahan data lama dibuang."
        )
