"""Forms clean and explain input in Bahasa Indonesia; services do the writing."""

from __future__ import annotations

import datetime
import functools
from pathlib import Path

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from . import access, duplicates, locking, text
from .models import Kebutuhan, Kerjasama, Lembaga, StatusLembaga, SumberDana, SumberDaya, Tahap

PHONE_ERROR = _(
    "Nomor telepon tidak valid. Tulis nomor Indonesia seperti 0812-3456-7890, (0711) 354123 atau +62 812 3456 7890."
)


class LongSelect(forms.Select):
    """A select with many options (the wilayah filter, every filter of a list page), its options written in
    Python: the template widget renders one sub-template per option, which made the wilayah filter most of a
    list page's time. The markup is the template widget's: the first option matching the value is selected."""

    def render(self, name, value, attrs=None, renderer=None):
        options = self._options(self.format_value(value))
        if options is None:  # option groups: the generic context (rare; none of our filters has them)
            context = self.get_context(name, value, attrs)["widget"]
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (option["value"], mark_safe(" selected") if option["selected"] else "", option["label"])
                    for _group, choices, _index in context["optgroups"]
                    for option in choices
                ),
            )
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, _attrs_html(final_attrs), options)

    def _options(self, values: list[str]) -> str | None:
        choices = []
        for value, label in self.choices:
            if isinstance(label, (list, tuple)):
                return None
            safe = hasattr(label, "__html__")  # a label marked safe is written as it is, as the template would
            choices.append(("" if value is None else str(value), str(label), safe))
        return _options_html(tuple(choices), tuple(values))


def _attrs_html(attrs: dict) -> str:
    """Attributes as django/forms/widgets/attrs.html writes them: in order, False left out, True bare."""
    return format_html_join(
        "",
        " {}{}",
        (
            (key, "" if value is True else format_html('="{}"', value))
            for key, value in attrs.items()
            if value is not False
        ),
    )


@functools.lru_cache(maxsize=256)
def _options_html(choices: tuple[tuple[str, str, bool], ...], values: tuple[str, ...]) -> str:
    """The options of a select, remembered: the same few hundred wilayah or forums are offered on every page
    of a list, in the same language."""
    wanted, found, parts = set(values), False, []
    for value, label, safe in choices:
        selected = not found and value in wanted
        found = found or selected
        text = label if safe else escape(label)
        parts.append(f'<option value="{escape(value)}"{" selected" if selected else ""}>{text}</option>')
    return mark_safe("".join(parts))


class DateInput(forms.DateInput):
    """Dates are typed and shown as dd/mm/yyyy whatever the browser's language: a text box with the numeric
    keypad, a format hint and a mask (static/js/formulir.js adds the slashes). A browser's own date picker
    would show mm/dd/yyyy in one browser and dd.mm.yyyy in another, beside dd/mm/yyyy everywhere else. The
    server parses exactly this (and ISO dates, for pasted values): DATE_INPUT_FORMATS in config/formats/."""

    input_type = "text"

    def __init__(self, attrs=None):
        base = {
            "inputmode": "numeric",
            "placeholder": _("hh/bb/tttt"),
            "autocomplete": "off",
            "maxlength": "10",
            "data-tanggal": "",
        }
        super().__init__(attrs=base | (attrs or {}), format="%d/%m/%Y")


def not_in_future(tanggal: datetime.date) -> None:
    if tanggal and tanggal > timezone.localdate():
        raise ValidationError(_("Tanggal tidak boleh di masa depan."))


class CleanTextMixin:
    """Every text field of the form goes through the one text rule (pranata/text.py) before the model sees it."""

    def _clean_fields(self) -> None:
        super()._clean_fields()
        for name, value in list(self.cleaned_data.items()):
            if isinstance(value, str):
                multiline = isinstance(self.fields[name].widget, forms.Textarea)
                self.cleaned_data[name] = text.clean(value, multiline=multiline)


class VersionedForm(CleanTextMixin, forms.ModelForm):
    """A ModelForm that carries the version of the record it was loaded with (optimistic locking, locking.py).

    `cleaned_data["versi"]` goes to the service; a save from an older version is refused there."""

    versi = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["versi"].initial = self.instance.versi
        else:
            del self.fields["versi"]

    def pop_versi(self) -> int | None:
        return self.cleaned_data.pop("versi", None)


class LembagaForm(VersionedForm):
    # Shown (as a checkbox) only after a similar name was found in the kelurahan.
    bukan_duplikat = forms.BooleanField(
        label=_("Ini lembaga lain, bukan lembaga yang namanya mirip"), required=False, widget=forms.HiddenInput
    )
    sumber_dana = forms.MultipleChoiceField(
        label=_("Sumber dana"), choices=SumberDana.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    kontak_telepon = PhoneNumberField(
        label=_("Telepon kontak"),
        region="ID",
        required=False,
        error_messages={"invalid": PHONE_ERROR},
        widget=forms.TextInput(attrs={"inputmode": "tel", "placeholder": "0812-3456-7890"}),
    )

    class Meta:
        model = Lembaga
        fields = [
            "nama",
            "singkatan",
            "jenis",
            "sektor",
            "pranata",
            "wilayah",
            "alamat",
            "tahun_berdiri",
            "jumlah_anggota",
            "kriteria_keanggotaan",
            "sumber_dana",
            "kegiatan_utama",
            "kontak_nama",
            "kontak_telepon",
            "kontak_email",
            "aktif_sejak",
        ]
        widgets = {
            "aktif_sejak": DateInput(),
            "kriteria_keanggotaan": forms.Textarea(attrs={"rows": 2}),
            "kegiatan_utama": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "nama": {"required": _("Nama lembaga wajib diisi.")},
            "sektor": {"required": _("Pilih sektor lembaga.")},
            "pranata": {"required": _("Pilih pranata sosial.")},
            "wilayah": {
                "required": _("Pilih kelurahan/desa tempat lembaga berada."),
                "invalid_choice": _("Kelurahan/desa ini di luar wilayah tugas Anda."),
            },
            "jumlah_anggota": {"min_value": _("Jumlah anggota tidak boleh negatif.")},
            "kontak_email": {"invalid": _("Alamat email tidak valid.")},
            "aktif_sejak": {"required": _("Isi tanggal lembaga mulai aktif."), "invalid": _("Tanggal tidak valid.")},
        }
        help_texts = {
            "aktif_sejak": _(
                "Sejak kapan lembaga ini dihitung dalam jaringan. Kosongkan untuk memakai 1 Januari tahun berdiri, "
                "atau hari ini bila tahun berdiri tidak diketahui."
            )
        }

    def __init__(self, *args, user: AbstractBaseUser, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].queryset = access.editable_kelurahan(user).select_related("induk")
        self.fields["wilayah"].label_from_instance = lambda w: f"{w.nama} ({w.kode})"
        self.fields["tahun_berdiri"].widget.attrs.update({"min": 1800, "max": timezone.localdate().year})
        self.fields["jumlah_anggota"].widget.attrs["min"] = 0
        self.fields["aktif_sejak"].required = bool(self.instance.pk)
        self.fields["aktif_sejak"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("Identitas"),
                "nama",
                "bukan_duplikat",
                Row(Column("singkatan"), Column("jenis")),
                Row(Column("sektor"), Column("pranata")),
            ),
            Fieldset(_("Lokasi"), "wilayah", "alamat"),
            Fieldset(
                _("Organisasi"),
                Row(Column("tahun_berdiri"), Column("aktif_sejak"), Column("jumlah_anggota")),
                "kriteria_keanggotaan",
                "sumber_dana",
                "kegiatan_utama",
            ),
            Fieldset(_("Kontak (data pribadi)"), "kontak_nama", Row(Column("kontak_telepon"), Column("kontak_email"))),
            *(["versi"] if "versi" in self.fields else []),
            Submit("simpan", _("Simpan")),
        )

    def clean_tahun_berdiri(self) -> int | None:
        tahun = self.cleaned_data.get("tahun_berdiri")
        if tahun is not None:
            if tahun > timezone.localdate().year:
                raise ValidationError(_("Tahun berdiri tidak boleh di masa depan."))
            if tahun < 1800:
                raise ValidationError(_("Tahun berdiri terlalu lama; periksa kembali (minimal 1800)."))
        return tahun

    def clean(self) -> dict:
        cleaned = super().clean()
        nama, wilayah = cleaned.get("nama"), cleaned.get("wilayah")
        if nama and wilayah:
            clash = Lembaga.objects.filter(wilayah=wilayah, nama__iexact=nama.strip()).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "nama",
                    _("Sudah ada lembaga bernama “%(nama)s” di %(wilayah)s.") % {"nama": nama, "wilayah": wilayah.nama},
                )
            elif not cleaned.get("bukan_duplikat") and self._name_changed(nama, wilayah):
                self._warn_similar(nama, wilayah)
        cleaned.pop("bukan_duplikat", None)  # a question to the user, not a field of the lembaga
        return cleaned

    def _name_changed(self, nama: str, wilayah) -> bool:
        return not self.instance.pk or self.instance.nama != nama or self.instance.wilayah_id != wilayah.pk

    def _warn_similar(self, nama: str, wilayah) -> None:
        """A name close to another in the kelurahan may be the same lembaga: ask before saving a second one."""
        others = list(Lembaga.objects.filter(wilayah=wilayah).values_list("pk", "nama"))
        found = duplicates.similar_to(nama, others, exclude=self.instance.pk)
        if found:
            self.fields["bukan_duplikat"].widget = forms.CheckboxInput()
            names = ", ".join(f"“{c.nama}”" for c in found[:3])
            self.add_error(
                "nama",
                _(
                    "Mungkin sama dengan %(names)s di %(wilayah)s. Periksa dulu; bila memang lembaga lain, centang "
                    "“Ini lembaga lain” lalu simpan lagi."
                )
                % {"names": names, "wilayah": wilayah.nama},
            )


class _ItemForm(CleanTextMixin, forms.ModelForm):
    prefix_name = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix=self.prefix_name, **kwargs)
        self.fields["uraian"].error_messages["required"] = _("Tulis uraian singkat.")
        self.fields["jenis"].error_messages["required"] = _("Pilih jenis.")
        self.fields["jenis"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["jenis"].choices = [("", _("Pilih jenis…")), *self.fields["jenis"].choices[1:]]
        self.fields["uraian"].widget.attrs.update({"class": "form-control form-control-sm", "placeholder": _("Uraian")})


class SumberDayaForm(_ItemForm):
    prefix_name = "sd"

    class Meta:
        model = SumberDaya
        fields = ["jenis", "uraian"]
        widgets = {"jenis": LongSelect}  # shown on every lembaga page: options written in Python


class KebutuhanForm(_ItemForm):
    prefix_name = "kb"

    class Meta:
        model = Kebutuhan
        fields = ["jenis", "uraian"]
        widgets = {"jenis": LongSelect}


class MasukForm(AuthenticationForm):
    """Django's login form with the words officers use, and a clear message on failure."""

    error_messages = {
        "invalid_login": _("Nama pengguna atau kata sandi salah. Periksa huruf besar/kecil lalu coba lagi."),
        "inactive": _("Akun ini dinonaktifkan. Hubungi admin."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")
        self.fields["password"].label = _("Kata sandi")


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the matching fields, the rest at the top of the form.

    A stale edit (locking.StaleEdit) also sets `form.stale`, so the view can answer 409 Conflict."""
    form.stale = isinstance(exc, locking.StaleEdit)
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


DOKUMEN_TYPES = {".pdf": b"%PDF", ".png": b"\x89PNG", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff"}


def validate_dokumen(upload) -> None:
    """MoU scans: PDF or photo, checked by content (not only the name), and not larger than the limit."""
    limit = settings.MAX_UPLOAD_MB
    if upload.size > limit * 1024 * 1024:
        raise ValidationError(_("Berkas terlalu besar (maksimal %(mb)s MB).") % {"mb": limit})
    suffix = Path(upload.name).suffix.lower()
    magic = DOKUMEN_TYPES.get(suffix)
    head = upload.read(8)
    upload.seek(0)
    if magic is None or not head.startswith(magic):
        raise ValidationError(_("Dokumen harus berupa PDF, JPG atau PNG yang sah."))


class KerjasamaForm(VersionedForm):
    mitra = forms.ModelChoiceField(
        label=_("Lembaga mitra"),
        queryset=Lembaga.objects.none(),
        error_messages={
            "required": _("Pilih lembaga mitra."),
            "invalid_choice": _("Lembaga ini tidak dapat dipilih (tidak aktif atau di luar jangkauan)."),
        },
    )
    bukti = forms.CharField(
        label=_("Bukti/alasan tahap"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Misalnya: hadir bersama di rapat forum 12/03, atau nomor MoU."),
    )

    class Meta:
        model = Kerjasama
        fields = ["tahap", "mulai", "dasar", "dokumen", "sumber_bersama", "kepercayaan", "manfaat", "catatan"]
        widgets = {"mulai": DateInput(), "catatan": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "tahap": {"required": _("Pilih tahap kerjasama.")},
            "mulai": {"required": _("Isi tanggal mulai."), "invalid": _("Tanggal tidak valid.")},
        }

    def __init__(self, *args, mitra_qs: QuerySet | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if mitra_qs is None:
            del self.fields["mitra"]
            del self.fields["bukti"]
            del self.fields["tahap"]
            del self.fields["mulai"]
        else:
            self.fields["mitra"].queryset = mitra_qs
            self.fields["mitra"].label_from_instance = lambda lembaga: f"{lembaga.nama} — {lembaga.wilayah.nama}"
            self.fields["mulai"].validators.append(not_in_future)
            self.order_fields(["mitra", "tahap", "mulai", "bukti"])
        self.fields["dokumen"].validators.append(validate_dokumen)

    def refuse_oversized(self) -> None:
        """The upload was stopped at the door (pranata/uploads.py): say so on the document field."""
        self.is_valid()
        self.errors.pop("dokumen", None)
        self.add_error("dokumen", _("Berkas terlalu besar (maksimal %(mb)s MB).") % {"mb": settings.MAX_UPLOAD_MB})


class TahapForm(CleanTextMixin, forms.Form):
    tahap = forms.TypedChoiceField(label=_("Tahap baru"), choices=Tahap.choices, coerce=int)
    tanggal = forms.DateField(
        label=_("Berlaku mulai"), widget=DateInput(), validators=[not_in_future], initial=timezone.localdate
    )
    bukti = forms.CharField(
        label=_("Bukti/alasan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Tulis bukti atau alasan perubahan tahap.")},
    )


class StatusForm(CleanTextMixin, forms.Form):
    """A dated status change of a lembaga (archive, deactivate, reactivate), with its reason."""

    status = forms.ChoiceField(label=_("Status baru"), choices=StatusLembaga.choices, widget=LongSelect)
    tanggal = forms.DateField(
        label=_("Berlaku mulai"),
        widget=DateInput(),
        validators=[not_in_future],
        initial=timezone.localdate,
        error_messages={"required": _("Isi tanggal perubahan status."), "invalid": _("Tanggal tidak valid.")},
    )
    alasan = forms.CharField(label=_("Alasan"), max_length=255, required=False)

    def __init__(self, *args, lembaga: Lembaga, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(v, label) for v, label in StatusLembaga.choices if v != lembaga.status]
        self.fields["status"].widget.attrs.update({"id": "id_status_baru", "class": "form-select form-select-sm"})
        self.fields["tanggal"].widget.attrs.update(
            {
                "id": "id_status_tanggal",
                "class": "form-control form-control-sm",
            }
        )
        self.fields["alasan"].widget.attrs.update({"id": "id_status_alasan", "class": "form-control form-control-sm"})


class GabungForm(CleanTextMixin, forms.Form):
    """Which of two duplicate lembaga stays; the other is folded into it."""

    simpan = forms.ModelChoiceField(
        label=_("Data yang dipertahankan"),
        queryset=Lembaga.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih lembaga yang datanya dipertahankan.")},
    )
    alasan = forms.CharField(label=_("Alasan"), max_length=200, required=False)
    konfirmasi = forms.BooleanField(
        label=_("Saya sudah memeriksa: keduanya lembaga yang sama."),
        error_messages={"required": _("Centang konfirmasi bahwa keduanya lembaga yang sama.")},
    )

    def __init__(self, *args, pair: list[Lembaga], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["simpan"].queryset = Lembaga.objects.filter(pk__in=[lembaga.pk for lembaga in pair])
        self.fields["simpan"].label_from_instance = lambda lembaga: f"{lembaga.nama} ({lembaga.kode})"
        self.fields["alasan"].widget.attrs["class"] = "form-control"
        self.fields["konfirmasi"].widget.attrs["class"] = "form-check-input"


class AkhiriForm(CleanTextMixin, forms.Form):
    """Ending a tie. It shares the tie page with the stage form, so its ids carry their own prefix (two
    fields with one id would make "Tanggal berakhir" focus "Berlaku mulai")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_akhiri_%s")
        super().__init__(*args, **kwargs)

    tanggal = forms.DateField(
        label=_("Tanggal berakhir"), widget=DateInput(), validators=[not_in_future], initial=timezone.localdate
    )
    alasan = forms.CharField(
        label=_("Alasan"), max_length=255, error_messages={"required": _("Tulis alasan kerjasama berakhir.")}
    )


class TanggalLaporanForm(forms.Form):
    per = forms.DateField(label=_("Per tanggal"), widget=DateInput(), required=False, validators=[not_in_future])


class BandingForm(forms.Form):
    dari = forms.DateField(
        label=_("Sebelum (tanggal)"),
        widget=DateInput(),
        validators=[not_in_future],
        error_messages={"required": _("Isi tanggal sebelum.")},
    )
    sampai = forms.DateField(
        label=_("Sesudah (tanggal)"),
        widget=DateInput(),
        validators=[not_in_future],
        error_messages={"required": _("Isi tanggal sesudah.")},
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("dari") and cleaned.get("sampai") and cleaned["dari"] >= cleaned["sampai"]:
            self.add_error("sampai", _("Tanggal sesudah harus setelah tanggal sebelum."))
        return cleaned
