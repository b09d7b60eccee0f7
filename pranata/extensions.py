"""Hooks other apps plug into, so pranata never imports them (forum → pranata, never the reverse).

- Evidence providers turn activity recorded elsewhere (forum meetings, programmes) into evidence stages.
- Home panels add role-specific sections to the home page.
- Lembaga sections add what other apps know about one lembaga to its page (e.g. the meetings it attended).
- Map layers add what other apps know about the lembaga of a report's interactive map (e.g. who accompanies
  them), computed per request for the reader (never kept in the cached report).
- A tie-score provider rates the ties among a report's lembaga (the partner survey's trust and value), so the
  report and its map can colour ties by them; without one the report offers no such colouring.
Apps register in their AppConfig.ready().
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import NamedTuple

from django.http import HttpRequest

Pair = tuple[int, int]


class Reason(NamedTuple):
    """Why a rule found evidence, kept as the rule's values and written out only when a row is shown: a
    kabupaten has hundreds of thousands of evidenced pairs and a page shows fifty."""

    write: Callable[..., str]
    values: tuple = ()

    def __str__(self) -> str:
        return self.write(*self.values)


class Evidence(NamedTuple):
    """The highest stage some recorded activity supports for a pair, with the reasons (the rule trace).
    A named tuple rather than a dataclass: a kabupaten makes 350,000 of them per report."""

    tahap: int
    alasan: tuple[str | Reason, ...] = ()

    @property
    def trace(self) -> str:
        return "; ".join(str(reason) for reason in self.alasan)


EvidenceProvider = Callable[[object, datetime.date], dict[Pair, Evidence]]
HomePanel = Callable[[HttpRequest], dict | None]
LembagaSection = Callable[[HttpRequest, object], dict | None]
# (request, lembaga ids on the map, the report's date) -> {"judul": ..., "lembaga": {id: [text, ...]}} or None
MapLayer = Callable[[HttpRequest, list[int], datetime.date], dict | None]


class TieScores(NamedTuple):
    """Scores of the ties among some lembaga, as one source (a survey round) gives them for a reader.

    `skor` is {(smaller id, larger id): {"kepercayaan": 1–4 or None, "manfaat": 1–4 or None, "n": answers}},
    filled only when asked for (the round alone is one query, its scores another); `judul` names the source
    for the legend, `url` is where the reader sees that source's own network (or "")."""

    judul: str
    url: str = ""
    skor: dict[Pair, dict] | None = None


# (request, the lembaga (ids or a queryset), the report's date, *, skor: scores wanted?) -> TieScores or None
TieScoreProvider = Callable[..., TieScores | None]

_evidence_providers: list[EvidenceProvider] = []
_home_panels: list[HomePanel] = []
_lembaga_sections: list[LembagaSection] = []
_map_layers: dict[str, MapLayer] = {}
_tie_score_providers: list[TieScoreProvider] = []
_merge_handlers: list[Callable[[object, object], dict[str, int]]] = []
_fingerprints: list[Callable[[object], object]] = []
_scopes: dict[str, Callable[[str], object]] = {}
_tracked_apps: list[str] = []
_area_activity: list[Callable[[str, int, datetime.date, datetime.date], dict[str, dict]]] = []


def register_evidence(provider: EvidenceProvider) -> None:
    if provider not in _evidence_providers:
        _evidence_providers.append(provider)


def register_fingerprint(func: Callable[[object], object]) -> None:
    """Something that changes whenever an app's evidence for these lembaga may have changed (for caching)."""
    if func not in _fingerprints:
        _fingerprints.append(func)


def fingerprints(lembaga) -> list[object]:
    return [func(lembaga) for func in _fingerprints]


def register_tracked_app(label: str) -> None:
    """An app whose tables feed reports: every write to them moves the data version (pranata.dataversion)."""
    if label not in _tracked_apps:
        _tracked_apps.append(label)


def tracked_apps() -> list[str]:
    return list(_tracked_apps)


def register_area_activity(func: Callable[[str, int, datetime.date, datetime.date], dict[str, dict]]) -> None:
    """Activity recorded elsewhere per area, for a report's drill-down: func(kode, area code length, start,
    end) → {area code: {figure: value}} for the areas below wilayah `kode`."""
    if func not in _area_activity:
        _area_activity.append(func)


def area_activity(kode: str, length: int, start: datetime.date, end: datetime.date) -> dict[str, dict]:
    merged: dict[str, dict] = {}
    for func in _area_activity:
        for area, figures in func(kode, length, start, end).items():
            merged.setdefault(area, {}).update(figures)
    return merged


def register_scope(kind: str, resolver: Callable[[str], object]) -> None:
    """How the background worker rebuilds a report scope from its key ("wilayah:16.71" → resolver("16.71"))."""
    _scopes[kind] = resolver


def resolve_scope(key: str):
    kind, _sep, ref = key.partition(":")
    return _scopes[kind](ref)


def register_home_panel(panel: HomePanel) -> None:
    if panel not in _home_panels:
        _home_panels.append(panel)


def evidence_for(lembaga, as_of: datetime.date) -> dict[Pair, Evidence]:
    """Evidence among `lembaga` (a queryset) as of a date: for each pair the highest stage and its reasons."""
    merged: dict[Pair, Evidence] = {}
    for provider in _evidence_providers:
        for pair, found in provider(lembaga, as_of).items():
            merged[pair] = merge(merged.get(pair), found)
    return merged


def merge(current: Evidence | None, found: Evidence) -> Evidence:
    if current is None or found.tahap > current.tahap:
        return found
    if found.tahap == current.tahap:
        return Evidence(current.tahap, current.alasan + found.alasan)
    return current


def home_panels(request: HttpRequest) -> list[dict]:
    return [panel for provider in _home_panels if (panel := provider(request))]


def register_lembaga_section(section: LembagaSection) -> None:
    if section not in _lembaga_sections:
        _lembaga_sections.append(section)


def lembaga_sections(request: HttpRequest, lembaga) -> list[dict]:
    """Sections for a lembaga's page, each {"template": ..., "context": ...}."""
    return [found for section in _lembaga_sections if (found := section(request, lembaga))]


def register_merge_handler(handler: Callable[[object, object], dict[str, int]]) -> None:
    """`handler(keep, merge)` moves an app's rows from a duplicate lembaga to the one kept (inside the merge's
    transaction) and returns what it moved, as counts."""
    if handler not in _merge_handlers:
        _merge_handlers.append(handler)


def merge_lembaga(keep, merge) -> dict[str, int]:
    counts: dict[str, int] = {}
    for handler in _merge_handlers:
        counts |= handler(keep, merge)
    return counts


def register_map_layer(name: str, layer: MapLayer) -> None:
    _map_layers[name] = layer


def map_layers(request: HttpRequest, ids: list[int], as_of: datetime.date) -> dict[str, dict]:
    """Each registered layer's data for the lembaga on a map, keyed by the layer's name; empty layers left out."""
    return {name: found for name, layer in _map_layers.items() if (found := layer(request, ids, as_of))}


def register_tie_scores(provider: TieScoreProvider) -> None:
    """`provider(request, lembaga, as_of, *, skor)`: the source of tie scores this reader may see for these
    lembaga on the date (TieScores, with `skor` filled when `skor` is true), or None when there is none."""
    if provider not in _tie_score_providers:
        _tie_score_providers.append(provider)


def has_tie_scores() -> bool:
    """Whether any app rates ties: the report offers colouring ties by score only then."""
    return bool(_tie_score_providers)


def tie_scores(request: HttpRequest, lembaga, as_of: datetime.date, *, skor: bool = True) -> TieScores | None:
    """The first provider's scores of the ties among `lembaga` (ids or a queryset) as of the date."""
    for provider in _tie_score_providers:
        if (found := provider(request, lembaga, as_of, skor=skor)) is not None:
            return found
    return None
