import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pendampingan.models import Kegiatan, Pelatihan, Pendamping
from pranata.models import Lembaga, Profil, Wilayah

pytestmark = pytest.mark.django_db


def test_load_wilayah_loads_a_file_and_reports_counts(tmp_path):
    csv_file = tmp_path / "wilayah.csv"
    csv_file.write_text("kode,nama\n73,Sulawesi Selatan\n73.08,Kabupaten Bone\n73.08.20,Tanete Riattang\n", "utf-8")
    out = StringIO()
    call_command("load_wilayah", str(csv_file), stdout=out)
    assert "3 wilayah baru, 0 diperbarui, 0 tetap." in out.getvalue()
    call_command("load_wilayah", str(csv_file), stdout=out)
    assert "0 wilayah baru, 0 diperbarui, 3 tetap." in out.getvalue()
    assert Wilayah.objects.count() == 3


def test_load_wilayah_saves_nothing_when_any_row_is_bad(tmp_path):
    csv_file = tmp_path / "wilayah.csv"
    csv_file.write_text("73,Sulawesi Selatan\n73.08,Kabupaten Bone\nxx,Rusak\n", "utf-8")
    with pytest.raises(CommandError, match="baris 3: kode 'xx' bukan kode Kemendagri"):
        call_command("load_wilayah", str(csv_file))
    assert not Wilayah.objects.exists()


def test_load_wilayah_explains_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("load_wilayah", str(tmp_path / "tidak-ada.csv"))


def test_load_wilayah_rejects_a_non_utf8_file(tmp_path):
    csv_file = tmp_path / "wilayah.csv"
    csv_file.write_bytes("73,Sulawesi Selatan\n73.08,Kab. Bon\xe9\n".encode("latin-1"))
    with pytest.raises(CommandError, match="bukan teks UTF-8"):
        call_command("load_wilayah", str(csv_file))


def test_seed_demo_is_idempotent_and_creates_one_user_per_role(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    counts = (Lembaga.objects.count(), Wilayah.objects.count(), Pendamping.objects.count(), Kegiatan.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (
        Lembaga.objects.count(),
        Wilayah.objects.count(),
        Pendamping.objects.count(),
        Kegiatan.objects.count(),
    ) == counts
    assert Lembaga.objects.filter(wilayah__kode="16.71.05.1006").count() == 21
    assert Lembaga.objects.filter(wilayah__kode="73.08.20.1001").count() == 52
    assert set(Lembaga.objects.values_list("sektor", flat=True)) == {
        "warga",
        "pemerintah",
        "dunia_usaha",
        "donatur",
        "lsm",
    }
    assert set(Profil.objects.values_list("peran", flat=True)) == {
        "admin",
        "petugas",
        "koordinator",
        "dinsos",
        "pendamping",
    }
    # The pendamping of the sources: a TKSK per kecamatan, the 2017 Pensosmas pembekalan of 30 in Surabaya,
    # and the demo pendamping's account linked to her record with a year of work.
    kecamatan = Wilayah.objects.filter(tingkat=3).count()
    assert kecamatan == 5 and Pendamping.objects.filter(jenis="tksk").count() == kecamatan
    pembekalan = Pelatihan.objects.get(mulai=datetime.date(2017, 7, 26))
    assert (pembekalan.selesai, pembekalan.peserta.count()) == (datetime.date(2017, 7, 29), 30)
    nurhayati = Pendamping.objects.get(user__username="pendamping")
    assert nurhayati.kegiatan.count() >= 30


def test_seed_demo_refuses_to_create_demo_users_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="hanya untuk DEBUG=1"):
        call_command("seed_demo")
    assert not Lembaga.objects.exists()
