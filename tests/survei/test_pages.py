"""The survey's pages for every role, their query counts, the printed invitations and questionnaire, and the
exports."""

from __future__ import annotations

import csv
import io
import re

import networkx as nx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from forum.models import Keanggotaan
from survei import exports, services
from survei.models import Responden
from tests.conftest import login
from tests.factories import LembagaFactory
from tests.survei.conftest import answer, responden

pytestmark = pytest.mark.django_db

READERS = {"admin_user", "officer", "coordinator", "analyst"}
MANAGERS = {"admin_user", "officer", "coordinator"}
OPENERS = {"admin_user", "officer", "coordinator", "outsider"}  # the outsider opens rounds in Surabaya
PAPER = {"admin_user", "officer"}
# URL name → who gets 200 (others: 404, or 403 for a role that may never do it)
EXPECTED = {
    "gelombang-list": READERS | {"outsider"},
    "gelombang-create": OPENERS,
    "gelombang-detail": READERS,
    "gelombang-edit": MANAGERS,
    "undangan": MANAGERS,
    "kertas": MANAGERS,
    "responden-detail": MANAGERS,
    "responden-isi": PAPER,
    "pasangan": READERS,
    "skor": READERS,
    "jaringan": READERS,
    "banding": READERS,
    "unduh": MANAGERS,
}
POST_ONLY = {"responden-cabut", "agenda", "adopsi"}


@pytest.fixture
def world(gelombang, links, members, ties):
    a, b = members["a"], members["b"]
    answer(gelombang, a, [(b, 3)])
    answer(gelombang, b, [(a, 3)])
    rid = responden(gelombang, a).pk
    return {
        "gelombang-detail": [gelombang.pk],
        "gelombang-edit": [gelombang.pk],
        "undangan": [gelombang.pk],
        "kertas": [gelombang.pk],
        "responden-detail": [gelombang.pk, rid],
        "responden-isi": [gelombang.pk, rid],
        "responden-cabut": [gelombang.pk, rid],
        "pasangan": [gelombang.pk],
        "agenda": [gelombang.pk],
        "adopsi": [gelombang.pk],
        "skor": [gelombang.pk],
        "jaringan": [gelombang.pk],
        "banding": [gelombang.pk],
        "unduh": [gelombang.pk, "csv"],
        "isi": [links["c"]],
    }


def test_the_walk_covers_every_survey_url(world):
    from django.urls import get_resolver

    names = {p.name for p in get_resolver().namespace_dict["survei"][1].url_patterns}
    assert names == set(EXPECTED) | POST_ONLY | {"isi"}


@pytest.mark.parametrize("persona", ["admin_user", "officer", "coordinator", "analyst", "outsider"])
def test_every_survey_url_answers_each_role_as_allowed(client, request, world, persona):
    login(client, request.getfixturevalue(persona))
    answered = {name: client.get(reverse(f"survei:{name}", args=world.get(name, []))).status_code for name in EXPECTED}
    assert {name for name, status in answered.items() if status == 200} == {
        name for name, allowed in EXPECTED.items() if persona in allowed
    }
    assert set(answered.values()) <= {200, 403, 404}
    for name in POST_ONLY:
        assert client.get(reverse(f"survei:{name}", args=world[name])).status_code == 405
    assert client.get(reverse("survei:isi", args=world["isi"])).status_code == 200  # a link needs no account


def test_anonymous_visitors_reach_only_the_personal_link(client, world):
    for name in set(EXPECTED) | POST_ONLY:
        response = client.get(reverse(f"survei:{name}", args=world.get(name, [])))
        assert response.status_code == 302 and response.url.startswith(reverse("login")), name
    assert client.get(reverse("survei:isi", args=world["isi"])).status_code == 200


def test_dinas_sosial_reads_aggregates_without_who_said_what(client, world, analyst, gelombang, members):
    login(client, analyst)
    pairs = client.get(reverse("survei:pasangan", args=[gelombang.pk])).content.decode()
    assert "A LPMK — B PKK" in pairs and "dikonfirmasi" in pairs
    assert "Menurut A LPMK" not in pairs and "Tetapkan" not in pairs
    detail = client.get(gelombang.get_absolute_url()).content.decode()
    assert 'id="responden"' not in detail and "50%" in detail  # 2 of 4 sent


def test_the_coordinator_reads_who_said_what(client, world, coordinator, gelombang):
    login(client, coordinator)
    pairs = client.get(reverse("survei:pasangan", args=[gelombang.pk])).content.decode()
    assert "Menurut A LPMK" in pairs and "Menurut B PKK" in pairs
    assert "Tetapkan" not in pairs  # adopting is an officer's


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(gelombang, forum, members, wilayah, n: int) -> None:
    """n more members, answering, in the round: more rows everywhere, the same queries."""
    extra = [LembagaFactory(nama=f"Tambahan {i:02d}", wilayah=wilayah["kelurahan"]) for i in range(n)]
    for lembaga in extra:
        Keanggotaan.objects.create(forum=forum, lembaga=lembaga, mulai=gelombang.dibuka)
        Responden.objects.create(gelombang=gelombang, lembaga=lembaga)
    for lembaga in extra:
        answer(gelombang, lembaga, [(members["a"], 2), (members["b"], 3)])
    answer(gelombang, members["a"], [(lembaga, 2) for lembaga in extra])


def test_survey_pages_read_a_constant_number_of_queries(client, world, officer, gelombang, forum, members, wilayah):
    login(client, officer)
    urls = [
        reverse("survei:gelombang-list"),
        gelombang.get_absolute_url(),
        reverse("survei:pasangan", args=[gelombang.pk]),
        reverse("survei:skor", args=[gelombang.pk]),
        reverse("survei:jaringan", args=[gelombang.pk]),
        reverse("survei:responden-detail", args=world["responden-detail"]),
    ]
    before = [_queries(client, url) for url in urls]
    _grow(gelombang, forum, members, wilayah, 12)
    assert [_queries(client, url) for url in urls] == before


def test_the_questionnaire_reads_a_constant_number_of_queries(
    client, gelombang, coordinator, forum, members, wilayah, ties
):
    [(_row, token)] = services.token_issue(
        gelombang=gelombang, oleh=coordinator, responden=[responden(gelombang, members["a"])]
    )
    answer(gelombang, members["a"], [(members["b"], 3)], final=False)
    url = reverse("survei:isi", args=[token])
    before = _queries(client, url)
    _grow(gelombang, forum, members, wilayah, 12)
    assert _queries(client, url) == before
    assert before <= 20, before


def test_printing_invitations_makes_new_links_that_work_and_retires_the_old(
    client, world, coordinator, gelombang, links
):
    login(client, coordinator)
    explained = client.get(reverse("survei:undangan", args=[gelombang.pk])).content.decode()
    assert "Tautan hanya tampil satu kali." in explained
    response = client.post(reverse("survei:undangan", args=[gelombang.pk]), {"bagian": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    printed = re.findall(r'<a href="(http://testserver/survei/isi/[^"]+/)">', page)
    assert len(printed) == 4 and page.count('src="data:image/svg+xml') == 4
    assert "https://" not in page.replace("http://testserver", "")  # no outside service draws the QR code
    client.logout()
    assert all(client.get(link).status_code == 200 for link in printed)
    assert client.get(reverse("survei:isi", args=[links["a"]])).status_code == 404


def test_the_paper_questionnaire_prints_as_a_page_and_a_pdf(client, world, officer, gelombang, members):
    login(client, officer)
    url = reverse("survei:kertas", args=[gelombang.pk])
    page = client.get(url + f"?responden={world['responden-detail'][1]}").content.decode()
    assert "KUESIONER SURVEI MITRA" in page and "B PKK *" in page and "D Karang Taruna" in page
    pdf = client.get(url + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_answers_export_with_names_or_anonymised_with_stable_ids(client, world, coordinator, gelombang, members):
    login(client, coordinator)
    url = reverse("survei:unduh", args=[gelombang.pk, "csv"])
    rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    first = rows[0]
    assert (first["responden"], first["mitra"], first["tahap"], first["kepercayaan"], first["manfaat"]) == (
        "A LPMK", "B PKK", "3", "3.0", "3.0",
    )  # fmt: skip
    anonymous = client.get(reverse("survei:unduh", args=[gelombang.pk, "xlsx"]) + "?anonim=1")
    sheet = load_workbook(io.BytesIO(anonymous.content))["jawaban"]
    header = [cell.value for cell in sheet[1]]
    assert "responden" not in header and "kode_responden" not in header and "catatan" not in header
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert values[0][header.index("id_responden")] == first["id_responden"] == exports.pseudonym(members["a"].pk)
    ids = {row[header.index("id_responden")] for row in values}
    assert ids == {exports.pseudonym(members["a"].pk), exports.pseudonym(members["b"].pk)}


def test_the_graphml_is_directed_respondent_to_partner_with_the_ratings(client, world, coordinator, gelombang, members):
    login(client, coordinator)
    body = client.get(reverse("survei:unduh", args=[gelombang.pk, "graphml"])).content
    G = nx.read_graphml(io.BytesIO(body))
    a, b = str(members["a"].pk), str(members["b"].pk)
    assert G.is_directed() and set(G.edges) == {(a, b), (b, a)}
    assert G.edges[a, b]["tahap"] == 3 and G.edges[a, b]["kepercayaan"] == 3.0 and G.nodes[a]["nama"] == "A LPMK"
    anonymous = nx.read_graphml(
        io.BytesIO(client.get(reverse("survei:unduh", args=[gelombang.pk, "graphml"]) + "?anonim=1").content)
    )
    assert "nama" not in anonymous.nodes[a] and anonymous.nodes[a]["id_samaran"] == exports.pseudonym(members["a"].pk)
