"""`--provinsi`: a province the size of Jawa Tengah or Jawa Timur (~400,000 lembaga, ~1.6 M ties) and the
report the background worker computes for it.

The province is built one kabupaten at a time with bench/data.py's generators (each kabupaten in its own
transaction and with its own seed, so an interrupted generation resumes where it stopped and gives the same
rows). It lives in its own database (see __main__.py): with 400,000 more lembaga in the default bench
database, every superuser list page of the default run would measure a different installation.
"""

from __future__ import annotations

import random
import time

from django.db import transaction
from django.utils import timezone

from pranata import network, reports
from pranata.models import Kerjasama, Lembaga, Wilayah
from pranata.network import recommend

from .cases import Bench, needs_and_resources
from .data import SEED, Shape, extend_aktif_sejak, make_items, make_lembaga, make_ties, make_wilayah, say, tie_pairs
from .memory import PeakMemory
from .timing import Result, report

KODE, NAMA = "33", "Jawa Tengah (bench)"
N_KABUPATEN = 35  # 35 × 19 kecamatan × 12 desa × 50 lembaga = 399,000 lembaga; × ~46,000 ties = ~1.6 M ties
COMPUTE_TARGET = 30.0  # the engine issue: a province computed by the worker in ≤ 30 s (the report issue: 3 min)
MEMORY_TARGET_MB = 2048  # … in ≤ 2 GB (the report issue: 4 GB)


def kabupaten_shape(nomor: int) -> Shape:
    kode = f"{KODE}.{nomor:02d}"
    return Shape(
        name=f"provinsi {kode}",
        kode=kode,
        ancestors=((KODE, NAMA),),
        n_kecamatan=19,
        desa_per_kecamatan=12,
        lembaga_per_desa=50,
        ties_in_desa=170,
        ties_to_next_desa=25,
        ties_anywhere=1500,  # within the kabupaten; a province's far-apart desa rarely tie up
        nama=f"Kabupaten Bench {nomor:02d}",
    )


@transaction.atomic
def generate_kabupaten(shape: Shape, nomor: int) -> tuple[int, int]:
    rng = random.Random(SEED * 1000 + nomor)  # per kabupaten, so a resumed generation makes the same rows
    desa = make_wilayah(shape)
    per_desa = make_lembaga(rng, shape, desa)
    make_items(rng, [pk for group in per_desa for pk in group])
    pairs = tie_pairs(rng, shape, per_desa)
    make_ties(rng, pairs)
    extend_aktif_sejak(shape.kode)
    return sum(len(group) for group in per_desa), len(pairs)


def ensure_provinsi() -> float:
    """Generate the kabupaten not there yet; returns the seconds spent (0 when everything was reused)."""
    started = time.perf_counter()
    done_lembaga = done_ties = 0
    for nomor in range(1, N_KABUPATEN + 1):
        shape = kabupaten_shape(nomor)
        existing = Lembaga.objects.in_wilayah([shape.kode]).count()
        if existing == shape.n_lembaga:
            continue
        if existing:
            raise SystemExit(
                f"bench: {existing} lembaga under {shape.kode}, expected {shape.n_lembaga}; rerun with --fresh"
            )
        lembaga, ties = generate_kabupaten(shape, nomor)
        done_lembaga, done_ties = done_lembaga + lembaga, done_ties + ties
        elapsed = time.perf_counter() - started
        say(
            f"generating provinsi: kabupaten {nomor}/{N_KABUPATEN} — "
            f"{done_lembaga:,} lembaga, {done_ties:,} ties, {elapsed:.0f} s"
        )
    return time.perf_counter() - started if done_lembaga else 0.0


class Phases:
    """compute_report's own progress calls, timestamped: where a province's computation spends its time,
    measured in the one run (a second run of each piece would cost minutes more)."""

    def __init__(self) -> None:
        self.marks: list[tuple[str, float]] = []

    def __call__(self, percent: int, step: str) -> None:
        self.marks.append((f"{percent}% {step}", time.perf_counter()))
        say(f"  provinsi compute_report: {percent}% {step}")

    def results(self, end: float) -> list[Result]:
        bounds = [*self.marks, ("end", end)]
        return [
            Result(f"provinsi compute › {name}", "provinsi", [bounds[i + 1][1] - at])
            for i, (name, at) in enumerate(self.marks)
        ]


# network.recommendations' own steps in network/recommend.py (private helpers: a renamed one is skipped).
RECOMMENDATION_STEPS = ("_invitations", "_ready_to_move_up", "_brokers", "_match_needs")


def recommendation_steps(bench: Bench, scope: reports.Scope) -> list[Result]:
    """network.recommendations taken apart, each step once on the province's graph: which list is slow."""
    lembaga = scope.lembaga_at(bench.as_of)
    nodes, edges = reports.load_graph(lembaga, bench.as_of)
    graph = network.build_graph(nodes, edges)
    needs, resources = needs_and_resources(lembaga)
    bench.findings.append(f"Provinsi recommendations input: {len(needs):,} open needs, {len(resources):,} resources.")
    results = []
    for name in RECOMMENDATION_STEPS:
        helper = getattr(recommend, name, None)
        if helper is None:
            continue
        args = (graph, needs, resources) if name == "_match_needs" else (graph,)
        started = time.perf_counter()
        helper(*args)
        results.append(
            Result(f"provinsi recommendations › network.{name}", "provinsi", [time.perf_counter() - started])
        )
        report(results[-1])
    return results


def provinsi_case(bench: Bench) -> list[Result]:
    scope = reports.wilayah_scope(Wilayah.objects.get(kode=KODE))
    phases = Phases()
    compute = PeakMemory(lambda: reports.compute_report(scope, bench.as_of, phases))
    started = time.perf_counter()
    compute()
    end = time.perf_counter()
    parts = phases.results(end)
    total = Result("worker: reports.compute_report (cold)", "provinsi", [end - started], COMPUTE_TARGET, None, parts)
    for result in (*parts, total):
        report(result)
    peak = compute.peak
    verdict = "met" if peak and peak.rss_mb < MEMORY_TARGET_MB else "**missed**"
    described = peak.describe() if peak else "–"
    bench.memory.append(f"provinsi compute_report: {described}; target < {MEMORY_TARGET_MB // 1024} GB {verdict}")
    steps: list[Result] = []
    if total.ok is False:  # minutes more, so only when there is a miss to explain
        steps = recommendation_steps(bench, scope)
        for phase in parts:
            if "rekomendasi" in phase.case:  # compute_report's progress step around recommendations
                phase.parts = steps
    return [*parts, *steps, total]


def summary_line(seconds: float) -> str:
    lembaga = Lembaga.objects.in_wilayah([KODE])
    ties = Kerjasama.objects.within(lembaga.values("pk")).count()
    how = f"generated in {seconds:.0f} s" if seconds else "reused"
    return (
        f"Provinsi {KODE}: {lembaga.count():,} lembaga and {ties:,} ties in {N_KABUPATEN} kabupaten ({how}); "
        f"report as of {timezone.localdate()}."
    )
