"""What a round's results change: a confirmed or evidenced stage adopted as the declared one (with its stage
history and bukti), flagged pairs on the next meeting's agenda, and two rounds compared."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from forum import services as forum_services
from forum.models import Pertemuan
from pranata.models import Kerjasama, RiwayatTahap
from pranata.network.compare import transitions
from survei import dyads, selectors, services
from tests.conftest import JAKARTA, TODAY, login
from tests.survei.conftest import TUTUP, answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(gelombang, members, ties):
    """A and B both say kolaborasi (declared koordinasi); A says C is at koordinasi, C says komunikasi."""
    a, b, c = members["a"], members["b"], members["c"]
    answer(gelombang, a, [(b, 4), (c, 3)])
    answer(gelombang, b, [(a, 4)])
    answer(gelombang, c, [(a, 1)])
    return gelombang


def test_adopting_a_confirmed_stage_writes_the_stage_history_with_its_bukti(client, answered, members, ties, officer):
    login(client, officer)
    response = client.post(
        reverse("survei:adopsi", args=[answered.pk]), {"a": members["a"].pk, "b": members["b"].pk, "sumber": "survei"}
    )
    assert response.status_code == 302
    tie = ties["ab"]
    tie.refresh_from_db()
    assert tie.tahap == 4
    latest = tie.riwayat.order_by("-berlaku_mulai", "-pk").first()
    assert (latest.tahap, latest.berlaku_mulai, latest.oleh, latest.bukti) == (
        4,
        TODAY,
        officer,
        "survei Pra-program 2026, dikonfirmasi kedua pihak",
    )
    assert "Tahap kerjasama A LPMK — B PKK kini Kolaborasi." in client.get(response.url).content.decode()


def test_a_stage_not_confirmed_by_both_cannot_be_adopted(answered, members, ties, officer):
    with pytest.raises(ValidationError, match="belum dikonfirmasi kedua pihak"):
        services.stage_adopt(gelombang=answered, a=members["a"].pk, b=members["c"].pk, sumber="survei", oleh=officer)
    ties["ac"].refresh_from_db()
    assert ties["ac"].tahap == 1


def test_adopting_for_a_pair_without_a_tie_records_one(gelombang, members, officer):
    b, d = members["b"], members["d"]
    answer(gelombang, b, [(d, 2)])
    answer(gelombang, d, [(b, 2)])
    tie = services.stage_adopt(gelombang=gelombang, a=d.pk, b=b.pk, sumber="survei", oleh=officer)
    assert (tie.lembaga_a, tie.lembaga_b, tie.tahap, tie.mulai) == (b, d, 2, TODAY)
    assert tie.riwayat.get().bukti == "survei Pra-program 2026, dikonfirmasi kedua pihak"


def test_adopting_the_evidence_stage_cites_the_activity(gelombang, members, ties, officer, coordinator):
    a, c = members["a"], members["c"]
    meeting = forum_services.pertemuan_log(
        forum=gelombang.forum, oleh=coordinator,
        fields={"tanggal": TODAY - datetime.timedelta(days=10), "jenis": "rapat_rutin"},
        hadir=[forum_services.Hadir(a), forum_services.Hadir(c)],
        sepakat=[forum_services.Sepakat("Posyandu bersama", [a, c])], lanjut=[],
    )  # fmt: skip
    answer(gelombang, a, [(c, 4)])
    services.stage_adopt(gelombang=gelombang, a=a.pk, b=c.pk, sumber="bukti", oleh=officer)
    ties["ac"].refresh_from_db()
    assert ties["ac"].tahap == 2
    bukti = ties["ac"].riwayat.order_by("-berlaku_mulai").first().bukti
    assert bukti.startswith("bukti kegiatan: kooperasi: terikat 1 kesepakatan bersama") and meeting.pk


def test_only_officers_who_may_edit_the_tie_adopt(client, answered, members, coordinator, analyst, outsider):
    data = {"a": members["a"].pk, "b": members["b"].pk, "sumber": "survei"}
    with pytest.raises(PermissionDenied):
        services.stage_adopt(gelombang=answered, oleh=coordinator, **data)
    for user, status in ((coordinator, 403), (analyst, 404), (outsider, 404)):
        login(client, user)
        assert client.post(reverse("survei:adopsi", args=[answered.pk]), data).status_code == status
    assert Kerjasama.objects.get(lembaga_a=members["a"], lembaga_b=members["b"]).tahap == 3
    assert not RiwayatTahap.objects.filter(berlaku_mulai=TODAY).exists()


def test_flagged_pairs_go_on_the_next_meetings_agenda_once(client, answered, coordinator, members):
    login(client, coordinator)
    url = reverse("survei:agenda", args=[answered.pk])
    pairs = client.get(reverse("survei:pasangan", args=[answered.pk])).content.decode()
    assert re.search(r'<button class="btn btn-outline-danger" type="submit" disabled>', pairs)  # no meeting yet
    response = client.post(url)  # a stale page's click is refused with the reason
    assert "Belum ada pertemuan forum yang terjadwal" in client.get(response.url).content.decode()
    meeting = forum_services.pertemuan_log(
        forum=answered.forum, oleh=coordinator, fields={"tanggal": TODAY + datetime.timedelta(days=7),
        "jenis": "rapat_rutin", "agenda": "Laporan bulanan"}, hadir=[], sepakat=[], lanjut=[],
    )  # fmt: skip
    pairs = client.get(reverse("survei:pasangan", args=[answered.pk])).content.decode()
    assert '<button class="btn btn-outline-danger" type="submit">' in pairs  # a meeting to put them on
    client.post(url)
    client.post(url)  # twice: the lines are not repeated
    meeting.refresh_from_db()
    assert meeting.agenda.splitlines() == [
        "Laporan bulanan",
        "Bahas hasil survei mitra “Pra-program 2026”:",
        "- A LPMK — C Posyandu: Kedua jawaban berselisih 2 tahap (3 · Koordinasi dan 1 · Komunikasi). "
        "Sebuah jawaban (3 · Koordinasi) berselisih 2 tahap dari tahap yang dinyatakan (1 · Komunikasi).",
    ]
    assert meeting.history.first().history_user == coordinator
    assert Pertemuan.objects.count() == 1


def test_two_rounds_compared_give_the_stage_transition_matrix(client, gelombang, members, coordinator, forum, clock):
    a, b, c, d = (members[k] for k in "abcd")
    answer(gelombang, a, [(b, 2), (c, 1)])
    answer(gelombang, b, [(a, 3), (d, 2)])  # A–B: lower of 2 and 3 → 2; B–D: 2
    answer(gelombang, c, [(a, 1)])  # A–C: 1
    clock.move_to(datetime.datetime.combine(TUTUP + datetime.timedelta(days=20), datetime.time(10), tzinfo=JAKARTA))
    later = services.gelombang_create(
        oleh=coordinator, nama="Pasca-program", tujuan="pasca", dibuka=TUTUP + datetime.timedelta(days=20),
        ditutup=TUTUP + datetime.timedelta(days=30), forum=forum,
    )  # fmt: skip
    answer(later, a, [(b, 4), (c, 3), (d, 1)])
    answer(later, b, [(a, 4)])  # A–B: 4; A–C: 3 (C silent); A–D: 1; B–D ended
    networks = [dyads.survey_network(selectors.fold(g, evidence={}).dyads) for g in (gelombang, later)]
    assert networks[0] == {(a.pk, b.pk): 2, (a.pk, c.pk): 1, (b.pk, d.pk): 2}
    moved = transitions(*networks)
    assert moved["matrix"] == [
        [0, 0, 1, 0, 0],  # komunikasi → koordinasi (A–C)
        [0, 0, 0, 1, 0],  # kooperasi → kolaborasi (A–B)
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
    ]
    assert moved["baru"] == {1: 1, 2: 0, 3: 0, 4: 0, 5: 0} and moved["berakhir"] == {1: 0, 2: 1, 3: 0, 4: 0, 5: 0}
    login(client, coordinator)
    page = client.get(reverse("survei:banding", args=[later.pk]) + f"?dengan={gelombang.pk}").content.decode()
    assert "1 pasangan naik tahap" not in page and "2 pasangan naik tahap, 0 turun, 0 tetap." in page
