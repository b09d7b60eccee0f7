"""Forum scope and the shared reads behind forum pages (constant query counts)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber, Substr, TruncMonth
from django.utils import timezone

from pranata.models import subtree_q
from pranata.views.rows import url_maker, with_labels

from .models import Forum, Keanggotaan, Kehadiran, Kesepakatan, Pertemuan, StatusTindakLanjut, TindakLanjut


def members_on(forum: Forum, tanggal: datetime.date) -> QuerySet[Keanggotaan]:
    return forum.keanggotaan.on(tanggal).select_related("lembaga__wilayah").order_by("lembaga__nama")


def last_meetings(forum: Forum, *, last: int = 12) -> list[int]:
    """The forum's last `last` meetings held so far (the window every attendance rate is counted over)."""
    held = forum.pertemuan.filter(tanggal__lte=timezone.localdate())
    return list(held.order_by("-tanggal", "-pk").values_list("pk", flat=True)[:last])


ATTENDED_FIELDS = (
    "pertemuan_id",
    "lembaga_id",
    "perwakilan",
    "jumlah_orang",
    "tamu",
    "pertemuan__forum_id",
    "pertemuan__tanggal",
    "pertemuan__jenis",
)


def lembaga_attendance(lembaga, forums: QuerySet[Forum], *, last: int = 12, shown: int = 12) -> list[dict]:
    """Per forum (of `forums`) the lembaga belongs or belonged to: its rate over the same window as the forum
    page's, how many meetings it attended there in all (`n_kehadiran`), and the newest `shown` of them (the
    meeting list filtered by the lembaga has them all). Four queries however many forums and meetings; each
    meeting carries its `url` and `jenis_label` for the page."""
    held = Kehadiran.objects.filter(
        lembaga=lembaga, pertemuan__forum__in=forums, pertemuan__tanggal__lte=timezone.localdate()
    )
    forum_id = F("pertemuan__forum_id")
    newest = [F("pertemuan__tanggal").desc(), F("pertemuan__pk").desc()]
    attended = list(
        held.select_related("pertemuan")
        # What the page shows of each: not the meetings' minutes, nor their forum (named once per forum).
        .only(*ATTENDED_FIELDS)
        .annotate(
            urutan=Window(RowNumber(), partition_by=forum_id, order_by=newest),
            n_forum=Window(Count("pk"), partition_by=forum_id),
        )
        .filter(urutan__lte=shown)
        .order_by(*newest)
    )
    meetings = [row.pertemuan for row in attended]
    with_labels(meetings, "jenis")
    meeting_url = url_maker("forum:pertemuan-detail")
    by_forum: dict[int, list] = {}
    for row in attended:
        row.pertemuan.url = meeting_url(row.pertemuan.pk)
        by_forum.setdefault(row.pertemuan.forum_id, []).append(row)
    member_of = Keanggotaan.objects.filter(lembaga=lembaga, forum__in=forums).values_list("forum_id", flat=True)
    shown_forums = list(Forum.objects.filter(pk__in={*by_forum, *member_of}).order_by("nama"))
    windows = last_meetings_of([forum.pk for forum in shown_forums], last=last)
    rows = []
    for forum in shown_forums:
        window = windows.get(forum.pk, set())
        present = by_forum.get(forum.pk, [])
        rows.append(
            {
                "forum": forum,
                "hadir": sum(1 for row in present if row.pertemuan_id in window),
                "dari": len(window),
                "kehadiran": present,
                "n_kehadiran": present[0].n_forum if present else 0,
            }
        )
    return rows


def last_meetings_of(forum_ids: list[int], *, last: int = 12) -> dict[int, set[int]]:
    """`last_meetings` for several forums in one query (by forum pk; a forum that never met is left out)."""
    if not forum_ids:
        return {}
    ranked = (
        Pertemuan.objects.filter(forum__in=forum_ids, tanggal__lte=timezone.localdate())
        .annotate(
            urutan=Window(RowNumber(), partition_by=F("forum_id"), order_by=[F("tanggal").desc(), F("pk").desc()])
        )
        .filter(urutan__lte=last)
        .values_list("pk", "forum_id")
    )
    windows: dict[int, set[int]] = {}
    for pk, forum_id in ranked:
        windows.setdefault(forum_id, set()).add(pk)
    return windows


MEMBER_FIELDS = ("forum_id", "lembaga_id", "peran", "mulai", "selesai", "lembaga__nama")


def attendance_rates(forum: Forum, *, last: int = 12) -> list[dict]:
    """Per current member: meetings attended out of the forum's last `last` meetings (two queries)."""
    meetings = last_meetings(forum, last=last)
    attended = dict(
        Kehadiran.objects.filter(pertemuan__in=meetings)
        .values_list("lembaga_id")
        .annotate(n=Count("pertemuan_id", distinct=True))
    )
    rows = []
    # members_on's rows, read with only what the forum page shows of each (its lembaga's name and link).
    members = forum.keanggotaan.on(timezone.localdate()).select_related("lembaga").order_by("lembaga__nama")
    for member in members.only(*MEMBER_FIELDS):
        n = attended.get(member.lembaga_id, 0)
        rows.append(
            {"keanggotaan": member, "hadir": n, "dari": len(meetings), "rate": n / len(meetings) if meetings else None}
        )
    return rows


def missed_last(forums: list[Forum], *, n: int = 3) -> dict[int, list]:
    """Per forum (by pk): current members absent from each of its last `n` meetings held so far; a forum with
    fewer than `n` meetings has none. Three queries however many forums (a home page lists up to 20)."""
    today = timezone.localdate()
    ranked = (
        Pertemuan.objects.filter(forum__in=forums, tanggal__lte=today)
        .annotate(
            urutan=Window(RowNumber(), partition_by=F("forum_id"), order_by=[F("tanggal").desc(), F("pk").desc()])
        )
        .filter(urutan__lte=n)
        .values_list("pk", "forum_id")
    )
    meetings: dict[int, list[int]] = {}
    for pk, forum_id in ranked:
        meetings.setdefault(forum_id, []).append(pk)
    counted = [forum_id for forum_id, pks in meetings.items() if len(pks) == n]
    came = set(
        Kehadiran.objects.filter(pertemuan__in=[pk for f in counted for pk in meetings[f]]).values_list(
            "pertemuan__forum_id", "lembaga_id"
        )
    )
    absent: dict[int, list] = {forum.pk: [] for forum in forums}
    members = (
        Keanggotaan.objects.on(today)
        .filter(forum_id__in=counted)
        .select_related("lembaga__wilayah")
        .order_by("lembaga__nama")
    )
    for member in members:
        if (member.forum_id, member.lembaga_id) not in came:
            absent[member.forum_id].append(member.lembaga)
    return absent


def next_meeting(forums: QuerySet[Forum], today: datetime.date) -> Pertemuan | None:
    return Pertemuan.objects.filter(forum__in=forums, tanggal__gte=today).order_by("tanggal", "jam_mulai").first()


def forum_figures(forum: Forum, today: datetime.date) -> dict:
    """The forum page's activity figures over the last twelve months (four aggregate queries)."""
    start = today - datetime.timedelta(days=365)
    meetings = forum.pertemuan.filter(tanggal__range=(start, today))
    follow_ups = TindakLanjut.objects.filter(pertemuan__in=meetings)
    # The meetings are counted with their attendance: a LEFT JOIN keeps each meeting once among the distinct ids.
    stats = meetings.aggregate(n=Count("pk", distinct=True), hadir=Count("kehadiran", filter=Q(kehadiran__tamu=False)))
    return {
        "pertemuan": stats["n"],
        "kesepakatan": Kesepakatan.objects.filter(pertemuan__in=meetings).count(),
        "tindak_lanjut": follow_ups.aggregate(
            selesai=Count("pk", filter=Q(status=StatusTindakLanjut.SELESAI)),
            terlambat=Count("pk", filter=Q(status__in=["rencana", "berjalan"], tenggat__lt=today)),
            total=Count("pk"),
        ),
        "hadir_rata": _mean_attendance(stats, forum),
    }


def _mean_attendance(stats: dict, forum: Forum) -> float | None:
    """Share of members present, averaged over meetings (members counted on today's roster)."""
    n_members = forum.keanggotaan.aktif().count()
    if not n_members or not stats["n"]:
        return None
    return stats["hadir"] / (stats["n"] * n_members)


def count_of(model_qs, outer: str) -> Subquery:
    """A correlated COUNT(*) subquery, so per-forum figures come from one query instead of one per forum."""
    return Coalesce(
        Subquery(model_qs.filter(**{outer: OuterRef("pk")}).values(outer).annotate(n=Count("*")).values("n")), 0
    )


def activity_by_forum(forums: QuerySet[Forum], start: datetime.date, end: datetime.date) -> QuerySet[Forum]:
    """Forums annotated with their activity between two dates (one query for the whole table)."""
    meetings = Pertemuan.objects.filter(tanggal__range=(start, end))
    follow_ups = TindakLanjut.objects.filter(pertemuan__tanggal__range=(start, end))
    return forums.select_related("wilayah").annotate(
        n_pertemuan=count_of(meetings, "forum"),
        n_hadir=count_of(Kehadiran.objects.filter(pertemuan__in=meetings, tamu=False), "pertemuan__forum"),
        n_anggota=count_of(Keanggotaan.objects.filter(selesai__isnull=True), "forum"),
        n_kesepakatan=count_of(Kesepakatan.objects.filter(pertemuan__in=meetings), "pertemuan__forum"),
        n_tl=count_of(follow_ups, "pertemuan__forum"),
        n_tl_selesai=count_of(follow_ups.filter(status=StatusTindakLanjut.SELESAI), "pertemuan__forum"),
        n_tl_terlambat=count_of(follow_ups.overdue(end), "pertemuan__forum"),
    )


def meetings_per_month(
    forums: QuerySet[Forum], start: datetime.date, end: datetime.date
) -> list[tuple[datetime.date, int]]:
    """(first day of the month, meetings) for every month from `start` to `end`, months without a meeting
    included as 0, so a chart or a table of them has no silent gaps."""
    rows = (
        Pertemuan.objects.filter(forum__in=forums, tanggal__range=(start, end))
        .annotate(bulan=TruncMonth("tanggal"))
        .values_list("bulan")
        .annotate(n=Count("pk"))
    )
    counts = {(bulan.year, bulan.month): n for bulan, n in rows}
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((datetime.date(year, month, 1), counts.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def activity_by_area(kode: str, length: int, start: datetime.date, end: datetime.date) -> dict[str, dict]:
    """Per area below wilayah `kode` (its code's first `length` characters): forums, their meetings between
    the dates and the attendance rate (member lembaga present ÷ members × meetings, members as of `end`,
    the forum activity page's rule). A report's drill-down reads this through pranata's extension seam.
    Three grouped counts, not a correlated count per forum: a kabupaten has hundreds of forums."""
    forums = dict(Forum.objects.filter(subtree_q(kode, "wilayah__kode")).values_list("pk", "wilayah__kode"))
    meetings = Pertemuan.objects.filter(forum__in=list(forums), tanggal__range=(start, end))
    held = _counts(meetings, "forum")
    present = _counts(Kehadiran.objects.filter(pertemuan__in=meetings, tamu=False), "pertemuan__forum")
    members = _counts(Keanggotaan.objects.on(end).filter(forum__in=list(forums)), "forum")
    totals: dict[str, list[int]] = {}
    for forum, wilayah_kode in forums.items():
        if len(wilayah_kode) < length:
            continue  # a forum of the whole scope (e.g. a kecamatan forum in a kecamatan report): no area
        total = totals.setdefault(wilayah_kode[:length], [0, 0, 0, 0])
        total[0] += 1
        total[1] += held.get(forum, 0)
        total[2] += present.get(forum, 0)
        total[3] += held.get(forum, 0) * members.get(forum, 0)
    return {
        area: {"forum": n_forum, "pertemuan": n_meetings, "kehadiran": round(hadir / possible, 4) if possible else None}
        for area, (n_forum, n_meetings, hadir, possible) in totals.items()
    }


def _counts(rows: QuerySet, field: str) -> dict[int, int]:
    return dict(rows.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n"))


# A forum that has not met for this long needs a visit (the Dinas Sosial home, the forum list's filter).
QUIET_DAYS = 90


def with_last_meeting(forums: QuerySet[Forum], today: datetime.date) -> QuerySet[Forum]:
    """Forums annotated with their last meeting held on or before today (`terakhir`, None if never)."""
    return forums.annotate(terakhir=Max("pertemuan__tanggal", filter=Q(pertemuan__tanggal__lte=today)))


def quiet_forums(forums: QuerySet[Forum], today: datetime.date) -> QuerySet[Forum]:
    """Forums with no meeting in the last QUIET_DAYS days (never met included), the longest quiet first."""
    since = today - datetime.timedelta(days=QUIET_DAYS)
    recent = Pertemuan.objects.filter(forum=OuterRef("pk"), tanggal__range=(since, today))
    return (
        with_last_meeting(forums.filter(~Exists(recent)), today)
        .select_related("wilayah")
        .order_by(F("terakhir").asc(nulls_first=True), "nama", "pk")
    )


def overdue_by_area(forums: QuerySet[Forum], start: datetime.date, end: datetime.date, length: int) -> dict[str, int]:
    """Overdue follow-ups (as of `end`) of the meetings between the dates, per area (the first `length`
    characters of the forum's wilayah code): the activity page's "terlambat", summed over an area's forums."""
    rows = (
        TindakLanjut.objects.filter(pertemuan__forum__in=forums, pertemuan__tanggal__range=(start, end))
        .overdue(end)
        .annotate(area=Substr("pertemuan__forum__wilayah__kode", 1, length))
        .order_by()
        .values("area")
        .annotate(n=Count("pk"))
        .values_list("area", "n")
    )
    return dict(rows)


def upcoming_meetings(forums: QuerySet[Forum], today: datetime.date, *, days: int = 14) -> QuerySet[Pertemuan]:
    end = today + datetime.timedelta(days=days)
    return (
        Pertemuan.objects.filter(forum__in=forums, tanggal__range=(today, end))
        .select_related("forum")
        .order_by("tanggal", "jam_mulai")
    )


def meetings_without_attendance(forums: QuerySet[Forum], today: datetime.date) -> QuerySet[Pertemuan]:
    """Meetings held in the last year with no attendance recorded: a record someone still has to complete."""
    start = today - datetime.timedelta(days=365)
    return (
        Pertemuan.objects.filter(forum__in=forums, tanggal__range=(start, today))
        .filter(~Exists(Kehadiran.objects.filter(pertemuan=OuterRef("pk"))))
        .select_related("forum")
        .order_by("-tanggal")
    )
