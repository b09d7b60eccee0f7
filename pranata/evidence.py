"""Evidence pranata itself can see: a tie with a signed MoU is at least at koordinasi."""

from __future__ import annotations

import datetime

from .extensions import Evidence, Pair
from .models import DasarKerjasama, Kerjasama, Tahap


def mou_evidence(lembaga, as_of: datetime.date) -> dict[Pair, Evidence]:
    ids = lembaga.values("pk")
    ties = (
        Kerjasama.objects.within(ids)
        .existing_on(as_of)
        .filter(dasar=DasarKerjasama.MOU)
        .exclude(dokumen="")
        .values_list("lembaga_a_id", "lembaga_b_id")
    )
    return {(a, b): Evidence(Tahap.KOORDINASI, ("koordinasi: MoU bertanda tangan tercatat",)) for a, b in ties}
