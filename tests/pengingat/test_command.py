"""`manage.py kirim_pengingat`: one e-mail per user and day holding their digest, none twice, none to those who
switched it off or have no address; a mail server that fails leaves the day unsent and the run alive."""

from __future__ import annotations

import io
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command

from pengingat import services
from pengingat.models import RingkasanTerkirim
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db
REMINDED = {"officer", "coordinator", "analyst", "outsider"}  # admins and the companion have nothing today


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("kirim_pengingat", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _recipients() -> set[str]:
    return {message.to[0].split("@")[0] for message in mail.outbox}


def test_each_user_gets_one_email_with_their_digest(calendar, people):
    out, err = run("--tanggal", "2026-06-15")
    assert _recipients() == REMINDED and err == ""
    assert "4 terkirim, 0 gagal" in out and "2 tanpa isi" in out
    officer_mail = next(m for m in mail.outbox if m.to == ["officer@contoh.go.id"])
    assert officer_mail.subject == "Simpul: 4 pengingat untuk 15/06/2026"
    body = officer_mail.body
    assert "Pertemuan dalam 3 hari ke depan" in body
    assert "Forum Ilir D IV: Rapat rutin, Senin, 15 Juni 2026 pukul 19.30" in body
    assert f"http://127.0.0.1:8000{calendar.meetings['f1_hari_ini'].get_absolute_url()}" in body
    html, mime = officer_mail.alternatives[0]
    assert mime == "text/html" and "https://wa.me/?text=" in html and "Tindak lanjut terlambat" in html
    marks = dict(RingkasanTerkirim.objects.filter(tanggal=TODAY).values_list("user__username", "jumlah"))
    assert marks == {"petugas": 4, "koordinator": 4, "dinsos": 2, "petugas.surabaya": 2}


def test_a_second_run_the_same_day_sends_nothing(calendar, people):
    run("--tanggal", "2026-06-15")
    mail.outbox.clear()
    out, _err = run("--tanggal", "2026-06-15")
    assert mail.outbox == []
    assert "0 terkirim" in out and "4 sudah terkirim sebelumnya" in out
    assert RingkasanTerkirim.objects.count() == 4
    run("--tanggal", "2026-06-16")  # the next day is a new digest
    assert _recipients() == REMINDED


def test_the_date_defaults_to_today(calendar, people):
    run()
    assert _recipients() == REMINDED
    assert set(RingkasanTerkirim.objects.values_list("tanggal", flat=True)) == {TODAY}


def test_a_user_who_switched_the_digest_off_gets_no_email(calendar, people):
    services.preferensi_set(user=people["coordinator"], kirim_email=False)
    run("--tanggal", "2026-06-15")
    assert _recipients() == REMINDED - {"coordinator"}
    services.preferensi_set(user=people["coordinator"], kirim_email=True)
    run("--tanggal", "2026-06-15")
    assert _recipients() == REMINDED  # switched back on, it comes on the next run


def test_users_without_an_email_address_or_inactive_are_skipped(calendar, people):
    people["officer"].email = ""
    people["officer"].save()
    people["outsider"].is_active = False
    people["outsider"].save()
    run("--tanggal", "2026-06-15")
    assert _recipients() == REMINDED - {"officer", "outsider"}


class FailingBackend(EmailBackend):
    """A mail server that refuses the officer's message (or every message, when `everyone`)."""

    everyone = False

    def send_messages(self, messages):
        if self.everyone or any("officer@" in to for message in messages for to in message.to):
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class DownBackend(FailingBackend):
    everyone = True


def test_a_failing_mail_server_leaves_the_day_unsent_and_the_run_alive(calendar, people, settings, caplog):
    settings.EMAIL_BACKEND = "tests.pengingat.test_command.DownBackend"
    _out, err = run("--tanggal", "2026-06-15")
    assert mail.outbox == [] and not RingkasanTerkirim.objects.exists()
    assert "0 terkirim, 4 gagal" in err
    assert "Connection unexpectedly closed" in caplog.text
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run("--tanggal", "2026-06-15")  # the next run sends what failed
    assert _recipients() == REMINDED and RingkasanTerkirim.objects.count() == 4


def test_one_failed_message_does_not_stop_the_others(calendar, people, settings):
    settings.EMAIL_BACKEND = "tests.pengingat.test_command.FailingBackend"
    _out, err = run("--tanggal", "2026-06-15")
    assert _recipients() == REMINDED - {"officer"}
    assert "3 terkirim, 1 gagal" in err
    assert not RingkasanTerkirim.objects.filter(user=people["officer"]).exists()


def test_a_malformed_date_is_refused():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--tanggal", "15/06/2026")
