"""Forms of pendampingan: each validates and explains itself in the user's language and keeps what was typed;
the rules themselves live in services.py (a form only shapes input for them)."""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from pranata import access as pranata_access
from pranata.forms import PHONE_ERROR, BandingForm, CleanTextMixin, DateInput, VersionedForm

from .models import TEKNIK_TUGAS, Kegiatan, Pelatihan, Pendamping, Teknik, Tugas

DATE_ERRORS = {"required": _("Tanggal wajib diisi."), "invalid": _("Tanggal tidak valid; tulis hh/bb/tttt.")}


def _teknik_choices() -> list:
    """Techniques grouped under their task, so the list reads as the 4P table of the source."""
    groups = [("", "—")]
    for tugas, label in Tugas.choices:
        groups.append((label, [(t, tl) for t, tl in Teknik.choices if TEKNIK_TUGAS[t] == tugas]))
    return groups


class PendampingForm(VersionedForm):
    telepon = PhoneNumberField(
        label=_("Telepon"),
        region="ID",
        required=False,
        error_messages={"invalid": PHONE_ERROR},
        widget=forms.TextInput(attrs={"inputmode": "tel", "placeholder": "0812-3456-7890"}),
    )

    class Meta:
        model = Pendamping
        fields = ["nama", "jenis", "wilayah", "telepon", "email", "mulai", "selesai", "calon", "catatan"]
        widgets = {"mulai": DateInput(), "selesai": DateInput(), "catatan": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "nama": {"required": _("Nama wajib diisi.")},
            "jenis": {"required": _("Pilih jenis pendamping.")},
            "wilayah": {
                "required": _("Pilih wilayah kerja."),
                "invalid_choice": _("Wilayah ini di luar wilayah tugas Anda."),
            },
            "email": {"invalid": _("Alamat email tidak valid.")},
            "mulai": DATE_ERRORS,
            "selesai": {"invalid": DATE_ERRORS["invalid"]},
        }
        help_texts = {
            "calon": _("Centang untuk calon relawan yang baru ikut pembekalan dan belum bertugas."),
            "wilayah": _("Kelurahan/desa, kecamatan atau kabupaten tempat ia bekerja."),
        }

    def __init__(self, *args, user: AbstractBaseUser, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].queryset = pranata_access.visible_wilayah(user).order_by("kode")
        self.fields["wilayah"].label_from_instance = lambda w: f"{w.nama} ({w.kode})"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "nama",
            Row(Column("jenis", css_class="col-md-6"), Column("wilayah", css_class="col-md-6")),
            Row(Column("telepon", css_class="col-md-6"), Column("email", css_class="col-md-6")),
            Row(Column("mulai", css_class="col-6"), Column("selesai", css_class="col-6")),
            "calon",
            "catatan",
            *(["versi"] if "versi" in self.fields else []),
            Submit("simpan", _("Simpan"), css_class="btn-success btn-lg"),
        )


class PenugasanForm(CleanTextMixin, forms.Form):
    forum = forms.ModelChoiceField(label=_("Forum"), queryset=None, required=False, empty_label="—")
    lembaga = forms.ModelChoiceField(label=_("atau lembaga"), queryset=None, required=False, empty_label="—")
    mulai = forms.DateField(label=_("Mulai"), widget=DateInput(), error_messages=DATE_ERRORS)

    def __init__(self, *args, forums, lembaga, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = forums
        self.fields["lembaga"].queryset = lembaga.select_related("wilayah").order_by("nama", "pk")
        self.fields["lembaga"].label_from_instance = lambda lem: f"{lem.nama} ({lem.wilayah.nama})"
        self.fields["forum"].error_messages["invalid_choice"] = _("Forum ini tidak dapat Anda pilih.")
        self.fields["lembaga"].error_messages["invalid_choice"] = _("Lembaga ini tidak dapat Anda pilih.")

    def clean(self):
        data = super().clean()
        if bool(data.get("forum")) == bool(data.get("lembaga")) and not self.errors:
            raise forms.ValidationError(_("Pilih satu forum atau satu lembaga (tidak keduanya)."))
        return data


class AkhiriPenugasanForm(forms.Form):
    selesai = forms.DateField(label=_("Hari terakhir penugasan"), widget=DateInput(), error_messages=DATE_ERRORS)


class KegiatanForm(VersionedForm):
    """The log form, made for a phone: the forum/lembaga offered are the ones assigned to the pendamping."""

    class Meta:
        model = Kegiatan
        fields = [
            "tanggal",
            "forum",
            "lembaga",
            "pertemuan",
            "tugas",
            "teknik",
            "peran_penyuluh",
            "uraian",
            "hasil",
            "tindak_lanjut",
            "sumber_jenis",
            "sumber_daya",
        ]
        widgets = {
            "tanggal": DateInput(),
            "tugas": forms.RadioSelect,
            "uraian": forms.Textarea(attrs={"rows": 3}),
            "hasil": forms.Textarea(attrs={"rows": 2}),
            "tindak_lanjut": forms.Textarea(attrs={"rows": 2}),
            "sumber_daya": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "tanggal": DATE_ERRORS,
            "tugas": {"required": _("Pilih tugas pendampingan (4P).")},
            "uraian": {"required": _("Tulis apa yang dilakukan.")},
        }
        help_texts = {
            "pertemuan": _("Bila kegiatan ini berlangsung di pertemuan forum."),
            "sumber_daya": _("Sumber daya lembaga yang dimobilisasi, bila tercatat di Simpul."),
        }

    def __init__(self, *args, pendamping: Pendamping, forums, lembaga, pertemuan, sumber_daya, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = forums
        self.fields["lembaga"].queryset = lembaga.order_by("nama", "pk")
        self.fields["pertemuan"].queryset = pertemuan.select_related("forum")
        self.fields["sumber_daya"].queryset = sumber_daya.select_related("lembaga")
        self.fields["sumber_daya"].label_from_instance = lambda s: (
            f"{s.lembaga.nama}: {s.get_jenis_display()} — {s.uraian}"
        )
        self.fields["teknik"].choices = _teknik_choices()
        self.fields["tugas"].choices = list(Tugas.choices)
        if not pendamping.is_penyuluh:
            del self.fields["peran_penyuluh"]
        if not self.instance.pk:
            self.fields["tanggal"].initial = timezone.localdate()
        for name in ("forum", "lembaga", "pertemuan"):
            self.fields[name].empty_label = "—"
            self.fields[name].error_messages["invalid_choice"] = _("Pilihan ini tidak dapat Anda pilih.")


class PelatihanForm(CleanTextMixin, forms.ModelForm):
    peserta = forms.ModelMultipleChoiceField(
        label=_("Peserta"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Pelatihan
        fields = ["nama", "penyelenggara", "wilayah", "mulai", "selesai", "tempat", "materi"]
        widgets = {"mulai": DateInput(), "selesai": DateInput(), "materi": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "nama": {"required": _("Nama pelatihan wajib diisi.")},
            "penyelenggara": {"required": _("Isi penyelenggara, mis. Dinas Sosial Provinsi.")},
            "wilayah": {
                "required": _("Pilih wilayah."),
                "invalid_choice": _("Wilayah ini di luar wilayah tugas Anda."),
            },
            "mulai": DATE_ERRORS,
            "selesai": DATE_ERRORS,
        }

    def __init__(self, *args, user: AbstractBaseUser, peserta, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].queryset = pranata_access.visible_wilayah(user).order_by("kode")
        self.fields["wilayah"].label_from_instance = lambda w: f"{w.nama} ({w.kode})"
        self.fields["peserta"].queryset = peserta
        self.fields["peserta"].label_from_instance = lambda p: f"{p.nama} — {p.get_jenis_display()}"

    def clean(self):
        data = super().clean()
        mulai, selesai = data.get("mulai"), data.get("selesai")
        if mulai and selesai and selesai < mulai:
            self.add_error("selesai", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data


class PeriodeForm(BandingForm):
    """A period (dari … sampai) for a list or a report; the comparison form's rules with a period's labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dari"].label = _("Dari")
        self.fields["sampai"].label = _("Sampai")
        for name in ("dari", "sampai"):
            self.fields[name].widget.attrs["class"] = "form-control form-control-sm"

    @classmethod
    def read(cls, params, *, default_days: int):
        """(form, start, end): the period asked for, or the last `default_days` when none or a wrong one."""
        today = timezone.localdate()
        fallback = today - datetime.timedelta(days=default_days)
        form = cls(params if "dari" in params or "sampai" in params else {"dari": fallback, "sampai": today})
        if form.is_valid():
            return form, form.cleaned_data["dari"], form.cleaned_data["sampai"]
        return form, fallback, today
