"""The daily reminder run for 5,000 users at a kabupaten's size: `manage.py kirim_pengingat` computing every
user's digest and sending it (to Django's in-memory mail backend, so the mail server's speed is not measured).
Target (the reminders issue): ≤ 60 s.

The users go in with bulk_create (no password hashing, no services), like the rest of the bench data: officers
of a desa (most), coordinators of a forum, and Dinas Sosial staff of a kecamatan or of the whole kabupaten.
Reused when an earlier run left them. The digest's date is two weeks before the last meeting the activity data
holds, so meetings, follow-ups and quiet forums are all there to remind of.
"""

from __future__ import annotations

import datetime
import random
import time

from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.db.models import Max
from django.test import override_settings

from forum.models import Forum, Pertemuan
from pengingat.models import RingkasanTerkirim
from pranata.models import Peran, Profil, Wilayah

from .activity import KABUPATEN_ACTIVITY, forums_of
from .cases import Bench
from .data import BATCH, say
from .timing import Result, measure

USERS = 5_000
PREFIX = "bench-pengingat-"
TARGET = 60.0
# Of every 20 users: 15 officers, 4 coordinators, 1 Dinas Sosial.
ROLES = [Peran.PETUGAS] * 15 + [Peran.KOORDINATOR] * 4 + [Peran.DINSOS]


def ensure_users(kode: str, n: int = USERS) -> int:
    have = User.objects.filter(username__startswith=PREFIX).count()
    if have >= n:
        say(f"reusing reminder users: {have:,}")
        return have
    started = time.perf_counter()
    _generate(random.Random(11), kode, n)
    say(f"generated {n:,} reminder users in {time.perf_counter() - started:.1f} s")
    return n


@transaction.atomic
def _generate(rng: random.Random, kode: str, n: int) -> None:
    User.objects.filter(username__startswith=PREFIX).delete()
    desa = list(Wilayah.objects.filter(kode__startswith=f"{kode}.", tingkat=4).values_list("pk", flat=True))
    kecamatan = list(Wilayah.objects.filter(kode__startswith=f"{kode}.", tingkat=3).values_list("pk", flat=True))
    kabupaten = Wilayah.objects.get(kode=kode).pk
    forums = list(forums_of(KABUPATEN_ACTIVITY).values_list("pk", flat=True)) or list(
        Forum.objects.values_list("pk", flat=True)
    )
    users = User.objects.bulk_create(
        [User(username=f"{PREFIX}{i:05d}", email=f"{PREFIX}{i:05d}@contoh.go.id", password="!") for i in range(n)],
        batch_size=BATCH,
    )
    roles = [ROLES[i % len(ROLES)] for i in range(n)]
    profiles = Profil.objects.bulk_create(
        [Profil(user=user, peran=peran) for user, peran in zip(users, roles, strict=True)], batch_size=BATCH
    )
    areas, runs = [], []
    for profil, peran in zip(profiles, roles, strict=True):
        if peran == Peran.PETUGAS:
            areas.append((profil.pk, rng.choice(desa)))
        elif peran == Peran.DINSOS:
            areas.append((profil.pk, rng.choice([kabupaten, *kecamatan[:3]]) if kecamatan else kabupaten))
        else:
            areas.append((profil.pk, rng.choice(desa)))
            runs.append((profil.user_id, rng.choice(forums)))
    through = Profil.wilayah.through
    through.objects.bulk_create([through(profil_id=p, wilayah_id=w) for p, w in areas], batch_size=BATCH)
    coordinators = Forum.koordinator.through
    coordinators.objects.bulk_create(
        [coordinators(user_id=u, forum_id=f) for u, f in runs], batch_size=BATCH, ignore_conflicts=True
    )


def digest_day() -> datetime.date:
    last = Pertemuan.objects.filter(forum__in=forums_of(KABUPATEN_ACTIVITY)).aggregate(last=Max("tanggal"))["last"]
    return (last or datetime.date.today()) - datetime.timedelta(days=14)


def digest_case(bench: Bench, kode: str, n: int = USERS) -> list[Result]:
    ensure_users(kode, n)
    day = digest_day()

    def fresh() -> None:
        RingkasanTerkirim.objects.filter(tanggal=day).delete()
        mail.outbox = []

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        result = measure(
            f"kirim_pengingat for {n:,} users (digest + e-mail, in-memory backend)",
            "kabupaten",
            lambda: call_command("kirim_pengingat", tanggal=day.isoformat(), verbosity=0),
            runs=bench.slow_runs,
            target=TARGET,
            before=fresh,
        )
        sent = RingkasanTerkirim.objects.filter(tanggal=day).count()
        items = sum(RingkasanTerkirim.objects.filter(tanggal=day).values_list("jumlah", flat=True))
    bench.findings.append(
        f"Reminders for {day}: {sent:,} of {n:,} bench users had something to be reminded of ({items:,} lines); "
        f"{result.queries:,} queries for the whole run ({result.queries / max(n, 1):.1f} per user)."
    )
    return [result]
