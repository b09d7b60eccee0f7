"""Reference lists shipped with Simpul (admins may edit them afterwards)."""

from __future__ import annotations

PRANATA = [
    ("keagamaan", "Keagamaan", "Majelis taklim, remaja masjid, persekutuan gereja, lembaga amil zakat."),
    ("ekonomi", "Ekonomi", "Koperasi, arisan, kelompok usaha bersama, bank sampah."),
    ("kesehatan", "Kesehatan", "Posyandu, kader kesehatan, PSN/jumantik."),
    ("pendidikan", "Pendidikan", "PAUD, taman bacaan, kelompok belajar."),
    ("kepemudaan", "Kepemudaan", "Karang taruna, remaja, olahraga."),
    ("perempuan-keluarga", "Perempuan & keluarga", "PKK, dasawisma, kelompok perempuan."),
    ("adat-budaya", "Adat/budaya", "Lembaga adat, sanggar seni, paguyuban daerah."),
    ("ketertiban-keamanan", "Ketertiban & keamanan", "Siskamling, FKPM, linmas."),
    ("pemerintahan-lokal", "Pemerintahan lokal", "RT/RW, LPMK, kantor kelurahan."),
    ("kesejahteraan-sosial", "Kesejahteraan sosial", "LKS, WKSBM, TKSK, panti, pekerja sosial masyarakat."),
]


def seed_pranata_sosial(model) -> None:
    """Create or refresh the ten pranata sosial (`model`: the real or the migration-time class)."""
    for urutan, (kode, nama, deskripsi) in enumerate(PRANATA, start=1):
        model.objects.update_or_create(kode=kode, defaults={"nama": nama, "deskripsi": deskripsi, "urutan": urutan})
