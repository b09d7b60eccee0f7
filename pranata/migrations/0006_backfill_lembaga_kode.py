"""Give every existing lembaga its stable code: <kelurahan kode>-<sequence in that kelurahan>."""

from django.db import migrations


def backfill(apps, schema_editor):
    Lembaga = apps.get_model("pranata", "Lembaga")
    counters: dict[int, int] = {}
    rows = Lembaga.objects.filter(kode__isnull=True).select_related("wilayah").order_by("wilayah_id", "pk")
    for lembaga in rows.iterator(chunk_size=2000):
        counters[lembaga.wilayah_id] = counters.get(lembaga.wilayah_id, 0) + 1
        lembaga.kode = f"{lembaga.wilayah.kode}-{counters[lembaga.wilayah_id]:04d}"
        lembaga.save(update_fields=["kode"])
    # Past versions carry the code their lembaga has now, so a restored version keeps it.
    Historical = apps.get_model("pranata", "HistoricalLembaga")
    codes = dict(Lembaga.objects.values_list("pk", "kode"))
    for record in Historical.objects.filter(kode__isnull=True).iterator(chunk_size=2000):
        record.kode = codes.get(record.id, f"dihapus-{record.id}")
        record.save(update_fields=["kode"])


class Migration(migrations.Migration):
    dependencies = [("pranata", "0005_lembaga_kode")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
