"""Sending a day's digests by e-mail (`manage.py kirim_pengingat`).

Who gets one: active users with an e-mail address who have not switched it off and were not sent that day's
digest yet, and whose digest holds something. The day is marked sent per user only once the mail server has
taken the message: a failure is logged and that user is tried again on the next run; it never stops the run.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import sections, services
from .digest import Ringkasan, digest_for
from .models import RingkasanTerkirim

logger = logging.getLogger(__name__)


@dataclass
class Hasil:
    """What a run did: digests sent, failed (to be retried), empty (nothing to remind), already sent."""

    terkirim: int = 0
    gagal: int = 0
    kosong: int = 0
    sudah: int = 0


def recipients(tanggal: datetime.date) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .exclude(pengingat__kirim_email=False)
        .exclude(ringkasan_terkirim__tanggal=tanggal)
        .select_related("profil")
        .order_by("pk")
    )


def message(user, ringkasan: Ringkasan) -> mail.EmailMultiAlternatives:
    """The digest as a plain-text e-mail with an HTML alternative, links made absolute with SIMPUL_URL."""
    base = settings.SIMPUL_URL
    context = {
        "user": user,
        "ringkasan": ringkasan,
        "base": base,
        "hari": date_format(ringkasan.tanggal, "l, j F Y"),
        # A section shared by many users (sections.shared) is rendered once per run.
        "bagian_html": [_fragment(bagian, "html", base) for bagian in ringkasan.bagian],
        "bagian_text": [_fragment(bagian, "txt", base) for bagian in ringkasan.bagian],
    }
    subject = ngettext(
        "Simpul: %(n)d pengingat untuk %(hari)s", "Simpul: %(n)d pengingat untuk %(hari)s", ringkasan.jumlah
    ) % {"n": ringkasan.jumlah, "hari": date_format(ringkasan.tanggal, "d/m/Y")}
    body = render_to_string("pengingat/email.txt", context)
    email = mail.EmailMultiAlternatives(subject, body, to=[user.email])
    email.attach_alternative(render_to_string("pengingat/email.html", context), "text/html")
    return email


def _fragment(bagian, kind: str, base: str) -> str:
    template = f"pengingat/_email_bagian.{kind}"
    return sections.shared_for(bagian, kind, lambda: render_to_string(template, {"bagian": bagian, "base": base}))


def send_digests(*, tanggal: datetime.date) -> Hasil:
    """Every recipient's digest of `tanggal`, in Bahasa Indonesia (the installation's language)."""
    hasil = Hasil(sudah=_already_sent(tanggal))
    connection = mail.get_connection()
    with translation.override(settings.LANGUAGE_CODE), sections.one_run():
        for user in _in_batches(recipients(tanggal)):
            ringkasan = digest_for(user=user, tanggal=tanggal)
            if ringkasan.kosong:
                hasil.kosong += 1
                continue
            if _send(connection, message(user, ringkasan), user):
                services.ringkasan_mark_sent(user=user, tanggal=tanggal, jumlah=ringkasan.jumlah)
                hasil.terkirim += 1
            else:
                hasil.gagal += 1
    connection.close()
    return hasil


def _in_batches(users: QuerySet, size: int = 500):
    """The recipients read as ids first, then a batch at a time: the run writes marks while it goes, and an open
    SQLite cursor over the same tables does not isolate its read from those writes."""
    ids = list(users.values_list("pk", flat=True))
    for start in range(0, len(ids), size):
        yield from users.filter(pk__in=ids[start : start + size])


def _send(connection, email: mail.EmailMultiAlternatives, user) -> bool:
    email.connection = connection
    try:
        return email.send() == 1
    except Exception:  # SMTP refused, timed out, wrong password, …: retried on the next run
        logger.exception("digest e-mail to user %s failed", user.pk)
        try:
            connection.close()  # a broken connection is opened again for the next message
        except Exception:
            logger.debug("closing the mail connection failed too", exc_info=True)
        return False


def _already_sent(tanggal: datetime.date) -> int:
    return RingkasanTerkirim.objects.filter(tanggal=tanggal).count()


def summary(hasil: Hasil, tanggal: datetime.date) -> str:
    return _(
        "Ringkasan %(hari)s: %(terkirim)d terkirim, %(gagal)d gagal (dicoba lagi pada jalan berikutnya), "
        "%(kosong)d tanpa isi, %(sudah)d sudah terkirim sebelumnya."
    ) % {"hari": date_format(tanggal, "d/m/Y"), **vars(hasil)}
