"""Writes for forums: membership, meetings with everything said in them, follow-ups, joint programmes.

A meeting is saved with its attendance, agreements and follow-ups in one transaction: all or nothing.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pranata import locking
from pranata.models import Lembaga, StatusLembaga, SumberDaya

from .access import can_edit_program, editable_forum
from .models import (
    BentukKontribusi,
    Forum,
    Keanggotaan,
    Kehadiran,
    Kesepakatan,
    Kontribusi,
    PenerimaManfaat,
    Pertemuan,
    PesertaProgram,
    ProgramBersama,
    TindakLanjut,
)

MAX_DAYS_AHEAD = 365


def _check_forum(*, forum: Forum, oleh: AbstractBaseUser) -> None:
    if not editable_forum(oleh).filter(pk=forum.pk).exists():
        raise PermissionDenied(_("Anda tidak mengelola forum ini."))


# --- membership --------------------------------------------------------------------------------


@transaction.atomic
def forum_member_add(*, forum: Forum, lembaga: Lembaga, peran: str, mulai: datetime.date, oleh) -> Keanggotaan:
    _check_forum(forum=forum, oleh=oleh)
    if lembaga.status != StatusLembaga.AKTIF:
        raise ValidationError({"lembaga": _("“%(nama)s” tidak aktif.") % {"nama": lembaga.nama}})
    if forum.keanggotaan.aktif().filter(lembaga=lembaga).exists():
        raise ValidationError({"lembaga": _("“%(nama)s” sudah menjadi anggota forum ini.") % {"nama": lembaga.nama}})
    if mulai > timezone.localdate():
        raise ValidationError({"mulai": _("Tanggal bergabung tidak boleh di masa depan.")})
    member = Keanggotaan(forum=forum, lembaga=lembaga, peran=peran, mulai=mulai)
    member.full_clean()
    member._history_user = oleh
    member.save()
    return member


@transaction.atomic
def forum_member_end(*, keanggotaan: Keanggotaan, selesai: datetime.date, oleh) -> Keanggotaan:
    """Leaving is dated, never deleted: reports as of earlier dates still count the member."""
    _check_forum(forum=keanggotaan.forum, oleh=oleh)
    if selesai < keanggotaan.mulai:
        raise ValidationError({"selesai": _("Tanggal keluar tidak boleh sebelum tanggal bergabung.")})
    keanggotaan.selesai = selesai
    keanggotaan._history_user = oleh
    keanggotaan.save(update_fields=["selesai"])
    return keanggotaan


# --- meetings ----------------------------------------------------------------------------------


@dataclass
class Hadir:
    lembaga: Lembaga
    perwakilan: str = ""
    jumlah_orang: int = 1
    tamu: bool = False


@dataclass
class Sepakat:
    isi: str
    lembaga: list[Lembaga] = field(default_factory=list)


@dataclass
class Lanjut:
    uraian: str
    lembaga: Lembaga
    tenggat: datetime.date | None = None
    kesepakatan_no: int | None = None  # 1-based position in the same meeting's agreements


def check_meeting_date(*, forum: Forum, tanggal: datetime.date) -> None:
    if tanggal > timezone.localdate() + datetime.timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError({"tanggal": _("Tanggal pertemuan lebih dari setahun ke depan; periksa kembali.")})
    if forum.tanggal_berdiri and tanggal < forum.tanggal_berdiri:
        berdiri = f"{forum.tanggal_berdiri:%d/%m/%Y}"
        raise ValidationError(
            {"tanggal": _("Tanggal pertemuan sebelum forum berdiri (%(tanggal)s).") % {"tanggal": berdiri}}
        )


def _check_attendance(forum: Forum, tanggal: datetime.date, hadir: list[Hadir]) -> None:
    members = set(forum.keanggotaan.on(tanggal).values_list("lembaga_id", flat=True))
    for row in hadir:
        if not row.tamu and row.lembaga.pk not in members:
            raise ValidationError(
                {
                    "kehadiran": _("“%(nama)s” bukan anggota forum pada tanggal itu; catat sebagai tamu.")
                    % {"nama": row.lembaga.nama}
                }
            )


def _check_follow_ups(tanggal: datetime.date, lanjut: list[Lanjut], n_agreements: int) -> None:
    for row in lanjut:
        if row.tenggat and row.tenggat < tanggal:
            raise ValidationError(
                {"tindak_lanjut": _("Tenggat “%(uraian)s” sebelum tanggal pertemuan.") % {"uraian": row.uraian}}
            )
        if row.kesepakatan_no and not 1 <= row.kesepakatan_no <= n_agreements:
            raise ValidationError(
                {"tindak_lanjut": _("“%(uraian)s” merujuk kesepakatan yang tidak ada.") % {"uraian": row.uraian}}
            )


@transaction.atomic
def pertemuan_log(
    *,
    forum: Forum,
    oleh: AbstractBaseUser,
    fields: dict[str, Any],
    hadir: list[Hadir],
    sepakat: list[Sepakat],
    lanjut: list[Lanjut],
    token: uuid.UUID | None = None,
) -> Pertemuan:
    """Save a meeting with its attendance, agreements and follow-ups, or nothing at all.

    `token` (from the form) makes the call idempotent: a second call with the same token, even concurrent,
    returns the meeting the first one saved, marked `pertemuan.ulang = True`, and writes nothing.
    """
    _check_forum(forum=forum, oleh=oleh)
    if token is not None and (existing := _by_token(forum, token)):
        return existing
    check_meeting_date(forum=forum, tanggal=fields["tanggal"])
    _check_attendance(forum, fields["tanggal"], hadir)
    _check_follow_ups(fields["tanggal"], lanjut, len(sepakat))
    pertemuan = Pertemuan(forum=forum, dibuat_oleh=oleh, token=token, **fields)
    pertemuan.full_clean(exclude=["token", "versi"])
    pertemuan._history_user = oleh
    try:
        with transaction.atomic():
            pertemuan.save()
    except IntegrityError:
        # A concurrent post with the same token committed first (PostgreSQL waits on the unique index).
        if token is not None and (existing := _by_token(forum, token)):
            return existing
        raise
    pertemuan.ulang = False
    Kehadiran.objects.bulk_create([Kehadiran(pertemuan=pertemuan, **row.__dict__) for row in hadir])
    agreements = []
    for nomor, row in enumerate(sepakat, start=1):
        agreement = Kesepakatan.objects.create(pertemuan=pertemuan, nomor=nomor, isi=row.isi)
        agreement.lembaga.set(row.lembaga)
        agreements.append(agreement)
    for row in lanjut:
        kesepakatan = agreements[row.kesepakatan_no - 1] if row.kesepakatan_no else None
        TindakLanjut.objects.create(
            pertemuan=pertemuan, kesepakatan=kesepakatan, uraian=row.uraian, lembaga=row.lembaga, tenggat=row.tenggat
        )
    return pertemuan


def _by_token(forum: Forum, token: uuid.UUID) -> Pertemuan | None:
    existing = Pertemuan.objects.filter(token=token).first()
    if existing is None:
        return None
    if existing.forum_id != forum.pk:
        raise ValidationError({"token": _("Formulir ini milik forum lain; muat ulang halaman.")})
    existing.ulang = True
    return existing


@transaction.atomic
def pertemuan_update(
    *, pertemuan: Pertemuan, oleh: AbstractBaseUser, versi: int | None = None, **fields: Any
) -> Pertemuan:
    """Change a meeting's details; `versi` is the version the form was loaded with (pranata.locking)."""
    _check_forum(forum=pertemuan.forum, oleh=oleh)
    for name, value in fields.items():
        setattr(pertemuan, name, value)
    check_meeting_date(forum=pertemuan.forum, tanggal=pertemuan.tanggal)
    pertemuan.full_clean(exclude=["token", "versi"])
    locking.claim_version(pertemuan, versi)
    pertemuan._history_user = oleh
    pertemuan.save()
    return pertemuan


@transaction.atomic
def pertemuan_delete(*, pertemuan: Pertemuan, oleh: AbstractBaseUser) -> None:
    """Delete a meeting logged by mistake, with its attendance, agreements and follow-ups. Each deleted row keeps
    a "-" version in the history (who deleted the meeting is on its own), so the admin can still read it."""
    _check_forum(forum=pertemuan.forum, oleh=oleh)
    locked = Pertemuan.objects.select_for_update().filter(pk=pertemuan.pk).first()
    if locked is None:
        return  # deleted meanwhile by someone else: the outcome asked for holds
    locked._history_user = oleh
    for rows in (locked.tindak_lanjut.all(), locked.kesepakatan.all(), locked.kehadiran.all()):
        for row in rows:
            row._history_user = oleh
            row.delete()
    locked.delete()


def tindak_lanjut_set_status(*, tindak_lanjut: TindakLanjut, status: str, oleh: AbstractBaseUser) -> TindakLanjut:
    _check_forum(forum=tindak_lanjut.pertemuan.forum, oleh=oleh)
    tindak_lanjut.status = status
    tindak_lanjut.full_clean()
    tindak_lanjut._history_user = oleh
    tindak_lanjut.save(update_fields=["status", "diubah"])
    return tindak_lanjut


# --- joint programmes -------------------------------------------------------------------------


@transaction.atomic
def program_create(
    *,
    oleh: AbstractBaseUser,
    peserta: list[tuple[Lembaga, str]],
    sumber_daya: list[SumberDaya],
    penerima: list[tuple[str, int]],
    **fields: Any,
) -> ProgramBersama:
    """A joint programme with its participants, pooled resources and beneficiaries by PMKS category."""
    _check_programme_scope(oleh=oleh, forum=fields.get("forum"), wilayah=fields["wilayah"])
    program = ProgramBersama(dibuat_oleh=oleh, **fields)
    program.full_clean()
    program._history_user = oleh
    program.save()
    _set_programme_parts(program, peserta, sumber_daya, penerima)
    return program


def _check_programme_scope(*, oleh, forum: Forum | None, wilayah) -> None:
    """The rule is forum.access.can_edit_program's (the pages ask it too); here it explains a refusal."""
    if not can_edit_program(oleh, ProgramBersama(forum=forum, wilayah=wilayah)):
        if forum is not None:
            raise PermissionDenied(_("Anda tidak mengelola forum ini."))
        raise PermissionDenied(_("Wilayah program di luar wilayah tugas Anda."))


def _set_programme_parts(program, peserta, sumber_daya, penerima) -> None:
    if len({lembaga.pk for lembaga, _peran in peserta}) < 2:
        raise ValidationError({"peserta": _("Program bersama memerlukan sedikitnya dua lembaga peserta.")})
    participants = {lembaga.pk for lembaga, _peran in peserta}
    if any(item.lembaga_id not in participants for item in sumber_daya):
        raise ValidationError({"sumber_daya": _("Sumber daya yang dihimpun harus milik lembaga peserta.")})
    PesertaProgram.objects.bulk_create([PesertaProgram(program=program, lembaga=lem, peran=p) for lem, p in peserta])
    program.sumber_daya.set(sumber_daya)
    PenerimaManfaat.objects.bulk_create([PenerimaManfaat(program=program, kategori=k, jumlah=j) for k, j in penerima])


@transaction.atomic
def program_set_status(*, program: ProgramBersama, status: str, oleh: AbstractBaseUser, selesai=None) -> ProgramBersama:
    _check_programme_scope(oleh=oleh, forum=program.forum, wilayah=program.wilayah)
    program.status = status
    if selesai:
        program.selesai = selesai
    program.full_clean()
    program._history_user = oleh
    program.save()
    return program


# --- the programme ledger: dated contributions of its participants ---------------------------------------

LEDGER_FIELDS = (
    "lembaga",
    "jenis",
    "sumber_daya",
    "uraian",
    "jumlah",
    "satuan",
    "nilai",
    "bentuk",
    "tanggal",
    "catatan",
)


def _check_contribution(kontribusi: Kontribusi) -> None:
    """The ledger's rules, each refusal keyed by the field a person has to fix."""
    program, lembaga = kontribusi.program, kontribusi.lembaga
    if not program.peserta.filter(lembaga=lembaga).exists():
        raise ValidationError(
            {
                "lembaga": _("“%(nama)s” bukan peserta program ini; tambahkan sebagai peserta dahulu.")
                % {"nama": lembaga.nama}
            }
        )
    if kontribusi.jumlah is not None and kontribusi.jumlah <= 0:
        raise ValidationError({"jumlah": _("Jumlah harus lebih dari 0.")})
    if kontribusi.nilai is not None and kontribusi.nilai < 0:
        raise ValidationError({"nilai": _("Nilai tidak boleh negatif.")})
    if kontribusi.bentuk == BentukKontribusi.TUNAI and kontribusi.nilai is None:
        raise ValidationError({"nilai": _("Kontribusi tunai harus mencantumkan nilainya dalam rupiah.")})
    check_contribution_date(program=program, tanggal=kontribusi.tanggal)
    item = kontribusi.sumber_daya
    if item is not None and item.lembaga_id != lembaga.pk:
        raise ValidationError(
            {
                "sumber_daya": _("Sumber daya “%(uraian)s” milik lembaga lain, bukan “%(nama)s”.")
                % {"uraian": item.uraian, "nama": lembaga.nama}
            }
        )
    if item is not None and item.jenis != kontribusi.jenis:
        raise ValidationError(
            {
                "jenis": _("Jenis harus sama dengan jenis sumber daya yang dipilih (%(jenis)s).")
                % {"jenis": item.get_jenis_display()}
            }
        )


def check_contribution_date(*, program: ProgramBersama, tanggal: datetime.date | None) -> None:
    """A contribution is given on a day that has come, and not before the programme started."""
    if tanggal is None:
        return  # full_clean says the date is missing
    if tanggal > timezone.localdate():
        raise ValidationError({"tanggal": _("Tanggal kontribusi tidak boleh di masa depan.")})
    if program.mulai and tanggal < program.mulai:
        mulai = f"{program.mulai:%d/%m/%Y}"
        raise ValidationError(
            {"tanggal": _("Tanggal kontribusi sebelum program dimulai (%(tanggal)s).") % {"tanggal": mulai}}
        )


def _save_contribution(kontribusi: Kontribusi, oleh: AbstractBaseUser) -> Kontribusi:
    _check_contribution(kontribusi)
    kontribusi.full_clean()
    kontribusi._history_user = oleh
    kontribusi.save()
    return kontribusi


@transaction.atomic
def kontribusi_add(
    *,
    program: ProgramBersama,
    oleh: AbstractBaseUser,
    lembaga: Lembaga,
    jenis: str,
    uraian: str,
    jumlah: Decimal,
    satuan: str,
    tanggal: datetime.date,
    bentuk: str = BentukKontribusi.NATURA,
    nilai: int | None = None,
    sumber_daya: SumberDaya | None = None,
    catatan: str = "",
) -> Kontribusi:
    """Record what a participant gave the programme, on the day it was given."""
    _check_programme_scope(oleh=oleh, forum=program.forum, wilayah=program.wilayah)
    kontribusi = Kontribusi(
        program=program,
        lembaga=lembaga,
        jenis=jenis,
        sumber_daya=sumber_daya,
        uraian=uraian,
        jumlah=jumlah,
        satuan=satuan,
        nilai=nilai,
        bentuk=bentuk,
        tanggal=tanggal,
        catatan=catatan,
        dibuat_oleh=oleh,
    )
    return _save_contribution(kontribusi, oleh)


@transaction.atomic
def kontribusi_update(*, kontribusi: Kontribusi, oleh: AbstractBaseUser, **fields: Any) -> Kontribusi:
    """Correct an entry; the programme it belongs to stays. Only the ledger's fields may change. The stored row
    is read again (and locked) and changed, so a refused correction leaves the caller's object as it was."""
    program = kontribusi.program
    _check_programme_scope(oleh=oleh, forum=program.forum, wilayah=program.wilayah)
    unknown = set(fields) - set(LEDGER_FIELDS)
    if unknown:
        raise TypeError(f"kontribusi_update() got unexpected fields: {sorted(unknown)}")
    stored = Kontribusi.objects.select_for_update().select_related("program", "lembaga").get(pk=kontribusi.pk)
    for name, value in fields.items():
        setattr(stored, name, value)
    return _save_contribution(stored, oleh)


@transaction.atomic
def kontribusi_remove(*, kontribusi: Kontribusi, oleh: AbstractBaseUser) -> None:
    """Remove an entry recorded by mistake; its history keeps a "-" version with who removed it."""
    program = kontribusi.program
    _check_programme_scope(oleh=oleh, forum=program.forum, wilayah=program.wilayah)
    stored = Kontribusi.objects.select_for_update().filter(pk=kontribusi.pk).first()
    if stored is None:
        return  # removed meanwhile by someone else: the outcome asked for holds
    stored._history_user = oleh
    stored.delete()


# --- duplicates ----------------------------------------------------------------------------------


def lembaga_merged(keep: Lembaga, merge: Lembaga) -> dict[str, int]:
    """The forum's part of pranata.services.lembaga_merge (registered in apps.py): attendance, memberships,
    agreements, follow-ups and programme places of `merge` move to `keep`. Where both attended one meeting,
    keep's row stays (with the larger headcount); where both were members of one forum, one membership spans
    both periods; a programme both joined keeps keep's place."""
    counts = {"kehadiran": 0, "keanggotaan": 0, "kesepakatan": 0, "tindak_lanjut": 0, "program": 0, "kontribusi": 0}
    mine = {k.pertemuan_id: k for k in Kehadiran.objects.filter(lembaga=keep)}
    for row in Kehadiran.objects.filter(lembaga=merge):
        same = mine.get(row.pertemuan_id)
        if same is None:
            Kehadiran.objects.filter(pk=row.pk).update(lembaga=keep)
        else:
            Kehadiran.objects.filter(pk=same.pk).update(
                jumlah_orang=max(same.jumlah_orang, row.jumlah_orang), perwakilan=same.perwakilan or row.perwakilan
            )
            row.delete()
        counts["kehadiran"] += 1
    for member in Keanggotaan.objects.filter(lembaga=merge).order_by("mulai"):
        other = Keanggotaan.objects.filter(forum=member.forum, lembaga=keep).order_by("mulai").first()
        if other is None:
            Keanggotaan.objects.filter(pk=member.pk).update(lembaga=keep)
        else:
            ends = [other.selesai, member.selesai]
            other.mulai = min(other.mulai, member.mulai)
            other.selesai = None if None in ends else max(ends)
            member.delete()
            other.save(update_fields=["mulai", "selesai"])
        counts["keanggotaan"] += 1
    for agreement in Kesepakatan.objects.filter(lembaga=merge):
        agreement.lembaga.remove(merge)
        agreement.lembaga.add(keep)
        counts["kesepakatan"] += 1
    counts["tindak_lanjut"] = TindakLanjut.objects.filter(lembaga=merge).update(lembaga=keep)
    joined = set(PesertaProgram.objects.filter(lembaga=keep).values_list("program_id", flat=True))
    for place in PesertaProgram.objects.filter(lembaga=merge):
        if place.program_id in joined:
            place.delete()
        else:
            PesertaProgram.objects.filter(pk=place.pk).update(lembaga=keep)
        counts["program"] += 1
    # What the duplicate gave to a programme stays counted, now as the kept lembaga's contribution.
    counts["kontribusi"] = Kontribusi.objects.filter(lembaga=merge).update(lembaga=keep)
    return counts
