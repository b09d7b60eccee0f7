"""WhatsApp share links for a meeting or a follow-up: https://wa.me/?text=… with a message written out, so a
coordinator can pass it to the forum's group in two taps. A link only: no WhatsApp API, nothing sent by Simpul.

The message is always in Indonesian, whatever language the page is read in: it goes to the members of a
kelurahan's forum, not to the reader.
"""

from __future__ import annotations

import datetime
from urllib.parse import quote

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format, time_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from forum.models import Forum, Pertemuan, TindakLanjut

WA_URL = "https://wa.me/?text="
AGENDA_CHARS = 200


def link(message: str) -> str:
    return WA_URL + quote(message, safe="")


def _day(tanggal: datetime.date) -> str:
    return date_format(tanggal, "l, j F Y")


def meeting_message(pertemuan: Pertemuan, forum: Forum | None = None) -> str:
    """“Pengingat pertemuan Forum …: Rapat rutin, Selasa, 16 Juni 2026 pukul 19.30 di Sekretariat RW 01.”"""
    forum = forum or pertemuan.forum
    with translation.override(settings.LANGUAGE_CODE):
        parts = [
            _("Pengingat pertemuan %(forum)s: %(jenis)s, %(hari)s")
            % {"forum": forum.nama, "jenis": pertemuan.get_jenis_display(), "hari": _day(pertemuan.tanggal)}
        ]
        if pertemuan.jam_mulai:
            parts.append(_(" pukul %(jam)s") % {"jam": time_format(pertemuan.jam_mulai, "H.i")})
        if pertemuan.tempat:
            parts.append(_(" di %(tempat)s") % {"tempat": pertemuan.tempat})
        parts.append(".")
        if pertemuan.agenda:
            agenda = Truncator(" ".join(pertemuan.agenda.split())).chars(AGENDA_CHARS)
            parts.append(_(" Agenda: %(agenda)s") % {"agenda": agenda})
        return "".join(parts)


def follow_up_message(tindak_lanjut: TindakLanjut, forum: Forum | None = None) -> str:
    """“Pengingat tindak lanjut Forum …: Undangan kerja bakti. Penanggung jawab: A LPMK. Tenggat: Senin, …”"""
    forum = forum or tindak_lanjut.pertemuan.forum
    with translation.override(settings.LANGUAGE_CODE):
        message = _("Pengingat tindak lanjut %(forum)s: %(uraian)s. Penanggung jawab: %(lembaga)s.") % {
            "forum": forum.nama,
            "uraian": tindak_lanjut.uraian,
            "lembaga": tindak_lanjut.lembaga.nama,
        }
        if tindak_lanjut.tenggat:
            message += _(" Tenggat: %(hari)s.") % {"hari": _day(tindak_lanjut.tenggat)}
        return message


def meeting_link(pertemuan: Pertemuan, forum: Forum | None = None) -> str:
    return link(meeting_message(pertemuan, forum))


def follow_up_link(tindak_lanjut: TindakLanjut, forum: Forum | None = None) -> str:
    return link(follow_up_message(tindak_lanjut, forum))
