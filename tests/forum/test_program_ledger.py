"""The programme ledger: dated contributions of the participants, their totals, who may write them, and what
they mean elsewhere (the forum activity report, the kolaborasi evidence rule)."""

import datetime
import importlib
import itertools
import re
from decimal import Decimal
from html import unescape

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from forum import services
from forum.evidence import fingerprint, forum_evidence
from forum.forms import RupiahField
from forum.models import Kontribusi, ProgramBersama, StatusProgram
from pranata.models import Lembaga
from tests.conftest import TODAY, login
from tests.factories import SumberDayaFactory

pytestmark = pytest.mark.django_db

MULAI = datetime.date(2026, 1, 1)
D = datetime.date


@pytest.fixture
def program(officer, forum, members):
    """Posyandu Terpadu, running since 1 January 2026: C (Posyandu) leads, D (Karang Taruna) partners."""
    return services.program_create(
        oleh=officer,
        nama="Posyandu Terpadu",
        forum=forum,
        wilayah=forum.wilayah,
        status=StatusProgram.BERJALAN,
        mulai=MULAI,
        peserta=[(members["c"], "pelaksana_utama"), (members["d"], "mitra")],
        sumber_daya=[],
        penerima=[],
    )


def add(program, oleh, lembaga, **fields):
    values = {
        "jenis": "tenaga",
        "uraian": "Kader posyandu",
        "jumlah": Decimal(3),
        "satuan": "orang",
        "tanggal": D(2026, 2, 1),
    }
    return services.kontribusi_add(program=program, oleh=oleh, lembaga=lembaga, **(values | fields))


def snapshot() -> tuple:
    """Everything the ledger holds, its history included: a refused write must leave all of it alone."""
    rows = list(Kontribusi.objects.order_by("pk").values())
    return rows, Kontribusi.history.count()


# --- service rules ---------------------------------------------------------------------------------------


def test_a_participant_records_what_it_gave_and_the_history_says_who(coordinator, program, members):
    resource = SumberDayaFactory(lembaga=members["c"], jenis="tempat", uraian="Balai RW 03")
    entry = add(
        program,
        coordinator,
        members["c"],
        jenis="tempat",
        sumber_daya=resource,
        uraian="Ruang layanan posyandu",
        jumlah=Decimal("2.5"),
        satuan="hari",
        nilai=300_000,
        catatan="Termasuk listrik",
    )
    entry.refresh_from_db()
    assert (entry.lembaga, entry.jenis, entry.sumber_daya, entry.jumlah, entry.satuan, entry.nilai) == (
        members["c"],
        "tempat",
        resource,
        Decimal("2.50"),
        "hari",
        300_000,
    )
    assert (entry.bentuk, entry.tanggal, entry.dibuat_oleh) == ("natura", D(2026, 2, 1), coordinator)
    assert entry.history.get().history_user == coordinator


@pytest.mark.parametrize(
    ("fields", "key", "message"),
    [
        ({"jumlah": Decimal(0)}, "jumlah", "Jumlah harus lebih dari 0."),
        ({"jumlah": Decimal("-2")}, "jumlah", "Jumlah harus lebih dari 0."),
        ({"nilai": -5_000}, "nilai", "Nilai tidak boleh negatif."),
        ({"lembaga": "a"}, "lembaga", "“A LPMK” bukan peserta program ini; tambahkan sebagai peserta dahulu."),
        ({"tanggal": TODAY + datetime.timedelta(days=1)}, "tanggal", "Tanggal kontribusi tidak boleh di masa depan."),
        ({"tanggal": D(2025, 12, 31)}, "tanggal", "Tanggal kontribusi sebelum program dimulai (01/01/2026)."),
        ({"bentuk": "tunai"}, "nilai", "Kontribusi tunai harus mencantumkan nilainya dalam rupiah."),
        ({"sumber_daya": "d"}, "sumber_daya", "Sumber daya “Sound system” milik lembaga lain, bukan “C Posyandu”."),
        ({"sumber_daya": "c"}, "jenis", "Jenis harus sama dengan jenis sumber daya yang dipilih (Peralatan)."),
    ],
)
def test_each_ledger_rule_refuses_with_its_message_and_changes_nothing(
    coordinator, program, members, fields, key, message
):
    add(program, coordinator, members["d"], uraian="Relawan pemuda")  # an entry that must stay as it is
    before = snapshot()
    if "lembaga" in fields:
        fields["lembaga"] = members[fields["lembaga"]]
    if "sumber_daya" in fields:
        owner = members[fields["sumber_daya"]]
        fields["sumber_daya"] = SumberDayaFactory(lembaga=owner, jenis="peralatan", uraian="Sound system")
    fields = {"lembaga": members["c"]} | fields
    with pytest.raises(ValidationError) as exc:
        services.kontribusi_add(
            program=program,
            oleh=coordinator,
            **{"jenis": "tenaga", "uraian": "Kader", "jumlah": Decimal(1), "satuan": "orang", "tanggal": TODAY}
            | fields,
        )
    assert exc.value.message_dict == {key: [message]}
    assert snapshot() == before


def test_a_correction_follows_the_same_rules_and_a_refused_one_changes_nothing(coordinator, program, members):
    entry = add(program, coordinator, members["c"], nilai=450_000)
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.kontribusi_update(kontribusi=entry, oleh=coordinator, tanggal=D(2025, 6, 1), nilai=500_000)
    assert list(exc.value.message_dict) == ["tanggal"]
    assert snapshot() == before
    services.kontribusi_update(kontribusi=entry, oleh=coordinator, nilai=500_000, jumlah=Decimal(4))
    entry.refresh_from_db()
    assert (entry.nilai, entry.jumlah, entry.program) == (500_000, Decimal(4), program)
    assert [h.nilai for h in entry.history.order_by("history_date")] == [450_000, 500_000]


def test_a_removed_entry_leaves_a_dated_trace_of_who_removed_it(coordinator, officer, program, members):
    entry = add(program, coordinator, members["c"])
    services.kontribusi_remove(kontribusi=entry, oleh=officer)
    assert not Kontribusi.objects.exists()
    last = Kontribusi.history.latest("history_date")
    assert (last.history_type, last.history_user, last.uraian) == ("-", officer, "Kader posyandu")


@pytest.mark.parametrize("persona", ["analyst", "outsider"])
def test_readers_and_outsiders_cannot_write_the_ledger(request, coordinator, program, members, persona):
    user = request.getfixturevalue(persona)
    entry = add(program, coordinator, members["c"])
    before = snapshot()
    with pytest.raises(PermissionDenied):
        add(program, user, members["c"])
    with pytest.raises(PermissionDenied):
        services.kontribusi_update(kontribusi=entry, oleh=user, nilai=1)
    with pytest.raises(PermissionDenied):
        services.kontribusi_remove(kontribusi=entry, oleh=user)
    assert snapshot() == before


def test_a_programme_outside_any_forum_is_written_by_officers_of_its_wilayah_not_coordinators(
    officer, coordinator, forum, members
):
    program = services.program_create(
        oleh=officer,
        nama="Bank sampah",
        forum=None,
        wilayah=forum.wilayah,
        status=StatusProgram.BERJALAN,
        mulai=MULAI,
        peserta=[(members["a"], "mitra"), (members["b"], "mitra")],
        sumber_daya=[],
        penerima=[],
    )
    add(program, officer, members["a"])
    with pytest.raises(PermissionDenied):
        add(program, coordinator, members["a"])
    assert Kontribusi.objects.count() == 1


def test_the_database_itself_refuses_a_zero_quantity_and_a_negative_value(coordinator, program, members):
    entry = add(program, coordinator, members["c"])
    for field, value in (("jumlah", Decimal(0)), ("nilai", -1)):
        with transaction.atomic(), pytest.raises(IntegrityError):
            Kontribusi.objects.filter(pk=entry.pk).update(**{field: value})
    entry.refresh_from_db()
    assert (entry.jumlah, entry.nilai) == (Decimal(3), None)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1500000", 1_500_000),
        ("1.500.000", 1_500_000),
        ("Rp 1.500.000", 1_500_000),
        ("1,500,000", 1_500_000),
        ("", None),
    ],
)
def test_rupiah_is_typed_as_offices_write_it(typed, value):
    assert RupiahField(required=False).clean(typed) == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5.000", "Nilai tidak boleh negatif."),
        ("1.5", "Tulis nilai dalam rupiah tanpa sen, mis. 1.500.000."),
        ("satu juta", "Tulis nilai dalam rupiah tanpa sen, mis. 1.500.000."),
    ],
)
def test_rupiah_that_is_not_whole_rupiah_is_refused_with_an_example(typed, message):
    with pytest.raises(ValidationError) as exc:
        RupiahField(required=False).clean(typed)
    assert exc.value.messages == [message]


# --- the programme page ----------------------------------------------------------------------------------


@pytest.fixture
def ledger(coordinator, program, members):
    """Four entries with hand-computable totals (one without an estimate)."""
    c, d = members["c"], members["d"]
    add(program, coordinator, c, jenis="tenaga", uraian="Kader", jumlah=Decimal(3), nilai=450_000)
    add(
        program,
        coordinator,
        c,
        jenis="tempat",
        uraian="Ruang",
        jumlah=Decimal(1),
        satuan="paket",
        tanggal=D(2026, 3, 1),
    )
    add(
        program,
        coordinator,
        d,
        jenis="dana",
        uraian="Kas",
        jumlah=Decimal(1),
        satuan="paket",
        nilai=1_500_000,
        bentuk="tunai",
        tanggal=D(2026, 4, 1),
    )
    add(program, coordinator, d, jenis="tenaga", uraian="Ronda", jumlah=Decimal("2.5"), satuan="hari", nilai=250_000)
    return program


def table_rows(html: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1), re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        rows.append([" ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split()) for cell in cells])
    return rows


def test_the_page_lists_the_ledger_and_totals_per_lembaga_and_per_kind(client, coordinator, ledger):
    response = login(client, coordinator).get(ledger.get_absolute_url())
    assert response.status_code == 200
    # By hand: C gave 450.000 (and a room not estimated), D gave 1.500.000 + 250.000.
    assert table_rows(response.text, "kontribusi-per-lembaga") == [
        ["C Posyandu", "2", "Rp 450.000"],
        ["D Karang Taruna", "2", "Rp 1.750.000"],
    ]
    assert table_rows(response.text, "kontribusi-per-jenis") == [
        ["Dana", "1", "Rp 1.500.000"],
        ["Tempat", "1", "Rp 0"],
        ["Tenaga/relawan", "2", "Rp 700.000"],
    ]
    total = response.context["totals"]["total"]
    assert (total.n, total.nilai, total.tanpa_nilai) == (4, 2_200_000, 1)
    rows = table_rows(response.text, "kontribusi-baris")
    assert [row[:7] for row in rows] == [
        ["01/02/2026", "C Posyandu", "Tenaga/relawan", "Kader", "3 orang", "Natura (barang/jasa)", "Rp 450.000"],
        ["01/02/2026", "D Karang Taruna", "Tenaga/relawan", "Ronda", "2,5 hari", "Natura (barang/jasa)", "Rp 250.000"],
        ["01/03/2026", "C Posyandu", "Tempat", "Ruang", "1 paket", "Natura (barang/jasa)", "–"],
        ["01/04/2026", "D Karang Taruna", "Dana", "Kas", "1 paket", "Tunai", "Rp 1.500.000"],
    ]
    assert "Rp 2.200.000" in response.text
    assert "1 kontribusi belum ditaksir nilainya" in response.text


@pytest.mark.parametrize("n", [2, 10])
def test_programme_page_query_count_is_constant(client, coordinator, program, members, n, django_assert_num_queries):
    """n contributions, every other one from the other lembaga, linked to a registered resource of its own."""
    for i in range(n):
        lembaga = members["c" if i % 2 else "d"]
        resource = SumberDayaFactory(lembaga=lembaga, jenis="tempat", uraian=f"Ruang {i}")
        add(program, coordinator, lembaga, jenis="tempat", sumber_daya=resource if i % 2 else None, nilai=1000 * i)
    login(client, coordinator)
    client.get(reverse("pranata:home"))  # the session and the user's scope are warm, as on any later page
    with django_assert_num_queries(PROGRAM_PAGE_QUERIES):
        response = client.get(program.get_absolute_url())
    assert response.status_code == 200
    assert response.context["totals"]["total"].n == len(response.context["kontribusi"]) == n


# session, user, profile, the user's wilayah; the programme, its ledger (with lembaga and linked resources),
# can-edit, participants, linked resources, beneficiaries. The ledger's totals are counted from its rows.
PROGRAM_PAGE_QUERIES = 10


def form_data(members, **overrides) -> dict:
    data = {
        "tanggal": "01/05/2026",
        "lembaga": members["c"].pk,
        "jenis": "dana",
        "sumber_daya": "",
        "uraian": "Iuran kas untuk PMT",
        "jumlah": "2,5",
        "satuan": "paket",
        "bentuk": "tunai",
        "nilai": "Rp 1.500.000",
        "catatan": "",
    }
    return data | overrides


def test_a_coordinator_records_a_contribution_from_its_page(client, coordinator, program, members):
    url = reverse("forum:kontribusi-create", args=[program.pk])
    page = login(client, coordinator).get(url)
    assert page.status_code == 200
    assert 'placeholder="hh/bb/tttt"' in page.text and 'list="satuan-umum"' in page.text
    response = client.post(url, form_data(members))
    assert response.status_code == 302 and response.url == f"{program.get_absolute_url()}#kontribusi"
    entry = Kontribusi.objects.get()
    assert (entry.tanggal, entry.lembaga, entry.jumlah, entry.nilai, entry.bentuk) == (
        D(2026, 5, 1),
        members["c"],
        Decimal("2.5"),
        1_500_000,
        "tunai",
    )
    assert entry.history.get().history_user == coordinator


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"tanggal": "16/06/2026"}, "Tanggal tidak boleh di masa depan."),
        ({"tanggal": "31/12/2025"}, "Tanggal kontribusi sebelum program dimulai (01/01/2026)."),
        ({"tanggal": "31/13/2026"}, "Tanggal tidak valid."),
        ({"lembaga": "a"}, "Lembaga ini bukan peserta program."),
        ({"jumlah": "0"}, "Jumlah harus lebih dari 0."),
        ({"jumlah": "dua"}, "Jumlah harus berupa angka, mis. 3 atau 2,5."),
        ({"nilai": "-1.000"}, "Nilai tidak boleh negatif."),
        ({"nilai": ""}, "Kontribusi tunai harus mencantumkan nilainya dalam rupiah."),
        ({"satuan": ""}, "Isi satuannya, mis. orang, hari, paket atau m²."),
    ],
)
def test_bad_input_is_refused_on_the_form_and_what_was_typed_stays(
    client, coordinator, program, members, overrides, message
):
    if overrides.get("lembaga") == "a":
        overrides = {"lembaga": members["a"].pk}
    response = login(client, coordinator).post(
        reverse("forum:kontribusi-create", args=[program.pk]), form_data(members, **overrides)
    )
    assert response.status_code == 400
    assert not Kontribusi.objects.exists()
    assert message in unescape(response.text)
    assert 'value="Iuran kas untuk PMT"' in response.text
    for typed in ("tanggal", "jumlah", "nilai"):
        value = form_data(members, **overrides)[typed]
        assert f'value="{value}"' in response.text or not value


def test_every_mistake_shows_at_once_the_programme_start_included(client, coordinator, program, members):
    response = login(client, coordinator).post(
        reverse("forum:kontribusi-create", args=[program.pk]), form_data(members, tanggal="31/12/2025", nilai="-5")
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "tanggal": ["Tanggal kontribusi sebelum program dimulai (01/01/2026)."],
        "nilai": ["Nilai tidak boleh negatif."],
    }
    assert not Kontribusi.objects.exists()


def test_a_resource_of_another_participant_is_refused_on_the_form(client, coordinator, program, members):
    theirs = SumberDayaFactory(lembaga=members["d"], jenis="dana", uraian="Kas karang taruna")
    response = login(client, coordinator).post(
        reverse("forum:kontribusi-create", args=[program.pk]), form_data(members, sumber_daya=theirs.pk)
    )
    assert response.status_code == 400
    assert "milik lembaga lain" in unescape(response.text)
    assert not Kontribusi.objects.exists()


def test_an_entry_is_corrected_and_removed_after_a_confirmation(client, coordinator, program, members):
    entry = add(program, coordinator, members["c"], nilai=450_000)
    login(client, coordinator)
    edit = reverse("forum:kontribusi-edit", args=[entry.pk])
    assert 'value="450.000"' in client.get(edit).text
    response = client.post(edit, form_data(members, jenis="tenaga", bentuk="natura", nilai="600.000", uraian="Kader"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.nilai, entry.jenis, entry.uraian) == (600_000, "tenaga", "Kader")

    hapus = reverse("forum:kontribusi-hapus", args=[entry.pk])
    asked = client.post(hapus)
    assert asked.status_code == 200 and "Hapus kontribusi “Kader” dari C Posyandu?" in unescape(asked.text)
    assert Kontribusi.objects.filter(pk=entry.pk).exists()
    done = client.post(hapus, {"konfirmasi": "1"})
    assert done.status_code == 302
    assert not Kontribusi.objects.exists()


def test_dinas_sosial_reads_the_ledger_but_gets_no_way_to_write_it(client, analyst, coordinator, ledger):
    entry = Kontribusi.objects.first()
    login(client, analyst)
    page = client.get(ledger.get_absolute_url())
    assert page.status_code == 200
    assert "Kontribusi sumber daya" in page.text and "Rp 2.200.000" in page.text
    for name, args in (
        ("forum:kontribusi-create", [ledger.pk]),
        ("forum:kontribusi-edit", [entry.pk]),
        ("forum:kontribusi-hapus", [entry.pk]),
        ("forum:program-status", [ledger.pk]),
    ):
        assert reverse(name, args=args) not in page.text
    before = snapshot()
    assert client.get(reverse("forum:kontribusi-create", args=[ledger.pk])).status_code == 403
    assert (
        client.post(reverse("forum:kontribusi-create", args=[ledger.pk]), form_data({"c": entry.lembaga})).status_code
        == 403
    )
    assert client.post(reverse("forum:kontribusi-hapus", args=[entry.pk]), {"konfirmasi": "1"}).status_code == 403
    assert snapshot() == before


def test_an_outsider_finds_neither_the_programme_nor_its_entries(client, outsider, ledger):
    entry = Kontribusi.objects.first()
    login(client, outsider)
    before = snapshot()
    assert client.get(ledger.get_absolute_url()).status_code == 404
    assert client.get(reverse("forum:kontribusi-create", args=[ledger.pk])).status_code == 404
    assert client.get(reverse("forum:kontribusi-edit", args=[entry.pk])).status_code == 404
    assert client.post(reverse("forum:kontribusi-hapus", args=[entry.pk]), {"konfirmasi": "1"}).status_code == 404
    assert snapshot() == before


def test_an_editor_sees_the_add_edit_and_remove_links(client, coordinator, ledger):
    entry = Kontribusi.objects.first()
    page = login(client, coordinator).get(ledger.get_absolute_url())
    assert reverse("forum:kontribusi-create", args=[ledger.pk]) in page.text
    assert reverse("forum:kontribusi-edit", args=[entry.pk]) in page.text
    assert reverse("forum:kontribusi-hapus", args=[entry.pk]) in page.text


# --- the forum activity report -------------------------------------------------------------------------------


def test_the_activity_report_totals_what_the_programme_pages_sum(
    client, analyst, officer, coordinator, forum, members, ledger
):
    other = services.program_create(
        oleh=officer,
        nama="Kerja bakti",
        forum=forum,
        wilayah=forum.wilayah,
        status=StatusProgram.SELESAI,
        mulai=MULAI,
        peserta=[(members["a"], "mitra"), (members["b"], "mitra")],
        sumber_daya=[],
        penerima=[],
    )
    add(other, officer, members["a"], jenis="peralatan", uraian="Cangkul", nilai=80_000, tanggal=D(2026, 5, 20))
    login(client, analyst)
    pages = [client.get(p.get_absolute_url()).context["totals"]["total"] for p in (ledger, other)]
    report = client.get(reverse("forum:aktivitas", args=["16.71"]))
    [row] = report.context["rows"]
    assert row["kontribusi"] == {"n": sum(t.n for t in pages), "nilai": sum(t.nilai for t in pages)}
    assert row["kontribusi"] == {"n": 5, "nilai": 2_280_000}
    assert "Rp 2.280.000" in report.text

    # A period from March on leaves out the two entries of 1 February (450.000 and 250.000).
    period = {"dari": "01/03/2026", "sampai": f"{TODAY:%d/%m/%Y}"}
    [row] = client.get(reverse("forum:aktivitas", args=["16.71"]), period).context["rows"]
    assert row["kontribusi"] == {"n": 3, "nilai": 1_580_000}

    csv = client.get(reverse("forum:aktivitas", args=["16.71"]), {"format": "csv"}).content.decode("utf-8-sig")
    header, line = csv.splitlines()[:2]
    assert header.startswith("forum,wilayah,pertemuan,tingkat_kehadiran,kesepakatan,tindak_lanjut,selesai,terlambat,")
    assert header.endswith(",kontribusi,nilai_kontribusi_rp")
    assert line.endswith(",5,2280000")


def test_a_forum_without_contributions_reports_zero(client, analyst, forum):
    login(client, analyst)
    [row] = client.get(reverse("forum:aktivitas", args=["16.71"])).context["rows"]
    assert row["kontribusi"] == {"n": 0, "nilai": 0}


# --- evidence: the kolaborasi rule reads the ledger ----------------------------------------------------------


def stages(members, as_of=TODAY) -> dict[tuple[str, str], tuple[int, str]]:
    found = forum_evidence(Lembaga.objects.filter(pk__in=[m.pk for m in members.values()]), as_of)
    nama = {m.pk: m.nama[0] for m in members.values()}
    return {(nama[a], nama[b]): (e.tahap, e.trace) for (a, b), e in found.items()}


def test_a_running_programme_with_contributions_and_no_linked_resource_is_kolaborasi(coordinator, program, members):
    assert not program.sumber_daya.exists()
    add(program, coordinator, members["c"], jenis="tenaga")
    add(program, coordinator, members["d"], jenis="dana", nilai=100_000, bentuk="tunai")
    assert stages(members) == {
        ("C", "D"): (4, "kolaborasi: menjalankan “Posyandu Terpadu” bersama, sumber dibagi: dana, tenaga")
    }


def test_the_trace_names_the_kinds_of_the_ledger_and_of_old_linked_resources_together(coordinator, program, members):
    add(program, coordinator, members["c"], jenis="tenaga")
    program.sumber_daya.add(SumberDayaFactory(lembaga=members["d"], jenis="tempat", uraian="Balai"))
    assert stages(members)[("C", "D")] == (
        4,
        "kolaborasi: menjalankan “Posyandu Terpadu” bersama, sumber dibagi: tempat, tenaga",
    )


def test_a_running_programme_with_neither_gives_only_the_lower_rule(coordinator, forum, program, members):
    assert stages(members) == {}
    services.pertemuan_log(
        forum=forum,
        oleh=coordinator,
        fields={"tanggal": D(2026, 3, 1), "jenis": "rapat_rutin"},
        hadir=[services.Hadir(members["c"]), services.Hadir(members["d"])],
        sepakat=[],
        lanjut=[],
    )
    assert {pair: tahap for pair, (tahap, _trace) in stages(members).items()} == {("C", "D"): 1}


def test_a_planned_programme_with_contributions_stays_koordinasi(coordinator, officer, program, members):
    add(program, coordinator, members["c"])
    services.program_set_status(program=program, status=StatusProgram.RENCANA, oleh=officer)
    assert stages(members) == {("C", "D"): (3, "koordinasi: merencanakan program “Posyandu Terpadu” bersama")}


def test_a_contribution_counts_as_evidence_from_the_day_it_was_given(coordinator, program, members):
    add(program, coordinator, members["c"], tanggal=D(2026, 3, 1))
    assert stages(members, as_of=D(2026, 2, 28)) == {}
    assert stages(members, as_of=D(2026, 3, 1))[("C", "D")][0] == 4


def test_the_evidence_fingerprint_moves_with_the_ledger(coordinator, program, members):
    scope = Lembaga.objects.filter(pk__in=[m.pk for m in members.values()])
    seen = [fingerprint(scope)]
    entry = add(program, coordinator, members["c"])
    seen.append(fingerprint(scope))
    services.kontribusi_update(kontribusi=entry, oleh=coordinator, nilai=10_000)
    seen.append(fingerprint(scope))
    services.kontribusi_remove(kontribusi=entry, oleh=coordinator)
    seen.append(fingerprint(scope))
    assert all(before != after for before, after in itertools.pairwise(seen))


# --- old data: linked resources become ledger entries --------------------------------------------------------


def test_the_data_migration_turns_each_pooled_link_of_a_participant_into_one_entry(officer, program, members):
    mine = SumberDayaFactory(lembaga=members["c"], jenis="tempat", uraian="Balai RW 03")
    stranger = SumberDayaFactory(lembaga=members["a"], jenis="dana", uraian="Kas LPMK")  # not a participant
    program.sumber_daya.add(mine, stranger)
    later = ProgramBersama.objects.create(
        nama="Rencana tahun depan", forum=program.forum, wilayah=program.wilayah, mulai=D(2026, 9, 1)
    )
    later.peserta.create(lembaga=members["c"])
    later.sumber_daya.add(mine)
    migration = importlib.import_module("forum.migrations.0006_kontribusi_dari_sumber_daya")
    migration.forwards(apps, None)
    entry = Kontribusi.objects.get()
    assert (entry.program, entry.lembaga, entry.jenis, entry.sumber_daya, entry.uraian) == (
        program,
        members["c"],
        "tempat",
        mine,
        "Balai RW 03",
    )
    assert (entry.jumlah, entry.satuan, entry.nilai, entry.bentuk, entry.tanggal) == (
        Decimal(1),
        "paket",
        None,
        "natura",
        MULAI,
    )
    assert program.sumber_daya.count() == 2  # the links stay
    migration.backwards(apps, None)
    assert not Kontribusi.objects.exists()


def test_the_admin_shows_the_ledger_read_only(client, admin_user, coordinator, program, members):
    entry = add(program, coordinator, members["c"])
    login(client, admin_user)
    assert client.get(reverse("admin:forum_kontribusi_changelist")).status_code == 200
    page = client.get(reverse("admin:forum_kontribusi_change", args=[entry.pk]))
    assert page.status_code == 200 and 'name="uraian"' not in page.text
    assert client.get(reverse("admin:forum_kontribusi_add")).status_code == 403
    assert client.get(reverse("admin:forum_programbersama_change", args=[program.pk])).status_code == 200


def test_who_may_write_to_a_programme_is_one_rule_for_pages_and_services(
    program, officer, coordinator, analyst, outsider, wilayah
):
    """forum.access.can_edit_program decides; the page's edit links and every write follow it."""
    from forum import access

    own = services.program_create(
        oleh=officer, nama="Bank sampah RW", forum=None, wilayah=wilayah["kelurahan"], status=StatusProgram.RENCANA,
        mulai=MULAI, peserta=[(program.peserta.first().lembaga, "pelaksana_utama"),
                              (program.peserta.last().lembaga, "mitra")], sumber_daya=[], penerima=[],
    )  # fmt: skip
    assert [access.can_edit_program(user, program) for user in (officer, coordinator, analyst, outsider)] == [
        True,  # the forum's wilayah is the officer's
        True,  # the forum's coordinator
        False,
        False,
    ]
    # A wilayah's programme (no forum): registry editors of that wilayah only.
    assert [access.can_edit_program(user, own) for user in (officer, coordinator, analyst, outsider)] == [
        True,
        False,
        False,
        False,
    ]
    with pytest.raises(PermissionDenied, match="Wilayah program di luar wilayah tugas Anda"):
        services.program_set_status(program=own, oleh=coordinator, status=StatusProgram.SELESAI)
    with pytest.raises(PermissionDenied, match="Anda tidak mengelola forum ini"):
        services.program_set_status(program=program, oleh=outsider, status=StatusProgram.SELESAI)
    assert ProgramBersama.objects.get(pk=own.pk).status == StatusProgram.RENCANA
