"""Load the demo: wilayah, lembaga, users per role, forums, pendamping and their work. Safe to run again.

It lives in the app that depends on all others (pendampingan → forum → pranata), so each app seeds its own part."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from forum.demo import seed_forums
from pendampingan.demo import seed_pendampingan
from pranata.demo import DEMO_PASSWORD, USERS, seed_registry
from pranata.models import Lembaga


class Command(BaseCommand):
    help = "Isi data contoh (idempoten; deterministik dengan --seed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2005, help="Benih acak data contoh (bawaan 2005)")
        parser.add_argument(
            "--if-empty", action="store_true", help="Lewati bila sudah ada lembaga (dipakai `make run`)"
        )

    def handle(self, *args, seed: int, if_empty: bool, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Data contoh dan akun demo hanya untuk DEBUG=1, tidak untuk server produksi.")
        if if_empty and Lembaga.objects.exists():
            self.stdout.write("Data sudah ada; data contoh tidak dimuat ulang (`make demo` untuk memuat ulang).")
            self._print_logins()
            return
        users = seed_registry(seed=seed)
        seed_forums(users=users)
        seed_pendampingan(users=users, seed=seed)
        self.stdout.write(self.style.SUCCESS("Data contoh siap."))
        self._print_logins()

    def _print_logins(self) -> None:
        self.stdout.write("Akun demo (kata sandi sama untuk semua):")
        for username, nama, peran, _kodes, _jabatan in USERS:
            self.stdout.write(f"  {username:<14} {peran.label:<20} {nama}")
        self.stdout.write(f"  kata sandi: {DEMO_PASSWORD}")
