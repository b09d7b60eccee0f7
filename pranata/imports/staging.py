"""Uploaded import files between preview and confirmation: one folder per user under MEDIA_ROOT/impor/.

A file is removed when the import is confirmed, cancelled or refused; `manage.py bersihkan_berkas` removes the
ones left behind (previews nobody confirmed, a crash): run it hourly from cron (README, "Running in production").
"""

from __future__ import annotations

import datetime
import time
from pathlib import Path

from django.conf import settings


def root() -> Path:
    return Path(settings.MEDIA_ROOT) / "impor"


def folder(user) -> Path:
    path = root() / str(user.pk)
    path.mkdir(parents=True, exist_ok=True)
    return path


def remove_stale(*, older_than: datetime.timedelta) -> int:
    """Delete staged files older than `older_than`; returns how many went."""
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    for path in root().glob("*/*") if root().exists() else []:
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
