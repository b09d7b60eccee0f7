"""PDF documents made on the server with WeasyPrint: the office's letterhead (`KopSurat`), title, scope and
date, the print date and "Halaman x dari y" on every page, tables whose rows never split across pages.

Used by the network report and the comparison (pranata) and by the forum's printouts (forum imports this).
Offline and safe by construction: the documents load nothing but `data:` URLs (the logo is embedded), so a
name typed into the registry can never make the server fetch a URL.
"""

from __future__ import annotations

import base64
import functools
import mimetypes

import weasyprint
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import KopSurat
from .web import attachment

STYLESHEETS = ("css/simpul.css", "css/diagram.css", "css/pdf.css")
# Diagram labels on A4: the SVG is ~1,180 units wide on 180 mm, so 13 units print at about 5.6 pt.
SVG_PRINT_RULES = ".network-svg .labels text { font-size: 13px; stroke: none; fill: #222; }"  # no paint-order
CONTENT_TYPE = "application/pdf"


@functools.cache
def svg_style() -> str:
    """The diagram's rules, embedded in the SVG of a document: WeasyPrint's SVG renderer does not apply the
    document's stylesheets to an inline SVG."""
    with open(finders.find("css/diagram.css"), encoding="utf-8") as css:
        return css.read() + SVG_PRINT_RULES


@functools.cache
def _stylesheets() -> tuple[weasyprint.CSS, ...]:
    """The house and PDF stylesheets, parsed once per process (parsing is most of a small document's cost)."""
    return tuple(weasyprint.CSS(filename=finders.find(name)) for name in STYLESHEETS)


def _page_css(footer: str) -> weasyprint.CSS:
    """The page frame in the reader's language: print line at the bottom left, page x of y at the right."""

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    page, of = quoted(_("Halaman") + " "), quoted(" " + _("dari") + " ")
    left, right = f"content: {quoted(footer)};", f"content: {page} counter(page) {of} counter(pages);"
    return weasyprint.CSS(string=f"@page {{ @bottom-left {{ {left} }} @bottom-right {{ {right} }} }}")


def logo_uri(kop: KopSurat | None) -> str:
    """The letterhead's logo as a data: URL (the only kind of URL a document may load), or ""."""
    if kop is None or not kop.logo:
        return ""
    try:
        with kop.logo.open("rb") as stream:
            body = stream.read(KopSurat.LOGO_MAX_BYTES + 1)
    except (OSError, ValueError):  # Django's File says ValueError when the file is gone
        return ""  # the file went missing from storage: print without it rather than fail the report
    if len(body) > KopSurat.LOGO_MAX_BYTES:
        return ""
    kind = mimetypes.guess_type(kop.logo.name)[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(body).decode('ascii')}"


def render(template: str, context: dict, *, wilayah_kode: str = "") -> bytes:
    """The template as a PDF, under the letterhead of the wilayah nearest to `wilayah_kode` that has one."""
    kop = KopSurat.objects.for_wilayah(wilayah_kode)
    now = timezone.localtime()
    context = context | {"kop": kop, "logo": logo_uri(kop), "dicetak": now, "svg_style": svg_style()}
    html = render_to_string(template, context)
    footer = _("Dicetak %(tanggal)s dari Simpul") % {"tanggal": now.strftime("%d/%m/%Y %H:%M")}
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols={"data"})
    document = weasyprint.HTML(string=html, url_fetcher=fetcher, base_url="data:,")
    return document.write_pdf(stylesheets=[*_stylesheets(), _page_css(footer)])


def response(body: bytes, filename: str) -> HttpResponse:
    return attachment(body, filename, CONTENT_TYPE)
