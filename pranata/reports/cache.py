"""The report cache: a report is kept under its scope, its date and a fingerprint of the scope's data, so it
is reused until something in the scope changes and never served stale."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from .. import dataversion, extensions
from ..models import Kebutuhan, Kerjasama, LembagaQuerySet, SumberDaya
from .scope import Scope, pinned

T = TypeVar("T")
_MISSING = object()

CACHE_SECONDS = 60 * 60 * 24 * 7


def fingerprint(lembaga: LembagaQuerySet) -> str:
    """Changes whenever a lembaga, tie, stage, resource, need or evidence in the scope changes."""
    ids = lembaga.values("pk")
    parts = [
        lembaga.aggregate(n=Count("pk"), s=Sum("pk"), t=Max("diubah")),
        Kerjasama.objects.filter(Q(lembaga_a__in=ids) | Q(lembaga_b__in=ids)).aggregate(n=Count("pk"), t=Max("diubah")),
        {
            "s": SumberDaya.objects.filter(lembaga__in=ids).aggregate(n=Count("pk"), m=Max("pk")),
            "k": Kebutuhan.objects.filter(lembaga__in=ids, terpenuhi=False).aggregate(n=Count("pk"), m=Max("pk")),
        },
        extensions.fingerprints(lembaga),
    ]
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:16]


def versioned(what: str, scope_key: str, as_of: datetime.date, compute: Callable[[], T]) -> T:
    """A value that depends only on the data of a scope (a Scope's key, "forum:7") as of the date, computed
    once per data version: while nothing is written (dataversion), a warm page reads it with one small query
    instead of re-aggregating. The value must not depend on the reader (language, role)."""
    version = ".".join(str(part) for part in dataversion.current())  # read first: the value is then as new
    key = f"simpul:{what}:v1:{scope_key}:{as_of.isoformat()}:{version}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def scope_fingerprint(scope: Scope, as_of: datetime.date) -> str:
    """The fingerprint of the scope's data as of the date, reused while the data version stands."""
    return versioned("fingerprint", scope.key, as_of, lambda: fingerprint(pinned(scope.lembaga_at(as_of))))


def _key(scope: Scope, as_of: datetime.date, sidik: str) -> str:
    return f"simpul:report:v8:{scope.key}:{as_of.isoformat()}:{sidik}"


def report_key(scope: Scope, as_of: datetime.date, sidik: str) -> str:
    """The identity of the report computed from the data with this fingerprint: what it is stored under, and
    the key of page fragments rendered from it (a fragment of another report never shares it)."""
    return _key(scope, as_of, sidik)


def _latest_key(scope: Scope, as_of: datetime.date) -> str:
    return f"simpul:report-latest:v8:{scope.key}:{as_of.isoformat()}"


def store(scope: Scope, as_of: datetime.date, sidik: str, result: dict) -> None:
    """Keep a computed report under its fingerprint, and as the scope's latest finished result."""
    cache.set(_key(scope, as_of, sidik), result, CACHE_SECONDS)
    latest = {"report": result, "dihitung": timezone.now()}
    cache.set(_latest_key(scope, as_of), latest, CACHE_SECONDS)


def cached(scope: Scope, as_of: datetime.date, sidik: str) -> dict | None:
    return cache.get(_key(scope, as_of, sidik))


def latest(scope: Scope, as_of: datetime.date) -> dict | None:
    """The scope's last finished report for the date, whatever its fingerprint: shown while a new one runs."""
    return cache.get(_latest_key(scope, as_of))
