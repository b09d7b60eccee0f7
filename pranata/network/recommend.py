"""What a forum could do next, each suggestion with its reason as a code and values (`Alasan`), which the
presentation layer turns into a sentence in the reader's language (`reports.presentation.reason_text`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

import networkx as nx

from .graph import Edge, Listing, Node, _pair, build_graph
from .ladder import STAGES

PADANAN_PER_KEBUTUHAN = 3


class Alasan(NamedTuple):
    """Why something is suggested: a reason code and the values its sentence needs.

    - "belum_bermitra": no tie yet in this network
    - "sudah_lebih_tinggi" (tahap, perantara, lainnya): both already work at `tahap` with `perantara` (a
      name) and `lainnya` other common partners
    - "pemecah" (bagian): without this lembaga the network falls into `bagian` pieces
    - "mitra_langsung"; "teman_mitra" (melalui: a name); "terhubung" (langkah);
      "terlalu_jauh" (langkah: more than that many steps); "belum_terhubung" (no path at all)
    """

    kode: str
    nilai: dict[str, int | str] = {}


def _nama(G: nx.Graph, v: int) -> str:
    return G.nodes[v]["nama"]


def _invitations(G: nx.Graph) -> list[dict]:
    alasan = Alasan("belum_bermitra")
    isolates = sorted(nx.isolates(G), key=lambda v: (_nama(G, v), v))
    return [{"id": v, "nama": _nama(G, v), "alasan": alasan} for v in isolates]


def _stronger_partners(G: nx.Graph) -> dict[int, dict[int, set[int]]]:
    """stronger[k][v]: v's partners through ties above stage k (sets, so pairs intersect at C speed)."""
    stronger: dict[int, dict[int, set[int]]] = {k: defaultdict(set) for k in STAGES[:-1]}
    for u, v, tahap in G.edges(data="tahap"):
        for k in STAGES[: tahap - 1]:
            stronger[k][u].add(v)
            stronger[k][v].add(u)
    return stronger


def _ready_tie(G: nx.Graph, a: int, b: int, k: int, stronger: dict) -> dict | None:
    """Tie a–b at stage k, if a and b already both work one stage higher with a common partner."""
    perantara = sorted(stronger[k].get(a, set()) & stronger[k].get(b, set()))
    if not perantara:
        return None
    alasan = Alasan(
        "sudah_lebih_tinggi", {"tahap": k + 1, "perantara": _nama(G, perantara[0]), "lainnya": len(perantara) - 1}
    )
    names = {"nama_a": _nama(G, a), "nama_b": _nama(G, b)}
    return {"a": a, "b": b, **names, "tahap": k, "ke": k + 1, "perantara": perantara, "alasan": alasan}


def _ready_to_move_up(G: nx.Graph) -> list[dict]:
    stronger = _stronger_partners(G)
    found = [_ready_tie(G, *_pair(a, b), k, stronger) for a, b, k in G.edges(data="tahap") if k < max(STAGES)]
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
    found = [
        {"id": v, "nama": _nama(G, v), "pecahan": p, "alasan": Alasan("pemecah", {"bagian": len(p)})}
        for v, p in _split_sizes(G).items()
    ]
    return sorted(found, key=lambda f: (-len(f["pecahan"]), -f["pecahan"][1], f["id"]))


def _via(G: nx.Graph, x: int, y: int) -> int:
    # Name the common partner with the strongest ties to both: the likeliest one to make the introduction.
    return max(nx.common_neighbors(G, x, y), key=lambda c: (min(G[x][c]["tahap"], G[c][y]["tahap"]), -c))


# Needs look for resources this many steps away at most; beyond that the forum introduces them anyway, and a
# bounded search keeps a kabupaten's thousands of needs fast.
MATCH_CUTOFF = 3


def _match_reason(G: nx.Graph, x: int, y: int, jarak: int | None, same_component: bool) -> Alasan:
    if jarak is None:
        return Alasan("terlalu_jauh", {"langkah": MATCH_CUTOFF}) if same_component else Alasan("belum_terhubung")
    if jarak == 1:
        return Alasan("mitra_langsung")
    if jarak == 2:
        return Alasan("teman_mitra", {"melalui": _nama(G, _via(G, x, y))})
    return Alasan("terhubung", {"langkah": jarak})


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
    """What the forum could do next, each item with its reason ("alasan", an `Alasan`).

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
