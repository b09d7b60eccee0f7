"""Send the day's reminder digests by e-mail. Run daily from cron, e.g. at 06:00:

    0 6 * * *  cd /srv/simpul && .venv/bin/python manage.py kirim_pengingat

A second run the same day sends nothing new; a digest whose e-mail failed is sent by the next run.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from pengingat.mail import send_digests, summary


class Command(BaseCommand):
    help = "Kirim ringkasan pengingat harian lewat email (sekali per pengguna per hari)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tanggal", help="Tanggal ringkasan (YYYY-MM-DD); bawaan hari ini")

    def handle(self, *args, tanggal: str | None, **options) -> None:
        day = _date(tanggal)
        hasil = send_digests(tanggal=day)
        line = summary(hasil, day)
        (self.stderr if hasil.gagal else self.stdout).write(line)


def _date(text: str | None) -> datetime.date:
    if not text:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("Tanggal %(tanggal)r tidak valid; tulis sebagai YYYY-MM-DD.") % {"tanggal": text}
        ) from None
