"""Forum activity as tie evidence, one set-based query per ladder rule (never a loop over pairs).

Each rule self-joins an activity table on its shared object (the meeting, the agreement, the programme)
and groups by pair, so a kabupaten's 50,000 meetings are one GROUP BY in the database.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.utils.translation import gettext as _

from pranata.extensions import Evidence, Pair, Reason, merge
from pranata.models import Tahap

from .models import (
    Keanggotaan,
    Kehadiran,
    Kesepakatan,
    Kontribusi,
    Pertemuan,
    PesertaProgram,
    ProgramBersama,
    StatusProgram,
    TindakLanjut,
)


def window(as_of: datetime.date) -> tuple[datetime.date, datetime.date]:
    return as_of - datetime.timedelta(days=settings.SIMPUL_EVIDENCE_WINDOW_DAYS), as_of


def forum_evidence(lembaga, as_of: datetime.date) -> dict[Pair, Evidence]:
    """Highest evidence stage per pair of `lembaga` in the window ending on `as_of`, with reasons."""
    ids = lembaga.values("pk")
    start, end = window(as_of)
    # Co-attendance gives one row per pair (GROUP BY) and most of the pairs (345,000 of 370,000 on the bench
    # kabupaten): it fills the dict directly; the other rules are merged pair by pair.
    found: dict[Pair, Evidence] = dict(co_attendance(ids, start, end))
    for rule in (same_agreement, same_agreement_follow_ups, planned_programme, joint_programme):
        for pair, evidence in rule(ids, start, end):
            current = found.get(pair)
            found[pair] = evidence if current is None else merge(current, evidence)
    return found


def co_attendance(ids, start, end) -> Iterable[tuple[Pair, Evidence]]:
    """Pairs that attended at least SIMPUL_EVIDENCE_MIN_MEETINGS meetings together in the window.

    The scope's attendance in the window is selected once (a CTE) and joined with itself on the meeting.
    Written as the ORM's self-join through `pertemuan__kehadiran`, the database re-checked the second
    lembaga against the scope for every one of a kabupaten's million attendance pairs and sorted them on
    disk: 3.0 s on the bench kabupaten (PostgreSQL), 1.2 s this way (SQLite 1.7 → 1.1 s). One row per
    lembaga and meeting (constraint `kehadiran_sekali_per_pertemuan`), so COUNT(*) counts meetings."""
    attended = (
        Kehadiran.objects.filter(lembaga__in=ids, pertemuan__tanggal__range=(start, end))
        .order_by()
        .values_list("pertemuan_id", "lembaga_id", "pertemuan__tanggal")
    )
    try:
        inner, params = attended.query.sql_with_params()
    except EmptyResultSet:  # an empty scope: the ORM knows no row can match
        return
    sql = (
        f"WITH hadir (pertemuan_id, lembaga_id, tanggal) AS ({inner}) "
        "SELECT a.lembaga_id, b.lembaga_id, COUNT(*), MAX(a.tanggal) FROM hadir a "
        "JOIN hadir b ON b.pertemuan_id = a.pertemuan_id AND b.lembaga_id > a.lembaga_id "
        "GROUP BY a.lembaga_id, b.lembaga_id HAVING COUNT(*) >= %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, settings.SIMPUL_EVIDENCE_MIN_MEETINGS])
        rows = cursor.fetchall()
    # tuple.__new__ builds the named tuples without their Python-level __new__ (a third of this loop's time).
    make, stage, text_date = tuple.__new__, Tahap.KOMUNIKASI, datetime.date.fromisoformat
    for a, b, n, last in rows:
        if not isinstance(last, datetime.date):  # SQLite returns the MAX of a date column as text
            last = text_date(last)
        yield (a, b), make(Evidence, (stage, (make(Reason, (_met_together, (n, last))),)))


def _met_together(n: int, last: datetime.date) -> str:
    return _("komunikasi: hadir bersama di %(n)s pertemuan forum (terakhir %(tgl)s)") % {
        "n": n,
        "tgl": last.strftime("%d/%m/%Y"),
    }


def same_agreement(ids, start, end) -> Iterable[tuple[Pair, Evidence]]:
    through = Kesepakatan.lembaga.through
    rows = list(
        through.objects.filter(
            lembaga__in=ids,
            kesepakatan__pertemuan__tanggal__range=(start, end),
            kesepakatan__lembaga__in=ids,
            kesepakatan__lembaga__gt=F("lembaga"),
        )
        .values_list("lembaga_id", "kesepakatan__lembaga")
        .annotate(n=Count("kesepakatan_id", distinct=True), contoh=Max("kesepakatan_id"))
    )
    texts = _agreement_texts(row[3] for row in rows)
    for a, b, n, contoh in rows:
        yield (a, b), Evidence(Tahap.KOOPERASI, (Reason(_bound_together, (n, texts[contoh])),))


def _bound_together(n: int, isi: str) -> str:
    return _("kooperasi: terikat %(n)s kesepakatan bersama, mis. “%(isi)s”") % {"n": n, "isi": isi}


def same_agreement_follow_ups(ids, start, end) -> Iterable[tuple[Pair, Evidence]]:
    rows = list(
        TindakLanjut.objects.filter(
            lembaga__in=ids,
            pertemuan__tanggal__range=(start, end),
            kesepakatan__tindak_lanjut__lembaga__in=ids,
            kesepakatan__tindak_lanjut__lembaga__gt=F("lembaga"),
        )
        .values_list("lembaga_id", "kesepakatan__tindak_lanjut__lembaga_id")
        .annotate(contoh=Max("kesepakatan_id"))
    )
    texts = _agreement_texts(row[2] for row in rows)
    for a, b, contoh in rows:
        yield (a, b), Evidence(Tahap.KOORDINASI, (Reason(_follow_up_together, (texts[contoh],)),))


def _follow_up_together(isi: str) -> str:
    return _("koordinasi: sama-sama memegang tindak lanjut kesepakatan “%(isi)s”") % {"isi": isi}


def _programme_pairs(ids, start, end, programmes: Q):
    return (
        PesertaProgram.objects.filter(
            programmes,
            lembaga__in=ids,
            program__peserta__lembaga__in=ids,
            program__peserta__lembaga__gt=F("lembaga"),
            program__mulai__lte=end,
        )
        .filter(Q(program__selesai__isnull=True) | Q(program__selesai__gte=start))
        .values_list("lembaga_id", "program__peserta__lembaga_id")
        .annotate(contoh=Max("program_id"))
    )


def planned_programme(ids, start, end) -> Iterable[tuple[Pair, Evidence]]:
    rows = list(_programme_pairs(ids, start, end, Q(program__status=StatusProgram.RENCANA)))
    names = dict(ProgramBersama.objects.filter(pk__in={r[2] for r in rows}).values_list("pk", "nama"))
    for a, b, contoh in rows:
        yield (a, b), Evidence(Tahap.KOORDINASI, (Reason(_planned_together, (names[contoh],)),))


def _planned_together(nama: str) -> str:
    return _("koordinasi: merencanakan program “%(nama)s” bersama") % {"nama": nama}


def _pools_resources(end) -> Q:
    """A programme pools resources when its ledger holds a contribution given by `end`, or (data from before
    the ledger) a registered resource is linked to it as pooled."""
    ledger = Kontribusi.objects.filter(program=OuterRef("program_id"), tanggal__lte=end)
    linked = ProgramBersama.sumber_daya.through.objects.filter(programbersama=OuterRef("program_id"))
    return Q(Exists(ledger)) | Q(Exists(linked))


def joint_programme(ids, start, end) -> Iterable[tuple[Pair, Evidence]]:
    running = Q(program__status__in=[StatusProgram.BERJALAN, StatusProgram.SELESAI]) & _pools_resources(end)
    rows = list(_programme_pairs(ids, start, end, running))
    pooled = _pooled_resources({r[2] for r in rows}, end)
    names = dict(ProgramBersama.objects.filter(pk__in={r[2] for r in rows}).values_list("pk", "nama"))
    for a, b, contoh in rows:
        yield (a, b), Evidence(Tahap.KOLABORASI, (Reason(_ran_together, (names[contoh], pooled.get(contoh, "–"))),))


def _ran_together(nama: str, sumber: str) -> str:
    return _("kolaborasi: menjalankan “%(nama)s” bersama, sumber dibagi: %(sumber)s") % {"nama": nama, "sumber": sumber}


def _agreement_texts(ids: Iterable[int]) -> dict[int, str]:
    rows = Kesepakatan.objects.filter(pk__in=set(ids)).values_list("pk", "isi")
    return {pk: (isi[:80] + "…") if len(isi) > 80 else isi for pk, isi in rows}


def _pooled_resources(program_ids: set[int], end) -> dict[int, str]:
    """Per programme the kinds pooled, from its ledger (given by `end`) and its linked resources together."""
    through = ProgramBersama.sumber_daya.through
    linked = through.objects.filter(programbersama_id__in=program_ids).values_list(
        "programbersama_id", "sumberdaya__jenis"
    )
    given = (
        Kontribusi.objects.filter(program_id__in=program_ids, tanggal__lte=end)
        .order_by()
        .values_list("program_id", "jenis")
    )
    kinds: dict[int, set[str]] = {}
    for program_id, jenis in [*linked.distinct(), *given.distinct()]:
        kinds.setdefault(program_id, set()).add(jenis)
    return {pk: ", ".join(sorted(values)) for pk, values in kinds.items()}


def fingerprint(lembaga) -> tuple:
    """Changes whenever meetings, agreements, follow-ups or programmes of these lembaga change (for the cache)."""
    ids = lembaga.values("pk")
    return (
        Kehadiran.objects.filter(lembaga__in=ids).aggregate(n=Count("pk"), m=Max("pk"), t=Max("pertemuan__diubah")),
        Kesepakatan.lembaga.through.objects.filter(lembaga__in=ids).aggregate(n=Count("pk"), m=Max("pk")),
        TindakLanjut.objects.filter(lembaga__in=ids).aggregate(n=Count("pk"), m=Max("pk")),
        PesertaProgram.objects.filter(lembaga__in=ids).aggregate(n=Count("pk"), m=Max("pk"), t=Max("program__diubah")),
        # Whether those programmes pool resources: their ledgers, and the resources linked to them.
        Kontribusi.objects.filter(program__peserta__lembaga__in=ids).aggregate(
            n=Count("pk", distinct=True), m=Max("pk"), t=Max("diubah")
        ),
        ProgramBersama.sumber_daya.through.objects.filter(programbersama__peserta__lembaga__in=ids).aggregate(
            n=Count("pk", distinct=True), m=Max("pk")
        ),
        # The drill-down's forum activity: memberships, and meetings of the forums these lembaga belong to
        # (a meeting nobody attended still counts as held).
        Keanggotaan.objects.filter(lembaga__in=ids).aggregate(
            n=Count("pk"), m=Max("pk"), a=Max("mulai"), s=Max("selesai"), c=Count("selesai")
        ),
        Pertemuan.objects.filter(forum__in=Keanggotaan.objects.filter(lembaga__in=ids).values("forum")).aggregate(
            n=Count("pk"), m=Max("pk"), t=Max("diubah")
        ),
    )
