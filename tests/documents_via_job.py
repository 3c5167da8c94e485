"""A document offered as a background job, fetched the way a user does: POST the start button (the
job runs when the request commits, Huey being immediate in tests), follow back to the page, and
download the result through the owner-only job download page."""
from __future__ import annotations

import io

from django.urls import reverse


def docx_text(content: bytes) -> str:
    """A DOCX's paragraphs and table cells as text, one per line."""
    import docx

    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def fetch(client, url: str, capture, *, fmt: str = "docx"):
    """(the start response, the job, the file's bytes or None when the job did not finish)."""
    from attt.core.models import Job

    before = set(Job.objects.values_list("pk", flat=True))
    with capture(execute=True):
        started = client.post(url, {"format": fmt})
    job = Job.objects.exclude(pk__in=before).order_by("-pk").first()
    if job is None:
        return started, None, None
    job.refresh_from_db()
    if job.state != Job.State.DONE:
        return started, job, None
    page = client.get(started.url)
    assert reverse("jobs:download", args=[job.pk]) in page.content.decode(), "the page links the file"
    download = client.get(reverse("jobs:download", args=[job.pk]))
    return started, job, b"".join(download.streaming_content)
