"""Deterministic forum activity on top of the registry data: forums, members, meetings, agreements, programmes.

One forum per desa with every lembaga of the desa as a member (since 2015), meetings over the last three
years, 8–15 members at each, some agreements and follow-ups, and joint programmes with pooled resources:
the raw material of `forum.evidence`. Like bench/data.py it goes in with bulk_create (no services, no
history rows) and has its own `random.Random(42)`, so it can be added to registry data an earlier run left.

Dates are counted back from the day the activity is generated (the evidence window ends "today"); a run
months later reuses the rows as they are, so its evidence window holds fewer meetings. `--fresh` rebuilds.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from forum.models import (
    Forum,
    JenisPertemuan,
    KategoriPMKS,
    Keanggotaan,
    Kehadiran,
    Kesepakatan,
    PenerimaManfaat,
    PeranAnggota,
    PeranProgram,
    Pertemuan,
    PesertaProgram,
    ProgramBersama,
    StatusProgram,
    StatusTindakLanjut,
    TindakLanjut,
)
from pranata.models import Lembaga, Peran, Profil, SumberDaya, Tingkat, Wilayah

from .data import BATCH, SEED, say

YEARS_BACK = 3
AGREEMENT_SHARE = 0.3  # meetings that reach at least one kesepakatan
FOLLOW_UP_SHARE = 0.25  # meetings without an agreement that still hand out follow-ups
COORDINATOR = "bench-koordinator"

JENIS = [
    (JenisPertemuan.RAPAT_RUTIN, 10),
    (JenisPertemuan.ARISAN, 3),
    (JenisPertemuan.PENGAJIAN, 3),
    (JenisPertemuan.MUSYAWARAH, 2),
    (JenisPertemuan.RAPAT_KOORDINASI, 2),
]
TEMPAT = [
    "Sekretariat RW 01",
    "Sekretariat RW 03",
    "Balai desa",
    "Masjid jami",
    "Rumah ketua forum",
    "Aula kantor desa",
]
AGENDA = ["Rapat rutin bulanan", "Evaluasi posyandu", "Persiapan kerja bakti", "Pendataan warga rentan", "Arisan"]
KESEPAKATAN = ["Kerja bakti saluran air tiap Minggu pertama", "Jadwal posyandu bergilir antar-RW"]
KESEPAKATAN += ["Pendataan lansia terlantar bersama", "Iuran kas forum Rp5.000 per lembaga", "Ronda malam bergilir"]
PROGRAM = ["Posyandu Terpadu", "Bank Sampah", "Kampung KB", "Santunan Lansia", "Pelatihan Kader", "Sekolah Ibu"]


@dataclass(frozen=True)
class ActivityShape:
    """How much happens in one scale: its forums are the desa under `kode`, one forum each."""

    name: str
    kode: str
    meetings: int  # held in the last YEARS_BACK years, spread over the forums
    programmes: int


KELURAHAN_ACTIVITY = ActivityShape("kelurahan", "16.71.05.1006", meetings=150, programmes=3)
KABUPATEN_ACTIVITY = ActivityShape("kabupaten", "35.15", meetings=50_000, programmes=300)
ACTIVITY = {shape.name: shape for shape in (KELURAHAN_ACTIVITY, KABUPATEN_ACTIVITY)}


@dataclass
class ActivitySummary:
    shape: ActivityShape
    forum: int
    anggota: int
    pertemuan: int
    kehadiran: int
    kesepakatan: int
    terikat: int  # rows of the kesepakatan ↔ lembaga through table
    tindak_lanjut: int
    program: int
    peserta: int
    generated: bool
    seconds: float


@dataclass
class Circle:
    """One forum and what the generator needs of it: its members, and which of them own a resource."""

    forum: Forum
    members: list[int]
    with_sumber: list[int]


@dataclass
class MeetingPlan:
    """One meeting decided by the dice before anything is written, so batches insert in a fixed order."""

    circle: int
    tanggal: datetime.date
    jenis: str
    hadir: list[int]
    sepakat: list[list[int]] = field(default_factory=list)
    lanjut: list[tuple[int, int | None, datetime.date, str]] = field(default_factory=list)


# --- forums and members -------------------------------------------------------------------------


def make_forums(rng: random.Random, shape: ActivityShape) -> list[Circle]:
    desa = list(Wilayah.objects.subtree(shape.kode).filter(tingkat=Tingkat.KELURAHAN).order_by("kode"))
    forums = Forum.objects.bulk_create(
        [
            Forum(nama=f"Forum Pranata Sosial {d.nama}", wilayah=d, tanggal_berdiri=datetime.date(2015, 1, 1))
            for d in desa
        ]
    )
    members: dict[int, list[int]] = {}
    for pk, wilayah_id in Lembaga.objects.filter(wilayah__in=desa).order_by("pk").values_list("pk", "wilayah_id"):
        members.setdefault(wilayah_id, []).append(pk)
    owners = set(SumberDaya.objects.filter(lembaga__wilayah__in=desa).values_list("lembaga_id", flat=True))
    circles = [Circle(f, members.get(f.wilayah_id, []), []) for f in forums]
    for circle in circles:
        circle.with_sumber = [pk for pk in circle.members if pk in owners]
    Keanggotaan.objects.bulk_create(
        [
            Keanggotaan(forum=c.forum, lembaga_id=pk, peran=_peran(i), mulai=_day_in_2015(rng))
            for c in circles
            for i, pk in enumerate(c.members)
        ],
        batch_size=BATCH,
    )
    return circles


def _peran(index: int) -> str:
    # The first three members hold the forum's offices, as in the source forums (ketua is often the LPMK).
    offices = [PeranAnggota.KETUA, PeranAnggota.SEKRETARIS, PeranAnggota.BENDAHARA]
    return offices[index] if index < len(offices) else PeranAnggota.ANGGOTA


def _day_in_2015(rng: random.Random) -> datetime.date:
    return datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))


# --- meetings -----------------------------------------------------------------------------------


def plan_meeting(rng: random.Random, circles: Sequence[Circle], today: datetime.date) -> MeetingPlan:
    index = rng.randrange(len(circles))
    members = circles[index].members
    tanggal = today - datetime.timedelta(days=rng.randint(1, YEARS_BACK * 365))
    hadir = rng.sample(members, min(len(members), rng.randint(8, 15)))
    plan = MeetingPlan(index, tanggal, rng.choices([j for j, _w in JENIS], [w for _j, w in JENIS])[0], hadir)
    if rng.random() < AGREEMENT_SHARE:
        plan.sepakat = [rng.sample(hadir, rng.randint(2, 4)) for _ in range(rng.randint(1, 2))]
    if plan.sepakat or rng.random() < FOLLOW_UP_SHARE:
        plan.lanjut = [_follow_up(rng, plan, today) for _ in range(rng.randint(1, 3))]
    return plan


def _follow_up(rng: random.Random, plan: MeetingPlan, today: datetime.date) -> tuple:
    """(responsible lembaga, agreement index or None, due date, status); most past-due ones are done."""
    agreement = rng.randrange(len(plan.sepakat)) if plan.sepakat and rng.random() < 0.7 else None
    lembaga = rng.choice(plan.sepakat[agreement] if agreement is not None else plan.hadir)
    tenggat = plan.tanggal + datetime.timedelta(days=rng.randint(7, 60))
    # Past their due date most are done; the rencana/berjalan ones left are the overdue follow-ups.
    weights = (10, 10, 70, 10) if tenggat < today else (60, 35, 5, 0)
    status = rng.choices(list(StatusTindakLanjut.values), weights)[0]
    return lembaga, agreement, tenggat, status


def _pertemuan(plan: MeetingPlan, circles: Sequence[Circle], rng: random.Random) -> Pertemuan:
    return Pertemuan(
        forum=circles[plan.circle].forum,
        tanggal=plan.tanggal,
        jam_mulai=datetime.time(rng.choice((9, 13, 16, 19, 20)), rng.choice((0, 30))),
        tempat=rng.choice(TEMPAT),
        jenis=plan.jenis,
        agenda=rng.choice(AGENDA),
        notulen="Rapat dibuka pukul 19.30, dihadiri perwakilan lembaga anggota. Hasil dicatat sebagai berikut.",
    )


Written = list[tuple[Pertemuan, MeetingPlan]]  # each saved meeting with the plan it came from


def write_meetings(rng: random.Random, plans: list[MeetingPlan], circles: Sequence[Circle]) -> tuple[int, int, int]:
    """One batch of meetings with attendance, agreements (and who they bind) and follow-ups; their counts."""
    meetings = Pertemuan.objects.bulk_create([_pertemuan(p, circles, rng) for p in plans])
    batch = list(zip(meetings, plans, strict=True))
    hadir = write_attendance(rng, batch)
    agreements = write_agreements(rng, batch)
    return hadir, sum(len(found) for found in agreements.values()), write_follow_ups(batch, agreements)


def write_attendance(rng: random.Random, batch: Written) -> int:
    rows = [Kehadiran(pertemuan=m, lembaga_id=pk, jumlah_orang=rng.randint(1, 4)) for m, p in batch for pk in p.hadir]
    Kehadiran.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def write_agreements(rng: random.Random, batch: Written) -> dict[int, list[Kesepakatan]]:
    """The agreements and, through the M2M's own table, the lembaga each binds; by meeting, in nomor order."""
    agreements = Kesepakatan.objects.bulk_create(
        [
            Kesepakatan(pertemuan=m, nomor=n, isi=rng.choice(KESEPAKATAN))
            for m, p in batch
            for n in range(1, len(p.sepakat) + 1)
        ],
        batch_size=BATCH,
    )
    by_meeting = _agreements_by_meeting(agreements)
    through = Kesepakatan.lembaga.through
    bound = [
        through(kesepakatan_id=by_meeting[m.pk][n].pk, lembaga_id=pk)
        for m, p in batch
        for n, lembaga in enumerate(p.sepakat)
        for pk in lembaga
    ]
    through.objects.bulk_create(bound, batch_size=BATCH)
    return by_meeting


def write_follow_ups(batch: Written, agreements: dict[int, list[Kesepakatan]]) -> int:
    rows = [
        TindakLanjut(
            pertemuan=m,
            kesepakatan=agreements[m.pk][index] if index is not None else None,
            uraian="Menyiapkan bahan dan melaporkan di pertemuan berikutnya",
            lembaga_id=pk,
            tenggat=tenggat,
            status=status,
        )
        for m, p in batch
        for pk, index, tenggat, status in p.lanjut
    ]
    TindakLanjut.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _agreements_by_meeting(agreements: list[Kesepakatan]) -> dict[int, list[Kesepakatan]]:
    by_meeting: dict[int, list[Kesepakatan]] = {}
    for agreement in sorted(agreements, key=lambda k: (k.pertemuan_id, k.nomor)):
        by_meeting.setdefault(agreement.pertemuan_id, []).append(agreement)
    return by_meeting


def make_meetings(rng: random.Random, shape: ActivityShape, circles: Sequence[Circle], today: datetime.date) -> None:
    """The past meetings a batch at a time (memory stays flat), then one upcoming meeting per forum."""
    done = 0
    while done < shape.meetings:
        size = min(BATCH, shape.meetings - done)
        plans = [plan_meeting(rng, circles, today) for _ in range(size)]
        hadir, sepakat, lanjut = write_meetings(rng, plans, circles)
        done += size
        say(
            f"  {shape.name}: {done:,}/{shape.meetings:,} pertemuan, "
            f"+{hadir:,} kehadiran, +{sepakat:,} kesepakatan, +{lanjut:,} tindak lanjut"
        )
    upcoming = [
        Pertemuan(forum=c.forum, tanggal=today + datetime.timedelta(days=rng.randint(1, 30)), agenda="Rapat rutin")
        for c in circles
    ]
    Pertemuan.objects.bulk_create(upcoming, batch_size=BATCH)


# --- programmes ---------------------------------------------------------------------------------


def _programme(rng: random.Random, circle: Circle, today: datetime.date) -> tuple[ProgramBersama, list[int]]:
    """A programme of one forum and its participants: the lead owns a resource, so something can be pooled."""
    lead = rng.choice(circle.with_sumber or circle.members)
    others = rng.sample([pk for pk in circle.members if pk != lead], rng.randint(1, 4))
    status = rng.choices(list(StatusProgram.values), (20, 50, 30))[0]
    mulai = today - datetime.timedelta(days=rng.randint(30, YEARS_BACK * 365))
    selesai = min(today, mulai + datetime.timedelta(days=rng.randint(30, 365))) if status == "selesai" else None
    program = ProgramBersama(
        nama=f"{rng.choice(PROGRAM)} {circle.forum.wilayah.nama}",
        forum=circle.forum,
        wilayah=circle.forum.wilayah,
        status=status,
        mulai=mulai,
        selesai=selesai,
        deskripsi="Program bersama lembaga anggota forum.",
    )
    return program, [lead, *others]


def make_programmes(rng: random.Random, shape: ActivityShape, circles: Sequence[Circle], today: datetime.date) -> None:
    chosen = [_programme(rng, rng.choice(circles), today) for _ in range(shape.programmes)]
    programs = ProgramBersama.objects.bulk_create([program for program, _ids in chosen])
    PesertaProgram.objects.bulk_create(
        [
            PesertaProgram(
                program=program, lembaga_id=pk, peran=PeranProgram.PELAKSANA_UTAMA if i == 0 else PeranProgram.MITRA
            )
            for program, (_p, ids) in zip(programs, chosen, strict=True)
            for i, pk in enumerate(ids)
        ],
        batch_size=BATCH,
    )
    make_pooling(rng, programs, [ids for _p, ids in chosen])


def make_pooling(rng: random.Random, programs: list[ProgramBersama], participants: list[list[int]]) -> None:
    """Up to three resources of the participants pooled into each programme, and its beneficiaries."""
    owned: dict[int, list[int]] = {}
    everyone = {pk for ids in participants for pk in ids}
    for pk, lembaga_id in SumberDaya.objects.filter(lembaga__in=everyone).order_by("pk").values_list("pk", "lembaga"):
        owned.setdefault(lembaga_id, []).append(pk)
    through = ProgramBersama.sumber_daya.through
    pooled = [
        through(programbersama_id=program.pk, sumberdaya_id=sd)
        for program, ids in zip(programs, participants, strict=True)
        for sd in [sd for pk in ids for sd in owned.get(pk, [])][:3]
    ]
    through.objects.bulk_create(pooled, batch_size=BATCH)
    kategori = list(KategoriPMKS.values)
    PenerimaManfaat.objects.bulk_create(
        [
            PenerimaManfaat(program=program, kategori=k, jumlah=rng.randint(5, 120))
            for program in programs
            for k in rng.sample(kategori, rng.randint(1, 2))
        ],
        batch_size=BATCH,
    )


# --- putting it together ------------------------------------------------------------------------


def forums_of(shape: ActivityShape):
    return Forum.objects.filter(wilayah__in=Wilayah.objects.subtree(shape.kode))


def activity_counts(shape: ActivityShape, *, generated: bool, seconds: float) -> ActivitySummary:
    forums = forums_of(shape)
    meetings = Pertemuan.objects.filter(forum__in=forums)
    agreements = Kesepakatan.objects.filter(pertemuan__in=meetings)
    programs = ProgramBersama.objects.filter(forum__in=forums)
    return ActivitySummary(
        shape=shape,
        forum=forums.count(),
        anggota=Keanggotaan.objects.filter(forum__in=forums).count(),
        pertemuan=meetings.count(),
        kehadiran=Kehadiran.objects.filter(pertemuan__in=meetings).count(),
        kesepakatan=agreements.count(),
        terikat=Kesepakatan.lembaga.through.objects.filter(kesepakatan__in=agreements).count(),
        tindak_lanjut=TindakLanjut.objects.filter(pertemuan__in=meetings).count(),
        program=programs.count(),
        peserta=PesertaProgram.objects.filter(program__in=programs).count(),
        generated=generated,
        seconds=seconds,
    )


@transaction.atomic
def generate_activity(shape: ActivityShape) -> None:
    # One transaction, as for the registry data: an interrupted run leaves no half-made forums behind.
    rng = random.Random(SEED)
    today = timezone.localdate()
    say(f"generating {shape.name} forum activity: forums and members…")
    circles = make_forums(rng, shape)
    say(f"generating {shape.name} forum activity: {shape.meetings:,} meetings over {YEARS_BACK} years…")
    make_meetings(rng, shape, circles, today)
    say(f"generating {shape.name} forum activity: {shape.programmes} programmes… done")
    make_programmes(rng, shape, circles, today)


def ensure_activity(shape: ActivityShape) -> ActivitySummary:
    """The scale's forum activity, generated unless its forums exist already (then reused as they are)."""
    n_forums = forums_of(shape).count()
    if n_forums:
        say(f"reusing {shape.name} forum activity: {n_forums} forums already in the bench database")
        return activity_counts(shape, generated=False, seconds=0.0)
    started = time.perf_counter()
    generate_activity(shape)
    return activity_counts(shape, generated=True, seconds=time.perf_counter() - started)


def member_pairs(shape: ActivityShape) -> int:
    """How many pairs of fellow members the scale's forums have: the most co-attendance evidence can cover."""
    sizes = Keanggotaan.objects.filter(forum__in=forums_of(shape), selesai__isnull=True).values("forum")
    return sum(n * (n - 1) // 2 for n in sizes.annotate(n=Count("pk")).values_list("n", flat=True))


def coordinator(shape: ActivityShape) -> User:
    """A forum coordinator of the scale's first forum (the meeting list as most of its users see it)."""
    user, _ = User.objects.get_or_create(username=COORDINATOR)
    Profil.objects.get_or_create(user=user, defaults={"peran": Peran.KOORDINATOR, "jabatan": "Koordinator forum"})
    forum = forums_of(shape).order_by("wilayah__kode").first()
    if forum is not None:
        forum.koordinator.add(user)
    return user
