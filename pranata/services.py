"""Writes to the registry. Views and commands call these; none of this lives in save() or signals."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction

from . import access
from .models import (
    KODE_WILAYAH_RE,
    Kebutuhan,
    Lembaga,
    StatusLembaga,
    SumberDaya,
    Tingkat,
    Wilayah,
)


def _check_kelurahan_in_scope(*, oleh: AbstractBaseUser, wilayah: Wilayah) -> None:
    if not access.editable_kelurahan(oleh).filter(pk=wilayah.pk).exists():
        raise PermissionDenied("Kelurahan/desa ini di luar wilayah tugas Anda.")


@transaction.atomic
def lembaga_create(*, oleh: AbstractBaseUser, wilayah: Wilayah, **fields: Any) -> Lembaga:
    _check_kelurahan_in_scope(oleh=oleh, wilayah=wilayah)
    lembaga = Lembaga(wilayah=wilayah, dibuat_oleh=oleh, **fields)
    lembaga.full_clean()
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
