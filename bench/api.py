"""The read-only API at a kabupaten's size: every list endpoint's first page and a deep page of 100 rows, as a
Dinas Sosial analyst of the kabupaten calls them with a personal token (token lookup, throttle count, scope
filter and call log included). Target (the API issue): ≤ 30 ms server time per page, with a query count that
does not grow with the data."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.contrib.auth.models import User
from django.test import Client, override_settings

from api import services as api_services
from api.models import TokenApi

from .cases import Bench
from .timing import Result, measure

TARGET = 0.030
PAGE_SIZE = 100
DEEP_PAGE = 50  # or the last page, when a list has fewer
ENDPOINTS = ["wilayah", "lembaga", "kerjasama", "forum", "pertemuan", "program", "pendamping", "kegiatan"]
TOKEN_NAME = "bench"


def _fetch(client: Client, url: str, secret: str) -> Callable[[], bytes]:
    """The call as a client makes it; the answer's body is not parsed in the timed part (a page of meetings is
    ~220 KB of JSON: decoding it is the client's time, not the server's)."""

    def fetch() -> bytes:
        response = client.get(url, headers={"Authorization": f"Bearer {secret}"})
        if response.status_code != 200:
            raise SystemExit(f"bench: GET {url} returned {response.status_code}: {response.content[:200]!r}")
        return response.content

    return fetch


def api_cases(bench: Bench, analyst: User) -> list[Result]:
    """First and deep page of each list endpoint; the throttle is lifted so the repeated calls are not refused."""
    from .data import KABUPATEN
    from .pendampingan import ensure_pendampingan

    ensure_pendampingan(KABUPATEN.kode)  # the pendamping and kegiatan endpoints list that data
    TokenApi.objects.filter(user=analyst, nama=TOKEN_NAME).delete()
    token, secret = api_services.token_create(user=analyst, nama=TOKEN_NAME)
    client = Client()
    results: list[Result] = []
    with override_settings(SIMPUL_API_PER_MENIT=10**9):
        for endpoint in ENDPOINTS:
            base = f"/api/v1/{endpoint}/?page_size={PAGE_SIZE}"
            answer = json.loads(_fetch(client, base, secret)())  # untimed: the first call opens the connection
            deep = min(answer["pages"], DEEP_PAGE)
            cases = [
                (f"api /{endpoint}/ page 1 of {answer['pages']:,} ({answer['count']:,} rows)", base),
                (f"api /{endpoint}/ page {deep}", f"{base}&page={deep}"),
            ]
            for name, url in cases:
                fetch = _fetch(client, url, secret)
                results.append(measure(name, "kabupaten", fetch, runs=bench.fast_runs, target=TARGET))
    calls = token.panggilan.count()
    bench.findings.append(
        f"API: {len(ENDPOINTS)} list endpoints timed as a Dinas Sosial analyst of the kabupaten with a token, "
        f"pages of {PAGE_SIZE} rows; {calls:,} calls logged. Nested lists (stage history, attendance, ledger, "
        "assignments) come from one prefetch query each, so a page's queries do not grow with its rows."
    )
    token.delete()  # its call log rows stay (token set to null), as a revoked token's would
    return results
