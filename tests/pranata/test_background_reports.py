"""Large reports go to the background worker; the page shows progress, then the result; failures can be retried."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from pranata import reports, services
from pranata.models import LaporanTugas, StatusTugas
from tests.conftest import login
from tests.factories import LembagaFactory

# Transactional: the worker command closes connections that sit inside a test transaction, and jobs are
# enqueued on commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)

URL = reverse("pranata:laporan", args=["16.71.05.1006"])


@pytest.fixture
def big(settings, officer, wilayah):
    """Four lembaga count as "large" here, so the worker path runs on a tiny network."""
    settings.SIMPUL_BACKGROUND_LIMIT = 3
    a, b, c, _d = (LembagaFactory(wilayah=wilayah["kelurahan"]) for _ in range(4))
    services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=2, mulai=datetime.date(2024, 1, 1), oleh=officer)
    services.kerjasama_create(lembaga_a=b, lembaga_b=c, tahap=1, mulai=datetime.date(2024, 1, 1), oleh=officer)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_large_report_is_queued_shows_progress_then_the_result(client, analyst, big):
    login(client, analyst)
    first = client.get(URL)
    job = LaporanTugas.objects.get()
    assert (job.status, job.kemajuan) == (StatusTugas.ANTRI, 0)
    assert first.context["report"] is None
    assert "sedang dihitung di latar belakang" in first.text
    assert '<meta http-equiv="refresh" content="3">' in first.text

    run_worker()
    job.refresh_from_db()
    assert (job.status, job.kemajuan) == (StatusTugas.SELESAI, 100)
    done = client.get(URL)
    assert done.context["report"]["figures"]["n_kerjasama"] == 2
    assert "refresh" not in done.text
    assert LaporanTugas.objects.count() == 1


def test_failed_computation_shows_its_error_and_can_be_retried(client, analyst, officer, big, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("basis data terputus")

    monkeypatch.setattr(reports.jobs, "compute_report", broken)
    login(client, analyst)
    client.get(URL)
    run_worker()
    job = LaporanTugas.objects.get()
    assert job.status == StatusTugas.GAGAL
    page = client.get(URL)
    assert "Perhitungan laporan gagal" in page.text and "basis data terputus" in page.text

    assert "Coba hitung lagi" not in page.text and "Minta petugas kelurahan atau admin" in page.text
    monkeypatch.undo()
    assert client.post(URL, {"ulangi": "1"}).status_code == 403  # a reader cannot queue work
    job.refresh_from_db()
    assert job.status == StatusTugas.GAGAL
    login(client, officer)
    assert "Coba hitung lagi" in client.get(URL).text
    client.post(URL, {"ulangi": "1"})
    job.refresh_from_db()
    assert job.status == StatusTugas.ANTRI
    run_worker()
    job.refresh_from_db()
    assert job.status == StatusTugas.SELESAI
    assert client.get(URL).context["report"]["figures"]["n_lembaga"] == 4


def test_changed_data_shows_the_last_result_while_the_new_one_is_computed(client, analyst, officer, big, wilayah):
    login(client, analyst)
    client.get(URL)
    run_worker()
    LembagaFactory(wilayah=wilayah["kelurahan"])
    page = client.get(URL)
    assert page.context["state"].job.status == StatusTugas.ANTRI
    assert page.context["report"]["figures"]["n_lembaga"] == 4  # the last finished result, clearly labelled
    assert "hasil terakhir yang selesai" in page.text


def test_a_finished_job_is_run_again_when_its_result_left_the_cache(client, analyst, big):
    from django.core.cache import cache

    login(client, analyst)
    client.get(URL)
    run_worker()
    cache.clear()
    page = client.get(URL)
    job = LaporanTugas.objects.get()
    assert job.status == StatusTugas.ANTRI
    assert "sedang dihitung di latar belakang" in page.text
    run_worker()
    assert client.get(URL).context["report"]["figures"]["n_lembaga"] == 4


BANDING = reverse("pranata:laporan-banding", args=["16.71.05.1006"])


def test_a_large_comparison_queues_both_reports_shows_their_progress_then_compares(client, analyst, big):
    login(client, analyst)
    query = {"dari": "2024-06-01", "sampai": "2025-06-01"}
    first = client.get(BANDING, query)
    assert sorted(LaporanTugas.objects.values_list("per", "status")) == [
        (datetime.date(2024, 6, 1), StatusTugas.ANTRI),
        (datetime.date(2025, 6, 1), StatusTugas.ANTRI),
    ]
    assert "rows" not in first.context and first.text.count("sedang dihitung di latar belakang") == 2
    assert "Laporan per 01/06/2024" in first.text and "Laporan per 01/06/2025" in first.text
    assert '<meta http-equiv="refresh" content="3">' in first.text
    assert client.get(BANDING, query | {"unduh": "csv"})["Content-Type"].startswith("text/html")  # not yet

    run_worker()
    done = client.get(BANDING, query)
    rows = {row["key"]: row for row in done.context["rows"]}
    assert (rows["n_kerjasama"]["sebelum"], rows["n_kerjasama"]["sesudah"], rows["n_kerjasama"]["label"]) == (
        2,
        2,
        "Jumlah kerjasama",
    )
    assert "refresh" not in done.text
    assert LaporanTugas.objects.filter(status=StatusTugas.SELESAI).count() == 2


def test_a_reader_cannot_requeue_a_comparison_but_an_officer_can(client, analyst, officer, big, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("basis data terputus")

    monkeypatch.setattr(reports.jobs, "compute_report", broken)
    url = BANDING + "?dari=2024-06-01&sampai=2025-06-01"
    login(client, analyst).get(url)
    run_worker()
    assert set(LaporanTugas.objects.values_list("status", flat=True)) == {StatusTugas.GAGAL}
    assert client.post(url, {"ulangi": "1"}).status_code == 403
    assert set(LaporanTugas.objects.values_list("status", flat=True)) == {StatusTugas.GAGAL}
    login(client, officer).post(url, {"ulangi": "1"})
    assert set(LaporanTugas.objects.values_list("status", flat=True)) == {StatusTugas.ANTRI}


UNDUH = reverse("pranata:laporan-unduh", args=["16.71.05.1006", "graphml"])


def test_a_large_download_is_made_by_the_worker_then_served(client, analyst, big, settings, tmp_path):
    import networkx as nx

    settings.MEDIA_ROOT = tmp_path
    login(client, analyst)
    waiting = client.get(UNDUH, {"per": "2024-06-01"})
    job = LaporanTugas.objects.get(berkas="graphml")
    assert waiting.status_code == 200 and '<meta http-equiv="refresh" content="3">' in waiting.text
    assert "Berkas graphml per 01/06/2024" in waiting.text

    run_worker()
    job.refresh_from_db()
    assert job.status == StatusTugas.SELESAI and (tmp_path / job.hasil.name).exists()
    served = client.get(UNDUH, {"per": "2024-06-01"})
    assert served["Content-Disposition"] == 'attachment; filename="simpul-16.71.05.1006-2024-06-01.graphml"'
    graph = nx.read_graphml(io.BytesIO(b"".join(served.streaming_content)))
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (4, 2)
    assert LaporanTugas.objects.filter(berkas="graphml").count() == 1  # served from the file, not made again


def test_old_downloads_are_removed_with_their_files(client, analyst, big, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(client, analyst).get(UNDUH, {"per": "2024-06-01"})
    run_worker()
    job = LaporanTugas.objects.get(berkas="graphml")
    path = tmp_path / job.hasil.name
    assert reports.jobs.remove_old_downloads(older_than=datetime.timedelta(days=7)) == 0 and path.exists()
    LaporanTugas.objects.filter(pk=job.pk).update(dibuat=job.dibuat - datetime.timedelta(days=8))
    assert reports.jobs.remove_old_downloads(older_than=datetime.timedelta(days=7)) == 1
    assert not path.exists() and not LaporanTugas.objects.filter(berkas="graphml").exists()
    assert LaporanTugas.objects.filter(berkas="").count() == 0  # no report job was involved for a GraphML


def test_a_large_csv_table_is_made_from_the_report_the_worker_computes(client, analyst, big, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("pranata:laporan-unduh", args=["16.71.05.1006", "csv"])
    login(client, analyst).get(url, {"per": "2024-06-01", "tabel": "ringkasan"})
    assert LaporanTugas.objects.get().berkas == "csv:ringkasan"
    run_worker()
    served = client.get(url, {"per": "2024-06-01", "tabel": "ringkasan"})
    lines = csv.reader(io.StringIO(b"".join(served.streaming_content).decode("utf-8-sig")))
    rows = {kode: nilai for _label, nilai, kode in lines}
    assert (rows["n_lembaga"], rows["n_kerjasama"], rows["per_tanggal"]) == ("4", "2", "01/06/2024")
    assert client.get(url, {"per": "2024-06-01", "tabel": "tidak-ada"}).status_code == 404


def test_a_download_made_before_a_change_is_not_served_after_it(client, analyst, officer, big, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(client, analyst).get(UNDUH, {"per": "2024-06-01"})
    run_worker()
    assert client.get(UNDUH, {"per": "2024-06-01"}).status_code == 200
    a, b = (
        LembagaFactory(wilayah=officer.profil.wilayah.get(), aktif_sejak=datetime.date(2020, 1, 1)) for _ in range(2)
    )
    services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=3, mulai=datetime.date(2024, 1, 1), oleh=officer)

    waiting = client.get(UNDUH, {"per": "2024-06-01"})
    assert "sedang dihitung di latar belakang" in waiting.text  # a new job, not the old file
    run_worker()
    served = client.get(UNDUH, {"per": "2024-06-01"})
    import networkx as nx

    graph = nx.read_graphml(io.BytesIO(b"".join(served.streaming_content)))
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (6, 3)
    assert LaporanTugas.objects.filter(berkas="graphml").count() == 2
