"""The survey's numbers and codes in the reader's language, written when a page is drawn."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pranata.models import Tahap

from . import dyads
from .dyads import Alasan, Dyad

# The ladder in plain words (the same sentences as the report's stage legend).
LADDER = [
    (0, gettext_lazy("Tidak bekerja sama"), gettext_lazy("Kami tidak bekerja sama dengan lembaga ini.")),
    (1, Tahap.KOMUNIKASI.label, gettext_lazy("Saling kenal dan bertukar informasi.")),
    (
        2,
        Tahap.KOOPERASI.label,
        gettext_lazy("Program masing-masing menuju tujuan bersama; saling memberi saran, tidak tumpang tindih."),
    ),
    (3, Tahap.KOORDINASI.label, gettext_lazy("Merencanakan program bersama agar saling melengkapi tanpa bentrok.")),
    (
        4,
        Tahap.KOLABORASI.label,
        gettext_lazy(
            "Menjalankan satu program/layanan bersama dengan sumber daya yang dibagi; identitas masing-masing tetap."
        ),
    ),
    (
        5,
        Tahap.KONFEDERASI.label,
        gettext_lazy("Program/layanan digabung; tidak ada lagi identitas dan sumber daya terpisah (perlu dokumen)."),
    ),
]

STATUS_LABELS = {
    dyads.DIKONFIRMASI: gettext_lazy("dikonfirmasi"),
    dyads.BERBEDA: gettext_lazy("berbeda"),
    dyads.SATU_PIHAK: gettext_lazy("satu pihak"),
    dyads.TIDAK_DISEBUT: gettext_lazy("tidak disebut"),
}
STATUS_HELP = {
    dyads.DIKONFIRMASI: gettext_lazy("Kedua lembaga menyebut tahap yang sama."),
    dyads.BERBEDA: gettext_lazy("Kedua lembaga menjawab, dengan tahap yang berbeda."),
    dyads.SATU_PIHAK: gettext_lazy("Hanya satu lembaga yang menjawab; yang lain belum mengirim jawabannya."),
    dyads.TIDAK_DISEBUT: gettext_lazy("Lembaga lain sudah menjawab tanpa menyebut pasangan ini."),
}

TRUST_LABELS = (gettext_lazy("keterbukaan"), gettext_lazy("dapat diandalkan"), gettext_lazy("kesamaan misi"))
VALUE_LABELS = (gettext_lazy("pengaruh"), gettext_lazy("kontribusi sumber daya"), gettext_lazy("tingkat keterlibatan"))


def stage_label(stage: int | None) -> str:
    if stage is None:
        return "–"
    if stage == 0:
        return _("tidak bekerja sama")
    return f"{stage} · {Tahap(stage).label}"


def reason(alasan: Alasan, names: dict[str, str] | None = None) -> str:
    """One flag as a sentence. With `names` ({"a": …, "b": …}) it says who said what (for whoever runs the
    round); without, it does not (Dinas Sosial, and the meeting agenda)."""
    v = alasan.nilai
    if alasan.kode == dyads.SELISIH_JAWABAN:
        values = {"x": stage_label(v["a"]), "y": stage_label(v["b"]), "n": abs(v["a"] - v["b"])}
        if names:
            return _("%(a)s menyebut %(x)s, %(b)s menyebut %(y)s: selisih %(n)s tahap.") % (values | names)
        return _("Kedua jawaban berselisih %(n)s tahap (%(x)s dan %(y)s).") % values
    other = v.get("dinyatakan", v.get("bukti"))
    values = {"x": stage_label(v["jawaban"]), "y": stage_label(other), "n": abs(v["jawaban"] - other)}
    if alasan.kode == dyads.SELISIH_DINYATAKAN:
        if names:
            values["siapa"] = names[v["pihak"]]
            return _("Jawaban %(siapa)s (%(x)s) berselisih %(n)s tahap dari tahap yang dinyatakan (%(y)s).") % values
        return _("Sebuah jawaban (%(x)s) berselisih %(n)s tahap dari tahap yang dinyatakan (%(y)s).") % values
    if names:
        values["siapa"] = names[v["pihak"]]
        return _("Jawaban %(siapa)s (%(x)s) berselisih %(n)s tahap dari tahap menurut bukti kegiatan (%(y)s).") % values
    return _("Sebuah jawaban (%(x)s) berselisih %(n)s tahap dari tahap menurut bukti kegiatan (%(y)s).") % values


def agenda_lines(nama_gelombang: str, flagged: list[Dyad], names: dict[int, str]) -> list[str]:
    """The lines put on a meeting's agenda: one per flagged pair, saying what differs but not who said what
    (the agenda is read beyond the round's managers)."""
    header = _("Bahas hasil survei mitra “%(nama)s”:") % {"nama": nama_gelombang}
    lines = [header]
    for dyad in flagged:
        reasons = " ".join(reason(alasan) for alasan in dyad.alasan)
        lines.append(f"- {names.get(dyad.a, dyad.a)} — {names.get(dyad.b, dyad.b)}: {reasons}")
    return lines
