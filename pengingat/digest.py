"""A user's digest for a day: every registered section (pengingat.sections) that has something for them. The
e-mail and the notification page both show this one function's answer, so they cannot differ."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from . import sections
from .sections import Bagian

logger = logging.getLogger(__name__)


@dataclass
class Ringkasan:
    tanggal: datetime.date
    bagian: list[Bagian]

    @property
    def jumlah(self) -> int:
        return sum(section.jumlah for section in self.bagian)

    @property
    def kosong(self) -> bool:
        return not self.bagian


def digest_for(*, user: AbstractBaseUser, tanggal: datetime.date) -> Ringkasan:
    """The non-empty sections for `user` on `tanggal`, in the registered order. A section that raises is logged
    and left out: one app's bug must not stop everyone's reminders."""
    found: list[Bagian] = []
    for section in sections.registered():
        try:
            found += [part for part in section(user, tanggal) if part.jumlah]
        except Exception:
            logger.exception("digest section %s failed for user %s", section.__qualname__, user.pk)
    return Ringkasan(tanggal, found)
