"""Background reports: large scopes are computed by `manage.py db_worker` (django-tasks, database queue),
writing progress to a LaporanTugas row that the page polls."""

from __future__ import annotations

import datetime
import traceback

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .. import dataversion, extensions
from ..models import LaporanTugas, StatusTugas
from .cache import store
from .compute import compute_report
from .scope import Scope


@task()
def compute_report_task(job_id: int) -> None:
    """Compute one report, writing progress to its LaporanTugas row so the page can show it."""
    job = LaporanTugas.objects.get(pk=job_id)
    jobs = LaporanTugas.objects.filter(pk=job_id)
    jobs.update(status=StatusTugas.BERJALAN, mulai=timezone.now(), kemajuan=1)

    def progress(percent: int, step: str) -> None:
        jobs.update(kemajuan=percent, langkah=step)

    try:
        scope = extensions.resolve_scope(job.kunci)
        result = compute_report(scope, job.per, progress)
        store(scope, job.per, job.sidik, result)
    except Exception as exc:
        jobs.update(status=StatusTugas.GAGAL, galat=f"{exc}\n\n{traceback.format_exc(limit=5)}", selesai=timezone.now())
        raise
    jobs.update(status=StatusTugas.SELESAI, kemajuan=100, langkah="", selesai=timezone.now())
    dataversion.prune()  # the worker keeps the marks few, so reading the version stays one small query


def ensure_job(scope: Scope, as_of: datetime.date, sidik: str, *, retry: bool = False) -> LaporanTugas:
    job, created = LaporanTugas.objects.get_or_create(
        kunci=scope.key, per=as_of, sidik=sidik, defaults={"judul": scope.judul}
    )
    # A finished job whose result is no longer in the cache (evicted or cleared) is simply run again.
    if created or job.status == StatusTugas.SELESAI or (retry and job.status == StatusTugas.GAGAL):
        if not created:
            LaporanTugas.objects.filter(pk=job.pk).update(status=StatusTugas.ANTRI, kemajuan=0, galat="", langkah="")
            job.refresh_from_db()

        transaction.on_commit(lambda: compute_report_task.enqueue(job.pk))
    return job
