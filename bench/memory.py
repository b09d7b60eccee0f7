"""Peak memory of one call, without tracemalloc (which would slow a pure-Python report several times over).

Linux lets a process reset its resident-set high-water mark (`echo 5 > /proc/self/clear_refs`), so the peak
of one call can be read from VmHWM even after data generation already raised the process's peak. Elsewhere
it falls back to the growth of `ru_maxrss`, which only shows growth beyond the earlier peak.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import resource
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

STATUS = Path("/proc/self/status")
CLEAR_REFS = Path("/proc/self/clear_refs")


@dataclass
class Peak:
    rss_mb: float  # the process's peak resident memory during the call
    growth_mb: float  # how far above the resident memory before the call
    exact: bool  # False when only the ru_maxrss fallback was available

    def describe(self) -> str:
        how = "VmHWM, reset before the call" if self.exact else "ru_maxrss growth, a lower bound"
        growth = max(self.growth_mb, 0.0)
        return f"peak RSS **{self.rss_mb:,.0f} MB**, {growth:,.0f} MB above the process before the call ({how})"


def _status_mb(field: str) -> float | None:
    try:
        for line in STATUS.read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024  # reported in kB
    except OSError:
        return None
    return None


def _maxrss_mb() -> float:
    # Linux reports kilobytes, macOS bytes.
    scale = 2**20 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def _give_back() -> None:
    """Collect garbage and hand freed heap back to the OS (glibc's malloc_trim), so the RSS before a call is
    what the process really holds: after a kabupaten report the process keeps hundreds of MB of freed heap,
    and a later call can peak inside it without the RSS growing at all (measured: "-0 MB above")."""
    gc.collect()
    libc = ctypes.util.find_library("c")
    if sys.platform.startswith("linux") and libc:
        # Not glibc (e.g. musl): no malloc_trim, and the growth is then a lower bound.
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(libc).malloc_trim(0)


def _reset_peak() -> bool:
    try:
        CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return True


class PeakMemory:
    """Wraps an action; the first call is measured (reading /proc costs microseconds), later calls pass through."""

    def __init__(self, action: Callable[[], object]) -> None:
        self.action = action
        self.peak: Peak | None = None

    def __call__(self) -> object:
        if self.peak is not None:
            return self.action()
        _give_back()
        exact = _reset_peak() and _status_mb("VmHWM") is not None
        before = _status_mb("VmRSS") if exact else _maxrss_mb()
        result = self.action()
        after = _status_mb("VmHWM") if exact else _maxrss_mb()
        self.peak = Peak(rss_mb=after or 0.0, growth_mb=(after or 0.0) - (before or 0.0), exact=exact)
        return result


def largest_cache_entry_mb() -> float:
    """The biggest value in the database cache table (a base64 pickle): what a cached report page reads back."""
    table = connection.ops.quote_name(settings.CACHES["default"]["LOCATION"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(LENGTH(value)) FROM {table}")
        (size,) = cursor.fetchone()
    return (size or 0) / 2**20
