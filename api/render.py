"""Answers as JSON bytes, one way for every answer: by orjson (a page of 100 meetings with their attendance is
~250 KB: the standard library's encoder took ~3 ms of it, orjson a tenth). Dates as YYYY-MM-DD, moments in ISO
8601 with their microseconds and `Z` for UTC; anything orjson does not know (a lazy translation, a Decimal)
goes through ninja's encoder."""

from __future__ import annotations

from typing import Any

import orjson
from django.http import HttpResponse
from ninja.responses import NinjaJSONEncoder

MEDIA_TYPE = "application/json"
CONTENT_TYPE = f"{MEDIA_TYPE}; charset=utf-8"  # what ninja's create_response sends
_fallback = NinjaJSONEncoder().default


def json_bytes(data: Any) -> bytes:
    return orjson.dumps(data, default=_fallback, option=orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS)


def json_response(data: Any, status: int = 200) -> HttpResponse:
    """An answer ninja sends as it is (no validation: `data` is already what the schema says, see
    `schemas.dump`)."""
    return HttpResponse(json_bytes(data), status=status, content_type=CONTENT_TYPE)
