"""Network figures for a scope of lembaga and the kerjasama ties between them.

Pure functions over networkx: plain records in (`Node`, `Edge`, built by the selectors from the database),
plain JSON-ready data out, so a report can be cached, compared between two dates and tested without a
database. Nothing here knows about Django.
"""

from __future__ import annotations

import io
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any

import networkx as nx

TAHAP = (1, 2, 3, 4, 5)
TAHAP_LABEL = {1: "Komunikasi", 2: "Kooperasi", 3: "Koordinasi", 4: "Kolaborasi", 5: "Konfederasi"}

EXPORT_NODE_ATTRS = ("kode", "nama", "sektor", "pranata", "wilayah", "wilayah_kode")
PADANAN_PER_KEBUTUHAN = 3
LAYOUT_MARGIN = 0.03

Pair = tuple[int, int]
Listing = tuple[int, str, str]  # a need or a resource: (lembaga_id, jenis, uraian)


@dataclass(frozen=True)
class Node:
    """One lembaga as the network sees it."""

    id: int
    nama: str
    sektor: str  # one of "warga", "pemerintah", "dunia_usaha", "donatur", "lsm"
    kode: str = ""
    pranata: str = ""
    wilayah: str = ""  # kelurahan name
    wilayah_kode: str = ""  # kelurahan Kemendagri code, e.g. "16.71.05.1006"


@dataclass(frozen=True)
class Edge:
    """One kerjasama tie between lembaga `a` and `b` at stage `tahap` (1..5) of the ladder."""

    a: int
    b: int
    tahap: int
    mulai: date | None = None


def _r(value: float) -> float:
    return round(float(value), 4)


def _pair(a: int, b: int) -> Pair:
    return (a, b) if a <= b else (b, a)


# --- Building the graph ---------------------------------------------------------------------------------


def _strongest_ties(edges: Iterable[Edge], scope: set[int] | None = None) -> dict[Pair, Edge]:
    """One tie per pair: a pair recorded twice counts at its highest stage."""
    best: dict[Pair, Edge] = {}
    for edge in edges:
        outside = scope is not None and (edge.a not in scope or edge.b not in scope)
        if edge.a == edge.b or outside:
            continue
        pair = _pair(edge.a, edge.b)
        if pair not in best or edge.tahap > best[pair].tahap:
            best[pair] = edge
    return best


def _node_attrs(node: Node) -> dict[str, str]:
    return {attr: getattr(node, attr) for attr in EXPORT_NODE_ATTRS}


def build_graph(nodes: Iterable[Node], edges: Iterable[Edge]) -> nx.Graph:
    """The network of a scope: lembaga as nodes, their strongest tie per pair as edges.

    Ties reaching a lembaga outside the scope are left out, so a kelurahan report only counts its own ties.
    Nodes and edges are added in id order so that seeded algorithms give the same answer for the same data.
    """
    G = nx.Graph()
    for node in sorted(nodes, key=lambda n: n.id):
        G.add_node(node.id, **_node_attrs(node))
    ties = _strongest_ties(edges, scope=set(G))
    for (a, b), edge in sorted(ties.items()):
        G.add_edge(a, b, tahap=int(edge.tahap), mulai=edge.mulai.isoformat() if edge.mulai else "")
    return G


# --- The ladder -----------------------------------------------------------------------------------------


def _largest_component(G: nx.Graph) -> int:
    return max((len(c) for c in nx.connected_components(G)), default=0)


def _find(parent: dict[int, int], v: int) -> int:
    while parent[v] != v:
        parent[v] = parent[parent[v]]
        v = parent[v]
    return v


def _largest_by_stage(G: nx.Graph) -> dict[int, int]:
    """Largest group joined by ties at stage ≥ k, for every k, in one union-find pass from the top stage down.

    Only lembaga with a tie at that stage count, so a lembaga without one never forms a "group of one".
    """
    parent: dict[int, int] = {}
    size: dict[int, int] = {}
    largest, result = 0, {}
    by_stage = sorted(G.edges(data="tahap"), key=lambda edge: -edge[2])
    i = 0
    for k in sorted(TAHAP, reverse=True):
        while i < len(by_stage) and by_stage[i][2] >= k:
            u, v, _tahap = by_stage[i]
            for node in (u, v):
                if node not in parent:
                    parent[node], size[node] = node, 1
                    largest = max(largest, 1)
            ru, rv = _find(parent, u), _find(parent, v)
            if ru != rv:
                if size[ru] < size[rv]:
                    ru, rv = rv, ru
                parent[rv] = ru
                size[ru] += size[rv]
                largest = max(largest, size[ru])
            i += 1
        result[k] = largest
    return result


def coverage_ladder(G: nx.Graph, n_active: int) -> list[dict]:
    """For each stage k, how much of the scope one connected group of ties at stage ≥ k reaches.

    "terbesar" is the number of lembaga in the largest group joined by ties at stage k or higher; "cakupan"
    is that number as a share of the active lembaga in scope (0.5 = half of them are in one such group).
    """
    largest = _largest_by_stage(G)
    return [
        {
            "tahap": k,
            "label": TAHAP_LABEL[k],
            "terbesar": largest[k],
            "cakupan": largest[k] / n_active if n_active else 0.0,
        }
        for k in TAHAP
    ]


def network_stage(ladder: list[dict], threshold: float = 0.5) -> int:
    """The stage of the network as a whole: the highest stage whose coverage reaches the threshold.

    0 means "belum terbentuk": not even ties of the first stage join that share of the lembaga.
    """
    return max((rung["tahap"] for rung in ladder if rung["cakupan"] >= threshold), default=0)


# --- Whole-network figures ------------------------------------------------------------------------------


def degree_centralization(G: nx.Graph) -> float:
    """How much the network leans on one lembaga: 1.0 for a star (all ties go through one hub), 0.0 when
    every lembaga has the same number of partners (Freeman's degree centralisation)."""
    n = G.number_of_nodes()
    if n < 3:
        return 0.0
    degrees = [d for _, d in G.degree()]
    hub = max(degrees)
    return sum(hub - d for d in degrees) / ((n - 1) * (n - 2))


def _tie_counts(G: nx.Graph) -> dict:
    """How many lembaga and ties, ties per stage (count, share, mean) and lembaga per sektor."""
    stages = [tahap for _, _, tahap in G.edges(data="tahap")]
    per, m = Counter(stages), len(stages)
    return {
        "n_lembaga": G.number_of_nodes(),
        "n_kerjasama": m,
        "per_tahap": {str(k): per[k] for k in TAHAP},
        "share_tahap": {str(k): _r(per[k] / m) if m else 0.0 for k in TAHAP},
        "mean_tahap": _r(sum(stages) / m) if m else None,
        "per_sektor": dict(sorted(Counter(sektor for _, sektor in G.nodes(data="sektor")).items())),
    }


def _shape(G: nx.Graph) -> dict:
    """Density, degree, centralisation, fragmentation and single points of failure."""
    n, m = G.number_of_nodes(), G.number_of_edges()
    return {
        "density": _r(nx.density(G)) if n >= 2 else 0.0,
        "avg_degree": _r(2 * m / n) if n else 0.0,
        "centralization": _r(degree_centralization(G)),
        "n_components": nx.number_connected_components(G),
        "largest_component": _largest_component(G),
        "isolates": sorted(nx.isolates(G)),
        "articulation_points": sorted(nx.articulation_points(G)),
    }


def _linked(G: nx.Graph) -> nx.Graph:
    # A copy rather than a subgraph view keeps G's node order, which Louvain's seeded shuffle depends on.
    H = G.copy()
    H.remove_nodes_from(list(nx.isolates(G)))
    return H


def _communities(G: nx.Graph, seed: int) -> dict:
    """Groups of lembaga tied more among themselves than to the rest (Louvain), and how clear-cut they are."""
    H = _linked(G)
    if H.number_of_edges() == 0:
        return {"communities": [], "modularity": None}
    found = nx.community.louvain_communities(H, seed=seed)
    groups = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    return {"communities": groups, "modularity": _r(nx.community.modularity(H, found))}


def _top(G: nx.Graph, values: dict[int, float], top: int) -> list[dict]:
    ranked = sorted((-value, v) for v, value in values.items() if value > 0)[:top]
    return [{"id": v, "nama": G.nodes[v]["nama"], "nilai": -value} for value, v in ranked]


def _betweenness(G: nx.Graph, *, limit: int, samples: int, seed: int, top: int) -> dict:
    """Brokers: lembaga that sit on many shortest paths between others. Sampled on big scopes for speed."""
    n = G.number_of_nodes()
    sampled = n > limit
    k = min(samples, n) if sampled else None
    scores = nx.betweenness_centrality(G, k=k, seed=seed)
    # Ranked on the shown value so that equal-looking scores are ordered by id, not by float noise.
    rounded = {v: _r(score) for v, score in scores.items()}
    return {"top_betweenness": _top(G, rounded, top), "betweenness_sampled": sampled, "betweenness_k": k}


def _sektor_matrix(G: nx.Graph) -> dict[str, dict[str, int]]:
    """Ties between each pair of sektor, e.g. how often warga groups work with dunia usaha."""
    sektor = sorted({s for _, s in G.nodes(data="sektor")})
    matrix = {a: dict.fromkeys(sektor, 0) for a in sektor}
    for u, v in G.edges():
        a, b = G.nodes[u]["sektor"], G.nodes[v]["sektor"]
        matrix[a][b] += 1
        if a != b:
            matrix[b][a] += 1
    return matrix


def _rounded(ladder: list[dict]) -> list[dict]:
    return [{**rung, "cakupan": _r(rung["cakupan"])} for rung in ladder]


def analyse(
    nodes: Sequence[Node],
    edges: Sequence[Edge],
    *,
    threshold: float = 0.5,
    exact_betweenness_limit: int = 1500,
    betweenness_samples: int = 200,
    seed: int = 42,
    top: int = 10,
    graph: nx.Graph | None = None,
) -> dict:
    """Every figure of the network report for one scope at one date, JSON-ready (floats to 4 decimals).

    `graph` may pass the result of build_graph(nodes, edges) when the caller has it already.
    """
    G = graph if graph is not None else build_graph(nodes, edges)
    ladder = coverage_ladder(G, G.number_of_nodes())
    return {
        **_tie_counts(G),
        "ladder": _rounded(ladder),
        # Judged on unrounded coverage: 0.49996 must not pass a 0.5 threshold.
        "tahap_jaringan": network_stage(ladder, threshold),
        "threshold": threshold,
        **_shape(G),
        **_communities(G, seed),
        "top_degree": _top(G, dict(G.degree()), top),
        **_betweenness(G, limit=exact_betweenness_limit, samples=betweenness_samples, seed=seed, top=top),
        "sektor_matrix": _sektor_matrix(G),
    }


# --- Before and after -----------------------------------------------------------------------------------


def edge_map(edges: Iterable[Edge]) -> dict[Pair, int]:
    """{(smaller id, larger id): stage} for each tie, the form `transitions` compares."""
    return {pair: edge.tahap for pair, edge in _strongest_ties(edges).items()}


def _by_stage(stages: Iterable[int]) -> dict[str, int]:
    counts = Counter(stages)
    return {str(k): counts[k] for k in TAHAP}


def transitions(before: dict[Pair, int], after: dict[Pair, int]) -> dict:
    """The pre-test/post-test of an empowerment programme: how ties moved along the ladder between two dates.

    matrix[i][j] counts ties that went from stage i+1 to stage j+1 (the diagonal stayed put); "baru" and
    "berakhir" count ties that appeared or ended, by their stage.
    """
    shared = sorted(before.keys() & after.keys())
    matrix = [[0] * len(TAHAP) for _ in TAHAP]
    for pair in shared:
        matrix[before[pair] - 1][after[pair] - 1] += 1
    muncul = [[*pair, after[pair]] for pair in sorted(after.keys() - before.keys())]
    hilang = [[*pair, before[pair]] for pair in sorted(before.keys() - after.keys())]
    return {
        "matrix": matrix,
        "baru": _by_stage(row[2] for row in muncul),
        "berakhir": _by_stage(row[2] for row in hilang),
        "naik": [[*pair, before[pair], after[pair]] for pair in shared if after[pair] > before[pair]],
        "turun": [[*pair, before[pair], after[pair]] for pair in shared if after[pair] < before[pair]],
        "tetap": sum(1 for pair in shared if after[pair] == before[pair]),
        "muncul": muncul,
        "hilang": hilang,
    }


def _count_of(key: str) -> Callable[[dict], int]:
    return lambda result: len(result[key])


def _compared_figures() -> list[tuple[str, str, Callable[[dict], Any]]]:
    figures = [
        ("n_lembaga", "Jumlah lembaga", itemgetter("n_lembaga")),
        ("n_kerjasama", "Jumlah kerjasama", itemgetter("n_kerjasama")),
        ("tahap_jaringan", "Tahap jaringan", itemgetter("tahap_jaringan")),
        ("mean_tahap", "Rata-rata tahap", itemgetter("mean_tahap")),
        ("density", "Kepadatan (density)", itemgetter("density")),
        ("avg_degree", "Rata-rata derajat", itemgetter("avg_degree")),
        ("centralization", "Sentralisasi derajat", itemgetter("centralization")),
        ("n_components", "Komponen", itemgetter("n_components")),
        ("largest_component", "Komponen terbesar", itemgetter("largest_component")),
        ("n_isolates", "Lembaga terisolasi", _count_of("isolates")),
        ("n_articulation", "Titik artikulasi (broker)", _count_of("articulation_points")),
        ("n_communities", "Komunitas", _count_of("communities")),
        ("modularity", "Modularitas", itemgetter("modularity")),
    ]
    for k in TAHAP:
        figures.append((f"per_tahap_{k}", f"Kerjasama tahap {TAHAP_LABEL[k]}", lambda r, k=k: r["per_tahap"][str(k)]))
    for k in TAHAP:
        figures.append(
            (f"cakupan_{k}", f"Cakupan tahap ≥ {TAHAP_LABEL[k]}", lambda r, k=k: r["ladder"][k - 1]["cakupan"])
        )
    return figures


def compare(before: dict, after: dict) -> list[dict]:
    """Two `analyse` results side by side, one row per figure, with the change ("selisih") from before to after."""
    rows = []
    for key, label, figure in _compared_figures():
        sebelum, sesudah = figure(before), figure(after)
        selisih = None if sebelum is None or sesudah is None else round(sesudah - sebelum, 4)
        rows.append({"key": key, "label": label, "sebelum": sebelum, "sesudah": sesudah, "selisih": selisih})
    return rows


# --- Recommendations ------------------------------------------------------------------------------------


def _nama(G: nx.Graph, v: int) -> str:
    return G.nodes[v]["nama"]


def _invitations(G: nx.Graph) -> list[dict]:
    alasan = "Belum punya kerjasama dengan lembaga lain di jaringan ini."
    isolates = sorted(nx.isolates(G), key=lambda v: (_nama(G, v), v))
    return [{"id": v, "nama": _nama(G, v), "alasan": alasan} for v in isolates]


def _stronger_partners(G: nx.Graph) -> dict[int, dict[int, set[int]]]:
    """stronger[k][v]: v's partners through ties above stage k (sets, so pairs intersect at C speed)."""
    stronger: dict[int, dict[int, set[int]]] = {k: defaultdict(set) for k in TAHAP[:-1]}
    for u, v, tahap in G.edges(data="tahap"):
        for k in TAHAP[: tahap - 1]:
            stronger[k][u].add(v)
            stronger[k][v].add(u)
    return stronger


def _ready_tie(G: nx.Graph, a: int, b: int, k: int, stronger: dict) -> dict | None:
    """Tie a–b at stage k, if a and b already both work one stage higher with a common partner."""
    perantara = sorted(stronger[k].get(a, set()) & stronger[k].get(b, set()))
    if not perantara:
        return None
    lainnya = f" dan {len(perantara) - 1} lainnya" if len(perantara) > 1 else ""
    alasan = f"Keduanya sudah {TAHAP_LABEL[k + 1]} dengan {_nama(G, perantara[0])}{lainnya}."
    names = {"nama_a": _nama(G, a), "nama_b": _nama(G, b)}
    return {"a": a, "b": b, **names, "tahap": k, "ke": k + 1, "perantara": perantara, "alasan": alasan}


def _ready_to_move_up(G: nx.Graph) -> list[dict]:
    stronger = _stronger_partners(G)
    found = [_ready_tie(G, *_pair(a, b), k, stronger) for a, b, k in G.edges(data="tahap") if k < max(TAHAP)]
    return sorted((f for f in found if f), key=lambda f: (-len(f["perantara"]), f["a"], f["b"]))


def _dfs_parts(G: nx.Graph) -> tuple[dict[int, list[int]], set[int]]:
    """One depth-first pass (Hopcroft–Tarjan lowpoints): for each lembaga, the sizes of the subtrees that
    would lose their only link upward if it left; plus the roots of the search, one per component."""
    disc: dict[int, int] = {}
    low: dict[int, int] = {}
    size: dict[int, int] = {}
    parts: dict[int, list[int]] = defaultdict(list)
    roots: set[int] = set()
    for u, v, kind in nx.dfs_labeled_edges(G):
        if kind == "forward":
            disc[v] = low[v] = len(disc)
            size[v] = 1
            if u == v:
                roots.add(v)
        elif kind == "nontree":
            low[u] = min(low[u], disc[v])
        elif kind == "reverse" and u != v:
            low[u], size[u] = min(low[u], low[v]), size[u] + size[v]
            if low[v] >= disc[u]:
                parts[u].append(size[v])
    return parts, roots


def _split_sizes(G: nx.Graph) -> dict[int, list[int]]:
    """For each articulation point, the sizes of the pieces its component falls into without it."""
    parts, roots = _dfs_parts(G)
    component = {v: len(c) for c in nx.connected_components(G) for v in c}
    for v in parts:
        if v not in roots:
            # Whatever is not cut off below v stays together, linked through v's parent.
            parts[v].append(component[v] - 1 - sum(parts[v]))
    return {v: sorted(p, reverse=True) for v, p in parts.items() if len(p) >= 2}


def _brokers(G: nx.Graph) -> list[dict]:
    alasan = "Jika lembaga ini keluar, jaringan terpecah menjadi {} bagian."
    found = [
        {"id": v, "nama": _nama(G, v), "pecahan": p, "alasan": alasan.format(len(p))}
        for v, p in _split_sizes(G).items()
    ]
    return sorted(found, key=lambda f: (-len(f["pecahan"]), -f["pecahan"][1], f["id"]))


def _via(G: nx.Graph, x: int, y: int) -> int:
    # Name the common partner with the strongest ties to both: the likeliest one to make the introduction.
    return max(nx.common_neighbors(G, x, y), key=lambda c: (min(G[x][c]["tahap"], G[c][y]["tahap"]), -c))


# Needs look for resources this many steps away at most; beyond that the forum introduces them anyway, and a
# bounded search keeps a kabupaten's thousands of needs fast.
MATCH_CUTOFF = 3


def _match_reason(G: nx.Graph, x: int, y: int, jarak: int | None, same_component: bool) -> str:
    if jarak is None:
        if same_component:
            return f"Terhubung lebih dari {MATCH_CUTOFF} langkah; dapat diperkenalkan di forum."
        return "Belum terhubung; dapat diperkenalkan di forum."
    if jarak == 1:
        return "Mitra langsung."
    if jarak == 2:
        return f"Teman dari mitra (melalui {_nama(G, _via(G, x, y))})."
    return f"Terhubung dalam {jarak} langkah."


def _match_order(match: dict) -> tuple:
    jarak = match["jarak"]
    names = (match["nama_kebutuhan"], match["nama_sumber"], match["kebutuhan_id"], match["sumber_id"])
    return (jarak is None, jarak or 0, *names)


def _match(G: nx.Graph, need: Listing, offer: tuple[int, str], jarak: int | None, component: dict) -> dict:
    x, jenis, kebutuhan = need
    y, sumber = offer
    wanted = {"kebutuhan_id": x, "nama_kebutuhan": _nama(G, x), "kebutuhan": kebutuhan, "jenis": jenis}
    offered = {"sumber_id": y, "nama_sumber": _nama(G, y), "sumber": sumber}
    reason = _match_reason(G, x, y, jarak, component[x] == component[y])
    return {**wanted, **offered, "jarak": jarak, "alasan": reason}


def _offers_by_jenis(G: nx.Graph, resources: Sequence[Listing]) -> dict[str, list[tuple[int, str]]]:
    """Offers per kind, sorted by holder name then id: the order ties are broken in."""
    offers: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for y, jenis, uraian in resources:
        if y in G:
            offers[jenis].append((y, uraian))
    for listed in offers.values():
        listed.sort(key=lambda offer: (_nama(G, offer[0]), offer[0]))
    return offers


def _best_offers(
    G: nx.Graph, x: int, listed: list[tuple[int, str]], holders: dict[int, list[str]], reach: dict[int, int]
) -> list[tuple]:
    """The nearest few offers for one need: reachable ones by distance, then the rest in name order.

    Walks the (small, bounded) neighbourhood rather than every offer, so a province's needs stay fast.
    """
    near = sorted(
        (jarak, _nama(G, y), y, sumber) for y, jarak in reach.items() if y != x for sumber in holders.get(y, ())
    )[:PADANAN_PER_KEBUTUHAN]
    chosen = [((y, sumber), jarak) for jarak, _name, y, sumber in near]
    for y, sumber in listed:
        if len(chosen) >= PADANAN_PER_KEBUTUHAN:
            break
        if y != x and y not in reach:
            chosen.append(((y, sumber), None))
    return chosen


def _match_needs(G: nx.Graph, needs: Sequence[Listing], resources: Sequence[Listing]) -> list[dict]:
    """Resources that could meet each need, nearest in the network first (a partner's word carries weight)."""
    offers = _offers_by_jenis(G, resources)
    holders: dict[str, dict[int, list[str]]] = {}
    for jenis, listed in offers.items():
        for y, sumber in listed:
            holders.setdefault(jenis, {}).setdefault(y, []).append(sumber)
    component = {v: i for i, members in enumerate(nx.connected_components(G)) for v in members}
    reach: dict[int, dict[int, int]] = {}
    matches = []
    for need in needs:
        x = need[0]
        if x in G and need[1] in offers:
            if x not in reach:
                reach[x] = nx.single_source_shortest_path_length(G, x, cutoff=MATCH_CUTOFF)
            for offer, jarak in _best_offers(G, x, offers[need[1]], holders[need[1]], reach[x]):
                matches.append(_match(G, need, offer, jarak, component))
    return sorted(matches, key=_match_order)


def recommendations(
    nodes: Sequence[Node],
    edges: Sequence[Edge],
    *,
    needs: Sequence[Listing] = (),
    resources: Sequence[Listing] = (),
    limit: int = 20,
    graph: nx.Graph | None = None,
) -> dict:
    """What the forum could do next, each item with a one-line reason ("alasan") in Indonesian.

    "undang": lembaga with no tie yet, to invite; "naik_tahap": ties whose two lembaga already work a stage
    higher with a common partner; "broker": lembaga whose departure would split the network; "padanan":
    needs (lembaga_id, jenis, uraian) that a resource of the same jenis elsewhere could meet.
    """
    G = graph if graph is not None else build_graph(nodes, edges)
    return {
        "undang": _invitations(G),
        "naik_tahap": _ready_to_move_up(G)[:limit],
        "broker": _brokers(G)[:limit],
        "padanan": _match_needs(G, needs, resources)[: limit * 2],
    }


# --- Drawing, big scopes and export ---------------------------------------------------------------------


def _fit(value: float, lo: float, hi: float) -> float:
    if hi - lo < 1e-12:
        return 0.5
    return round(LAYOUT_MARGIN + (value - lo) / (hi - lo) * (1 - 2 * LAYOUT_MARGIN), 4)


def layout(G: nx.Graph, *, seed: int = 42) -> dict[int, tuple[float, float]]:
    """Positions for the network diagram, x and y within [0.03, 0.97], the same every time for the same data."""
    if G.number_of_nodes() <= 1:
        return {v: (0.5, 0.5) for v in G}
    pos = nx.spring_layout(G, seed=seed)
    xs, ys = [float(p[0]) for p in pos.values()], [float(p[1]) for p in pos.values()]
    return {v: (_fit(float(x), min(xs), max(xs)), _fit(float(y), min(ys), max(ys))) for v, (x, y) in pos.items()}


def group_sizes(nodes: Sequence[Node], *, key: Callable[[Node], str]) -> dict[str, int]:
    """How many lembaga each group of a summarised drawing stands for, by group key."""
    return dict(sorted(Counter(key(node) for node in nodes).items()))


def _group_names(nodes: Sequence[Node], key: Callable[[Node], str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for node in nodes:
        if node.wilayah:
            names.setdefault(key(node), node.wilayah)
    return names


def summarise(
    nodes: Sequence[Node], edges: Sequence[Edge], *, key: Callable[[Node], str]
) -> tuple[list[Node], list[Edge]]:
    """A big scope drawn as one node per group (e.g. per kelurahan), too many lembaga to draw one by one.

    Two groups are tied when any of their lembaga are, at the highest stage among those ties; ties inside a
    group disappear. Group ids run from 1 in key order.
    """
    keys = sorted({key(node) for node in nodes})
    group_id = {k: i for i, k in enumerate(keys, start=1)}
    member = {node.id: group_id[key(node)] for node in nodes}
    names = _group_names(nodes, key)
    groups = [Node(id=group_id[k], nama=names.get(k, k), sektor="warga", wilayah_kode=k) for k in keys]
    ties = (Edge(member[e.a], member[e.b], e.tahap) for e in edges if e.a in member and e.b in member)
    return groups, [Edge(a, b, tahap) for (a, b), tahap in sorted(edge_map(ties).items())]


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: object) -> str:
    """Text an XML 1.0 file can hold: the characters XML forbids (which Gephi refuses) are dropped."""
    return _NOT_XML.sub("", str(value or ""))


def _export_graph(G: nx.Graph, *, label: bool = False) -> nx.Graph:
    # Writers reject None, and Gephi wants the same attribute set on every node.
    H = nx.Graph()
    for v, data in G.nodes(data=True):
        attrs = {attr: xml_text(data.get(attr)) for attr in EXPORT_NODE_ATTRS}
        H.add_node(v, **attrs, **({"label": attrs["nama"]} if label else {}))
    for u, v, data in G.edges(data=True):
        H.add_edge(u, v, tahap=int(data.get("tahap", 1)), mulai=str(data.get("mulai") or ""))
    return H


def to_graphml(G: nx.Graph) -> bytes:
    """The network as GraphML (Gephi, yEd, Cytoscape), with lembaga attributes and each tie's stage."""
    buffer = io.BytesIO()
    nx.write_graphml(_export_graph(G), buffer)
    return buffer.getvalue()


def to_gexf(G: nx.Graph) -> bytes:
    """The network as GEXF for Gephi; lembaga names double as node labels."""
    buffer = io.BytesIO()
    nx.write_gexf(_export_graph(G, label=True), buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class TieHistory:
    """A tie's whole life: when it started and ended, and each dated stage."""

    a: int
    b: int
    mulai: date
    selesai: date | None
    stages: tuple[tuple[date, int], ...]


def _stage_spells(tie: TieHistory) -> list[tuple[int, str, str | None]]:
    """Each stage from its date to the next stage's date (the last one to the tie's end, or open)."""
    ends = [when.isoformat() for when, _tahap in tie.stages[1:]] + [tie.selesai.isoformat() if tie.selesai else None]
    return [(tahap, when.isoformat(), end) for (when, tahap), end in zip(tie.stages, ends, strict=True)]


def to_dynamic_gexf(nodes: Sequence[Node], ties: Sequence[TieHistory]) -> bytes:
    """The network's growth for Gephi's timeline: each tie exists from its start to its end, and its stage is a
    time-spelled attribute, so a researcher can replay how ties appeared and climbed the ladder."""
    G = nx.Graph(mode="dynamic")
    for node in sorted(nodes, key=lambda n: n.id):
        attrs = {attr: xml_text(getattr(node, attr)) for attr in EXPORT_NODE_ATTRS}
        G.add_node(node.id, **attrs, label=attrs["nama"])
    for tie in sorted(ties, key=lambda t: (t.a, t.b)):
        if tie.a in G and tie.b in G and tie.stages:
            span = {"start": tie.mulai.isoformat(), **({"end": tie.selesai.isoformat()} if tie.selesai else {})}
            G.add_edge(tie.a, tie.b, tahap=_stage_spells(tie), **span)
    buffer = io.BytesIO()
    nx.write_gexf(G, buffer)
    return buffer.getvalue()
