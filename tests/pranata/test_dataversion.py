"""The data version: moved by the database on every write to what reports read, never by reads or jobs."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection, connections

from pranata import bulk, dataversion, reports, services
from pranata.models import Kerjasama, LaporanTugas, Lembaga, RiwayatTahap
from tests.conftest import KELURAHAN
from tests.factories import LembagaFactory

D = datetime.date
FED_BY_REPORTS = {
    "pranata_lembaga",
    "pranata_kerjasama",
    "pranata_riwayattahap",
    "pranata_riwayatstatus",
    "pranata_sumberdaya",
    "pranata_kebutuhan",
    "pranata_wilayah",
    "forum_forum",
    "forum_keanggotaan",
    "forum_pertemuan",
    "forum_kehadiran",
    "forum_kesepakatan",
    "forum_kesepakatan_lembaga",
    "forum_tindaklanjut",
    "forum_programbersama",
    "forum_pesertaprogram",
    # The report map's "didampingi" layer and the API's remembered counts read these.
    "pendampingan_pendamping",
    "pendampingan_penugasan",
    "pendampingan_kegiatan",
}


def triggered_tables() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers WHERE trigger_name = %s",
                [dataversion.TRIGGER],
            )
        else:
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{dataversion.TRIGGER}_%"],
            )
        return {table for (table,) in cursor.fetchall()}


@pytest.mark.django_db
def test_every_table_reports_read_carries_the_trigger_and_bookkeeping_does_not():
    tables = triggered_tables()
    assert tables >= FED_BY_REPORTS
    assert set(dataversion.tracked_tables()) == tables
    assert not {t for t in tables if "historical" in t or t in {"pranata_laporantugas", "pranata_datachange"}}
    assert not {t for t in tables if not t.startswith(("pranata_", "forum_", "pendampingan_"))}


@pytest.mark.django_db
def test_the_version_moves_with_every_kind_of_write(wilayah, officer):
    seen = [dataversion.current()]

    def moved() -> bool:
        seen.append(dataversion.current())
        return seen[-1] != seen[-2]

    a, b = LembagaFactory(wilayah=wilayah["kelurahan"]), LembagaFactory(wilayah=wilayah["kelurahan"])
    assert moved()  # ORM save
    tie = services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=1, mulai=D(2024, 1, 1), oleh=officer)
    assert moved()
    Kerjasama.objects.filter(pk=tie.pk).update(catatan="diubah lewat update()")
    assert moved()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE pranata_lembaga SET nama = 'Diubah lewat SQL' WHERE id = %s", [a.pk])
    assert moved()
    bulk.insert(RiwayatTahap, [{"kerjasama_id": tie.pk, "tahap": 2, "berlaku_mulai": D(2024, 2, 1)}])
    assert moved()
    RiwayatTahap.objects.filter(kerjasama=tie, tahap=2).delete()
    assert moved()
    assert not moved()  # reading changes nothing


@pytest.mark.django_db
def test_the_version_read_with_another_query_is_the_same_version(wilayah):
    """`current_sql` (the API reads it with the token) gives exactly what `current()` gives, with no marks (on
    PostgreSQL, after pruning) and after writes: equal, and equal in type, since both are keys of remembered
    answers."""

    def read() -> tuple:
        with connection.cursor() as cursor:
            cursor.execute(dataversion.current_sql())
            return dataversion.parse(cursor.fetchone()[0])

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {dataversion.TABLE}")
    for _write in range(3):
        assert read() == dataversion.current()
        assert repr(read()) == repr(dataversion.current())
        LembagaFactory(wilayah=wilayah["kelurahan"])
    assert read() != (0, None, None, None)


@pytest.mark.django_db
def test_background_jobs_and_cache_writes_leave_the_version_alone(wilayah):
    before = dataversion.current()
    LaporanTugas.objects.create(kunci="wilayah:16", per=D(2024, 1, 1), sidik="abc", judul="Uji")
    cache.set("uji", 1)
    assert dataversion.current() == before


@pytest.mark.django_db
def test_a_warm_report_sees_a_write_that_bypassed_every_service(wilayah, officer):
    a, b, c = (LembagaFactory(wilayah=wilayah["kelurahan"]) for _ in range(3))
    for x, y in ((a, b), (b, c)):
        services.kerjasama_create(lembaga_a=x, lembaga_b=y, tahap=1, mulai=D(2024, 1, 1), oleh=officer)
    scope = reports.wilayah_scope(wilayah["kelurahan"])
    assert reports.report(scope, D(2024, 7, 1))["figures"]["n_kerjasama"] == 2
    assert reports.report(scope, D(2024, 7, 1))["figures"]["n_kerjasama"] == 2  # warm
    tie = Kerjasama.objects.get(lembaga_a=min(b.pk, c.pk), lembaga_b=max(b.pk, c.pk))
    with connection.cursor() as cursor:  # no service, no signal, no model method
        cursor.execute("DELETE FROM pranata_riwayattahap WHERE kerjasama_id = %s", [tie.pk])
        cursor.execute("DELETE FROM pranata_kerjasama WHERE id = %s", [tie.pk])
    assert reports.report(scope, D(2024, 7, 1))["figures"]["n_kerjasama"] == 1
    assert Lembaga.objects.filter(wilayah__kode=KELURAHAN).count() == 3


@pytest.mark.django_db
def test_pruning_old_marks_moves_the_version_and_keeps_the_recent_ones(wilayah):
    LembagaFactory(wilayah=wilayah["kelurahan"])
    if connection.vendor != "postgresql":
        before = dataversion.current()
        assert dataversion.prune() == 0 and dataversion.current() == before  # SQLite: one row, nothing to prune
        return
    with connection.cursor() as cursor:
        cursor.execute("UPDATE pranata_datachange SET dicatat = dicatat - interval '2 days'")
    LembagaFactory(wilayah=wilayah["kelurahan"])  # one recent mark
    before = dataversion.current()
    assert dataversion.prune() == before[0] - 1
    count, smallest, largest, _total = dataversion.current()
    assert (count, largest) == (1, before[2]) and smallest == largest != before[1]


@pytest.mark.django_db(transaction=True)
def test_a_transaction_that_commits_late_with_an_earlier_mark_still_moves_the_version(wilayah):
    """PostgreSQL hands out mark ids when a statement runs, but a mark becomes visible at commit: the largest
    id alone would miss a write whose transaction began first and committed last."""
    late = connections.create_connection("default")
    if connection.vendor != "postgresql":
        # SQLite serialises writers, so the case cannot arise: one counter row, moved by the other connection.
        LembagaFactory(wilayah=wilayah["kelurahan"])
        before = dataversion.current()
        with late.cursor() as cursor:
            cursor.execute("UPDATE pranata_wilayah SET nama = nama WHERE kode = %s", [KELURAHAN])
        late.close()
        after = dataversion.current()
        assert before[0] == after[0] == 1 and after[3] == before[3] + 1
        return
    try:
        late.set_autocommit(False)
        with late.cursor() as cursor:
            cursor.execute("UPDATE pranata_wilayah SET nama = nama WHERE kode = %s", [KELURAHAN])  # takes a mark
        LembagaFactory(wilayah=wilayah["kelurahan"])  # commits a later mark
        before = dataversion.current()
        late.commit()
        after = dataversion.current()
        assert after != before and after[2] == before[2]  # same largest id, one mark more
    finally:
        late.close()


@pytest.mark.django_db
def test_a_write_elsewhere_rechecks_the_fingerprint_but_keeps_the_report(wilayah, officer, monkeypatch):
    a, b = (LembagaFactory(wilayah=wilayah["kelurahan"]) for _ in range(2))
    services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=1, mulai=D(2024, 1, 1), oleh=officer)
    scope = reports.wilayah_scope(wilayah["kelurahan"])
    first = reports.report(scope, D(2024, 7, 1))
    computed = []
    real = reports.compute.compute_report
    monkeypatch.setattr(reports.compute, "compute_report", lambda *a, **k: computed.append(1) or real(*a, **k))
    fingerprints = []
    real_fingerprint = reports.cache.fingerprint
    monkeypatch.setattr(
        reports.cache, "fingerprint", lambda lembaga: fingerprints.append(1) or real_fingerprint(lembaga)
    )

    LembagaFactory(wilayah=wilayah["luar"])  # another kelurahan: the version moves, this scope's data does not
    assert reports.report(scope, D(2024, 7, 1)) == first
    assert (len(fingerprints), len(computed)) == (1, 0)  # fingerprint checked once, report reused
    assert reports.report(scope, D(2024, 7, 1)) == first
    assert (len(fingerprints), len(computed)) == (1, 0)  # nothing written since: not even the fingerprint
