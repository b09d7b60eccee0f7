"""Background work: large reports, computed by `manage.py db_worker` (django-tasks, database queue)."""

from __future__ import annotations

import traceback

from django.utils import timezone
from django_tasks import task

from . import extensions, reports
from .models import LaporanTugas, StatusTugas


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
        result = reports.compute_report(scope, job.per, progress)
        reports.store(scope, job.per, job.sidik, result)
    except Exception as exc:
        jobs.update(status=StatusTugas.GAGAL, galat=f"{exc}\n\n{traceback.format_exc(limit=5)}", selesai=timezone.now())
        raise
    jobs.update(status=StatusTugas.SELESAI, kemajuan=100, langkah="", selesai=timezone.now())
