"""Forms of the partner survey: opening a round, and the questionnaire (phone-first, no script needed)."""

from __future__ import annotations

import functools

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from pranata.forms import CleanTextMixin, DateInput, LongSelect
from pranata.models import JenisSumber, Kerjasama, Lembaga, Tingkat

from . import access, presentation, services
from .models import RATING_ITEMS, Gelombang, Responden

# Above this many kelurahan (an admin's whole country) the kelurahan is typed as its code, not picked.
MAX_KELURAHAN_CHOICES = 200
SEARCH_RESULTS = 30


class GelombangForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Gelombang
        fields = ["nama", "tujuan", "forum", "wilayah", "dibuka", "ditutup", "keterangan"]
        widgets = {
            "dibuka": DateInput(),
            "ditutup": DateInput(),
            "keterangan": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "nama": _("Mis. “Pra-program 2026” atau “Pemantauan Juni 2026”."),
            "ditutup": _("Tautan pribadi berlaku sampai akhir tanggal tutup; jawaban dapat diubah sampai saat itu."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["forum"], self.fields["wilayah"]
            return
        forums, kelurahan = access.openable_forum(user), access.openable_wilayah(user)
        self.fields["forum"].queryset = forums
        self.fields["forum"].widget = LongSelect(attrs={"class": "form-select"})
        self.fields["forum"].widget.choices = self.fields["forum"].choices
        self.fields["forum"].help_text = _("Yang ditanya: anggota forum pada tanggal buka.")
        if not kelurahan.exists():
            del self.fields["wilayah"]
            self.fields["forum"].required = True
            return
        field = self.fields["wilayah"]
        field.queryset, field.to_field_name = kelurahan, "kode"
        field.label = _("atau kelurahan/desa")
        field.help_text = _("Yang ditanya: lembaga aktif di kelurahan/desa ini pada tanggal buka.")
        if kelurahan.count() > MAX_KELURAHAN_CHOICES:
            field.widget = forms.TextInput(attrs={"placeholder": "16.71.05.1006", "inputmode": "decimal"})
            field.label = _("atau kode kelurahan/desa")
        else:
            field.widget = LongSelect(attrs={"class": "form-select"})
            field.widget.choices = field.choices
        if not forums.exists():
            del self.fields["forum"]
            field.label, field.required = _("Kelurahan/desa"), True

    def clean(self):
        data = super().clean()
        if "forum" in self.fields and "wilayah" in self.fields and bool(data.get("forum")) == bool(data.get("wilayah")):
            raise ValidationError(_("Pilih forum atau kelurahan/desa, salah satu saja."))
        return data


class _Shared:
    """A field the questionnaire's rows share instead of copying: nothing changes it per form (the row writes its
    own HTML), and deep-copying ten fields with their choices for each of twenty rows was a fifth of the page."""

    def __deepcopy__(self, memo):
        return self


class _ChoiceField(_Shared, forms.TypedChoiceField):
    pass


class _MultipleChoiceField(_Shared, forms.MultipleChoiceField):
    pass


class _CharField(_Shared, forms.CharField):
    pass


class _BooleanField(_Shared, forms.BooleanField):
    pass


def _choice(label, choices, message, *, css: str = "btn-check") -> forms.TypedChoiceField:
    return _ChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect(attrs={"class": css}),
        error_messages={"invalid_choice": message},
    )


RATING_CHOICES = [(n, str(n)) for n in (1, 2, 3, 4)]
RATING_QUESTIONS = {
    "keterbukaan": _("Keterbukaan: seberapa terbuka lembaga ini kepada kami (berbagi informasi, jujur)?"),
    "dapat_diandalkan": _("Dapat diandalkan: seberapa sering lembaga ini menepati janjinya?"),
    "kesamaan_misi": _("Kesamaan misi: seberapa sama tujuan lembaga ini dengan tujuan kami?"),
    "pengaruh": _("Pengaruh: seberapa besar pengaruh lembaga ini di masyarakat?"),
    "kontribusi": _("Kontribusi sumber daya: seberapa besar dana, tempat, tenaga atau keahlian yang diberikannya?"),
    "keterlibatan": _("Keterlibatan: seberapa aktif lembaga ini ikut dalam kegiatan bersama?"),
}


_STAGE = (
    '<div class="form-check form-check-besar"><input type="radio" name="{0}" value="{1}" class="form-check-input" '
    'id="{2}"{3}><label class="form-check-label" for="{2}">{4}</label></div>'
)
_SCALE = (
    '<input type="radio" name="{0}" value="{1}" class="btn-check" id="{2}"{3}>'
    '<label class="btn btn-outline-success" for="{2}">{4}</label>'
)
_KIND = (
    '<div class="form-check form-check-inline"><input type="checkbox" name="{0}" value="{1}" class="form-check-input" '
    'id="{2}"{3}><label class="form-check-label" for="{2}">{4}</label></div>'
)
_SCALE_OPTIONS = [(n, str(n)) for n in (1, 2, 3, 4)]


@functools.lru_cache(maxsize=8)
def _texts(language: str | None) -> dict:
    """The questionnaire's fixed texts in one language, escaped once per process."""
    with translation.override(language):
        texts = {name: escape(question) for name, question in RATING_QUESTIONS.items()}
        return texts | {
            "tahap": escape(_("Tahap kerjasama menurut kami")),
            "stages": [
                (stage, f"{escape(label)}<small>{escape(meaning)}</small>")
                for stage, label, meaning in presentation.LADDER
            ],
            "trust": (
                f'<h3 class="h6 mt-3">{escape(_("Kepercayaan"))} <span class="fw-normal small text-body-secondary">'
                f"{escape(_('(1 rendah – 4 sangat tinggi; kosongkan bila tidak bekerja sama)'))}</span></h3>"
            ),
            "value": f'<h3 class="h6 mt-3">{escape(_("Manfaat"))}</h3>',
            "sumber": escape(_("Sumber daya yang dipertukarkan")),
            "kinds": [(value, escape(label)) for value, label in JenisSumber.choices],
            "tie": f' <span class="badge text-bg-light border fw-normal">{escape(_("tercatat bermitra"))}</span>',
            "catatan": escape(_("Catatan")),
            "hapus": escape(_("Hapus lembaga ini dari jawaban kami")),
        }


class BarisForm(CleanTextMixin, forms.Form):
    """One partner in the questionnaire."""

    tahap = _choice(
        _("Tahap kerjasama menurut kami"),
        [(stage, label) for stage, label, _help in presentation.LADDER],
        _("Pilih salah satu tahap yang tersedia."),
        css="form-check-input",
    )
    keterbukaan = _choice(RATING_QUESTIONS["keterbukaan"], RATING_CHOICES, _("Nilai harus 1 sampai 4."))
    dapat_diandalkan = _choice(RATING_QUESTIONS["dapat_diandalkan"], RATING_CHOICES, _("Nilai harus 1 sampai 4."))
    kesamaan_misi = _choice(RATING_QUESTIONS["kesamaan_misi"], RATING_CHOICES, _("Nilai harus 1 sampai 4."))
    pengaruh = _choice(RATING_QUESTIONS["pengaruh"], RATING_CHOICES, _("Nilai harus 1 sampai 4."))
    kontribusi = _choice(RATING_QUESTIONS["kontribusi"], RATING_CHOICES, _("Nilai harus 1 sampai 4."))
    keterlibatan = _choice(RATING_QUESTIONS["keterlibatan"], RATING_CHOICES, _("Nilai harus 1 sampai 4."))
    sumber = _MultipleChoiceField(
        label=_("Sumber daya yang dipertukarkan"),
        choices=JenisSumber.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": _("Jenis sumber daya tidak dikenal.")},
    )
    catatan = _CharField(
        label=_("Catatan"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    hapus = _BooleanField(
        label=_("Hapus lembaga ini dari jawaban kami"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, mitra: Lembaga, tie: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.mitra, self.tie = mitra, tie

    # The row is written here rather than through the widgets' templates: a lembaga with twenty ties has twenty
    # rows of 37 buttons, and a template per button made the page ten times slower than its 50 ms budget.

    def _checked(self, name: str) -> set[str]:
        value = self[name].value()
        values = value if isinstance(value, (list, tuple)) else [value]
        return {str(v) for v in values if v not in (None, "")}

    def _field_errors(self, name: str) -> list[str]:
        return [f'<div class="invalid-feedback d-block">{escape(error)}</div>' for error in self.errors.get(name, ())]

    def _choices(self, name: str, options: list[tuple], wrap: str) -> list[str]:
        """Each option as an input and its label: `wrap` takes name, value, id, checked, label (escaped)."""
        checked, html_name = self._checked(name), f"{self.prefix}-{name}"
        return [
            wrap.format(html_name, value, f"id_{html_name}_{i}", " checked" if str(value) in checked else "", label)
            for i, (value, label) in enumerate(options)
        ]

    def row_html(self) -> SafeString:
        """The whole row as one piece of HTML: the partner, its stage, the six ratings, the resources, a note."""
        text = _texts(translation.get_language())
        pk, nama = self.mitra.pk, escape(self.mitra.nama)
        parts = [f'<fieldset class="mitra mb-4" id="mitra-{pk}"><legend class="mitra-nama">{nama}']
        parts.append(text["tie"] if self.tie else "")
        parts.append("</legend>")
        parts += [
            f'<div class="alert alert-danger py-2" role="alert">{escape(e)}</div>' for e in self.non_field_errors()
        ]
        parts.append(
            f'<fieldset class="stage-choices mb-3"><legend class="pertanyaan fw-semibold">{text["tahap"]}</legend>'
        )
        parts += self._choices("tahap", text["stages"], _STAGE)
        parts += [*self._field_errors("tahap"), "</fieldset>", text["trust"]]
        for name in RATING_ITEMS:
            if name == RATING_ITEMS[3]:
                parts.append(text["value"])
            parts.append(f'<fieldset class="mb-2"><legend class="pertanyaan">{text[name]}</legend><div class="skala">')
            parts += self._choices(name, _SCALE_OPTIONS, _SCALE)
            parts += ["</div>", *self._field_errors(name), "</fieldset>"]
        parts.append(f'<fieldset class="mt-3 mb-2"><legend class="pertanyaan fw-semibold">{text["sumber"]}</legend>')
        parts += self._choices("sumber", text["kinds"], _KIND)
        parts += [*self._field_errors("sumber"), "</fieldset>", self._note_html(text)]
        return mark_safe("".join(parts))  # every text in it was escaped above

    def _note_html(self, text: dict) -> str:
        prefix = self.prefix
        note = escape(self["catatan"].value() or "")
        invalid = " is-invalid" if "catatan" in self.errors else ""
        hapus = " checked" if self["hapus"].value() else ""
        return (
            f'<label class="form-label pertanyaan fw-semibold" for="id_{prefix}-catatan">{text["catatan"]}</label>'
            f'<textarea name="{prefix}-catatan" id="id_{prefix}-catatan" rows="2" maxlength="500" '
            f'class="form-control{invalid}">{note}</textarea>{"".join(self._field_errors("catatan"))}'
            f'<input type="hidden" name="mitra" value="{self.mitra.pk}">'
            f'<div class="form-check mt-2"><input type="checkbox" name="{prefix}-hapus" id="id_{prefix}-hapus" '
            f'class="form-check-input"{hapus}><label class="form-check-label small" for="id_{prefix}-hapus">'
            f"{text['hapus']}</label></div></fieldset>"
        )

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("hapus")) or not (
            data.get("tahap") is not None
            or any(data.get(name) for name in RATING_ITEMS)
            or data.get("sumber")
            or data.get("catatan")
        )

    def isian(self) -> services.Isian:
        data = self.cleaned_data
        return services.Isian(
            mitra_id=self.mitra.pk,
            tahap=data["tahap"],
            **{name: data[name] for name in RATING_ITEMS},
            sumber=tuple(data["sumber"]),
            catatan=data["catatan"],
        )


def _ints(values: list[str]) -> list[int]:
    found = []
    for value in values:
        try:
            found.append(int(value))
        except (TypeError, ValueError):
            continue
    return found


class Kuesioner:
    """The whole questionnaire of one respondent: a row per partner (its current ties in the round and what it
    answered before, or on a post the rows posted plus the ones it adds), and the search for more partners
    among the round's lembaga. Rows are keyed by the partner's id (prefix `m<id>`), so adding a partner never
    moves what was typed."""

    def __init__(self, responden: Responden, data: QueryDict | None = None, *, tambah: list[str] = ()):
        self.responden, self.data = responden, data
        self.errors: list[str] = []
        self.umum = forms.Form(data)
        self.saved = {row.mitra_id: row for row in responden.jawaban.all()}
        scope = Responden.objects.filter(gelombang=responden.gelombang_id).exclude(lembaga_id=responden.lembaga_id)
        self.scope_ids = scope.values("lembaga_id")
        self.ties = set(self._tie_partners())
        self.duplicates: set[int] = set()
        ids = self._posted_ids(tambah) if data is not None else list(self.ties | set(self.saved))
        partners = self._partners(ids)
        if data is None:  # current ties first, then the others, by name
            ids = sorted(partners, key=lambda pk: (pk not in self.ties, partners[pk].nama.lower(), pk))
        self.rows = [self._row(partners[pk]) for pk in ids if pk in partners]

    # --- building ----------------------------------------------------------------------------------

    def _tie_partners(self) -> list[int]:
        """The lembaga's current ties (those outside the round are dropped with the partners' look-up)."""
        lembaga_id, today = self.responden.lembaga_id, timezone.localdate()
        ties = Kerjasama.objects.of(self.responden.lembaga).existing_on(today).order_by()
        return [b if a == lembaga_id else a for a, b in ties.values_list("lembaga_a_id", "lembaga_b_id")]

    def _posted_ids(self, tambah: list[str]) -> list[int]:
        posted = _ints(self.data.getlist("mitra"))
        self.duplicates = {pk for pk in posted if posted.count(pk) > 1}
        return list(dict.fromkeys(posted + _ints(tambah)))

    def _partners(self, ids: list[int]) -> dict[int, Lembaga]:
        """The round's lembaga among `ids` (the others are refused on a post, and quietly left out of a page)."""
        in_round = Responden.objects.filter(gelombang=self.responden.gelombang_id, lembaga_id__in=ids)
        in_round = in_round.exclude(lembaga_id=self.responden.lembaga_id).values("lembaga_id")
        found = {lembaga.pk: lembaga for lembaga in Lembaga.objects.filter(pk__in=in_round).only("pk", "nama")}
        if self.data is not None and len(found) < len(set(ids)):
            self.errors.append(str(_("Ada lembaga yang tidak termasuk survei ini; baris itu tidak ditampilkan.")))
        for pk in sorted(self.duplicates):
            if pk in found:
                self.errors.append(
                    str(
                        _("“%(nama)s” tercantum dua kali; satu lembaga hanya dinilai sekali.")
                        % {"nama": found[pk].nama}
                    )
                )
        return found

    def _row(self, mitra: Lembaga) -> BarisForm:
        saved = self.saved.get(mitra.pk)
        initial = {}
        if saved is not None:
            initial = {name: getattr(saved, name) for name in ("tahap", *RATING_ITEMS, "sumber", "catatan")}
        return BarisForm(self.data, prefix=f"m{mitra.pk}", initial=initial, mitra=mitra, tie=mitra.pk in self.ties)

    @property
    def versi(self) -> str:
        """The version the page was loaded at: a save from an older one is refused (pranata.locking)."""
        return self.data.get("versi", "") if self.data is not None else str(self.responden.versi)

    # --- reading -----------------------------------------------------------------------------------

    def is_valid(self) -> bool:
        return all([row.is_valid() for row in self.rows]) and not self.errors

    def isian(self) -> list[services.Isian]:
        return [row.isian() for row in self.rows if not row.is_blank()]

    def add_service_errors(self, exc: ValidationError) -> None:
        """A service's errors on the row they concern (keyed by partner id), the rest at the top."""
        rows = {str(row.mitra.pk): row for row in self.rows}
        if not hasattr(exc, "error_dict"):
            self.umum.add_error(None, exc)
            return
        for key, errors in exc.error_dict.items():
            (rows.get(key) or self.umum).add_error(None, errors)

    @property
    def messages(self) -> list[str]:
        """Every problem on the page, for the summary at the top."""
        found = list(self.errors) + list(self.umum.non_field_errors())
        if self.data is None:
            return found
        for row in self.rows:
            found += [f"{row.mitra.nama}: {error}" for error in row.non_field_errors()]
            if any(row[name].errors for name in row.fields):
                found.append(str(_("%(nama)s: ada isian yang perlu diperbaiki.") % {"nama": row.mitra.nama}))
        return found

    def _small_round(self) -> bool:
        """A forum's or a kelurahan's round (the pages open only those) lists its lembaga; a wider one does not."""
        gelombang = self.responden.gelombang
        return bool(gelombang.forum_id) or gelombang.wilayah.tingkat == Tingkat.KELURAHAN

    def candidates(self, text: str) -> tuple[list[Lembaga], bool]:
        """Lembaga of the round not yet in the questionnaire matching `text`, at most SEARCH_RESULTS; the flag
        says whether more matched. With no text: the round's lembaga, or in a round wider than a kelurahan
        those of the lembaga's own kelurahan/desa (a kabupaten-wide round is searched, not listed)."""
        listed = [row.mitra.pk for row in self.rows]
        found = Lembaga.objects.filter(pk__in=self.scope_ids).exclude(pk__in=listed)
        if text:
            found = found.filter(Q(nama__icontains=text) | Q(singkatan__icontains=text))
        elif not self._small_round():
            found = found.filter(wilayah_id=self.responden.lembaga.wilayah_id)
        rows = list(found.order_by("nama", "pk")[: SEARCH_RESULTS + 1])
        return rows[:SEARCH_RESULTS], len(rows) > SEARCH_RESULTS
