"""Writes to the registry. Views and commands call these; none of this lives in save() or signals."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from . import access
from .models import (
    KODE_WILAYAH_RE,
    Kebutuhan,
    Kerjasama,
    Lembaga,
    RiwayatTahap,
    StatusLembaga,
    SumberDaya,
    Tahap,
    Tingkat,
    Wilayah,
)

# Services set `_history_user` before saving, so history names the acting user outside requests too.


def _check_kelurahan_in_scope(*, oleh: AbstractBaseUser, wilayah: Wilayah) -> None:
    if not access.editable_kelurahan(oleh).filter(pk=wilayah.pk).exists():
        raise PermissionDenied("Kelurahan/desa ini di luar wilayah tugas Anda.")


def lembaga_next_kode(wilayah: Wilayah, *, taken: set[str] = frozenset()) -> str:
    """The next free code in a kelurahan: 16.71.05.1006-0001, -0002, … (codes from imports are skipped)."""
    prefix = f"{wilayah.kode}-"
    existing = set(Lembaga.objects.filter(kode__startswith=prefix).values_list("kode", flat=True)) | set(taken)
    numbers = [int(kode[len(prefix) :]) for kode in existing if kode[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


@transaction.atomic
def lembaga_create(*, oleh: AbstractBaseUser, wilayah: Wilayah, kode: str = "", **fields: Any) -> Lembaga:
    _check_kelurahan_in_scope(oleh=oleh, wilayah=wilayah)
    lembaga = Lembaga(wilayah=wilayah, dibuat_oleh=oleh, kode=kode or lembaga_next_kode(wilayah), **fields)
    lembaga.full_clean()
    lembaga._history_user = oleh
    lembaga.save()
    return lembaga


@transaction.atomic
def lembaga_update(*, lembaga: Lembaga, oleh: AbstractBaseUser, **fields: Any) -> Lembaga:
    if not access.editable_lembaga(oleh).filter(pk=lembaga.pk).exists():
        raise PermissionDenied("Lembaga ini di luar wilayah tugas Anda.")
    for name, value in fields.items():
        setattr(lembaga, name, value)
    _check_kelurahan_in_scope(oleh=oleh, wilayah=lembaga.wilayah)
    lembaga.full_clean()
    lembaga._history_user = oleh
    lembaga.save()
    return lembaga


def lembaga_archive(*, lembaga: Lembaga, oleh: AbstractBaseUser) -> Lembaga:
    """Archive instead of delete: ties and attendance keep pointing at it."""
    return lembaga_update(lembaga=lembaga, oleh=oleh, status=StatusLembaga.ARSIP)


def lembaga_restore(*, lembaga: Lembaga, oleh: AbstractBaseUser) -> Lembaga:
    return lembaga_update(lembaga=lembaga, oleh=oleh, status=StatusLembaga.AKTIF)


def _check_lembaga_editable(*, lembaga: Lembaga, oleh: AbstractBaseUser) -> None:
    if not access.editable_lembaga(oleh).filter(pk=lembaga.pk).exists():
        raise PermissionDenied("Lembaga ini di luar wilayah tugas Anda.")


@transaction.atomic
def sumber_daya_add(*, lembaga: Lembaga, oleh: AbstractBaseUser, jenis: str, uraian: str) -> SumberDaya:
    _check_lembaga_editable(lembaga=lembaga, oleh=oleh)
    item = SumberDaya(lembaga=lembaga, jenis=jenis, uraian=uraian)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def kebutuhan_add(*, lembaga: Lembaga, oleh: AbstractBaseUser, jenis: str, uraian: str) -> Kebutuhan:
    _check_lembaga_editable(lembaga=lembaga, oleh=oleh)
    item = Kebutuhan(lembaga=lembaga, jenis=jenis, uraian=uraian)
    item.full_clean()
    item.save()
    return item


def sumber_kebutuhan_remove(*, item: SumberDaya | Kebutuhan, oleh: AbstractBaseUser) -> None:
    _check_lembaga_editable(lembaga=item.lembaga, oleh=oleh)
    item.delete()


def kebutuhan_set_terpenuhi(*, kebutuhan: Kebutuhan, oleh: AbstractBaseUser, terpenuhi: bool) -> Kebutuhan:
    _check_lembaga_editable(lembaga=kebutuhan.lembaga, oleh=oleh)
    kebutuhan.terpenuhi = terpenuhi
    kebutuhan.save(update_fields=["terpenuhi"])
    return kebutuhan


# --- Wilayah reference data -------------------------------------------------------------------


@dataclass(frozen=True)
class WilayahRow:
    line: int
    kode: str
    nama: str


class WilayahImportError(Exception):
    """Raised with every bad row, so the whole file can be fixed in one pass."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def wilayah_parse_csv(lines: Iterable[str]) -> list[WilayahRow]:
    """Read `kode,nama` rows (header optional); collect every problem with its line number."""
    rows: list[WilayahRow] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for line_no, record in enumerate(csv.reader(lines), start=1):
        if not record or not any(cell.strip() for cell in record):
            continue
        if line_no == 1 and record[0].strip().lower().lstrip("\ufeff") == "kode":
            continue
        kode = record[0].strip().lstrip("\ufeff")
        nama = record[1].strip() if len(record) > 1 else ""
        if not KODE_WILAYAH_RE.match(kode):
            errors.append(f"baris {line_no}: kode {kode!r} bukan kode Kemendagri (contoh: 16.71.01.1001)")
        elif not nama:
            errors.append(f"baris {line_no}: nama wilayah kosong")
        elif kode in seen:
            errors.append(f"baris {line_no}: kode {kode} sudah muncul di baris {seen[kode]}")
        else:
            seen[kode] = line_no
            rows.append(WilayahRow(line_no, kode, nama))
    errors += _missing_parents(rows, seen)
    if errors:
        raise WilayahImportError(errors)
    return rows


def _missing_parents(rows: list[WilayahRow], in_file: dict[str, int]) -> list[str]:
    parents = {row.kode.rpartition(".")[0] for row in rows if "." in row.kode}
    missing = parents - set(in_file) - set(_by_kode(parents - set(in_file), "id"))
    return [
        f"baris {row.line}: induk {row.kode.rpartition('.')[0]} tidak ada di berkas maupun di basis data"
        for row in rows
        if row.kode.rpartition(".")[0] in missing
    ]


@transaction.atomic
def wilayah_load(*, rows: list[WilayahRow], batch_size: int = 2000) -> tuple[int, int]:
    """Insert new codes and rename existing ones, level by level so parents exist first.

    Returns (created, updated). Runs in one transaction: a failure leaves the table as it was.
    """
    existing = _by_kode({r.kode for r in rows}, "nama")
    for tingkat in Tingkat:
        level = [r for r in rows if Tingkat.from_kode(r.kode) == tingkat]
        if not level:
            continue
        parent_ids = _by_kode({r.kode.rpartition(".")[0] for r in level if "." in r.kode}, "id")
        objs = [
            Wilayah(kode=r.kode, nama=r.nama, tingkat=tingkat, induk_id=parent_ids.get(r.kode.rpartition(".")[0]))
            for r in level
        ]
        Wilayah.objects.bulk_create(
            objs,
            batch_size=batch_size,
            update_conflicts=True,
            unique_fields=["kode"],
            update_fields=["nama", "tingkat", "induk"],
        )
    created = sum(1 for r in rows if r.kode not in existing)
    updated = sum(1 for r in rows if r.kode in existing and existing[r.kode] != r.nama)
    return created, updated


def _by_kode(kodes: set[str], field: str) -> dict[str, Any]:
    """Map kode -> field for many codes, in chunks that stay under SQLite's parameter limit."""
    result: dict[str, Any] = {}
    kode_list = sorted(kodes)
    for start in range(0, len(kode_list), 5000):
        chunk = kode_list[start : start + 5000]
        result.update(Wilayah.objects.filter(kode__in=chunk).values_list("kode", field))
    return result


# --- Kerjasama -------------------------------------------------------------------------------


def _check_tie_editable(*, a: Lembaga, b: Lembaga, oleh: AbstractBaseUser) -> None:
    """A tie may cross into a neighbouring kelurahan, but one end must be the officer's own."""
    if not access.editable_lembaga(oleh).filter(pk__in=[a.pk, b.pk]).exists():
        raise PermissionDenied("Kedua lembaga berada di luar wilayah tugas Anda.")


def _check_date(tanggal: datetime.date, *, field: str, not_before: datetime.date | None = None) -> None:
    if tanggal > timezone.localdate():
        raise ValidationError({field: "Tanggal tidak boleh di masa depan."})
    if not_before and tanggal < not_before:
        raise ValidationError({field: f"Tanggal tidak boleh sebelum kerjasama dimulai ({not_before:%d/%m/%Y})."})


@transaction.atomic
def kerjasama_create(
    *,
    lembaga_a: Lembaga,
    lembaga_b: Lembaga,
    tahap: int,
    mulai: datetime.date,
    oleh: AbstractBaseUser,
    bukti: str = "",
    **attrs: Any,
) -> Kerjasama:
    """Record a new tie, stored once per pair, with its first stage in the history."""
    if lembaga_a.pk == lembaga_b.pk:
        raise ValidationError({"lembaga_b": "Lembaga tidak dapat bekerja sama dengan dirinya sendiri."})
    a, b = sorted([lembaga_a, lembaga_b], key=lambda lembaga: lembaga.pk)
    _check_tie_editable(a=a, b=b, oleh=oleh)
    for end in (a, b):
        if end.status != StatusLembaga.AKTIF:
            raise ValidationError({"lembaga_b": f"“{end.nama}” tidak aktif; aktifkan dulu sebelum mencatat kerjasama."})
    if Kerjasama.objects.filter(lembaga_a=a, lembaga_b=b).exists():
        raise ValidationError({"lembaga_b": f"Kerjasama antara “{a.nama}” dan “{b.nama}” sudah tercatat."})
    _check_date(mulai, field="mulai")
    tie = Kerjasama(lembaga_a=a, lembaga_b=b, tahap=tahap, mulai=mulai, dibuat_oleh=oleh, **attrs)
    tie.full_clean()
    tie._history_user = oleh
    tie.save()
    RiwayatTahap.objects.create(kerjasama=tie, tahap=tahap, berlaku_mulai=mulai, bukti=bukti, oleh=oleh)
    return tie


@transaction.atomic
def kerjasama_set_tahap(
    *, kerjasama: Kerjasama, tahap: int, tanggal: datetime.date, oleh: AbstractBaseUser, bukti: str
) -> Kerjasama:
    """Move a tie to another stage from a date on; the history keeps every step."""
    _check_tie_editable(a=kerjasama.lembaga_a, b=kerjasama.lembaga_b, oleh=oleh)
    if kerjasama.is_ended:
        raise ValidationError({"tahap": "Kerjasama ini sudah berakhir; tahapnya tidak dapat diubah."})
    _check_date(tanggal, field="tanggal", not_before=kerjasama.mulai)
    if tahap not in Tahap.values:
        raise ValidationError({"tahap": "Tahap harus 1 sampai 5."})
    RiwayatTahap.objects.update_or_create(
        kerjasama=kerjasama, berlaku_mulai=tanggal, defaults={"tahap": tahap, "bukti": bukti, "oleh": oleh}
    )
    kerjasama.tahap = kerjasama.riwayat.order_by("-berlaku_mulai", "-pk").values_list("tahap", flat=True).first()
    kerjasama._history_user = oleh
    kerjasama.save(update_fields=["tahap", "diubah"])
    return kerjasama


@transaction.atomic
def kerjasama_update(*, kerjasama: Kerjasama, oleh: AbstractBaseUser, **attrs: Any) -> Kerjasama:
    """Change a tie's attributes (not its stage: that goes through kerjasama_set_tahap)."""
    _check_tie_editable(a=kerjasama.lembaga_a, b=kerjasama.lembaga_b, oleh=oleh)
    for name, value in attrs.items():
        setattr(kerjasama, name, value)
    kerjasama.full_clean()
    kerjasama._history_user = oleh
    kerjasama.save()
    return kerjasama


@transaction.atomic
def kerjasama_end(*, kerjasama: Kerjasama, tanggal: datetime.date, oleh: AbstractBaseUser, alasan: str) -> Kerjasama:
    """End a tie on a date; it stays in the record and in reports as of earlier dates."""
    _check_tie_editable(a=kerjasama.lembaga_a, b=kerjasama.lembaga_b, oleh=oleh)
    if kerjasama.is_ended:
        raise ValidationError({"tanggal": "Kerjasama ini sudah berakhir."})
    last = kerjasama.riwayat.order_by("-berlaku_mulai").values_list("berlaku_mulai", flat=True).first()
    _check_date(tanggal, field="tanggal", not_before=max(filter(None, [kerjasama.mulai, last])))
    kerjasama.selesai = tanggal
    kerjasama.alasan_selesai = alasan
    kerjasama._history_user = oleh
    kerjasama.save(update_fields=["selesai", "alasan_selesai", "diubah"])
    return kerjasama
