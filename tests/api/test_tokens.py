"""Personal tokens: made on the user's own page (secret shown once, only its hash kept), optional expiry,
revoked for good; one 401 for every kind of bad token; throttled per token; every call logged."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from api import services
from api.models import PanggilanApi, TokenApi
from pranata.models import Peran
from tests.api.conftest import ApiClient
from tests.conftest import KELURAHAN, LUAR, TETANGGA, TODAY, login
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db
TOKENS = reverse("api:token-list")


def test_creating_a_token_shows_the_secret_once_and_keeps_only_its_hash(client, officer):
    login(client, officer)
    created = client.post(TOKENS, {"nama": "Dasbor provinsi", "berlaku_sampai": ""})
    assert created.status_code == 302 and created.url == TOKENS
    token = TokenApi.objects.get()
    assert (token.user, token.nama, token.berlaku_sampai) == (officer, "Dasbor provinsi", None)
    shown = client.get(TOKENS)
    assert "no-store" in shown["Cache-Control"]
    secret = shown.context["secret"]
    assert secret.startswith("simpul_") and len(secret) > 40
    assert token.sidik == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.sidik, token.awalan, token.nama} and secret.startswith(token.awalan)
    assert secret in shown.text and "hanya ditampilkan sekali" in shown.text
    again = client.get(TOKENS)  # a reload
    assert secret not in again.text and f"{token.awalan}…" in again.text
    assert TokenApi.objects.count() == 1


def test_the_new_secret_is_shown_to_its_owner_only(client, officer, outsider):
    login(client, officer)
    client.post(TOKENS, {"nama": "Dasbor"})
    login(client, outsider)  # someone else signs in on the same browser before the page is read
    assert client.get(TOKENS).context["secret"] == ""


def test_a_new_token_opens_the_api_as_its_user(officer):
    _token, secret = services.token_create(user=officer, nama="Notebook")
    response = ApiClient(secret).get("/api/v1/saya/")
    assert response.status_code == 200
    assert response.json()["username"] == "petugas"


@pytest.mark.parametrize("kodes", [[KELURAHAN], [TETANGGA, KELURAHAN, LUAR], [], None])
def test_the_token_is_read_with_its_users_scope_in_one_query(wilayah, kodes, django_assert_num_queries):
    """The token's query also reads the user's scope (and the data version): `scope_kodes` then asks nothing,
    and gives what it gives a user read afresh — several codes, none, or no profile at all (None)."""
    from django.test import RequestFactory

    from api.auth import TokenAuth
    from pranata import access

    user = user_with_role("staf", Peran.DINSOS, kodes) if kodes is not None else UserFactory(username="staf")
    _token, secret = services.token_create(user=user, nama="Notebook")
    with django_assert_num_queries(1):
        token = TokenAuth().authenticate(RequestFactory().get("/"), secret)
        scope = access.scope_kodes(token.user)
    assert scope == access.scope_kodes(User.objects.get(pk=user.pk)) == sorted(kodes or [])


def test_a_revoked_token_gets_401_at_once(client, officer):
    token, secret = services.token_create(user=officer, nama="Notebook")
    api = ApiClient(secret)
    assert api.get("/api/v1/lembaga/").status_code == 200
    login(client, officer)
    url = reverse("api:token-cabut", args=[token.pk])
    asked = client.post(url)  # the first POST only asks
    assert asked.status_code == 200 and "Cabut token" in asked.text
    token.refresh_from_db()
    assert token.dicabut is None
    done = client.post(url, {"konfirmasi": "1"})
    assert done.status_code == 302
    token.refresh_from_db()
    assert token.dicabut is not None and not token.is_active
    assert api.get("/api/v1/lembaga/").status_code == 401
    assert "Dicabut" in client.get(TOKENS).text


def test_a_token_works_through_its_last_day_and_not_after(officer, clock):
    _token, secret = services.token_create(user=officer, nama="Sebulan", berlaku_sampai=TODAY)
    assert ApiClient(secret).get("/api/v1/saya/").status_code == 200
    clock.shift(datetime.timedelta(days=1))
    assert ApiClient(secret).get("/api/v1/saya/").status_code == 401


def test_every_bad_token_gets_the_same_answer(officer, clock):
    revoked, revoked_secret = services.token_create(user=officer, nama="Lama")
    services.token_revoke(token=revoked, oleh=officer)
    _expired, expired_secret = services.token_create(user=officer, nama="Habis", berlaku_sampai=TODAY)
    clock.shift(datetime.timedelta(days=2))
    inactive_user = User.objects.create(username="pensiun", is_active=False)
    _t, inactive_secret = services.token_create(user=inactive_user, nama="X")
    answers = [
        ApiClient(secret).get("/api/v1/lembaga/")
        for secret in ("simpul_tebak-tebakan", revoked_secret, expired_secret, inactive_secret, "bukan-token")
    ]
    answers.append(ApiClient("").client.get("/api/v1/lembaga/"))  # no header at all
    assert {(a.status_code, a.content, a["WWW-Authenticate"]) for a in answers} == {
        (401, answers[0].content, 'Bearer realm="simpul"')
    }


def test_a_past_expiry_is_refused_and_the_form_keeps_what_was_typed(client, officer):
    login(client, officer)
    response = client.post(TOKENS, {"nama": "Dasbor", "berlaku_sampai": "01/01/2020"})
    assert response.status_code == 400
    assert not TokenApi.objects.exists()
    assert "Tanggal berlaku tidak boleh di masa lalu." in response.text
    assert 'value="Dasbor"' in response.text
    assert client.post(TOKENS, {"nama": ""}).status_code == 400


def test_nobody_sees_or_revokes_anothers_token(client, officer, outsider):
    token, secret = services.token_create(user=officer, nama="Milik petugas")
    login(client, outsider)
    assert "Milik petugas" not in client.get(TOKENS).text
    assert client.post(reverse("api:token-cabut", args=[token.pk]), {"konfirmasi": "1"}).status_code == 404
    token.refresh_from_db()
    assert token.dicabut is None and ApiClient(secret).get("/api/v1/saya/").status_code == 200


def test_the_token_page_needs_a_login(client):
    response = client.get(TOKENS)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_each_call_is_logged_with_who_which_token_path_and_status(officer):
    token, secret = services.token_create(user=officer, nama="Dasbor")
    api = ApiClient(secret)
    api.get("/api/v1/lembaga/", {"status": "aktif"})
    api.get("/api/v1/lembaga/999999/")
    ApiClient("simpul_salah").get("/api/v1/forum/")
    rows = list(PanggilanApi.objects.order_by("pk").values_list("user", "token", "metode", "path", "query", "status"))
    assert rows == [
        (officer.pk, token.pk, "GET", "/api/v1/lembaga/", "status=aktif", 200),
        (officer.pk, token.pk, "GET", "/api/v1/lembaga/999999/", "", 404),
        (None, None, "GET", "/api/v1/forum/", "", 401),
    ]
    assert all(row.dicatat for row in PanggilanApi.objects.all())


def test_the_admin_lists_the_call_log_read_only(client, admin_user, officer):
    _token, secret = services.token_create(user=officer, nama="Dasbor")
    ApiClient(secret).get("/api/v1/saya/")
    login(client, admin_user)
    listing = client.get(reverse("admin:api_panggilanapi_changelist"))
    assert listing.status_code == 200 and "/api/v1/saya/" in listing.text
    assert client.get(reverse("admin:api_panggilanapi_add")).status_code == 403
    row = PanggilanApi.objects.get()
    assert client.post(reverse("admin:api_panggilanapi_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:api_tokenapi_changelist")).status_code == 200
    assert PanggilanApi.objects.filter(pk=row.pk).exists()


# --- throttling ------------------------------------------------------------------------------------------


def test_a_token_over_its_limit_gets_429_with_retry_after(officer, settings, clock):
    settings.SIMPUL_API_PER_MENIT = 3
    _token, secret = services.token_create(user=officer, nama="Cepat")
    api = ApiClient(secret)
    assert [api.get("/api/v1/saya/").status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get("/api/v1/saya/")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert api.get("/api/v1/saya/").status_code == 429  # refused calls do not extend the wait
    # The limit is per token: the same user's other token still gets in.
    assert ApiClient(services.token_create(user=officer, nama="Lain")[1]).get("/api/v1/saya/").status_code == 200
    clock.shift(datetime.timedelta(seconds=int(refused["Retry-After"]) + 1))
    assert api.get("/api/v1/saya/").status_code == 200


def test_the_window_slides_and_counts_only_calls_that_were_let_in(officer, settings, clock):
    """Limit 2: a call at 0 s and one at 30 s fill it, a third at 30 s is refused; at 61 s the first has left the
    window and the refused one does not count, so the next call gets in (and then the window is full again)."""
    settings.SIMPUL_API_PER_MENIT = 2
    api = ApiClient(services.token_create(user=officer, nama="Geser")[1])
    assert api.get("/api/v1/saya/").status_code == 200
    clock.shift(datetime.timedelta(seconds=30))
    assert [api.get("/api/v1/saya/").status_code for _ in range(2)] == [200, 429]
    clock.shift(datetime.timedelta(seconds=31))
    assert [api.get("/api/v1/saya/").status_code for _ in range(2)] == [200, 429]
    assert PanggilanApi.objects.filter(status=429).count() == 2


def test_a_credential_in_another_scheme_is_refused_and_never_logged(officer, settings, caplog):
    """ninja logs a non-Bearer Authorization header in full when DEBUG is on; ours refuses it silently."""
    settings.DEBUG = True
    _token, secret = services.token_create(user=officer, nama="Notebook")
    for header in (f"Basic {secret}", f"Token {secret}", "Bearer", f"bearer {secret}"):
        response = Client().get("/api/v1/saya/", headers={"Authorization": header})
        assert response.status_code == (200 if header.startswith("bearer ") else 401), header
    assert secret not in caplog.text
