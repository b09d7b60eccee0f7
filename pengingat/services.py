"""Writes of the reminders app: a user's choice about the e-mail, and the mark that a day's digest was sent."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from .models import Preferensi, RingkasanTerkirim


@transaction.atomic
def preferensi_set(*, user: AbstractBaseUser, kirim_email: bool) -> Preferensi:
    preferensi, _created = Preferensi.objects.update_or_create(user=user, defaults={"kirim_email": kirim_email})
    return preferensi


@transaction.atomic
def ringkasan_mark_sent(*, user: AbstractBaseUser, tanggal: datetime.date, jumlah: int) -> None:
    """Written after the mail server took the message. One INSERT (the daily run writes thousands); a mark
    already there for that day (a run alongside) is kept."""
    RingkasanTerkirim.objects.bulk_create(
        [RingkasanTerkirim(user=user, tanggal=tanggal, jumlah=jumlah)], ignore_conflicts=True
    )
