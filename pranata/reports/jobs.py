"""Background reports and downloads: large scopes are computed by `manage.py db_worker` (django-tasks,
database queue), writing progress to a LaporanTugas row that the page polls; a download's file is kept with
its row (MEDIA_ROOT/unduhan/) and served by the download view to those who may open the scope."""

from __future__ import annotations

import datetime
import traceback

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import task

from .. import dataversion, extensions
from ..models import LaporanTugas, StatusTugas
from . import downloads
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


@task()
def make_download_task(job_id: int, name: str) -> None:
    """Build one download of a large scope (the report from the cache, or computed here) and keep the file."""
    job = LaporanTugas.objects.get(pk=job_id)
    jobs = LaporanTugas.objects.filter(pk=job_id)
    jobs.update(
        status=StatusTugas.BERJALAN, mulai=timezone.now(), kemajuan=10, langkah=gettext_noop("Menyiapkan berkas")
    )
    try:
        made = downloads.build(extensions.resolve_scope(job.kunci), job.per, job.berkas, name=name)
        job.hasil.save(made.filename, ContentFile(made.body), save=False)
    except Exception as exc:
        jobs.update(status=StatusTugas.GAGAL, galat=f"{exc}\n\n{traceback.format_exc(limit=5)}", selesai=timezone.now())
        raise
    jobs.update(hasil=job.hasil.name, status=StatusTugas.SELESAI, kemajuan=100, langkah="", selesai=timezone.now())


def ensure_job(
    scope: Scope, as_of: datetime.date, sidik: str, *, retry: bool = False, berkas: str = "", name: str = ""
) -> LaporanTugas:
    """The job for this scope, date and data (and download kind): created and queued once, queued again when
    it finished but its result is gone (report evicted from the cache, file removed) or, on `retry`, failed."""
    job, created = LaporanTugas.objects.get_or_create(
        kunci=scope.key, per=as_of, sidik=sidik, berkas=berkas, defaults={"judul": scope.judul}
    )
    # A finished job whose result is no longer there (a report evicted from the cache, a download's file
    # removed) is simply run again.
    gone = job.status == StatusTugas.SELESAI and (
        not berkas or not job.hasil or not job.hasil.storage.exists(job.hasil.name)
    )
    if created or gone or (retry and job.status == StatusTugas.GAGAL):
        if not created:
            LaporanTugas.objects.filter(pk=job.pk).update(status=StatusTugas.ANTRI, kemajuan=0, galat="", langkah="")
            job.refresh_from_db()

        if berkas:
            transaction.on_commit(lambda: make_download_task.enqueue(job.pk, name))
        else:
            transaction.on_commit(lambda: compute_report_task.enqueue(job.pk))
    return job


def remove_old_downloads(*, older_than: datetime.timedelta) -> int:
    """Drop the files (and rows) of downloads made longer ago than `older_than`: the next request makes a new
    one from the data as it is then. Returns how many files went."""
    old = LaporanTugas.objects.exclude(berkas="").filter(dibuat__lt=timezone.now() - older_than)
    removed = 0
    for job in old:
        if job.hasil:
            job.hasil.delete(save=False)
            removed += 1
    old.delete()
    return removed
