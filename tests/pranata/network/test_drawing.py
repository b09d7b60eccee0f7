"""The server-drawn diagram: lembaga without ties lined up below, names that never overlap."""

import itertools

from pranata.network import build_graph, layout
from pranata.network.graph import Edge, Node
from pranata.reports.presentation import diagram, label_box


def nodes(n: int) -> list[Node]:
    return [Node(i, f"Lembaga nomor {i:03}", "warga") for i in range(1, n + 1)]


def test_lembaga_without_ties_line_up_in_the_band_below_and_the_rest_fill_the_box():
    edges = [Edge(1, 2, 3), Edge(2, 3, 1), Edge(3, 4, 2), Edge(4, 1, 5)]
    positions = layout(build_graph(nodes(8), edges))
    linked, alone = [positions[v] for v in (1, 2, 3, 4)], [positions[v] for v in (5, 6, 7, 8)]
    assert {y for _x, y in alone} == {0.97}  # one row, at the bottom edge
    assert [x for x, _y in alone] == sorted(x for x, _y in alone)  # in id order, left to right
    gaps = {round(b[0] - a[0], 3) for a, b in itertools.pairwise(alone)}
    assert len(gaps) == 1  # evenly spaced across the width
    assert max(y for _x, y in linked) < 0.92 and min(y for _x, y in linked) == 0.03  # above the band
    assert positions == layout(build_graph(nodes(8), edges))  # the same every time


def test_only_lembaga_without_ties_are_spread_evenly():
    positions = layout(build_graph(nodes(3), []))
    assert positions == {1: (0.03, 0.5), 2: (0.5, 0.5), 3: (0.97, 0.5)}


def test_no_two_shown_labels_overlap_and_hubs_are_named_first():
    hub = 1
    edges = [Edge(hub, v, 2) for v in range(2, 41)] + [Edge(v, v + 1, 1) for v in range(2, 40)]
    drawn = diagram(nodes(60), edges)
    shown = [n for n in drawn["nodes"] if n["label"]]
    assert next(n for n in drawn["nodes"] if n["id"] == hub)["label"]
    for a, b in itertools.combinations(shown, 2):
        (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = label_box(a), label_box(b)
        assert not (ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1), (a["nama"], b["nama"])
    assert 10 <= len(shown) < 60  # crowded: some names go to the tooltip only
