"""Import from spreadsheets: upload → dry-run preview with every row's fate → confirm (one transaction)."""

from __future__ import annotations

import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import access, exports, imports
from ..imports.runner import LABELS


class UploadForm(forms.Form):
    jenis = forms.ChoiceField(label=gettext_lazy("Data yang diimpor"), choices=list(LABELS.items()))
    berkas = forms.FileField(
        label=gettext_lazy("Berkas CSV atau XLSX"),
        error_messages={
            "required": gettext_lazy("Pilih berkas yang akan diimpor."),
            "empty": gettext_lazy("Berkas kosong."),
        },
    )

    def clean_berkas(self):
        upload = self.cleaned_data["berkas"]
        limit = settings.SIMPUL_IMPORT_MAX_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                _("Berkas terlalu besar (%(mb).0f MB); batasnya %(limit)s MB.")
                % {"mb": upload.size / 1048576, "limit": limit}
            )
        return upload


def _staging(user) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "impor" / str(user.pk)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@login_required
def impor(request: HttpRequest) -> HttpResponse:
    access.require_registry_editor(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["berkas"]
        token = f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()[:6]}"
        path = _staging(request.user) / token
        path.write_bytes(upload.read())
        return _preview(request, form.cleaned_data["jenis"], path, upload.name, form)
    return render(request, "pranata/impor.html", {"form": form, "kinds": LABELS})


def _preview(request: HttpRequest, kind: str, path: Path, filename: str, form=None) -> HttpResponse:
    try:
        result = imports.plan(kind, path.read_bytes(), filename, request.user)
    except imports.ImportFileError as exc:
        path.unlink(missing_ok=True)
        form = form or UploadForm(initial={"jenis": kind})
        form.add_error("berkas", str(exc))
        return render(request, "pranata/impor.html", {"form": form, "kinds": LABELS}, status=400)
    if not result.ok:
        path.unlink(missing_ok=True)  # the fixed file is uploaded again; nothing to keep
    context = {"plan": result, "token": path.name, "filename": filename, "kind": kind, "label": LABELS[kind]}
    return render(request, "pranata/impor_pratinjau.html", context)


@login_required
def impor_konfirmasi(request: HttpRequest) -> HttpResponse:
    access.require_registry_editor(request.user)
    if request.method != "POST":
        return redirect("pranata:impor")
    kind, token = request.POST.get("jenis", ""), request.POST.get("token", "")
    path = _staging(request.user) / Path(token).name
    if kind not in imports.KINDS or not token or not path.exists():
        messages.error(request, _("Berkas pratinjau sudah tidak ada; unggah lagi."))
        return redirect("pranata:impor")
    result = imports.plan(kind, path.read_bytes(), request.POST.get("filename", token), request.user)
    if not result.ok:
        return _preview(request, kind, path, request.POST.get("filename", token))
    counts = imports.apply(result, request.user)
    path.unlink(missing_ok=True)
    messages.success(request, _("Impor selesai: %(baru)s baru, %(berubah)s berubah, %(tetap)s tetap.") % counts)
    return redirect("pranata:lembaga-list" if kind != "kerjasama" else "pranata:impor")


@login_required
def templat(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in imports.KINDS or fmt not in {"csv", "xlsx"}:
        raise Http404(_("Templat tidak dikenal."))
    rows = imports.template_rows(kind)
    if fmt == "csv":
        body, content_type = exports.to_csv(rows), "text/csv"
    else:
        body, content_type = (
            exports.sheets_to_xlsx({kind: rows, "petunjuk": imports.template_guide(kind)}),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="templat-{kind}.{fmt}"'
    return response
