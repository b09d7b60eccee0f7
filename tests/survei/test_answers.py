"""Opening a round fixes who is asked; answers follow their rules with clear Indonesian messages, bad input keeps
what was typed and leaves the saved answer (a draft) as it was; a paper answer records who typed it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from forum.models import Keanggotaan
from pranata.models import StatusLembaga
from survei import services
from survei.models import Gelombang, Jawaban, Responden, StatusJawaban
from tests.conftest import JAKARTA, TODAY, login
from tests.factories import LembagaFactory
from tests.survei.conftest import FULL, TUTUP, answer, isian, responden

pytestmark = pytest.mark.django_db


def url(token: str) -> str:
    return reverse("survei:isi", args=[token])


def test_a_forum_round_asks_the_members_on_its_open_date(forum, members, coordinator, wilayah):
    left = Keanggotaan.objects.get(lembaga=members["d"])
    left.selesai = TODAY - datetime.timedelta(days=1)
    left.save()
    gelombang = services.gelombang_create(
        oleh=coordinator, nama="Pra", tujuan="pra", dibuka=TODAY, ditutup=TUTUP, forum=forum
    )
    asked = set(gelombang.responden.values_list("lembaga__nama", flat=True))
    assert asked == {"A LPMK", "B PKK", "C Posyandu"}
    assert gelombang.history.first().history_user == coordinator


def test_a_kelurahan_round_asks_its_active_lembaga(officer, wilayah, members):
    LembagaFactory(nama="Arsip", wilayah=wilayah["kelurahan"], status=StatusLembaga.ARSIP)
    LembagaFactory(nama="Tetangga", wilayah=wilayah["tetangga"])
    gelombang = services.gelombang_create(
        oleh=officer, nama="Kelurahan", tujuan="pemantauan", dibuka=TODAY, ditutup=TUTUP, wilayah=wilayah["kelurahan"]
    )
    assert gelombang.responden.count() == 4


def test_only_those_who_run_a_forum_or_kelurahan_open_its_round(
    forum, members, analyst, outsider, coordinator, wilayah
):
    for user in (analyst, outsider):
        with pytest.raises(PermissionDenied):
            services.gelombang_create(oleh=user, nama="X", tujuan="pra", dibuka=TODAY, ditutup=TUTUP, forum=forum)
    with pytest.raises(PermissionDenied):  # a coordinator runs forums, not kelurahan
        services.gelombang_create(
            oleh=coordinator, nama="X", tujuan="pra", dibuka=TODAY, ditutup=TUTUP, wilayah=wilayah["kelurahan"]
        )


def test_opening_a_round_explains_bad_dates_and_keeps_the_input(client, coordinator, forum, members):
    login(client, coordinator)
    data = {"nama": "Pra-program", "tujuan": "pra", "forum": forum.pk, "dibuka": "15/06/2026", "ditutup": "01/06/2026"}
    response = client.post(reverse("survei:gelombang-create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tanggal tutup tidak boleh sebelum tanggal buka." in page and 'value="Pra-program"' in page
    assert not forum.survei_gelombang.exists()
    response = client.post(reverse("survei:gelombang-create"), data | {"ditutup": "30/06/2026"})
    gelombang = forum.survei_gelombang.get()
    assert response.status_code == 302 and response.url == gelombang.get_absolute_url()
    assert (gelombang.dibuka, gelombang.ditutup, gelombang.responden.count()) == (TODAY, datetime.date(2026, 6, 30), 4)


def test_a_sent_answer_replaces_the_draft_and_stays_editable(gelombang, members):
    a, b, c = members["a"], members["b"], members["c"]
    answer(gelombang, a, [services.Isian(b.pk, tahap=2)], final=False)  # a draft may be incomplete
    row = responden(gelombang, a)
    assert row.status == StatusJawaban.DRAF and row.dikirim is None
    answer(gelombang, a, [(c, 3), (b, 0)])
    row = responden(gelombang, a)
    assert row.status == StatusJawaban.FINAL and row.dikirim is not None and row.diisi_oleh is None
    saved = {j.mitra_id: (j.tahap, j.ratings(), j.sumber) for j in row.jawaban.all()}
    assert saved == {c.pk: (3, tuple(FULL.values()), []), b.pk: (0, (None,) * 6, [])}


def test_a_sent_answer_needs_a_stage_per_partner_and_six_ratings_per_tie(gelombang, members):
    a, b, c = members["a"], members["b"], members["c"]
    with pytest.raises(ValidationError) as caught:
        answer(gelombang, a, [services.Isian(b.pk), services.Isian(c.pk, tahap=2, keterbukaan=3)])
    assert caught.value.message_dict == {
        str(b.pk): ["Pilih tahap kerjasama dengan “B PKK” (atau “tidak bekerja sama”)."],
        str(c.pk): ["Lengkapi keenam penilaian untuk “C Posyandu” sebelum mengirim."],
    }
    assert responden(gelombang, a).status == StatusJawaban.BELUM and not Jawaban.objects.exists()


def test_ratings_outside_one_to_four_are_refused_and_nothing_is_lost(gelombang, members):
    a, b = members["a"], members["b"]
    answer(gelombang, a, [isian(b, 3)], final=False)
    with pytest.raises(ValidationError) as caught:
        answer(gelombang, a, [isian(b, 3, keterbukaan=5)], final=False)
    assert caught.value.message_dict == {str(b.pk): ["Nilai untuk “B PKK” harus 1 sampai 4."]}
    assert responden(gelombang, a).jawaban.get().keterbukaan == FULL["keterbukaan"]


def test_a_partner_outside_the_round_and_a_duplicate_partner_are_refused(gelombang, members, wilayah):
    a, b = members["a"], members["b"]
    stranger = LembagaFactory(nama="Bukan anggota", wilayah=wilayah["kelurahan"])
    with pytest.raises(ValidationError) as caught:
        answer(gelombang, a, [isian(stranger, 2), isian(b, 2), isian(b, 3)])
    assert caught.value.message_dict == {
        "__all__": ["Ada lembaga yang tidak termasuk survei ini."],
        str(b.pk): ["“B PKK” tercantum dua kali; satu lembaga hanya dinilai sekali."],
    }
    assert "Bukan anggota" not in str(caught.value)  # no name of a lembaga outside the round
    assert not Jawaban.objects.exists()


def test_a_closed_round_refuses_answers_and_keeps_the_draft(gelombang, members, clock):
    a, b = members["a"], members["b"]
    answer(gelombang, a, [isian(b, 3)], final=False)
    clock.move_to(datetime.datetime.combine(TUTUP + datetime.timedelta(days=1), datetime.time(9), tzinfo=JAKARTA))
    with pytest.raises(ValidationError) as caught:
        answer(gelombang, a, [isian(b, 4)])
    assert caught.value.messages == [
        "Gelombang survei ini sudah ditutup pada 29/06/2026; jawaban tidak dapat diubah lagi."
    ]
    row = responden(gelombang, a)
    assert row.status == StatusJawaban.DRAF and row.jawaban.get().tahap == 3


def test_a_save_from_a_page_opened_before_another_save_is_refused(gelombang, members):
    a, b = members["a"], members["b"]
    row = responden(gelombang, a)
    services.jawaban_save(responden=row, isian=[isian(b, 2)], final=False, versi=1)
    with pytest.raises(ValidationError) as caught:
        services.jawaban_save(responden=responden(gelombang, a), isian=[isian(b, 4)], final=False, versi=1)
    assert "sudah diubah" in caught.value.messages[0]
    assert responden(gelombang, a).jawaban.get().tahap == 2


def test_an_officer_types_in_a_paper_answer_which_records_who(gelombang, members, officer, coordinator):
    a, b = members["a"], members["b"]
    answer(gelombang, a, [(b, 3)], oleh=officer)
    row = responden(gelombang, a)
    assert row.diisi_oleh == officer and row.status == StatusJawaban.FINAL
    assert row.jawaban.get().history.first().history_user == officer
    with pytest.raises(PermissionDenied):  # typing in paper answers is an officer's job
        answer(gelombang, b, [(a, 3)], oleh=coordinator)


def test_the_questionnaire_keeps_what_was_typed_when_a_rating_is_out_of_range(client, links, members, ties):
    b, c = members["b"], members["c"]
    data = {
        "versi": "1", "aksi": "kirim", "mitra": [b.pk, c.pk],
        f"m{b.pk}-tahap": "3", f"m{b.pk}-keterbukaan": "7", f"m{b.pk}-catatan": "Catatan panjang kami",
        f"m{c.pk}-tahap": "1", **{f"m{c.pk}-{k}": str(v) for k, v in FULL.items()},
    }  # fmt: skip
    response = client.post(url(links["a"]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nilai harus 1 sampai 4." in page and "Catatan panjang kami" in page
    assert f'name="m{c.pk}-tahap" value="1" class="form-check-input" id="id_m{c.pk}-tahap_1" checked' in page
    assert not Jawaban.objects.exists()


def test_the_questionnaire_refuses_a_partner_listed_twice(client, links, members, ties):
    b = members["b"]
    data = {"versi": "1", "aksi": "draf", "mitra": [b.pk, b.pk], f"m{b.pk}-tahap": "3"}
    response = client.post(url(links["a"]), data)
    assert response.status_code == 400
    assert "“B PKK” tercantum dua kali; satu lembaga hanya dinilai sekali." in response.content.decode()
    assert not Jawaban.objects.exists()


def test_searching_and_adding_a_partner_saves_nothing_and_keeps_the_rows(client, links, members, ties):
    b, d = members["b"], members["d"]
    typed = {"versi": "1", "mitra": [b.pk], f"m{b.pk}-tahap": "4"}
    found = client.post(url(links["a"]), typed | {"aksi": "cari", "cari": "karang"})
    page = found.content.decode()
    assert found.status_code == 200 and f'name="tambah" value="{d.pk}"' in page
    assert f'name="tambah" value="{members["c"].pk}"' not in page  # not matching the search
    added = client.post(url(links["a"]), typed | {"aksi": "tambah", "tambah": [d.pk]})
    page = added.content.decode()
    assert f'name="mitra" value="{d.pk}"' in page and f'id="id_m{b.pk}-tahap_4" checked' in page
    assert not Jawaban.objects.exists()
    sent = client.post(url(links["a"]), typed | {"aksi": "kirim", "mitra": [b.pk, d.pk], f"m{d.pk}-tahap": "0",
                                                 **{f"m{b.pk}-{k}": v for k, v in FULL.items()}})  # fmt: skip
    assert sent.status_code == 302
    assert dict(Jawaban.objects.values_list("mitra", "tahap")) == {b.pk: 4, d.pk: 0}
    assert "Terima kasih! Jawaban Anda terkirim." in client.get(sent.url).content.decode()


def test_removing_a_row_drops_that_partner_from_the_answer(gelombang, links, client, members, ties):
    b, c = members["b"], members["c"]
    answer(gelombang, members["a"], [(b, 3), (c, 2)])
    data = {"versi": "2", "aksi": "kirim", "mitra": [b.pk, c.pk], f"m{c.pk}-hapus": "on", f"m{b.pk}-tahap": "3",
            **{f"m{b.pk}-{k}": v for k, v in FULL.items()}}  # fmt: skip
    assert client.post(url(links["a"]), data).status_code == 302
    assert list(Responden.objects.get(lembaga=members["a"]).jawaban.values_list("mitra", flat=True)) == [b.pk]


def test_an_officer_opens_a_kelurahan_round_by_picking_the_kelurahan(client, officer, wilayah, members):
    login(client, officer)
    page = client.get(reverse("survei:gelombang-create")).content.decode()
    assert 'value="16.71.05.1006"' in page  # the officer's kelurahan is offered
    data = {"nama": "Kelurahan 2026", "tujuan": "pemantauan", "wilayah": "16.71.05.1006", "dibuka": "15/06/2026",
            "ditutup": "30/06/2026"}  # fmt: skip
    response = client.post(reverse("survei:gelombang-create"), data)
    assert response.status_code == 302
    opened = Gelombang.objects.get(wilayah=wilayah["kelurahan"])
    assert opened.responden.count() == 4 and opened.forum is None
    both = client.post(reverse("survei:gelombang-create"), data | {"forum": ""} | {"wilayah": "35.78.09.1002"})
    assert both.status_code == 400  # a kelurahan outside the officer's wilayah is not a choice


def test_a_round_is_kept_open_longer_by_whoever_runs_it(client, coordinator, gelombang):
    login(client, coordinator)
    data = {"nama": gelombang.nama, "tujuan": "pra", "dibuka": "15/06/2026", "ditutup": "10/07/2026"}
    assert client.post(reverse("survei:gelombang-edit", args=[gelombang.pk]), data).status_code == 302
    gelombang.refresh_from_db()
    assert gelombang.ditutup == datetime.date(2026, 7, 10)
    assert gelombang.history.first().history_user == coordinator


def test_revoking_a_link_on_the_round_page_stops_it_at_once(client, coordinator, gelombang, links, members):
    login(client, coordinator)
    row = responden(gelombang, members["a"])
    response = client.post(reverse("survei:responden-cabut", args=[gelombang.pk, row.pk]))
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.token_hash is None and row.token_dicabut is not None
    client.logout()
    assert client.get(url(links["a"])).status_code == 404


def test_the_same_answer_sent_twice_is_saved_once_and_a_stale_different_one_is_refused(client, links, members, ties):
    b = members["b"]
    data = {"versi": "1", "aksi": "kirim", "mitra": [b.pk], f"m{b.pk}-tahap": "0"}
    assert client.post(url(links["a"]), data).status_code == 302
    assert client.post(url(links["a"]), data).status_code == 302  # a double tap: nothing more to save
    row = Responden.objects.get(lembaga=members["a"])
    assert row.versi == 2 and row.jawaban.get().tahap == 0
    stale = client.post(url(links["a"]), data | {f"m{b.pk}-tahap": "2", "aksi": "draf"})
    assert stale.status_code == 400 and "sudah diubah" in stale.content.decode()
    assert Responden.objects.get(lembaga=members["a"]).jawaban.get().tahap == 0
