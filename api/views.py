"""The user's own page of API tokens: make one (its secret shown once), see when each was last used, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from pranata import web

from . import access, services
from .forms import TokenForm


def _page(request: HttpRequest, form: TokenForm, *, secret: str = "", status: int = 200) -> HttpResponse:
    tokens = access.own_tokens(request.user).annotate(terakhir=Max("panggilan__dicatat"))
    context = {"form": form, "tokens": tokens, "secret": secret, "docs_url": reverse("api:v1:openapi-view")}
    return render(request, "api/token_list.html", context, status=status)


# The new secret travels to the page after the redirect in a short-lived signed cookie, on the browser only:
# the server never stores it, and a reload or the back button neither shows it again nor makes a second token.
NEW_SECRET = "simpul_token_baru"
NEW_SECRET_SECONDS = 120


@never_cache  # the page that shows a new secret must not be kept by any cache
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        secret = request.get_signed_cookie(NEW_SECRET, default="", salt=_salt(request), max_age=NEW_SECRET_SECONDS)
        response = _page(request, TokenForm(), secret=secret)
        if NEW_SECRET in request.COOKIES:
            response.delete_cookie(NEW_SECRET, path=request.path, samesite="Strict")
        return response
    form = TokenForm(request.POST)
    made = form.is_valid() and web.run_service(
        form, lambda: services.token_create(user=request.user, **form.cleaned_data)
    )
    if not made:
        return _page(request, form, status=400)
    response = redirect(request.path)
    response.set_signed_cookie(
        NEW_SECRET, made[1], salt=_salt(request), max_age=NEW_SECRET_SECONDS, path=request.path,
        secure=request.is_secure(), httponly=True, samesite="Strict",
    )  # fmt: skip
    return response


def _salt(request: HttpRequest) -> str:
    """Bound to the user: someone else signing in on the same browser within the minute does not see it."""
    return f"{NEW_SECRET}:{request.user.pk}"


@login_required
def token_cabut(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(access.own_tokens(request.user), pk=pk)
    back = reverse("api:token-list")
    if not web.confirmed(request):
        return web.confirmation(
            request,
            judul=_("Cabut token “%(nama)s”?") % {"nama": token.nama},
            penjelasan=[
                _("Program yang memakai token ini akan langsung ditolak (401). Pencabutan tidak dapat dibatalkan."),
                _("Catatan pemakaiannya tetap tersimpan."),
            ],
            tombol=_("Cabut token"),
            batal_url=back,
            data={},
            rincian=[(_("Awalan"), f"{token.awalan}…")],
        )
    services.token_revoke(token=token, oleh=request.user)
    messages.success(request, _("Token “%(nama)s” dicabut.") % {"nama": token.nama})
    return redirect(back)
