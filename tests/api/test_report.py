"""The report endpoint answers what `manage.py network_report --json` prints for the same scope and date, from
the pages' engine and cache; a scope too big to compute during the call answers 202 until the worker is done."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from pranata.models import LaporanTugas, StatusTugas
from tests.conftest import KELURAHAN

URL = f"/api/v1/laporan/{KELURAHAN}/"


def _command(*args: str) -> dict:
    out = io.StringIO()
    call_command("network_report", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
@pytest.mark.parametrize("per", ["2024-07-01", "2025-06-01"])
def test_the_wilayah_report_equals_network_report_json(world, api_as, analyst, per):
    answer = api_as(analyst).get(URL, {"per": per})
    assert answer.status_code == 200
    body = answer.json()
    label = body.pop("label")
    printed = _command(KELURAHAN, "--as-of", per)
    assert body["figures"] == printed["figures"]  # the figures first, for a readable failure
    assert body == printed
    assert label["tahap"]["3"] == "Koordinasi" and label["sektor"]["warga"] == "Warga/masyarakat"


@pytest.mark.django_db
def test_the_forum_report_equals_network_report_json_for_the_forum(world, api_as, coordinator):
    answer = api_as(coordinator).get(f"/api/v1/forum/{world['F1']}/laporan/", {"per": "2025-06-01"})
    assert answer.status_code == 200
    body = answer.json()
    body.pop("label")
    assert body == _command(KELURAHAN, "--forum", str(world["F1"]), "--as-of", "2025-06-01")
    assert body["figures"]["n_lembaga"] == 2 and body["figures"]["n_kerjasama"] == 1


@pytest.mark.django_db
def test_the_report_of_today_is_the_default_and_labels_follow_the_language(world, api_as, analyst):
    body = api_as(analyst, "en").get(URL).json()
    assert body["as_of"] == "2026-06-15"
    assert body["label"]["tahap"]["3"] == "Coordination"


@pytest.mark.django_db
def test_a_date_before_any_data_is_refused_like_the_page_does(world, api_as, analyst):
    response = api_as(analyst).get(URL, {"per": "2023-01-01"})
    assert response.status_code == 400
    assert "data paling awal 2024-01-01" in response.json()["detail"]


@pytest.mark.django_db
def test_a_failed_background_report_answers_503_without_its_traceback(world, api_as, analyst, settings):
    settings.SIMPUL_BACKGROUND_LIMIT = 1
    client = api_as(analyst)
    assert client.get(URL, {"per": "2025-06-01"}).status_code == 202
    LaporanTugas.objects.update(status=StatusTugas.GAGAL, galat="Traceback: basis data terputus")
    failed = client.get(URL, {"per": "2025-06-01"})
    assert failed.status_code == 503
    assert failed.json()["status"] == "gagal" and "Traceback" not in failed.text


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


# Transactional: jobs are enqueued on commit and the worker command runs them, as in production.
@pytest.mark.django_db(transaction=True)
def test_a_background_sized_scope_answers_202_with_progress_until_the_worker_is_done(world, api_as, analyst, settings):
    settings.SIMPUL_BACKGROUND_LIMIT = 1
    client = api_as(analyst)
    queued = client.get(URL, {"per": "2025-06-01"})
    assert queued.status_code == 202
    body = queued.json()
    poll = f"http://testserver{URL}?per=2025-06-01"
    assert body == {"status": "antri", "status_label": "Menunggu giliran", "kemajuan": 0, "langkah": "", "url": poll}
    assert queued["Location"] == poll and int(queued["Retry-After"]) > 0
    assert client.get(URL, {"per": "2025-06-01"}).status_code == 202  # asking again queues nothing new
    assert LaporanTugas.objects.count() == 1

    run_worker()
    done = client.get(poll)
    assert done.status_code == 200
    report = done.json()
    report.pop("label")
    assert report == _command(KELURAHAN, "--as-of", "2025-06-01")
