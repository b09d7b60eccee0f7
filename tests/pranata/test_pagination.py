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
    with django_assert_num_queries(3):  # count, the page's ids, the page's rows
        shown = list(page.page(3))
    assert len(shown) == 2
