"""A history you can trust: reports as of past dates never change because of what is done today.

The small network below is built at known dates (the suite's clock stands at 2026-06-15). Each test does
something today — register, archive, end a tie, restage, import — and compares every figure of every past
report, as data, before and after.
"""

import datetime
import importlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pranata import imports, reports, services
from pranata.models import Kerjasama, Lembaga, PranataSosial, RiwayatStatus, RiwayatTahap, StatusLembaga
from tests.conftest import TODAY, login
from tests.factories import LembagaFactory

pytestmark = pytest.mark.django_db

D = datetime.date
KELURAHAN = "16.71.05.1006"
PAST = [D(2020, 6, 30), D(2021, 12, 31), D(2023, 6, 30), TODAY - datetime.timedelta(days=365)]


def register(officer, wilayah, nama, aktif_sejak):
    return services.lembaga_create(
        oleh=officer,
        wilayah=wilayah,
        nama=nama,
        sektor="warga",
        pranata=PranataSosial.objects.get(kode="kesehatan"),
        aktif_sejak=aktif_sejak,
    )


@pytest.fixture
def network(officer, wilayah):
    """A, B, C, D active since 2020; A–B from 2020 (stage 2, stage 3 from 2022), B–C from 2021, C–D from
    mid-2021 at stage 4. Every write goes through the services, as the pages do."""
    kel = wilayah["kelurahan"]
    a, b, c, d = (register(officer, kel, nama, D(2020, 1, 1)) for nama in ("A LPMK", "B PKK", "C Posyandu", "D KT"))
    ab = services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=2, mulai=D(2020, 3, 1), oleh=officer)
    services.kerjasama_set_tahap(kerjasama=ab, tahap=3, tanggal=D(2022, 1, 1), oleh=officer, bukti="program")
    bc = services.kerjasama_create(lembaga_a=b, lembaga_b=c, tahap=1, mulai=D(2021, 1, 1), oleh=officer)
    cd = services.kerjasama_create(lembaga_a=c, lembaga_b=d, tahap=4, mulai=D(2021, 6, 1), oleh=officer)
    return {"a": a, "b": b, "c": c, "d": d, "ab": ab, "bc": bc, "cd": cd}


def tie_csv(*rows: str) -> bytes:
    return "\n".join(["kode_lembaga_a,kode_lembaga_b,tahap,mulai,tahap_sejak", *rows, ""]).encode()


def past_reports() -> dict:
    scope = reports.resolve_wilayah_scope(KELURAHAN)
    return {day: reports.compute_report(scope, day) for day in PAST}


def test_the_past_reports_see_the_network_as_it_was(network):
    figures = {day: report["figures"] for day, report in past_reports().items()}
    assert [figures[day]["n_lembaga"] for day in PAST] == [4, 4, 4, 4]
    assert [figures[day]["n_kerjasama"] for day in PAST] == [1, 3, 3, 3]
    assert figures[D(2021, 12, 31)]["per_tahap"] == {1: 1, 2: 1, 3: 0, 4: 1, 5: 0}
    assert figures[D(2023, 6, 30)]["per_tahap"] == {1: 1, 2: 0, 3: 1, 4: 1, 5: 0}


def test_registering_a_lembaga_today_leaves_past_reports_alone(network, officer, wilayah):
    before = past_reports()
    e = register(officer, wilayah["kelurahan"], "E Majelis Taklim", None)  # no founding year: active from today
    services.kerjasama_create(lembaga_a=e, lembaga_b=network["a"], tahap=1, mulai=TODAY, oleh=officer)
    assert e.aktif_sejak == TODAY
    assert past_reports() == before
    today = reports.compute_report(reports.resolve_wilayah_scope(KELURAHAN), TODAY)
    assert today["figures"]["n_lembaga"] == 5


def test_archiving_a_lembaga_today_leaves_past_reports_alone(network, officer):
    before = past_reports()
    services.lembaga_archive(lembaga=network["d"], oleh=officer, alasan="bubar")
    assert past_reports() == before
    today = reports.compute_report(reports.resolve_wilayah_scope(KELURAHAN), TODAY)
    assert today["figures"]["n_lembaga"] == 3
    assert today["figures"]["n_kerjasama"] == 2  # C–D went with D


def test_ending_a_tie_and_changing_a_stage_today_leave_past_reports_alone(network, officer):
    before = past_reports()
    services.kerjasama_end(kerjasama=network["bc"], tanggal=TODAY, oleh=officer, alasan="selesai")
    services.kerjasama_set_tahap(kerjasama=network["ab"], tahap=5, tanggal=TODAY, oleh=officer, bukti="yayasan")
    assert past_reports() == before


def test_importing_a_file_today_leaves_past_reports_alone(network, officer):
    before = past_reports()
    lembaga = (
        "kode,kode_wilayah,nama,singkatan,sektor,pranata,tahun_berdiri,jumlah_anggota,alamat,kontak_nama,"
        "kontak_telepon,status,aktif_sejak\n"
        f"{network['d'].kode},{KELURAHAN},D KT,,,,,,,,,Arsip,\n"
        f",{KELURAHAN},F Koperasi,,warga,ekonomi,,,,,,,\n"
    )
    plan = imports.plan("lembaga", lembaga.encode(), "l.csv", officer)
    assert plan.counts == {"baru": 1, "berubah": 1, "tetap": 0, "galat": 0}, plan.error_rows
    imports.apply(plan, officer)
    ties = (
        f"kode_lembaga_a,kode_lembaga_b,tahap,mulai,tahap_sejak\n"
        f"{network['a'].kode},{network['b'].kode},Konfederasi,,\n"
        f"{network['b'].kode},{network['c'].kode},2,01/01/2021,{TODAY:%d/%m/%Y}\n"
    )
    plan = imports.plan("kerjasama", ties.encode(), "k.csv", officer)
    assert plan.counts == {"baru": 0, "berubah": 2, "tetap": 0, "galat": 0}, plan.error_rows
    imports.apply(plan, officer)
    assert past_reports() == before
    assert Lembaga.objects.get(kode=network["d"].kode).status == StatusLembaga.ARSIP


def test_the_comparison_counts_lembaga_that_joined_and_left(network, officer, wilayah, client):
    register(officer, wilayah["kelurahan"], "E Majelis Taklim", D(2024, 3, 1))
    services.lembaga_set_status(
        lembaga=network["d"], oleh=officer, status=StatusLembaga.TIDAK_AKTIF, tanggal=D(2025, 1, 10)
    )
    scope = reports.resolve_wilayah_scope(KELURAHAN)
    result = reports.comparison(scope, reports.report(scope, D(2023, 6, 30)), reports.report(scope, TODAY))
    assert (result["n_lembaga_masuk"], result["lembaga_masuk"]) == (1, ["E Majelis Taklim"])
    assert (result["n_lembaga_keluar"], result["lembaga_keluar"]) == (1, ["D KT"])
    page = login(client, officer).get(
        reverse("pranata:laporan-banding", args=[KELURAHAN]), {"dari": "2023-06-30", "sampai": TODAY.isoformat()}
    )
    html = page.content.decode()
    assert "Lembaga masuk: 1" in html and "Lembaga keluar: 1" in html
    counts = {row["key"]: (row["sebelum"], row["sesudah"]) for row in result["rows"]}
    assert counts["n_lembaga"] == (4, 4)  # one in, one out


# --- the lifecycle's rules ----------------------------------------------------------------------------


def test_aktif_sejak_defaults_to_the_founding_year_and_moves_back_for_an_earlier_tie(officer, wilayah):
    kel = wilayah["kelurahan"]
    old = services.lembaga_create(
        oleh=officer,
        wilayah=kel,
        nama="Lama",
        sektor="warga",
        tahun_berdiri=1998,
        pranata=PranataSosial.objects.get(kode="kesehatan"),
    )
    new = register(officer, kel, "Baru", None)
    assert (old.aktif_sejak, new.aktif_sejak) == (D(1998, 1, 1), TODAY)
    services.kerjasama_create(lembaga_a=old, lembaga_b=new, tahap=1, mulai=D(2019, 5, 2), oleh=officer)
    new.refresh_from_db()
    assert new.aktif_sejak == D(2019, 5, 2)
    assert new.history.first().aktif_sejak == D(2019, 5, 2)  # the move is in the audit trail


@pytest.mark.parametrize(
    ("tanggal", "message"),
    [
        (TODAY + datetime.timedelta(days=1), "Tanggal perubahan status tidak boleh di masa depan."),
        (D(2019, 12, 31), "Tanggal tidak boleh sebelum lembaga aktif (01/01/2020)."),
    ],
)
def test_a_status_change_in_the_future_or_before_aktif_sejak_is_refused_on_the_page(
    network, officer, client, tanggal, message
):
    d = network["d"]
    url = reverse("pranata:lembaga-status", args=[d.pk])
    response = login(client, officer).post(url, {"status": "arsip", "tanggal": tanggal.isoformat(), "alasan": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html or "Tanggal tidak boleh di masa depan." in html
    assert f'value="{tanggal.isoformat()}"' in html  # what was typed stays
    d.refresh_from_db()
    assert d.status == StatusLembaga.AKTIF
    assert not RiwayatStatus.objects.filter(lembaga=d).exists()


def test_a_status_change_before_the_last_one_is_refused(network, officer):
    d = network["d"]
    services.lembaga_set_status(lembaga=d, oleh=officer, status="tidak_aktif", tanggal=D(2025, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.lembaga_set_status(lembaga=d, oleh=officer, status="arsip", tanggal=D(2024, 12, 1))
    assert exc.value.message_dict == {
        "tanggal": ["Tanggal tidak boleh sebelum perubahan status terakhir (01/01/2025)."]
    }


def test_aktif_sejak_after_a_tie_start_is_refused_on_the_form(network, officer, client):
    a = network["a"]
    url = reverse("pranata:lembaga-edit", args=[a.pk])
    data = {
        "nama": a.nama,
        "sektor": a.sektor,
        "jenis": a.jenis,
        "pranata": a.pranata_id,
        "wilayah": a.wilayah_id,
        "aktif_sejak": "2021-01-01",
        "versi": a.versi,
    }
    response = login(client, officer).post(url, data)
    assert response.status_code == 400
    assert "Tanggal aktif tidak boleh setelah kerjasama pertamanya dimulai (01/03/2020)." in response.content.decode()
    a.refresh_from_db()
    assert a.aktif_sejak == D(2020, 1, 1)


def test_the_lembaga_page_shows_its_lifecycle(network, officer, client):
    d = network["d"]
    services.lembaga_set_status(lembaga=d, oleh=officer, status="tidak_aktif", tanggal=D(2024, 2, 1), alasan="vakum")
    services.lembaga_set_status(lembaga=d, oleh=officer, status="aktif", tanggal=D(2025, 3, 1), alasan="bangkit")
    assert [(p["status"], p["dari"], p["sampai"]) for p in Lembaga.objects.get(pk=d.pk).periods()] == [
        ("aktif", D(2020, 1, 1), D(2024, 2, 1)),
        ("tidak_aktif", D(2024, 2, 1), D(2025, 3, 1)),
        ("aktif", D(2025, 3, 1), None),
    ]
    html = login(client, officer).get(d.get_absolute_url()).content.decode()
    assert "01/01/2020 – 01/02/2024" in html and "01/02/2024 – 01/03/2025" in html and "01/03/2025 – sekarang" in html
    assert "vakum" in html and "bangkit" in html
    # …and the report as of mid-2024 leaves D (and its tie) out, as it was inactive then.
    mid_2024 = reports.compute_report(reports.resolve_wilayah_scope(KELURAHAN), D(2024, 6, 30))["figures"]
    assert (mid_2024["n_lembaga"], mid_2024["n_kerjasama"]) == (3, 2)


# --- one stage rule --------------------------------------------------------------------------------


def test_import_and_form_write_the_same_stage_history(network, officer, client):
    ab, bc = network["ab"], network["bc"]
    login(client, officer).post(
        reverse("pranata:kerjasama-tahap", args=[ab.pk]),
        {"tahap": 4, "tanggal": "2026-03-01", "bukti": "Diimpor dari berkas"},
    )
    ties = tie_csv(f"{network['b'].kode},{network['c'].kode},4,,01/03/2026")
    imports.apply(imports.plan("kerjasama", ties, "k.csv", officer), officer)

    def stages(tie):
        return list(
            RiwayatTahap.objects.filter(kerjasama=tie)
            .order_by("berlaku_mulai")
            .values_list("tahap", "berlaku_mulai", "bukti", "oleh")
        )

    assert stages(ab)[-1] == stages(bc)[-1] == (4, D(2026, 3, 1), "Diimpor dari berkas", officer.pk)
    assert Kerjasama.objects.get(pk=ab.pk).tahap == Kerjasama.objects.get(pk=bc.pk).tahap == 4


def test_restaging_an_ended_tie_is_refused_by_form_and_import(network, officer, client):
    cd = network["cd"]
    services.kerjasama_end(kerjasama=cd, tanggal=D(2025, 1, 1), oleh=officer, alasan="selesai")
    response = login(client, officer).post(
        reverse("pranata:kerjasama-tahap", args=[cd.pk]), {"tahap": 5, "tanggal": "2026-01-01", "bukti": "x"}
    )
    message = "Kerjasama ini sudah berakhir (01/01/2025); tahapnya tidak dapat diubah."
    assert response.status_code == 400 and message in response.content.decode()
    ties = f"kode_lembaga_a,kode_lembaga_b,tahap,mulai,tahap_sejak\n{network['c'].kode},{network['d'].kode},5,,\n"
    plan = imports.plan("kerjasama", ties.encode(), "k.csv", officer)
    assert plan.error_rows[0].errors == [("tahap", message)]
    assert list(RiwayatTahap.objects.filter(kerjasama=cd).values_list("tahap", flat=True)) == [4]


def test_an_import_row_dated_before_the_tie_start_is_refused(network, officer):
    plan = imports.plan("kerjasama", tie_csv(f"{network['a'].kode},{network['b'].kode},5,,01/01/2019"), "k", officer)
    assert plan.error_rows[0].errors == [("tahap_sejak", "Tanggal tidak boleh sebelum kerjasama dimulai (01/03/2020).")]


def test_an_import_stage_change_shows_its_date_in_the_preview(network, officer):
    row = f"{network['a'].kode},{network['b'].kode},5,01/03/2020,15/02/2026"
    plan = imports.plan("kerjasama", tie_csv(row), "k.csv", officer)
    assert plan.rows[0].changes == ["tahap: Koordinasi → Konfederasi (berlaku 15/02/2026)"]


def test_a_stage_change_on_a_tie_ended_meanwhile_is_refused(network, officer):
    """The page loaded the tie before someone else ended it: the service re-reads the locked row."""
    loaded = Kerjasama.objects.get(pk=network["bc"].pk)
    services.kerjasama_end(kerjasama=Kerjasama.objects.get(pk=loaded.pk), tanggal=TODAY, oleh=officer, alasan="x")
    with pytest.raises(ValidationError, match="sudah berakhir"):
        services.kerjasama_set_tahap(kerjasama=loaded, tahap=5, tanggal=TODAY, oleh=officer, bukti="x")
    tie = Kerjasama.objects.get(pk=loaded.pk)
    assert (tie.selesai, tie.tahap) == (TODAY, 1)
    assert list(tie.riwayat.values_list("tahap", flat=True)) == [1]


# --- imports never blank --------------------------------------------------------------------------


def test_blank_cells_keep_values_and_the_clear_marker_clears(officer, wilayah):
    lembaga = LembagaFactory(
        kode="16.71.05.1006-0001",
        nama="Karang Taruna Bina Remaja",
        singkatan="KT Bina Remaja",
        alamat="RW 03",
        jumlah_anggota=40,
        wilayah=wilayah["kelurahan"],
    )
    header = ",".join(imports.KINDS["lembaga"].COLUMNS)
    blank = f"16.71.05.1006-0001,{KELURAHAN},Karang Taruna Bina Remaja,,,,,,,,,,"
    assert imports.plan("lembaga", f"{header}\n{blank}\n".encode(), "x.csv", officer).counts["tetap"] == 1
    clear = f"16.71.05.1006-0001,{KELURAHAN},Karang Taruna Bina Remaja,-,,,,-,,,,,"
    plan = imports.plan("lembaga", f"{header}\n{clear}\n".encode(), "x.csv", officer)
    assert plan.rows[0].changes == ["singkatan: KT Bina Remaja → (dikosongkan)", "jumlah_anggota: 40 → (dikosongkan)"]
    imports.apply(plan, officer)
    lembaga.refresh_from_db()
    assert (lembaga.singkatan, lembaga.jumlah_anggota, lembaga.alamat) == ("", None, "RW 03")


def test_the_clear_marker_is_refused_on_a_required_field(officer, wilayah):
    LembagaFactory(kode="16.71.05.1006-0001", nama="LPMK", wilayah=wilayah["kelurahan"])
    header = ",".join(imports.KINDS["lembaga"].COLUMNS)
    row = f"16.71.05.1006-0001,{KELURAHAN},LPMK,,-,,,,,,,-,"
    plan = imports.plan("lembaga", f"{header}\n{row}\n".encode(), "x.csv", officer)
    assert plan.error_rows[0].errors == [
        ("sektor", "Kolom sektor tidak dapat dikosongkan dengan “-”."),
        ("status", "Kolom status tidak dapat dikosongkan dengan “-”."),
    ]


# --- the migration ---------------------------------------------------------------------------------


def test_the_migration_dates_existing_lembaga_from_their_audit_trail(officer, wilayah, clock):
    """Data from before the lifecycle: statuses changed by plain saves, no status rows."""
    clock.move_to(datetime.datetime(2024, 3, 5, 9, tzinfo=datetime.UTC))
    lama = LembagaFactory(nama="Lama", tahun_berdiri=2001, wilayah=wilayah["kelurahan"])
    tanpa = LembagaFactory(nama="Tanpa tahun", wilayah=wilayah["kelurahan"])
    clock.move_to(datetime.datetime(2025, 8, 20, 9, tzinfo=datetime.UTC))
    lama.status = StatusLembaga.ARSIP
    lama.save()
    Kerjasama.objects.create(lembaga_a=lama, lembaga_b=tanpa, tahap=1, mulai=D(2023, 7, 1))
    RiwayatStatus.objects.all().delete()
    from django.apps import apps

    importlib.import_module("pranata.migrations.0010_backfill_lembaga_lifecycle").backfill(apps, None)
    lama.refresh_from_db()
    tanpa.refresh_from_db()
    assert (lama.aktif_sejak, tanpa.aktif_sejak) == (D(2001, 1, 1), D(2023, 7, 1))
    assert list(lama.riwayat_status.values_list("status", "berlaku_mulai")) == [("arsip", D(2025, 8, 20))]
    assert not tanpa.riwayat_status.exists()


def test_the_xlsx_template_explains_blank_cells_and_the_clear_marker(client, officer):
    from openpyxl import load_workbook

    response = login(client, officer).get(reverse("pranata:impor-templat", args=["lembaga", "xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["lembaga", "petunjuk"]
    guide = {row[0]: row[1] for row in book["petunjuk"].iter_rows(min_row=2, values_only=True)}
    assert guide["(sel kosong)"] == "Nilai yang tersimpan tidak berubah."
    assert guide["tanda minus “-”"].startswith("Isi tanda minus saja untuk mengosongkan")
    # The guide sheet does not get in the way of importing the template itself.
    assert imports.plan("lembaga", response.content, "templat.xlsx", officer).counts["baru"] == 1


def test_a_new_tie_needs_its_stage_and_start_and_starts_at_its_own_stage(network, officer, wilayah):
    e = register(officer, wilayah["kelurahan"], "E Majelis Taklim", D(2020, 1, 1))
    a = network["a"]
    rows = [
        f"{a.kode},{e.kode},,01/02/2024,",
        f"{network['b'].kode},{e.kode},2,,",
        f"{network['c'].kode},{e.kode},2,01/02/2024,01/03/2024",
        f"{network['d'].kode},{e.kode},2,01/02/2024,01/02/2024",
    ]
    plan = imports.plan("kerjasama", tie_csv(*rows), "k.csv", officer)
    assert [(r.row, r.status, r.errors) for r in plan.rows] == [
        (2, "galat", [("tahap", "Tahap wajib diisi untuk kerjasama baru.")]),
        (3, "galat", [("mulai", "Tanggal mulai wajib diisi untuk kerjasama baru.")]),
        (4, "galat", [("tahap_sejak", "Kerjasama baru dimulai pada tahapnya sendiri; kosongkan tahap_sejak.")]),
        (5, "baru", []),
    ]
    new = plan.rows[3].payload["new"]
    assert (new.a.pk, new.b.pk, new.tahap, new.mulai, new.bukti) == (
        network["d"].pk,
        e.pk,
        2,
        D(2024, 2, 1),
        "Diimpor dari berkas",
    )


def test_the_clear_marker_is_refused_in_a_tie_row(network, officer):
    row = f"{network['a'].kode},{network['b'].kode},-,-,-"
    plan = imports.plan("kerjasama", tie_csv(row), "k.csv", officer)
    assert plan.rows[0].errors == [
        ("tahap", "Kolom tahap tidak dapat dikosongkan dengan “-”."),
        ("mulai", "Kolom mulai tidak dapat dikosongkan dengan “-”."),
        ("tahap_sejak", "Kolom tahap_sejak tidak dapat dikosongkan dengan “-”."),
    ]


def test_a_tie_row_with_a_different_start_is_refused(network, officer):
    row = f"{network['a'].kode},{network['b'].kode},3,02/03/2020,"
    plan = imports.plan("kerjasama", tie_csv(row), "k.csv", officer)
    assert plan.rows[0].errors == [
        (
            "mulai",
            "Kerjasama ini tercatat mulai 01/03/2020, bukan 02/03/2020; ubah tanggal mulai lewat halaman kerjasama.",
        )
    ]
    same = imports.plan("kerjasama", tie_csv(f"{network['a'].kode},{network['b'].kode},3,01/03/2020,"), "k", officer)
    assert same.rows[0].status == "tetap"


def test_a_new_tie_with_an_archived_lembaga_is_refused_on_its_column(network, officer):
    services.lembaga_archive(lembaga=network["d"], oleh=officer)
    row = f"{network['a'].kode},{network['d'].kode},2,01/02/2024,"
    plan = imports.plan("kerjasama", tie_csv(row), "k.csv", officer)
    assert plan.rows[0].errors == [("kode_lembaga_b", "“D KT” tidak aktif; aktifkan dulu sebelum mencatat kerjasama.")]


def test_the_preview_describes_dates_and_empty_values(network, officer):
    a = network["a"]
    header = ",".join(imports.KINDS["lembaga"].COLUMNS)
    row = f"{a.kode},{KELURAHAN},{a.nama},,,,2010,,,,,,15/02/2019"
    plan = imports.plan("lembaga", f"{header}\n{row}\n".encode(), "l.csv", officer)
    assert plan.rows[0].changes == ["tahun_berdiri: – → 2010", "aktif_sejak: 01/01/2020 → 15/02/2019"]
    imports.apply(plan, officer)
    assert Lembaga.objects.get(pk=a.pk).aktif_sejak == D(2019, 2, 15)


def test_a_file_over_the_row_limit_names_the_limit(officer, wilayah, settings):
    settings.SIMPUL_IMPORT_MAX_ROWS = 1000
    header = ",".join(imports.KINDS["lembaga"].COLUMNS)
    rows = [f",{KELURAHAN},Lembaga {i},,warga,kesehatan,,,,,,," for i in range(1001)]
    with pytest.raises(imports.ImportFileError) as exc:
        imports.plan("lembaga", "\n".join([header, *rows]).encode(), "l.csv", officer)
    assert str(exc.value) == "Berkas berisi lebih dari 1.000 baris (batasnya); pecah menjadi beberapa berkas."


def test_a_tie_row_of_one_lembaga_with_itself_and_a_stage_change_dated_today(network, officer):
    a, b = network["a"], network["b"]
    plan = imports.plan(
        "kerjasama", tie_csv(f"{a.kode},{a.kode},2,01/02/2024,", f"{a.kode},{b.kode},5,,"), "k", officer
    )
    assert plan.rows[0].errors == [("kode_lembaga_b", "Lembaga tidak dapat bekerja sama dengan dirinya sendiri.")]
    assert plan.rows[1].changes == ["tahap: Koordinasi → Konfederasi (berlaku hari ini)"]


def test_a_tie_file_names_rows_by_pair_and_refuses_a_pair_twice(network, officer):
    a, b, c = network["a"], network["b"], network["c"]
    rows = [f"{a.kode},{c.kode},1,01/02/2024,", f"{c.kode},{a.kode},2,01/02/2024,", f"{a.kode},{b.kode},,,31/13/2024"]
    plan = imports.plan("kerjasama", tie_csv(*rows), "k.csv", officer)
    assert [r.key for r in plan.rows] == [f"{a.kode} — {c.kode}", f"{c.kode} — {a.kode}", f"{a.kode} — {b.kode}"]
    assert [r.errors for r in plan.rows] == [
        [],
        [("kode_lembaga_b", "Pasangan ini sudah ada di baris 2.")],
        [
            (
                "tahap_sejak",
                "Tanggal tahap berlaku “31/13/2024” bukan tanggal yang valid (tulis 31/12/2024 atau 2024-12-31).",
            )
        ],
    ]


def test_a_tie_file_in_the_old_four_column_template_still_imports(network, officer):
    a, b, c = network["a"], network["b"], network["c"]
    old = f"kode_lembaga_a,kode_lembaga_b,tahap,mulai\n{a.kode},{c.kode},Kooperasi,01/02/2024\n{a.kode},{b.kode},5,\n"
    plan = imports.plan("kerjasama", old.encode(), "lama.csv", officer)
    assert [(r.status, r.errors) for r in plan.rows] == [("baru", []), ("berubah", [])]
    imports.apply(plan, officer)
    assert Kerjasama.objects.get(pk=network["ab"].pk).tahap == 5
