"""The pendampingan report at a kabupaten's size: 2,000 pendamping assigned to its forums and lembaga, and
100,000 logged activities over the last year. Target (the PSKS issue): the report ≤ 0.5 s.

Generated like bench/activity.py: bulk_create, no services or history rows, its own `random.Random`, reused
when an earlier run left it. Activities are dated back from the day they are generated.
"""

from __future__ import annotations

import datetime
import random
import time

from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.utils import timezone

from forum.models import Keanggotaan
from pendampingan import reports
from pendampingan.models import TEKNIK_TUGAS, JenisPendamping, Kegiatan, Pendamping, Penugasan
from pranata.models import Peran, Profil, Wilayah

from .activity import KABUPATEN_ACTIVITY, forums_of
from .cases import Bench, get
from .data import BATCH, analyze, say
from .timing import Result, measure

PEOPLE, ACTIVITIES = 2_000, 100_000
PREFIX = "Bench pendamping"
TARGET = 0.5


def ensure_pendampingan(kode: str) -> None:
    have = Pendamping.objects.filter(nama__startswith=PREFIX).count()
    if have >= PEOPLE:
        say(f"reusing pendampingan: {have} pendamping, {Kegiatan.objects.count():,} activities")
        return
    started = time.perf_counter()
    _generate(random.Random(7), kode)
    analyze()  # the planner's statistics of the new rows (see data.analyze)
    say(f"generated pendampingan in {time.perf_counter() - started:.1f} s")


@transaction.atomic
def _generate(rng: random.Random, kode: str) -> None:
    today = timezone.localdate()
    desa = list(Wilayah.objects.filter(kode__startswith=f"{kode}.", tingkat=4).values_list("pk", flat=True))
    forums = list(forums_of(KABUPATEN_ACTIVITY).values_list("pk", flat=True))
    members: dict[int, list[int]] = {}
    for forum, lembaga in Keanggotaan.objects.filter(forum__in=forums).values_list("forum_id", "lembaga_id"):
        members.setdefault(forum, []).append(lembaga)
    kinds = list(JenisPendamping.values)
    serving_since = datetime.date(2015, 1, 1)
    people = [
        Pendamping(nama=f"{PREFIX} {i:04d}", jenis=rng.choice(kinds), wilayah_id=rng.choice(desa), mulai=serving_since)
        for i in range(PEOPLE)
    ]
    people = Pendamping.objects.bulk_create(people, batch_size=BATCH)
    start = today - datetime.timedelta(days=365)
    assigned: dict[int, list[int]] = {}
    tasks = []
    for person in people:
        for forum in rng.sample(forums, k=min(len(forums), rng.randint(1, 2))):
            assigned.setdefault(person.pk, []).append(forum)
            tasks.append(Penugasan(pendamping=person, forum_id=forum, mulai=start - datetime.timedelta(days=30)))
    Penugasan.objects.bulk_create(tasks, batch_size=BATCH)
    techniques = list(TEKNIK_TUGAS.items())
    rows = []
    for i in range(ACTIVITIES):
        person = people[i % PEOPLE]
        forum = rng.choice(assigned[person.pk])
        teknik, tugas = rng.choice(techniques)
        lembaga = rng.choice(members[forum]) if members.get(forum) and rng.random() < 0.7 else None
        rows.append(
            Kegiatan(pendamping=person, tanggal=start + datetime.timedelta(days=rng.randrange(366)),
                     forum_id=None if lembaga else forum, lembaga_id=lembaga, tugas=tugas, teknik=teknik,
                     uraian="Kegiatan bench")
        )  # fmt: skip
        if len(rows) == BATCH:
            Kegiatan.objects.bulk_create(rows)
            rows = []
    Kegiatan.objects.bulk_create(rows)


def reader(kode: str) -> User:
    """A Dinas Sosial analyst of the kabupaten (the report's reader)."""
    user, created = User.objects.get_or_create(username="bench-dinsos-pendampingan")
    if created:
        profil = Profil.objects.create(user=user, peran=Peran.DINSOS)
        profil.wilayah.set(Wilayah.objects.filter(kode=kode))
    return user


def pendampingan_case(bench: Bench, kode: str) -> list[Result]:
    ensure_pendampingan(kode)
    end = timezone.localdate()
    start = end - datetime.timedelta(days=365)
    scope = reports.Scope(kode=kode)
    build = measure(
        f"pendampingan report build ({PEOPLE:,} pendamping, {ACTIVITIES:,} activities)",
        "kabupaten",
        lambda: reports.build(scope, start, end),
        runs=bench.slow_runs,
        target=TARGET,
    )
    client = Client()
    client.force_login(reader(kode))
    fetch = get(client, f"/pendamping/laporan/{kode}/")
    fetch()
    page = measure("pendampingan report page", "kabupaten", fetch, runs=bench.slow_runs, target=TARGET)
    laporan = reports.build(scope, start, end)
    bench.findings.append(
        f"pendampingan report: {laporan.total:,} activities in the year, {laporan.pendamping_aktif:,} pendamping "
        f"serving, {laporan.n_lembaga_tanpa:,} of {laporan.n_lembaga:,} lembaga without pendampingan in "
        f"{laporan.bulan_tanpa} months."
    )
    return [build, page]
