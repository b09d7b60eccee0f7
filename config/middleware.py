from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


def indonesian_by_default(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """Serve Bahasa Indonesia unless the user picked English with the language switch.

    Office computers often run an English browser; its Accept-Language must not switch the app's language.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return get_response(request)

    return middleware
