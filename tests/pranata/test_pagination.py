"""Late-row pagination gives exactly the pages plain pagination gives, in the same order."""

import pytest
from django.core.paginator import Paginator

from pranata import selectors
from pranata.models import Lembaga
from pranata.pagination import LateRowPaginator
from tests.factories import LembagaFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("order", [("nama", "pk"), ("-tahun_berdiri", "pk"), ("jumlah_anggota", "-pk")])
def test_every_page_matches_plain_pagination_whatever_the_order(wilayah, order):
    places = [wilayah["kelurahan"], wilayah["tetangga"], wilayah["luar"]]
    for i in range(23):  # names repeat across kelurahan, years and sizes repeat: the pk tiebreaker decides
        LembagaFactory(
            nama=f"Posyandu {i % 8}", tahun_berdiri=2000 + i % 3, jumlah_anggota=i % 5, wilayah=places[i % 3]
        )
    rows = selectors.lembaga_list_rows(Lembaga.objects.order_by(*order))
    plain, late = Paginator(rows, 5), LateRowPaginator(rows, 5)
    assert late.num_pages == plain.num_pages == 5
    for number in plain.page_range:
        expected = [(r.pk, r.nama, r.n_sumber, r.wilayah.kode) for r in plain.page(number)]
        assert [(r.pk, r.nama, r.n_sumber, r.wilayah.kode) for r in late.page(number)] == expected


def test_a_deep_page_reads_ids_first_then_only_its_own_rows(wilayah, django_assert_num_queries):
    for _ in range(12):
        LembagaFactory(wilayah=wilayah["kelurahan"])
    page = LateRowPaginator(selectors.lembaga_list_rows(Lembaga.objects.order_by("nama", "pk")), 5)
    with django_assert_num_queries(4):  # the data version, the count, the page's ids, the page's rows
        shown = list(page.page(3))
    assert len(shown) == 2


def test_a_page_seen_again_reads_only_the_version_and_its_rows_until_something_is_written(
    wilayah, django_assert_num_queries
):
    for i in range(12):
        LembagaFactory(nama=f"Kelompok {i:02d}", wilayah=wilayah["kelurahan"])
    rows = selectors.lembaga_list_rows(Lembaga.objects.order_by("nama", "pk"))
    first = [r.nama for r in LateRowPaginator(rows, 5).page(2)]
    with django_assert_num_queries(2):  # the data version, the page's rows: count and ids are remembered
        again = LateRowPaginator(rows, 5)
        assert [r.nama for r in again.page(2)] == first and again.count == 12
    LembagaFactory(nama="Kelompok 00a", wilayah=wilayah["kelurahan"])  # a write moves the data version
    moved = LateRowPaginator(rows, 5)
    assert moved.count == 13
    assert [r.nama for r in moved.page(2)] == [
        "Kelompok 04",
        "Kelompok 05",
        "Kelompok 06",
        "Kelompok 07",
        "Kelompok 08",
    ]
    assert first == ["Kelompok 05", "Kelompok 06", "Kelompok 07", "Kelompok 08", "Kelompok 09"]


def test_an_empty_scope_pages_without_asking_the_database_for_its_rows(django_assert_max_num_queries):
    with django_assert_max_num_queries(1):  # the data version; `pk__in=[]` is answered by Django itself
        page = LateRowPaginator(Lembaga.objects.filter(pk__in=[]).order_by("pk"), 5).page(1)
    assert list(page) == [] and page.paginator.count == 0


def test_the_list_filter_leaves_out_exactly_the_archived_lembaga(wilayah):
    from pranata.filters import not_archived
    from pranata.models import StatusLembaga

    for status in [StatusLembaga.AKTIF, StatusLembaga.ARSIP, StatusLembaga.TIDAK_AKTIF, StatusLembaga.ARSIP]:
        LembagaFactory(wilayah=wilayah["kelurahan"], status=status)
    expected = list(Lembaga.objects.not_archived().order_by("nama", "pk").values_list("pk", flat=True))
    assert list(not_archived(Lembaga.objects.all()).order_by("nama", "pk").values_list("pk", flat=True)) == expected
    assert len(expected) == 2
