"""Drop API call log rows older than SIMPUL_API_LOG_HARI days (they name users: keep them no longer than
needed). Run daily from cron, next to kirim_pengingat."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from api.services import panggilan_prune


class Command(BaseCommand):
    help = "Hapus catatan panggilan API yang lebih tua dari SIMPUL_API_LOG_HARI hari."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hari", type=int, help="Simpan catatan sebanyak ini hari (bawaan SIMPUL_API_LOG_HARI)")

    def handle(self, *args, hari: int | None, **options) -> None:
        n = panggilan_prune(days=hari)
        self.stdout.write(_("%(n)d catatan panggilan API dihapus.") % {"n": n})
