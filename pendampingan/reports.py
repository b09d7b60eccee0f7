"""The pendampingan report of a scope (a wilayah's subtree, or one forum) over a period: who is active, what
they did by the 4P tasks and by month, who carries the load, and which lembaga and forums nobody accompanied
lately. Plain data out (dataclasses); the page and the CSV/XLSX read the same object, so they cannot differ.

Two grouped queries read a kabupaten's year (100,000 activities): per month and task, and per pendamping.
The scope is two id subqueries (lembaga and forums of the wilayah): measured at that size, testing it through
joins to the lembaga, forum and wilayah tables made each grouped query two to three times slower.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet

from forum.models import Forum, Keanggotaan
from pranata.models import Lembaga, subtree_q

from .models import Kegiatan, Pendamping, Penugasan, Tugas

MAX_LISTED = 50  # lembaga/forums without pendampingan listed on the page; the count is always whole


@dataclass(frozen=True)
class Scope:
    """Either a wilayah code (its whole subtree) or one forum."""

    kode: str | None = None
    forum: Forum | None = None

    def kegiatan_q(self) -> Q:
        if self.forum is not None:
            members = Keanggotaan.objects.filter(forum=self.forum).values("lembaga")
            return Q(forum=self.forum) | Q(lembaga__in=members)
        lembaga = Lembaga.objects.filter(subtree_q(self.kode, "wilayah__kode")).values("pk")
        forums = Forum.objects.filter(subtree_q(self.kode, "wilayah__kode")).values("pk")
        return Q(lembaga__in=lembaga) | Q(forum__in=forums)

    def lembaga(self, on: datetime.date) -> QuerySet[Lembaga]:
        if self.forum is not None:
            members = Keanggotaan.objects.on(on).filter(forum=self.forum).values("lembaga")
            return Lembaga.objects.active_on(on).filter(pk__in=members)
        # The dated lifecycle, not today's status: archiving a lembaga today leaves a past period's figure alone.
        return Lembaga.objects.active_on(on).filter(subtree_q(self.kode, "wilayah__kode"))

    def forums(self) -> QuerySet[Forum]:
        if self.forum is not None:
            return Forum.objects.filter(pk=self.forum.pk)
        return Forum.objects.filter(subtree_q(self.kode, "wilayah__kode"))

    def penugasan_q(self) -> Q:
        if self.forum is not None:
            return Q(forum=self.forum)
        return subtree_q(self.kode, "lembaga__wilayah__kode") | subtree_q(self.kode, "forum__wilayah__kode")


@dataclass
class Beban:
    """One pendamping's workload in the period."""

    pendamping_id: int
    nama: str
    jenis: str
    kegiatan: int
    lembaga: int
    forum: int
    penugasan: int
    terakhir: datetime.date | None


@dataclass
class Laporan:
    start: datetime.date
    end: datetime.date
    bulan_tanpa: int
    pendamping_aktif: int
    per_jenis: dict[str, int]
    per_tugas: dict[str, int]
    per_bulan: list[tuple[datetime.date, dict[str, int]]]
    total: int
    beban: list[Beban] = field(default_factory=list)
    lembaga_tanpa: list[Lembaga] = field(default_factory=list)
    n_lembaga_tanpa: int = 0
    n_lembaga: int = 0
    forum_tanpa: list[Forum] = field(default_factory=list)
    n_forum_tanpa: int = 0


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months earlier (clamped to the month's end: 31/05 → 28/02)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for clamp in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, clamp)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _month_starts(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


@dataclass(frozen=True)
class _Done:
    """One pendamping's activities in the period: how many, with how many lembaga and forums, the last."""

    n: int = 0
    lembaga: int = 0
    forum: int = 0
    last: datetime.date | None = None


def build(scope: Scope, start: datetime.date, end: datetime.date) -> Laporan:
    kegiatan = Kegiatan.objects.filter(scope.kegiatan_q()).between(start, end).order_by()
    monthly: dict[datetime.date, dict[str, int]] = {m: {t: 0 for t in Tugas.values} for m in _month_starts(start, end)}
    # Counted per day and folded into months here: SQLite truncates dates with a Python function called per row
    # (460 of the 780 ms this report took on the bench kabupaten's 33,000 activities of a year).
    for day, tugas, n in kegiatan.values_list("tanggal", "tugas").annotate(n=Count("pk")):
        month = day.replace(day=1)
        counts = monthly.setdefault(month, {t: 0 for t in Tugas.values})
        counts[tugas] = counts.get(tugas, 0) + n
    per_tugas = {t: sum(counts[t] for counts in monthly.values()) for t in Tugas.values}
    done = {
        pk: _Done(n, lembaga, forum, last)
        for pk, n, lembaga, forum, last in kegiatan.values_list("pendamping_id").annotate(
            n=Count("pk"),
            n_lembaga=Count("lembaga", distinct=True),
            n_forum=Count("forum", distinct=True),
            last=Max("tanggal"),
        )
    }
    active = _active_pendamping(scope, end)
    per_jenis = dict(active.values_list("jenis").annotate(n=Count("pk")).order_by())
    bulan = settings.SIMPUL_PENDAMPINGAN_BULAN
    lembaga_tanpa, forum_tanpa, n_lembaga = _unaccompanied(scope, end, bulan)
    return Laporan(
        start=start,
        end=end,
        bulan_tanpa=bulan,
        pendamping_aktif=sum(per_jenis.values()),
        per_jenis=per_jenis,
        per_tugas=per_tugas,
        per_bulan=sorted(monthly.items()),
        total=sum(per_tugas.values()),
        beban=_workload(done, active, scope, end),
        lembaga_tanpa=list(lembaga_tanpa[:MAX_LISTED]),
        n_lembaga_tanpa=lembaga_tanpa.count(),
        n_lembaga=n_lembaga,
        forum_tanpa=list(forum_tanpa[:MAX_LISTED]),
        n_forum_tanpa=forum_tanpa.count(),
    )


def _active_pendamping(scope: Scope, on: datetime.date) -> QuerySet[Pendamping]:
    """Serving on the date (not a candidate) and either assigned inside the scope then, or (for a wilayah)
    working inside it."""
    assigned = Penugasan.objects.on(on).filter(scope.penugasan_q()).values("pendamping")
    q = Q(pk__in=assigned)
    if scope.kode is not None:
        q |= subtree_q(scope.kode, "wilayah__kode")
    return Pendamping.objects.aktif_pada(on).filter(q, calon=False)


def _workload(done: dict[int, _Done], active: QuerySet[Pendamping], scope: Scope, on) -> list[Beban]:
    tasks = dict(
        Penugasan.objects.on(on)
        .filter(scope.penugasan_q())
        .values_list("pendamping")
        .annotate(n=Count("pk"))
        .order_by()
    )
    people = Pendamping.objects.filter(Q(pk__in=active.values("pk")) | Q(pk__in=list(done))).order_by("nama", "pk")
    rows = []
    for pk, nama, jenis in people.values_list("pk", "nama", "jenis"):
        mine = done.get(pk, _Done())
        rows.append(
            Beban(
                pendamping_id=pk,
                nama=nama,
                jenis=jenis,
                kegiatan=mine.n,
                lembaga=mine.lembaga,
                forum=mine.forum,
                penugasan=tasks.get(pk, 0),
                terakhir=mine.last,
            )
        )
    rows.sort(key=lambda b: (-b.kegiatan, b.nama))
    return rows


def _unaccompanied(scope: Scope, end: datetime.date, months: int):
    since = months_before(end, months)
    recent = Kegiatan.objects.between(since, end)
    lembaga = scope.lembaga(end)
    seen_lembaga = recent.filter(lembaga__isnull=False).values("lembaga")
    seen_forum = recent.filter(forum__isnull=False).values("forum")
    lembaga_tanpa = lembaga.exclude(pk__in=seen_lembaga).select_related("wilayah").order_by("nama", "pk")
    forum_tanpa = scope.forums().exclude(pk__in=seen_forum).select_related("wilayah").order_by("nama", "pk")
    return lembaga_tanpa, forum_tanpa, lembaga.count()
