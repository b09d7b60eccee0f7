"""The main pages speak one language: no English word in the Indonesian UI, no Indonesian word in the English
one. Records people typed (names of lembaga, wilayah, forums, places) and the editable reference lists are
data, not UI, so they are taken out of the text before it is checked."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from forum import services as forum_services
from forum.models import Forum, Pertemuan
from pranata import services
from pranata.models import Lembaga, PranataSosial, Wilayah
from tests.conftest import KELURAHAN, TODAY, login

pytestmark = pytest.mark.django_db

# Words the Indonesian UI must not show (English UI words; loanwords both languages use — data, forum,
# program, status, total, online — are not listed).
ENGLISH = {
    "the", "and", "of", "with", "for", "from", "to", "is", "are", "by", "tie", "ties", "network", "report",
    "reports", "meeting", "meetings", "member", "members", "institution", "institutions", "stage", "stages",
    "download", "search", "reset", "save", "cancel", "delete", "edit", "next", "previous", "page", "show",
    "hide", "more", "none", "yes", "submit", "loading", "pre-test", "post-test", "area", "areas", "date",
    "history", "add", "remove", "apply", "back", "print", "home", "log", "sign", "out",
}  # fmt: skip
# Words the English UI must not show (common Indonesian UI words; the domain terms the English catalogue keeps
# — kelurahan, desa, kecamatan, kabupaten, lembaga names' own words — are data or deliberately kept).
INDONESIAN = {
    "dan", "yang", "untuk", "tidak", "belum", "dengan", "semua", "baru", "tambah", "ubah", "lihat", "laporan",
    "jaringan", "tanggal", "hadir", "kerjasama", "tahap", "pertemuan", "wilayah", "simpan", "batal", "unduh",
    "cari", "anggota", "kesepakatan", "lanjut", "tindak", "sejak", "dari", "sampai", "pada", "ini", "itu",
    "atau", "bulan", "tahun", "hari", "terlambat", "selesai", "rencana", "berjalan", "catat", "riwayat",
    "kembali", "cetak", "daftar", "masuk", "keluar", "bandingkan", "sumber", "daya", "kebutuhan", "tamu",
}  # fmt: skip


class _Text(HTMLParser):
    """Visible text and the attributes a person reads (title, aria-label, placeholder, alt)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "template"}:
            self._skip += 1
        for name, value in attrs:
            if name in {"title", "aria-label", "placeholder", "alt"} and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _data_strings() -> list[str]:
    values = [
        *Lembaga.objects.values_list("nama", flat=True),
        *Lembaga.objects.values_list("kode", flat=True),
        *Wilayah.objects.values_list("nama", flat=True),
        *Forum.objects.values_list("nama", flat=True),
        *PranataSosial.objects.values_list("nama", flat=True),
        *PranataSosial.objects.values_list("deskripsi", flat=True),
        *Pertemuan.objects.values_list("tempat", flat=True),
        "Simpul",
        "Sistem Informasi Jaringan Pranata Sosial",  # the product's name, in both languages
        "Bahasa Indonesia",
    ]
    return sorted({v for v in values if v}, key=len, reverse=True)


def foreign_words(html: str, forbidden: set[str]) -> list[str]:
    parser = _Text()
    parser.feed(html)
    text = " ".join(parser.parts)
    for value in _data_strings():
        text = text.replace(value, " ")
    words = re.findall(r"[A-Za-z][A-Za-z-]*", text)
    return sorted({w for w in words if w.lower() in forbidden})


@pytest.fixture
def pages(officer, coordinator, forum, members):
    a, b, c = members["a"], members["b"], members["c"]
    tie = services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=2, mulai=datetime.date(2024, 3, 1), oleh=officer)
    services.kerjasama_create(lembaga_a=b, lembaga_b=c, tahap=3, mulai=datetime.date(2024, 5, 1), oleh=officer)
    meeting = forum_services.pertemuan_log(
        forum=forum,
        oleh=coordinator,
        fields={"tanggal": TODAY - datetime.timedelta(days=7), "jenis": "rapat_rutin", "tempat": "Balai RW"},
        hadir=[forum_services.Hadir(a), forum_services.Hadir(b)],
        sepakat=[forum_services.Sepakat("Posyandu terpadu", [a, b])],
        lanjut=[forum_services.Lanjut("Siapkan timbangan", b, TODAY + datetime.timedelta(days=7), 1)],
    )
    return [
        reverse("pranata:home"),
        reverse("pranata:lembaga-list"),
        a.get_absolute_url(),
        reverse("pranata:lembaga-create"),
        tie.get_absolute_url(),
        reverse("forum:forum-list"),
        reverse("forum:forum-detail", args=[forum.pk]),
        reverse("forum:pertemuan-create", args=[forum.pk]),
        meeting.get_absolute_url(),
        reverse("forum:pertemuan-list"),
        reverse("forum:aktivitas", args=[KELURAHAN]),
        reverse("pranata:laporan", args=[KELURAHAN]),
        reverse("pranata:laporan-banding", args=[KELURAHAN]),
        reverse("pranata:laporan-istilah"),
    ]


@pytest.mark.parametrize(("language", "forbidden"), [("id", ENGLISH), ("en", INDONESIAN)])
def test_the_main_pages_speak_one_language(client, officer, pages, language, forbidden):
    login(client, officer)
    client.cookies["django_language"] = language
    found = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Language"] == language
        if words := foreign_words(response.text, forbidden):
            found[url] = words
    assert found == {}, "\n".join(f"{url}: {words}" for url, words in found.items())


def test_the_check_finds_a_foreign_word():
    assert foreign_words("<p>Simpan <span title='Download'>data</span> the end</p>", ENGLISH) == ["Download", "the"]
    assert foreign_words("<p>Save <b>kerjasama</b></p><script>var tahap</script>", INDONESIAN) == ["kerjasama"]
