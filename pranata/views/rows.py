"""What a page computes once for all its rows instead of once per row: choice labels and detail links.

Django's `get_<field>_display` builds a hashable copy of the field's choices on every call (~0.1 ms), and a
`reverse()` resolves the pattern on every call: on a page of 25–100 rows with two or three of each, that was a
sizeable part of the page's time at a kabupaten's size. The values are the same as theirs."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from django.db.models import Model
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

_PROBE = 987654321  # an id no real row has, replaced by each row's own


@functools.cache
def _labels(model: type[Model], field: str, language: str | None) -> dict:
    return {value: str(text) for value, text in model._meta.get_field(field).flatchoices}


def label(obj: Model, field: str):
    """`obj.get_<field>_display()`, read from a table made once per language."""
    value = getattr(obj, field)
    return _labels(type(obj), field, get_language()).get(value, value)


def with_labels(rows: Iterable[Model], *fields: str) -> None:
    """Give each row `<field>_label` for each of `fields` (what `get_<field>_display` returns)."""
    for row in rows:
        for field in fields:
            setattr(row, f"{field}_label", label(row, field))


@functools.lru_cache(maxsize=1024)
def _url_parts(viewname: str, fixed: tuple, prefix: str) -> tuple[str, str] | None:
    head, *tail = reverse(viewname, args=[*fixed, _PROBE]).split(str(_PROBE))
    return (head, tail[0]) if len(tail) == 1 else None


def url_maker(viewname: str, *fixed) -> Callable[[int], str]:
    """`lambda pk: reverse(viewname, args=[*fixed, pk])`, resolving the pattern once per script prefix (a
    pattern the probe cannot split falls back to `reverse`)."""
    parts = _url_parts(viewname, fixed, get_script_prefix())
    if parts is None:
        return lambda pk: reverse(viewname, args=[*fixed, pk])
    head, tail = parts
    return lambda pk: f"{head}{pk}{tail}"
