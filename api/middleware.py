"""Around every call under /api/v1/: the client's language, JSON errors, and the call log.

- Language: pages ignore Accept-Language (config.middleware.indonesian_by_default, which runs next), but a
  program asking in English should get English labels. Before that middleware drops the header, this one hands
  the language it asks for to LocaleMiddleware as if chosen with the language switch; a real choice (the
  switch's cookie, e.g. a person reading the docs page) still wins.
- Errors: Django's own 404 page and the 405 of a write answer in JSON like the API's other errors.
- Log: one row per call (who, which token, path, status, when), after the answer is known.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from . import services

API_PREFIX = "/api/v1/"
logger = logging.getLogger(__name__)


def api_calls(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    def middleware(request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return get_response(request)
        started = time.perf_counter()
        language = accepted_language(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
        if language and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = language
        response = get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith("application/json"):
            response = json_error(response, language)
        log_call(request, response, started)
        return response

    return middleware


def accepted_language(header: str) -> str | None:
    """The first language of the header that Simpul speaks ("en-US,en;q=0.9" → "en"), or None."""
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


def json_error(response: HttpResponse, language: str | None) -> HttpResponse:
    with translation.override(language or settings.LANGUAGE_CODE):
        messages = {
            404: _("Tidak ditemukan."),
            405: _("API ini hanya-baca: hanya GET yang dilayani."),
        }
        detail = messages.get(response.status_code, response.reason_phrase)
    answer = JsonResponse({"detail": detail}, status=response.status_code)
    for header in ("Allow", "Retry-After", "WWW-Authenticate", "Content-Language", "Vary"):
        if header in response:
            answer[header] = response[header]
    return answer


def log_call(request: HttpRequest, response: HttpResponse, started: float) -> None:
    token = getattr(request, "auth", None)
    try:
        services.panggilan_log(
            user_id=getattr(token, "user_id", None),
            token_id=getattr(token, "pk", None),
            metode=request.method or "",
            path=request.path,
            query=request.META.get("QUERY_STRING", ""),
            status=response.status_code,
            durasi_ms=round((time.perf_counter() - started) * 1000),
        )
    except Exception:  # a lost log row must not lose the caller's answer
        logger.exception("API call log failed: %s %s", request.method, json.dumps(request.path))
