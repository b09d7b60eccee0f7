import datetime
import gc
import io
import itertools
import json

import networkx as nx
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from pranata import network, reports, services
from pranata.models import Lembaga
from pranata.reports import Scope, tables
from tests.conftest import login
from tests.factories import LembagaFactory

pytestmark = pytest.mark.django_db

D = datetime.date
KELURAHAN = "16.71.05.1006"


def scope_of(kode: str) -> Scope:
    return Scope(key=f"wilayah:{kode}", judul=kode, lembaga_at=Lembaga.objects.in_wilayah([kode]).active_on)


@pytest.fixture
def story(officer, wilayah):
    """Four lembaga; ties change stage over 2024 and one ends. Expected stages are written per date."""
    a, b, c, d = (
        LembagaFactory(nama=n, wilayah=wilayah["kelurahan"]) for n in ("A LPMK", "B PKK", "C Posyandu", "D Arisan")
    )
    ab = services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=1, mulai=D(2024, 1, 1), oleh=officer)
    services.kerjasama_set_tahap(kerjasama=ab, tahap=2, tanggal=D(2024, 3, 1), oleh=officer, bukti="kesepakatan")
    services.kerjasama_set_tahap(kerjasama=ab, tahap=4, tanggal=D(2024, 6, 1), oleh=officer, bukti="program")
    bc = services.kerjasama_create(lembaga_a=b, lembaga_b=c, tahap=3, mulai=D(2024, 2, 1), oleh=officer)
    services.kerjasama_set_tahap(kerjasama=bc, tahap=1, tanggal=D(2024, 5, 1), oleh=officer, bukti="renggang")
    cd = services.kerjasama_create(lembaga_a=c, lembaga_b=d, tahap=2, mulai=D(2024, 2, 15), oleh=officer)
    services.kerjasama_end(kerjasama=cd, tanggal=D(2024, 4, 1), oleh=officer, alasan="selesai")
    return {"a": a, "b": b, "c": c, "d": d}


def stages(kode: str, on: datetime.date) -> dict[tuple[str, str], int]:
    nodes, edges = reports.load_graph(scope_of(kode).lembaga_at(on), on)
    nama = {n.id: n.nama[0] for n in nodes}
    return {(nama[e.a], nama[e.b]): e.tahap for e in edges}


def test_as_of_rebuilds_each_ties_stage_from_the_history(story):
    assert stages(KELURAHAN, D(2023, 12, 31)) == {}
    assert stages(KELURAHAN, D(2024, 1, 15)) == {("A", "B"): 1}
    assert stages(KELURAHAN, D(2024, 3, 1)) == {("A", "B"): 2, ("B", "C"): 3, ("C", "D"): 2}
    assert stages(KELURAHAN, D(2024, 4, 1)) == {("A", "B"): 2, ("B", "C"): 3}
    assert stages(KELURAHAN, D(2024, 7, 1)) == {("A", "B"): 4, ("B", "C"): 1}


def test_report_figures_for_a_small_scope(story):
    figures = reports.compute_report(scope_of(KELURAHAN), D(2024, 7, 1))["figures"]
    assert figures["n_lembaga"] == 4
    assert figures["per_tahap"] == {1: 1, 2: 0, 3: 0, 4: 1, 5: 0}
    # A-B-C connected at stage >= 1 (3 of 4); only A-B at >= 2, 3, 4 (2 of 4): network at kolaborasi.
    assert [step["cakupan"] for step in figures["ladder"]] == [0.75, 0.5, 0.5, 0.5, 0.0]
    assert figures["tahap_jaringan"] == 4
    assert figures["density"] == pytest.approx(2 / 6, abs=1e-4)
    assert figures["isolates"] == [story["d"].pk]
    assert figures["articulation_points"] == [story["b"].pk]


def test_a_big_scope_reads_its_ids_as_one_parameter_and_gets_the_same_report(story, monkeypatch):
    inline = reports.compute_report(scope_of(KELURAHAN), D(2024, 7, 1))
    monkeypatch.setattr(reports.scope, "INLINE_IDS", 0)  # as a kabupaten's 15,000 ids would travel

    lembaga = reports.pinned(scope_of(KELURAHAN).lembaga_at(D(2024, 7, 1)))
    sql, params = lembaga.query.sql_with_params()
    one_parameter = reports.compute_report(scope_of(KELURAHAN), D(2024, 7, 1))

    if connection.vendor == "sqlite":
        assert len(params) == 1 and "json_each" in sql
    assert sorted(lembaga.values_list("pk", flat=True)) == sorted(x.pk for x in story.values())
    assert one_parameter == inline


def test_a_report_is_built_with_the_cycle_collector_paused_and_leaves_it_on(story, monkeypatch):
    seen = []
    real = reports.compute.load_graph

    def spy(*args):
        seen.append(gc.isenabled())
        raise RuntimeError("basis data terputus")

    monkeypatch.setattr(reports.compute, "load_graph", spy)
    with pytest.raises(RuntimeError):
        reports.compute_report(scope_of(KELURAHAN), D(2024, 7, 1))
    monkeypatch.setattr(reports.compute, "load_graph", real)

    assert seen == [False] and gc.isenabled()
    assert reports.compute_report(scope_of(KELURAHAN), D(2024, 7, 1))["figures"]["n_lembaga"] == 4 and gc.isenabled()


def test_comparison_shows_deltas_and_transitions(story):
    before = reports.compute_report(scope_of(KELURAHAN), D(2024, 3, 1))
    after = reports.compute_report(scope_of(KELURAHAN), D(2024, 7, 1))
    result = reports.comparison(scope_of(KELURAHAN), before, after)
    rows = {row["key"]: row for row in result["rows"]}
    assert (rows["n_kerjasama"]["sebelum"], rows["n_kerjasama"]["sesudah"], rows["n_kerjasama"]["selisih"]) == (
        3,
        2,
        -1,
    )
    matrix = result["transitions"]["matrix"]
    assert matrix[1][3] == 1  # A-B: kooperasi -> kolaborasi
    assert matrix[2][0] == 1  # B-C: koordinasi -> komunikasi
    assert result["transitions"]["berakhir"][2] == 1  # C-D ended
    assert [m[:2] for m in result["named_moves"]["naik"]] == [["A LPMK", "B PKK"]]


def test_comparison_page_lists_the_first_moves_and_downloads_them_all(client, analyst, officer, wilayah, monkeypatch):
    lembaga = [LembagaFactory(nama=f"L{i:02}", wilayah=wilayah["kelurahan"]) for i in range(6)]
    earlier = [LembagaFactory(nama=f"E{i}", wilayah=wilayah["kelurahan"]) for i in range(2)]
    services.kerjasama_create(lembaga_a=earlier[0], lembaga_b=earlier[1], tahap=1, mulai=D(2024, 1, 1), oleh=officer)
    for x, y in itertools.pairwise(lembaga):  # five new ties between the two dates
        services.kerjasama_create(lembaga_a=x, lembaga_b=y, tahap=2, mulai=D(2024, 5, 1), oleh=officer)
    monkeypatch.setattr(reports.compute, "PAGE_LIST_LIMIT", 2)
    url = reverse("pranata:laporan-banding", args=[KELURAHAN])
    dates = {"dari": "2024-04-01", "sampai": "2024-07-01"}

    page = login(client, analyst).get(url, dates)
    full = client.get(url, dates | {"unduh": "csv"})

    sections = {title: (len(rows), hidden) for title, rows, _empty, hidden in page.context["move_sections"]}
    assert sections["Kerjasama baru"] == (2, 3) and page.context["n_moves"]["muncul"] == 5
    assert "dan 3 kerjasama lainnya" in page.text and "unduh=csv" in page.text
    rows = full.content.decode("utf-8-sig").splitlines()
    assert full["Content-Type"].startswith("text/csv")
    assert rows[0] == "perubahan,lembaga_a,lembaga_b,tahap_sebelum,tahap_sesudah"
    assert rows[1:] == [f"Kerjasama baru,L{i:02},L{i + 1:02},,2" for i in range(5)]


def test_the_florentine_families_loaded_as_lembaga_give_their_published_figures(officer, wilayah):
    graph = nx.florentine_families_graph()  # only the edge list is used; the oracle is the published figures
    ids = {name: LembagaFactory(nama=name, wilayah=wilayah["kelurahan"]) for name in sorted(graph)}
    for u, v in graph.edges:
        services.kerjasama_create(lembaga_a=ids[u], lembaga_b=ids[v], tahap=1, mulai=D(2020, 1, 1), oleh=officer)
    figures = reports.compute_report(scope_of(KELURAHAN), D(2024, 1, 1))["figures"]
    assert (figures["n_lembaga"], figures["n_kerjasama"]) == (15, 20)
    assert figures["density"] == pytest.approx(0.1905, abs=1e-4)
    assert [(row["nama"], row["nilai"]) for row in figures["top_betweenness"][:3]] == [
        ("Medici", pytest.approx(0.5220, abs=1e-4)),
        ("Guadagni", pytest.approx(0.2546, abs=1e-4)),
        ("Albizzi", pytest.approx(0.2125, abs=1e-4)),
    ]


def test_report_is_cached_until_the_scope_changes(story, django_assert_num_queries, officer):
    scope = scope_of(KELURAHAN)
    first = reports.report(scope, D(2024, 7, 1))
    # Nothing written since: the data version, the fingerprint kept under it, the report; nothing recomputed
    # and the scope not re-aggregated.
    with django_assert_num_queries(3):
        assert reports.report(scope, D(2024, 7, 1)) == first
    services.kerjasama_set_tahap(
        kerjasama=story["a"].kerjasama_a.first() or story["a"].kerjasama_b.first(),
        tahap=5,
        tanggal=D(2024, 6, 15),
        oleh=officer,
        bukti="merger",
    )
    assert reports.report(scope, D(2024, 7, 1))["figures"]["per_tahap"][5] == 1


# --- pages ------------------------------------------------------------------------------------


def test_analyst_opens_a_kecamatan_report(client, analyst, story):
    response = login(client, analyst).get(reverse("pranata:laporan", args=["16.71.05"]), {"per": "2024-07-01"})
    assert response.status_code == 200
    assert response.context["report"]["figures"]["n_lembaga"] == 4
    assert "Kolaborasi" in response.text
    assert "<svg" in response.text
    assert "(16.71.05) · per 01/07/2024" in response.text  # the date as people write it, not ISO
    # The cached report keeps reason codes; the page says them as sentences.
    assert "D Arisan — Belum punya kerjasama dengan lembaga lain di jaringan ini." in response.text
    assert "<strong>B PKK</strong> — Jika lembaga ini keluar, jaringan terpecah menjadi 2 bagian." in response.text
    assert response.context["report"]["rekomendasi"]["broker"][0]["alasan"] == network.Alasan("pemecah", {"bagian": 2})


# With the letterhead printed from the browser (one query), and the tie-score seam's source (one query: the
# partner survey's round for the scope's lembaga, behind the "colour ties by" control and the survey link), the
# wilayah ids of the scope (a kelurahan's lembaga are then read by index: pranata.reports.scope._lembaga_in),
# and the parts drawn once per report and language: the diagram's lembaga, the trend with the areas below, and
# the details (top lembaga, matrix, recommendations, evidence, communities), one cache read each.
WARM_PAGE_QUERIES = 17


def test_the_diagram_drawn_once_names_a_renamed_lembaga_in_the_next_report(client, analyst, officer, story):
    """The diagram's lembaga are drawn once per report (its data's fingerprint) and language and then read from
    the cache: the page says the same thing either way, a rename makes a new report whose diagram has the new
    name, and the English page has its own drawing."""
    login(client, analyst)
    url = reverse("pranata:laporan", args=[KELURAHAN])

    def diagram(response) -> str:
        text = response.text
        start = text.index('<g class="nodes">')
        return text[start : text.index("</svg>", start)]

    first = client.get(url)
    assert "<title>B PKK — 2 kerjasama</title>" in diagram(first)
    assert diagram(client.get(url)) == diagram(first)
    services.lembaga_update(lembaga=story["b"], oleh=officer, nama="B PKK Baru")
    renamed = diagram(client.get(url))
    assert "<title>B PKK Baru — 2 kerjasama</title>" in renamed and ">B PKK<" not in renamed
    client.cookies["django_language"] = "en"
    english = diagram(client.get(url))
    assert "B PKK Baru — 2 ties" in english, english[:400]


def test_the_details_drawn_once_follow_the_report_and_the_language(client, analyst, officer, story):
    """The trend and the details under the diagram (recommendations, evidence, communities) are drawn once per
    report and language too: a second call shows the same, a rename makes a new report whose recommendations
    name the lembaga anew, English readers get English, and the PDF (uncached) says what the page says."""
    login(client, analyst)
    url = reverse("pranata:laporan", args=[KELURAHAN])
    broker = "<strong>B PKK</strong> — Jika lembaga ini keluar, jaringan terpecah menjadi 2 bagian."

    def details(response) -> str:
        return response.text[response.text.index('id="tren"') :]

    first = client.get(url)
    assert broker in details(first) and 'id="tren"' in first.text
    assert details(client.get(url)) == details(first)
    services.lembaga_update(lembaga=story["b"], oleh=officer, nama="B PKK Baru")
    renamed = details(client.get(url))
    assert broker.replace("B PKK", "B PKK Baru") in renamed and "<strong>B PKK</strong>" not in renamed
    client.cookies["django_language"] = "en"
    english = client.get(url).text
    assert "Recommendations" in english and "Quarterly trend" in english
    assert "Rekomendasi</div>" not in english and "Tren per triwulan" not in english


@pytest.mark.parametrize("n", [4, 40])
def test_report_page_query_count_does_not_grow_with_the_scope(
    client, analyst, officer, wilayah, n, django_assert_max_num_queries, django_assert_num_queries
):
    lembaga = [LembagaFactory(wilayah=wilayah["kelurahan"]) for _ in range(n)]
    for x, y in itertools.pairwise(lembaga):
        services.kerjasama_create(lembaga_a=x, lembaga_b=y, tahap=2, mulai=D(2024, 1, 1), oleh=officer)
    login(client, analyst)
    # Computing (not cached): session, user, scope, first date, fingerprint, graph, needs, evidence, and the
    # cache writes of the report and of the values kept under the data version; for the trend, one query per
    # quarter's lembaga (here 10 quarters, at most SIMPUL_TREND_QUARTERS), the ties' histories, and the forum
    # evidence's programme ledger (contributions pool resources); and the tie-score seam's source; and the
    # parts drawn once per report (the diagram's lembaga, the trend, the details) stored in the cache (each a
    # read, then the database cache's count, read and write).
    with django_assert_max_num_queries(91):
        response = client.get(reverse("pranata:laporan", args=[KELURAHAN]))
    assert response.context["report"]["figures"]["n_kerjasama"] == n - 1
    # Warm: session, user, profile, assigned wilayah and the wilayah asked for (scope check); per value kept
    # under the data version (first date, fingerprint) one version read and one cache read; the report's
    # cache read; the wilayah's children for the drill-down links; the letterhead; the tie-score source.
    # Nothing aggregates the scope.
    with django_assert_num_queries(WARM_PAGE_QUERIES):
        again = client.get(reverse("pranata:laporan", args=[KELURAHAN]))
    assert again.context["report"] == response.context["report"]


def test_report_outside_scope_is_404(client, outsider, officer, story):
    assert login(client, outsider).get(reverse("pranata:laporan", args=[KELURAHAN])).status_code == 404


def test_empty_scope_says_so(client, analyst, wilayah):
    response = login(client, analyst).get(reverse("pranata:laporan", args=["16.71.05.1005"]))
    assert response.status_code == 200
    assert "Belum ada lembaga aktif di wilayah ini" in response.text


def test_scope_without_ties_says_so(client, analyst, wilayah):
    LembagaFactory(wilayah=wilayah["kelurahan"])
    response = login(client, analyst).get(reverse("pranata:laporan", args=[KELURAHAN]))
    assert "Belum ada kerjasama tercatat pada tanggal ini" in response.text
    assert "Belum terbentuk" in response.text


def test_as_of_before_any_data_is_explained(client, analyst, story):
    response = login(client, analyst).get(reverse("pranata:laporan", args=[KELURAHAN]), {"per": "2020-01-01"})
    assert response.context["report"] is None
    assert "Belum ada data kerjasama pada tanggal itu; data paling awal 01/01/2024." in response.text


def test_compare_page_shows_figures_side_by_side(client, analyst, story):
    url = reverse("pranata:laporan-banding", args=[KELURAHAN])
    response = login(client, analyst).get(url, {"dari": "2024-03-01", "sampai": "2024-07-01"})
    assert response.status_code == 200
    assert "Matriks perpindahan tahap" in response.text
    assert "A LPMK — B PKK: Kooperasi → Kolaborasi" in response.text
    assert "B PKK — C Posyandu: Koordinasi → Komunikasi" in response.text
    assert "C Posyandu — D Arisan: berakhir pada Kooperasi" in response.text
    # Stage at 01/03: ≥ Koordinasi covers B–C, 2 of 4 (the 0.5 threshold); at 01/07 ≥ Kolaborasi covers A–B.
    assert response.context["ringkasan"] == (
        "Jaringan naik dari Koordinasi ke Kolaborasi. 1 kerjasama naik tahap, 1 turun; 0 kerjasama baru, "
        "1 berakhir. 0 lembaga bergabung, 0 keluar."
    )
    ladder = [(r["label"], r["sebelum"], r["sesudah"]) for r in response.context["tangga_banding"]["rows"]]
    assert ladder == [
        ("Komunikasi", 1.0, 0.75),
        ("Kooperasi", 1.0, 0.5),
        ("Koordinasi", 0.5, 0.5),
        ("Kolaborasi", 0.0, 0.5),
        ("Konfederasi", 0.0, 0.0),
    ]
    assert '<th class="text-end">01/03/2024</th><th class="text-end">01/07/2024</th>' in response.text
    shown = {
        r["key"]: (r["tampil_sebelum"], r["tampil_sesudah"], r["tampil_selisih"], r["arah"])
        for r in response.context["rows"]
    }
    # D lost its only tie: one more isolate and one more component are worse; the mean stage rose (7/3 → 5/2).
    assert shown["n_isolates"] == ("0", "1", "+1", "memburuk")
    assert shown["n_components"] == ("1", "2", "+1", "memburuk")
    assert shown["mean_tahap"] == ("2,33", "2,50", "+0,17", "membaik")
    assert shown["n_communities"][3] == ""  # a different number of communities is neither better nor worse
    assert '<td class="text-end text-danger">+1<span class="visually-hidden"> (memburuk)</span></td>' in response.text


def test_compare_page_opens_on_the_last_twelve_months_but_not_before_the_first_data(client, analyst, story):
    # "Today" is the frozen 15/06/2026; the story's data begins 01/01/2024, so 12 months back is inside it.
    response = login(client, analyst).get(reverse("pranata:laporan-banding", args=[KELURAHAN]))
    assert (response.context["dari"], response.context["sampai"]) == (D(2025, 6, 15), D(2026, 6, 15))
    assert 'value="15/06/2025"' in response.text and response.context["rows"]


def test_compare_page_refuses_a_date_before_any_data_and_keeps_the_form(client, analyst, story):
    url = reverse("pranata:laporan-banding", args=[KELURAHAN])
    response = login(client, analyst).get(url, {"dari": "2023-06-01", "sampai": "2024-07-01"})
    assert "Belum ada data kerjasama pada tanggal itu; data paling awal 01/01/2024." in response.text
    assert "rows" not in response.context and 'value="2023-06-01"' in response.text


def test_the_comparison_downloads_as_pdf(client, analyst, story):
    url = reverse("pranata:laporan-banding", args=[KELURAHAN])
    response = login(client, analyst).get(url, {"dari": "2024-03-01", "sampai": "2024-07-01", "unduh": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="simpul-banding-2024-03-01-2024-07-01.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Perbandingan sebelum/sesudah" in text and "01/03/2024 → 01/07/2024" in text
    assert "Jaringan naik dari Koordinasi ke Kolaborasi." in text
    assert "A LPMK — B PKK: Kooperasi → Kolaborasi" in text
    assert f"Halaman 1 dari {len(reader.pages)}" in text


def test_compare_page_rejects_reversed_dates(client, analyst, story):
    url = reverse("pranata:laporan-banding", args=[KELURAHAN])
    response = login(client, analyst).get(url, {"dari": "2024-07-01", "sampai": "2024-03-01"})
    assert "Tanggal sesudah harus setelah tanggal sebelum." in response.text
    assert "rows" not in response.context


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_exports_read_back_equal_to_the_input(client, analyst, story, fmt):
    url = reverse("pranata:laporan-unduh", args=[KELURAHAN, fmt])
    response = login(client, analyst).get(url, {"per": "2024-07-01"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="simpul-{KELURAHAN}-2024-07-01.{fmt}"'
    graph = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(io.BytesIO(response.content))
    names = {data["nama"] for _, data in graph.nodes(data=True)}
    assert names == {"A LPMK", "B PKK", "C Posyandu", "D Arisan"}
    # Gephi users join back to the registry by the Kode lembaga, and colour by a readable sektor.
    registry = {x.nama: x.kode for x in story.values()}
    assert {d["nama"]: d["kode"] for _, d in graph.nodes(data=True)} == registry
    assert {(d["sektor"], d["sektor_kode"]) for _, d in graph.nodes(data=True)} == {("Warga/masyarakat", "warga")}
    by_id = {n: d["nama"][0] for n, d in graph.nodes(data=True)}
    assert {tuple(sorted((by_id[u], by_id[v]))): int(d["tahap"]) for u, v, d in graph.edges(data=True)} == {
        ("A", "B"): 4,
        ("B", "C"): 1,
    }


def test_csv_export_neutralises_formulas(client, analyst, officer, wilayah):
    LembagaFactory(nama='=HYPERLINK("http://x")', wilayah=wilayah["kelurahan"])
    url = reverse("pranata:laporan-unduh", args=[KELURAHAN, "csv"])
    response = login(client, analyst).get(url, {"tabel": "lembaga"})
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")


def test_xlsx_export_has_every_table(client, analyst, story):
    from openpyxl import load_workbook

    url = reverse("pranata:laporan-unduh", args=[KELURAHAN, "xlsx"])
    response = login(client, analyst).get(url, {"per": "2024-07-01"})
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["ringkasan", "tangga", "lembaga", "kerjasama", "matriks"]
    assert book["kerjasama"].max_row == 3


# --- commands ---------------------------------------------------------------------------------


def test_network_report_command_prints_json(story):
    out = io.StringIO()
    call_command("network_report", KELURAHAN, "--as-of", "2024-07-01", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["figures"]["n_kerjasama"] == 2
    assert data["figures"]["tahap_jaringan"] == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["99.99"], "Kode wilayah '99.99' tidak dikenal"),
        ([KELURAHAN, "--as-of", "2020-01-01"], "Belum ada data kerjasama pada 2020-01-01"),
        ([KELURAHAN, "--as-of", "31/02/2024"], "tidak valid"),
    ],
)
def test_network_report_command_explains_bad_input(story, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("network_report", *args)


def test_export_network_command_writes_graphml(story, tmp_path):
    target = tmp_path / "jaringan.graphml"
    call_command(
        "export_network",
        KELURAHAN,
        "--format",
        "graphml",
        "--as-of",
        "2024-07-01",
        "-o",
        str(target),
        stdout=io.StringIO(),
    )
    graph = nx.read_graphml(target)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (4, 2)


def test_dynamic_gexf_replays_each_ties_stages_over_time(client, analyst, story):
    url = reverse("pranata:laporan-unduh", args=[KELURAHAN, "gexf-dinamis"])
    response = login(client, analyst).get(url)
    assert response.status_code == 200
    graph = nx.read_gexf(io.BytesIO(response.content))
    assert graph.graph["mode"] == "dynamic"
    by_id = {n: d["label"][0] for n, d in graph.nodes(data=True)}
    edges = {tuple(sorted((by_id[u], by_id[v]))): d for u, v, d in graph.edges(data=True)}
    assert set(edges) == {("A", "B"), ("B", "C"), ("C", "D")}
    spells = [(int(tahap), start, end) for tahap, start, end in edges[("A", "B")]["tahap"]]
    assert spells[:2] == [(1, "2024-01-01", "2024-03-01"), (2, "2024-03-01", "2024-06-01")]
    assert spells[2][:2] == (4, "2024-06-01")  # still running: no end in the file
    assert b'value="4" start="2024-06-01" />' in response.content
    assert (edges[("C", "D")]["start"], edges[("C", "D")]["end"]) == ("2024-02-15", "2024-04-01")


# --- export tables, checked cell by cell on the small story (values worked out by hand) ----------------


def story_tables(story) -> dict:
    on = D(2024, 7, 1)
    report = reports.compute_report(scope_of(KELURAHAN), on)
    nodes, edges = reports.load_graph(scope_of(KELURAHAN).lembaga_at(on), on)
    return {name: tables.table(report, name, nodes, edges) for name in tables.TABLES} | {
        "xlsx": tables.to_xlsx(report, nodes, edges)
    }


def test_the_summary_table_lists_every_figure_by_its_name(story):
    # 4 lembaga, ties A–B (stage 4) and B–C (stage 1): density 2/6, mean stage 2.5, average degree 1,
    # Freeman degree centralisation (1+0+1+2)/6, components {A,B,C} and {D}, B the only articulation point.
    assert story_tables(story)["ringkasan"] == [
        ["Indikator", "Nilai", "Kode"],
        ["Per tanggal", "01/07/2024", "per_tanggal"],
        ["Lingkup", KELURAHAN, "lingkup"],
        ["Jumlah lembaga", 4, "n_lembaga"],
        ["Jumlah kerjasama", 2, "n_kerjasama"],
        ["Tahap jaringan", 4, "tahap_jaringan"],
        ["Nama tahap jaringan", "Kolaborasi", ""],
        ["Rata-rata tahap", 2.5, "mean_tahap"],
        ["Kepadatan (density)", 0.3333, "density"],
        ["Rata-rata derajat", 1.0, "avg_degree"],
        ["Sentralisasi derajat", 0.6667, "centralization"],
        ["Komponen", 2, "n_components"],
        ["Komponen terbesar", 3, "largest_component"],
        ["Modularitas", 0.0, "modularity"],
        ["Lembaga terisolasi", 1, "n_isolates"],
        ["Titik artikulasi (broker)", 1, "n_articulation_points"],
        ["Komunitas", 1, "n_communities"],
        ["Betweenness diperkirakan dari sampel", "Tidak", "betweenness_sampled"],
        ["Jumlah lembaga sumber sampel", "", "betweenness_k"],
        ["Galat baku betweenness terbesar", "", "betweenness_error"],
        ["Mesin analisis", "networkx", "engine"],
    ]


def test_the_ladder_table_counts_and_covers_each_stage(story):
    assert story_tables(story)["tangga"] == [
        ["Tahap", "Nama tahap", "Jumlah kerjasama", "Porsi", "Komponen terbesar", "Cakupan"],
        [1, "Komunikasi", 1, 0.5, 3, 0.75],
        [2, "Kooperasi", 0, 0.0, 2, 0.5],
        [3, "Koordinasi", 0, 0.0, 2, 0.5],
        [4, "Kolaborasi", 1, 0.5, 2, 0.5],
        [5, "Konfederasi", 0, 0.0, 0, 0.0],
    ]


def test_the_lembaga_kerjasama_and_matrix_tables_use_codes_and_labels(story):
    a, b, c, d = (story[k] for k in "abcd")
    assert len({x.kode for x in (a, b, c, d)}) == 4 and all(x.kode for x in (a, b, c, d))
    tables_ = story_tables(story)
    pranata, kode, nama = "Kesejahteraan sosial", KELURAHAN, a.wilayah.nama
    assert tables_["lembaga"] == [
        [
            "Kode lembaga",
            "Nama lembaga",
            "Sektor",
            "Pranata sosial",
            "Kelurahan/desa",
            "Kode wilayah",
            "Derajat",
            "Komunitas",
            "Titik artikulasi",
        ],
        [a.kode, "A LPMK", "Warga/masyarakat", pranata, nama, kode, 1, 1, "Tidak"],
        [b.kode, "B PKK", "Warga/masyarakat", pranata, nama, kode, 2, 1, "Ya"],
        [c.kode, "C Posyandu", "Warga/masyarakat", pranata, nama, kode, 1, 1, "Tidak"],
        [d.kode, "D Arisan", "Warga/masyarakat", pranata, nama, kode, 0, "", "Tidak"],
    ]
    assert tables_["kerjasama"] == [
        ["Kode lembaga A", "Lembaga A", "Kode lembaga B", "Lembaga B", "Tahap", "Nama tahap", "Mulai"],
        [a.kode, "A LPMK", b.kode, "B PKK", 4, "Kolaborasi", "01/01/2024"],
        [b.kode, "B PKK", c.kode, "C Posyandu", 1, "Komunikasi", "01/02/2024"],
    ]
    assert tables_["matriks"] == [["Sektor", "Warga/masyarakat"], ["Warga/masyarakat", 2]]
    book = load_workbook(io.BytesIO(tables_["xlsx"]))
    assert book.sheetnames == list(tables.TABLES)
    assert [list(r) for r in book["tangga"].iter_rows(values_only=True)][1] == [1, "Komunikasi", 1, 0.5, 3, 0.75]
    assert [list(r) for r in book["ringkasan"].iter_rows(values_only=True)][1] == [
        "Per tanggal",
        "01/07/2024",
        "per_tanggal",
    ]


def test_the_lembaga_list_downloads_as_the_import_template_with_contacts_only_when_allowed(
    client, officer, analyst, wilayah
):
    lembaga = LembagaFactory(
        kode="16.71.05.1006-0001",
        nama="Posyandu Mawar",
        wilayah=wilayah["kelurahan"],
        kontak_nama="Bu Ani",
        kontak_telepon="+6281278664260",
        tahun_berdiri=2010,
        aktif_sejak=D(2010, 1, 1),
    )
    url = reverse("pranata:lembaga-list")
    csv_page = login(client, officer).get(url, {"format": "csv", "pribadi": "1"})
    assert csv_page["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_page["Content-Disposition"] == 'attachment; filename="simpul-lembaga.csv"'
    lines = csv_page.content.decode("utf-8-sig").splitlines()
    assert lines == [
        "kode,kode_wilayah,nama,singkatan,sektor,pranata,tahun_berdiri,jumlah_anggota,alamat,status,aktif_sejak,"
        "jenis,kontak_nama,kontak_telepon",
        f"{lembaga.kode},{KELURAHAN},Posyandu Mawar,,Warga/masyarakat,Kesejahteraan sosial,2010,,,Aktif,01/01/2010,"
        "Lainnya,Bu Ani,'+6281278664260",  # a leading + is a formula to Excel: neutralised, and read back by imports
    ]
    xlsx_page = login(client, analyst).get(url, {"format": "xlsx", "pribadi": "1"})  # dinsos: no contacts
    assert xlsx_page["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert xlsx_page["Content-Disposition"] == 'attachment; filename="simpul-lembaga.xlsx"'
    rows = list(load_workbook(io.BytesIO(xlsx_page.content)).active.iter_rows(values_only=True))
    assert rows[0][-3:] == ("status", "aktif_sejak", "jenis") and "Bu Ani" not in rows[1]


def test_comparison_page_query_count_does_not_grow_with_the_scope(client, analyst, admin_user, wilayah):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import TETANGGA

    counts = {}
    for kode, n in ((KELURAHAN, 3), (TETANGGA, 15)):
        chain = [LembagaFactory(wilayah=wilayah["kelurahan" if kode == KELURAHAN else "tetangga"]) for _ in range(n)]
        for x, y in itertools.pairwise(chain):
            services.kerjasama_create(lembaga_a=x, lembaga_b=y, tahap=1, mulai=D(2024, 1, 1), oleh=admin_user)
        url = reverse("pranata:laporan-banding", args=[kode])
        login(client, analyst)
        for state in ("cold", "warm"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, {"dari": "2024-01-01", "sampai": "2024-07-01"})
            assert {row["key"]: row["sesudah"] for row in response.context["rows"]}["n_kerjasama"] == n - 1
            counts[(n, state)] = len(queries)
    assert counts[(3, "cold")] == counts[(15, "cold")] and counts[(3, "warm")] == counts[(15, "warm")]
    assert counts[(15, "warm")] < counts[(15, "cold")]
