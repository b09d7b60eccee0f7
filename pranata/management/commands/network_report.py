"""Print every figure of a network report (the engine behind the report pages)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandParser

from pranata import reports
from pranata.models import Tahap
from pranata.reports import presentation

from ._scope import add_scope_arguments, resolve


class Command(BaseCommand):
    help = "Cetak laporan jaringan sebuah wilayah (atau forum) per tanggal."

    def add_arguments(self, parser: CommandParser) -> None:
        add_scope_arguments(parser)
        parser.add_argument("--json", action="store_true", help="Cetak semua angka sebagai JSON")

    def handle(self, *args, kode: str, as_of: str | None, forum: int | None, json: bool, **options) -> None:
        scope, tanggal = resolve(kode, as_of, forum)
        report = reports.compute_report(scope, tanggal)
        if json:
            shown = {k: v for k, v in report.items() if k != "diagram"}
            shown["rekomendasi"] = presentation.coded(report["rekomendasi"])
            self.stdout.write(_dumps(shown))
            return
        f = report["figures"]
        self.stdout.write(f"{report['judul']} per {report['as_of']}")
        self.stdout.write(
            f"  lembaga {f['n_lembaga']}, kerjasama {f['n_kerjasama']}, tahap jaringan {f['tahap_jaringan']}"
        )
        for step in f["ladder"]:
            self.stdout.write(
                f"  ≥ {Tahap(step['tahap']).label:<12} terbesar {step['terbesar']:>6}  cakupan {step['cakupan']:.2f}"
            )
        self.stdout.write(
            f"  density {f['density']}, rata-rata derajat {f['avg_degree']}, sentralisasi {f['centralization']}"
        )


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
