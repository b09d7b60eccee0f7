"""Seed the reference list of pranata sosial (admins may edit it afterwards)."""

from django.db import migrations

from pranata.reference import seed_pranata_sosial


def seed(apps, schema_editor):
    seed_pranata_sosial(apps.get_model("pranata", "PranataSosial"))


class Migration(migrations.Migration):
    dependencies = [("pranata", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
