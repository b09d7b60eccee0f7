"""Each resource already linked to a programme as pooled becomes one entry of its ledger: quantity 1, unit
"paket", no estimated value, given on the programme's start date (the only date the old data has).

Left as links only (the kolaborasi rule still reads them): links to a resource of a lembaga that is not a
participant (the service never allowed it, raw data might), and programmes that start after today (nothing
can have been given yet). The links themselves stay. Reversing removes only the entries written here."""

from django.db import migrations
from django.utils import timezone

CATATAN = "Dari daftar sumber daya yang dihimpun (sebelum buku kontribusi)."


def forwards(apps, schema_editor):
    ProgramBersama = apps.get_model("forum", "ProgramBersama")
    PesertaProgram = apps.get_model("forum", "PesertaProgram")
    Kontribusi = apps.get_model("forum", "Kontribusi")
    today = timezone.localdate()
    participants = set(PesertaProgram.objects.values_list("program_id", "lembaga_id"))
    links = ProgramBersama.sumber_daya.through.objects.filter(programbersama__mulai__lte=today).values_list(
        "programbersama_id",
        "programbersama__mulai",
        "sumberdaya_id",
        "sumberdaya__lembaga_id",
        "sumberdaya__jenis",
        "sumberdaya__uraian",
    )
    Kontribusi.objects.bulk_create(
        [
            Kontribusi(
                program_id=program_id,
                lembaga_id=lembaga_id,
                jenis=jenis,
                sumber_daya_id=sumber_id,
                uraian=uraian[:255],
                jumlah=1,
                satuan="paket",
                nilai=None,
                bentuk="natura",
                tanggal=mulai,
                catatan=CATATAN,
            )
            for program_id, mulai, sumber_id, lembaga_id, jenis, uraian in links.order_by("programbersama_id", "pk")
            if (program_id, lembaga_id) in participants
        ]
    )


def backwards(apps, schema_editor):
    apps.get_model("forum", "Kontribusi").objects.filter(catatan=CATATAN).delete()


class Migration(migrations.Migration):
    dependencies = [("forum", "0005_kontribusi")]

    operations = [migrations.RunPython(forwards, backwards)]
