"""An Excel/CSV import fetched the way a user does (attt.core.table_views): POST the file to the
import page; the request checks it and starts the job, which runs when the request commits (Huey is
immediate in tests); the page named by the redirect then shows the job's panel."""
from __future__ import annotations


def post_import(client, url: str, capture, data: dict):
    """(the response, the job it started or None, the page shown after the redirect or None)."""
    from attt.core.models import Job

    before = set(Job.objects.values_list("pk", flat=True))
    with capture(execute=True):
        response = client.post(url, data)
    job = Job.objects.exclude(pk__in=before).order_by("-pk").first()
    if job is None:
        return response, None, None
    job.refresh_from_db()
    assert response.status_code == 302 and response["Location"].endswith(f"?job={job.pk}#job-{job.pk}")
    page = client.get(response["Location"]).content.decode()
    assert f'id="job-{job.pk}"' in page, "the import page shows the job's panel"
    return response, job, page
