"""A forum's network report: the same engine as a wilayah's, over the lembaga that were members on the date.
And the programme ledgers' figures: the totals a programme page shows, and per forum for the activity report."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Count, QuerySet, Sum

from pranata.models import JenisSumber, Lembaga, LembagaQuerySet
from pranata.reports import Scope

from .models import Forum, Keanggotaan, Kontribusi


def forum_scope(forum: Forum) -> Scope:
    def members_on(tanggal: datetime.date):
        ids = Keanggotaan.objects.filter(forum=forum).on(tanggal).values("lembaga_id")
        return Lembaga.objects.active_on(tanggal).filter(pk__in=ids)

    def ever() -> LembagaQuerySet:
        return Lembaga.objects.filter(pk__in=Keanggotaan.objects.filter(forum=forum).values("lembaga_id"))

    return Scope(
        key=f"forum:{forum.pk}",
        judul=forum.nama,
        lembaga_at=members_on,
        wilayah_kode=forum.wilayah.kode,
        lembaga_ever=ever,
    )


def resolve_forum_scope(pk: str) -> Scope:
    return forum_scope(Forum.objects.select_related("wilayah").get(pk=int(pk)))


# --- programme ledgers ---------------------------------------------------------------------------------------


def rupiah(nilai: int | None) -> str:
    """“Rp 1.500.000” (thousands marked as the reader's language marks them), “–” for no estimate."""
    return "–" if nilai is None else f"Rp {intcomma(nilai)}"


@dataclass
class Subtotal:
    """Contributions of one lembaga or one kind: how many, and the sum of the estimated values (entries
    without an estimate count in `n` and in `tanpa_nilai`, not in `nilai`)."""

    label: str
    n: int = 0
    nilai: int = 0
    tanpa_nilai: int = 0

    def add(self, kontribusi: Kontribusi) -> None:
        self.n += 1
        if kontribusi.nilai is None:
            self.tanpa_nilai += 1
        else:
            self.nilai += kontribusi.nilai


def ledger_totals(rows: Iterable[Kontribusi]) -> dict:
    """Totals of a programme's ledger per lembaga (by name), per kind (in the kinds' order) and overall,
    computed from the rows the page already shows: no query of its own."""
    per_lembaga: dict[int, Subtotal] = {}
    per_jenis: dict[str, Subtotal] = {}
    total = Subtotal(label="")
    for row in rows:
        per_lembaga.setdefault(row.lembaga_id, Subtotal(row.lembaga.nama)).add(row)
        per_jenis.setdefault(row.jenis, Subtotal(str(JenisSumber(row.jenis).label))).add(row)
        total.add(row)
    order = list(JenisSumber.values)
    return {
        "lembaga": sorted(per_lembaga.values(), key=lambda t: t.label.lower()),
        "jenis": [per_jenis[k] for k in sorted(per_jenis, key=order.index)],
        "total": total,
    }


def contributions_by_forum(forums: QuerySet[Forum], start: datetime.date, end: datetime.date) -> dict[int, dict]:
    """Per forum (by pk): the contributions to its programmes given between the dates, counted and valued
    (the activity report's columns). One grouped query however many forums."""
    rows = (
        Kontribusi.objects.between(start, end)
        .filter(program__forum__in=forums)
        .order_by()
        .values("program__forum")
        .annotate(n=Count("pk"), nilai=Sum("nilai"))
        .values_list("program__forum", "n", "nilai")
    )
    return {forum_id: {"n": n, "nilai": nilai or 0} for forum_id, n, nilai in rows}
