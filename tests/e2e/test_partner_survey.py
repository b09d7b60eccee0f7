"""A partner survey from start to finish on phones: the coordinator opens a round and prints the invitations,
two lembaga answer through their links, an officer types in a third from paper; the pair both ends confirm is
adopted as the declared stage, the pair two stages apart is flagged, and the scores show trust and value; the
survey network stands beside the declared one, and the kelurahan's report colours its ties by trust."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from forum.models import Keanggotaan
from pranata import services as pranata_services
from pranata.models import Kerjasama, Peran
from survei.models import Responden, StatusJawaban
from tests.conftest import TODAY
from tests.e2e.conftest import DESKTOP, PHONE, _offline_page, assert_accessible
from tests.factories import ForumFactory, LembagaFactory, user_with_role, wilayah_path

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TUTUP = TODAY + datetime.timedelta(days=14)


def build_world() -> dict:
    kelurahan = wilayah_path("16.71.05.1006", "Ilir D IV")
    coordinator = user_with_role("koordinator", Peran.KOORDINATOR, ["16.71.05.1006"])
    officer = user_with_role("petugas", Peran.PETUGAS, ["16.71.05.1006"])
    forum = ForumFactory(nama="Forum Pranata Sosial Ilir D IV", wilayah=kelurahan)
    forum.koordinator.add(coordinator)
    lembaga = {}
    for key, nama in (("a", "LPMK Ilir D IV"), ("b", "PKK Ilir D IV"), ("c", "Posyandu Melati RW 03")):
        lembaga[key] = LembagaFactory(nama=nama, wilayah=kelurahan)
        Keanggotaan.objects.create(forum=forum, lembaga=lembaga[key], mulai=datetime.date(2020, 1, 1))
    for other, tahap in (("b", 3), ("c", 1)):
        pranata_services.kerjasama_create(
            lembaga_a=lembaga["a"], lembaga_b=lembaga[other], tahap=tahap, mulai=datetime.date(2024, 1, 1), oleh=officer
        )
    return {"forum": forum, "lembaga": lembaga}


def sign_in(page: Page, username: str) -> None:
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill("kata-sandi-uji-123")
    page.get_by_role("button", name="Masuk").click()


def rate(page: Page, partner, tahap: int, ratings: tuple[int, ...], *, sumber: str | None = None) -> None:
    """Tap the stage and the six ratings of one partner (the radio buttons' labels are the touch targets)."""
    row = page.locator(f"#mitra-{partner.pk}")
    row.locator(f"label[for='id_m{partner.pk}-tahap_{tahap}']").click()
    fields = ("keterbukaan", "dapat_diandalkan", "kesamaan_misi", "pengaruh", "kontribusi", "keterlibatan")
    for field, value in zip(fields, ratings, strict=True):
        row.locator(f"label[for='id_m{partner.pk}-{field}_{value - 1}']").click()
    if sumber:
        row.get_by_label(sumber).check()


def test_a_partner_survey_confirms_one_tie_flags_another_and_scores_both(phone: Page, browser, live_server, shots):
    world = build_world()
    a, b, c = (world["lembaga"][k] for k in "abc")
    page = phone

    # The coordinator opens a round for the forum and prints the invitations.
    sign_in(page, "koordinator")
    page.goto(f"/forum/{world['forum'].pk}/")
    page.get_by_role("link", name="Survei mitra").last.click()
    # Each click on a loaded page (its "load" event): a CI run on a loaded machine once lost the second click,
    # made while the survey list was still loading.
    page.wait_for_url("**/survei/?forum=*")
    page.get_by_role("link", name="Buka gelombang baru").click()
    page.wait_for_url("**/survei/baru/*")
    page.get_by_label("Nama gelombang").fill("Pra-program 2026")
    page.get_by_label("Tujuan").select_option(label="Pra (sebelum program)")
    page.get_by_label("Forum").select_option(label=world["forum"].nama)
    page.get_by_label("Ditutup").fill(TUTUP.strftime("%d/%m/%Y"))
    page.screenshot(path=shots / "01-buka-gelombang.png", full_page=True)
    page.get_by_role("button", name="Buka gelombang").click()
    expect(page.get_by_text("dibuka untuk 3 lembaga")).to_be_visible()
    page.get_by_role("link", name="Cetak undangan").click()
    expect(page.get_by_text("Tautan hanya tampil satu kali.")).to_be_visible()
    page.get_by_role("button", name="Buat tautan dan cetak undangan (3 lembaga)").click()
    cards = page.locator("article.undangan-kartu")
    expect(cards).to_have_count(3)
    expect(cards.locator("img.undangan-qr").first).to_be_visible()
    links = {
        card.get_by_role("heading").inner_text(): card.locator(".undangan-tautan a").inner_text()
        for card in cards.all()
    }
    page.screenshot(path=shots / "02-undangan.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # Two lembaga answer on their own phones through their links, with no account.
    contexts = []
    try:
        for nama, answers in (
            (a.nama, [(b, 4, (4, 4, 3, 4, 3, 4), "Tenaga/relawan"), (c, 3, (3, 3, 3, 2, 2, 3), None)]),
            (c.nama, [(a, 1, (2, 3, 2, 2, 1, 2), None)]),
        ):
            pages = _offline_page(browser, live_server, PHONE)
            contexts.append(pages)
            lembaga_phone = next(pages)
            lembaga_phone.goto(links[nama])
            expect(lembaga_phone.get_by_role("heading", level=1)).to_have_text(nama)
            for partner, tahap, ratings, sumber in answers:
                rate(lembaga_phone, partner, tahap, ratings, sumber=sumber)
            assert lembaga_phone.evaluate("document.documentElement.scrollWidth") <= 390
            if nama == a.nama:
                assert_accessible(lembaga_phone)
                lembaga_phone.screenshot(path=shots / "03-kuesioner-ponsel.png", full_page=True)
            lembaga_phone.get_by_role("button", name="Kirim jawaban").click()
            expect(lembaga_phone.get_by_text("Terima kasih! Jawaban Anda terkirim.")).to_be_visible()
        lembaga_phone.screenshot(path=shots / "04-terkirim.png", full_page=True)
    finally:
        for pages in contexts:
            pages.close()

    # The officer types in B's paper questionnaire.
    page.context.clear_cookies()
    sign_in(page, "petugas")
    gelombang = Responden.objects.get(lembaga=a).gelombang
    page.goto(gelombang.get_absolute_url())
    page.locator("#responden tr", has_text=b.nama).get_by_role("link", name="Isi dari kertas").click()
    expect(page.get_by_text("dari kuesioner kertas")).to_be_visible()
    rate(page, a, 4, (4, 3, 4, 4, 4, 3))
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_text("dari kuesioner kertas tersimpan dan terkirim")).to_be_visible()
    paper = Responden.objects.get(lembaga=b)
    assert (paper.status, paper.diisi_oleh.username) == (StatusJawaban.FINAL, "petugas")
    page.goto(gelombang.get_absolute_url())
    expect(page.locator("#tingkat-respons")).to_have_text("100%")
    page.screenshot(path=shots / "05-gelombang.png", full_page=True)
    page.goto(f"/survei/{gelombang.pk}/kertas/?responden={paper.pk}")
    expect(page.get_by_role("heading", name="KUESIONER SURVEI MITRA")).to_be_visible()
    page.screenshot(path=shots / "05-kuesioner-kertas.png", full_page=True)

    # The pairs: A–B confirmed by both, A–C flagged (3 against 1).
    page.goto(f"/survei/{gelombang.pk}/pasangan/")
    confirmed = page.locator("#pasangan > li", has_text=f"{a.nama} — {b.nama}")
    flagged = page.locator("#pasangan > li", has_text=f"{a.nama} — {c.nama}")
    expect(confirmed.locator(".badge").first).to_have_text("dikonfirmasi")
    expect(flagged.get_by_text("perlu dibahas")).to_be_visible()
    expect(flagged.get_by_text(f"{c.nama} menyebut 1 · Komunikasi: selisih 2 tahap")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=shots / "06-pasangan.png", full_page=True)
    confirmed.get_by_role("button", name="Tetapkan Kolaborasi (dikonfirmasi kedua pihak)").click()
    expect(page.get_by_text(f"Tahap kerjasama {a.nama} — {b.nama} kini Kolaborasi.")).to_be_visible()
    tie = Kerjasama.objects.get(lembaga_a=a, lembaga_b=b)
    assert tie.tahap == 4
    assert tie.riwayat.order_by("-pk").first().bukti == "survei Pra-program 2026, dikonfirmasi kedua pihak"
    page.screenshot(path=shots / "07-ditetapkan.png", full_page=True)

    # The scores: trust and value per lembaga and per tie.
    page.get_by_role("link", name="Skor").click()
    # A's answers and the answers about A: trust (11/3 + 3) and (7/3 + 11/3) …; the page shows two decimals.
    expect(page.locator("#kepercayaan-rata")).not_to_have_text("–")
    expect(page.locator("#manfaat-rata")).not_to_have_text("–")
    row = page.locator("#skor-ikatan tr", has_text=f"{a.nama} — {b.nama}")
    expect(row).to_contain_text("3,67")  # trust: (4+4+3)/3 and (4+3+4)/3 → 3.67
    expect(row).to_contain_text("2")
    page.screenshot(path=shots / "08-skor.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The survey network beside the declared one: A–B (4, both), A–C (3 against 1: the lower, 1) in both.
    page.get_by_role("link", name="Jaringan", exact=True).click()
    figures = page.locator("#angka-jaringan")
    expect(figures.locator("tr[data-angka='n_kerjasama'] td").nth(0)).to_have_text("2")  # data kerjasama
    expect(figures.locator("tr[data-angka='n_kerjasama'] td").nth(1)).to_have_text("2")  # survei
    expect(figures.locator("tr[data-angka='mean_tahap'] td").nth(0)).to_have_text("2,50")  # (4 + 1) / 2
    expect(figures.locator("tr[data-angka='mean_tahap'] td").nth(1)).to_have_text("2,50")
    expect(page.locator("#tumpang-tindih")).to_contain_text("Ada di keduanya")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=shots / "09-jaringan-survei.png", full_page=True)

    # The kelurahan's report: its map colours the ties by the partners' trust, with a legend.
    # A–B: trust 11/3 from both ends (class 4); A–C: (3 + 7/3) / 2 = 2.67 (class 3).
    see_trust_colours(page, shots / "10-peta-kepercayaan-ponsel.png", gelombang)
    desktop_pages = _offline_page(browser, live_server, DESKTOP)
    try:
        desktop = next(desktop_pages)
        sign_in(desktop, "petugas")
        see_trust_colours(desktop, shots / "11-peta-kepercayaan-desktop.png", gelombang)
        # Without WebGL (or for print) the server-drawn diagram carries the same colours.
        desktop.goto("/laporan/16.71.05.1006/?warna=kepercayaan")
        expect(desktop.locator("#diagram-statis line.skor4")).to_have_count(1)
        expect(desktop.locator("#diagram-statis line.skor3")).to_have_count(1)
        expect(desktop.locator("#legenda-skor")).to_contain_text("3,25–4,00 (tinggi): 1")
    finally:
        desktop_pages.close()


def see_trust_colours(page: Page, shot, gelombang) -> None:
    page.goto("/laporan/16.71.05.1006/")
    expect(page.locator("#peta-interaktif")).to_have_attribute("data-siap", "1")
    link = page.locator("#jaringan-survei").get_by_role("link")
    expect(link).to_have_attribute("href", f"/survei/{gelombang.pk}/jaringan/")
    page.locator("#peta-garis").select_option(label="kepercayaan (survei)")
    legend = page.locator("#peta-legenda-garis")
    expect(legend).to_be_visible()
    expect(legend).to_contain_text("Survei mitra “Pra-program 2026”, masih berjalan")
    expect(legend.locator("[data-kelas='4']")).to_have_text("3,25–4,00 (tinggi): 1")
    expect(legend.locator("[data-kelas='3']")).to_have_text("2,50–3,24 (agak tinggi): 1")
    expect(legend.locator("[data-kelas='0']")).to_have_text("belum dinilai: 0")
    expect(page.locator("#peta-ringkas")).to_have_text("3 lembaga, 2 kerjasama tampil")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    page.locator("#peta-interaktif").scroll_into_view_if_needed()
    page.screenshot(path=shot, full_page=True)
