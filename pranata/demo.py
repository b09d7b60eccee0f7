"""Demo data from the source material: Ilir D IV (Palembang), Tanete Riattang (Bone), Jawa Timur.

Codes follow the Kemendagri pattern; those below kabupaten level are illustrative. Everything is
created through the services, so the demo exercises the same rules as real input.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import transaction

from . import services
from .models import Kerjasama, Lembaga, Peran, PranataSosial, Profil, Wilayah
from .services import WilayahRow

DEMO_PASSWORD = "simpul-demo-2026"

WILAYAH = [
    ("16", "Sumatera Selatan"),
    ("16.71", "Kota Palembang"),
    ("16.71.05", "Ilir Timur I"),
    ("16.71.05.1006", "Ilir D IV"),
    ("16.71.05.1005", "Ilir D III"),
    ("73", "Sulawesi Selatan"),
    ("73.08", "Kabupaten Bone"),
    ("73.08.20", "Tanete Riattang"),
    ("73.08.20.1001", "Bukaka"),
    ("73.08.20.1002", "Manurunge"),
    ("73.08.20.1003", "Walannae"),
    ("35", "Jawa Timur"),
    ("35.78", "Kota Surabaya"),
    ("35.78.09", "Genteng"),
    ("35.78.09.1002", "Ketabang"),
    ("35.15", "Kabupaten Sidoarjo"),
    ("35.15.01", "Sidoarjo"),
    ("35.15.01.1009", "Lemahputro"),
    ("35.25", "Kabupaten Gresik"),
    ("35.25.10", "Gresik"),
    ("35.25.10.1005", "Kroman"),
]


@dataclass(frozen=True)
class DemoLembaga:
    nama: str
    singkatan: str
    jenis: str
    sektor: str
    pranata: str
    sumber: tuple[tuple[str, str], ...] = ()
    kebutuhan: tuple[tuple[str, str], ...] = ()


# The network of about 20 pranata around the LPMK of Ilir D IV (source 000).
ILIR_D_IV = [
    DemoLembaga(
        "Lembaga Pemberdayaan Masyarakat Kelurahan Ilir D IV",
        "LPMK",
        "lpmk",
        "warga",
        "pemerintahan-lokal",
        (("akses", "Jalur ke kecamatan dan dinas"), ("tempat", "Sekretariat LPMK")),
        (("dana", "Operasional forum"),),
    ),
    DemoLembaga(
        "Karang Taruna Bina Remaja",
        "KT Bina Remaja",
        "karang_taruna",
        "warga",
        "kepemudaan",
        (("tenaga", "20 relawan pemuda"),),
        (("peralatan", "Sound system kegiatan"),),
    ),
    DemoLembaga(
        "Tim Penggerak PKK Kelurahan Ilir D IV",
        "TP PKK",
        "pkk",
        "warga",
        "perempuan-keluarga",
        (("keahlian", "Kader dasawisma"), ("tenaga", "Kader PKK 10 dasawisma")),
        (),
    ),
    DemoLembaga(
        "Posyandu Melati RW 03",
        "",
        "posyandu",
        "warga",
        "kesehatan",
        (("keahlian", "Kader penimbangan balita"),),
        (("tempat", "Ruang layanan yang layak"),),
    ),
    DemoLembaga(
        "Posyandu Kenanga RW 05", "", "posyandu", "warga", "kesehatan", (), (("peralatan", "Timbangan dan alat ukur"),)
    ),
    DemoLembaga(
        "Majelis Taklim Al-Hidayah", "", "majelis_taklim", "warga", "keagamaan", (("tempat", "Masjid Al-Hidayah"),), ()
    ),
    DemoLembaga("Majelis Taklim Nurul Iman", "", "majelis_taklim", "warga", "keagamaan", (), ()),
    DemoLembaga(
        "Remaja Masjid Al-Hidayah", "Risma", "lainnya", "warga", "keagamaan", (("tenaga", "Relawan remaja"),), ()
    ),
    DemoLembaga("Arisan Ibu-Ibu RT 07", "", "arisan", "warga", "ekonomi", (("dana", "Kas arisan"),), ()),
    DemoLembaga(
        "Koperasi Serba Usaha Sejahtera Bersama",
        "KSU Sejahtera",
        "koperasi",
        "dunia_usaha",
        "ekonomi",
        (("dana", "Pinjaman modal usaha mikro"),),
        (),
    ),
    DemoLembaga(
        "Ketua RW 03 Ilir D IV", "RW 03", "rt_rw", "warga", "pemerintahan-lokal", (("tempat", "Balai RW 03"),), ()
    ),
    DemoLembaga("Ketua RW 05 Ilir D IV", "RW 05", "rt_rw", "warga", "pemerintahan-lokal", (), ()),
    DemoLembaga(
        "Kantor Kelurahan Ilir D IV",
        "",
        "instansi",
        "pemerintah",
        "pemerintahan-lokal",
        (("tempat", "Aula kelurahan"), ("akses", "Data warga dan PMKS")),
        (),
    ),
    DemoLembaga(
        "Puskesmas Pembantu Ilir D IV",
        "Pustu",
        "instansi",
        "pemerintah",
        "kesehatan",
        (("keahlian", "Bidan dan perawat"),),
        (),
    ),
    DemoLembaga("Siskamling RW 03", "", "lainnya", "warga", "ketertiban-keamanan", (("tenaga", "Ronda malam"),), ()),
    DemoLembaga(
        "Yayasan Peduli Anak Musi",
        "YPAM",
        "lsm",
        "lsm",
        "kesejahteraan-sosial",
        (("keahlian", "Pendampingan anak"),),
        (("tempat", "Ruang belajar anak"),),
    ),
    DemoLembaga(
        "Toko Bangunan Sinar Jaya", "", "usaha", "dunia_usaha", "ekonomi", (("peralatan", "Pinjaman perkakas"),), ()
    ),
    DemoLembaga(
        "Rumah Makan Pindang Musi",
        "",
        "usaha",
        "dunia_usaha",
        "ekonomi",
        (("dana", "Sumbangan konsumsi kegiatan"),),
        (),
    ),
    DemoLembaga(
        "Baznas Kota Palembang (UPZ Ilir D IV)",
        "UPZ",
        "donatur",
        "donatur",
        "keagamaan",
        (("dana", "Zakat produktif"),),
        (),
    ),
    DemoLembaga(
        "Taman Bacaan Masyarakat Cahaya Ilmu", "TBM", "lainnya", "lsm", "pendidikan", (), (("dana", "Pengadaan buku"),)
    ),
    DemoLembaga("Sanggar Seni Dul Muluk", "", "lainnya", "warga", "adat-budaya", (), (("tempat", "Tempat latihan"),)),
]

JATIM = {
    "35.78.09.1002": [
        "Karang Taruna Ketabang",
        "PKK Kelurahan Ketabang",
        "Posyandu Anggrek",
        "Kampung Pendidikan Ketabang",
        "Bank Sampah Ketabang Asri",
        "LPMK Ketabang",
    ],
    "35.15.01.1009": [
        "Karang Taruna Lemahputro",
        "Majelis Taklim Al-Ikhlas",
        "Posyandu Dahlia",
        "Koperasi Wanita Lemahputro",
    ],
    "35.25.10.1005": [
        "Karang Taruna Kroman",
        "PKK Kroman",
        "Kelompok Nelayan Kroman",
        "Majelis Taklim Nurul Huda Kroman",
    ],
}

# Prefixes and names for the 50+ WKSBM groups per desa of Tanete Riattang (source 001).
WKSBM_JENIS = [
    ("Majelis Taklim", "majelis_taklim", "keagamaan"),
    ("Kelompok Arisan", "arisan", "ekonomi"),
    ("Kelompok Tani", "wksbm", "ekonomi"),
    ("Posyandu", "posyandu", "kesehatan"),
    ("Kelompok Duka", "wksbm", "kesejahteraan-sosial"),
    ("Remaja Masjid", "lainnya", "keagamaan"),
    ("Kelompok Pengajian", "majelis_taklim", "keagamaan"),
    ("Paguyuban", "wksbm", "adat-budaya"),
    ("Kelompok Usaha Bersama", "wksbm", "ekonomi"),
]
WKSBM_NAMA = [
    "Sipakatau",
    "Sipakalebbi",
    "Mabbulo Sibatang",
    "Assamaturuseng",
    "Siatting Lima",
    "Resopa",
    "Nurul Huda",
    "Al-Ikhlas",
    "Mawar",
    "Melati",
    "Teratai",
    "Sipatuo",
    "Sipakainge",
    "Ade'e",
    "Tudang Sipulung",
]
SUMBER = [
    ("tenaga", "Relawan anggota"),
    ("dana", "Kas iuran anggota"),
    ("tempat", "Rumah anggota untuk pertemuan"),
    ("keahlian", "Keterampilan anyaman"),
    ("peralatan", "Peralatan dapur umum"),
]

MOBILE_PREFIXES = ["0811", "0812", "0813", "0821", "0822", "0852", "0853", "0857", "0878", "0896"]

USERS = [
    ("admin", "Admin Simpul", Peran.ADMIN, [], ""),
    ("petugas", "Siti Aminah", Peran.PETUGAS, ["16.71.05.1006", "16.71.05.1005"], "Kasi Kesos Kelurahan Ilir D IV"),
    ("koordinator", "Ahmad Fauzi", Peran.KOORDINATOR, ["16.71.05.1006"], "Sekretaris Forum Pranata Sosial"),
    ("dinsos", "Rina Kartika", Peran.DINSOS, ["16"], "Staf Dinas Sosial Provinsi Sumatera Selatan"),
    ("petugas.bone", "Andi Baso", Peran.PETUGAS, ["73.08.20"], "Pendamping WKSBM Tanete Riattang"),
    ("pendamping", "Nurhayati", Peran.PENDAMPING, ["16.71.05.1006"], "Pekerja sosial masyarakat (PSM)"),
]


@transaction.atomic
def seed_registry(*, seed: int = 2005) -> dict[str, User]:
    rng = random.Random(seed)
    services.wilayah_load(rows=[WilayahRow(0, kode, nama) for kode, nama in WILAYAH])
    users = {username: _user(username, *rest) for username, *rest in USERS}
    admin = users["admin"]
    for item in ILIR_D_IV:
        _lembaga(admin, "16.71.05.1006", item, rng)
    for kode, names in JATIM.items():
        for nama in names:
            jenis, pranata = _guess(nama)
            _lembaga(admin, kode, DemoLembaga(nama, "", jenis, "warga", pranata), rng)
    for kode in ("73.08.20.1001", "73.08.20.1002", "73.08.20.1003"):
        for item in _wksbm(rng, count=52):
            _lembaga(admin, kode, item, rng)
    _ilir_ties(admin)
    _village_ties(admin, rng)
    return users


# Ilir D IV before and after the 2005 empowerment trial (source 000): ties around the LPMK, then the
# Forum Pranata Sosial formed in August 2005 and several ties climbed the ladder.
ILIR_TIES = [
    # (a, b, [(date, tahap, evidence), ...])
    ("LPMK", "TP PKK", [("2003-01-10", 1, "Rapat kelurahan"), ("2005-09-01", 3, "Rencana kerja forum bersama")]),
    (
        "LPMK",
        "KT Bina Remaja",
        [("2003-01-10", 2, "Kerja bakti bulanan"), ("2005-10-15", 4, "Program kebersihan sungai")],
    ),
    ("LPMK", "Kantor Kelurahan Ilir D IV", [("2002-06-01", 3, "Musrenbang kelurahan")]),
    ("LPMK", "RW 03", [("2004-02-01", 2, "Pembagian raskin")]),
    ("LPMK", "RW 05", [("2004-02-01", 2, "Pembagian raskin")]),
    ("TP PKK", "Posyandu Melati RW 03", [("2003-05-01", 2, "Kader bersama"), ("2005-11-01", 4, "Posyandu terpadu")]),
    ("TP PKK", "Posyandu Kenanga RW 05", [("2003-05-01", 2, "Kader bersama")]),
    ("Posyandu Melati RW 03", "Pustu", [("2004-07-01", 2, "Imunisasi"), ("2005-11-01", 4, "Posyandu terpadu")]),
    ("Posyandu Kenanga RW 05", "Pustu", [("2004-07-01", 1, "Rujukan balita")]),
    ("Majelis Taklim Al-Hidayah", "Risma", [("2001-01-01", 3, "Pengajian remaja")]),
    ("Majelis Taklim Al-Hidayah", "UPZ", [("2005-09-20", 2, "Santunan yatim")]),
    ("Majelis Taklim Nurul Iman", "Majelis Taklim Al-Hidayah", [("2005-08-17", 1, "Rapat forum perdana")]),
    (
        "KSU Sejahtera",
        "Arisan Ibu-Ibu RT 07",
        [("2004-01-01", 1, "Sosialisasi pinjaman"), ("2006-01-15", 2, "Kesepakatan simpan pinjam")],
    ),
    ("KSU Sejahtera", "LPMK", [("2005-08-17", 1, "Rapat forum perdana")]),
    ("YPAM", "TBM", [("2005-08-17", 1, "Rapat forum perdana"), ("2006-02-01", 3, "Rencana kelas belajar")]),
    ("YPAM", "LPMK", [("2005-10-01", 2, "Data anak putus sekolah")]),
    ("Siskamling RW 03", "RW 03", [("2000-01-01", 3, "Jadwal ronda")]),
    ("Toko Bangunan Sinar Jaya", "KT Bina Remaja", [("2005-12-01", 1, "Pinjam perkakas kerja bakti")]),
    ("Rumah Makan Pindang Musi", "TP PKK", [("2006-03-01", 1, "Konsumsi lomba")]),
    ("Kantor Kelurahan Ilir D IV", "Pustu", [("2003-01-01", 2, "Data PMKS kesehatan")]),
]


def _find(wilayah_kode: str, label: str) -> Lembaga:
    qs = Lembaga.objects.filter(wilayah__kode=wilayah_kode)
    return qs.filter(singkatan=label).first() or qs.get(nama__startswith=label)


def _ilir_ties(admin: User) -> None:
    for label_a, label_b, steps in ILIR_TIES:
        a, b = _find("16.71.05.1006", label_a), _find("16.71.05.1006", label_b)
        if Kerjasama.objects.filter(lembaga_a=min(a, b, key=_pk), lembaga_b=max(a, b, key=_pk)).exists():
            continue
        (first, tahap, bukti), *later = steps
        tie = services.kerjasama_create(
            lembaga_a=a, lembaga_b=b, tahap=tahap, mulai=date.fromisoformat(first), oleh=admin, bukti=bukti
        )
        for when, tahap, bukti in later:
            services.kerjasama_set_tahap(
                kerjasama=tie, tahap=tahap, tanggal=date.fromisoformat(when), oleh=admin, bukti=bukti
            )


def _pk(lembaga: Lembaga) -> int:
    return lembaga.pk


def _village_ties(admin: User, rng: random.Random) -> None:
    """WKSBM groups in a desa mostly know each other through arisan and duka; a few plan together."""
    if Kerjasama.objects.filter(lembaga_a__wilayah__kode__startswith="73.08.20.").exists():
        return
    for kode in ("73.08.20.1001", "73.08.20.1002", "73.08.20.1003"):
        groups = list(Lembaga.objects.filter(wilayah__kode=kode).order_by("pk"))
        pairs = {tuple(sorted(rng.sample(range(len(groups)), 2))) for _ in range(70)}
        for i, j in sorted(pairs):
            tahap = rng.choices([1, 2, 3, 4], weights=[50, 30, 15, 5])[0]
            mulai = date(2008, 1, 1) + timedelta(days=rng.randint(0, 5000))
            services.kerjasama_create(
                lembaga_a=groups[i], lembaga_b=groups[j], tahap=tahap, mulai=mulai, oleh=admin, bukti="Pendataan WKSBM"
            )


def _user(username: str, full_name: str, peran: str, kodes: list[str], jabatan: str) -> User:
    first, _, last = full_name.partition(" ")
    user, created = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
    if created:
        user.set_password(DEMO_PASSWORD)
    user.is_staff = user.is_superuser = peran == Peran.ADMIN
    user.save()
    profil, _ = Profil.objects.update_or_create(user=user, defaults={"peran": peran, "jabatan": jabatan})
    profil.wilayah.set(Wilayah.objects.filter(kode__in=kodes))
    return user


def _lembaga(admin: User, kode: str, item: DemoLembaga, rng: random.Random) -> Lembaga:
    wilayah = Wilayah.objects.get(kode=kode)
    existing = Lembaga.objects.filter(wilayah=wilayah, nama=item.nama).first()
    # Draw the random fields even for existing rows, so a re-run stays on the same sequence.
    extra = {
        "tahun_berdiri": rng.randint(1975, 2022),
        "jumlah_anggota": rng.randint(8, 120),
        "kontak_nama": rng.choice(["Bu Nurhayati", "Pak Darmawan", "Bu Sri Wahyuni", "Pak Andi Mappaewa", ""]),
        "kontak_telepon": f"{rng.choice(MOBILE_PREFIXES)}{rng.randint(1000000, 9999999)}",
        "sumber_dana": rng.sample(["iuran", "pemerintah", "donatur", "usaha"], k=rng.randint(1, 2)),
        "alamat": f"RW {rng.randint(1, 9):02d}, {wilayah.nama}",
    }
    if existing:
        return existing
    lembaga = services.lembaga_create(
        oleh=admin,
        wilayah=wilayah,
        nama=item.nama,
        singkatan=item.singkatan,
        jenis=item.jenis,
        sektor=item.sektor,
        pranata=PranataSosial.objects.get(kode=item.pranata),
        kegiatan_utama="Pertemuan rutin bulanan dan kegiatan sosial warga.",
        kriteria_keanggotaan="Warga yang berdomisili di wilayah kelurahan/desa.",
        **extra,
    )
    for jenis, uraian in item.sumber:
        services.sumber_daya_add(lembaga=lembaga, oleh=admin, jenis=jenis, uraian=uraian)
    for jenis, uraian in item.kebutuhan:
        services.kebutuhan_add(lembaga=lembaga, oleh=admin, jenis=jenis, uraian=uraian)
    return lembaga


def _wksbm(rng: random.Random, *, count: int) -> list[DemoLembaga]:
    items: dict[str, DemoLembaga] = {}
    while len(items) < count:
        prefix, jenis, pranata = rng.choice(WKSBM_JENIS)
        nama = f"{prefix} {rng.choice(WKSBM_NAMA)} {rng.randint(1, 12):02d}"
        sumber = (rng.choice(SUMBER),) if rng.random() < 0.7 else ()
        items.setdefault(nama, DemoLembaga(nama, "", jenis, "warga", pranata, sumber))
    return list(items.values())


def _guess(nama: str) -> tuple[str, str]:
    for word, jenis, pranata in [
        ("Karang Taruna", "karang_taruna", "kepemudaan"),
        ("PKK", "pkk", "perempuan-keluarga"),
        ("Posyandu", "posyandu", "kesehatan"),
        ("Majelis", "majelis_taklim", "keagamaan"),
        ("Koperasi", "koperasi", "ekonomi"),
        ("LPMK", "lpmk", "pemerintahan-lokal"),
    ]:
        if word in nama:
            return jenis, pranata
    return "wksbm", "kesejahteraan-sosial"
