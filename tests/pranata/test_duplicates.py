"""Duplicate lembaga: found despite spaces, punctuation and abbreviations; merged without losing anything."""

import datetime

import pytest
from django.urls import reverse

from forum import services as forum_services
from forum.models import Forum, Keanggotaan, Kehadiran, Kesepakatan, PesertaProgram, ProgramBersama, TindakLanjut
from pranata import duplicates, imports, reports, services
from pranata.models import Kebutuhan, Kerjasama, Lembaga, RiwayatTahap, StatusLembaga, SumberDaya
from tests.conftest import TODAY, login
from tests.factories import LembagaFactory
from tests.pranata.test_lembaga_views import form_data

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Karang  Taruna Bina Remaja.", "Karang Taruna Bina Remaja"),
        ("KT Bina Remaja", "Karang Taruna Bina Remaja"),
        ("Ponpes Al-Ikhlas", "Pondok Pesantren Al Ikhlas"),
        ("Posyandu Melati RW 03", "posyandu melati rw 3"),
        ("Majelis Taklim Nurul Iman", "MT Nurul Iman"),
    ],
)
def test_these_names_are_the_same_lembaga(a, b):
    assert duplicates.score(a, b) >= duplicates.THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Posyandu Melati RW 03", "Posyandu Mawar RW 03"),
        ("Karang Taruna Bina Remaja", "Karang Taruna Tunas Harapan"),
        ("Posyandu Melati RW 03", "Posyandu Melati RW 05"),
    ],
)
def test_these_names_are_different_lembaga(a, b):
    assert duplicates.score(a, b) < duplicates.THRESHOLD


def test_likely_pairs_compare_only_within_a_kelurahan():
    groups = {
        1: [(10, "Karang Taruna Bina Remaja"), (11, "KT Bina Remaja"), (12, "PKK Kelurahan")],
        2: [(20, "Karang Taruna Bina Remaja")],
    }
    assert [(p.a, p.b) for p in duplicates.likely_pairs(groups)] == [(10, 11)]


def test_the_form_asks_before_registering_a_similar_name(client, officer, wilayah):
    LembagaFactory(nama="Karang Taruna Bina Remaja", wilayah=wilayah["kelurahan"])
    client = login(client, officer)
    data = form_data(wilayah["kelurahan"], nama="Karang  Taruna Bina Remaja.")
    response = client.post(reverse("pranata:lembaga-create"), data)
    assert "Mungkin sama dengan “Karang Taruna Bina Remaja”" in response.content.decode()
    assert Lembaga.objects.count() == 1
    assert 'type="checkbox" name="bukan_duplikat"' in response.content.decode()
    client.post(reverse("pranata:lembaga-create"), data | {"bukan_duplikat": "on"})
    assert Lembaga.objects.count() == 2


def test_the_import_warns_about_a_similar_name_but_may_save_it(officer, wilayah):
    LembagaFactory(kode="16.71.05.1006-0001", nama="Karang Taruna Bina Remaja", wilayah=wilayah["kelurahan"])
    header = ",".join(imports.KINDS["lembaga"].COLUMNS)
    plan = imports.plan(
        "lembaga", f"{header}\n,16.71.05.1006,KT Bina Remaja,,warga,kepemudaan,,,,,,,\n".encode(), "x", officer
    )
    assert plan.ok and plan.rows[0].warnings == [
        "Mungkin sama dengan “Karang Taruna Bina Remaja” (16.71.05.1006-0001) di Ilir D IV."
    ]


def test_the_duplicates_page_lists_pairs_in_scope(client, officer, wilayah):
    LembagaFactory(nama="Karang Taruna Bina Remaja", wilayah=wilayah["kelurahan"])
    LembagaFactory(nama="KT Bina Remaja", wilayah=wilayah["kelurahan"])
    LembagaFactory(nama="KT Bina Remaja", wilayah=wilayah["luar"])  # another officer's kelurahan
    html = login(client, officer).get(reverse("pranata:lembaga-ganda")).content.decode()
    assert html.count("Periksa dan gabungkan") == 1


# --- merge ------------------------------------------------------------------------------------------


@pytest.fixture
def twins(officer, coordinator, wilayah):
    """B is a duplicate of A. Both have ties (one to the same partner P, one to each other), resources,
    attendance at one shared meeting and one each, forum memberships, agreements, a follow-up, a programme."""
    kel = wilayah["kelurahan"]
    a = LembagaFactory(nama="Karang Taruna Bina Remaja", wilayah=kel, aktif_sejak=D(2015, 1, 1))
    b = LembagaFactory(nama="KT Bina Remaja", wilayah=kel, aktif_sejak=D(2012, 1, 1))
    p, q = LembagaFactory(nama="PKK", wilayah=kel), LembagaFactory(nama="Posyandu", wilayah=kel)
    ap = services.kerjasama_create(lembaga_a=a, lembaga_b=p, tahap=2, mulai=D(2020, 1, 1), oleh=officer)
    bp = services.kerjasama_create(lembaga_a=b, lembaga_b=p, tahap=1, mulai=D(2018, 1, 1), oleh=officer)
    services.kerjasama_set_tahap(kerjasama=bp, tahap=4, tanggal=D(2022, 1, 1), oleh=officer, bukti="program")
    services.kerjasama_create(lembaga_a=b, lembaga_b=q, tahap=3, mulai=D(2021, 1, 1), oleh=officer)
    services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=1, mulai=D(2023, 1, 1), oleh=officer)
    services.sumber_daya_add(lembaga=b, oleh=officer, jenis="tempat", uraian="Balai pemuda")
    services.sumber_daya_add(lembaga=a, oleh=officer, jenis="tempat", uraian="balai pemuda")
    services.kebutuhan_add(lembaga=b, oleh=officer, jenis="dana", uraian="Kas")
    forum = Forum.objects.create(nama="Forum", wilayah=kel)
    forum.koordinator.add(coordinator)
    for lembaga in (a, b, p):
        Keanggotaan.objects.create(forum=forum, lembaga=lembaga, mulai=D(2020, 1, 1))

    def meet(days_ago, hadir, **kw):
        return forum_services.pertemuan_log(
            forum=forum,
            oleh=coordinator,
            fields={"tanggal": TODAY - datetime.timedelta(days=days_ago), "jenis": "rapat_rutin"},
            hadir=[forum_services.Hadir(lembaga, jumlah_orang=n) for lembaga, n in hadir],
            **kw,
        )

    meet(30, [(a, 2), (b, 3)], sepakat=[], lanjut=[])
    meet(
        20,
        [(b, 1), (p, 1)],
        sepakat=[forum_services.Sepakat("Kerja bakti", [b, p])],
        lanjut=[forum_services.Lanjut("Siapkan alat", b)],
    )
    program = ProgramBersama.objects.create(nama="Bank sampah", forum=forum, wilayah=kel, mulai=D(2024, 1, 1))
    PesertaProgram.objects.create(program=program, lembaga=b)
    return {"a": a, "b": b, "p": p, "q": q, "ap": ap}


def test_a_merge_moves_everything_and_loses_nothing(officer, twins):
    a, b, p = twins["a"], twins["b"], twins["p"]
    stage_rows_before = RiwayatTahap.objects.count()
    counts = services.lembaga_merge(keep=a, merge=b, oleh=officer, alasan="terdaftar dua kali")
    assert counts == {
        "kerjasama_dipindah": 1,
        "kerjasama_digabung": 1,
        "kerjasama_dihapus": 1,
        "sumber_daya": 0,
        "kebutuhan": 1,
        "kehadiran": 2,
        "keanggotaan": 1,
        "kesepakatan": 1,
        "tindak_lanjut": 1,
        "program": 1,
        "kontribusi": 0,
        "penugasan": 0,
        "kegiatan_pendampingan": 0,
    }
    # Ties: A–P combined (earliest start, both stage histories), B–Q now A–Q, A–B gone (a self-tie).
    ties = {(t.partner_of(a).nama, t.mulai, t.tahap) for t in Kerjasama.objects.of(a)}
    assert ties == {("PKK", D(2018, 1, 1), 4), ("Posyandu", D(2021, 1, 1), 3)}
    ap = Kerjasama.objects.get(pk=twins["ap"].pk)
    assert list(ap.riwayat.values_list("berlaku_mulai", "tahap")) == [
        (D(2018, 1, 1), 1),
        (D(2020, 1, 1), 2),
        (D(2022, 1, 1), 4),
    ]
    assert RiwayatTahap.objects.count() == stage_rows_before - 1  # only the A–B tie's own row went
    assert not Kerjasama.objects.of(b).exists()
    # Resources (the same one only once), needs, attendance (one row per meeting), membership, agreements…
    assert list(SumberDaya.objects.filter(lembaga=a).values_list("uraian", flat=True)) == ["balai pemuda"]
    assert Kebutuhan.objects.filter(lembaga=a).count() == 1
    assert sorted(Kehadiran.objects.filter(lembaga=a).values_list("jumlah_orang", flat=True)) == [1, 3]
    assert not Kehadiran.objects.filter(lembaga=b).exists()
    assert Keanggotaan.objects.filter(lembaga=a).count() == 1 and not Keanggotaan.objects.filter(lembaga=b).exists()
    assert set(Kesepakatan.objects.get().lembaga.all()) == {a, p}
    assert TindakLanjut.objects.get().lembaga == a
    assert PesertaProgram.objects.get().lembaga == a
    # B stays, archived, pointing to A; A's first active day is B's; both histories say what happened.
    b.refresh_from_db()
    a.refresh_from_db()
    assert (b.status, b.digabung_ke) == (StatusLembaga.ARSIP, a)
    assert a.aktif_sejak == D(2012, 1, 1)
    assert a.history.first().history_change_reason.startswith("Menggabungkan")
    assert b.history.first().history_change_reason.startswith("Digabung ke")


def test_after_a_merge_reports_count_one_lembaga(officer, twins):
    scope = reports.resolve_wilayah_scope("16.71.05.1006")
    services.lembaga_merge(keep=twins["a"], merge=twins["b"], oleh=officer)
    figures = reports.compute_report(scope, TODAY)["figures"]
    assert (figures["n_lembaga"], figures["n_kerjasama"]) == (3, 2)
    past = reports.compute_report(scope, D(2019, 6, 1))["figures"]
    assert (past["n_lembaga"], past["n_kerjasama"]) == (3, 1)  # the B–P tie of 2018, now A's


def test_the_merge_page_merges_only_after_confirmation(client, officer, twins):
    a, b = twins["a"], twins["b"]
    url = reverse("pranata:lembaga-gabung")
    client = login(client, officer)
    page = client.get(url, {"a": a.pk, "b": b.pk}).content.decode()
    assert "Karang Taruna Bina Remaja" in page and "3 kerjasama" in page
    refused = client.post(url, {"a": a.pk, "b": b.pk, "simpan": a.pk})
    assert "Centang konfirmasi" in refused.content.decode()
    assert Lembaga.objects.get(pk=b.pk).digabung_ke is None
    done = client.post(url, {"a": a.pk, "b": b.pk, "simpan": a.pk, "konfirmasi": "on", "alasan": "ganda"})
    assert done.status_code == 302 and done.url == a.get_absolute_url()
    assert Lembaga.objects.get(pk=b.pk).digabung_ke_id == a.pk


def test_a_merge_outside_the_scope_is_refused(client, officer, wilayah):
    mine = LembagaFactory(nama="KT Bina Remaja", wilayah=wilayah["kelurahan"])
    theirs = LembagaFactory(nama="Karang Taruna Bina Remaja", wilayah=wilayah["luar"])
    response = login(client, officer).get(reverse("pranata:lembaga-gabung"), {"a": mine.pk, "b": theirs.pk})
    assert response.status_code == 404
    assert Lembaga.objects.filter(digabung_ke__isnull=False).count() == 0


def test_a_name_with_another_number_is_not_asked_about():
    others = [(1, "Posyandu Melati RW 03"), (2, "Posyandu Melati RW 3"), (3, "Posyandu Melati RW 05")]
    assert [c.id for c in duplicates.similar_to("posyandu melati rw 03", others)] == [1, 2]
