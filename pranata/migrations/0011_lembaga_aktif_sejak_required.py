from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("pranata", "0010_backfill_lembaga_lifecycle")]

    operations = [
        migrations.AlterField(
            model_name="lembaga", name="aktif_sejak", field=models.DateField(verbose_name="aktif sejak")
        ),
        migrations.AlterField(
            model_name="historicallembaga", name="aktif_sejak", field=models.DateField(verbose_name="aktif sejak")
        ),
    ]
