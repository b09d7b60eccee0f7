"""Give every existing lembaga a dated lifecycle, so reports "as of" a past date stop using today's status.

The rule (the same the services apply to new lembaga):
- `aktif_sejak` is 1 January of `tahun_berdiri` when that is known, else the (Jakarta) date the lembaga was
  registered; a tie that started earlier moves it back to that tie's start, since a tie needs both ends.
- Status changes are read back from the audit trail (django-simple-history): each time a saved version's
  status differs from the one before, a RiwayatStatus row is dated on the day of that save. A lembaga that
  is not active today but has no such trail gets one row dated on its last change (`diubah`).
Reports as of a date before a lembaga's first recorded change therefore still count it as it was then.
"""

import datetime

from django.db import migrations
from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone

NOTE = "Dipulihkan dari riwayat perubahan saat pembaruan Simpul"


def _local(moment):
    return timezone.localtime(moment).date()


def backfill(apps, schema_editor):
    Lembaga = apps.get_model("pranata", "Lembaga")
    Kerjasama = apps.get_model("pranata", "Kerjasama")
    RiwayatStatus = apps.get_model("pranata", "RiwayatStatus")
    Historical = apps.get_model("pranata", "HistoricalLembaga")

    first_tie: dict[int, object] = {}
    for side in ("lembaga_a_id", "lembaga_b_id"):
        for pk, mulai in Kerjasama.objects.values(side).annotate(m=Min("mulai")).values_list(side, "m"):
            if pk not in first_tie or mulai < first_tie[pk]:
                first_tie[pk] = mulai

    changes: dict[int, dict] = {}
    last_status: dict[int, str] = {}
    trail = Historical.objects.order_by("id", "history_date", "history_id").values_list("id", "history_date", "status")
    for pk, when, status in trail.iterator(chunk_size=5000):
        before = last_status.get(pk, "aktif")
        if status != before:
            changes.setdefault(pk, {})[_local(when)] = status
        last_status[pk] = status

    rows, updated = [], []
    for lembaga in Lembaga.objects.all().iterator(chunk_size=2000):
        start = datetime.date(lembaga.tahun_berdiri, 1, 1) if lembaga.tahun_berdiri else _local(lembaga.dibuat)
        if lembaga.pk in first_tie and first_tie[lembaga.pk] < start:
            start = first_tie[lembaga.pk]
        lembaga.aktif_sejak = start
        updated.append(lembaga)
        dated = changes.get(lembaga.pk, {})
        if lembaga.status != "aktif" and (not dated or dated[max(dated)] != lembaga.status):
            dated[_local(lembaga.diubah)] = lembaga.status
        for day, status in sorted(dated.items()):
            rows.append(RiwayatStatus(lembaga_id=lembaga.pk, status=status, berlaku_mulai=max(day, start), alasan=NOTE))
        if len(updated) >= 2000:
            Lembaga.objects.bulk_update(updated, ["aktif_sejak"])
            updated = []
    Lembaga.objects.bulk_update(updated, ["aktif_sejak"])
    # Two changes moved onto the same first day keep the later one.
    unique = {}
    for row in rows:
        unique[(row.lembaga_id, row.berlaku_mulai)] = row
    RiwayatStatus.objects.bulk_create(list(unique.values()), batch_size=2000)
    # Past versions in the audit trail get today's best knowledge of the date (the field did not exist then).
    current = Lembaga.objects.filter(pk=OuterRef("id")).values("aktif_sejak")[:1]
    Historical.objects.update(aktif_sejak=Subquery(current))
    Historical.objects.filter(aktif_sejak__isnull=True).update(aktif_sejak=datetime.date(1900, 1, 1))


class Migration(migrations.Migration):
    dependencies = [("pranata", "0009_lembaga_lifecycle")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
