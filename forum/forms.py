"""Forum forms: quick to fill on a phone after an evening meeting, with Indonesian messages."""

from __future__ import annotations

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pranata.forms import CleanTextMixin, DateInput, VersionedForm, not_in_future
from pranata.models import Lembaga, SumberDaya

from . import services
from .models import (
    JenisPertemuan,
    KategoriPMKS,
    Kontribusi,
    PeranAnggota,
    PeranProgram,
    Pertemuan,
    ProgramBersama,
    StatusProgram,
    StatusTindakLanjut,
)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def lembaga_label(lembaga: Lembaga) -> str:
    return lembaga.nama


class PertemuanForm(VersionedForm):
    """A meeting's details. A new meeting's form carries a one-time token, so posting it twice (double tap,
    slow network, the browser's "resend") finds the meeting already saved instead of making a second."""

    token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["token"]
        else:
            self.fields["token"].initial = uuid.uuid4

    class Meta:
        model = Pertemuan
        fields = ["tanggal", "jam_mulai", "tempat", "jenis", "agenda", "notulen"]
        widgets = {
            "tanggal": DateInput(),
            "jam_mulai": TimeInput(),
            "agenda": forms.Textarea(attrs={"rows": 2}),
            "notulen": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "tanggal": {"required": _("Isi tanggal pertemuan."), "invalid": _("Tanggal tidak valid.")},
            "jam_mulai": {"invalid": _("Jam tidak valid (contoh 19:30).")},
        }


class HadirForm(CleanTextMixin, forms.Form):
    """One row of the attendance checklist: a member lembaga, ticked when it came."""

    lembaga = forms.IntegerField(widget=forms.HiddenInput)
    hadir = forms.BooleanField(required=False)
    perwakilan = forms.CharField(label=_("Perwakilan"), required=False, max_length=100)
    jumlah_orang = forms.IntegerField(
        label=_("Jumlah orang"),
        min_value=1,
        max_value=500,
        initial=1,
        required=False,
        error_messages={"min_value": _("Minimal 1 orang."), "max_value": _("Terlalu banyak; periksa kembali.")},
    )


# Rows a meeting may have: generous for any real meeting, and a bound on what a POST can make the server build.
MAX_ROWS = 30

HadirFormSet = forms.formset_factory(HadirForm, extra=0, max_num=1000, absolute_max=1000)


class TamuForm(CleanTextMixin, forms.Form):
    lembaga = forms.ModelChoiceField(
        label=_("Lembaga tamu"),
        queryset=Lembaga.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Lembaga tamu tidak ditemukan di wilayah Anda.")},
    )
    perwakilan = forms.CharField(label=_("Perwakilan"), required=False, max_length=100)
    jumlah_orang = forms.IntegerField(label=_("Jumlah orang"), min_value=1, initial=1, required=False)

    def __init__(self, *args, tamu_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if tamu_qs is not None:
            self.fields["lembaga"].queryset = tamu_qs
            self.fields["lembaga"].label_from_instance = lambda lem: f"{lem.nama} — {lem.wilayah.nama}"


TamuFormSet = forms.formset_factory(TamuForm, extra=1, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True)


class MemberChoiceForm(CleanTextMixin, forms.Form):
    """A form whose `lembaga` field offers the forum's members (given per meeting)."""

    def __init__(self, *args, anggota_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if anggota_qs is not None:
            self.fields["lembaga"].queryset = anggota_qs
            self.fields["lembaga"].label_from_instance = lembaga_label


class SepakatForm(MemberChoiceForm):
    isi = forms.CharField(label=_("Isi kesepakatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    lembaga = forms.ModelMultipleChoiceField(
        label=_("Lembaga yang terikat"),
        queryset=Lembaga.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("lembaga") and not cleaned.get("isi", "").strip():
            self.add_error("isi", _("Tulis isi kesepakatan, atau kosongkan pilihan lembaganya."))
        if cleaned.get("isi", "").strip() and not cleaned.get("lembaga"):
            self.add_error("lembaga", _("Pilih sedikitnya satu lembaga yang terikat kesepakatan ini."))
        return cleaned


SepakatFormSet = forms.formset_factory(SepakatForm, extra=2, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True)


class LanjutForm(MemberChoiceForm):
    uraian = forms.CharField(label=_("Tindak lanjut"), required=False, max_length=255)
    lembaga = forms.ModelChoiceField(label=_("Penanggung jawab"), queryset=Lembaga.objects.none(), required=False)
    tenggat = forms.DateField(label=_("Tenggat"), required=False, widget=DateInput())
    kesepakatan_no = forms.TypedChoiceField(
        label=_("Dari kesepakatan"),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args, agreements: int = 2, **kwargs):
        super().__init__(*args, **kwargs)
        # One choice per agreement row on the same page (the page adds one when a row is added).
        self.fields["kesepakatan_no"].choices = [
            ("", _("— tidak terkait —")),
            *[(n, _("Kesepakatan %s") % n) for n in range(1, agreements + 1)],
        ]
        self.fields["kesepakatan_no"].widget.attrs.update(
            {"data-nomor-pilihan": "s", "data-label": _("Kesepakatan %s")}
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("uraian", "").strip() and not cleaned.get("lembaga"):
            self.add_error("lembaga", _("Pilih lembaga penanggung jawab."))
        if cleaned.get("lembaga") and not cleaned.get("uraian", "").strip():
            self.add_error("uraian", _("Tulis tindak lanjutnya."))
        return cleaned


LanjutFormSet = forms.formset_factory(LanjutForm, extra=2, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True)


class AnggotaForm(CleanTextMixin, forms.Form):
    lembaga = forms.ModelChoiceField(
        label=pgettext_lazy("one institution", "Lembaga"),
        queryset=Lembaga.objects.none(),
        error_messages={
            "required": _("Pilih lembaga."),
            "invalid_choice": _("Lembaga ini sudah menjadi anggota, tidak aktif, atau di luar wilayah forum."),
        },
    )
    peran = forms.ChoiceField(label=_("Peran"), choices=PeranAnggota.choices, initial=PeranAnggota.ANGGOTA)
    mulai = forms.DateField(
        label=_("Bergabung"), widget=DateInput(), initial=timezone.localdate, validators=[not_in_future]
    )

    def __init__(self, *args, lembaga_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lembaga"].queryset = lembaga_qs
        self.fields["lembaga"].label_from_instance = lambda lem: f"{lem.nama} — {lem.wilayah.nama}"


class KeluarForm(CleanTextMixin, forms.Form):
    selesai = forms.DateField(label=_("Tanggal keluar"), widget=DateInput(), initial=timezone.localdate)


class StatusTindakLanjutForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=StatusTindakLanjut.choices)


class PertemuanFilterForm(forms.Form):
    forum = forms.ModelChoiceField(label=_("Forum"), queryset=None, required=False, empty_label=_("Semua forum"))
    dari = forms.DateField(label=_("Dari"), required=False, widget=DateInput())
    sampai = forms.DateField(label=_("Sampai"), required=False, widget=DateInput())
    jenis = forms.ChoiceField(
        label=_("Jenis"), choices=[("", _("Semua jenis")), *JenisPertemuan.choices], required=False
    )
    # Meetings a lembaga attended (the link under its page's attendance): kept through the filter bar.
    hadir = forms.ModelChoiceField(
        label=_("Dihadiri"),
        queryset=Lembaga.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Lembaga yang dipilih tidak ditemukan.")},
    )

    def __init__(self, *args, forum_qs, lembaga_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = forum_qs
        self.fields["hadir"].queryset = lembaga_qs
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )


class ProgramForm(CleanTextMixin, forms.ModelForm):
    peserta = forms.ModelMultipleChoiceField(
        label=_("Lembaga peserta"),
        queryset=Lembaga.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih lembaga peserta.")},
    )
    pelaksana_utama = forms.ModelChoiceField(
        label=_("Pelaksana utama"), queryset=Lembaga.objects.none(), required=False
    )
    penyandang_dana = forms.ModelMultipleChoiceField(
        label=_("Penyandang dana"), queryset=Lembaga.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    sumber = forms.ModelMultipleChoiceField(
        label=_("Sumber daya yang dihimpun"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ProgramBersama
        fields = ["nama", "forum", "wilayah", "status", "mulai", "selesai", "deskripsi"]
        widgets = {"mulai": DateInput(), "selesai": DateInput(), "deskripsi": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "nama": {"required": _("Nama program wajib diisi.")},
            "mulai": {"required": _("Isi tanggal mulai.")},
            "wilayah": {"required": _("Pilih wilayah program.")},
        }

    def __init__(self, *args, lembaga_qs, sumber_qs, forum_qs, wilayah_qs, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("peserta", "pelaksana_utama", "penyandang_dana"):
            self.fields[name].queryset = lembaga_qs
            self.fields[name].label_from_instance = lembaga_label
        self.fields["sumber"].queryset = sumber_qs
        self.fields["sumber"].label_from_instance = lambda s: f"{s.lembaga.nama}: {s.get_jenis_display()} — {s.uraian}"
        self.fields["forum"].queryset = forum_qs
        self.fields["wilayah"].queryset = wilayah_qs
        self.fields["status"].choices = StatusProgram.choices

    def clean(self) -> dict:
        cleaned = super().clean()
        mulai, selesai = cleaned.get("mulai"), cleaned.get("selesai")
        if mulai and selesai and selesai < mulai:
            self.add_error("selesai", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return cleaned

    def participants(self) -> list[tuple[Lembaga, str]]:
        """Roles per participant: the main implementer and funders as ticked, everyone else mitra."""
        main, funders = self.cleaned_data.get("pelaksana_utama"), set(self.cleaned_data.get("penyandang_dana") or [])
        roles = []
        for lembaga in self.cleaned_data["peserta"]:
            peran = PeranProgram.MITRA
            if lembaga == main:
                peran = PeranProgram.PELAKSANA_UTAMA
            elif lembaga in funders:
                peran = PeranProgram.PENYANDANG_DANA
            roles.append((lembaga, peran))
        return roles


class PenerimaForm(forms.Form):
    kategori = forms.ChoiceField(label=_("Kategori PMKS"), choices=[("", "—"), *KategoriPMKS.choices], required=False)
    jumlah = forms.IntegerField(label=_("Jumlah"), min_value=0, required=False)


PenerimaFormSet = forms.formset_factory(PenerimaForm, extra=3)


# --- the programme ledger ----------------------------------------------------------------------------------

# Rupiah as offices write it: "1500000", "1.500.000", "Rp 1.500.000" (or with commas, as in an English sheet).
_RUPIAH = re.compile(r"-?(\d{1,3}([.,]\d{3})+|\d+)")
# Units offered while typing (any other may be written): people, days, parcels, square metres, ...
SATUAN_UMUM = ["orang", "hari", "jam", "kali", "paket", "unit", "buah", "kg", "liter", "m²", "bulan", "rupiah"]


class RupiahField(forms.IntegerField):
    """Whole rupiah, typed with or without "Rp" and thousands dots; shown back with dots (1.500.000)."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    default_error_messages = {
        "invalid": _("Tulis nilai dalam rupiah tanpa sen, mis. 1.500.000."),
        "min_value": _("Nilai tidak boleh negatif."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"^rp\.?", "", value.strip(), flags=re.IGNORECASE).replace(" ", "")
            if value and not _RUPIAH.fullmatch(value):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            value = value.replace(".", "").replace(",", "")
        return super().to_python(value)

    def widget_attrs(self, widget):
        # No min/max attributes: the browser would refuse "1.500.000" in a number box before the server sees it.
        return {}

    def prepare_value(self, value):
        return f"{value:,}".replace(",", ".") if isinstance(value, int) else value


class KontribusiForm(CleanTextMixin, forms.ModelForm):
    """One entry of a programme's ledger: who gave what, how much, worth how much, when."""

    tanggal = forms.DateField(
        label=_("Tanggal diberikan"),
        widget=DateInput(),
        initial=timezone.localdate,
        validators=[not_in_future],
        error_messages={"required": _("Isi tanggal kontribusi diberikan."), "invalid": _("Tanggal tidak valid.")},
    )
    jumlah = forms.DecimalField(
        label=_("Jumlah"),
        max_digits=12,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "required": _("Isi jumlahnya, mis. 3 (orang) atau 1 (paket)."),
            "invalid": _("Jumlah harus berupa angka, mis. 3 atau 2,5."),
            "max_digits": _("Jumlah terlalu besar; periksa kembali."),
            "max_decimal_places": _("Jumlah paling banyak dua angka di belakang koma."),
            "max_whole_digits": _("Jumlah terlalu besar; periksa kembali."),
        },
    )
    nilai = RupiahField(
        label=_("Taksiran nilai (Rp)"),
        required=False,
        max_value=10**15,
        help_text=_("Perkiraan nilai dalam rupiah; boleh kosong bila belum ditaksir, wajib untuk kontribusi tunai."),
    )

    class Meta:
        model = Kontribusi
        fields = [
            "tanggal",
            "lembaga",
            "jenis",
            "sumber_daya",
            "uraian",
            "jumlah",
            "satuan",
            "bentuk",
            "nilai",
            "catatan",
        ]
        widgets = {
            "satuan": forms.TextInput(attrs={"list": "satuan-umum", "autocomplete": "off"}),
            "bentuk": forms.RadioSelect,
            "catatan": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "lembaga": {
                "required": _("Pilih lembaga yang memberi."),
                "invalid_choice": _("Lembaga ini bukan peserta program."),
            },
            "jenis": {"required": _("Pilih jenis sumber daya.")},
            "sumber_daya": {"invalid_choice": _("Sumber daya ini bukan milik lembaga peserta program.")},
            "uraian": {"required": _("Tulis apa yang diberikan, mis. “Tenaga kader posyandu”.")},
            "satuan": {"required": _("Isi satuannya, mis. orang, hari, paket atau m².")},
        }
        help_texts = {"sumber_daya": _("Bila yang diberikan tercatat di daftar sumber daya lembaga itu.")}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        participants = Lembaga.objects.filter(program__program=program).order_by("nama")
        self.fields["lembaga"].queryset = participants
        self.fields["lembaga"].label_from_instance = lembaga_label
        self.fields["sumber_daya"].queryset = (
            SumberDaya.objects.filter(lembaga__in=participants)
            .select_related("lembaga")
            .order_by("lembaga__nama", "pk")
        )
        self.fields["sumber_daya"].label_from_instance = lambda s: (
            f"{s.lembaga.nama}: {s.get_jenis_display()} — {s.uraian}"
        )
        self.fields["sumber_daya"].empty_label = _("— tidak terkait —")

    def clean_tanggal(self):
        """The programme's own date rule, told here too so every mistake shows at once."""
        tanggal = self.cleaned_data["tanggal"]
        try:
            services.check_contribution_date(program=self.instance.program, tanggal=tanggal)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["tanggal"]) from None
        return tanggal

    def clean_jumlah(self):
        jumlah = self.cleaned_data["jumlah"]
        if jumlah is not None and jumlah <= 0:
            raise forms.ValidationError(_("Jumlah harus lebih dari 0."))
        return jumlah

    def ledger_fields(self) -> dict:
        """The cleaned values the ledger's services take."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
