import pytest
from django.urls import reverse

from pranata import services
from pranata.models import Lembaga
from tests.conftest import login
from tests.factories import LembagaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(officer, wilayah):
    lembaga = services.lembaga_create(
        oleh=officer,
        wilayah=wilayah["kelurahan"],
        nama="Posyandu Mawar",
        sektor="warga",
        pranata=LembagaFactory.pranata.function(),
        jumlah_anggota=20,
    )
    services.lembaga_update(lembaga=lembaga, oleh=officer, nama="Posyandu Mawar Indah", jumlah_anggota=25)
    return lembaga


def test_history_page_shows_who_changed_which_fields_from_what_to_what(client, officer, edited):
    response = login(client, officer).get(reverse("pranata:lembaga-riwayat", args=[edited.pk]))
    assert response.status_code == 200
    latest = response.context["page"].object_list[0]
    assert latest["record"].history_user == officer
    assert {(c["field"], c["old"], c["new"]) for c in latest["changes"]} == {
        ("nama lembaga", "Posyandu Mawar", "Posyandu Mawar Indah"),
        ("jumlah anggota", "20", "25"),
    }
    assert "Posyandu Mawar Indah" in response.text


def test_history_outside_scope_is_404(client, outsider, edited):
    assert login(client, outsider).get(reverse("pranata:lembaga-riwayat", args=[edited.pk])).status_code == 404


def test_admin_gets_a_restore_link_and_an_earlier_version_can_be_restored(client, admin_user, edited):
    response = login(client, admin_user).get(reverse("pranata:lembaga-riwayat", args=[edited.pk]))
    assert response.context["restore"] == reverse("admin:pranata_lembaga_history", args=[edited.pk])
    first = edited.history.earliest("history_date")
    revert_page = client.get(reverse("admin:pranata_lembaga_simple_history", args=[edited.pk, first.history_id]))
    assert revert_page.status_code == 200
    assert "Posyandu Mawar" in revert_page.text
    # Post the admin's revert form back exactly as the page filled it, as the admin's "Simpan" button does.
    form = revert_page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else ([str(v) for v in value] if isinstance(value, list | tuple) else value)
    data["_save"] = "Simpan"
    response = client.post(revert_page.request["PATH_INFO"], data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    restored = Lembaga.objects.get(pk=edited.pk)
    assert (restored.nama, restored.jumlah_anggota) == ("Posyandu Mawar", 20)
    assert edited.history.count() == 3
    assert edited.history.latest("history_date").history_user == admin_user


def test_non_admin_gets_no_restore_link(client, officer, edited):
    response = login(client, officer).get(reverse("pranata:lembaga-riwayat", args=[edited.pk]))
    assert response.context["restore"] is None
