import pytest
from django.urls import reverse

from tests.conftest import login
from tests.factories import ForumFactory

pytestmark = pytest.mark.django_db

LIST = reverse("forum:forum-list")


def test_coordinator_sees_only_the_forums_they_coordinate(client, coordinator, wilayah):
    mine = ForumFactory(nama="Forum Pranata Sosial Ilir D IV", wilayah=wilayah["kelurahan"])
    mine.koordinator.add(coordinator)
    ForumFactory(nama="Forum Lain Ilir D IV", wilayah=wilayah["kelurahan"])
    response = login(client, coordinator).get(LIST)
    assert [forum.nama for forum in response.context["page"].object_list] == ["Forum Pranata Sosial Ilir D IV"]


def test_analyst_sees_forums_in_their_region_only(client, analyst, wilayah):
    ForumFactory(nama="Forum Ilir D III", wilayah=wilayah["tetangga"])
    ForumFactory(nama="Forum Ketabang", wilayah=wilayah["luar"])
    response = login(client, analyst).get(LIST, {"q": "forum"})
    assert [forum.nama for forum in response.context["page"].object_list] == ["Forum Ilir D III"]


def test_forum_list_query_count_is_constant(client, analyst, wilayah, django_assert_max_num_queries):
    for i in range(15):
        ForumFactory(nama=f"Forum {i}", wilayah=wilayah["tetangga"])
    login(client, analyst)
    with django_assert_max_num_queries(7):
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 15
