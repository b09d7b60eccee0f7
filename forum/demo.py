"""Demo forums on top of the registry demo."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from pranata.models import Lembaga, Wilayah

from . import services
from .models import (
    BentukKontribusi,
    Forum,
    JenisPertemuan,
    KategoriPMKS,
    Keanggotaan,
    PeranAnggota,
    PeranProgram,
    StatusProgram,
)


@transaction.atomic
def seed_forums(*, users: dict[str, User]) -> None:
    forum, _ = Forum.objects.get_or_create(
        nama="Forum Pranata Sosial Ilir D IV",
        wilayah=Wilayah.objects.get(kode="16.71.05.1006"),
        defaults={"tanggal_berdiri": datetime.date(2005, 8, 17)},
    )
    forum.koordinator.add(users["koordinator"])
    for lembaga in Lembaga.objects.filter(wilayah__kode="16.71.05.1006"):
        peran = PeranAnggota.KETUA if lembaga.singkatan == "LPMK" else PeranAnggota.ANGGOTA
        Keanggotaan.objects.get_or_create(
            forum=forum, lembaga=lembaga, defaults={"peran": peran, "mulai": datetime.date(2005, 8, 17)}
        )
    _meetings(forum, users)
    Forum.objects.get_or_create(
        nama="Forum WKSBM Tanete Riattang",
        wilayah=Wilayah.objects.get(kode="73.08.20"),
        defaults={"tanggal_berdiri": datetime.date(2007, 3, 1)},
    )


def _member(forum: Forum, label: str) -> Lembaga:
    qs = Lembaga.objects.filter(wilayah=forum.wilayah)
    return qs.filter(singkatan=label).first() or qs.get(nama__startswith=label)


def _meetings(forum: Forum, users: dict[str, User]) -> None:
    """A year of monthly meetings in Ilir D IV, so evidence stages and suggested ties show in the demo."""
    if forum.pertemuan.exists():
        return
    today = timezone.localdate()
    members = list(forum.keanggotaan.aktif().select_related("lembaga"))
    coordinator = users["koordinator"]
    for months_ago in range(11, -1, -1):
        tanggal = (today.replace(day=1) - datetime.timedelta(days=30 * months_ago)).replace(day=10)
        came = [m.lembaga for i, m in enumerate(members) if (i + months_ago) % 4 != 0]
        sepakat, lanjut = [], []
        if months_ago == 6:
            bound = [_member(forum, "LPMK"), _member(forum, "KT Bina Remaja"), _member(forum, "TP PKK")]
            sepakat = [services.Sepakat("Kerja bakti bersihkan saluran air tiap Minggu pertama", bound)]
            lanjut = [
                services.Lanjut("Jadwal kerja bakti per RW", bound[1], tanggal + datetime.timedelta(days=14), 1),
                services.Lanjut("Konsumsi kerja bakti", bound[2], tanggal + datetime.timedelta(days=14), 1),
            ]
        services.pertemuan_log(
            forum=forum,
            oleh=coordinator,
            fields={
                "tanggal": tanggal,
                "jam_mulai": datetime.time(19, 30),
                "tempat": "Sekretariat RW 03",
                "jenis": JenisPertemuan.RAPAT_RUTIN,
                "agenda": "Rapat rutin bulanan forum",
            },
            hadir=[services.Hadir(lembaga, jumlah_orang=2) for lembaga in came],
            sepakat=sepakat,
            lanjut=lanjut,
        )
    services.pertemuan_log(
        forum=forum,
        oleh=coordinator,
        fields={
            "tanggal": today - datetime.timedelta(days=20),
            "tempat": "Aula kelurahan",
            "jenis": JenisPertemuan.MUSYAWARAH,
        },
        hadir=[services.Hadir(_member(forum, "LPMK")), services.Hadir(_member(forum, "YPAM"))],
        sepakat=[services.Sepakat("Pendataan anak putus sekolah", [_member(forum, "LPMK"), _member(forum, "YPAM")])],
        lanjut=[services.Lanjut("Formulir pendataan", _member(forum, "YPAM"), today - datetime.timedelta(days=5), 1)],
    )
    services.pertemuan_log(
        forum=forum,
        oleh=coordinator,
        fields={
            "tanggal": today + datetime.timedelta(days=7),
            "jam_mulai": datetime.time(19, 30),
            "tempat": "Sekretariat RW 03",
            "jenis": JenisPertemuan.RAPAT_RUTIN,
            "agenda": "Evaluasi program posyandu",
        },
        hadir=[],
        sepakat=[],
        lanjut=[],
    )
    posyandu, pkk, pustu = _member(forum, "Posyandu Melati"), _member(forum, "TP PKK"), _member(forum, "Pustu")
    program = services.program_create(
        oleh=users["admin"],
        nama="Posyandu Terpadu RW 03",
        forum=forum,
        wilayah=forum.wilayah,
        status=StatusProgram.BERJALAN,
        mulai=today - datetime.timedelta(days=200),
        peserta=[(posyandu, PeranProgram.PELAKSANA_UTAMA), (pkk, PeranProgram.MITRA), (pustu, PeranProgram.MITRA)],
        sumber_daya=list(posyandu.sumber_daya.all()) + list(pkk.sumber_daya.all()),
        penerima=[(KategoriPMKS.ANAK_BALITA_TERLANTAR, 45), (KategoriPMKS.FAKIR_MISKIN, 30)],
    )
    _ledger(program, users["admin"], today, posyandu=posyandu, pkk=pkk, pustu=pustu)


def _ledger(program, oleh: User, today: datetime.date, *, posyandu: Lembaga, pkk: Lembaga, pustu: Lembaga) -> None:
    """What each participant of the demo programme gave, so the ledger and its totals show in the demo."""
    entries = [
        (posyandu, "keahlian", "Kader penimbangan balita tiap bulan", 5, "orang", 750_000, 180),
        (pkk, "tenaga", "Kader PKK membantu pendaftaran dan PMT", 10, "orang", 1_000_000, 150),
        (pustu, "keahlian", "Pemeriksaan kesehatan balita oleh bidan", 6, "hari", 1_200_000, 120),
        (pkk, "dana", "Iuran kas PKK untuk makanan tambahan (PMT)", 1, "paket", 1_500_000, 90),
        (posyandu, "peralatan", "Timbangan dacin dan KMS", 2, "paket", None, 60),
    ]
    for lembaga, jenis, uraian, jumlah, satuan, nilai, days_ago in entries:
        services.kontribusi_add(
            program=program,
            oleh=oleh,
            lembaga=lembaga,
            jenis=jenis,
            sumber_daya=lembaga.sumber_daya.filter(jenis=jenis).order_by("pk").first(),
            uraian=uraian,
            jumlah=Decimal(jumlah),
            satuan=satuan,
            nilai=nilai,
            bentuk=BentukKontribusi.TUNAI if jenis == "dana" else BentukKontribusi.NATURA,
            tanggal=today - datetime.timedelta(days=days_ago),
        )
