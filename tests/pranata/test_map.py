"""The interactive map's JSON: scope-checked like the page, names and codes but never contact data, read
from the cached report (constant queries), and for a big scope the areas as groups."""

import datetime
import itertools

import pytest
from django.urls import reverse

from pranata import services
from pranata.network import centrality
from pranata.reports import presentation
from tests.conftest import KELURAHAN, login
from tests.factories import LembagaFactory

D = datetime.date


@pytest.fixture
def story(officer, wilayah):
    a, b, c = (
        LembagaFactory(nama=n, wilayah=wilayah["kelurahan"], kontak_nama="Bu Ani", kontak_telepon="+6281278664260")
        for n in ("A LPMK", "B PKK", "C Posyandu")
    )
    ab = services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=1, mulai=D(2024, 1, 1), oleh=officer)
    services.kerjasama_set_tahap(kerjasama=ab, tahap=3, tanggal=D(2024, 9, 1), oleh=officer, bukti="program")
    bc = services.kerjasama_create(lembaga_a=b, lembaga_b=c, tahap=2, mulai=D(2024, 8, 1), oleh=officer)
    services.kerjasama_end(kerjasama=bc, tanggal=D(2025, 1, 1), oleh=officer, alasan="selesai")
    return {"a": a, "b": b, "c": c}


def test_the_map_lists_each_lembaga_and_each_ties_dated_stages(client, analyst, story):
    url = reverse("pranata:laporan-peta", args=[KELURAHAN])
    response = login(client, analyst).get(url, {"per": "2024-12-01"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert (data["as_of"], data["grouped"]) == ("2024-12-01", False)
    a, b, c = (story[k] for k in "abc")
    nodes = {n["nama"]: n for n in data["nodes"]}
    assert {n: (v["kode"], v["sektor"], v["derajat"], v["broker"], v["isolasi"]) for n, v in nodes.items()} == {
        "A LPMK": (a.kode, "warga", 1, False, False),
        "B PKK": (b.kode, "warga", 2, True, False),  # the path's middle: a broker
        "C Posyandu": (c.kode, "warga", 1, False, False),
    }
    # Exact betweenness on the path A–B–C: B lies on the one shortest path between the other two (1 of 1).
    assert (nodes["B PKK"]["perantara"], nodes["A LPMK"]["perantara"]) == (1.0, 0.0)
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in (n["xy"] for n in data["nodes"]))
    ties = {(e["a"], e["b"]): e for e in data["edges"]}
    assert ties[(a.pk, b.pk)]["riwayat"] == [["2024-01-01", 1], ["2024-09-01", 3]]
    # The B–C tie ends on 01/01/2025, after this report's date: as of 01/12/2024 it is still running.
    assert (ties[(b.pk, c.pk)]["mulai"], ties[(b.pk, c.pk)]["selesai"]) == ("2024-08-01", None)
    earlier = client.get(url, {"per": "2024-06-01"}).json()
    assert [(e["a"], e["b"], e["riwayat"]) for e in earlier["edges"]] == [(a.pk, b.pk, [["2024-01-01", 1]])]
    later = client.get(url, {"per": "2025-02-01"}).json()
    assert {(e["a"], e["b"]): e["selesai"] for e in later["edges"]}[(b.pk, c.pk)] == "2025-01-01"
    assert data["label"]["tahap"]["3"] == "Koordinasi" and data["label"]["sektor"]["warga"] == "Warga/masyarakat"
    assert data["url"]["lembaga"] == reverse("pranata:lembaga-detail", args=[0])


def test_the_map_sizes_lembaga_by_the_betweenness_the_brokers_were_ranked_on_computed_once(
    client, analyst, story, monkeypatch
):
    """Betweenness is the report's costliest figure (1.9 s of a kabupaten's): the map's sizes reuse the scores
    behind the report's brokers instead of computing them again."""
    calls = []
    original = centrality.betweenness

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(centrality, "betweenness", counted)
    login(client, analyst)
    report = client.get(reverse("pranata:laporan", args=[KELURAHAN]), {"per": "2024-12-01"}).context["report"]
    assert len(calls) == 1
    sizes = {node["nama"]: node["perantara"] for node in report["peta"]["nodes"]}
    top = report["figures"]["top_betweenness"]
    assert [(row["nama"], row["nilai"]) for row in top] == [("B PKK", 1.0)] and sizes["B PKK"] == 1.0


def test_the_map_never_carries_contact_data(client, analyst, story):
    body = login(client, analyst).get(reverse("pranata:laporan-peta", args=[KELURAHAN])).content.decode()
    assert "Bu Ani" not in body and "81278664260" not in body and "kontak" not in body


def test_the_map_is_refused_outside_the_scope_and_for_a_bad_date(client, outsider, analyst, story):
    url = reverse("pranata:laporan-peta", args=[KELURAHAN])
    assert login(client, outsider).get(url).status_code == 404
    bad = login(client, analyst).get(url, {"per": "31/02/2024"})
    assert bad.status_code == 400 and bad.json() == {"galat": "Tanggal tidak valid."}


@pytest.mark.parametrize("n", [3, 30])
def test_a_warm_map_is_a_cache_read(client, analyst, officer, wilayah, n, django_assert_num_queries):
    lembaga = [LembagaFactory(wilayah=wilayah["kelurahan"]) for _ in range(n)]
    for x, y in itertools.pairwise(lembaga):
        services.kerjasama_create(lembaga_a=x, lembaga_b=y, tahap=2, mulai=D(2024, 1, 1), oleh=officer)
    url = reverse("pranata:laporan-peta", args=[KELURAHAN])
    login(client, analyst).get(url, {"per": "2024-06-01"})
    # Session, user, profile, assigned and asked-for wilayah, and per value kept under the data version
    # (first date, fingerprint) a version read and a cache read, then the report's cache read: as the page;
    # and the layers other apps add for this reader (pendampingan: assignments to lembaga, and to forums;
    # survei: the latest closed round the reader may see).
    with django_assert_num_queries(13):
        again = client.get(url, {"per": "2024-06-01"})
    assert len(again.json()["nodes"]) == n


def test_a_big_scope_is_mapped_as_its_areas_with_tie_counts(client, analyst, officer, wilayah, monkeypatch):
    monkeypatch.setattr(presentation, "DIAGRAM_NODE_LIMIT", 3)
    here = [LembagaFactory(nama=f"K{i}", wilayah=wilayah["kelurahan"]) for i in range(3)]
    there = [LembagaFactory(nama=f"T{i}", wilayah=wilayah["tetangga"]) for i in range(2)]
    tie = services.kerjasama_create
    admin = officer.__class__.objects.create_superuser("root", "r@example.org", "x")
    tie(lembaga_a=here[0], lembaga_b=there[0], tahap=2, mulai=D(2024, 3, 1), oleh=admin)
    tie(lembaga_a=here[1], lembaga_b=there[1], tahap=4, mulai=D(2024, 1, 1), oleh=admin)
    tie(lembaga_a=here[0], lembaga_b=here[2], tahap=5, mulai=D(2024, 1, 1), oleh=admin)  # inside one area
    data = login(client, analyst).get(reverse("pranata:laporan-peta", args=["16.71.05"]), {"per": "2024-06-01"}).json()
    assert data["grouped"] is True
    assert {n["kode"]: n["lembaga"] for n in data["nodes"]} == {"16.71.05.1005": 2, "16.71.05.1006": 3}
    assert [(e["bobot"], e["tahap"], e["mulai"]) for e in data["edges"]] == [(2, 4, "2024-01-01")]


def test_the_report_page_carries_the_map_hidden_until_its_script_runs(client, analyst, story):
    page = login(client, analyst).get(reverse("pranata:laporan", args=[KELURAHAN]), {"per": "2024-12-01"})
    url = reverse("pranata:laporan-peta", args=[KELURAHAN])
    assert f'<section class="card mb-3" id="peta-interaktif" hidden\n  data-url="{url}?per=2024-12-01"' in page.text
    assert "/static/vendor/sigma/sigma.min.js" in page.text and 'id="diagram-statis"' in page.text
    assert "{#" not in page.text and "{% " not in page.text  # no template comment leaks onto the page
