"""Import from spreadsheets: upload → dry-run preview with every row's fate → confirm (one transaction)."""

from __future__ import annotations

import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import access, exports, imports, uploads, web
from ..imports import staging
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


@login_required
def impor(request: HttpRequest) -> HttpResponse:
    access.require_registry_editor(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if uploads.too_big(request):
        message = _("Berkas terlalu besar; batasnya %(limit)s MB.") % {"limit": settings.SIMPUL_IMPORT_MAX_MB}
        form.is_valid()
        form.errors.pop("berkas", None)
        form.add_error("berkas", message)
        return render(request, "pranata/impor.html", {"form": form, "kinds": LABELS}, status=413)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["berkas"]
        token = f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()[:6]}"
        path = staging.folder(request.user) / token
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
@require_POST
def impor_batal(request: HttpRequest) -> HttpResponse:
    """Cancel a preview: its staged file goes at once (never kept for a preview nobody confirms)."""
    access.require_registry_editor(request.user)
    (staging.folder(request.user) / Path(request.POST.get("token", "") or "-").name).unlink(missing_ok=True)
    messages.info(request, _("Impor dibatalkan; tidak ada yang disimpan."))
    return redirect("pranata:impor")


@login_required
def impor_konfirmasi(request: HttpRequest) -> HttpResponse:
    access.require_registry_editor(request.user)
    if request.method != "POST":
        return redirect("pranata:impor")
    kind, token = request.POST.get("jenis", ""), request.POST.get("token", "")
    path = staging.folder(request.user) / Path(token).name
    if kind not in imports.KINDS or not token or not path.exists():
        messages.error(request, _("Berkas pratinjau sudah tidak ada; unggah lagi."))
        return redirect("pranata:impor")
    result = imports.plan(kind, path.read_bytes(), request.POST.get("filename", token), request.user)
    if not result.ok:
        return _preview(request, kind, path, request.POST.get("filename", token))
    try:
        counts = imports.apply(result, request.user)
    except (ValidationError, PermissionDenied) as exc:
        # Something changed between the preview and this confirmation (another user's edit, a tie ended):
        # the transaction rolled back; say what, and ask for a fresh preview.
        problems = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        messages.error(request, _("Tidak ada yang disimpan: %s") % " ".join(problems))
        return redirect("pranata:impor")
    finally:
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
    return web.attachment(body, f"templat-{kind}.{fmt}", content_type)
