"""Likely duplicate lembaga: the same institution registered twice under slightly different names.

Names are compared after normalising (case, accents, punctuation, spaces, leading zeros, the common
abbreviations below) with rapidfuzz's token-sort ratio, only within one kelurahan (the same name in two
kelurahan is two institutions). Pure functions over plain data; the pages and imports call `similar_to`
and `likely_pairs` below.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process

# Written out before comparing, so "KT Bina Remaja" meets "Karang Taruna Bina Remaja".
ABBREVIATIONS = {
    "kt": "karang taruna",
    "ponpes": "pondok pesantren",
    "pontren": "pondok pesantren",
    "mt": "majelis taklim",
    "pkk": "pemberdayaan kesejahteraan keluarga",
    "tp pkk": "pemberdayaan kesejahteraan keluarga",
    "lpmk": "lembaga pemberdayaan masyarakat kelurahan",
    "lpm": "lembaga pemberdayaan masyarakat",
    "kube": "kelompok usaha bersama",
    "kub": "kelompok usaha bersama",
    "bumdes": "badan usaha milik desa",
    "yys": "yayasan",
    "kel": "kelurahan",
    "ds": "desa",
}
THRESHOLD = 90.0  # token-sort ratio (0–100) from which two names in one kelurahan are "mungkin sama"
_PUNCTUATION = re.compile(r"[^\w\s]")
_NUMBER = re.compile(r"\b0+(\d)")
_DIGITS = re.compile(r"\d+")


def normalise(nama: str) -> str:
    text = unicodedata.normalize("NFKD", nama).encode("ascii", "ignore").decode().lower()
    text = _PUNCTUATION.sub(" ", text)
    text = _NUMBER.sub(r"\1", " ".join(text.split()))
    words = text.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        pair = " ".join(words[i : i + 2])
        if pair in ABBREVIATIONS:
            out.append(ABBREVIATIONS[pair])
            i += 2
            continue
        out.append(ABBREVIATIONS.get(words[i], words[i]))
        i += 1
    return " ".join(out)


def _numbers(normalised: str) -> list[str]:
    return sorted(_DIGITS.findall(normalised))


def _same_numbers(a: str, b: str) -> bool:
    """ "Posyandu Melati RW 03" and "… RW 05" are two posyandu: names whose numbers differ never match."""
    return _numbers(a) == _numbers(b)


def score(a: str, b: str) -> float:
    """Similarity of two names, 0–100, after normalising both (0 when their numbers differ)."""
    a, b = normalise(a), normalise(b)
    return fuzz.token_sort_ratio(a, b) if _same_numbers(a, b) else 0.0


@dataclass(frozen=True)
class Candidate:
    id: int
    nama: str
    skor: float


class Kelurahan:
    """One kelurahan's lembaga names, normalised once, to check many new names against (an import)."""

    def __init__(self, others: list[tuple[int, str]]):
        self.names = dict(others)
        self.normalised = {pk: normalise(nama) for pk, nama in others}

    def similar_to(self, nama: str, *, exclude: int | None = None) -> list[Candidate]:
        wanted = normalise(nama)
        choices = {pk: norm for pk, norm in self.normalised.items() if pk != exclude}
        found = process.extract(wanted, choices, scorer=fuzz.token_sort_ratio, score_cutoff=THRESHOLD, limit=None)
        return [
            Candidate(pk, self.names[pk], round(skor, 1))
            for norm, skor, pk in sorted(found, key=lambda f: (-f[1], f[2]))
            if _same_numbers(wanted, norm)
        ]


def similar_to(nama: str, others: list[tuple[int, str]], *, exclude: int | None = None) -> list[Candidate]:
    """Of `others` (id, name) — lembaga of the same kelurahan — those that may be `nama`, most similar first."""
    return Kelurahan(others).similar_to(nama, exclude=exclude)


@dataclass(frozen=True)
class Pair:
    a: int
    b: int
    skor: float


def likely_pairs(groups: dict[object, list[tuple[int, str]]]) -> list[Pair]:
    """Every pair within each group (a kelurahan's lembaga) at or above THRESHOLD, most similar first."""
    pairs: list[Pair] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        ids = [pk for pk, _nama in members]
        names = [normalise(nama) for _pk, nama in members]
        matrix = process.cdist(names, names, scorer=fuzz.token_sort_ratio, score_cutoff=THRESHOLD, workers=1)
        for i, j in zip(*matrix.nonzero(), strict=True):
            if i < j and _same_numbers(names[i], names[j]):
                a, b = sorted((ids[i], ids[j]))
                pairs.append(Pair(a, b, round(float(matrix[i, j]), 1)))
    return sorted(pairs, key=lambda p: (-p.skor, p.a, p.b))
