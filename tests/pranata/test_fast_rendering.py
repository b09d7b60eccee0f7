"""The list and detail pages write some markup in Python instead of per-row templates (pranata.forms.LongSelect,
pranata.views.rows): it must say exactly what the template widgets and Django's helpers say."""

import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from pranata.forms import LongSelect
from pranata.models import Kerjasama, Lembaga, Sektor
from pranata.views.rows import label, url_maker, with_labels
from tests.factories import LembagaFactory

pytestmark = pytest.mark.django_db


def _tags(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize("value", [None, "", "b", 3, ["b"]])
def test_a_long_select_writes_what_the_template_select_writes(value):
    choices = [("", "Semua"), ("a", "A & <b>"), ("b", "Bé"), (3, "Tiga"), ("b", "Bé lagi")]
    attrs = {"class": "form-select form-select-sm"}
    extra = {"required": True, "id": "id_x", "data-off": False}
    expected = forms.Select(attrs=attrs, choices=choices).render("x", value, attrs=extra)
    assert _tags(LongSelect(attrs=attrs, choices=choices).render("x", value, attrs=extra)) == _tags(expected)


def test_a_long_select_with_option_groups_still_renders_every_option():
    choices = [("Satu", [("a", "A"), ("b", "B")]), ("c", "C")]
    html = LongSelect(choices=choices).render("x", "b")
    assert '<option value="b" selected>B</option>' in html and '<option value="c">C</option>' in html


def test_labels_and_links_are_those_of_django_in_both_languages(wilayah):
    lembaga = LembagaFactory(wilayah=wilayah["kelurahan"], sektor=Sektor.WARGA)
    for language in ("id", "en"):
        with translation.override(language):
            with_labels([lembaga], "sektor", "status")
            assert lembaga.sektor_label == lembaga.get_sektor_display()
            assert lembaga.status_label == lembaga.get_status_display()
            assert label(Kerjasama(tahap=3), "tahap") == Kerjasama(tahap=3).get_tahap_display()
    assert label(Lembaga(sektor="tidak-ada"), "sektor") == "tidak-ada"  # an unknown value shows as stored
    assert url_maker("pranata:lembaga-detail")(lembaga.pk) == lembaga.get_absolute_url()
    assert url_maker("forum:member-end", 7)(12) == reverse("forum:member-end", args=[7, 12])
