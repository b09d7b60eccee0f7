"""The health page: up and reaching the database, without login, in one query; 503 when the database fails."""

import pytest
from django.db import DatabaseError
from django.urls import reverse

from pranata import dataversion

pytestmark = pytest.mark.django_db


def test_the_health_page_answers_anonymously_with_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("pranata:sehat"))
    assert response.status_code == 200
    assert "Simpul berjalan; basis data menjawab." in response.text
    assert "no-cache" in response["Cache-Control"]


def test_the_health_page_says_503_when_the_database_does_not_answer(client, monkeypatch):
    def down(**kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(dataversion, "current", down)
    response = client.get(reverse("pranata:sehat"))
    assert response.status_code == 503
    assert "basis data tidak menjawab" in response.text


def test_the_health_page_only_reads(client):
    assert client.post(reverse("pranata:sehat")).status_code == 405
