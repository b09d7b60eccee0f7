"""Every lembaga has a code now; make it required (a separate migration: PostgreSQL alters after the data)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("pranata", "0006_backfill_lembaga_kode")]
    operations = [
        migrations.AlterField(
            model_name="historicallembaga",
            name="kode",
            field=models.CharField(db_index=True, editable=False, max_length=40, verbose_name="kode lembaga"),
        ),
        migrations.AlterField(
            model_name="lembaga",
            name="kode",
            field=models.CharField(editable=False, max_length=40, unique=True, verbose_name="kode lembaga"),
        ),
    ]
