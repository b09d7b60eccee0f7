"""WhatsApp share links in templates: `{% load pengingat %}{% wa_pertemuan pertemuan as wa %}<a href="{{ wa }}">`.
Pass the forum when the page has it at hand, so the link costs no query."""

from __future__ import annotations

from django import template

from pengingat import whatsapp

register = template.Library()


@register.simple_tag
def wa_pertemuan(pertemuan, forum=None) -> str:
    return whatsapp.meeting_link(pertemuan, forum)


@register.simple_tag
def wa_tindak_lanjut(tindak_lanjut, forum=None) -> str:
    return whatsapp.follow_up_link(tindak_lanjut, forum)
