"""Demo forums on top of the registry demo."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction

from pranata.models import Lembaga, Wilayah

from .models import Forum, Keanggotaan, PeranAnggota


@transaction.atomic
def seed_forums(*, users: dict[str, User]) -> None:
    forum, _ = Forum.objects.get_or_create(
        nama="Forum Pranata Sosial Ilir D IV",
        wilayah=Wilayah.objects.get(kode="16.71.05.1006"),
        defaults={"tanggal_berdiri": datetime.date(2005, 8, 17)},
    )
    forum.koordinator.add(users["koordinator"])
    for lembaga in Lembaga.objects.filter(wilayah__kode="16.71.05.1006"):
        peran = PeranAnggota.KETUA if lembaga.singkatan == "LPMK" else PeranAnggota.ANGGOTA
        Keanggotaan.objects.get_or_create(
            forum=forum, lembaga=lembaga, defaults={"peran": peran, "mulai": datetime.date(2005, 8, 17)}
        )
    Forum.objects.get_or_create(
        nama="Forum WKSBM Tanete Riattang",
        wilayah=Wilayah.objects.get(kode="73.08.20"),
        defaults={"tanggal_berdiri": datetime.date(2007, 3, 1)},
    )
