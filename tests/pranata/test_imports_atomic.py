"""An import is all-or-nothing: a failure in the middle of writing leaves nothing saved, on every path.

These run without the per-test transaction (transaction=True), so a missing `atomic` would commit the rows
written before the failure, as it would in production.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse

from pranata import imports, services
from pranata.models import Lembaga
from tests.conftest import login
from tests.factories import LembagaFactory

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = ",".join(imports.KINDS["lembaga"].COLUMNS)
# One new row (written first, by bulk create) and one change to an existing lembaga (written second).
ROWS = [
    ",16.71.05.1006,Posyandu Mawar,,warga,kesehatan,2010,25,,,,aktif",
    "16.71.05.1006-0001,16.71.05.1006,LPMK Ilir D IV Baru,,pemerintah,pemerintahan-lokal,,,,,,aktif",
]


@pytest.fixture
def existing(wilayah):
    return LembagaFactory(kode="16.71.05.1006-0001", nama="LPMK Ilir D IV", wilayah=wilayah["kelurahan"])


@pytest.fixture
def failing_update(monkeypatch):
    """The second write step fails, as a clash with a concurrent save would."""

    def clash(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed (simulated clash)")

    monkeypatch.setattr(services, "bulk_update_with_history", clash)


def data() -> bytes:
    return ("\n".join([HEADER, *ROWS]) + "\n").encode()


def assert_nothing_saved(existing) -> None:
    assert list(Lembaga.objects.values_list("nama", flat=True)) == ["LPMK Ilir D IV"]
    assert Lembaga.history.filter(nama="Posyandu Mawar").count() == 0
    existing.refresh_from_db()
    assert existing.nama == "LPMK Ilir D IV"


def test_the_plan_is_what_the_failing_writes_would_have_saved(officer, existing):
    assert imports.plan("lembaga", data(), "data.csv", officer).counts == {
        "baru": 1,
        "berubah": 1,
        "tetap": 0,
        "galat": 0,
    }


def test_a_failure_mid_write_saves_nothing_through_the_service(officer, existing, failing_update):
    result = imports.plan("lembaga", data(), "data.csv", officer)
    with pytest.raises(IntegrityError):
        imports.apply(result, officer)
    assert_nothing_saved(existing)


def test_a_failure_mid_write_saves_nothing_through_the_web_confirm(client, officer, existing, failing_update):
    login(client, officer)
    preview = client.post(
        reverse("pranata:impor"), {"jenis": "lembaga", "berkas": SimpleUploadedFile("lembaga.csv", data())}
    )
    assert "1 baru" in preview.text
    with pytest.raises(IntegrityError):
        client.post(
            reverse("pranata:impor-konfirmasi"),
            {"jenis": "lembaga", "token": preview.context["token"], "filename": "lembaga.csv"},
        )
    assert_nothing_saved(existing)


def test_a_failure_mid_write_saves_nothing_through_the_command(officer, existing, failing_update, tmp_path):
    path = tmp_path / "lembaga.csv"
    path.write_bytes(data())
    with pytest.raises(IntegrityError):
        call_command("import_data", "lembaga", str(path), "--user", "petugas")
    assert_nothing_saved(existing)
