"""Personal survey links: the token, its stored form, and the throttle in front of the token pages.

A token is 24 random bytes (192 bits, `secrets.token_urlsafe`), so it cannot be guessed; only its SHA-256 is
stored, so a copy of the database gives no working link (and a link is shown once, when it is made). The token
pages count requests per client address, per token and, separately, failed look-ups per client address in the
cache (shared by every app server: the database cache), so guessing stops long before it could matter.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

TOKEN_BYTES = 24
MAX_TOKEN_LENGTH = 64  # a longer path segment is not one of ours: refused without a look-up


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def client_address(request: HttpRequest) -> str:
    """The client's address; behind `SIMPUL_SURVEI_PROXY_COUNT` trusted proxies, the address the outermost one
    saw (from the right of X-Forwarded-For), so one proxy does not make every office one client."""
    proxies = settings.SIMPUL_SURVEI_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "?"


def _keys(request: HttpRequest, token: str) -> dict[str, str]:
    address = client_address(request)
    return {
        "alamat": f"survei:alamat:{address}",
        "token": f"survei:token:{token_hash(token)[:40]}",
        "gagal": f"survei:gagal:{address}",
    }


def _bumped(stored: tuple[int, float] | None, now: float) -> tuple[int, float]:
    """A counter is (count, start of its window); a window that has run out starts again."""
    count, start = stored or (0, now)
    if now - start >= settings.SIMPUL_SURVEI_THROTTLE_WINDOW:
        count, start = 0, now
    return count + 1, start


def _count(request: HttpRequest, token: str) -> dict[str, int]:
    """Count this request for its address and its token (one read and two writes, whatever the counts)."""
    keys = _keys(request, token)
    stored = cache.get_many(list(keys.values()))
    now = time.time()
    bumped = {name: _bumped(stored.get(keys[name]), now) for name in ("alamat", "token")}
    cache.set_many({keys[name]: value for name, value in bumped.items()}, settings.SIMPUL_SURVEI_THROTTLE_WINDOW)
    failures = stored.get(keys["gagal"])
    live = failures and now - failures[1] < settings.SIMPUL_SURVEI_THROTTLE_WINDOW
    return {"alamat": bumped["alamat"][0], "token": bumped["token"][0], "gagal": failures[0] if live else 0}


def throttled(request: HttpRequest, token: str) -> bool:
    """Count this request; True when its client address or its token is over the limit for the window, or the
    address has failed too many look-ups (guessing)."""
    counts = _count(request, token)
    return (
        counts["alamat"] > settings.SIMPUL_SURVEI_THROTTLE_ADDRESS
        or counts["token"] > settings.SIMPUL_SURVEI_THROTTLE_TOKEN
        or counts["gagal"] >= settings.SIMPUL_SURVEI_THROTTLE_FAILURES
    )


def record_failure(request: HttpRequest) -> None:
    key = _keys(request, "")["gagal"]
    cache.set(key, _bumped(cache.get(key), time.time()), settings.SIMPUL_SURVEI_THROTTLE_WINDOW)
