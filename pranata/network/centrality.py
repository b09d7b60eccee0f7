"""Brokers by betweenness: exact on scopes the budget affords, otherwise a stated, measured estimate.

Exact betweenness costs one breadth-first search per lembaga (n × ties); a kabupaten of 15,000 lembaga
would take half a minute or more. Above `sources` lembaga the figure is estimated from that many source
lembaga instead (Brandes & Pich's pivot sampling), so the cost grows smoothly with the scope and never
jumps: a scope of exactly `sources` lembaga costs the same either way.

The sources are drawn systematically from the lembaga listed community by community (Louvain groups, in a
seeded shuffled order), which spreads them over every part of the network the way stratified sampling
would, with every source weighing the same. They are drawn as `BATCHES` independent systematic samples; the
spread of the batch estimates gives each value's standard error, so the report can say how good the
estimate is instead of only that it is one.
"""

from __future__ import annotations

import math
import random
import statistics
from dataclasses import dataclass

import networkx as nx

from .engine import Engine

BATCHES = 5


@dataclass(frozen=True)
class Betweenness:
    """Normalised betweenness per lembaga (1.0 = on every shortest path between two others), how it was
    found ("exact" or "sampled"), from how many source lembaga, and for a sample the relative standard error
    of the top values (0.05 = ±5 %)."""

    scores: dict[int, float]
    method: str
    sources: int | None = None
    error: float | None = None


def _scale(n: int) -> float:
    # Pairs of other lembaga a lembaga could sit between, as networkx normalises undirected betweenness.
    return 2 / ((n - 1) * (n - 2)) if n > 2 else 1.0


def _population(G: nx.Graph, communities: list[set[int]], seed: int) -> list[int]:
    """Lembaga with a tie, community by community, shuffled (seeded) within each."""
    rng = random.Random(seed)
    listed: list[int] = []
    for members in communities:
        group = sorted(members)
        rng.shuffle(group)
        listed += group
    placed = set(listed)
    rest = sorted(v for v in G if v not in placed and G.degree(v))
    rng.shuffle(rest)
    return listed + rest


def _systematic(population: list[int], k: int, rng: random.Random) -> list[int]:
    step = len(population) / k
    start = rng.random() * step
    return [population[min(int(start + i * step), len(population) - 1)] for i in range(k)]


def _top_error(estimates: list[dict[int, float]], mean: dict[int, float], top: int) -> float | None:
    ranked = sorted((v for v in mean if mean[v] > 0), key=lambda v: (-mean[v], v))[:top]
    errors = [statistics.stdev(batch[v] for batch in estimates) / math.sqrt(len(estimates)) / mean[v] for v in ranked]
    return round(max(errors), 4) if errors else None


def betweenness(
    G: nx.Graph, engine: Engine, *, sources: int, communities: list[set[int]], seed: int, top: int = 10
) -> Betweenness:
    """Exact when the scope's linked lembaga number at most `sources`, else estimated from `sources` of them."""
    n = G.number_of_nodes()
    scale = _scale(n)
    population = _population(G, communities, seed)
    if len(population) <= sources:
        raw = engine.betweenness(G)
        return Betweenness({v: value * scale for v, value in raw.items()}, "exact")
    rng = random.Random(seed)
    per_batch = max(2, sources // BATCHES)
    estimates = []
    for _batch in range(BATCHES):
        chosen = _systematic(population, per_batch, rng)
        raw = engine.betweenness(G, chosen)
        weight = len(population) / per_batch * scale
        estimates.append({v: value * weight for v, value in raw.items()})
    mean = {v: sum(batch[v] for batch in estimates) / BATCHES for v in G}
    return Betweenness(mean, "sampled", per_batch * BATCHES, _top_error(estimates, mean, top))
