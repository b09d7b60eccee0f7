"""Demo pendamping from the sources: a TKSK per kecamatan, PSM and relawan Pensosmas in Ilir D IV and Ketabang
(Surabaya), the Pensosmas pembekalan of 26–29 July 2017 in Surabaya with its 30 participants (source 004), and
a year of 4P activities. Idempotent: records are found by name before they are made."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from forum.models import Forum
from pranata.demo import WILAYAH
from pranata.models import Lembaga, Wilayah

from . import services
from .models import TEKNIK_TUGAS, HasilPelatihan, JenisPendamping, Pelatihan, Pendamping, Penugasan

TKSK_NAMES = ["Hendra Saputra", "Muhammad Yusuf", "Andi Tenri", "Bambang Wijaya", "Dewi Lestari", "Rudi Hartono"]
KETABANG = [("Sri Wahyuni", JenisPendamping.PENYULUH), ("Agus Salim", JenisPendamping.PENYULUH),
            ("Lilik Suharti", JenisPendamping.PSM)]  # fmt: skip
# The other 27 participants of the 2017 pembekalan, from Surabaya, Sidoarjo and Gresik (source 004).
CALON = [
    "Achmad Fauzan", "Bagus Prasetyo", "Cicik Rahayu", "Dian Puspita", "Endang Susilowati", "Fajar Nugroho",
    "Gatot Subroto", "Hariyanto", "Ika Yuliana", "Joko Santoso", "Kartini", "Lukman Hakim", "Mulyadi",
    "Ninik Handayani", "Oky Setiawan", "Puji Astuti", "Qomarudin", "Rini Wulandari", "Slamet Riyadi",
    "Tutik Sulistyowati", "Umar Said", "Vivi Anggraini", "Wawan Kurniawan", "Yanti Kusuma", "Zainal Abidin",
    "Anik Mardiyah", "Bambang Sugiarto",
]  # fmt: skip
CALON_WILAYAH = ["35.78.09.1002", "35.15.01.1009", "35.25.10.1005"]
UCAPAN = {
    "pemungkinan": "Memfasilitasi musyawarah pengurus tentang pembagian tugas",
    "penguatan": "Penyuluhan tentang layanan kesejahteraan sosial bagi warga",
    "perlindungan": "Mendampingi pengurus menghubungi Dinas Sosial untuk warga rentan",
    "pendukungan": "Membantu menyusun laporan keuangan dan administrasi kegiatan",
}


@transaction.atomic
def seed_pendampingan(*, users: dict[str, User], seed: int = 2005) -> None:
    rng = random.Random(seed)
    admin = users["admin"]
    # One TKSK per kecamatan of the demo (not of an official list loaded beside it), found by kind and place.
    kecamatan = [kode for kode, _nama in WILAYAH if kode.count(".") == 2]
    for i, place in enumerate(Wilayah.objects.filter(kode__in=kecamatan).order_by("kode")):
        Pendamping.objects.get_or_create(
            jenis=JenisPendamping.TKSK,
            wilayah=place,
            defaults={"nama": TKSK_NAMES[i % len(TKSK_NAMES)], "mulai": datetime.date(2015, 1, 1)},
        )
    ilir = Wilayah.objects.get(kode="16.71.05.1006")
    forum = Forum.objects.get(nama="Forum Pranata Sosial Ilir D IV")
    nurhayati = _person("Nurhayati", JenisPendamping.PSM, ilir, datetime.date(2012, 3, 1), user=users.get("pendamping"))
    rahmat = _person("Rahmat Hidayat", JenisPendamping.PENYULUH, ilir, datetime.date(2018, 1, 1))
    tksk_ilir = Pendamping.objects.filter(jenis=JenisPendamping.TKSK, wilayah__kode="16.71.05").order_by("pk").first()
    start = timezone.localdate() - datetime.timedelta(days=365)
    for person in (nurhayati, rahmat, tksk_ilir):
        _assign(person, admin, forum=forum, mulai=start - datetime.timedelta(days=30))
    ketabang = Wilayah.objects.get(kode="35.78.09.1002")
    surabaya = [_person(nama, jenis, ketabang, datetime.date(2017, 8, 1)) for nama, jenis in KETABANG]
    targets = list(Lembaga.objects.filter(wilayah=ketabang).order_by("pk"))
    for person, lembaga in zip(surabaya, targets, strict=False):
        _assign(person, admin, lembaga=lembaga, mulai=start - datetime.timedelta(days=30))
    _training(admin, surabaya)
    if not nurhayati.kegiatan.exists():
        _year_of_work(rng, nurhayati, users.get("pendamping") or admin, start)
        _year_of_work(rng, rahmat, admin, start, per_month=1)
        for person in surabaya:
            _year_of_work(rng, person, admin, start, per_month=1)


def _person(nama: str, jenis: str, wilayah: Wilayah, mulai: datetime.date, *, user: User | None = None, **extra):
    person, _ = Pendamping.objects.get_or_create(
        nama=nama, wilayah=wilayah, defaults={"jenis": jenis, "mulai": mulai, "user": user, **extra}
    )
    return person


def _assign(person: Pendamping, admin: User, *, mulai: datetime.date, **target) -> None:
    if not Penugasan.objects.aktif().filter(pendamping=person, **target).exists():
        services.penugasan_create(pendamping=person, mulai=max(mulai, person.mulai), oleh=admin, **target)


def _training(admin: User, surabaya: list[Pendamping]) -> None:
    if Pelatihan.objects.filter(nama__startswith="Pembekalan Calon Relawan Pensosmas").exists():
        return
    calon = [
        _person(nama, JenisPendamping.PENYULUH, Wilayah.objects.get(kode=CALON_WILAYAH[i % 3]),
                datetime.date(2017, 7, 26), calon=True)
        for i, nama in enumerate(CALON)
    ]  # fmt: skip
    pelatihan = services.pelatihan_create(
        oleh=admin,
        peserta=surabaya + calon,
        nama="Pembekalan Calon Relawan Pensosmas sebagai Penggerak Partisipasi Sosial Masyarakat",
        penyelenggara="Kementerian Sosial RI dan Dinas Sosial Provinsi Jawa Timur",
        wilayah=Wilayah.objects.get(kode="35"),
        mulai=datetime.date(2017, 7, 26),
        selesai=datetime.date(2017, 7, 29),
        tempat="Hotel Quest, Kota Surabaya",
        materi=(
            "Kebijakan dan strategi Kementerian Sosial RI; kebijakan strategi penyuluhan sosial; peran Dinas Sosial "
            "Provinsi dan Kota dalam membina relawan; kemitraan SDM kesejahteraan sosial; keterampilan, metode dan "
            "teknik komunikasi serta relasi sosial penyuluh."
        ),
    )
    services.peserta_set_hasil(
        pelatihan=pelatihan, hasil={p.pk: HasilPelatihan.LULUS for p in surabaya + calon[:24]}, oleh=admin
    )


def _year_of_work(rng: random.Random, person: Pendamping, user: User, start: datetime.date, per_month: int = 3):
    today = timezone.localdate()
    tasks = list(Penugasan.objects.filter(pendamping=person).select_related("forum"))
    for month in range(12):
        for _ in range(per_month):
            day = start + datetime.timedelta(days=month * 30 + rng.randrange(30))
            if day > today:
                continue
            task = rng.choice(tasks)
            teknik = rng.choice(list(TEKNIK_TUGAS))
            tugas = TEKNIK_TUGAS[teknik]
            target = {"forum": task.forum} if task.forum else {"lembaga": task.lembaga}
            if task.forum and rng.random() < 0.6:
                members = list(task.forum.keanggotaan.on(day).values_list("lembaga", flat=True))
                target = {"lembaga": Lembaga.objects.get(pk=rng.choice(members))}
            services.kegiatan_log(
                pendamping=person,
                oleh=user,
                tanggal=day,
                tugas=tugas,
                teknik=teknik,
                peran_penyuluh=rng.choice(["komunikator", "informator", "motivator", "edukator"])
                if person.is_penyuluh
                else "",
                uraian=UCAPAN[tugas],
                hasil="Pengurus memahami langkah berikutnya.",
                **target,
            )
