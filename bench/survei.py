"""The partner survey at a kabupaten's size: one round over the kabupaten's lembaga (15,000 respondents, every one
sent) with about 60,000 answers, most naming a recorded tie. Targets (the survey issue): the round folds into
scores and dyads in ≤ 1 s; the questionnaire page answers in ≤ 50 ms server time.

Generated like bench/pendampingan.py: bulk_create, no services or history rows, its own `random.Random`, reused
when an earlier run left it. The evidence stage is left out of the timed fold (it is the evidence case's, and a
kabupaten round's page would take it from there); the fold is everything the survey adds.
"""

from __future__ import annotations

import random
import time

from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from pranata.models import Kerjasama, Lembaga, Wilayah
from survei import selectors, tokens
from survei.models import Gelombang, Jawaban, Responden, StatusJawaban

from .cases import Bench, get
from .data import BATCH, analyze, say
from .timing import Result, measure

RESPONDENTS, ANSWERS_PER = 15_000, 4
NAME = "Bench survei mitra"
FOLD_TARGET = 1.0
PAGE_TARGET = 0.05


def ensure_round(kode: str, *, respondents: int = RESPONDENTS) -> Gelombang:
    found = Gelombang.objects.filter(nama=NAME, wilayah__kode=kode).first()
    if found is not None and found.responden.count() >= respondents:
        say(f"reusing survey round {found.pk}: {found.responden.count():,} respondents")
        today = timezone.localdate()
        Gelombang.objects.filter(pk=found.pk).update(dibuka=min(found.dibuka, today), ditutup=max(found.ditutup, today))
        found.refresh_from_db()
        return found
    started = time.perf_counter()
    gelombang = _generate(random.Random(11), kode, respondents)
    if not connection.in_atomic_block:  # VACUUM cannot run in a transaction (the bench's own test runs in one)
        analyze()  # fresh planner statistics, as after the other generators (see data.analyze)
    say(f"generated survey round in {time.perf_counter() - started:.1f} s")
    return gelombang


@transaction.atomic
def _generate(rng: random.Random, kode: str, respondents: int) -> Gelombang:
    Gelombang.objects.filter(nama=NAME, wilayah__kode=kode).delete()
    today = timezone.localdate()
    gelombang = Gelombang.objects.create(
        nama=NAME, tujuan="pemantauan", wilayah=Wilayah.objects.get(kode=kode), dibuka=today, ditutup=today
    )
    ids = list(Lembaga.objects.in_wilayah([kode]).aktif().order_by("pk").values_list("pk", flat=True)[:respondents])
    now = timezone.now()
    Responden.objects.bulk_create(
        [Responden(gelombang=gelombang, lembaga_id=pk, status=StatusJawaban.FINAL, dikirim=now) for pk in ids],
        batch_size=BATCH,
    )
    rows = dict(Responden.objects.filter(gelombang=gelombang).values_list("lembaga_id", "pk"))
    Jawaban.objects.bulk_create(_answers(rng, ids, rows), batch_size=BATCH)
    return gelombang


def _answers(rng: random.Random, ids: list[int], rows: dict[int, int]) -> list[Jawaban]:
    """About ANSWERS_PER answers per respondent: its recorded ties first (the stage it names mostly the declared
    one, sometimes a stage or two off, now and then "not working together"), topped up with lembaga nearby."""
    scope = set(ids)
    partners: dict[int, list[tuple[int, int]]] = {pk: [] for pk in ids}
    ties = Kerjasama.objects.filter(lembaga_a__in=ids).values_list("lembaga_a_id", "lembaga_b_id", "tahap")
    for a, b, tahap in ties.iterator(chunk_size=BATCH):
        if b in scope:
            partners[a].append((b, tahap))
            partners[b].append((a, tahap))
    answers = []
    for i, pk in enumerate(ids):
        named = rng.sample(partners[pk], k=min(ANSWERS_PER, len(partners[pk])))
        while len(named) < ANSWERS_PER:
            other = ids[(i + rng.randint(1, 40)) % len(ids)]
            if other != pk and other not in {p for p, _t in named}:
                named.append((other, rng.randint(1, 3)))
        for partner, tahap in named:
            stage = max(0, min(5, tahap + rng.choice((0, 0, 0, 0, 0, 1, -1, 2, -2))))
            ratings = [rng.randint(1, 4) for _ in range(6)] if stage else [None] * 6
            answers.append(
                Jawaban(responden_id=rows[pk], mitra_id=partner, tahap=stage, keterbukaan=ratings[0],
                        dapat_diandalkan=ratings[1], kesamaan_misi=ratings[2], pengaruh=ratings[3],
                        kontribusi=ratings[4], keterlibatan=ratings[5])
            )  # fmt: skip
    return answers


def _link(gelombang: Gelombang) -> str:
    """A fresh link of the respondent with the most answers (its page lists the most rows)."""
    busiest = (
        Jawaban.objects.filter(responden__gelombang=gelombang)
        .values("responden")
        .annotate(n=Count("pk"))
        .order_by("-n", "responden")
        .first()
    )
    token = tokens.new_token()
    Responden.objects.filter(pk=busiest["responden"]).update(token_hash=tokens.token_hash(token))
    return token


def _fold_all(gelombang: Gelombang) -> selectors.Fold:
    """Every part of a round's fold (each is otherwise computed when a page first asks for it)."""
    folded = selectors.fold(gelombang, evidence={})
    for part in ("dyads", "counts", "ties", "received", "overall"):
        getattr(folded, part)
    return folded


def survei_case(bench: Bench, kode: str, *, respondents: int = RESPONDENTS) -> list[Result]:
    """Wire into bench/runner.py's kabupaten_cases: `results += survei.survei_case(bench, kode)`."""
    gelombang = ensure_round(kode, respondents=respondents)
    n_answers = Jawaban.objects.filter(responden__gelombang=gelombang).count()
    scale = f"{gelombang.responden.count():,} respondents, {n_answers:,} answers"
    fold = measure(
        f"survei fold into scores and dyads ({scale})",
        "kabupaten",
        lambda: _fold_all(gelombang),
        runs=bench.slow_runs,
        target=FOLD_TARGET,
    )
    scores = measure(
        "survei tie_scores (the report/map seam)",
        "kabupaten",
        lambda: selectors.tie_scores(gelombang),
        runs=bench.slow_runs,
    )
    client = Client()  # a lembaga's phone: no account
    fetch = get(client, f"/survei/isi/{_link(gelombang)}/")
    fetch()
    page = measure("survei questionnaire page /survei/isi/<token>/", "kabupaten", fetch, runs=bench.fast_runs,
                   target=PAGE_TARGET)  # fmt: skip
    folded = _fold_all(gelombang)
    counts = folded.counts
    bench.findings.append(
        f"survei: {scale}; {counts['total']:,} pairs — {counts['dikonfirmasi']:,} confirmed, {counts['berbeda']:,} "
        f"differing, {counts['satu_pihak']:,} one-sided, {counts['ditandai']:,} flagged; overall trust "
        f"{folded.overall.trust:.2f}, value {folded.overall.value:.2f} over {folded.overall.n:,} rated answers."
    )
    return [fold, scores, page]
