import pytest
from django.urls import reverse

from pranata.models import StatusLembaga
from tests.conftest import login
from tests.factories import LembagaFactory, SumberDayaFactory, wilayah_path

pytestmark = pytest.mark.django_db

HOME = reverse("pranata:home")


def test_officer_home_lists_gaps_in_their_kelurahan(client, officer, wilayah):
    complete = LembagaFactory(
        nama="LPMK Ilir D IV", wilayah=wilayah["kelurahan"], kontak_nama="Pak Darmawan", kontak_telepon="+6281278664260"
    )
    SumberDayaFactory(lembaga=complete)
    LembagaFactory(nama="Arisan RT 07", wilayah=wilayah["kelurahan"])
    LembagaFactory(nama="Arisan Surabaya", wilayah=wilayah["luar"])
    response = login(client, officer).get(HOME)
    assert response.status_code == 200
    assert response.context["gap_counts"] == {"tanpa_kontak": 1, "tanpa_sumber": 1}
    assert [lembaga.nama for lembaga in response.context["gaps"]["tanpa_kontak"]] == ["Arisan RT 07"]
    assert "Arisan Surabaya" not in response.text


def test_analyst_home_counts_lembaga_per_wilayah_below_them(client, analyst, wilayah):
    wilayah_path("16.72", "Kota Prabumulih")
    LembagaFactory(wilayah=wilayah["kelurahan"])
    LembagaFactory(wilayah=wilayah["tetangga"], status=StatusLembaga.TIDAK_AKTIF)
    LembagaFactory(wilayah=wilayah["tetangga"], status=StatusLembaga.ARSIP)
    LembagaFactory(wilayah=wilayah["luar"])
    response = login(client, analyst).get(HOME)
    [ringkasan] = response.context["ringkasan"]
    assert ringkasan["wilayah"].kode == "16"
    assert [(row["wilayah"].kode, row["aktif"], row["total"]) for row in ringkasan["anak"]] == [
        ("16.71", 1, 2),
        ("16.72", 0, 0),
    ]
    assert "gaps" not in response.context


def _warm_home_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(HOME)  # the first visit after a change computes the network report (as the report page would)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


def test_home_query_count_is_constant(client, analyst, wilayah):
    for i in range(20):
        LembagaFactory(wilayah=wilayah["kelurahan"] if i % 2 else wilayah["tetangga"])
    login(client, analyst)
    few = _warm_home_queries(client)
    for i in range(30):
        LembagaFactory(wilayah=wilayah["kelurahan"] if i % 2 else wilayah["tetangga"])
    assert _warm_home_queries(client) == few
    assert few <= 18
