"""Import lembaga, ties or resources/needs from CSV/XLSX: all rows or none, every error with its row."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pranata import imports


class Command(BaseCommand):
    help = "Impor lembaga, kerjasama atau sumber daya/kebutuhan dari CSV/XLSX (semua baris atau tidak sama sekali)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=list(imports.KINDS), help="lembaga | kerjasama | sumber")
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Periksa saja, tidak menyimpan")
        parser.add_argument(
            "--user", help="Impor atas nama pengguna ini (wilayahnya membatasi); bawaan: superuser pertama"
        )

    def handle(self, *args, kind: str, file: Path, dry_run: bool, user: str | None, **options) -> None:
        if not file.exists():
            raise CommandError(f"Berkas {file} tidak ditemukan.")
        actor = self._user(user)
        try:
            result = imports.plan(kind, file.read_bytes(), file.name, actor)
        except imports.ImportFileError as exc:
            raise CommandError(str(exc)) from None
        counts = result.counts
        summary = (
            f"{counts['baru']} baru, {counts['berubah']} berubah, {counts['tetap']} tetap, {counts['galat']} salah"
        )
        if not result.ok:
            lines = [f"baris {r.row}, kolom {col}: {msg}" for r in result.error_rows for col, msg in r.errors]
            raise CommandError(f"{summary}. Tidak ada yang disimpan.\n" + "\n".join(lines))
        if dry_run:
            self.stdout.write(f"Uji coba: {summary}. Tidak ada yang disimpan.")
            return
        try:
            imports.apply(result, actor)
        except (ValidationError, PermissionDenied) as exc:
            # e.g. a record changed between the check and the write (a stale plan): nothing was saved.
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError(f"Tidak ada yang disimpan: {' '.join(messages)}") from None
        self.stdout.write(self.style.SUCCESS(f"Tersimpan: {summary}."))

    def _user(self, username: str | None):
        users = get_user_model().objects
        if username:
            found = users.filter(username=username).first()
            if found is None:
                raise CommandError(f"Pengguna {username!r} tidak ada.")
            return found
        found = users.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if found is None:
            raise CommandError("Belum ada superuser; buat dengan `manage.py createsuperuser` atau pakai --user.")
        return found
