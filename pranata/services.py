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
from django.db.models import F, Max, Min, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from . import access, bulk, extensions, locking
from .models import (
    KODE_WILAYAH_RE,
    Kebutuhan,
    Kerjasama,
    Lembaga,
    RiwayatStatus,
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
        raise PermissionDenied(_("Kelurahan/desa ini di luar wilayah tugas Anda."))


def lembaga_next_kode(wilayah: Wilayah, *, taken: set[str] = frozenset()) -> str:
    """The next free code in a kelurahan: 16.71.05.1006-0001, -0002, … (codes from imports are skipped)."""
    prefix = f"{wilayah.kode}-"
    existing = set(Lembaga.objects.filter(kode__startswith=prefix).values_list("kode", flat=True)) | set(taken)
    numbers = [int(kode[len(prefix) :]) for kode in existing if kode[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def default_aktif_sejak(*, tahun_berdiri: int | None, today: datetime.date) -> datetime.date:
    """When a lembaga starts to count in the network if nobody says: 1 January of its founding year, else today."""
    return datetime.date(tahun_berdiri, 1, 1) if tahun_berdiri else today


def _fmt(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def check_aktif_sejak(
    aktif_sejak: datetime.date,
    *,
    first_tie: datetime.date | None,
    first_change: datetime.date | None,
    today: datetime.date,
) -> None:
    """The rule for a lembaga's first active day, shared by the form, the import and the services."""
    if aktif_sejak > today:
        raise ValidationError({"aktif_sejak": _("Tanggal aktif tidak boleh di masa depan.")})
    if aktif_sejak.year < 1800:
        raise ValidationError({"aktif_sejak": _("Tanggal aktif terlalu lama; periksa kembali (minimal tahun 1800).")})
    if first_tie and aktif_sejak > first_tie:
        raise ValidationError(
            {
                "aktif_sejak": _("Tanggal aktif tidak boleh setelah kerjasama pertamanya dimulai (%(tanggal)s).")
                % {"tanggal": _fmt(first_tie)}
            }
        )
    if first_change and aktif_sejak > first_change:
        raise ValidationError(
            {
                "aktif_sejak": _("Tanggal aktif tidak boleh setelah perubahan status pertamanya (%(tanggal)s).")
                % {"tanggal": _fmt(first_change)}
            }
        )


def lembaga_lifecycle_bounds(lembaga_ids: list[int]) -> dict[int, tuple]:
    """(first tie start, first status change, last status change) per lembaga, in few queries per 5,000."""
    bounds: dict[int, list] = {pk: [None, None, None] for pk in lembaga_ids}
    for start in range(0, len(lembaga_ids), 5000):
        chunk = lembaga_ids[start : start + 5000]
        for side in ("lembaga_a_id", "lembaga_b_id"):
            rows = Kerjasama.objects.filter(**{f"{side}__in": chunk}).values(side).annotate(m=Min("mulai"))
            for pk, mulai in rows.values_list(side, "m"):
                bounds[pk][0] = min(filter(None, [bounds[pk][0], mulai]))
        changes = RiwayatStatus.objects.filter(lembaga__in=chunk).values("lembaga")
        for pk, first, last in changes.annotate(f=Min("berlaku_mulai"), l=Max("berlaku_mulai")).values_list(
            "lembaga", "f", "l"
        ):
            bounds[pk][1:] = [first, last]
    return {pk: tuple(row) for pk, row in bounds.items()}


@transaction.atomic
def lembaga_create(
    *,
    oleh: AbstractBaseUser,
    wilayah: Wilayah,
    kode: str = "",
    aktif_sejak: datetime.date | None = None,
    **fields: Any,
) -> Lembaga:
    _check_kelurahan_in_scope(oleh=oleh, wilayah=wilayah)
    if "status" in fields:
        raise TypeError("a new lembaga starts active; change its status with lembaga_set_status")
    today = timezone.localdate()
    aktif_sejak = aktif_sejak or default_aktif_sejak(tahun_berdiri=fields.get("tahun_berdiri"), today=today)
    check_aktif_sejak(aktif_sejak, first_tie=None, first_change=None, today=today)
    lembaga = Lembaga(
        wilayah=wilayah,
        dibuat_oleh=oleh,
        kode=kode or lembaga_next_kode(wilayah),
        aktif_sejak=aktif_sejak,
        **fields,
    )
    lembaga.full_clean()
    lembaga._history_user = oleh
    lembaga.save()
    return lembaga


@transaction.atomic
def lembaga_update(*, lembaga: Lembaga, oleh: AbstractBaseUser, versi: int | None = None, **fields: Any) -> Lembaga:
    """Change a lembaga's details. `versi` is the version the form was loaded with (see locking.py)."""
    if not access.editable_lembaga(oleh).filter(pk=lembaga.pk).exists():
        raise PermissionDenied(_("Lembaga ini di luar wilayah tugas Anda."))
    if "status" in fields:
        raise TypeError("status changes are dated: use lembaga_set_status")
    for name, value in fields.items():
        setattr(lembaga, name, value)
    _check_kelurahan_in_scope(oleh=oleh, wilayah=lembaga.wilayah)
    if "aktif_sejak" in fields:
        first_tie, first_change, _last = lembaga_lifecycle_bounds([lembaga.pk])[lembaga.pk]
        check_aktif_sejak(
            lembaga.aktif_sejak, first_tie=first_tie, first_change=first_change, today=timezone.localdate()
        )
    lembaga.full_clean(exclude=["versi"])
    locking.claim_version(lembaga, versi)
    lembaga._history_user = oleh
    lembaga.save()
    return lembaga


def check_status_change(
    *,
    lembaga: Lembaga,
    status: str,
    tanggal: datetime.date,
    last_change: datetime.date | None,
    today: datetime.date,
) -> None:
    """The rule for a dated status change, shared by the page, the import and the services."""
    if status not in StatusLembaga.values:
        raise ValidationError({"status": _("Status tidak dikenal.")})
    if status == lembaga.status:
        label = StatusLembaga(status).label
        raise ValidationError(
            {"status": _("“%(nama)s” sudah berstatus %(status)s.") % {"nama": lembaga.nama, "status": label}}
        )
    if tanggal > today:
        raise ValidationError({"tanggal": _("Tanggal perubahan status tidak boleh di masa depan.")})
    if tanggal < lembaga.aktif_sejak:
        raise ValidationError(
            {
                "tanggal": _("Tanggal tidak boleh sebelum lembaga aktif (%(tanggal)s).")
                % {"tanggal": _fmt(lembaga.aktif_sejak)}
            }
        )
    if last_change and tanggal < last_change:
        raise ValidationError(
            {
                "tanggal": _("Tanggal tidak boleh sebelum perubahan status terakhir (%(tanggal)s).")
                % {"tanggal": _fmt(last_change)}
            }
        )


@transaction.atomic
def lembaga_set_status(
    *,
    lembaga: Lembaga,
    oleh: AbstractBaseUser,
    status: str,
    tanggal: datetime.date | None = None,
    alasan: str = "",
) -> Lembaga:
    """Change a lembaga's status from a date on, recorded as a dated row: reports before that date keep it."""
    _check_lembaga_editable(lembaga=lembaga, oleh=oleh)
    fresh = Lembaga.objects.select_for_update().get(pk=lembaga.pk)
    today = timezone.localdate()
    tanggal = tanggal or today
    last = fresh.riwayat_status.order_by("-berlaku_mulai").values_list("berlaku_mulai", flat=True).first()
    check_status_change(lembaga=fresh, status=status, tanggal=tanggal, last_change=last, today=today)
    RiwayatStatus.objects.update_or_create(
        lembaga=fresh, berlaku_mulai=tanggal, defaults={"status": status, "alasan": alasan, "oleh": oleh}
    )
    fresh.status = status
    locking.claim_version(fresh, None)
    fresh._history_user = oleh
    fresh.save(update_fields=["status", "versi", "diubah"])
    lembaga.status, lembaga.versi, lembaga.diubah = fresh.status, fresh.versi, fresh.diubah
    return lembaga


def lembaga_check_status(*, lembaga: Lembaga, status: str, tanggal: datetime.date) -> None:
    """The status-change rules alone, writing nothing: a confirmation page asks only about a change the
    service would accept (ValidationError otherwise, with the service's own messages)."""
    last = lembaga.riwayat_status.order_by("-berlaku_mulai").values_list("berlaku_mulai", flat=True).first()
    check_status_change(lembaga=lembaga, status=status, tanggal=tanggal, last_change=last, today=timezone.localdate())


def lembaga_archive(*, lembaga: Lembaga, oleh: AbstractBaseUser, tanggal=None, alasan: str = "") -> Lembaga:
    """Archive instead of delete: ties and attendance keep pointing at it, and past reports keep it."""
    return lembaga_set_status(lembaga=lembaga, oleh=oleh, status=StatusLembaga.ARSIP, tanggal=tanggal, alasan=alasan)


def lembaga_restore(*, lembaga: Lembaga, oleh: AbstractBaseUser, tanggal=None, alasan: str = "") -> Lembaga:
    return lembaga_set_status(lembaga=lembaga, oleh=oleh, status=StatusLembaga.AKTIF, tanggal=tanggal, alasan=alasan)


# Bulk variants for imports: the same rules, applied to a whole file in a few queries.


@transaction.atomic
def lembaga_bulk_create(*, rows: list[dict[str, Any]], oleh: AbstractBaseUser) -> list[Lembaga]:
    """Create many lembaga (each row: wilayah, optional kode, aktif_sejak, status and fields) with history."""
    today = timezone.localdate()
    kelurahan = {row["wilayah"].pk for row in rows}
    allowed = set(access.editable_kelurahan(oleh).filter(pk__in=kelurahan).values_list("pk", flat=True))
    if kelurahan - allowed:
        raise PermissionDenied(_("Kelurahan/desa ini di luar wilayah tugas Anda."))
    rows = [dict(row) for row in rows]
    _assign_codes(rows)
    statuses = []
    new = []
    for row in rows:
        status = row.pop("status", StatusLembaga.AKTIF) or StatusLembaga.AKTIF
        aktif_sejak = row.pop("aktif_sejak", None) or default_aktif_sejak(
            tahun_berdiri=row.get("tahun_berdiri"), today=today
        )
        check_aktif_sejak(aktif_sejak, first_tie=None, first_change=None, today=today)
        new.append(Lembaga(dibuat_oleh=oleh, aktif_sejak=aktif_sejak, status=status, **row))
        statuses.append(status)
    created = bulk_create_with_history(new, Lembaga, batch_size=2000, default_user=oleh)
    RiwayatStatus.objects.bulk_create(
        [
            RiwayatStatus(lembaga=lembaga, status=status, berlaku_mulai=lembaga.aktif_sejak, oleh=oleh)
            for lembaga, status in zip(created, statuses, strict=True)
            if status != StatusLembaga.AKTIF
        ],
        batch_size=2000,
    )
    return created


@transaction.atomic
def lembaga_bulk_update(
    *, changes: list[tuple[Lembaga, dict[str, Any]]], oleh: AbstractBaseUser, alasan: str = ""
) -> None:
    """Apply planned changes to many lembaga. Each lembaga carries the version the plan was made from: if any
    was changed since (by a form or another import), nothing is saved. A `status` change is dated today."""
    if not changes:
        return
    ids = [lembaga.pk for lembaga, _fields in changes]
    editable = set()
    current = {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        editable |= set(access.editable_lembaga(oleh).filter(pk__in=chunk).values_list("pk", flat=True))
        current.update(Lembaga.objects.select_for_update().filter(pk__in=chunk).values_list("pk", "versi"))
    if set(ids) - editable:
        raise PermissionDenied(_("Lembaga ini di luar wilayah tugas Anda."))
    stale = [lembaga for lembaga, _fields in changes if current.get(lembaga.pk) != lembaga.versi]
    if stale:
        names = ", ".join(lembaga.nama for lembaga in stale[:5])
        raise locking.StaleEdit(
            ngettext(
                "%(n)d lembaga sudah diubah orang lain sejak pratinjau dibuat (%(nama)s); unggah berkasnya lagi.",
                "%(n)d lembaga sudah diubah orang lain sejak pratinjau dibuat (%(nama)s); unggah berkasnya lagi.",
                len(stale),
            )
            % {"n": len(stale), "nama": names}
        )
    today = timezone.localdate()
    dated = [lembaga.pk for lembaga, fields in changes if {"aktif_sejak", "status"} & set(fields)]
    bounds = lembaga_lifecycle_bounds(dated)
    status_rows, names = [], {"versi", "diubah"}
    for lembaga, fields in changes:
        status = fields.pop("status", None)
        for name, value in fields.items():
            setattr(lembaga, name, value)
            names.add(name)
        if "aktif_sejak" in fields:
            first_tie, first_change, _last = bounds[lembaga.pk]
            check_aktif_sejak(lembaga.aktif_sejak, first_tie=first_tie, first_change=first_change, today=today)
        if status is not None:
            check_status_change(
                lembaga=lembaga, status=status, tanggal=today, last_change=bounds[lembaga.pk][2], today=today
            )
            lembaga.status = status
            names.add("status")
            status_rows.append(
                RiwayatStatus(lembaga=lembaga, status=status, berlaku_mulai=today, alasan=alasan, oleh=oleh)
            )
        lembaga.versi += 1
        lembaga.diubah = timezone.now()
    RiwayatStatus.objects.filter(lembaga__in=[row.lembaga_id for row in status_rows], berlaku_mulai=today).delete()
    RiwayatStatus.objects.bulk_create(status_rows, batch_size=2000)
    bulk_update_with_history(
        [lembaga for lembaga, _f in changes], Lembaga, sorted(names), batch_size=2000, default_user=oleh
    )


def _assign_codes(creates: list[dict]) -> None:
    """Generated codes continue each kelurahan's sequence: one query per kelurahan, not one per row."""
    taken: dict[int, set[str]] = {}
    for fields in creates:
        if fields.get("kode"):
            taken.setdefault(fields["wilayah"].pk, set()).add(fields["kode"])
    counters: dict[int, int] = {}
    for fields in creates:
        if fields.get("kode"):
            continue
        wilayah = fields["wilayah"]
        if wilayah.pk not in counters:
            first = lembaga_next_kode(wilayah, taken=taken.get(wilayah.pk, set()))
            counters[wilayah.pk] = int(first.rsplit("-", 1)[1])
        fields["kode"] = f"{wilayah.kode}-{counters[wilayah.pk]:04d}"
        counters[wilayah.pk] += 1


def _check_lembaga_editable(*, lembaga: Lembaga, oleh: AbstractBaseUser) -> None:
    if not access.editable_lembaga(oleh).filter(pk=lembaga.pk).exists():
        raise PermissionDenied(_("Lembaga ini di luar wilayah tugas Anda."))


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


@transaction.atomic
def sumber_kebutuhan_bulk_add(*, items: list[dict[str, Any]], oleh: AbstractBaseUser) -> int:
    """Many resources and needs at once (imports); each item: lembaga, kategori (sumber|kebutuhan), jenis, uraian."""
    owners = {item["lembaga"].pk for item in items}
    if owners - set(access.editable_lembaga(oleh).filter(pk__in=owners).values_list("pk", flat=True)):
        raise PermissionDenied(_("Lembaga ini di luar wilayah tugas Anda."))
    models = {"sumber": SumberDaya, "kebutuhan": Kebutuhan}
    for kategori, model in models.items():
        rows = [
            model(lembaga=i["lembaga"], jenis=i["jenis"], uraian=i["uraian"])
            for i in items
            if i["kategori"] == kategori
        ]
        model.objects.bulk_create(rows, batch_size=2000)
    return len(items)


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


@dataclass
class WilayahLoad:
    """What a load did, per level (`Tingkat` value → number of codes), and the renamed codes; filled in level
    by level as the load goes."""

    created: dict[int, int]
    updated: dict[int, int]
    unchanged: dict[int, int]
    renamed: list[tuple[str, str, str]]  # (kode, old name, new name)

    @property
    def wrote_nothing(self) -> bool:
        return not any(self.created.values()) and not any(self.updated.values())


@dataclass(frozen=True)
class WilayahUnlisted:
    """A code in the database that a complete list leaves out, and what still uses it."""

    kode: str
    nama: str
    used_by: list[str]


def wilayah_parse_csv(lines: Iterable[str]) -> list[WilayahRow]:
    """Read `kode,nama` rows (header optional); collect every problem with its line number."""
    rows: list[WilayahRow] = []
    for line_no, record in enumerate(csv.reader(lines), start=1):
        if not record or not any(cell.strip() for cell in record):
            continue
        if line_no == 1 and record[0].strip().lower().lstrip("\ufeff") == "kode":
            continue
        nama = record[1].strip() if len(record) > 1 else ""
        rows.append(WilayahRow(line_no, record[0].strip().lstrip("\ufeff"), nama))
    return wilayah_check_rows(rows)


def wilayah_check_rows(rows: Iterable[WilayahRow]) -> list[WilayahRow]:
    """The rows, or WilayahImportError with every problem: a bad code, an empty name, a repeated code, a parent
    neither in the rows nor in the database. The CSV file and the official list pass the same checks."""
    good: list[WilayahRow] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for row in rows:
        if not KODE_WILAYAH_RE.match(row.kode):
            errors.append(
                _("baris %(baris)s: kode %(kode)s bukan kode Kemendagri (contoh: 16.71.01.1001)")
                % {"baris": row.line, "kode": repr(row.kode)}
            )
        elif not row.nama:
            errors.append(_("baris %(baris)s: nama wilayah kosong") % {"baris": row.line})
        elif row.kode in seen:
            errors.append(
                _("baris %(baris)s: kode %(kode)s sudah muncul di baris %(pertama)s")
                % {"baris": row.line, "kode": row.kode, "pertama": seen[row.kode]}
            )
        else:
            seen[row.kode] = row.line
            good.append(row)
    errors += _missing_parents(good, seen)
    if errors:
        raise WilayahImportError(errors)
    return good


def _missing_parents(rows: list[WilayahRow], in_file: dict[str, int]) -> list[str]:
    parents = {row.kode.rpartition(".")[0] for row in rows if "." in row.kode}
    missing = parents - set(in_file) - set(_by_kode(parents - set(in_file), "id"))
    return [
        _("baris %(baris)s: induk %(induk)s tidak ada di berkas maupun di basis data")
        % {"baris": row.line, "induk": row.kode.rpartition(".")[0]}
        for row in rows
        if row.kode.rpartition(".")[0] in missing
    ]


def wilayah_load(*, rows: list[WilayahRow], batch_size: int = bulk.BATCH) -> tuple[int, int]:
    """`wilayah_sync` in totals: (created, updated)."""
    load = wilayah_sync(rows=rows, batch_size=batch_size)
    return sum(load.created.values()), sum(load.updated.values())


@transaction.atomic
def wilayah_sync(*, rows: list[WilayahRow], batch_size: int = bulk.BATCH) -> WilayahLoad:
    """Insert new codes and update changed ones, level by level so parents exist first.

    Rows already as listed are not written at all, so loading the same list again writes nothing. Codes
    missing from `rows` are left alone (see `wilayah_unlisted`). One transaction: a failure leaves the table as
    it was. Rows are expected to have passed `wilayah_check_rows`.
    """
    existing = _wilayah_existing({r.kode for r in rows})
    ids = {kode: values[0] for kode, values in existing.items()}
    outside = {r.kode.rpartition(".")[0] for r in rows if "." in r.kode} - {r.kode for r in rows}
    ids.update(_by_kode(outside, "id"))
    levels: dict[int, list[WilayahRow]] = {}
    for row in rows:
        levels.setdefault(row.kode.count(".") + 1, []).append(row)
    load = WilayahLoad(created={}, updated={}, unchanged={}, renamed=[])
    with bulk.collector_paused():
        for tingkat in Tingkat:
            if tingkat in levels:
                _wilayah_sync_level(levels[tingkat], tingkat, existing, ids, load, batch_size)
    return load


def _wilayah_existing(kodes: set[str]) -> dict[str, tuple[int, str, int, int | None]]:
    """kode → (id, nama, tingkat, induk_id) for the codes already in the table. Reads the provinsi the codes
    belong to and keeps the codes asked for: one range scan, where IN lists of 5,000 codes took 1 s for the
    whole list on SQLite (measured)."""
    provinsi = sorted({kode.partition(".")[0] for kode in kodes})
    columns = ("kode", "id", "nama", "tingkat", "induk_id")
    return {
        kode: tuple(values)
        for kode, *values in Wilayah.objects.within(provinsi).values_list(*columns).order_by().iterator(5000)
        if kode in kodes
    }


def _wilayah_sync_level(
    level: list[WilayahRow], tingkat: int, existing: dict, ids: dict[str, int], load: WilayahLoad, batch_size: int
) -> None:
    new: list[dict[str, Any]] = []
    changed: list[Wilayah] = []
    for row in level:
        induk_id = ids.get(row.kode.rpartition(".")[0]) if "." in row.kode else None
        if row.kode not in existing:
            new.append({"kode": row.kode, "nama": row.nama, "tingkat": tingkat, "induk_id": induk_id})
            continue
        pk, nama, *rest = existing[row.kode]
        if (nama, *rest) != (row.nama, tingkat, induk_id):
            changed.append(Wilayah(pk=pk, kode=row.kode, nama=row.nama, tingkat=tingkat, induk_id=induk_id))
            if nama != row.nama:
                load.renamed.append((row.kode, nama, row.nama))
    # New rows' ids at once (RETURNING), so the next level finds its parents without asking again.
    ids.update(zip([item["kode"] for item in new], bulk.insert(Wilayah, new, batch_size=batch_size), strict=True))
    Wilayah.objects.bulk_update(changed, ["nama", "tingkat", "induk"], batch_size=batch_size)
    load.created[tingkat] = len(new)
    load.updated[tingkat] = len(changed)
    load.unchanged[tingkat] = len(level) - len(new) - len(changed)


def wilayah_unlisted(*, listed: set[str], within: list[str] | None = None) -> list[WilayahUnlisted]:
    """Codes in the database (under the `within` codes, or anywhere) that are not in `listed`, each with what
    still uses it. Only a report: a code a complete list drops may still carry lembaga, forums or users, and
    deleting it is a decision for a person, not for the loader."""
    wilayah = Wilayah.objects.within(within) if within else Wilayah.objects.all()
    extra = [row for row in wilayah.values_list("id", "kode", "nama").order_by("kode") if row[1] not in listed]
    uses = _wilayah_uses([pk for pk, _kode, _nama in extra])
    return [WilayahUnlisted(kode, nama, sorted(uses.get(pk, ()))) for pk, kode, nama in extra]


def _wilayah_uses(ids: list[int]) -> dict[int, set[str]]:
    """Wilayah id → names of what refers to it: every table with a foreign key to wilayah (lembaga, forum,
    users' wilayah tugas, child wilayah, …), so a relation added later counts too. History tables are skipped:
    their rows keep old codes without holding them."""
    uses: dict[int, set[str]] = {}
    for rel in Wilayah._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        if not rel.field.db_constraint:
            continue
        label = _wilayah_use_label(rel.related_model)
        column = rel.field.attname
        for chunk in bulk.chunks(ids):
            refs = rel.related_model._base_manager.filter(**{f"{column}__in": chunk})
            for pk in refs.values_list(column, flat=True).distinct():
                uses.setdefault(pk, set()).add(label)
    return uses


def _wilayah_use_label(model: type) -> str:
    if model is Wilayah:
        return _("wilayah di bawahnya")
    owner = model._meta.auto_created or model  # a many-to-many table speaks for its model (users' wilayah tugas)
    return str(owner._meta.verbose_name)


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
        raise PermissionDenied(_("Kedua lembaga berada di luar wilayah tugas Anda."))


def _check_date(tanggal: datetime.date, *, field: str, not_before: datetime.date | None = None) -> None:
    if tanggal > timezone.localdate():
        raise ValidationError({field: _("Tanggal tidak boleh di masa depan.")})
    if not_before and tanggal < not_before:
        raise ValidationError(
            {field: _("Tanggal tidak boleh sebelum kerjasama dimulai (%(tanggal)s).") % {"tanggal": _fmt(not_before)}}
        )


def check_new_tie(*, a: Lembaga, b: Lembaga, tahap: int, mulai: datetime.date) -> None:
    """The rule for a new tie (besides "not recorded yet"), shared by the form, the import and the services."""
    if a.pk == b.pk:
        raise ValidationError({"lembaga_b": _("Lembaga tidak dapat bekerja sama dengan dirinya sendiri.")})
    for end in (a, b):
        if end.status != StatusLembaga.AKTIF:
            raise ValidationError(
                {
                    "lembaga_b": _("“%(nama)s” tidak aktif; aktifkan dulu sebelum mencatat kerjasama.")
                    % {"nama": end.nama}
                }
            )
    if tahap not in Tahap.values:
        raise ValidationError({"tahap": _("Tahap harus 1 sampai 5.")})
    _check_date(mulai, field="mulai")


def check_stage_change(*, kerjasama: Kerjasama, tahap: int, tanggal: datetime.date) -> None:
    """The rule for moving a tie to a stage from a date on, shared by the page, the import and the services."""
    if kerjasama.is_ended:
        raise ValidationError(
            {
                "tahap": _("Kerjasama ini sudah berakhir (%(tanggal)s); tahapnya tidak dapat diubah.")
                % {"tanggal": _fmt(kerjasama.selesai)}
            }
        )
    if tahap not in Tahap.values:
        raise ValidationError({"tahap": _("Tahap harus 1 sampai 5.")})
    _check_date(tanggal, field="tanggal", not_before=kerjasama.mulai)


@dataclass(frozen=True)
class NewTie:
    a: Lembaga
    b: Lembaga
    tahap: int
    mulai: datetime.date
    bukti: str = ""


@dataclass(frozen=True)
class StageChange:
    kerjasama: Kerjasama
    tahap: int
    tanggal: datetime.date
    bukti: str = ""


def _extend_aktif_sejak(ends: dict[int, datetime.date], *, oleh: AbstractBaseUser) -> None:
    """A tie needs both ends active: a tie starting before a lembaga's first active day moves that day back."""
    moved = []
    for lembaga in Lembaga.objects.select_for_update().filter(pk__in=list(ends)):
        if ends[lembaga.pk] < lembaga.aktif_sejak:
            lembaga.aktif_sejak = ends[lembaga.pk]
            lembaga.versi += 1
            moved.append(lembaga)
    if moved:
        bulk_update_with_history(moved, Lembaga, ["aktif_sejak", "versi"], batch_size=2000, default_user=oleh)


def _extend_aktif_sejak_from_ties(lembaga_ids: list[int]) -> None:
    """The same rule as _extend_aktif_sejak for thousands of lembaga at once (imports): two UPDATEs per 5,000,
    each moving `aktif_sejak` back to the lembaga's first tie where that is earlier, and bumping the version
    (so a form opened before is refused as stale). The audit trail keeps the ties that caused it."""
    for side in ("lembaga_a", "lembaga_b"):
        first = Kerjasama.objects.filter(**{side: OuterRef("pk")}).order_by().values(side)
        first = first.annotate(m=Min("mulai")).values("m")
        for start in range(0, len(lembaga_ids), 5000):
            Lembaga.objects.filter(pk__in=lembaga_ids[start : start + 5000], aktif_sejak__gt=Subquery(first)).update(
                aktif_sejak=Subquery(first), versi=F("versi") + 1
            )


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
    a, b = sorted([lembaga_a, lembaga_b], key=lambda lembaga: lembaga.pk)
    if a.pk != b.pk:
        _check_tie_editable(a=a, b=b, oleh=oleh)
    check_new_tie(a=a, b=b, tahap=tahap, mulai=mulai)
    if Kerjasama.objects.filter(lembaga_a=a, lembaga_b=b).exists():
        raise ValidationError(
            {"lembaga_b": _("Kerjasama antara “%(a)s” dan “%(b)s” sudah tercatat.") % {"a": a.nama, "b": b.nama}}
        )
    tie = Kerjasama(lembaga_a=a, lembaga_b=b, tahap=tahap, mulai=mulai, dibuat_oleh=oleh, **attrs)
    tie.full_clean(exclude=["versi"])
    _extend_aktif_sejak({a.pk: mulai, b.pk: mulai}, oleh=oleh)
    tie._history_user = oleh
    tie.save()
    RiwayatTahap.objects.create(kerjasama=tie, tahap=tahap, berlaku_mulai=mulai, bukti=bukti, oleh=oleh)
    return tie


@transaction.atomic
def kerjasama_bulk_create(*, ties: list[NewTie], oleh: AbstractBaseUser) -> list[int]:
    """Many new ties with their first stages (imports): the same rules as kerjasama_create, in few queries.
    Returns the new ties' ids, in the order of `ties`."""
    lembaga_ids = sorted({t.a.pk for t in ties} | {t.b.pk for t in ties})
    editable: set[int] = set()
    existing: set[tuple[int, int]] = set()
    for start in range(0, len(lembaga_ids), 5000):
        chunk = lembaga_ids[start : start + 5000]
        editable |= set(access.editable_lembaga(oleh).filter(pk__in=chunk).values_list("pk", flat=True))
        existing |= set(Kerjasama.objects.filter(lembaga_a__in=chunk).values_list("lembaga_a_id", "lembaga_b_id"))
    rows, starts = [], {}
    for tie in ties:
        a, b = sorted([tie.a, tie.b], key=lambda lembaga: lembaga.pk)
        if a.pk not in editable and b.pk not in editable:
            raise PermissionDenied(_("Kedua lembaga berada di luar wilayah tugas Anda."))
        check_new_tie(a=a, b=b, tahap=tie.tahap, mulai=tie.mulai)
        if (a.pk, b.pk) in existing:
            raise ValidationError(
                {"lembaga_b": _("Kerjasama antara “%(a)s” dan “%(b)s” sudah tercatat.") % {"a": a.nama, "b": b.nama}}
            )
        existing.add((a.pk, b.pk))
        for end in (a.pk, b.pk):
            starts[end] = min(starts.get(end, tie.mulai), tie.mulai)
        rows.append(
            {
                "lembaga_a_id": a.pk,
                "lembaga_b_id": b.pk,
                "tahap": tie.tahap,
                "mulai": tie.mulai,
                "dibuat_oleh_id": oleh.pk,
            }
        )
    # Set-based writes (bulk.py): the ties, their history rows copied from them, and their first stages.
    ids = bulk.insert(Kerjasama, rows)
    bulk.insert_history(Kerjasama, ids, user_id=oleh.pk)
    _extend_aktif_sejak_from_ties(sorted(starts))
    bulk.insert(
        RiwayatTahap,
        [
            {
                "kerjasama_id": pk,
                "tahap": row["tahap"],
                "berlaku_mulai": row["mulai"],
                "bukti": tie.bukti,
                "oleh_id": oleh.pk,
            }
            for pk, row, tie in zip(ids, rows, ties, strict=True)
        ],
    )
    return ids


def _locked_ties(ids: list[int]) -> dict[int, Kerjasama]:
    ties: dict[int, Kerjasama] = {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        ties.update({t.pk: t for t in Kerjasama.objects.select_for_update().filter(pk__in=chunk)})
    return ties


def _apply_stages(changes: list[StageChange], *, oleh: AbstractBaseUser) -> None:
    """Write dated stages (one per tie and day: a second change on the same day replaces the first), then set
    each tie's current stage from its latest row."""
    by_day: dict[datetime.date, list[int]] = {}
    for change in changes:
        by_day.setdefault(change.tanggal, []).append(change.kerjasama.pk)
    for day, tie_ids in by_day.items():
        for start in range(0, len(tie_ids), 5000):
            RiwayatTahap.objects.filter(kerjasama__in=tie_ids[start : start + 5000], berlaku_mulai=day).delete()
    bulk.insert(
        RiwayatTahap,
        [
            {
                "kerjasama_id": c.kerjasama.pk,
                "tahap": c.tahap,
                "berlaku_mulai": c.tanggal,
                "bukti": c.bukti,
                "oleh_id": oleh.pk,
            }
            for c in changes
        ],
    )
    latest = RiwayatTahap.objects.filter(kerjasama=OuterRef("pk")).order_by("-berlaku_mulai", "-pk")
    ids = sorted({c.kerjasama.pk for c in changes})
    for start in range(0, len(ids), 5000):
        Kerjasama.objects.filter(pk__in=ids[start : start + 5000]).update(
            tahap=Subquery(latest.values("tahap")[:1]), versi=F("versi") + 1, diubah=timezone.now()
        )


@transaction.atomic
def kerjasama_set_tahap(
    *, kerjasama: Kerjasama, tahap: int, tanggal: datetime.date, oleh: AbstractBaseUser, bukti: str
) -> Kerjasama:
    """Move a tie to another stage from a date on; the history keeps every step.

    The tie's row is locked first, so a stage change and ending the tie never interleave.
    """
    _check_tie_editable(a=kerjasama.lembaga_a, b=kerjasama.lembaga_b, oleh=oleh)
    fresh = _locked_ties([kerjasama.pk])[kerjasama.pk]
    check_stage_change(kerjasama=fresh, tahap=tahap, tanggal=tanggal)
    _apply_stages([StageChange(fresh, tahap, tanggal, bukti)], oleh=oleh)
    fresh.refresh_from_db()
    kerjasama.tahap, kerjasama.versi, kerjasama.diubah = fresh.tahap, fresh.versi, fresh.diubah
    return kerjasama


@transaction.atomic
def kerjasama_bulk_set_tahap(*, changes: list[StageChange], oleh: AbstractBaseUser) -> None:
    """Stage changes for many ties (imports): locked, checked by the same rule as kerjasama_set_tahap."""
    ties = _locked_ties([c.kerjasama.pk for c in changes])
    editable = set(
        access.editable_lembaga(oleh)
        .filter(pk__in={t.lembaga_a_id for t in ties.values()} | {t.lembaga_b_id for t in ties.values()})
        .values_list("pk", flat=True)
    )
    stale = [c.kerjasama for c in changes if ties[c.kerjasama.pk].versi != c.kerjasama.versi]
    if stale:
        raise locking.StaleEdit(
            ngettext(
                "%(n)d kerjasama sudah diubah orang lain sejak pratinjau dibuat; unggah berkasnya lagi.",
                "%(n)d kerjasama sudah diubah orang lain sejak pratinjau dibuat; unggah berkasnya lagi.",
                len(stale),
            )
            % {"n": len(stale)}
        )
    checked = []
    for change in changes:
        fresh = ties[change.kerjasama.pk]
        if fresh.lembaga_a_id not in editable and fresh.lembaga_b_id not in editable:
            raise PermissionDenied(_("Kedua lembaga berada di luar wilayah tugas Anda."))
        check_stage_change(kerjasama=fresh, tahap=change.tahap, tanggal=change.tanggal)
        checked.append(StageChange(fresh, change.tahap, change.tanggal, change.bukti))
    _apply_stages(checked, oleh=oleh)


UPDATABLE_TIE_FIELDS = {"dasar", "dokumen", "sumber_bersama", "kepercayaan", "manfaat", "catatan"}


@transaction.atomic
def kerjasama_update(
    *, kerjasama: Kerjasama, oleh: AbstractBaseUser, versi: int | None = None, **attrs: Any
) -> Kerjasama:
    """Change a tie's attributes. Its stage, start and end have their own dated services."""
    _check_tie_editable(a=kerjasama.lembaga_a, b=kerjasama.lembaga_b, oleh=oleh)
    unknown = set(attrs) - UPDATABLE_TIE_FIELDS
    if unknown:
        raise TypeError(f"kerjasama_update cannot change {sorted(unknown)}: use the dated services")
    for name, value in attrs.items():
        setattr(kerjasama, name, value)
    kerjasama.full_clean(exclude=["versi"])
    locking.claim_version(kerjasama, versi)
    kerjasama._history_user = oleh
    kerjasama.save(update_fields=[*sorted(UPDATABLE_TIE_FIELDS), "versi", "diubah"])
    return kerjasama


@transaction.atomic
def kerjasama_end(*, kerjasama: Kerjasama, tanggal: datetime.date, oleh: AbstractBaseUser, alasan: str) -> Kerjasama:
    """End a tie on a date; it stays in the record and in reports as of earlier dates."""
    _check_tie_editable(a=kerjasama.lembaga_a, b=kerjasama.lembaga_b, oleh=oleh)
    fresh = _locked_ties([kerjasama.pk])[kerjasama.pk]
    if fresh.is_ended:
        raise ValidationError({"tanggal": _("Kerjasama ini sudah berakhir.")})
    last = fresh.riwayat.order_by("-berlaku_mulai").values_list("berlaku_mulai", flat=True).first()
    _check_date(tanggal, field="tanggal", not_before=max(filter(None, [fresh.mulai, last])))
    fresh.selesai = tanggal
    fresh.alasan_selesai = alasan
    locking.claim_version(fresh, None)
    fresh._history_user = oleh
    fresh.save(update_fields=["selesai", "alasan_selesai", "versi", "diubah"])
    kerjasama.selesai, kerjasama.alasan_selesai, kerjasama.versi = fresh.selesai, fresh.alasan_selesai, fresh.versi
    return kerjasama


def kerjasama_remove_orphan_documents() -> int:
    """Delete stored MoU files that no tie and no version of a tie in the audit trail refers to."""
    from django.core.files.storage import default_storage

    referenced = set(Kerjasama.objects.exclude(dokumen="").values_list("dokumen", flat=True))
    referenced |= set(Kerjasama.history.exclude(dokumen="").values_list("dokumen", flat=True))
    removed = 0
    folders = ["kerjasama"]
    while folders:
        folder = folders.pop()
        if not default_storage.exists(folder):
            continue
        subfolders, files = default_storage.listdir(folder)
        folders += [f"{folder}/{name}" for name in subfolders]
        for name in files:
            path = f"{folder}/{name}"
            if path not in referenced:
                default_storage.delete(path)
                removed += 1
    return removed


# --- Duplicates -----------------------------------------------------------------------------------


def _combine_ties(*, kept: Kerjasama, folded: Kerjasama) -> None:
    """Two ties of the same pair after a merge become one (the rule): it started at the earlier start, is
    ongoing if either was (else ends at the later end), and holds both stage histories — where both record a
    stage on the same day, the higher stage. Then `folded` goes (its versions stay in the audit trail)."""
    own = {row.berlaku_mulai: row for row in kept.riwayat.all()}
    for row in folded.riwayat.all():
        mine = own.get(row.berlaku_mulai)
        if mine is None:
            RiwayatTahap.objects.filter(pk=row.pk).update(kerjasama=kept)
        elif row.tahap > mine.tahap:
            RiwayatTahap.objects.filter(pk=mine.pk).update(tahap=row.tahap, bukti=row.bukti or mine.bukti)
    kept.mulai = min(kept.mulai, folded.mulai)
    if kept.selesai and not folded.selesai:
        kept.selesai, kept.alasan_selesai = None, ""
    elif kept.selesai and folded.selesai and folded.selesai > kept.selesai:
        kept.selesai, kept.alasan_selesai = folded.selesai, folded.alasan_selesai
    kept.tahap = kept.riwayat.order_by("-berlaku_mulai", "-pk").values_list("tahap", flat=True).first()
    folded.riwayat.all().delete()
    folded.delete()
    kept.versi += 1
    kept.save()


@transaction.atomic
def lembaga_merge(*, keep: Lembaga, merge: Lembaga, oleh: AbstractBaseUser, alasan: str = "") -> dict[str, int]:
    """Fold a duplicate lembaga into the one kept, in one transaction: its ties (with their stage history),
    resources, needs and — through the apps' merge handlers — attendance, memberships, agreements, follow-ups
    and programme places move to `keep`. `merge` stays, archived, pointing to `keep`; both histories say so.

    A tie between the two would become a tie of a lembaga with itself: it is removed (its versions stay in
    the audit trail). A tie both had with the same partner is combined (see _combine_ties)."""
    if keep.pk == merge.pk:
        raise ValidationError({"merge": _("Pilih dua lembaga yang berbeda.")})
    if not access.editable_lembaga(oleh).filter(pk__in=[keep.pk, merge.pk]).count() == 2:
        raise PermissionDenied(_("Kedua lembaga harus berada di wilayah tugas Anda."))
    keep, merge = (Lembaga.objects.select_for_update().get(pk=pk) for pk in (keep.pk, merge.pk))
    if merge.digabung_ke_id or keep.digabung_ke_id:
        raise ValidationError({"merge": _("Salah satu lembaga ini sudah digabungkan sebelumnya.")})
    counts = {"kerjasama_dipindah": 0, "kerjasama_digabung": 0, "kerjasama_dihapus": 0}
    for tie in Kerjasama.objects.of(merge).select_for_update().order_by("pk"):
        partner_id = tie.lembaga_b_id if tie.lembaga_a_id == merge.pk else tie.lembaga_a_id
        if partner_id == keep.pk:
            tie.riwayat.all().delete()
            tie._history_user = oleh
            tie.delete()
            counts["kerjasama_dihapus"] += 1
            continue
        a, b = sorted([keep.pk, partner_id])
        existing = Kerjasama.objects.filter(lembaga_a_id=a, lembaga_b_id=b).first()
        if existing:
            existing._history_user = oleh
            _combine_ties(kept=existing, folded=tie)
            counts["kerjasama_digabung"] += 1
        else:
            tie.lembaga_a_id, tie.lembaga_b_id = a, b
            tie.versi += 1
            tie._history_user = oleh
            tie.save()
            counts["kerjasama_dipindah"] += 1
    for model, key in ((SumberDaya, "sumber_daya"), (Kebutuhan, "kebutuhan")):
        have = {(i.jenis, i.uraian.lower()) for i in model.objects.filter(lembaga=keep)}
        moved = 0
        for item in model.objects.filter(lembaga=merge):
            if (item.jenis, item.uraian.lower()) in have:
                item.delete()
            else:
                model.objects.filter(pk=item.pk).update(lembaga=keep)
                moved += 1
        counts[key] = moved
    counts |= extensions.merge_lembaga(keep, merge)
    # The reasons are part of the record, like a typed `alasan`: written in the language of whoever merges.
    note = alasan or _("lembaga ganda")
    keep.aktif_sejak = min(keep.aktif_sejak, merge.aktif_sejak)
    keep.versi += 1
    keep._history_user = oleh
    keep._change_reason = _("Menggabungkan %(kode)s (%(nama)s): %(alasan)s") % {
        "kode": merge.kode,
        "nama": merge.nama,
        "alasan": note,
    }
    keep.save()
    today = timezone.localdate()
    if merge.status != StatusLembaga.ARSIP:
        RiwayatStatus.objects.update_or_create(
            lembaga=merge,
            berlaku_mulai=max(today, merge.aktif_sejak),
            defaults={
                "status": StatusLembaga.ARSIP,
                "alasan": _("Digabung ke %(kode)s: %(alasan)s") % {"kode": keep.kode, "alasan": note},
                "oleh": oleh,
            },
        )
    merge.status = StatusLembaga.ARSIP
    merge.digabung_ke = keep
    merge.versi += 1
    merge._history_user = oleh
    merge._change_reason = _("Digabung ke %(kode)s (%(nama)s): %(alasan)s") % {
        "kode": keep.kode,
        "nama": keep.nama,
        "alasan": note,
    }
    merge.save()
    return counts
