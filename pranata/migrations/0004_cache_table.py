"""Create the shared cache table (reports are cached there) as part of `migrate`, so no extra step is needed."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("pranata", "0003_kerjasama")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
