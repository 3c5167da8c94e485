"""Which files incidents and warnings accept (evidence, logs, captures); the check itself is
`attt.core.uploads`. The size limit is data (`incidents.yaml`, uploads.max_bytes)."""
from __future__ import annotations

from attt.core.uploads import DOCUMENTS, CheckedFile, check_upload

from .clocks import upload_rules

ALLOWED = DOCUMENTS | {"gif", "zip", "log", "pcap", "pcapng"}


def check(upload, *, max_bytes: int | None = None) -> CheckedFile:
    return check_upload(upload, max_bytes=max_bytes or upload_rules()["max_bytes"], allowed=ALLOWED)
