"""Deterministic bench data: one kelurahan (100 lembaga) and one kabupaten (15,000 lembaga, ~60,000 ties).

Everything goes in with bulk_create (no services, no django-simple-history rows): the point is volume in
seconds, not exercising the rules. Each scale has its own `random.Random(42)`, so the data are the same
whichever --scale is asked for, and a second run finds them by count and reuses them.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Min, OuterRef, Subquery

from pranata.models import (
    JenisSumber,
    Kebutuhan,
    Kerjasama,
    Lembaga,
    Peran,
    PranataSosial,
    Profil,
    RiwayatTahap,
    StatusLembaga,
    SumberDaya,
    Tingkat,
    Wilayah,
)

BATCH = 5000
SEED = 42
FIRST_DAY = datetime.date(2015, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)


@dataclass(frozen=True)
class Shape:
    """How big one scale is, and how its ties spread: inside a desa, to the next desa, anywhere."""

    name: str
    kode: str  # the report scope
    ancestors: tuple[tuple[str, str], ...]  # (kode, nama) from provinsi down to the scope
    n_kecamatan: int
    desa_per_kecamatan: int
    lembaga_per_desa: int
    ties_in_desa: int
    ties_to_next_desa: int
    ties_anywhere: int
    nama: str = "Kabupaten Sidoarjo (bench)"  # of the scope, when the generator creates it (kabupaten scales)

    @property
    def n_desa(self) -> int:
        return self.n_kecamatan * self.desa_per_kecamatan

    @property
    def n_lembaga(self) -> int:
        return self.n_desa * self.lembaga_per_desa


KELURAHAN = Shape(
    name="kelurahan",
    kode="16.71.05.1006",
    ancestors=(("16", "Sumatera Selatan"), ("16.71", "Kota Palembang"), ("16.71.05", "Ilir Timur I")),
    n_kecamatan=1,
    desa_per_kecamatan=1,
    lembaga_per_desa=100,
    ties_in_desa=250,
    ties_to_next_desa=0,
    ties_anywhere=0,
)
# 300 desa × 50 lembaga; 170 + 25 ties per desa plus 1,500 across the kabupaten ≈ 60,000 ties.
KABUPATEN = Shape(
    name="kabupaten",
    kode="35.15",
    ancestors=(("35", "Jawa Timur"),),
    n_kecamatan=20,
    desa_per_kecamatan=15,
    lembaga_per_desa=50,
    ties_in_desa=170,
    ties_to_next_desa=25,
    ties_anywhere=1500,
)
SHAPES = {shape.name: shape for shape in (KELURAHAN, KABUPATEN)}

# (jenis, sektor, pranata kode, weight): mostly warga groups, as in the source studies.
JENIS = [
    ("posyandu", "warga", "kesehatan", 8),
    ("majelis_taklim", "warga", "keagamaan", 8),
    ("rt_rw", "warga", "pemerintahan-lokal", 8),
    ("arisan", "warga", "ekonomi", 6),
    ("pkk", "warga", "perempuan-keluarga", 5),
    ("karang_taruna", "warga", "kepemudaan", 4),
    ("wksbm", "warga", "kesejahteraan-sosial", 3),
    ("lainnya", "warga", "adat-budaya", 2),
    ("usaha", "dunia_usaha", "ekonomi", 4),
    ("koperasi", "dunia_usaha", "ekonomi", 3),
    ("instansi", "pemerintah", "pemerintahan-lokal", 3),
    ("lpmk", "pemerintah", "pemerintahan-lokal", 1),
    ("lks", "lsm", "kesejahteraan-sosial", 2),
    ("lsm", "lsm", "kesejahteraan-sosial", 2),
    ("donatur", "donatur", "kesejahteraan-sosial", 2),
]
PREFIX = {
    "posyandu": "Posyandu",
    "majelis_taklim": "Majelis Taklim",
    "rt_rw": "RW",
    "arisan": "Arisan",
    "pkk": "PKK",
    "karang_taruna": "Karang Taruna",
    "wksbm": "WKSBM",
    "lainnya": "Sanggar",
    "usaha": "UD",
    "koperasi": "Koperasi",
    "instansi": "Puskesmas Pembantu",
    "lpmk": "LPMK",
    "lks": "LKS",
    "lsm": "Yayasan",
    "donatur": "Donatur",
}
# Made-up but plausible desa names (head + tail, 15 × 20 = 300); Sidoarjo's 18 kecamatan and two made up.
DESA_HEAD = ["Sumber", "Kedung", "Banjar", "Tambak", "Sido", "Wono", "Karang", "Pager", "Gedang", "Kali"]
DESA_HEAD += ["Tanjung", "Bangun", "Sri", "Tulung", "Jati"]
DESA_TAIL = ["rejo", "mulyo", "agung", "sari", "asri", "wangi", "kerto", "makmur", "jaya", "harjo", "tengah"]
DESA_TAIL += ["kidul", "lor", "wetan", "kulon", "arum", "indah", "luhur", "baru", "anom"]
KECAMATAN = ["Sidoarjo", "Buduran", "Candi", "Porong", "Krembung", "Tulangan", "Tanggulangin", "Jabon", "Krian"]
KECAMATAN += ["Balongbendo", "Wonoayu", "Tarik", "Prambon", "Taman", "Waru", "Gedangan", "Sedati", "Sukodono"]
KECAMATAN += ["Tropodo", "Larangan"]


@dataclass
class Summary:
    shape: Shape
    lembaga: int
    kerjasama: int
    riwayat: int
    sumber: int
    kebutuhan: int
    generated: bool
    seconds: float


def say(message: str) -> None:
    print(message, flush=True)


# --- Wilayah ----------------------------------------------------------------------------------------


def _wilayah(kode: str, nama: str) -> Wilayah:
    induk = Wilayah.objects.get(kode=kode.rpartition(".")[0]) if "." in kode else None
    wilayah, _created = Wilayah.objects.get_or_create(
        kode=kode, defaults={"nama": nama, "tingkat": Tingkat.from_kode(kode), "induk": induk}
    )
    return wilayah


def desa_names(shape: Shape) -> list[tuple[str, str]]:
    """(kode, nama) of every desa: kelurahan-scale uses the scope itself, kabupaten-scale numbers 2001…"""
    if shape.n_desa == 1 and shape.kode.count(".") == 3:
        return [(shape.kode, "Ilir D IV")]
    rows = []
    for i in range(shape.n_desa):
        kecamatan, nomor = divmod(i, shape.desa_per_kecamatan)
        nama = f"{DESA_HEAD[i % len(DESA_HEAD)]}{DESA_TAIL[i // len(DESA_HEAD)]}"
        rows.append((f"{shape.kode}.{kecamatan + 1:02d}.{2001 + nomor}", nama))
    return rows


def make_wilayah(shape: Shape) -> list[Wilayah]:
    """The ancestors, the kecamatan and the desa of a scale; returns the desa in code order."""
    for kode, nama in shape.ancestors:
        _wilayah(kode, nama)
    desa = desa_names(shape)
    if shape.kode.count(".") == 3:
        return [_wilayah(shape.kode, desa[0][1])]
    _wilayah(shape.kode, shape.nama)
    kecamatan = {}
    for i in range(shape.n_kecamatan):
        kode = f"{shape.kode}.{i + 1:02d}"
        kecamatan[kode] = _wilayah(kode, KECAMATAN[i % len(KECAMATAN)])
    rows = [Wilayah(kode=k, nama=n, tingkat=Tingkat.KELURAHAN, induk=kecamatan[k[:8]]) for k, n in desa]
    return Wilayah.objects.bulk_create(rows, batch_size=BATCH)


# --- Lembaga ----------------------------------------------------------------------------------------


def _lembaga(rng: random.Random, desa: Wilayah, nomor: int, pranata: dict[str, int]) -> Lembaga:
    jenis, sektor, kode_pranata, _w = rng.choices(JENIS, weights=[row[3] for row in JENIS])[0]
    lembaga = Lembaga(
        kode=f"{desa.kode}-{nomor:04d}",  # the app's own pattern: "<kelurahan kode>-<sequence>"
        # The number keeps names unique per desa (a database constraint) however the dice fall.
        nama=f"{PREFIX[jenis]} {desa.nama} {nomor:02d}",
        jenis=jenis,
        sektor=sektor,
        pranata_id=pranata[kode_pranata],
        wilayah=desa,
        tahun_berdiri=rng.choice([None, *range(1975, 2025)]),
        jumlah_anggota=rng.randint(5, 200),
        sumber_dana=rng.sample(["iuran", "pemerintah", "donatur", "usaha"], rng.randint(1, 2)),
        kegiatan_utama="Kegiatan rutin bulanan dan pelayanan warga.",
        kontak_nama=rng.choice(["", "Bu Siti", "Pak Budi", "Bu Ratna", "Pak Agus"]),
        status=StatusLembaga.AKTIF,
    )
    # The services' rule without extra dice (so the data stays the same): 1 January of the founding year,
    # else the start of the bench's registry; extend_aktif_sejak() then moves it back to the first tie.
    lembaga.aktif_sejak = datetime.date(lembaga.tahun_berdiri or 2015, 1, 1)
    return lembaga


def extend_aktif_sejak(kode: str) -> None:
    """A tie needs both ends active: move each lembaga's first active day back to its first tie, as the
    services do (two UPDATEs over the wilayah)."""
    for side in ("lembaga_a", "lembaga_b"):
        first = Kerjasama.objects.filter(**{side: OuterRef("pk")}).order_by().values(side)
        first = first.annotate(m=Min("mulai")).values("m")
        Lembaga.objects.in_wilayah([kode]).filter(aktif_sejak__gt=Subquery(first)).update(aktif_sejak=Subquery(first))


def make_lembaga(rng: random.Random, shape: Shape, desa: list[Wilayah]) -> list[list[int]]:
    """Lembaga per desa (bulk), returned as lists of primary keys, one list per desa."""
    pranata = dict(PranataSosial.objects.values_list("kode", "pk"))
    rows = [_lembaga(rng, d, nomor, pranata) for d in desa for nomor in range(1, shape.lembaga_per_desa + 1)]
    created = Lembaga.objects.bulk_create(rows, batch_size=BATCH)
    pks = [row.pk for row in created]
    size = shape.lembaga_per_desa
    return [pks[i : i + size] for i in range(0, len(pks), size)]


def make_items(rng: random.Random, pks: Sequence[int]) -> tuple[int, int]:
    """About 3 resources and 2 needs per 10 lembaga, so the needs-to-resources matching has work to do."""
    jenis = list(JenisSumber.values)
    sumber = [
        SumberDaya(lembaga_id=pk, jenis=rng.choice(jenis), uraian="Dapat dipinjam untuk kegiatan bersama")
        for pk in pks
        if rng.random() < 0.3
    ]
    kebutuhan = [
        Kebutuhan(lembaga_id=pk, jenis=rng.choice(jenis), uraian="Dibutuhkan untuk program", terpenuhi=False)
        for pk in pks
        if rng.random() < 0.2
    ]
    SumberDaya.objects.bulk_create(sumber, batch_size=BATCH)
    Kebutuhan.objects.bulk_create(kebutuhan, batch_size=BATCH)
    return len(sumber), len(kebutuhan)


# --- Ties ---------------------------------------------------------------------------------------------


def _pick_pairs(
    rng: random.Random, left: list[int], right: list[int], count: int, weight: dict[int, int], taken: set
) -> Iterator[tuple[int, int]]:
    """`count` new pairs between `left` and `right`, busier lembaga (hubs such as an LPMK) more often."""
    lw, rw = [weight[pk] for pk in left], [weight[pk] for pk in right]
    found = attempts = 0
    while found < count and attempts < count * 20:
        attempts += 1
        a, b = rng.choices(left, lw)[0], rng.choices(right, rw)[0]
        pair = (min(a, b), max(a, b))
        if a != b and pair not in taken:
            taken.add(pair)
            found += 1
            yield pair


def tie_pairs(rng: random.Random, shape: Shape, per_desa: list[list[int]]) -> list[tuple[int, int]]:
    everyone = [pk for group in per_desa for pk in group]
    weight = {pk: rng.choice((1, 1, 1, 1, 2, 2, 3, 5, 8)) for pk in everyone}
    taken: set[tuple[int, int]] = set()
    pairs: list[tuple[int, int]] = []
    for i, group in enumerate(per_desa):
        pairs += _pick_pairs(rng, group, group, shape.ties_in_desa, weight, taken)
        if shape.ties_to_next_desa:
            neighbour = per_desa[(i + 1) % len(per_desa)]
            pairs += _pick_pairs(rng, group, neighbour, shape.ties_to_next_desa, weight, taken)
    pairs += _pick_pairs(rng, everyone, everyone, shape.ties_anywhere, weight, taken)
    return pairs


def _random_day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def stage_history(rng: random.Random) -> list[tuple[datetime.date, int]]:
    """1–3 dated stages between 2015 and 2025, mostly climbing the ladder, sometimes slipping back."""
    mulai = _random_day(rng, FIRST_DAY, datetime.date(2024, 6, 30))
    n = rng.choices((1, 2, 3), weights=(50, 35, 15))[0]
    later = sorted({_random_day(rng, mulai + datetime.timedelta(days=30), LAST_DAY) for _ in range(n - 1)})
    tahap = rng.choices((1, 2, 3, 4, 5), weights=(45, 30, 15, 7, 3))[0]
    rows = [(mulai, tahap)]
    for day in later:
        tahap = min(5, tahap + 1) if rng.random() < 0.8 else max(1, tahap - 1)
        rows.append((day, tahap))
    return rows


def _tie(rng: random.Random, a: int, b: int, history: list[tuple[datetime.date, int]]) -> Kerjasama:
    tahap = history[-1][1]
    dasar = "informal"
    if tahap >= 3 and rng.random() < 0.4:
        dasar = "mou" if tahap >= 4 else "surat"
    # About 2% of ties ended in 2026, so "as of today" leaves them out and older dates still count them.
    selesai = _random_day(rng, datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)) if rng.random() < 0.02 else None
    return Kerjasama(
        lembaga_a_id=a,
        lembaga_b_id=b,
        tahap=tahap,
        mulai=history[0][0],
        selesai=selesai,
        alasan_selesai="Program selesai" if selesai else "",
        dasar=dasar,
        kepercayaan=rng.choice([None, 1, 2, 3, 4]),
        manfaat=rng.choice([None, 1, 2, 3, 4]),
    )


def make_ties(rng: random.Random, pairs: list[tuple[int, int]]) -> int:
    """Ties and their stage history, a batch at a time so memory stays flat; returns the history rows made."""
    n_riwayat = 0
    for start in range(0, len(pairs), BATCH):
        histories = [stage_history(rng) for _ in pairs[start : start + BATCH]]
        ties = [_tie(rng, a, b, h) for (a, b), h in zip(pairs[start : start + BATCH], histories, strict=True)]
        ties = Kerjasama.objects.bulk_create(ties)
        riwayat = [
            RiwayatTahap(kerjasama_id=tie.pk, tahap=tahap, berlaku_mulai=day, bukti="Data bench")
            for tie, history in zip(ties, histories, strict=True)
            for day, tahap in history
        ]
        RiwayatTahap.objects.bulk_create(riwayat, batch_size=BATCH)
        n_riwayat += len(riwayat)
    return n_riwayat


# --- Putting it together ------------------------------------------------------------------------------


def counts(shape: Shape, *, generated: bool, seconds: float) -> Summary:
    lembaga = Lembaga.objects.in_wilayah([shape.kode])
    ties = Kerjasama.objects.involving(lembaga.values("pk"))
    return Summary(
        shape=shape,
        lembaga=lembaga.count(),
        kerjasama=ties.count(),
        riwayat=RiwayatTahap.objects.filter(kerjasama__in=ties.values("pk")).count(),
        sumber=SumberDaya.objects.filter(lembaga__in=lembaga.values("pk")).count(),
        kebutuhan=Kebutuhan.objects.filter(lembaga__in=lembaga.values("pk")).count(),
        generated=generated,
        seconds=seconds,
    )


@transaction.atomic
def generate(shape: Shape) -> None:
    # One transaction: an interrupted run leaves nothing half made, so the count check below stays honest.
    rng = random.Random(SEED)
    say(f"generating {shape.name}: {shape.n_desa} desa…")
    desa = make_wilayah(shape)
    say(f"generating {shape.name}: {shape.n_lembaga} lembaga…")
    per_desa = make_lembaga(rng, shape, desa)
    everyone = [pk for group in per_desa for pk in group]
    n_sumber, n_kebutuhan = make_items(rng, everyone)
    say(f"generating {shape.name}: {n_sumber} sumber daya, {n_kebutuhan} kebutuhan…")
    pairs = tie_pairs(rng, shape, per_desa)
    say(f"generating {shape.name}: {len(pairs)} ties…")
    n_riwayat = make_ties(rng, pairs)
    extend_aktif_sejak(shape.kode)
    say(f"generating {shape.name}: {n_riwayat} stage-history rows… done")


def ensure(shape: Shape) -> Summary:
    """The scale's data, generated unless a previous run already left exactly that many lembaga."""
    existing = Lembaga.objects.in_wilayah([shape.kode]).count()
    if existing == shape.n_lembaga:
        say(f"reusing {shape.name}: {existing} lembaga already in the bench database")
        return counts(shape, generated=False, seconds=0.0)
    if existing:
        found = f"{existing} lembaga under {shape.kode}, expected {shape.n_lembaga}"
        raise SystemExit(f"bench: {found}; rerun with --fresh")
    started = time.perf_counter()
    generate(shape)
    return counts(shape, generated=True, seconds=time.perf_counter() - started)


def analyze() -> None:
    """Refresh the planner's statistics. Without them PostgreSQL guesses one row per subquery after a bulk load
    and load_graph's IN-subqueries become a 15,000 × 15,000 nested loop (minutes, measured); a server with
    autovacuum on would get there by itself a minute later, this one (autovacuum off) never would.

    On PostgreSQL it is VACUUM ANALYZE: right after a bulk load the first reads of every row also write it
    (hint bits) and no page is marked all-visible, so the first cases would time the load's aftermath; and
    the rows the import and load_wilayah cases delete would otherwise stay behind as dead tuples. Unchanged
    tables are skipped quickly (their pages are already all-visible)."""
    statement = "VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(statement)


def bench_users() -> tuple[User, User]:
    """A superuser (what the brief times) and a Dinas Sosial analyst scoped to the bench wilayah."""
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_superuser": True, "is_staff": True})
    analyst, _ = User.objects.get_or_create(username="bench-dinsos")
    profil, _ = Profil.objects.get_or_create(user=analyst, defaults={"peran": Peran.DINSOS, "jabatan": "Analis"})
    # Set every run: a scale generated later (--scale kabupaten after kelurahan) joins the analyst's scope.
    profil.wilayah.set(Wilayah.objects.filter(kode__in=[s.kode for s in SHAPES.values()]))
    return admin, analyst
