"""The load test's users: sessions made directly in the database, so the load measures pages, not logins."""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore

from forum.models import Forum, Keanggotaan
from pranata.models import Lembaga, Peran, Profil, Tingkat, Wilayah

ROLES = [("petugas", 35), ("koordinator", 10), ("dinsos", 5)]


def _session(user: User) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def _forum_for(user: User, desa: Wilayah) -> Forum:
    forum, created = Forum.objects.get_or_create(nama=f"Forum beban {desa.kode}", wilayah=desa)
    forum.koordinator.add(user)
    if created:
        members = Lembaga.objects.filter(wilayah=desa)[:20]
        Keanggotaan.objects.bulk_create(
            [Keanggotaan(forum=forum, lembaga=m, mulai=datetime.date(2020, 1, 1)) for m in members]
        )
    return forum


def make_personas(rng: random.Random) -> list:
    from bench.data import SHAPES
    from bench.load import Persona

    kabupaten = SHAPES["kabupaten"].kode
    desa = list(Wilayah.objects.subtree(kabupaten).filter(tingkat=Tingkat.KELURAHAN).order_by("kode"))
    people = []
    for role, count in ROLES:
        for i in range(count):
            user, _ = User.objects.get_or_create(username=f"beban-{role}-{i}")
            mine = [rng.choice(desa)] if role != "dinsos" else desa
            profil, _ = Profil.objects.update_or_create(user=user, defaults={"peran": role})
            scope = [mine[0].kode] if role != "dinsos" else [kabupaten]
            profil.wilayah.set(Wilayah.objects.filter(kode__in=scope))
            lembaga = list(
                Lembaga.objects.filter(wilayah__in=mine[:1] if role != "dinsos" else desa[:30]).values_list(
                    "pk", flat=True
                )
            )
            forum = _forum_for(user, mine[0]).pk if role == Peran.KOORDINATOR else None
            kodes = [w.kode for w in (mine if role != "dinsos" else rng.sample(desa, 30))]
            people.append(Persona(role, _session(user), kodes, lembaga, forum))
    return people
