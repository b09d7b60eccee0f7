"""Who is calling: a personal token in `Authorization: Bearer …`, and how often it may call.

An unknown, revoked or expired token, or one of a deactivated user, gets the same 401: the answer never says
which, so it cannot be used to test stolen secrets. The throttle counts the token's calls in the call log
(one indexed COUNT, read with the token), so every app server shares the same count without a cache of its
own.
"""

from __future__ import annotations

import datetime
import math
import threading

from django.conf import settings
from django.db import connections
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from pranata import access as pranata_access
from pranata import dataversion
from pranata.models import Profil

from .models import PanggilanApi, TokenApi
from .services import PREFIX, token_digest

WINDOW = datetime.timedelta(minutes=1)


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> TokenApi | None:
        """ninja's own parsing logs a header that is not "Bearer …" in full when DEBUG is on: a password sent
        as Basic auth would land in the log. The same parsing, without the log."""
        scheme, _space, token = request.headers.get(self.header, "").partition(" ")
        if scheme.lower() != self.openapi_scheme or not token:
            return None
        return self.authenticate(request, token)

    def authenticate(self, request: HttpRequest, token: str) -> TokenApi | None:
        secret = token.strip()
        if not secret.startswith(PREFIX) or len(secret) > 100:
            return None
        now = timezone.now()
        token = (
            TokenApi.objects.usable_on(timezone.localdate(now))
            .select_related("user__profil")
            .filter(sidik=token_digest(secret), user__is_active=True)
            .annotate(dalam_jendela=calls_since(now - WINDOW), **read_with_token())
            .first()
        )
        if token is not None:
            pranata_access.remember_scope(token.user, token.wilayah_kerja)
        return token


def read_with_token() -> dict[str, RawSQL]:
    """What every call needs next, read in the token's own query instead of a round trip each: the user's
    scope (`pranata.access.remember_scope`) and the data version (`query.data_version`). The user's profil is
    the `pranata_profil` of `select_related`, joined once, so named by its table."""
    connection = connections[TokenApi.objects.db]
    profil = f"{connection.ops.quote_name(Profil._meta.db_table)}.{connection.ops.quote_name('id')}"
    return {
        "wilayah_kerja": RawSQL(pranata_access.scope_kodes_sql(profil, vendor=connection.vendor), []),
        "versi_data": RawSQL(dataversion.current_sql(), []),
    }


def calls_since(moment: datetime.datetime) -> RawSQL:
    """The token's calls after `moment` that were not refused (429), by the index on (token, time), read with
    the token itself: the throttle then needs no query of its own. Written as SQL: the ORM's subquery for
    the same count took ~1 ms to build and compile on every call, the database ~0.1 ms to answer it."""
    connection = connections[PanggilanApi.objects.db]
    quote = connection.ops.quote_name
    meta, token = PanggilanApi._meta, TokenApi._meta
    at = meta.get_field("dicatat")
    sql = (
        f"SELECT COUNT(*) FROM {quote(meta.db_table)} c "  # the token's own table is not aliased: the outer row
        f"WHERE c.{quote(meta.get_field('token').column)} = {quote(token.db_table)}.{quote(token.pk.column)} "
        f"AND c.{quote(at.column)} > %s AND c.{quote(meta.get_field('status').column)} <> 429"
    )
    return RawSQL(sql, [at.get_db_prep_value(moment, connection)], output_field=IntegerField())


def _recent(token: TokenApi, now: datetime.datetime):
    return PanggilanApi.objects.filter(token=token, dicatat__gt=now - WINDOW).exclude(status=429)


class TokenThrottle(BaseThrottle):
    """SIMPUL_API_PER_MENIT calls a minute per token, over a sliding window; refused calls (429) do not count,
    so a client that waits as Retry-After says gets in."""

    def __init__(self) -> None:
        # ninja asks wait() right after a refusal, in the same thread; one instance serves every request.
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        token: TokenApi | None = getattr(request, "auth", None)
        if token is None:
            return True
        limit = settings.SIMPUL_API_PER_MENIT
        now = timezone.now()
        n = getattr(token, "dalam_jendela", None)  # counted by TokenAuth with the token
        if n is None:
            n = _recent(token, now).count()
        if n < limit:
            return True
        # The call whose leaving the window brings the count under the limit.
        freeing = _recent(token, now).order_by("dicatat").values_list("dicatat", flat=True)[n - limit]
        self._local.wait = max(1.0, (freeing + WINDOW - now).total_seconds())
        return False

    def wait(self) -> float | None:
        seconds = getattr(self._local, "wait", None)
        return math.ceil(seconds) if seconds else None
