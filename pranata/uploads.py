"""Refuse an oversized upload from its Content-Length, before its body is read (and before a temp file
fills). The limit is the larger of the import and MoU limits; forms still check each file's own limit.

Put the same limit in the reverse proxy (nginx: `client_max_body_size 21m;`) so it never even arrives.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


def body_limit_bytes() -> int:
    return (max(settings.SIMPUL_IMPORT_MAX_MB, settings.MAX_UPLOAD_MB) + 1) * 1024 * 1024


class RefuseOversizedUpload(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS. When the body is too big, the form fields before the file (the CSRF
    token, the kind of import) are still read, the file itself is never stored, and the request is marked
    so the view answers with the limit."""

    too_big = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.too_big = bool(content_length and content_length > body_limit_bytes())

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.too_big:
            self.request.upload_too_big = True
            raise StopUpload(connection_reset=False)

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None


def too_big(request) -> bool:
    return getattr(request, "upload_too_big", False)
