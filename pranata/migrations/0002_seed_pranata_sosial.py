"""Seed the reference list of pranata sosial (admins may edit it afterwards)."""

from django.db import migrations

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


def seed(apps, schema_editor):
    PranataSosial = apps.get_model("pranata", "PranataSosial")
    for urutan, (kode, nama, deskripsi) in enumerate(PRANATA, start=1):
        PranataSosial.objects.update_or_create(
            kode=kode, defaults={"nama": nama, "deskripsi": deskripsi, "urutan": urutan}
        )


class Migration(migrations.Migration):
    dependencies = [("pranata", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
