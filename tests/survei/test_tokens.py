"""A lembaga's personal link: valid until its round closes, revocable, replaced by a new one, kept only as a hash,
never a window onto another lembaga or another round; unknown, expired and revoked links look the same; guessing
is throttled."""

from __future__ import annotations

import datetime
import hashlib
import re

import pytest
from django.urls import reverse

from survei import services
from survei.models import Jawaban, Responden
from tests.conftest import JAKARTA, TODAY
from tests.survei.conftest import TUTUP, answer, responden

pytestmark = pytest.mark.django_db


def url(token: str) -> str:
    return reverse("survei:isi", args=[token])


def body(response) -> str:
    """The page without what differs per request (the CSRF token, the path in the language form)."""
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    return re.sub(r'name="next" type="hidden" value="[^"]+"', "", text)


def test_a_link_opens_its_own_lembagas_questionnaire_with_its_ties_listed(client, links, members, ties):
    response = client.get(url(links["a"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "A LPMK" in page and "Pra-program 2026" in page
    assert f'name="mitra" value="{members["b"].pk}"' in page  # A's current ties come pre-listed
    assert f'name="mitra" value="{members["c"].pk}"' in page
    assert response["Cache-Control"] == "no-store" and response["Referrer-Policy"] == "same-origin"


def test_only_the_hash_of_a_link_is_kept(links, gelombang, members):
    row = responden(gelombang, members["a"])
    assert row.token_hash == hashlib.sha256(links["a"].encode()).hexdigest()
    assert not Responden.objects.filter(token_hash=links["a"]).exists()
    assert len(links["a"]) >= 32  # 24 random bytes, URL-safe: 192 bits


def test_a_link_never_shows_another_lembagas_answer_or_contact_data(client, links, gelombang, members, ties):
    members["b"].kontak_telepon = "+6281299998888"
    members["b"].save()
    answer(gelombang, members["b"], [services.Isian(members["a"].pk, 3, 1, 1, 1, 1, 1, 1, (), "RAHASIA-B")])
    page = client.get(url(links["a"])).content.decode()
    assert "RAHASIA-B" not in page and "81299998888" not in page
    # B's own page shows B's note, and nothing of A's.
    assert "RAHASIA-B" in client.get(url(links["b"])).content.decode()


def test_a_link_writes_only_its_own_lembagas_answer(client, links, gelombang, members, ties):
    a, b = members["a"], members["b"]
    data = {"versi": "1", "aksi": "draf", "mitra": [b.pk], f"m{b.pk}-tahap": "2"}
    assert client.post(url(links["a"]), data).status_code == 302
    assert list(Jawaban.objects.values_list("responden__lembaga", "mitra", "tahap")) == [(a.pk, b.pk, 2)]
    # Naming itself is refused, whatever the form says.
    data = {"versi": "2", "aksi": "draf", "mitra": [a.pk], f"m{a.pk}-tahap": "2"}
    response = client.post(url(links["a"]), data)
    assert response.status_code == 400 and "tidak termasuk survei ini" in response.content.decode()


def test_another_rounds_link_answers_that_round_only(client, links, gelombang, members, coordinator, forum):
    other = services.gelombang_create(
        oleh=coordinator, nama="Pemantauan", tujuan="pemantauan", dibuka=TODAY, ditutup=TUTUP, forum=forum
    )
    [(_row, token)] = services.token_issue(
        gelombang=other, oleh=coordinator, responden=[responden(other, members["a"])]
    )
    b = members["b"]
    client.post(url(token), {"versi": "1", "aksi": "draf", "mitra": [b.pk], f"m{b.pk}-tahap": "4"})
    assert responden(other, members["a"]).jawaban.get().tahap == 4
    assert not responden(gelombang, members["a"]).jawaban.exists()
    assert "Pemantauan" in client.get(url(token)).content.decode()


def test_unknown_revoked_replaced_and_expired_links_get_one_and_the_same_page(
    client, links, gelombang, members, coordinator, clock
):
    a = responden(gelombang, members["a"])
    services.token_revoke(responden=a, oleh=coordinator)
    [(_row, fresh_b)] = services.token_issue(
        gelombang=gelombang, oleh=coordinator, responden=[responden(gelombang, members["b"])]
    )
    pages = {
        "unknown": client.get(url("x" * 32)),
        "too long": client.get(url("y" * 200)),
        "revoked": client.get(url(links["a"])),
        "replaced": client.get(url(links["b"])),
    }
    assert client.get(url(fresh_b)).status_code == 200
    clock.move_to(datetime.datetime.combine(TUTUP + datetime.timedelta(days=1), datetime.time(8), tzinfo=JAKARTA))
    pages["expired"] = client.get(url(fresh_b))
    assert {name: response.status_code for name, response in pages.items()} == dict.fromkeys(pages, 404)
    assert len({body(response) for response in pages.values()}) == 1
    assert "Tautan survei ini tidak berlaku" in pages["expired"].content.decode()


def test_a_link_works_through_the_last_day_of_the_round(client, links, clock):
    clock.move_to(datetime.datetime.combine(TUTUP, datetime.time(23, 30), tzinfo=JAKARTA))
    assert client.get(url(links["a"])).status_code == 200


def test_a_link_opened_before_the_round_says_when_it_opens(client, forum, members, coordinator):
    later = services.gelombang_create(
        oleh=coordinator, nama="Pasca", tujuan="pasca", dibuka=TODAY + datetime.timedelta(days=3), ditutup=TUTUP,
        forum=forum,
    )  # fmt: skip
    [(_row, token), *_rest] = services.token_issue(gelombang=later, oleh=coordinator)
    page = client.get(url(token)).content.decode()
    assert "baru dibuka pada 18/06/2026" in page and 'name="aksi"' not in page


def test_guessing_links_is_throttled_per_address(client, links, settings):
    settings.SIMPUL_SURVEI_THROTTLE_FAILURES = 3
    for n in range(3):
        assert client.get(url(f"tebakan-{n:026d}")).status_code == 404
    blocked = client.get(url(links["a"]))  # even a real link, from the guessing address
    assert blocked.status_code == 429
    assert "Terlalu banyak permintaan" in blocked.content.decode() and blocked["Retry-After"] == "600"
    other_address = client.get(url(links["a"]), REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 200


def test_requests_are_throttled_per_link_and_per_address(client, links, settings):
    settings.SIMPUL_SURVEI_THROTTLE_TOKEN = 3
    statuses = [client.get(url(links["a"]), REMOTE_ADDR=f"10.0.0.{n}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    settings.SIMPUL_SURVEI_THROTTLE_ADDRESS = 5
    statuses = [client.get(url(links[key])).status_code for key in "bcdbc"] + [client.get(url(links["d"])).status_code]
    assert statuses[-1] == 429 and statuses[:5] == [200] * 5
