"""An officer opens the API documentation (Swagger UI from this server, under the strict CSP, offline), makes a
token on their page and calls the API with it, then reads today's reminders on a phone and finds the WhatsApp
share link."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from forum.models import Pertemuan, TindakLanjut
from pranata.models import Peran
from tests.e2e.conftest import assert_accessible
from tests.factories import ForumFactory, LembagaFactory, user_with_role, wilayah_path

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
KELURAHAN = "16.71.05.1006"
TODAY = datetime.date(2026, 6, 15)


def world() -> None:
    kel = wilayah_path(KELURAHAN, "Ilir D IV")
    user_with_role("petugas", Peran.PETUGAS, [KELURAHAN])
    lembaga = LembagaFactory(nama="PKK Ilir D IV", wilayah=kel)
    forum = ForumFactory(nama="Forum Ilir D IV", wilayah=kel)
    Pertemuan.objects.create(
        forum=forum, tanggal=TODAY + datetime.timedelta(days=1), jam_mulai=datetime.time(19, 30), tempat="Balai RW"
    )
    past = Pertemuan.objects.create(forum=forum, tanggal=TODAY - datetime.timedelta(days=7))
    TindakLanjut.objects.create(
        pertemuan=past, uraian="Siapkan timbangan bayi", lembaga=lembaga, tenggat=TODAY - datetime.timedelta(days=2)
    )


def sign_in(page: Page) -> None:
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill("petugas")
    page.get_by_label("Kata sandi").fill("kata-sandi-uji-123")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/")


def test_officer_reads_the_docs_makes_a_token_and_sees_reminders(page: Page, phone: Page, shots, live_server):
    world()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Refused" in message.text else None)
    failed: list[str] = []
    # Requests elsewhere are aborted by the offline rule and show up here (a favicon cut short by a navigation
    # is the live server's own and does not count).
    page.on(
        "requestfailed", lambda request: None if request.url.startswith(live_server.url) else failed.append(request.url)
    )
    sign_in(page)

    page.goto("/api/v1/docs/")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    assert page.locator(".swagger-ui .opblock-get").count() >= 19
    page.screenshot(path=shots / "docs.png", full_page=False)
    assert refused == [], refused  # nothing blocked by the Content-Security-Policy
    assert failed == [], failed  # nothing asked of any other server

    page.get_by_role("link", name=re.compile("Token API")).first.click()
    page.get_by_label("Nama token").fill("Notebook riset")
    page.get_by_role("button", name="Buat token").click()
    secret = page.locator("#id_secret").input_value()
    assert secret.startswith("simpul_")
    page.screenshot(path=shots / "token.png", full_page=True)
    assert_accessible(page)
    answer = page.request.get("/api/v1/saya/", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 200 and answer.json()["username"] == "petugas"
    lembaga = page.request.get("/api/v1/lembaga/", headers={"Authorization": f"Bearer {secret}"}).json()
    assert [row["nama"] for row in lembaga["results"]] == ["PKK Ilir D IV"]
    page.reload()
    expect(page.locator("#id_secret")).to_have_count(0)  # shown once

    cookies = page.context.cookies()
    phone.context.add_cookies(cookies)
    phone.goto("/pengingat/")
    meeting = "Forum Ilir D IV: Rapat rutin, Selasa, 16 Juni 2026 pukul 19.30"
    expect(phone.get_by_role("link", name=meeting, exact=True)).to_be_visible()
    expect(phone.get_by_role("link", name="Siapkan timbangan bayi — PKK Ilir D IV", exact=True)).to_be_visible()
    share = phone.locator('a[href^="https://wa.me/?text="]').first
    expect(share).to_have_attribute("target", "_blank")
    expect(share).to_have_attribute("rel", "noopener")
    phone.screenshot(path=shots / "pengingat-phone.png", full_page=True)
    assert_accessible(phone)
