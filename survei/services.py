"""Writes of the partner survey: opening a round, its links, the answers, and what the round's results change
elsewhere (a meeting's agenda, a tie's declared stage) — the latter only through forum's and pranata's own
services, which check their own rules."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from forum import selectors as forum_selectors
from forum import services as forum_services
from forum.models import Forum, Pertemuan
from pranata import extensions, locking
from pranata import services as pranata_services
from pranata.models import JenisSumber, Kerjasama, Lembaga, Wilayah, subtree_q

from . import access, presentation, selectors, tokens
from .models import RATING_ITEMS, TIDAK_BEKERJA_SAMA, Gelombang, Jawaban, Responden, StatusJawaban

EDITABLE_ROUND_FIELDS = {"nama", "tujuan", "dibuka", "ditutup", "keterangan"}


def _fmt(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


# --- rounds ------------------------------------------------------------------------------------------


def _check_dates(*, dibuka: datetime.date, ditutup: datetime.date) -> None:
    if ditutup < dibuka:
        raise ValidationError({"ditutup": _("Tanggal tutup tidak boleh sebelum tanggal buka.")})
    if ditutup < timezone.localdate():
        raise ValidationError({"ditutup": _("Tanggal tutup sudah lewat; pilih hari ini atau sesudahnya.")})


def roster(*, forum: Forum | None, wilayah: Wilayah | None, tanggal: datetime.date) -> list[int]:
    """Who a round asks: the forum's members on its open date, or the wilayah's lembaga active on it."""
    active = Lembaga.objects.active_on(tanggal)
    if forum is not None:
        members = forum.keanggotaan.on(tanggal).filter(lembaga__in=active.values("pk"))
        return sorted(set(members.values_list("lembaga_id", flat=True)))
    return sorted(active.in_wilayah([wilayah.kode]).values_list("pk", flat=True))


@transaction.atomic
def gelombang_create(
    *,
    oleh: AbstractBaseUser,
    nama: str,
    tujuan: str,
    dibuka: datetime.date,
    ditutup: datetime.date,
    forum: Forum | None = None,
    wilayah: Wilayah | None = None,
    keterangan: str = "",
) -> Gelombang:
    """Open a round for a forum (its coordinators, the officers of its wilayah) or a kelurahan (its officers);
    its respondents are fixed now, from the open date."""
    if (forum is None) == (wilayah is None):
        raise ValidationError({"forum": _("Pilih forum atau kelurahan/desa, salah satu saja.")})
    if forum is not None and not access.openable_forum(oleh).filter(pk=forum.pk).exists():
        raise PermissionDenied(_("Anda tidak mengelola forum ini."))
    if wilayah is not None and not access.openable_wilayah(oleh).filter(pk=wilayah.pk).exists():
        raise PermissionDenied(_("Kelurahan/desa ini di luar wilayah tugas Anda."))
    _check_dates(dibuka=dibuka, ditutup=ditutup)
    ids = roster(forum=forum, wilayah=wilayah, tanggal=dibuka)
    if not ids:
        raise ValidationError({"forum": _("Belum ada lembaga aktif yang dapat ditanya pada tanggal buka.")})
    gelombang = Gelombang(
        nama=nama, tujuan=tujuan, dibuka=dibuka, ditutup=ditutup, forum=forum, wilayah=wilayah,
        keterangan=keterangan, dibuat_oleh=oleh,
    )  # fmt: skip
    gelombang.full_clean()
    gelombang._history_user = oleh
    gelombang.save()
    rows = [Responden(gelombang=gelombang, lembaga_id=pk) for pk in ids]
    bulk_create_with_history(rows, Responden, batch_size=2000, default_user=oleh)
    return gelombang


@transaction.atomic
def gelombang_update(*, gelombang: Gelombang, oleh: AbstractBaseUser, **fields) -> Gelombang:
    """Rename a round or move its dates (e.g. keep it open a week longer); its respondents stay."""
    if not access.managed_gelombang(oleh).filter(pk=gelombang.pk).exists():
        raise PermissionDenied(_("Anda tidak mengelola gelombang survei ini."))
    unknown = set(fields) - EDITABLE_ROUND_FIELDS
    if unknown:
        raise TypeError(f"gelombang_update cannot change {sorted(unknown)}")
    for name, value in fields.items():
        setattr(gelombang, name, value)
    _check_dates(dibuka=gelombang.dibuka, ditutup=gelombang.ditutup)
    gelombang.full_clean()
    gelombang._history_user = oleh
    gelombang.save()
    return gelombang


# --- links ---------------------------------------------------------------------------------------------


def _check_managed(gelombang: Gelombang, oleh: AbstractBaseUser) -> None:
    if not access.managed_gelombang(oleh).filter(pk=gelombang.pk).exists():
        raise PermissionDenied(_("Anda tidak mengelola gelombang survei ini."))


@transaction.atomic
def token_issue(
    *, gelombang: Gelombang, oleh: AbstractBaseUser, responden: list[Responden] | None = None
) -> list[tuple[Responden, str]]:
    """New personal links for the round's respondents (or the ones given): each new link replaces the old one,
    which stops working at once. Returns (respondent, link token) pairs; the tokens are not kept anywhere, so
    this is the only moment they can be printed."""
    _check_managed(gelombang, oleh)
    if gelombang.is_closed(timezone.localdate()):
        raise ValidationError(
            _("Gelombang survei ini sudah ditutup pada %(tanggal)s.") % {"tanggal": _fmt(gelombang.ditutup)}
        )
    rows = Responden.objects.filter(gelombang=gelombang).select_related("lembaga")
    if responden is not None:
        rows = rows.filter(pk__in=[r.pk for r in responden])
    rows = list(rows)
    now = timezone.now()
    issued = []
    for row in rows:
        token = tokens.new_token()
        row.token_hash, row.token_dibuat, row.token_dicabut = tokens.token_hash(token), now, None
        issued.append((row, token))
    bulk_update_with_history(rows, Responden, ["token_hash", "token_dibuat", "token_dicabut"], default_user=oleh)
    return sorted(issued, key=lambda item: (item[0].lembaga.nama.lower(), item[0].pk))


@transaction.atomic
def token_revoke(*, responden: Responden, oleh: AbstractBaseUser) -> Responden:
    """Stop a respondent's link at once (a lost phone, a link sent to the wrong person); a new one can be made."""
    _check_managed(responden.gelombang, oleh)
    responden.token_hash, responden.token_dicabut = None, timezone.now()
    responden._history_user = oleh
    responden.save(update_fields=["token_hash", "token_dicabut"])
    return responden


def responden_by_token(token: str) -> Responden | None:
    """The respondent a link belongs to, if the link is one of ours and still works (not replaced, not revoked,
    its round not closed). Unknown, revoked and expired links all give None: the pages cannot tell them apart."""
    if not token or len(token) > tokens.MAX_TOKEN_LENGTH:
        return None
    found = (
        Responden.objects.filter(token_hash=tokens.token_hash(token))
        .select_related("gelombang__forum__wilayah", "gelombang__wilayah", "lembaga__wilayah")
        .first()
    )
    if found is None or found.gelombang.is_closed(timezone.localdate()):
        return None
    return found


# --- answers -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Isian:
    """What a respondent says about one partner, as the questionnaire sends it."""

    mitra_id: int
    tahap: int | None = None
    keterbukaan: int | None = None
    dapat_diandalkan: int | None = None
    kesamaan_misi: int | None = None
    pengaruh: int | None = None
    kontribusi: int | None = None
    keterlibatan: int | None = None
    sumber: tuple[str, ...] = ()
    catatan: str = ""

    def ratings(self) -> tuple[int | None, ...]:
        return tuple(getattr(self, item) for item in RATING_ITEMS)


def check_round_open(gelombang: Gelombang) -> None:
    today = timezone.localdate()
    if today < gelombang.dibuka:
        raise ValidationError(_("Survei ini baru dibuka pada %(tanggal)s.") % {"tanggal": _fmt(gelombang.dibuka)})
    if gelombang.is_closed(today):
        raise ValidationError(
            _("Gelombang survei ini sudah ditutup pada %(tanggal)s; jawaban tidak dapat diubah lagi.")
            % {"tanggal": _fmt(gelombang.ditutup)}
        )


def _check_answers(responden: Responden, isian: list[Isian], *, final: bool) -> None:
    """Every rule of an answer, all problems at once: partners in the round's scope and named once, values on
    their scales, and for a sent answer a stage for every partner and the six ratings for every tie."""
    ids = [row.mitra_id for row in isian]
    in_scope = set(
        Responden.objects.filter(gelombang=responden.gelombang_id, lembaga_id__in=ids).values_list(
            "lembaga_id", flat=True
        )
    )
    names = selectors.names(in_scope)  # never the name of a lembaga outside the round (a tampered form)
    errors: dict[str, list[str]] = {}
    seen: set[int] = set()
    for row in isian:
        key = str(row.mitra_id)
        if row.mitra_id == responden.lembaga_id:
            errors.setdefault(key, []).append(_("Lembaga tidak dapat menilai dirinya sendiri."))
            continue
        if row.mitra_id not in in_scope:
            errors.setdefault(NON_FIELD_ERRORS, []).append(_("Ada lembaga yang tidak termasuk survei ini."))
            continue
        found = _row_errors(row, names[row.mitra_id], final=final)
        if row.mitra_id in seen:
            found.append(
                _("“%(nama)s” tercantum dua kali; satu lembaga hanya dinilai sekali.") % {"nama": names[row.mitra_id]}
            )
        seen.add(row.mitra_id)
        if found:
            errors.setdefault(key, []).extend(found)
    if errors:
        raise ValidationError({key: list(dict.fromkeys(messages)) for key, messages in errors.items()})


def _row_errors(row: Isian, nama: str, *, final: bool) -> list[str]:
    errors = []
    if row.tahap is not None and not 0 <= row.tahap <= 5:
        errors.append(_("Tahap untuk “%(nama)s” harus salah satu pilihan yang tersedia.") % {"nama": nama})
    if any(value is not None and not 1 <= value <= 4 for value in row.ratings()):
        errors.append(_("Nilai untuk “%(nama)s” harus 1 sampai 4.") % {"nama": nama})
    if set(row.sumber) - set(JenisSumber.values):
        errors.append(_("Jenis sumber daya untuk “%(nama)s” tidak dikenal.") % {"nama": nama})
    if final and row.tahap is None:
        errors.append(_("Pilih tahap kerjasama dengan “%(nama)s” (atau “tidak bekerja sama”).") % {"nama": nama})
    if final and row.tahap and None in row.ratings():
        errors.append(_("Lengkapi keenam penilaian untuk “%(nama)s” sebelum mengirim.") % {"nama": nama})
    return errors


STORED_FIELDS = ("tahap", *RATING_ITEMS, "sumber", "catatan")


def _stored(item: Isian) -> tuple:
    """An answer row's STORED_FIELDS as they are kept: no ratings or resources for "not working together"."""
    no_tie = item.tahap == TIDAK_BEKERJA_SAMA
    ratings = (None,) * len(RATING_ITEMS) if no_tie else item.ratings()
    return (item.tahap, *ratings, [] if no_tie else sorted(set(item.sumber)), item.catatan)


def _write_answers(responden: Responden, isian: list[Isian], oleh: AbstractBaseUser | None) -> None:
    existing = {row.mitra_id: row for row in responden.jawaban.all()}
    wanted = {row.mitra_id for row in isian}
    for mitra_id, row in existing.items():
        if mitra_id not in wanted:
            row._history_user = oleh
            row.delete()
    for item in isian:
        row = existing.get(item.mitra_id) or Jawaban(responden=responden, mitra_id=item.mitra_id)
        values = _stored(item)
        if row.pk and tuple(getattr(row, name) for name in STORED_FIELDS) == values:
            continue  # unchanged: no new version in the history
        for name, value in zip(STORED_FIELDS, values, strict=True):
            setattr(row, name, value)
        row.full_clean(validate_unique=False)
        row._history_user = oleh
        row.save()


def _unchanged(responden: Responden, isian: list[Isian], *, final: bool) -> bool:
    """Whether this answer is exactly what is stored already (status included)."""
    status = StatusJawaban.FINAL if final else StatusJawaban.DRAF
    rows = Jawaban.objects.filter(responden=responden).values_list("mitra_id", *STORED_FIELDS)
    current = Responden.objects.filter(pk=responden.pk).values_list("status", flat=True).first()
    return current == status and {row[0]: row[1:] for row in rows} == {i.mitra_id: _stored(i) for i in isian}


@transaction.atomic
def jawaban_save(
    *,
    responden: Responden,
    isian: list[Isian],
    final: bool,
    oleh: AbstractBaseUser | None = None,
    versi: int | None = None,
) -> Responden:
    """Save a respondent's whole answer: a draft (`final=False`, anything may still be empty) or sent (every
    partner with a stage, every tie with its six ratings). It replaces the previous answer and stays
    editable until the round closes. `oleh` is the officer typing in a paper answer; None when the lembaga
    answers through its own link. Nothing is written unless every row is right."""
    if oleh is not None and not access.paper_gelombang(oleh).filter(pk=responden.gelombang_id).exists():
        raise PermissionDenied(_("Anda tidak dapat mengisi jawaban untuk gelombang survei ini."))
    check_round_open(responden.gelombang)
    _check_answers(responden, isian, final=final)
    if versi is not None and versi != responden.versi and _unchanged(responden, isian, final=final):
        return responden  # the same answer posted twice (a double tap on a slow line): saved already
    locking.claim_version(responden, versi)
    _write_answers(responden, isian, oleh)
    now = timezone.now()
    responden.status = StatusJawaban.FINAL if final else StatusJawaban.DRAF
    responden.dikirim = now if final else None
    responden.diisi_oleh = oleh
    responden.diubah = now
    responden._history_user = oleh
    responden.save(update_fields=["status", "dikirim", "diisi_oleh", "diubah"])
    return responden


# --- what a round's results change elsewhere ---------------------------------------------------------------


def meeting_forums(gelombang: Gelombang):
    if gelombang.forum_id:
        return Forum.objects.filter(pk=gelombang.forum_id)
    return Forum.objects.filter(subtree_q(gelombang.wilayah.kode, "wilayah__kode"))


@transaction.atomic
def agenda_add_flagged(*, gelombang: Gelombang, oleh: AbstractBaseUser) -> tuple[Pertemuan, int]:
    """Put the round's flagged pairs on the agenda of the next scheduled meeting (of its forum; for a kelurahan
    round, of a forum of that kelurahan), through forum's own service. Lines already there are not repeated.
    Returns the meeting and how many lines were added."""
    _check_managed(gelombang, oleh)
    today = timezone.localdate()
    meeting = forum_selectors.next_meeting(meeting_forums(gelombang), today)
    if meeting is None:
        raise ValidationError(
            _("Belum ada pertemuan forum yang terjadwal (hari ini atau sesudahnya); jadwalkan dulu, lalu coba lagi.")
        )
    flagged = [dyad for dyad in selectors.fold(gelombang, today=today).dyads if dyad.flagged]
    if not flagged:
        raise ValidationError(_("Tidak ada pasangan yang perlu dibahas."))
    names = selectors.names([dyad.a for dyad in flagged] + [dyad.b for dyad in flagged])
    present = set(meeting.agenda.splitlines())
    lines = [line for line in presentation.agenda_lines(gelombang.nama, flagged, names) if line not in present]
    if len(lines) <= 1:  # only the header is new: every pair is on the agenda already
        return meeting, 0
    agenda = "\n".join(filter(None, [meeting.agenda.rstrip(), *lines]))
    forum_services.pertemuan_update(pertemuan=meeting, oleh=oleh, agenda=agenda)
    return meeting, len(lines) - 1


SURVEI, BUKTI = "survei", "bukti"


@transaction.atomic
def stage_adopt(*, gelombang: Gelombang, a: int, b: int, sumber: str, oleh: AbstractBaseUser) -> Kerjasama:
    """Make a pair's stage confirmed by both ends (`sumber="survei"`) or its evidence stage (`"bukti"`) the
    declared stage, from today: a stage change of the existing tie, or a new tie. Everything is recomputed
    here; pranata's services check that `oleh` may edit the tie."""
    if not access.can_adopt(oleh) or not access.visible_gelombang(oleh).filter(pk=gelombang.pk).exists():
        raise PermissionDenied(_("Peran Anda hanya dapat melihat data, tidak mengubahnya."))
    today = timezone.localdate()
    a, b = min(a, b), max(a, b)
    dyad = selectors.pair_dyad(gelombang, a, b, today=today)
    if sumber == SURVEI:
        stage = dyad.confirmed_stage if dyad else None
        if stage is None:
            raise ValidationError(_("Tahap pasangan ini belum dikonfirmasi kedua pihak."))
        bukti = _("survei %(nama)s, dikonfirmasi kedua pihak") % {"nama": gelombang.nama}
    elif sumber == BUKTI:
        found = extensions.evidence_for(Lembaga.objects.filter(pk__in=[a, b]), today).get((a, b))
        if found is None or dyad is None:
            raise ValidationError(_("Tidak ada bukti kegiatan untuk pasangan ini."))
        stage, bukti = found.tahap, _("bukti kegiatan: %(jejak)s") % {"jejak": found.trace}
    else:
        raise ValueError(f"unknown source {sumber!r}")
    tie = Kerjasama.objects.filter(lembaga_a_id=a, lembaga_b_id=b).select_related("lembaga_a", "lembaga_b").first()
    if tie is None:
        pair = {lembaga.pk: lembaga for lembaga in Lembaga.objects.filter(pk__in=[a, b])}
        return pranata_services.kerjasama_create(
            lembaga_a=pair[a], lembaga_b=pair[b], tahap=stage, mulai=today, oleh=oleh, bukti=bukti
        )
    if tie.tahap == stage and not tie.is_ended:
        raise ValidationError(_("Kerjasama ini sudah tercatat pada tahap itu."))
    return pranata_services.kerjasama_set_tahap(kerjasama=tie, tahap=stage, tanggal=today, oleh=oleh, bukti=bukti)
