"""Shared reads for registry pages: constant query counts whatever the page size."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Substr

from .models import LembagaQuerySet, StatusLembaga, SumberDaya, Tingkat, Wilayah

# Lengths of a code at each level: 16 / 16.71 / 16.71.01 / 16.71.01.1001
KODE_LENGTH = {Tingkat.PROVINSI: 2, Tingkat.KABUPATEN: 5, Tingkat.KECAMATAN: 8, Tingkat.KELURAHAN: 13}


def lembaga_list_rows(qs: LembagaQuerySet) -> LembagaQuerySet:
    # A correlated subquery, not a JOIN + GROUP BY: the page query stays cheap on a kabupaten's rows.
    n_sumber = SumberDaya.objects.filter(lembaga=OuterRef("pk")).values("lembaga").annotate(n=Count("*")).values("n")
    return qs.select_related("wilayah", "pranata").annotate(n_sumber=Coalesce(Subquery(n_sumber), 0))


def lembaga_gaps(qs: LembagaQuerySet) -> dict[str, QuerySet]:
    """Lembaga whose record is incomplete, for an officer's to-do list."""
    aktif = qs.filter(status=StatusLembaga.AKTIF)
    return {
        "tanpa_kontak": aktif.filter(Q(kontak_nama="") | Q(kontak_telepon="")),
        "tanpa_sumber": aktif.filter(sumber_daya__isnull=True),
    }


def lembaga_counts_by_child(*, wilayah: Wilayah, lembaga: LembagaQuerySet) -> list[dict]:
    """Active and total lembaga per wilayah one level below `wilayah`, in two queries."""
    if wilayah.tingkat == Tingkat.KELURAHAN:
        return []
    length = KODE_LENGTH[Tingkat(wilayah.tingkat + 1)]
    counts = {
        row["prefix"]: row
        for row in lembaga.in_wilayah([wilayah.kode])
        .not_archived()
        .annotate(prefix=Substr("wilayah__kode", 1, length))
        .values("prefix")
        .annotate(total=Count("id"), aktif=Count("id", filter=Q(status=StatusLembaga.AKTIF)))
    }
    rows = []
    for child in Wilayah.objects.filter(induk=wilayah).order_by("kode"):
        row = counts.get(child.kode, {})
        rows.append({"wilayah": child, "total": row.get("total", 0), "aktif": row.get("aktif", 0)})
    return rows
