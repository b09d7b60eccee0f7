import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pranata import access, services
from pranata.models import Kerjasama, Peran, RiwayatTahap, StatusLembaga
from tests.conftest import TETANGGA, TODAY, login
from tests.factories import LembagaFactory, user_with_role, wilayah_path

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def pair(wilayah):
    return (
        LembagaFactory(nama="LPMK Ilir D IV", wilayah=wilayah["kelurahan"]),
        LembagaFactory(nama="PKK Ilir D IV", wilayah=wilayah["kelurahan"]),
    )


def create(officer, a, b, **kwargs):
    defaults = {"tahap": 1, "mulai": D(2024, 1, 10), "bukti": "Rapat forum"}
    return services.kerjasama_create(lembaga_a=a, lembaga_b=b, oleh=officer, **(defaults | kwargs))


# --- services ---------------------------------------------------------------------------------


def test_tie_is_stored_once_whichever_way_it_is_entered(officer, pair):
    a, b = pair
    tie = create(officer, b, a)
    assert (tie.lembaga_a_id, tie.lembaga_b_id) == (min(a.pk, b.pk), max(a.pk, b.pk))
    with pytest.raises(ValidationError, match="sudah tercatat"):
        create(officer, a, b)
    assert Kerjasama.objects.count() == 1


def test_tie_with_itself_is_refused(officer, pair):
    with pytest.raises(ValidationError, match="dirinya sendiri"):
        create(officer, pair[0], pair[0])
    assert not Kerjasama.objects.exists()


def test_first_stage_is_written_to_the_history(officer, pair):
    tie = create(officer, *pair, tahap=2)
    assert list(tie.riwayat.values_list("tahap", "berlaku_mulai", "bukti", "oleh")) == [
        (2, D(2024, 1, 10), "Rapat forum", officer.pk)
    ]


def test_stage_change_adds_a_dated_row_and_updates_the_declared_stage(officer, pair):
    tie = create(officer, *pair)
    services.kerjasama_set_tahap(kerjasama=tie, tahap=3, tanggal=D(2024, 6, 1), oleh=officer, bukti="MoU")
    tie.refresh_from_db()
    assert tie.tahap == 3
    assert list(tie.riwayat.values_list("tahap", "berlaku_mulai")) == [(1, D(2024, 1, 10)), (3, D(2024, 6, 1))]


@pytest.mark.parametrize(
    ("tanggal", "message"),
    [
        (D(2023, 12, 31), "sebelum kerjasama dimulai"),
        (TODAY + datetime.timedelta(days=1), "masa depan"),
    ],
)
def test_stage_change_date_must_be_inside_the_ties_life(officer, pair, tanggal, message):
    tie = create(officer, *pair)
    with pytest.raises(ValidationError, match=message):
        services.kerjasama_set_tahap(kerjasama=tie, tahap=2, tanggal=tanggal, oleh=officer, bukti="x")
    assert RiwayatTahap.objects.count() == 1


def test_inactive_lembaga_cannot_get_a_new_tie(officer, pair):
    a, b = pair
    b.status = StatusLembaga.TIDAK_AKTIF
    b.save()
    with pytest.raises(ValidationError, match="tidak aktif"):
        create(officer, a, b)


def test_a_tie_may_cross_into_a_neighbouring_kelurahan(officer, wilayah, pair):
    neighbour = LembagaFactory(nama="Karang Taruna Ilir D III", wilayah=wilayah["tetangga"])
    tie = create(officer, pair[0], neighbour)
    stored = Kerjasama.objects.get(pk=tie.pk)
    assert {stored.lembaga_a, stored.lembaga_b} == {pair[0], neighbour}
    assert (stored.tahap, stored.mulai) == (1, D(2024, 1, 10))
    assert list(stored.riwayat.values_list("tahap", "berlaku_mulai")) == [(1, D(2024, 1, 10))]


def test_a_cross_kelurahan_tie_is_seen_and_edited_by_both_officers_and_no_third(client, officer, wilayah, pair):
    """Either end's officer may see and restage the tie; an officer of a third kelurahan nearby may not."""
    neighbour = LembagaFactory(nama="Karang Taruna Ilir D III", wilayah=wilayah["tetangga"])
    tie = create(officer, pair[0], neighbour)
    other_end = user_with_role("petugas.ilir3", Peran.PETUGAS, [TETANGGA])
    wilayah_path("16.71.05.1004", "Ilir D II")
    third = user_with_role("petugas.ilir2", Peran.PETUGAS, ["16.71.05.1004"])
    assert set(access.visible_kerjasama(officer)) == {tie}
    assert set(access.visible_kerjasama(other_end)) == {tie}
    assert set(access.editable_kerjasama(other_end)) == {tie}
    assert not access.visible_kerjasama(third).exists()
    assert not access.editable_kerjasama(third).exists()

    url = reverse("pranata:kerjasama-tahap", args=[tie.pk])
    assert login(client, third).get(tie.get_absolute_url()).status_code == 404
    assert client.post(url, {"tahap": 3, "tanggal": "2024-05-05", "bukti": "x"}).status_code == 404
    assert Kerjasama.objects.get(pk=tie.pk).tahap == 1
    assert login(client, other_end).get(tie.get_absolute_url()).status_code == 200
    assert client.post(url, {"tahap": 2, "tanggal": "2024-05-05", "bukti": "Kesepakatan RW"}).status_code == 302
    assert Kerjasama.objects.get(pk=tie.pk).tahap == 2


def test_officer_cannot_tie_two_lembaga_outside_their_scope(officer, wilayah):
    a = LembagaFactory(wilayah=wilayah["tetangga"])
    b = LembagaFactory(wilayah=wilayah["tetangga"])
    with pytest.raises(PermissionDenied):
        create(officer, a, b)


def test_ending_a_tie_keeps_it_and_blocks_further_stage_changes(officer, pair):
    tie = create(officer, *pair)
    services.kerjasama_end(kerjasama=tie, tanggal=D(2024, 3, 1), oleh=officer, alasan="Program selesai")
    tie.refresh_from_db()
    assert tie.selesai == D(2024, 3, 1)
    with pytest.raises(ValidationError, match="sudah berakhir"):
        services.kerjasama_set_tahap(kerjasama=tie, tahap=2, tanggal=D(2024, 4, 1), oleh=officer, bukti="x")


# --- views ------------------------------------------------------------------------------------


def test_officer_adds_a_tie_from_the_lembaga_page(client, officer, pair):
    a, b = pair
    url = reverse("pranata:kerjasama-create", args=[a.pk])
    data = {"mitra": b.pk, "tahap": 2, "mulai": "2024-02-01", "dasar": "informal", "bukti": "Kesepakatan rapat"}
    response = login(client, officer).post(url, data)
    assert response.status_code == 302
    tie = Kerjasama.objects.get()
    assert (tie.tahap, tie.mulai) == (2, D(2024, 2, 1))
    page = client.get(a.get_absolute_url())
    assert "PKK Ilir D IV" in page.text
    assert "2 · Kooperasi" in page.text


def test_duplicate_pair_in_the_form_is_explained_and_nothing_is_saved(client, officer, pair):
    a, b = pair
    create(officer, a, b)
    url = reverse("pranata:kerjasama-create", args=[b.pk])
    response = login(client, officer).post(
        url, {"mitra": a.pk, "tahap": 1, "mulai": "2024-02-01", "dasar": "informal", "catatan": "catatan saya"}
    )
    assert response.status_code == 200
    assert Kerjasama.objects.count() == 1
    assert "sudah tercatat" in response.text
    assert "catatan saya" in response.text


def test_future_start_date_is_refused_on_the_field(client, officer, pair):
    a, b = pair
    future = (TODAY + datetime.timedelta(days=3)).isoformat()
    url = reverse("pranata:kerjasama-create", args=[a.pk])
    response = login(client, officer).post(url, {"mitra": b.pk, "tahap": 1, "mulai": future, "dasar": "informal"})
    assert response.context["form"].errors["mulai"] == ["Tanggal tidak boleh di masa depan."]
    assert not Kerjasama.objects.exists()


def test_document_must_be_a_real_pdf_or_image(client, officer, pair):
    from django.core.files.uploadedfile import SimpleUploadedFile

    a, b = pair
    fake = SimpleUploadedFile("mou.pdf", b"MZ not a pdf", content_type="application/pdf")
    url = reverse("pranata:kerjasama-create", args=[a.pk])
    data = {"mitra": b.pk, "tahap": 3, "mulai": "2024-02-01", "dasar": "mou", "dokumen": fake}
    response = login(client, officer).post(url, data)
    assert "Dokumen harus berupa PDF, JPG atau PNG yang sah." in response.context["form"].errors["dokumen"]
    assert not Kerjasama.objects.exists()


def test_stage_change_through_the_timeline_page(client, officer, pair):
    tie = create(officer, *pair)
    url = reverse("pranata:kerjasama-tahap", args=[tie.pk])
    response = login(client, officer).post(url, {"tahap": 3, "tanggal": "2024-05-05", "bukti": "Rencana bersama"})
    assert response.status_code == 302
    tie.refresh_from_db()
    assert tie.tahap == 3
    page = client.get(tie.get_absolute_url())
    assert "Rencana bersama" in page.text


def test_stage_change_before_start_is_explained_on_the_page(client, officer, pair):
    tie = create(officer, *pair)
    url = reverse("pranata:kerjasama-tahap", args=[tie.pk])
    response = login(client, officer).post(url, {"tahap": 3, "tanggal": "2023-05-05", "bukti": "Terlalu awal"})
    assert response.status_code == 400
    assert "sebelum kerjasama dimulai" in response.text
    assert "Terlalu awal" in response.text
    tie.refresh_from_db()
    assert tie.tahap == 1


def test_end_tie_through_the_page(client, officer, pair):
    tie = create(officer, *pair)
    url = reverse("pranata:kerjasama-akhiri", args=[tie.pk])
    asked = login(client, officer).post(url, {"tanggal": "09/09/2024", "alasan": "Bubar"})
    assert asked.status_code == 200
    assert "per 09/09/2024?" in asked.content.decode()
    tie.refresh_from_db()
    assert tie.selesai is None  # asking ends nothing
    assert client.post(url, {"tanggal": "09/09/2024", "alasan": "Bubar", "konfirmasi": "1"}).status_code == 302
    tie.refresh_from_db()
    assert (tie.selesai, tie.alasan_selesai) == (D(2024, 9, 9), "Bubar")


def test_analyst_reads_the_timeline_but_cannot_change_it(client, officer, analyst, pair):
    tie = create(officer, *pair)
    login(client, analyst)
    assert client.get(tie.get_absolute_url()).status_code == 200
    url = reverse("pranata:kerjasama-tahap", args=[tie.pk])
    assert client.post(url, {"tahap": 5, "tanggal": "2024-05-05", "bukti": "x"}).status_code == 403
    tie.refresh_from_db()
    assert tie.tahap == 1


def test_outsider_gets_404_for_a_tie(client, officer, outsider, pair):
    tie = create(officer, *pair)
    assert login(client, outsider).get(tie.get_absolute_url()).status_code == 404


def test_partner_choices_exclude_inactive_and_far_away_lembaga(client, officer, wilayah, pair):
    LembagaFactory(nama="Arsip Lama", wilayah=wilayah["kelurahan"], status=StatusLembaga.ARSIP)
    LembagaFactory(nama="Tetangga Aktif", wilayah=wilayah["tetangga"])
    LembagaFactory(nama="Jauh di Surabaya", wilayah=wilayah["luar"])
    # Same kabupaten (Kota Palembang), another kecamatan: outside the kecamatan bound.
    LembagaFactory(nama="Kecamatan Lain", wilayah=wilayah_path("16.71.04.1001", "Sungai Pangeran"))
    response = login(client, officer).get(reverse("pranata:kerjasama-create", args=[pair[0].pk]))
    names = {lembaga.nama for lembaga in response.context["form"].fields["mitra"].queryset}
    assert names == {"PKK Ilir D IV", "Tetangga Aktif"}
    assert set(access.tie_partner_candidates(officer, pair[0]).values_list("nama", flat=True)) == names


def test_mou_document_is_uploaded_and_served_only_inside_scope(client, officer, outsider, pair, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    a, b = pair
    pdf = SimpleUploadedFile("mou.pdf", b"%PDF-1.4 kesepakatan", content_type="application/pdf")
    url = reverse("pranata:kerjasama-create", args=[a.pk])
    login(client, officer).post(url, {"mitra": b.pk, "tahap": 3, "mulai": "2024-02-01", "dasar": "mou", "dokumen": pdf})
    tie = Kerjasama.objects.get()
    response = client.get(reverse("pranata:kerjasama-dokumen", args=[tie.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 kesepakatan"
    assert login(client, outsider).get(reverse("pranata:kerjasama-dokumen", args=[tie.pk])).status_code == 404
