"""Writes for pendampingan: pendamping records, dated assignments, the activity log, trainings.

Every rule has one writer here, used by the pages, the admin (read-only there) and the demo alike.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import Forum, Keanggotaan, Pertemuan
from pranata import access as pranata_access
from pranata import locking
from pranata.models import Lembaga, SumberDaya

from . import access
from .models import (
    TEKNIK_TUGAS,
    HasilPelatihan,
    Kegiatan,
    Pelatihan,
    Pendamping,
    Penugasan,
    PesertaPelatihan,
)


def _fmt(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _not_in_future(tanggal: datetime.date, field: str) -> None:
    if tanggal > timezone.localdate():
        raise ValidationError({field: _("Tanggal tidak boleh di masa depan.")})


# --- pendamping ----------------------------------------------------------------------------------------


def _check_pendamping_fields(pendamping: Pendamping) -> None:
    if pendamping.selesai and pendamping.selesai < pendamping.mulai:
        raise ValidationError({"selesai": _("Tanggal berhenti tidak boleh sebelum tanggal mulai bertugas.")})
    _not_in_future(pendamping.mulai, "mulai")


@transaction.atomic
def pendamping_create(*, oleh: AbstractBaseUser, **fields: Any) -> Pendamping:
    if not access.can_register_pendamping(oleh):
        raise PermissionDenied(_("Peran Anda tidak dapat mendaftarkan pendamping."))
    pendamping = Pendamping(dibuat_oleh=oleh, **fields)
    if not _in_own_area(oleh, pendamping):
        raise PermissionDenied(_("Wilayah kerja ini di luar wilayah tugas Anda."))
    _check_pendamping_fields(pendamping)
    pendamping.full_clean(exclude=["versi"])
    pendamping._history_user = oleh
    pendamping.save()
    return pendamping


def _in_own_area(user: AbstractBaseUser, record: Pendamping | Pelatihan) -> bool:
    """A record's wilayah lies inside the user's own (registry editors keep the people of their area)."""
    return pranata_access.visible_wilayah(user).filter(pk=record.wilayah_id).exists()


@transaction.atomic
def pendamping_update(
    *, pendamping: Pendamping, oleh: AbstractBaseUser, versi: int | None = None, **fields: Any
) -> Pendamping:
    """Change a pendamping's record; `versi` is the version the form was loaded with (pranata.locking)."""
    if not access.editable_pendamping(oleh).filter(pk=pendamping.pk).exists():
        raise PermissionDenied(_("Pendamping ini di luar wilayah tugas Anda."))
    for name, value in fields.items():
        setattr(pendamping, name, value)
    if not _in_own_area(oleh, pendamping):
        raise PermissionDenied(_("Wilayah kerja ini di luar wilayah tugas Anda."))
    _check_pendamping_fields(pendamping)
    pendamping.full_clean(exclude=["versi"])
    locking.claim_version(pendamping, versi)
    pendamping._history_user = oleh
    pendamping.save()
    return pendamping


# --- assignments -------------------------------------------------------------------------------------------


@transaction.atomic
def penugasan_create(
    *,
    pendamping: Pendamping,
    mulai: datetime.date,
    oleh: AbstractBaseUser,
    forum: Forum | None = None,
    lembaga: Lembaga | None = None,
) -> Penugasan:
    """Assign a pendamping to one forum or one lembaga from a date on. Assigning again while an assignment to
    the same place runs is refused (one running assignment per place)."""
    if (forum is None) == (lembaga is None):
        raise ValidationError({"forum": _("Pilih satu forum atau satu lembaga.")})
    if not access.visible_pendamping(oleh).filter(pk=pendamping.pk).exists():
        raise PermissionDenied(_("Pendamping ini di luar wilayah tugas Anda."))
    if forum is not None and not access.assignable_forum(oleh).filter(pk=forum.pk).exists():
        raise PermissionDenied(_("Anda tidak mengelola forum ini."))
    if lembaga is not None and not access.assignable_lembaga(oleh).filter(pk=lembaga.pk).exists():
        raise PermissionDenied(_("Lembaga ini di luar wilayah tugas Anda."))
    _not_in_future(mulai, "mulai")
    if mulai < pendamping.mulai:
        raise ValidationError(
            {
                "mulai": _("Penugasan tidak boleh sebelum pendamping mulai bertugas (%(tanggal)s).")
                % {"tanggal": _fmt(pendamping.mulai)}
            }
        )
    if pendamping.selesai:
        raise ValidationError({"mulai": _("Pendamping ini sudah berhenti bertugas.")})
    running = Penugasan.objects.aktif().filter(pendamping=pendamping, forum=forum, lembaga=lembaga)
    if running.exists():
        raise ValidationError({"forum" if forum else "lembaga": _("Pendamping ini sudah ditugaskan di sana.")})
    penugasan = Penugasan(pendamping=pendamping, forum=forum, lembaga=lembaga, mulai=mulai, dibuat_oleh=oleh)
    penugasan.full_clean()
    penugasan._history_user = oleh
    penugasan.save()
    return penugasan


@transaction.atomic
def penugasan_end(*, penugasan: Penugasan, selesai: datetime.date, oleh: AbstractBaseUser) -> Penugasan:
    """End an assignment on a date (the last day it holds); it stays in the record."""
    target_ok = (
        access.assignable_forum(oleh).filter(pk=penugasan.forum_id).exists()
        if penugasan.forum_id
        else access.assignable_lembaga(oleh).filter(pk=penugasan.lembaga_id).exists()
    )
    if not target_ok:
        raise PermissionDenied(_("Anda tidak dapat mengubah penugasan ini."))
    fresh = Penugasan.objects.select_for_update().get(pk=penugasan.pk)
    if fresh.selesai:
        raise ValidationError({"selesai": _("Penugasan ini sudah berakhir.")})
    _not_in_future(selesai, "selesai")
    if selesai < fresh.mulai:
        raise ValidationError(
            {
                "selesai": _("Tanggal berakhir tidak boleh sebelum penugasan dimulai (%(tanggal)s).")
                % {"tanggal": _fmt(fresh.mulai)}
            }
        )
    fresh.selesai = selesai
    fresh._history_user = oleh
    fresh.save(update_fields=["selesai"])
    return fresh


# --- the activity log ----------------------------------------------------------------------------------------


def assigned_on(pendamping: Pendamping, tanggal: datetime.date) -> tuple[set[int], set[int]]:
    """(forum ids, lembaga ids) the pendamping may log for on a date: the forums and lembaga assigned then, and
    the members (on that date) of the forums assigned."""
    rows = list(Penugasan.objects.on(tanggal).filter(pendamping=pendamping).values_list("forum_id", "lembaga_id"))
    forums = {forum for forum, _lembaga in rows if forum}
    lembaga = {lem for _forum, lem in rows if lem}
    members = Keanggotaan.objects.on(tanggal).filter(forum__in=forums).values_list("lembaga_id", flat=True)
    return forums, lembaga | set(members)


def check_kegiatan(
    *,
    pendamping: Pendamping,
    tanggal: datetime.date,
    forum: Forum | None,
    lembaga: Lembaga | None,
    pertemuan: Pertemuan | None,
    tugas: str,
    teknik: str,
    peran_penyuluh: str,
    sumber_daya: list[SumberDaya],
) -> None:
    """The rule for one activity, shared by logging and correcting it."""
    if forum is None and lembaga is None:
        raise ValidationError({"lembaga": _("Pilih forum atau lembaga yang didampingi.")})
    _not_in_future(tanggal, "tanggal")
    if tanggal < pendamping.mulai or (pendamping.selesai and tanggal > pendamping.selesai):
        raise ValidationError({"tanggal": _("Tanggal ini di luar masa tugas pendamping.")})
    forums, lembaga_ids = assigned_on(pendamping, tanggal)
    if forum is not None and forum.pk not in forums:
        raise ValidationError(
            {"forum": _("Pada %(tanggal)s Anda tidak ditugaskan di forum ini.") % {"tanggal": _fmt(tanggal)}}
        )
    if lembaga is not None and lembaga.pk not in lembaga_ids:
        raise ValidationError(
            {
                "lembaga": _("Pada %(tanggal)s Anda tidak ditugaskan mendampingi lembaga ini.")
                % {"tanggal": _fmt(tanggal)}
            }
        )
    if pertemuan is not None and (forum is None or pertemuan.forum_id != forum.pk):
        raise ValidationError({"pertemuan": _("Pertemuan itu bukan pertemuan forum yang dipilih.")})
    if teknik and TEKNIK_TUGAS.get(teknik) != tugas:
        raise ValidationError({"teknik": _("Teknik ini bukan bagian dari tugas yang dipilih.")})
    if peran_penyuluh and not pendamping.is_penyuluh:
        raise ValidationError({"peran_penyuluh": _("Peran penyuluh hanya untuk penyuluh sosial / relawan Pensosmas.")})
    if any(item.lembaga_id != getattr(lembaga, "pk", None) for item in sumber_daya):
        raise ValidationError({"sumber_daya": _("Sumber daya yang dipilih harus milik lembaga yang didampingi.")})


@transaction.atomic
def kegiatan_log(
    *,
    pendamping: Pendamping,
    oleh: AbstractBaseUser,
    tanggal: datetime.date,
    tugas: str,
    uraian: str,
    forum: Forum | None = None,
    lembaga: Lembaga | None = None,
    pertemuan: Pertemuan | None = None,
    teknik: str = "",
    peran_penyuluh: str = "",
    sumber_daya: list[SumberDaya] | None = None,
    **fields: Any,
) -> Kegiatan:
    """Log one pendampingan activity (by the pendamping, or entered from paper by an officer)."""
    if not access.loggable_pendamping(oleh).filter(pk=pendamping.pk).exists():
        raise PermissionDenied(_("Anda tidak dapat mencatat kegiatan pendamping ini."))
    items = list(sumber_daya or [])
    check_kegiatan(
        pendamping=pendamping,
        tanggal=tanggal,
        forum=forum,
        lembaga=lembaga,
        pertemuan=pertemuan,
        tugas=tugas,
        teknik=teknik,
        peran_penyuluh=peran_penyuluh,
        sumber_daya=items,
    )
    kegiatan = Kegiatan(
        pendamping=pendamping,
        tanggal=tanggal,
        forum=forum,
        lembaga=lembaga,
        pertemuan=pertemuan,
        tugas=tugas,
        teknik=teknik,
        peran_penyuluh=peran_penyuluh,
        uraian=uraian,
        dicatat_oleh=oleh,
        **fields,
    )
    kegiatan.full_clean(exclude=["versi"])
    kegiatan._history_user = oleh
    kegiatan.save()
    kegiatan.sumber_daya.set(items)
    return kegiatan


@transaction.atomic
def kegiatan_update(
    *,
    kegiatan: Kegiatan,
    oleh: AbstractBaseUser,
    versi: int | None = None,
    sumber_daya: list[SumberDaya] | None = None,
    **fields: Any,
) -> Kegiatan:
    if not access.editable_kegiatan(oleh).filter(pk=kegiatan.pk).exists():
        raise PermissionDenied(_("Anda tidak dapat mengubah kegiatan ini."))
    for name, value in fields.items():
        setattr(kegiatan, name, value)
    items = list(kegiatan.sumber_daya.all()) if sumber_daya is None else list(sumber_daya)
    check_kegiatan(
        pendamping=kegiatan.pendamping,
        tanggal=kegiatan.tanggal,
        forum=kegiatan.forum,
        lembaga=kegiatan.lembaga,
        pertemuan=kegiatan.pertemuan,
        tugas=kegiatan.tugas,
        teknik=kegiatan.teknik,
        peran_penyuluh=kegiatan.peran_penyuluh,
        sumber_daya=items,
    )
    kegiatan.full_clean(exclude=["versi"])
    locking.claim_version(kegiatan, versi)
    kegiatan._history_user = oleh
    kegiatan.save()
    kegiatan.sumber_daya.set(items)
    return kegiatan


# --- trainings -------------------------------------------------------------------------------------------------


@transaction.atomic
def pelatihan_create(*, oleh: AbstractBaseUser, peserta: list[Pendamping], **fields: Any) -> Pelatihan:
    """A training with its participants (pendamping, or candidates recorded as pendamping with `calon`)."""
    if not access.can_register_pendamping(oleh):
        raise PermissionDenied(_("Peran Anda tidak dapat mencatat pelatihan."))
    pelatihan = Pelatihan(dibuat_oleh=oleh, **fields)
    if not _in_own_area(oleh, pelatihan):  # same area rule as a pendamping's
        raise PermissionDenied(_("Wilayah pelatihan di luar wilayah tugas Anda."))
    if pelatihan.selesai and pelatihan.mulai and pelatihan.selesai < pelatihan.mulai:
        raise ValidationError({"selesai": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
    pelatihan.full_clean()
    pelatihan._history_user = oleh
    pelatihan.save()
    pelatihan_set_peserta(pelatihan=pelatihan, peserta=peserta, oleh=oleh)
    return pelatihan


def pelatihan_set_peserta(*, pelatihan: Pelatihan, peserta: list[Pendamping], oleh: AbstractBaseUser) -> None:
    """Add participants not yet listed (a participant is never silently dropped: results stay)."""
    visible = set(access.visible_pendamping(oleh).filter(pk__in=[p.pk for p in peserta]).values_list("pk", flat=True))
    if any(p.pk not in visible for p in peserta):
        raise PermissionDenied(_("Peserta di luar wilayah tugas Anda."))
    listed = set(pelatihan.peserta.values_list("pendamping_id", flat=True))
    PesertaPelatihan.objects.bulk_create(
        [PesertaPelatihan(pelatihan=pelatihan, pendamping=p) for p in peserta if p.pk not in listed]
    )


@transaction.atomic
def peserta_set_hasil(*, pelatihan: Pelatihan, hasil: dict[int, str], oleh: AbstractBaseUser) -> int:
    """Record each participant's completion ({pendamping id: hasil}); returns how many rows changed."""
    if not access.editable_pelatihan(oleh).filter(pk=pelatihan.pk).exists():
        raise PermissionDenied(_("Anda tidak dapat mengubah pelatihan ini."))
    if any(value not in HasilPelatihan.values for value in hasil.values()):
        raise ValidationError({"hasil": _("Hasil pelatihan tidak dikenal.")})
    if pelatihan.mulai > timezone.localdate() and any(v != HasilPelatihan.TERDAFTAR for v in hasil.values()):
        raise ValidationError({"hasil": _("Pelatihan ini belum dimulai; hasilnya belum dapat dicatat.")})
    changed = 0
    for row in pelatihan.peserta.select_for_update().filter(pendamping_id__in=hasil):
        if row.hasil != hasil[row.pendamping_id]:
            row.hasil = hasil[row.pendamping_id]
            row._history_user = oleh
            row.save(update_fields=["hasil"])
            changed += 1
    return changed


# --- a merged lembaga ---------------------------------------------------------------------------------------


def lembaga_merged(keep: Lembaga, merge: Lembaga) -> dict[str, int]:
    """pendampingan's part of pranata.services.lembaga_merge (registered in apps.py): the duplicate's
    assignments and logged activities move to the lembaga kept."""
    moved_tasks = Penugasan.objects.filter(lembaga=merge).update(lembaga=keep)
    moved_log = Kegiatan.objects.filter(lembaga=merge).update(lembaga=keep)
    return {"penugasan": moved_tasks, "kegiatan_pendampingan": moved_log}
