"""The digest's extension seam: a section is a function of (user, date) returning the digest sections it has for
that user that day. The built-in ones (pengingat/bawaan.py) register here like any other app would, e.g. the
partner survey in its AppConfig.ready():

    from pengingat import sections

    def survey_rounds(user, tanggal):
        rows = ...  # rounds this user runs that close in the next days
        return [sections.Bagian("survei", _("Survei mitra yang akan ditutup"), [sections.Butir(...) ...])]

    sections.register(survey_rounds, order=50)

The e-mail and the notification page both show `digest.digest_for(user, tanggal)`, so a registered section
appears in both. A section that fails is logged and left out; the rest of the digest still goes.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser


@dataclass
class Butir:
    """One line of the digest."""

    teks: str  # what it is about, e.g. the meeting's forum, kind and day
    rincian: str = ""  # a second, smaller line
    url: str = ""  # a path in Simpul (the e-mail makes it absolute with SIMPUL_URL)
    wa: str = ""  # a WhatsApp share link (pengingat.whatsapp)
    penting: bool = False  # overdue or otherwise urgent: shown in red


@dataclass
class Bagian:
    """One section: a heading and its lines; `lainnya` more lines were left out (see `url` for all)."""

    kunci: str
    judul: str
    butir: list[Butir] = field(default_factory=list)
    lainnya: int = 0
    url: str = ""

    @property
    def jumlah(self) -> int:
        return len(self.butir) + self.lainnya


Section = Callable[[AbstractBaseUser, datetime.date], Iterable[Bagian]]
_sections: list[tuple[int, str, Section]] = []


def register(section: Section, *, order: int = 100) -> Section:
    """Add a section to every digest (lower `order` first; the built-ins use 10–30). Registering the same
    function twice keeps one."""
    name = f"{section.__module__}.{section.__qualname__}"
    _sections[:] = [entry for entry in _sections if entry[1] != name]
    _sections.append((order, name, section))
    _sections.sort(key=lambda entry: (entry[0], entry[1]))
    return section


def registered() -> list[Section]:
    return [section for _order, _name, section in _sections]


# --- one run's shared work ---------------------------------------------------------------------------------
# A daily run computes thousands of digests, and most of what goes in them is the same for many people: the
# officers of one desa see the same follow-ups, the coordinators of one forum the same meetings. Inside
# `one_run()`, a section (or the e-mail) computes such a part once per key and hands every later user the same
# objects, which nobody changes. Outside a run (the notification page) everything is computed as it is asked.

T = TypeVar("T")
_run: ContextVar[dict | None] = ContextVar("pengingat_run", default=None)


@contextmanager
def one_run() -> Iterator[None]:
    token = _run.set({})
    try:
        yield
    finally:
        _run.reset(token)


def shared(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, once per `key` within the current run. The key must name everything the answer depends on
    (the section, the date, the language, the forums and areas it was asked for)."""
    memo = _run.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def shared_for(obj: object, kind: str, compute: Callable[[], T]) -> T:
    """`compute()` once per (object, kind) within the run — e.g. a shared section's e-mail fragment. Keyed by
    the object's identity, and the object is kept with the answer, so a later object at the same address can
    never be given another's answer."""
    memo = _run.get()
    if memo is None:
        return compute()
    key = ("obyek", kind, id(obj))
    found = memo.get(key)
    if found is None or found[0] is not obj:
        found = memo[key] = (obj, compute())
    return found[1]
