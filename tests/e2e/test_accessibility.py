"""axe-core on the main pages, as each role reaches them: no serious or critical WCAG 2.1 A/AA violation, on
a phone and on a desktop. The pages carry real data (a forum with members, ties with history, a meeting)."""

import datetime

import pytest
from playwright.sync_api import Page

from forum import services as forum_services
from forum.models import Keanggotaan
from pranata import services
from pranata.models import Peran
from tests.e2e.conftest import assert_accessible, axe_violations
from tests.factories import ForumFactory, LembagaFactory, user_with_role, wilayah_path

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
KELURAHAN = "16.71.05.1006"


def world():
    kel = wilayah_path(KELURAHAN, "Ilir D IV")
    officer = user_with_role("petugas", Peran.PETUGAS, [KELURAHAN])
    a, b, c = (
        LembagaFactory(nama=n, wilayah=kel)
        for n in ("Lembaga Pemberdayaan Masyarakat Kelurahan Ilir D IV", "PKK Ilir D IV", "Posyandu Melati")
    )
    tie = services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=2, mulai=datetime.date(2024, 3, 1), oleh=officer)
    services.kerjasama_create(lembaga_a=b, lembaga_b=c, tahap=3, mulai=datetime.date(2024, 5, 1), oleh=officer)
    forum = ForumFactory(nama="Forum Ilir D IV", wilayah=kel, tanggal_berdiri=datetime.date(2020, 1, 1))
    for lembaga in (a, b, c):
        Keanggotaan.objects.create(forum=forum, lembaga=lembaga, mulai=datetime.date(2020, 1, 1))
    meeting = forum_services.pertemuan_log(
        forum=forum,
        oleh=officer,
        fields={"tanggal": datetime.date(2026, 5, 2), "jenis": "rapat_rutin", "tempat": "Balai RW"},
        hadir=[forum_services.Hadir(a), forum_services.Hadir(b)],
        sepakat=[forum_services.Sepakat("Posyandu terpadu", [a, b])],
        lanjut=[
            forum_services.Lanjut(
                "Siapkan timbangan bayi dan kartu menuju sehat untuk posyandu terpadu", b, datetime.date(2026, 7, 1), 1
            )
        ],
    )
    return {"lembaga": a, "tie": tie, "forum": forum, "meeting": meeting}


def sign_in(page: Page) -> None:
    page.goto("/masuk/")
    assert_accessible(page)
    page.get_by_label("Nama pengguna").fill("petugas")
    page.get_by_label("Kata sandi").fill("kata-sandi-uji-123")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/")


def pages(data) -> list[str]:
    return [
        "/",
        "/lembaga/",
        data["lembaga"].get_absolute_url(),
        "/lembaga/baru/",
        data["tie"].get_absolute_url(),
        f"/forum/{data['forum'].pk}/",
        f"/forum/{data['forum'].pk}/pertemuan/baru/",
        data["meeting"].get_absolute_url(),
        f"/forum/pertemuan/{data['meeting'].pk}/daftar-hadir/",
        f"/forum/pertemuan/{data['meeting'].pk}/notulen/",
        "/forum/",
        f"/forum/aktivitas/{KELURAHAN}/",
        f"/laporan/{KELURAHAN}/",
    ]


@pytest.mark.parametrize("device", ["phone", "page"])
def test_the_main_pages_have_no_serious_accessibility_violation(device, request, shots):
    page = request.getfixturevalue(device)
    data = world()
    sign_in(page)
    problems = []
    for number, url in enumerate(pages(data), 1):
        page.goto(url)
        page.screenshot(
            path=shots / f"{number:02d}-{url.strip('/').replace('/', '-') or 'beranda'}.png", full_page=True
        )
        problems += [f"{url}: {v['id']} ({v['impact']}): {v['nodes']}" for v in axe_violations(page)]
        duplicated = page.evaluate(
            """() => { const seen = {};
                       document.querySelectorAll('[id]').forEach(e => seen[e.id] = (seen[e.id] || 0) + 1);
                       return Object.keys(seen).filter(k => seen[k] > 1); }"""
        )
        if duplicated:
            problems.append(f"{url}: ids used twice {duplicated}")
        if page.evaluate("document.documentElement.scrollWidth") > page.viewport_size["width"]:
            problems.append(f"{url}: scrolls sideways")
    assert problems == [], "\n".join(problems)
