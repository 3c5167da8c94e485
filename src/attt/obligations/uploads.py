"""Which evidence files a duty submission accepts; the check itself is `attt.core.uploads`."""
from __future__ import annotations

from django.conf import settings

from attt.core.uploads import DOCUMENTS, CheckedFile, check_upload

MAX_BYTES = min(10 * 1024 * 1024, getattr(settings, "ATTT_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
ALLOWED = DOCUMENTS | {"zip"}


def check(upload, *, max_bytes: int = MAX_BYTES) -> CheckedFile:
    return check_upload(upload, max_bytes=max_bytes, allowed=ALLOWED)
