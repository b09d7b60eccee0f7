"""Load or update the wilayah hierarchy from a `kode,nama` CSV (e.g. the Kemendagri list)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pranata.services import WilayahImportError, wilayah_load, wilayah_parse_csv


class Command(BaseCommand):
    help = "Muat atau perbarui wilayah dari CSV `kode,nama` (semua baris atau tidak sama sekali)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Berkas CSV dengan kolom kode,nama")

    def handle(self, *args, file: Path, **options) -> None:
        if not file.exists():
            raise CommandError(f"Berkas {file} tidak ditemukan.")
        try:
            with file.open(encoding="utf-8-sig", newline="") as handle:
                rows = wilayah_parse_csv(handle)
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"Berkas {file} bukan teks UTF-8 ({exc.reason}); simpan ulang sebagai CSV UTF-8."
            ) from None
        except WilayahImportError as exc:
            shown = exc.errors[:50]
            more = f"\n… dan {len(exc.errors) - 50} kesalahan lain" if len(exc.errors) > 50 else ""
            raise CommandError(
                f"{len(exc.errors)} baris bermasalah; tidak ada yang disimpan:\n" + "\n".join(shown) + more
            ) from None
        if not rows:
            raise CommandError(f"Berkas {file} tidak berisi baris wilayah.")
        created, updated = wilayah_load(rows=rows)
        unchanged = len(rows) - created - updated
        self.stdout.write(self.style.SUCCESS(f"{created} wilayah baru, {updated} diperbarui, {unchanged} tetap."))
