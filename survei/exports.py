"""A round's answers as files: a table (CSV/XLSX, through pranata.exports, formulas neutralised) and a
directed GraphML (respondent → partner, with the ratings) for Gephi, yEd or Cytoscape.

The anonymised table leaves out the respondent's name and code, its notes and who typed a paper answer in;
every lembaga keeps a pseudonymous id, the same in every export and every round (a keyed hash of its id), so
a researcher can follow one respondent across rounds without learning who it is.
"""

from __future__ import annotations

import hashlib
import hmac
import io

import networkx as nx
from django.conf import settings
from django.utils import timezone

from pranata.models import JenisSumber, Lembaga
from pranata.network.export import xml_text

from . import scores
from .models import RATING_ITEMS, Gelombang, Jawaban

HEADER = [
    "gelombang",
    "id_responden",
    "kode_responden",
    "responden",
    "id_mitra",
    "kode_mitra",
    "mitra",
    "tahap",
    "tahap_label",
    *RATING_ITEMS,
    "kepercayaan",
    "manfaat",
    "sumber",
    "catatan",
    "status",
    "diisi_oleh",
    "diubah",
]
PRIVATE = {"kode_responden", "responden", "catatan", "diisi_oleh"}


def pseudonym(lembaga_id: int) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"simpul-survei:{lembaga_id}".encode(), hashlib.sha256)
    return "L" + digest.hexdigest()[:10].upper()


def _answers(gelombang: Gelombang):
    return (
        Jawaban.objects.filter(responden__gelombang=gelombang)
        .select_related("responden__lembaga", "responden__diisi_oleh", "mitra")
        .order_by("responden__lembaga__nama", "responden_id", "mitra__nama", "pk")
    )


def _stage_label(stage: int | None) -> str:
    from .presentation import stage_label  # written in the reader's language when the file is made

    return "" if stage is None else stage_label(stage)


def _row(gelombang: Gelombang, answer: Jawaban, kinds: dict[str, str]) -> dict:
    respondent, partner = answer.responden.lembaga, answer.mitra
    rating = (respondent.pk, partner.pk, answer.tahap, *answer.ratings())
    trust, value = scores.trust_of(rating), scores.value_of(rating)
    who = answer.responden.diisi_oleh
    changed = answer.responden.diubah
    return {
        "gelombang": gelombang.nama,
        "id_responden": pseudonym(respondent.pk),
        "kode_responden": respondent.kode,
        "responden": respondent.nama,
        "id_mitra": pseudonym(partner.pk),
        "kode_mitra": partner.kode,
        "mitra": partner.nama,
        "tahap": answer.tahap,
        "tahap_label": _stage_label(answer.tahap),
        **{item: getattr(answer, item) for item in RATING_ITEMS},
        "kepercayaan": None if trust is None else round(trust, 2),
        "manfaat": None if value is None else round(value, 2),
        "sumber": ", ".join(str(kinds.get(kind, kind)) for kind in answer.sumber),
        "catatan": answer.catatan,
        "status": answer.responden.get_status_display(),
        "diisi_oleh": (who.get_full_name() or who.get_username()) if who else "",
        "diubah": f"{timezone.localtime(changed):%d/%m/%Y %H:%M}" if changed else "",
    }


def answer_rows(gelombang: Gelombang, *, anonim: bool) -> list[list]:
    """One row per answer (drafts included, with their status), header first."""
    columns = [name for name in HEADER if not (anonim and name in PRIVATE)]
    kinds = dict(JenisSumber.choices)
    rows = [columns]
    for answer in _answers(gelombang).iterator(chunk_size=2000):
        row = _row(gelombang, answer, kinds)
        rows.append([row[name] for name in columns])
    return rows


def graphml(gelombang: Gelombang, *, anonim: bool) -> bytes:
    """The round as a directed network: an edge from each respondent to each partner it named, with the stage
    it sees and its six ratings (and their trust and value means). Nodes carry a pseudonymous id, and the name
    and sektor unless anonymised."""
    G = nx.DiGraph(name=xml_text(gelombang.nama))
    for answer in _answers(gelombang).iterator(chunk_size=2000):
        source, target = answer.responden.lembaga, answer.mitra
        for lembaga in (source, target):
            G.add_node(lembaga.pk, **_node(lembaga, anonim=anonim))
        rating = (source.pk, target.pk, answer.tahap, *answer.ratings())
        attrs = {"tahap": -1 if answer.tahap is None else answer.tahap, "status": answer.responden.status}
        attrs |= {item: value or 0 for item, value in zip(RATING_ITEMS, answer.ratings(), strict=True)}
        attrs |= {"kepercayaan": scores.trust_of(rating) or 0.0, "manfaat": scores.value_of(rating) or 0.0}
        G.add_edge(source.pk, target.pk, **attrs)
    buffer = io.BytesIO()
    nx.write_graphml(G, buffer)
    return buffer.getvalue()


def _node(lembaga: Lembaga, *, anonim: bool) -> dict[str, str]:
    node = {"id_samaran": pseudonym(lembaga.pk), "sektor": lembaga.sektor}
    if not anonim:
        node |= {"nama": xml_text(lembaga.nama), "kode": xml_text(lembaga.kode), "label": xml_text(lembaga.nama)}
    return node
