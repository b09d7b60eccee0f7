import pytest
from django.urls import reverse

from pranata.models import Kebutuhan, Lembaga, PranataSosial, StatusLembaga, SumberDaya
from tests.conftest import TODAY, login
from tests.factories import KebutuhanFactory, LembagaFactory, SumberDayaFactory

pytestmark = pytest.mark.django_db

LIST = reverse("pranata:lembaga-list")
CREATE = reverse("pranata:lembaga-create")


def form_data(wilayah, **overrides):
    data = {
        "nama": "Posyandu Mawar RW 02",
        "singkatan": "",
        "jenis": "posyandu",
        "sektor": "warga",
        "pranata": PranataSosial.objects.get(kode="kesehatan").pk,
        "wilayah": wilayah.pk,
        "alamat": "Jl. Mayor Ruslan RW 02",
        "tahun_berdiri": "2010",
        "jumlah_anggota": "25",
        "kriteria_keanggotaan": "Ibu-ibu RW 02",
        "sumber_dana": ["iuran", "pemerintah"],
        "kegiatan_utama": "Penimbangan balita",
        "kontak_nama": "Bu Nurhayati",
        "kontak_telepon": "0812-7866-4260",
        "kontak_email": "",
    }
    data.update(overrides)
    return data


# --- list -------------------------------------------------------------------------------------


def test_login_is_required(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_officer_list_shows_only_their_kelurahan(client, officer, wilayah):
    LembagaFactory(nama="Karang Taruna Bina Remaja", wilayah=wilayah["kelurahan"])
    LembagaFactory(nama="Karang Taruna Ketabang", wilayah=wilayah["luar"])
    response = login(client, officer).get(LIST)
    assert response.status_code == 200
    assert "Karang Taruna Bina Remaja" in response.text
    assert "Karang Taruna Ketabang" not in response.text


def test_list_searches_by_name_or_abbreviation(client, officer, wilayah):
    LembagaFactory(nama="Lembaga Pemberdayaan Masyarakat Kelurahan", singkatan="LPMK", wilayah=wilayah["kelurahan"])
    LembagaFactory(nama="Posyandu Melati", wilayah=wilayah["kelurahan"])
    response = login(client, officer).get(LIST, {"q": "lpmk"})
    assert [row.nama for row in response.context["page"].object_list] == ["Lembaga Pemberdayaan Masyarakat Kelurahan"]


def test_list_filters_by_sektor_pranata_wilayah_and_hides_archive_by_default(client, analyst, wilayah):
    kesehatan = PranataSosial.objects.get(kode="kesehatan")
    LembagaFactory(nama="Pustu", sektor="pemerintah", pranata=kesehatan, wilayah=wilayah["kelurahan"])
    LembagaFactory(nama="Posyandu", pranata=kesehatan, wilayah=wilayah["tetangga"])
    LembagaFactory(nama="Arsip Lama", status=StatusLembaga.ARSIP, wilayah=wilayah["kelurahan"])
    login(client, analyst)

    def names(**params):
        return [row.nama for row in client.get(LIST, params).context["page"].object_list]

    assert names() == ["Posyandu", "Pustu"]
    assert names(sektor="pemerintah") == ["Pustu"]
    assert names(pranata=kesehatan.pk, wilayah="16.71.05.1005") == ["Posyandu"]
    assert names(status="arsip") == ["Arsip Lama"]
    assert names(status="semua") == ["Arsip Lama", "Posyandu", "Pustu"]
    assert names(urut="-nama") == ["Pustu", "Posyandu"]


def test_list_wilayah_filter_rejects_codes_outside_scope(client, officer, wilayah):
    LembagaFactory(nama="PKK Ketabang", wilayah=wilayah["luar"])
    response = login(client, officer).get(LIST, {"wilayah": "35.78.09.1002"})
    assert response.status_code == 200
    assert "PKK Ketabang" not in response.text
    assert "Masukkan pilihan yang valid. 35.78.09.1002 bukan salah satu dari pilihan yang tersedia." in response.text
    assert all(row.nama != "PKK Ketabang" for row in response.context["page"].object_list)


def test_list_paginates(client, officer, wilayah, settings):
    settings.SIMPUL_PAGE_SIZE = 5
    for i in range(12):
        LembagaFactory(nama=f"Kelompok {i:02d}", wilayah=wilayah["kelurahan"])
    response = login(client, officer).get(LIST, {"page": 3, "q": "Kelompok"})
    assert [row.nama for row in response.context["page"].object_list] == ["Kelompok 10", "Kelompok 11"]
    assert "Halaman 3 dari 3" in response.text
    assert "q=Kelompok&amp;page=2" in response.text


@pytest.mark.parametrize("n", [3, 30])
def test_list_query_count_does_not_grow_with_page_size(
    client, officer, wilayah, settings, django_assert_max_num_queries, n
):
    settings.SIMPUL_PAGE_SIZE = 50
    for i in range(n):
        lembaga = LembagaFactory(nama=f"Kelompok {i:02d}", wilayah=wilayah["kelurahan"])
        SumberDayaFactory(lembaga=lembaga)
    login(client, officer)
    # 10 on a first visit: the data version is read, then the count, the page's ids and its rows (count and ids
    # are remembered per data version, pranata.pagination; a second visit reads neither).
    with django_assert_max_num_queries(10):
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == n


# --- detail -----------------------------------------------------------------------------------


def test_detail_shows_resources_needs_and_contact(client, officer, wilayah):
    lembaga = LembagaFactory(
        nama="Karang Taruna Bina Remaja",
        wilayah=wilayah["kelurahan"],
        kontak_nama="Pak Darmawan",
        kontak_telepon="+6281278664260",
    )
    SumberDayaFactory(lembaga=lembaga, jenis="tenaga", uraian="20 relawan pemuda")
    KebutuhanFactory(lembaga=lembaga, jenis="peralatan", uraian="Sound system")
    response = login(client, officer).get(lembaga.get_absolute_url())
    assert response.status_code == 200
    for text in ["Karang Taruna Bina Remaja", "20 relawan pemuda", "Sound system", "Pak Darmawan", "0812-7866-4260"]:
        assert text in response.text


@pytest.mark.parametrize("persona", ["officer", "coordinator", "outsider"])
def test_detail_outside_scope_is_404(client, request, wilayah, persona):
    lembaga = LembagaFactory(wilayah=wilayah["tetangga"])
    response = login(client, request.getfixturevalue(persona)).get(lembaga.get_absolute_url())
    assert response.status_code == 404


def test_analyst_reads_detail_without_edit_buttons(client, analyst, wilayah):
    lembaga = LembagaFactory(wilayah=wilayah["kelurahan"])
    response = login(client, analyst).get(lembaga.get_absolute_url())
    assert response.status_code == 200
    assert reverse("pranata:lembaga-edit", args=[lembaga.pk]) not in response.text


# --- create and edit --------------------------------------------------------------------------


def test_officer_registers_a_lembaga(client, officer, wilayah):
    response = login(client, officer).post(CREATE, form_data(wilayah["kelurahan"]))
    lembaga = Lembaga.objects.get()
    assert response.status_code == 302
    assert response.url == lembaga.get_absolute_url()
    assert lembaga.wilayah == wilayah["kelurahan"]
    assert str(lembaga.kontak_telepon) == "+6281278664260"
    assert lembaga.sumber_dana == ["iuran", "pemerintah"]
    assert lembaga.dibuat_oleh == officer
    assert lembaga.history.get().history_user == officer


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"tahun_berdiri": str(TODAY.year + 1)},
            "tahun_berdiri",
            "Tahun berdiri tidak boleh di masa depan.",
        ),
        ({"jumlah_anggota": "-3"}, "jumlah_anggota", "Jumlah anggota tidak boleh negatif."),
        ({"kontak_telepon": "12345"}, "kontak_telepon", "Nomor telepon tidak valid."),
        ({"kontak_email": "bukan-email"}, "kontak_email", "Alamat email tidak valid."),
        ({"nama": ""}, "nama", "Nama lembaga wajib diisi."),
    ],
)
def test_bad_input_is_explained_on_the_field_and_the_rest_is_kept(client, officer, wilayah, overrides, field, message):
    response = login(client, officer).post(CREATE, form_data(wilayah["kelurahan"], **overrides))
    assert response.status_code == 200
    assert not Lembaga.objects.exists()
    assert message in " ".join(response.context["form"].errors[field])
    assert 'value="Jl. Mayor Ruslan RW 02"' in response.text
    assert "Ada isian yang perlu diperbaiki" in response.text


def test_duplicate_name_in_the_same_kelurahan_is_refused_on_the_name_field(client, officer, wilayah):
    LembagaFactory(nama="Posyandu Mawar RW 02", wilayah=wilayah["kelurahan"])
    response = login(client, officer).post(CREATE, form_data(wilayah["kelurahan"], nama="posyandu mawar rw 02"))
    assert response.status_code == 200
    assert Lembaga.objects.count() == 1
    assert response.context["form"].errors["nama"] == ["Sudah ada lembaga bernama “posyandu mawar rw 02” di Ilir D IV."]


def test_wilayah_outside_scope_is_refused(client, officer, wilayah):
    response = login(client, officer).post(CREATE, form_data(wilayah["tetangga"]))
    assert response.status_code == 200
    assert not Lembaga.objects.exists()
    assert response.context["form"].errors["wilayah"] == ["Kelurahan/desa ini di luar wilayah tugas Anda."]


def test_phone_numbers_in_local_formats_are_stored_in_e164(client, officer, wilayah):
    login(client, officer).post(CREATE, form_data(wilayah["kelurahan"], kontak_telepon="(0711) 354123"))
    assert str(Lembaga.objects.get().kontak_telepon) == "+62711354123"


@pytest.mark.parametrize("persona", ["analyst", "coordinator"])
def test_read_only_roles_cannot_open_the_create_form(client, request, persona):
    response = login(client, request.getfixturevalue(persona)).get(CREATE)
    assert response.status_code == 403


def test_officer_edits_a_lembaga(client, officer, wilayah):
    lembaga = LembagaFactory(nama="Posyandu Mawar", wilayah=wilayah["kelurahan"])
    url = reverse("pranata:lembaga-edit", args=[lembaga.pk])
    data = form_data(wilayah["kelurahan"], nama="Posyandu Mawar Indah", aktif_sejak="2010-01-01")
    response = login(client, officer).post(url, data)
    assert response.status_code == 302
    lembaga.refresh_from_db()
    assert lembaga.nama == "Posyandu Mawar Indah"


def test_officer_cannot_edit_lembaga_outside_kelurahan(client, officer, wilayah):
    lembaga = LembagaFactory(nama="PKK Ilir D III", wilayah=wilayah["tetangga"])
    url = reverse("pranata:lembaga-edit", args=[lembaga.pk])
    response = login(client, officer).post(url, form_data(wilayah["kelurahan"], nama="Diambil alih"))
    assert response.status_code == 404
    lembaga.refresh_from_db()
    assert lembaga.nama == "PKK Ilir D III"


# --- archive, resources, needs ----------------------------------------------------------------


def test_archive_then_restore(client, officer, wilayah):
    lembaga = LembagaFactory(wilayah=wilayah["kelurahan"])
    login(client, officer)
    url = reverse("pranata:lembaga-archive", args=[lembaga.pk])
    # The first tap only asks: the page says what archiving means, and nothing changes yet.
    first = client.post(url, {"alasan": "Bubar"})
    assert first.status_code == 200
    html = first.content.decode()
    assert f"Arsipkan “{lembaga.nama}” sejak {TODAY:%d/%m/%Y}?" in html
    assert "Laporan per tanggal sebelumnya tetap menghitungnya." in html
    assert 'name="alasan" value="Bubar"' in html and 'name="konfirmasi" value="1"' in html
    lembaga.refresh_from_db()
    assert lembaga.status == StatusLembaga.AKTIF and not lembaga.riwayat_status.exists()
    assert client.post(url, {"alasan": "Bubar", "konfirmasi": "1"}).status_code == 302
    lembaga.refresh_from_db()
    assert lembaga.status == StatusLembaga.ARSIP
    assert list(lembaga.riwayat_status.values_list("status", "alasan")) == [(StatusLembaga.ARSIP, "Bubar")]
    assert list(client.get(LIST).context["page"].object_list) == []
    client.post(reverse("pranata:lembaga-restore", args=[lembaga.pk]))
    lembaga.refresh_from_db()
    assert lembaga.status == StatusLembaga.AKTIF


def test_archive_needs_post(client, officer, wilayah):
    lembaga = LembagaFactory(wilayah=wilayah["kelurahan"])
    assert login(client, officer).get(reverse("pranata:lembaga-archive", args=[lembaga.pk])).status_code == 405


def test_analyst_cannot_archive(client, analyst, wilayah):
    lembaga = LembagaFactory(wilayah=wilayah["kelurahan"])
    assert login(client, analyst).post(reverse("pranata:lembaga-archive", args=[lembaga.pk])).status_code == 403
    lembaga.refresh_from_db()
    assert lembaga.status == StatusLembaga.AKTIF


def test_officer_adds_and_removes_a_resource(client, officer, wilayah):
    lembaga = LembagaFactory(wilayah=wilayah["kelurahan"])
    login(client, officer)
    response = client.post(
        reverse("pranata:sumber-add", args=[lembaga.pk]), {"sd-jenis": "tempat", "sd-uraian": "Balai RW"}
    )
    assert response.status_code == 302
    item = SumberDaya.objects.get(lembaga=lembaga)
    assert (item.jenis, item.uraian) == ("tempat", "Balai RW")
    url = reverse("pranata:sumber-remove", args=[lembaga.pk, item.pk])
    asked = client.post(url)
    assert asked.status_code == 200 and "Hapus “Balai RW”?" in asked.content.decode()
    assert SumberDaya.objects.filter(pk=item.pk).exists()  # asking removes nothing
    assert client.post(url, {"konfirmasi": "1"}).status_code == 302
    assert not SumberDaya.objects.exists()


def test_resource_without_description_is_explained(client, officer, wilayah):
    lembaga = LembagaFactory(wilayah=wilayah["kelurahan"])
    url = reverse("pranata:kebutuhan-add", args=[lembaga.pk])
    response = login(client, officer).post(url, {"kb-jenis": "dana", "kb-uraian": ""})
    assert response.status_code == 400
    assert "Tulis uraian singkat." in response.text
    assert not Kebutuhan.objects.exists()


def test_need_can_be_marked_met(client, officer, wilayah):
    need = KebutuhanFactory(lembaga=LembagaFactory(wilayah=wilayah["kelurahan"]))
    login(client, officer).post(reverse("pranata:kebutuhan-toggle", args=[need.lembaga.pk, need.pk]))
    need.refresh_from_db()
    assert need.terpenuhi


def test_outsider_cannot_add_resources_to_a_lembaga_they_cannot_see(client, outsider, wilayah):
    lembaga = LembagaFactory(wilayah=wilayah["kelurahan"])
    url = reverse("pranata:sumber-add", args=[lembaga.pk])
    response = login(client, outsider).post(url, {"sd-jenis": "tempat", "sd-uraian": "Balai"})
    assert response.status_code == 404
    assert not SumberDaya.objects.exists()


def _queries(client, url, params=None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_detail_query_count_is_the_same_for_two_ties_and_for_twenty(client, officer, wilayah):
    import datetime

    from pranata import services

    counts = []
    for n in (2, 20):
        hub = LembagaFactory(nama=f"Pusat {n}", wilayah=wilayah["kelurahan"])
        for i in range(n):
            partner = LembagaFactory(nama=f"Mitra {n}-{i}", wilayah=wilayah["kelurahan" if i % 2 else "tetangga"])
            tie = services.kerjasama_create(
                lembaga_a=hub, lembaga_b=partner, tahap=1, mulai=datetime.date(2024, 1, 1), oleh=officer
            )
            services.kerjasama_set_tahap(
                kerjasama=tie, tahap=2, tanggal=datetime.date(2024, 6, 1), oleh=officer, bukti=""
            )
            SumberDayaFactory(lembaga=hub)
            KebutuhanFactory(lembaga=hub)
        login(client, officer)
        counts.append(_queries(client, reverse("pranata:lembaga-detail", args=[hub.pk])))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("deep", [False, True])
def test_list_query_count_is_the_same_on_a_first_and_a_deep_page(client, officer, wilayah, settings, deep):
    settings.SIMPUL_PAGE_SIZE = 5
    for i in range(40):
        LembagaFactory(nama=f"Kelompok {i:02d}", wilayah=wilayah["kelurahan"])
    login(client, officer)
    _queries(client, LIST, {"page": 3})  # the scope's count is remembered from here on: both pages read ids
    assert _queries(client, LIST, {"page": 8 if deep else 1}) == _queries(client, LIST, {"page": 2})
