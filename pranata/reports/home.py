"""The network part of a home page: each wilayah a user works in, with its network stage, the change in a
year and a link to its report — read from the same report the report page shows (computed now for small
scopes, by the worker for large ones, the last finished one meanwhile), so the two never disagree."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from ..models import Wilayah
from ..network import direction
from .pages import page_report
from .presentation import stage_name
from .scope import wilayah_scope

LOOKBACK = datetime.timedelta(days=365)
# A home page lists at most this many wilayah (an admin is given every provinsi); the rest are one click away.
MAX_WILAYAH = 6


@dataclass
class AreaStage:
    kode: str
    nama: str
    tahap: int
    tahap_nama: str
    lalu: int
    lalu_nama: str
    arah: str  # naik / turun / tetap
    url: str


@dataclass
class WilayahNetwork:
    wilayah: Wilayah
    url: str
    ready: bool  # a report (this one or the last finished) is there to read
    computing: bool = False
    progress: int = 0
    tahap: int = 0
    tahap_nama: str = ""
    n_lembaga: int = 0
    n_kerjasama: int = 0
    lalu_tanggal: datetime.date | None = None
    lalu: int | None = None
    lalu_nama: str = ""
    arah: str = ""
    areas: list[AreaStage] = field(default_factory=list)


def _year_before(points: list[dict], as_of: datetime.date) -> dict | None:
    """The trend's last point at least a year before the report's date (quarter ends), if the data reach back."""
    limit = as_of - LOOKBACK
    earlier = [p for p in points or [] if datetime.date.fromisoformat(p["tanggal"]) <= limit]
    return earlier[-1] if earlier else None


def wilayah_network(wilayah: Wilayah, *, with_areas: bool) -> WilayahNetwork:
    today = timezone.localdate()
    url = reverse("pranata:laporan", args=[wilayah.kode])
    found = page_report(wilayah_scope(wilayah), today)
    report = found.report or (found.last or {}).get("report")
    computing = found.report is None
    progress = found.job.kemajuan if found.job else 0
    if report is None:
        return WilayahNetwork(wilayah, url, ready=False, computing=computing, progress=progress)
    figures = report["figures"]
    stage = figures["tahap_jaringan"]
    before = _year_before(report.get("tren") or [], datetime.date.fromisoformat(report["as_of"]))
    summary = WilayahNetwork(
        wilayah,
        url,
        ready=True,
        computing=computing,
        progress=progress,
        tahap=stage,
        tahap_nama=stage_name(stage),
        n_lembaga=figures["n_lembaga"],
        n_kerjasama=figures["n_kerjasama"],
    )
    if before is not None:
        summary.lalu_tanggal = datetime.date.fromisoformat(before["tanggal"])
        summary.lalu = before["tahap_jaringan"]
        summary.lalu_nama = stage_name(before["tahap_jaringan"])
        summary.arah = direction(stage, summary.lalu)
    if with_areas and report.get("wilayah_anak"):
        summary.areas = [
            AreaStage(
                kode=row["kode"],
                nama=row["nama"],
                tahap=row["tahap_jaringan"],
                tahap_nama=stage_name(row["tahap_jaringan"]),
                lalu=row["lalu"]["tahap_jaringan"],
                lalu_nama=stage_name(row["lalu"]["tahap_jaringan"]),
                arah=direction(row["tahap_jaringan"], row["lalu"]["tahap_jaringan"]),
                url=reverse("pranata:laporan", args=[row["kode"]]),
            )
            for row in report["wilayah_anak"]["rows"]
        ]
    return summary


def home_networks(wilayah: list[Wilayah], *, with_areas: bool) -> list[WilayahNetwork]:
    return [wilayah_network(w, with_areas=with_areas) for w in wilayah[:MAX_WILAYAH]]
