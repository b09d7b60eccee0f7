"""The timed cases: report pages cold and cached, the pieces of a cold report, list pages, an export.

Pages go through `django.test.Client` (URL routing, middleware, session, template) because that is what a
user waits for; the pieces call the report functions directly to show where a cold report spends its time.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from pranata import network, reports
from pranata.models import Kebutuhan, LembagaQuerySet, SumberDaya
from pranata.views.laporan import wilayah_scope

from .memory import Peak, PeakMemory, largest_cache_entry_mb
from .timing import Result, measure

# 20 runs make p95 the 19th of 20 rather than simply the slowest run; the time budget caps slow cases.
FAST_RUNS = 20
SLOW_RUNS = 3
REPORT_FAST = 0.2  # DESIGN: a kelurahan report is instant, and so is any report already computed
REPORT_KABUPATEN_COLD = 5.0  # DESIGN: a kabupaten report is fast
LIST_PAGE = 0.15


@dataclass
class Bench:
    """What every case needs: a logged-in client, the report date, and how many runs to do."""

    client: Client
    user: User
    as_of: datetime.date
    fast_runs: int
    slow_runs: int


def make_bench(user: User, runs: int | None) -> Bench:
    client = Client()
    client.force_login(user)
    return Bench(client, user, timezone.localdate(), runs or FAST_RUNS, runs or SLOW_RUNS)


def get(client: Client, url: str) -> Callable[[], None]:
    """A GET that must succeed: a bench that times an error page measures nothing."""

    def fetch() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"bench: GET {url} returned {response.status_code}")

    return fetch


def baseline(bench: Bench) -> Result:
    """The login page, anonymous: the cheapest full page, so other pages read as multiples of it."""
    fetch = get(Client(), "/masuk/")
    fetch()  # load templates and open the connection before timing
    return measure("halaman masuk (baseline)", "–", fetch, runs=bench.fast_runs)


def report_pages(
    bench: Bench, kode: str, scale: str, *, cold_target: float, slow: bool
) -> tuple[list[Result], PeakMemory]:
    """The report page cold (cache cleared before each run) and cached; the first cold run's peak memory."""
    url = f"/laporan/{kode}/"
    fetch = get(bench.client, url)
    cold_fetch = PeakMemory(fetch)
    runs = bench.slow_runs if slow else bench.fast_runs
    cold = measure(f"laporan {url} cold", scale, cold_fetch, runs=runs, target=cold_target, before=cache.clear)
    fetch()  # make sure the cached copy exists whatever the last cold run did
    cached = measure(f"laporan {url} cached", scale, fetch, runs=bench.fast_runs, target=REPORT_FAST)
    return [cold, cached], cold_fetch


def kelurahan_cases(bench: Bench, kode: str) -> list[Result]:
    _wilayah, scope = wilayah_scope(bench.user, kode)
    # Warm-up (cold, so that it computes): templates, URL resolver, networkx/scipy's lazy imports.
    cache.clear()
    get(bench.client, f"/laporan/{kode}/")()
    compute = measure(
        "compute_report (incl. SVG layout)",
        "kelurahan",
        lambda: reports.compute_report(scope, bench.as_of),
        runs=bench.fast_runs,
        target=REPORT_FAST,
    )
    pages, _memory = report_pages(bench, kode, "kelurahan", cold_target=REPORT_FAST, slow=False)
    return [compute, *pages]


def report_pieces(bench: Bench, kode: str) -> list[Result]:
    """The cold report taken apart, in the order compute_report runs them."""
    _wilayah, scope = wilayah_scope(bench.user, kode)
    lembaga = scope.lembaga_at(bench.as_of)
    nodes, edges = reports.load_graph(lembaga, bench.as_of)
    needs, resources = _needs_and_resources(lembaga)
    graph = network.build_graph(nodes, edges)
    k = settings.SIMPUL_BETWEENNESS_SAMPLES
    runs, scale = bench.slow_runs, "kabupaten"
    pieces = [
        ("reports.fingerprint (cache key aggregates)", lambda: reports.fingerprint(lembaga)),
        ("reports.load_graph (ORM → nodes, edges)", lambda: reports.load_graph(lembaga, bench.as_of)),
        ("network.analyse (all figures)", lambda: _analyse(nodes, edges)),
        ("analyse › build_graph", lambda: network.build_graph(nodes, edges)),
        ("analyse › Louvain communities", lambda: nx.community.louvain_communities(_linked(graph), seed=42)),
        (f"analyse › betweenness, k={k} sampled", lambda: nx.betweenness_centrality(graph, k=k, seed=42)),
        ("analyse › articulation points", lambda: list(nx.articulation_points(graph))),
        ("network.recommendations", lambda: network.recommendations(nodes, edges, needs=needs, resources=resources)),
        ("reports.diagram (grouped SVG layout)", lambda: reports.diagram(nodes, edges)),
    ]
    return [measure(name, scale, action, runs=runs) for name, action in pieces]


def _needs_and_resources(lembaga: LembagaQuerySet) -> tuple[list, list]:
    # The same two queries compute_report makes, so recommendations get the same input as on the page.
    ids = lembaga.values("pk")
    needs = Kebutuhan.objects.filter(lembaga__in=ids, terpenuhi=False).values_list("lembaga_id", "jenis", "uraian")
    resources = SumberDaya.objects.filter(lembaga__in=ids).values_list("lembaga_id", "jenis", "uraian")
    return list(needs), list(resources)


def _linked(graph: nx.Graph) -> nx.Graph:
    # What analyse hands to Louvain: the graph without isolates, node order kept.
    linked = graph.copy()
    linked.remove_nodes_from(list(nx.isolates(graph)))
    return linked


def _analyse(nodes: list[network.Node], edges: list[network.Edge]) -> dict:
    return network.analyse(
        nodes,
        edges,
        threshold=settings.SIMPUL_STAGE_THRESHOLD,
        exact_betweenness_limit=settings.SIMPUL_BETWEENNESS_EXACT_LIMIT,
        betweenness_samples=settings.SIMPUL_BETWEENNESS_SAMPLES,
    )


def list_pages(bench: Bench, analyst: User) -> list[Result]:
    """The lembaga list at a kabupaten's size: first page, a deep page, a filtered page; constant queries."""
    urls = ["/lembaga/", "/lembaga/?page=400", "/lembaga/?sektor=warga&page=50"]
    get(bench.client, urls[0])()
    results = [
        measure(f"daftar {url}", "kabupaten", get(bench.client, url), runs=bench.fast_runs, target=LIST_PAGE)
        for url in urls
    ]
    # The same deep page as a Dinas Sosial analyst: the scope filter (wilayah code prefixes) joins in.
    scoped = Client()
    scoped.force_login(analyst)
    fetch = get(scoped, urls[1])
    fetch()
    results.append(measure(f"daftar {urls[1]} (dinsos)", "kabupaten", fetch, runs=bench.fast_runs, target=LIST_PAGE))
    return results


def graphml(bench: Bench, kode: str) -> Result:
    url = f"/laporan/{kode}/unduh/graphml/"
    return measure(f"unduh {url}", "kabupaten", get(bench.client, url), runs=bench.slow_runs)


@dataclass
class Memory:
    peak: Peak  # while serving the first cold kabupaten report page (computation, cache write, rendering)
    cached_mb: float  # the largest cache entry: the pickled kabupaten report a cached page reads back


def kabupaten_cases(bench: Bench, kode: str, analyst: User) -> tuple[list[Result], Memory | None]:
    pieces = report_pieces(bench, kode)
    pages, cold_fetch = report_pages(bench, kode, "kabupaten", cold_target=REPORT_KABUPATEN_COLD, slow=True)
    memory = Memory(cold_fetch.peak, largest_cache_entry_mb()) if cold_fetch.peak else None
    return [*pieces, *pages, *list_pages(bench, analyst), graphml(bench, kode)], memory
