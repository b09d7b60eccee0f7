"""The notification page mirrors the e-mail (the same function makes both), the user switches the e-mail off
there, and meetings and follow-ups on the forum pages offer a WhatsApp share link."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from pengingat.models import Preferensi
from tests.conftest import login

pytestmark = pytest.mark.django_db
PAGE = reverse("pengingat:ringkasan")


def _wa_messages(html: str) -> list[str]:
    links = re.findall(r'<a [^>]*href="(https://wa\.me/\?text=[^"]+)"[^>]*>', html)
    tags = re.findall(r'<a [^>]*href="https://wa\.me/[^"]+"[^>]*>', html)
    assert all('rel="noopener"' in tag and 'target="_blank"' in tag for tag in tags)
    return [unquote(unescape(link).removeprefix("https://wa.me/?text=")) for link in links]


@pytest.mark.parametrize("persona", ["officer", "coordinator", "analyst", "outsider", "companion"])
def test_the_notification_page_shows_what_the_email_says(client, calendar, people, persona):
    call_command("kirim_pengingat")
    sent = {m.to[0]: m.body for m in mail.outbox}
    page = login(client, people[persona]).get(PAGE)
    assert page.status_code == 200
    lines = [line.teks for part in page.context["ringkasan"].bagian for line in part.butir]
    body = sent.get(people[persona].email, "")
    assert [line for line in lines if line in body] == lines  # every line of the page is in the e-mail …
    assert bool(lines) == bool(body)  # … and a user without reminders gets neither
    for line in lines:
        assert unescape(page.text).count(line) >= 1
    if not lines:
        assert "Tidak ada pengingat untuk Anda hari ini." in page.text


def test_the_page_offers_whatsapp_links_for_meetings_and_follow_ups(client, calendar, people):
    page = login(client, people["coordinator"]).get(PAGE)
    messages = _wa_messages(page.text)
    assert len(messages) == 4
    assert messages[0].startswith("Pengingat pertemuan Forum Ilir D IV: Rapat rutin, Senin, 15 Juni 2026")


def test_switching_the_email_off_and_on(client, calendar, people):
    login(client, people["officer"])
    assert 'name="kirim_email" id="id_kirim_email" checked' in client.get(PAGE).text
    response = client.post(reverse("pengingat:preferensi"), {})
    assert response.status_code == 302
    assert Preferensi.objects.get(user=people["officer"]).kirim_email is False
    page = client.get(PAGE)
    assert "tidak lagi dikirim" in page.text and 'id="id_kirim_email" checked' not in page.text
    call_command("kirim_pengingat")
    assert "officer@contoh.go.id" not in {m.to[0] for m in mail.outbox}
    client.post(reverse("pengingat:preferensi"), {"kirim_email": "on"})
    assert Preferensi.objects.get(user=people["officer"]).kirim_email is True


def test_the_page_says_when_there_is_no_address_to_send_to(client, calendar, officer):
    page = login(client, officer).get(PAGE)
    assert "belum mempunyai alamat email" in page.text


def test_the_pages_need_a_login_and_preferences_only_take_a_post(client, officer):
    assert client.get(PAGE).status_code == 302
    login(client, officer)
    assert client.get(reverse("pengingat:preferensi")).status_code == 405


def test_the_menu_links_to_reminders_and_tokens(client, officer):
    home = login(client, officer).get(reverse("pranata:home"))
    assert f'href="{PAGE}"' in home.text and f'href="{reverse("api:token-list")}"' in home.text


def test_a_meeting_page_shares_the_meeting_and_its_open_follow_ups(client, calendar, people):
    login(client, people["coordinator"])
    page = client.get(calendar.meetings["f1_kemarin"].get_absolute_url())
    messages = _wa_messages(page.text)
    assert messages[0].startswith("Pengingat pertemuan Forum Ilir D IV: Rapat rutin, Minggu, 14 Juni 2026")
    follow_ups = [m for m in messages if m.startswith("Pengingat tindak lanjut")]
    # Open ones only: the finished follow-up has nothing to remind of.
    assert [m.split(": ", 1)[1].split(".")[0] for m in follow_ups] == [
        "Terlambat", "Minggu ini", "Minggu depan", "Tanpa tenggat",
    ]  # fmt: skip


def test_a_forum_page_shares_its_next_meeting_and_open_follow_ups(client, calendar, people):
    login(client, people["coordinator"])
    page = client.get(reverse("forum:forum-detail", args=[calendar.forums["F1"].pk]))
    messages = _wa_messages(page.text)
    assert messages[0].startswith("Pengingat pertemuan Forum Ilir D IV: Rapat rutin, Senin, 15 Juni 2026 pukul 19.30")
    assert sum(m.startswith("Pengingat tindak lanjut Forum Ilir D IV") for m in messages) == 4
