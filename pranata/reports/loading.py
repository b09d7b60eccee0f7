"""From the database to plain data: a scope's nodes and ties as of a date, tie histories, needs and resources."""

from __future__ import annotations

import datetime

from django.db.models import Min, OuterRef, Q, QuerySet, Subquery

from .. import network
from ..models import Kebutuhan, Kerjasama, LembagaQuerySet, RiwayatTahap, SumberDaya, Wilayah


def ties_as_of(lembaga: LembagaQuerySet, as_of: datetime.date) -> QuerySet:
    """Ties between two lembaga of the scope that existed on `as_of`, with their stage on that day."""
    stage = RiwayatTahap.objects.filter(kerjasama=OuterRef("pk"), berlaku_mulai__lte=as_of).order_by("-berlaku_mulai")
    ids = lembaga.values("pk")
    return (
        Kerjasama.objects.filter(lembaga_a__in=ids, lembaga_b__in=ids)
        .existing_on(as_of)
        .annotate(tahap_per=Subquery(stage.values("tahap")[:1]))
    )


def load_graph(lembaga: LembagaQuerySet, as_of: datetime.date) -> tuple[list[network.Node], list[network.Edge]]:
    rows = lembaga.values_list(
        "pk", "kode", "nama", "sektor", "pranata__nama", "wilayah__nama", "wilayah__kode", "jenis"
    )
    nodes = [
        network.Node(
            id=pk, kode=kode, nama=nama, sektor=sektor, pranata=pranata, wilayah=wilayah, wilayah_kode=wk, jenis=jenis
        )
        for pk, kode, nama, sektor, pranata, wilayah, wk, jenis in rows.order_by("pk")
    ]
    # No ORDER BY (sorting 60,000 ties in the database spills to disk), but sorted here: the layout and the
    # community detection follow insertion order, and a row's place in the table changes when it is updated
    # (PostgreSQL writes a new row version), so an unsorted read would let today's edit move a past report.
    ties = ties_as_of(lembaga, as_of).order_by().values_list("lembaga_a_id", "lembaga_b_id", "tahap_per", "mulai")
    edges = sorted(
        (network.Edge(a=a, b=b, tahap=tahap, mulai=mulai) for a, b, tahap, mulai in ties if tahap),
        key=lambda edge: (edge.a, edge.b),
    )
    return nodes, edges


def tie_histories(lembaga: LembagaQuerySet) -> list[network.TieHistory]:
    """Every tie among the scope's lembaga, ended ones included, with its dated stages (two queries)."""
    ids = lembaga.values("pk")
    within = Kerjasama.objects.within(ids).order_by()
    ties = list(within.values_list("pk", "lembaga_a_id", "lembaga_b_id", "mulai", "selesai"))
    stages: dict[int, list] = {}
    # The ties as a subquery, not a list: a kabupaten's 60,000 ids would be as many query parameters.
    rows = RiwayatTahap.objects.filter(kerjasama__in=within.values("pk")).order_by("kerjasama_id", "berlaku_mulai")
    for tie_id, when, tahap in rows.values_list("kerjasama_id", "berlaku_mulai", "tahap"):
        stages.setdefault(tie_id, []).append((when, tahap))
    return [network.TieHistory(a, b, mulai, selesai, tuple(stages.get(pk, ()))) for pk, a, b, mulai, selesai in ties]


def first_date(lembaga: LembagaQuerySet) -> datetime.date | None:
    ids = lembaga.values("pk")
    return Kerjasama.objects.filter(Q(lembaga_a__in=ids) | Q(lembaga_b__in=ids)).aggregate(m=Min("mulai"))["m"]


def needs_and_resources(lembaga: LembagaQuerySet) -> tuple[list, list]:
    ids = lembaga.values("pk")
    needs = Kebutuhan.objects.filter(lembaga__in=ids, terpenuhi=False).values_list("lembaga_id", "jenis", "uraian")
    resources = SumberDaya.objects.filter(lembaga__in=ids).values_list("lembaga_id", "jenis", "uraian")
    return list(needs), list(resources)


def child_areas(kode: str) -> list[tuple[str, str]]:
    """The wilayah one level below `kode`, as (kode, name), in code order."""
    return list(Wilayah.objects.filter(induk__kode=kode).order_by("kode").values_list("kode", "nama"))
