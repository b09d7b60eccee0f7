"""Dyad confirmation: for each pair of a round, what each end says, beside the declared and the evidence stage.

Pure: plain data in and out, no ORM. Stages are numbers (0 = "tidak bekerja sama"); the reasons are codes with
their values, written out as sentences only when a page is drawn (survei/presentation.py).

- **dikonfirmasi**: both ends name the same stage;
- **berbeda**: both answer, with different stages;
- **satu_pihak**: one end answers about the pair, the other has not sent its answer (yet);
- **tidak_disebut**: the other end sent its answer without naming this partner (or, for a declared tie,
  neither end named it).

Separately, a pair is **flagged** for discussion at the next forum meeting when two views differ by `gap` (2)
stages or more: the two answers ("selisih_jawaban"), or an answer and the declared stage
("selisih_dinyatakan"), or an answer and the evidence stage ("selisih_bukti").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

Pair = tuple[int, int]

DIKONFIRMASI = "dikonfirmasi"
BERBEDA = "berbeda"
SATU_PIHAK = "satu_pihak"
TIDAK_DISEBUT = "tidak_disebut"
STATUSES = (DIKONFIRMASI, BERBEDA, SATU_PIHAK, TIDAK_DISEBUT)

SELISIH_JAWABAN = "selisih_jawaban"
SELISIH_DINYATAKAN = "selisih_dinyatakan"
SELISIH_BUKTI = "selisih_bukti"


class Alasan(NamedTuple):
    """Why a pair is flagged: a reason code and the values its sentence needs.

    - "selisih_jawaban" (a, b): the two answers' stages
    - "selisih_dinyatakan" (pihak: "a" or "b", jawaban, dinyatakan)
    - "selisih_bukti" (pihak, jawaban, bukti)
    """

    kode: str
    nilai: dict[str, int | str]


class Dyad(NamedTuple):
    a: int  # the smaller lembaga id
    b: int
    kata_a: int | None  # the stage a names for the pair (None: a said nothing about it)
    kata_b: int | None
    dinyatakan: int | None  # the tie's declared stage today (None: no tie recorded)
    bukti: int | None  # the evidence stage (None: no evidence)
    status: str
    alasan: tuple[Alasan, ...]

    @property
    def flagged(self) -> bool:
        return bool(self.alasan)

    @property
    def confirmed_stage(self) -> int | None:
        """The stage both ends name, when they agree on a stage of the ladder (not on "no cooperation")."""
        if self.status == DIKONFIRMASI and self.kata_a:
            return self.kata_a
        return None

    @property
    def adopt_survey(self) -> int | None:
        """The confirmed stage, when it differs from the declared one (so adopting it changes something)."""
        stage = self.confirmed_stage
        return stage if stage is not None and stage != self.dinyatakan else None

    @property
    def adopt_evidence(self) -> int | None:
        return self.bukti if self.bukti is not None and self.bukti != self.dinyatakan else None


def _flags(kata_a: int | None, kata_b: int | None, dinyatakan: int | None, bukti: int | None, gap: int) -> tuple:
    """The reasons to discuss a pair: nothing allocated for the (many) pairs that have none."""
    found = None
    if kata_a is not None and kata_b is not None and abs(kata_a - kata_b) >= gap:
        found = [Alasan(SELISIH_JAWABAN, {"a": kata_a, "b": kata_b})]
    for code, other, name in ((SELISIH_DINYATAKAN, dinyatakan, "dinyatakan"), (SELISIH_BUKTI, bukti, "bukti")):
        if other is None:
            continue
        if kata_a is not None and abs(kata_a - other) >= gap:
            found = (found or []) + [Alasan(code, {"pihak": "a", "jawaban": kata_a, name: other})]
        if kata_b is not None and abs(kata_b - other) >= gap:
            found = (found or []) + [Alasan(code, {"pihak": "b", "jawaban": kata_b, name: other})]
    return tuple(found) if found else ()


def dyads(
    answers: Mapping[tuple[int, int], int | None],
    *,
    sent: set[int],
    declared: Mapping[Pair, int],
    evidence: Mapping[Pair, int],
    gap: int = 2,
) -> list[Dyad]:
    """Every pair of the round that someone can speak to: the pairs named in a sent answer, and the declared
    ties of lembaga that sent theirs. `answers` is {(respondent, partner): stage} of the sent answers (a stage
    of None — not said — counts as not naming the partner); `sent` the respondents who sent theirs.

    Ordered as a page lists them: flagged first, then by pair. Written as one tight loop over the pairs in
    order (sorting two-number pairs is cheaper than sorting the dyads made of them), with the range of the
    pair's views tracked inline: a kabupaten round has 60,000 answers and as many pairs."""
    said = {key: stage for key, stage in answers.items() if stage is not None}
    pairs = {(s, t) if s < t else (t, s) for s, t in said}
    pairs.update(pair for pair in declared if pair[0] in sent or pair[1] in sent)
    flagged, rest = [], []
    get_said, get_declared, get_evidence, new = said.get, declared.get, evidence.get, tuple.__new__
    for pair in sorted(pairs):
        a, b = pair
        kata_a, kata_b, d, e = get_said(pair), get_said((b, a)), get_declared(pair), get_evidence(pair)
        # The state, and the lowest and highest view so far (None: no view yet).
        if kata_a is not None:
            if kata_b is not None:
                status = DIKONFIRMASI if kata_a == kata_b else BERBEDA
                lo, hi = (kata_a, kata_b) if kata_a < kata_b else (kata_b, kata_a)
            else:
                status = TIDAK_DISEBUT if b in sent else SATU_PIHAK
                lo = hi = kata_a
        elif kata_b is not None:
            status = TIDAK_DISEBUT if a in sent else SATU_PIHAK
            lo = hi = kata_b
        else:
            status = TIDAK_DISEBUT  # a declared tie neither end named
            lo = hi = None
        if d is not None:  # unrolled for the declared and the evidence stage: no loop per pair
            if lo is None:
                lo = hi = d
            elif d < lo:
                lo = d
            elif d > hi:
                hi = d
        if e is not None:
            if lo is None:
                lo = hi = e
            elif e < lo:
                lo = e
            elif e > hi:
                hi = e
        # The cheap test first: most pairs have no two views `gap` apart, and pay for nothing more.
        alasan = _flags(kata_a, kata_b, d, e, gap) if lo is not None and hi - lo >= gap else ()
        (flagged if alasan else rest).append(new(Dyad, (a, b, kata_a, kata_b, d, e, status, alasan)))
    return flagged + rest


def survey_stage(dyad: Dyad) -> int | None:
    """The stage the survey network holds for a pair (the rule of `survey_ties`), from its dyad."""
    named = [stage for stage in (dyad.kata_a, dyad.kata_b) if stage]
    return min(named) if named else None


def survey_network(found: Iterable[Dyad]) -> dict[Pair, int]:
    """{pair: stage} of the survey's own network, the form pranata.network.compare.transitions takes."""
    network = {}
    for dyad in found:
        stage = survey_stage(dyad)
        if stage is not None:
            network[(dyad.a, dyad.b)] = stage
    return network


def survey_ties(answers: Iterable[tuple]) -> dict[Pair, int]:
    """The network of ties as the respondents see them, {(smaller id, larger id): stage}, from the sent
    answers as rows (respondent, partner, stage, …).

    A tie exists when at least one end names the other with a stage of the ladder; "tidak bekerja sama" (0)
    or no stage names no tie. Its stage is the one both ends name when they agree (dikonfirmasi); when they
    differ, the lower of the stages named: what both at least see, so the survey network never claims more
    than its more cautious side (the dyads page flags a gap of two stages or more). One end saying "tidak
    bekerja sama" does not remove the tie the other end names; that end's stage stands."""
    network: dict[Pair, int] = {}
    get = network.get
    for source, target, stage, *_rest in answers:
        if stage:
            pair = (source, target) if source < target else (target, source)
            current = get(pair)
            if current is None or stage < current:
                network[pair] = stage
    return network


def counts(found: Iterable[Dyad]) -> dict[str, int]:
    """How many pairs are in each state, and how many are flagged."""
    tally = dict.fromkeys(STATUSES, 0) | {"ditandai": 0, "total": 0}
    for dyad in found:
        tally[dyad.status] += 1
        tally["ditandai"] += dyad.flagged
        tally["total"] += 1
    return tally
