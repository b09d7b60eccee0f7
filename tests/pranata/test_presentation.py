"""The presentation layer names what the pure network code returns as numbers and codes, in the reader's
language, at render time (the cached report keeps the codes)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from pranata import services
from pranata.models import Kebutuhan, SumberDaya, Tahap
from pranata.network import STAGES, Alasan, analyse, compare, recommendations
from pranata.network.compare import COMPARED_KEYS
from pranata.network.graph import Edge, Node
from pranata.reports.presentation import FIGURE_MEANING, coded, explained, figure_label, labelled, reason_text
from tests.conftest import KELURAHAN, login
from tests.factories import LembagaFactory


def test_the_models_stages_are_the_ladders():
    assert tuple(Tahap.values) == STAGES


@pytest.mark.parametrize(
    ("alasan", "teks"),
    [
        (Alasan("belum_bermitra"), "Belum punya kerjasama dengan lembaga lain di jaringan ini."),
        (
            Alasan("sudah_lebih_tinggi", {"tahap": 2, "perantara": "Posyandu Melati", "lainnya": 0}),
            "Keduanya sudah Kooperasi dengan Posyandu Melati.",
        ),
        (
            Alasan("sudah_lebih_tinggi", {"tahap": 4, "perantara": "Lembaga 3", "lainnya": 2}),
            "Keduanya sudah Kolaborasi dengan Lembaga 3 dan 2 lainnya.",
        ),
        (Alasan("pemecah", {"bagian": 3}), "Jika lembaga ini keluar, jaringan terpecah menjadi 3 bagian."),
        (Alasan("mitra_langsung"), "Mitra langsung."),
        (Alasan("teman_mitra", {"melalui": "Koperasi Maju"}), "Teman dari mitra (melalui Koperasi Maju)."),
        (Alasan("terhubung", {"langkah": 3}), "Terhubung dalam 3 langkah."),
        (Alasan("terlalu_jauh", {"langkah": 3}), "Terhubung lebih dari 3 langkah; dapat diperkenalkan di forum."),
        (Alasan("belum_terhubung"), "Belum terhubung; dapat diperkenalkan di forum."),
    ],
)
def test_each_reason_code_reads_as_its_indonesian_sentence(alasan, teks):
    with translation.override("id"):
        assert reason_text(alasan) == teks


def test_an_unknown_reason_code_is_an_error_not_a_blank():
    with pytest.raises(ValueError, match="tidak_ada"):
        reason_text(Alasan("tidak_ada"))


def test_every_compared_figure_has_a_name_and_stages_are_named_after_the_stage():
    with translation.override("id"):
        labels = {key: figure_label(key) for key in COMPARED_KEYS}
    assert len(set(labels.values())) == len(COMPARED_KEYS)
    assert labels["n_kerjasama"] == "Jumlah kerjasama"
    assert labels["per_tahap_5"] == "Kerjasama tahap Konfederasi"
    assert labels["cakupan_2"] == "Cakupan tahap ≥ Kooperasi"


def test_recommendations_are_explained_for_pages_and_coded_for_machines():
    nodes = [Node(1, "Karang Taruna", "warga"), Node(2, "PKK", "warga"), Node(3, "Posyandu Melati", "warga")]
    found = recommendations(nodes, [Edge(1, 2, 1), Edge(1, 3, 2), Edge(2, 3, 2)])
    with translation.override("id"):
        page = explained(found)
        machine = coded(found)
    assert page["naik_tahap"][0]["alasan"] == "Keduanya sudah Kooperasi dengan Posyandu Melati."
    assert machine["naik_tahap"][0]["alasan"] == {
        "kode": "sudah_lebih_tinggi",
        "nilai": {"tahap": 2, "perantara": "Posyandu Melati", "lainnya": 0},
        "teks": "Keduanya sudah Kooperasi dengan Posyandu Melati.",
    }
    assert found["naik_tahap"][0]["alasan"].kode == "sudah_lebih_tinggi"  # the input is left as it was


def test_comparison_rows_get_their_names_without_changing_the_figures():
    before = analyse([Node(1, "A", "warga"), Node(2, "B", "warga")], [])
    after = analyse([Node(1, "A", "warga"), Node(2, "B", "warga")], [Edge(1, 2, 3)])
    rows = compare(before, after)
    with translation.override("id"):
        named = labelled(rows)
    added = {"label", "tampil_sebelum", "tampil_sesudah", "tampil_selisih", "arah"}
    assert [{k: v for k, v in row.items() if k not in added} for row in named] == rows
    assert named[1] == {
        "key": "n_kerjasama",
        "sebelum": 0,
        "sesudah": 1,
        "selisih": 1,
        "label": "Jumlah kerjasama",
        "tampil_sebelum": "0",
        "tampil_sesudah": "1",
        "tampil_selisih": "+1",
        "arah": "membaik",
    }


def test_the_english_interface_reads_the_same_reasons_and_labels_in_english():
    with translation.override("en"):
        assert reason_text(Alasan("pemecah", {"bagian": 1})) == (
            "If this institution left, the network would split into 1 part."
        )
        assert reason_text(Alasan("pemecah", {"bagian": 3})) == (
            "If this institution left, the network would split into 3 parts."
        )
        assert reason_text(Alasan("mitra_langsung")) == "Direct partner."
        assert figure_label("per_tahap_2") == "Ties at stage Cooperation"


def test_every_figure_on_the_glossary_page_and_beside_it_on_the_report(client, analyst, officer, wilayah):
    a, b = (LembagaFactory(wilayah=wilayah["kelurahan"]) for _ in range(2))
    services.kerjasama_create(lembaga_a=a, lembaga_b=b, tahap=2, mulai=datetime.date(2024, 1, 1), oleh=officer)
    glossary = login(client, analyst).get(reverse("pranata:laporan-istilah"))
    assert glossary.status_code == 200
    assert len(glossary.context["istilah"]) == len(FIGURE_MEANING) and "Konfederasi" in glossary.text
    for name, meaning in glossary.context["istilah"]:
        assert f"<dt>{name}</dt>" in glossary.text and escape(meaning) in glossary.text
    report = client.get(reverse("pranata:laporan", args=[KELURAHAN]))
    assert all(escape(str(FIGURE_MEANING[key])) in report.text for key in ("density", "betweenness", "n_articulation"))
    assert f'href="{reverse("pranata:laporan-istilah")}"' in report.text


def test_a_long_list_shows_its_first_ten_and_folds_the_rest(client, analyst, officer, wilayah):
    giver = LembagaFactory(nama="Baznas", wilayah=wilayah["kelurahan"])
    SumberDaya.objects.create(lembaga=giver, jenis="dana", uraian="Dana bergulir")
    for i in range(12):
        needy = LembagaFactory(nama=f"Kelompok {i:02}", wilayah=wilayah["kelurahan"])
        Kebutuhan.objects.create(lembaga=needy, jenis="dana", uraian="Modal usaha")
    report = login(client, analyst).get(reverse("pranata:laporan", args=[KELURAHAN]))
    shown = report.text.split('id="padanan">', 1)[1].split("</ul>", 1)[0]
    assert shown.count("<li>") == 10
    assert "Lihat semua (12)" in report.text
    folded = report.text.split("Lihat semua (12)</summary>", 1)[1].split("</details>", 1)[0]
    assert folded.count("<li>") == 2


def test_the_evidence_check_lists_suggestions_by_stage_then_names_and_counts_them_all(monkeypatch):
    """Pairs with evidence but no recorded tie are suggested highest evidence stage first, then by the two
    names; recorded ties and pairs outside the report are never suggested; the count covers every suggestion
    while the list stops at PAGE_LIST_LIMIT (here 3)."""
    from pranata.extensions import Evidence
    from pranata.reports import presentation

    monkeypatch.setattr(presentation, "PAGE_LIST_LIMIT", 3)
    nama = {1: "Dahlia", 2: "Anggrek", 3: "Cempaka", 4: "Bougenville", 5: "Edelweis"}
    edges = [Edge(a=1, b=2, tahap=3)]
    evidence = {
        (1, 2): Evidence(1, ("hadir",)),  # recorded at 3: above its evidence, never a suggestion
        (1, 3): Evidence(1, ("hadir",)),
        (2, 3): Evidence(1, ("hadir",)),
        (3, 4): Evidence(2, ("sepakat",)),
        (1, 4): Evidence(1, ("hadir",)),
        (4, 5): Evidence(1, ("hadir",)),
        (4, 9): Evidence(4, ("program",)),  # lembaga 9 is not in this report
    }
    found = presentation.evidence_check(edges, evidence, nama)
    assert [(r["nama_a"], r["nama_b"], r["tahap"]) for r in found["saran"]] == [
        ("Cempaka", "Bougenville", 2),
        ("Anggrek", "Cempaka", 1),
        ("Bougenville", "Edelweis", 1),
    ]
    assert found["n_saran"] == 5
    assert (found["n_di_atas_bukti"], found["di_atas_bukti"][0]["alasan"]) == (1, "hadir")
    assert (found["sesuai"], found["n_tanpa_bukti"], found["n_selisih_besar"]) == (0, 0, 1)
