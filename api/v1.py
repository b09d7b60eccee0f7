"""Version 1 of the read-only API (/api/v1/): one NinjaAPI with a router per app, token authentication and
throttling on every operation, JSON errors in the caller's language, and the documentation page served from
this server (vendored Swagger UI, no CDN, no inline script)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.openapi.docs import DocsBase
from ninja.renderers import BaseRenderer

from pranata import access as pranata_access
from pranata.models import Peran

from .auth import TokenAuth, TokenThrottle
from .endpoints import forum, laporan, pendampingan, registri
from .query import caller
from .render import MEDIA_TYPE, json_bytes
from .schemas import SayaOut

DESCRIPTION = """Read-only access to what the token's user sees in Simpul, scoped exactly like their pages.

* **Token**: make one on your page *Token API* (user menu) and send it as `Authorization: Bearer simpul_…`.
  An unknown, revoked or expired token gets 401.
* **Limits**: each token may call `SIMPUL_API_PER_MENIT` times a minute (see `/saya/`); above that 429 with
  `Retry-After`.
* **Lists** come in pages (`page`, `page_size` up to 500) in a stable order (by id; wilayah by code).
  Filters: `wilayah` (a Kemendagri code: that area and everything under it), a date range on each list's
  main date (YYYY-MM-DD, both ends included), `status` and others per list. A malformed filter gets 400
  naming the parameter; a wilayah or object outside your scope 404, as on the pages.
* **Labels** (`*_label`) and messages follow `Accept-Language` (`id` by default, or `en`).
* **Personal data** (contacts, representatives' names) only with `pribadi=true`, for registry editors.
* **Reports**: `/laporan/{kode}/?per=YYYY-MM-DD` answers what `manage.py network_report --json` prints; a
  scope too big to compute during the call answers 202 with progress: ask again after `Retry-After`.
* Writes are not offered: POST, PUT, PATCH and DELETE get 405.
"""


class Docs(DocsBase):
    """Swagger UI from static/vendor/swagger-ui/, started by static/api/docs.js: the page keeps the site's
    strict Content-Security-Policy (no CDN, no inline script)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        context = {"openapi_url": self.get_openapi_url(api, kwargs), "per_menit": settings.SIMPUL_API_PER_MENIT}
        return render(request, "api/docs.html", context)


class Json(BaseRenderer):
    """The answers ninja validates (errors, `/saya/`, a report), written as lists and details are (`api.render`)."""

    media_type = MEDIA_TYPE

    def render(self, request: HttpRequest, data, *, response_status: int) -> bytes:
        return json_bytes(data)


def _read_only(view):
    """The schema and docs pages answer reads only (405 for writes), like every operation."""
    return csrf_exempt(require_safe(view))


api = NinjaAPI(
    title="Simpul API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api:v1",
    auth=TokenAuth(),
    throttle=TokenThrottle(),
    docs=Docs(),
    docs_url="/docs/",
    openapi_url="/openapi.json",
    docs_decorator=_read_only,
    renderer=Json(),
)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    # One answer for a missing, unknown, revoked or expired token: never which.
    message = _("Token tidak ada atau tidak berlaku. Kirim header Authorization: Bearer <token>.")
    response = api.create_response(request, {"detail": message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="simpul"'
    return response


REASONS = {
    "missing": lambda ctx: _("wajib diisi"),
    "int_parsing": lambda ctx: _("harus bilangan bulat"),
    "int_type": lambda ctx: _("harus bilangan bulat"),
    "bool_parsing": lambda ctx: _("harus true atau false"),
    "date_parsing": lambda ctx: _("harus tanggal berbentuk YYYY-MM-DD"),
    "date_from_datetime_parsing": lambda ctx: _("harus tanggal berbentuk YYYY-MM-DD"),
    "date_from_datetime_inexact": lambda ctx: _("harus tanggal berbentuk YYYY-MM-DD"),
    "datetime_parsing": lambda ctx: _("harus waktu ISO 8601, mis. 2026-06-15T10:00:00+07:00"),
    "datetime_from_date_parsing": lambda ctx: _("harus waktu ISO 8601, mis. 2026-06-15T10:00:00+07:00"),
    "enum": lambda ctx: _("harus salah satu dari: %s") % ctx.get("expected", ""),
    "literal_error": lambda ctx: _("harus salah satu dari: %s") % ctx.get("expected", ""),
    "greater_than_equal": lambda ctx: _("paling kecil %s") % ctx.get("ge"),
    "less_than_equal": lambda ctx: _("paling besar %s") % ctx.get("le"),
    "string_too_long": lambda ctx: _("paling panjang %s karakter") % ctx.get("max_length"),
}


@api.exception_handler(ValidationError)
def bad_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """400 (not ninja's 422) with one sentence per bad parameter, naming it, in the caller's language."""
    sentences, names = [], []
    for error in exc.errors:
        name = str(error.get("loc", ["?"])[-1])
        explain = REASONS.get(error.get("type", ""))
        reason = explain(error.get("ctx") or {}) if explain else error.get("msg", "")
        names.append(name)
        sentences.append(_("Parameter “%(nama)s” %(sebab)s.") % {"nama": name, "sebab": reason})
    body = {"detail": " ".join(sentences), "parameter": names}
    return api.create_response(request, body, status=400)


@api.get("/saya/", response=SayaOut, tags=["akun"])
def saya(request: HttpRequest):
    """Who the token belongs to, where they work and the token's limits: the scope every other answer has."""
    user = caller(request)
    peran = pranata_access.peran_of(user)
    return {
        "username": user.get_username(),
        "peran": peran,
        "peran_label": str(Peran(peran).label) if peran else None,
        "wilayah": pranata_access.scope_kodes(user),
        "token": request.auth.nama,
        "token_berlaku_sampai": request.auth.berlaku_sampai,
        "batas_per_menit": settings.SIMPUL_API_PER_MENIT,
    }


api.add_router("", registri.router)
api.add_router("", forum.router)
api.add_router("", pendampingan.router)
api.add_router("", laporan.router)
