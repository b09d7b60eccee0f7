"""Web plumbing both apps' views share (forum imports it; pranata never imports forum).

- `run_service`: call a service; its ValidationError lands on the form instead of a crash.
- `safe_next`: a `next` URL only when it points back into this site.
- `attachment`: a download response with a correctly encoded Content-Disposition header.
- `confirmed` / `confirmation`: a destructive POST acts only when it carries `konfirmasi=1`; the first POST gets
  a page that says what will happen and repeats what was typed, so one tap never destroys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme

from .forms import add_service_errors

T = TypeVar("T")


def run_service(form: forms.Form, call: Callable[[], T]) -> T | None:
    """The service's result, or None with its errors on `form` (and `form.stale` set for a stale edit)."""
    try:
        return call()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The POSTed (or GET) `next` when it stays on this host over the same scheme, else `fallback`."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def attachment(body: bytes | str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


CONFIRM_FIELD = "konfirmasi"


def confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "1"


def confirmation(
    request: HttpRequest,
    *,
    judul: str,
    penjelasan: list[str],
    tombol: str,
    batal_url: str,
    data: dict[str, str] | None = None,
    rincian: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    """The "are you sure?" page of a destructive action: the title asks, `penjelasan` says what will happen
    (and what stays), `rincian` lists what was typed; its form posts `data` back to the same URL with
    `konfirmasi=1`. Cancelling is a link back: nothing is changed."""
    skip = ("csrfmiddlewaretoken", CONFIRM_FIELD)
    posted = (
        list(data.items())
        if data is not None
        else [(key, value) for key, values in request.POST.lists() if key not in skip for value in values]
    )
    context = {
        "judul": judul,
        "penjelasan": penjelasan,
        "tombol": tombol,
        "batal_url": batal_url,
        "data": posted,
        "rincian": rincian or [],
    }
    return render(request, "includes/konfirmasi.html", context)
