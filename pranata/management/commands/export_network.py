"""Write a scope's network as GEXF/GraphML (for Gephi) or its tables as CSV, as of a date."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pranata import exports, network, reports
from pranata.reports import downloads, tables

from ._scope import add_scope_arguments, resolve


class Command(BaseCommand):
    help = "Ekspor jaringan sebuah wilayah (atau forum) ke GEXF, GraphML atau CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        add_scope_arguments(parser)
        parser.add_argument("--format", required=True, choices=["gexf", "graphml", "csv"])
        parser.add_argument("--tabel", default="kerjasama", choices=tables.TABLES, help="Tabel untuk CSV")
        parser.add_argument("-o", "--output", required=True, type=Path, help="Berkas tujuan")

    def handle(self, *args, kode, as_of, forum, format, tabel, output: Path, **options) -> None:
        scope, tanggal = resolve(kode, as_of, forum)
        if not output.parent.exists():
            raise CommandError(f"Folder {output.parent} tidak ada.")
        nodes, edges = reports.load_graph(scope.lembaga_at(tanggal), tanggal)
        if format == "csv":
            body = exports.to_csv(tables.table(reports.compute_report(scope, tanggal), tabel, nodes, edges))
        else:
            graph = network.build_graph(nodes, edges)
            write = network.to_gexf if format == "gexf" else network.to_graphml
            body = write(graph, sektor_names=downloads.sektor_names())
        output.write_bytes(body)
        self.stdout.write(self.style.SUCCESS(f"{output} ditulis ({len(body):,} byte), per {tanggal}."))
