"""Nothing lost or doubled under concurrency: stale edits are refused with who and when; a meeting form posted
twice (or five times at once) saves one meeting."""

import datetime
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from forum import services
from forum.models import Kehadiran, Pertemuan
from pranata import services as pranata_services
from pranata.models import Kerjasama, Lembaga, Peran
from tests.conftest import TODAY, login
from tests.factories import LembagaFactory, user_with_role
from tests.forum.test_pertemuan import meeting_post

pytestmark = pytest.mark.django_db


def lembaga_form(lembaga, **overrides):
    data = {
        "nama": lembaga.nama,
        "singkatan": lembaga.singkatan,
        "jenis": lembaga.jenis,
        "sektor": lembaga.sektor,
        "pranata": lembaga.pranata_id,
        "wilayah": lembaga.wilayah_id,
        "alamat": lembaga.alamat,
        "aktif_sejak": lembaga.aktif_sejak.isoformat(),
        "versi": lembaga.versi,
    }
    return data | overrides


def test_two_people_editing_one_lembaga_the_second_is_told_and_nothing_is_lost(client, officer, wilayah):
    lembaga = LembagaFactory(nama="Posyandu Mawar", alamat="RW 02", wilayah=wilayah["kelurahan"])
    colleague = user_with_role("rekan", Peran.PETUGAS, [wilayah["kelurahan"].kode])
    colleague.first_name, colleague.last_name = "Siti", "Aminah"
    colleague.save()
    url = reverse("pranata:lembaga-edit", args=[lembaga.pk])
    # Both open the form at version 1…
    first, second = login(Client(), colleague), login(client, officer)
    loaded = lembaga_form(lembaga)
    assert first.post(url, loaded | {"alamat": "Jl. Mawar RW 02"}).status_code == 302
    # …the second saves from the stale version.
    response = second.post(url, loaded | {"nama": "Posyandu Mawar Indah"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Data ini sudah diubah oleh Siti Aminah pada 15/06/2026" in html
    assert 'value="Posyandu Mawar Indah"' in html  # the second person's input is still on the page
    lembaga.refresh_from_db()
    assert (lembaga.nama, lembaga.alamat, lembaga.versi) == ("Posyandu Mawar", "Jl. Mawar RW 02", 2)


def test_a_stale_tie_edit_is_refused(client, officer, wilayah):
    a, b = LembagaFactory(wilayah=wilayah["kelurahan"]), LembagaFactory(wilayah=wilayah["kelurahan"])
    tie = pranata_services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=1, mulai=TODAY, oleh=officer)
    url = reverse("pranata:kerjasama-edit", args=[tie.pk])
    loaded = {"dasar": "informal", "sumber_bersama": "", "catatan": "", "versi": tie.versi}
    pranata_services.kerjasama_set_tahap(kerjasama=tie, tahap=2, tanggal=TODAY, oleh=officer, bukti="rapat")
    response = login(client, officer).post(url, loaded | {"catatan": "MoU menyusul"})
    assert response.status_code == 409
    assert "MoU menyusul" in response.content.decode()
    tie = Kerjasama.objects.get(pk=tie.pk)
    assert (tie.catatan, tie.tahap) == ("", 2)


def test_a_stale_meeting_edit_is_refused(client, coordinator, forum, members):
    login(client, coordinator).post(reverse("forum:pertemuan-create", args=[forum.pk]), meeting_post(members))
    pertemuan = Pertemuan.objects.get()
    url = reverse("forum:pertemuan-edit", args=[pertemuan.pk])
    base = {
        "tanggal": pertemuan.tanggal.isoformat(),
        "jam_mulai": "19:30",
        "tempat": pertemuan.tempat,
        "jenis": pertemuan.jenis,
        "agenda": pertemuan.agenda,
        "notulen": "",
        "versi": pertemuan.versi,
    }
    assert client.post(url, base | {"tempat": "Balai RW"}).status_code == 302
    response = client.post(url, base | {"notulen": "Catatan panjang"})
    assert response.status_code == 409
    pertemuan.refresh_from_db()
    assert (pertemuan.tempat, pertemuan.notulen, pertemuan.versi) == ("Balai RW", "", 2)


def test_posting_the_meeting_form_twice_saves_one_meeting(client, coordinator, forum, members):
    data = meeting_post(members) | {"p-token": str(uuid.uuid4())}
    url = reverse("forum:pertemuan-create", args=[forum.pk])
    first = login(client, coordinator).post(url, data)
    again = client.post(url, data, follow=True)
    assert Pertemuan.objects.count() == 1
    assert Kehadiran.objects.count() == 2
    assert again.redirect_chain[-1][0] == first["Location"]
    assert "sudah tersimpan sebelumnya" in again.content.decode()


def test_the_meeting_form_carries_a_fresh_token(client, coordinator, forum, members):
    html = login(client, coordinator).get(reverse("forum:pertemuan-create", args=[forum.pk])).content.decode()
    other = client.get(reverse("forum:pertemuan-create", args=[forum.pk])).content.decode()
    token = html.split('name="p-token" value="')[1][:36]
    assert uuid.UUID(token) and token not in other


@pytest.mark.django_db(transaction=True)
def test_five_parallel_posts_of_one_meeting_token_create_one_meeting(wilayah, coordinator):
    """On PostgreSQL the five calls really run at once (each thread its own connection); SQLite serialises
    writers, so there they run one after another. Either way: one meeting, one set of attendance."""
    from forum.models import Forum, Keanggotaan

    forum = Forum.objects.create(nama="Forum Uji", wilayah=wilayah["kelurahan"])
    forum.koordinator.add(coordinator)
    a, b = LembagaFactory(wilayah=wilayah["kelurahan"]), LembagaFactory(wilayah=wilayah["kelurahan"])
    for lembaga in (a, b):
        Keanggotaan.objects.create(forum=forum, lembaga=lembaga, mulai=datetime.date(2024, 1, 1))
    token = uuid.uuid4()
    results, errors = [], []
    start = threading.Barrier(5)

    def post() -> None:
        try:
            start.wait(timeout=10)
            hadir = [services.Hadir(Lembaga.objects.get(pk=pk)) for pk in (a.pk, b.pk)]
            made = services.pertemuan_log(
                forum=forum,
                oleh=coordinator,
                fields={"tanggal": TODAY, "jenis": "rapat_rutin"},
                hadir=hadir,
                sepakat=[],
                lanjut=[],
                token=token,
            )
            results.append(made.pk)
        except Exception as exc:
            errors.append(exc)
        finally:
            if threading.current_thread() is not threading.main_thread():
                connection.close()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=post) for _ in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in threads)
    else:
        start = threading.Barrier(1)
        for _ in range(5):
            post()
    assert errors == []
    assert len(results) == 5 and len(set(results)) == 1
    assert Pertemuan.objects.count() == 1
    assert Kehadiran.objects.count() == 2


def test_a_member_list_changed_since_the_form_loaded_asks_again_instead_of_failing(client, coordinator, forum, members):
    from forum.models import Keanggotaan

    data = meeting_post(members)  # made for A, B, C, D
    newcomer = LembagaFactory(nama="E Majelis Taklim", wilayah=members["a"].wilayah)
    Keanggotaan.objects.create(forum=forum, lembaga=newcomer, mulai=datetime.date(2024, 1, 1))
    response = login(client, coordinator).post(reverse("forum:pertemuan-create", args=[forum.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Daftar anggota forum berubah sejak formulir dibuka" in html
    assert "E Majelis Taklim" in html and 'value="Wakil A"' in html  # what was typed for A is still there
    assert Pertemuan.objects.count() == 0
    without = {k: v for k, v in data.items() if not k.startswith("h-")}
    assert client.post(reverse("forum:pertemuan-create", args=[forum.pk]), without).status_code == 200
    assert Pertemuan.objects.count() == 0
