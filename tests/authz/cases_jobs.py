"""Access matrix of background jobs (/jobs/): a user sees only their own jobs; any other id is a 404,
whatever the caller's role."""
from django.urls import reverse

from .matrix import Case

OWNER_ONLY = {"*": 404, "unit_officer": 200}


def _job(w, **fields):
    from attt.core.models import Job

    w.job = Job.objects.create(user=w.users["unit_officer"], kind="reporting.export", label="Xuất DOCX",
                               organisation=w.org("commune_a"), target="report:0", **fields)


def _done_with_file(w):
    from django.core.files.base import ContentFile

    _job(w, state="done", progress=100)
    w.job.result_file.save("bao-cao.docx", ContentFile(b"PK\x03\x04 bao cao"), save=False)
    w.job.result_name = "bao-cao.docx"
    w.job.save()


def _failed(w):
    _job(w, state="failed", error="Lỗi thử")


def _url(name):
    return lambda w: reverse(f"jobs:{name}", args=[w.job.pk])


CASES = [
    Case("jobs:list", "my jobs", lambda w: reverse("jobs:list"), {"*": 200}),
    Case("jobs:detail", "commune A officer's running job", _url("detail"), OWNER_ONLY,
         setup=lambda w: _job(w, state="running")),
    Case("jobs:download", "commune A officer's export file", _url("download"), OWNER_ONLY, setup=_done_with_file),
    Case("jobs:download", "a job without a file yet", _url("download"), {"*": 404},
         setup=lambda w: _job(w, state="running")),
    Case("jobs:retry", "retry commune A officer's failed job", _url("retry"), {"*": 404, "unit_officer": 302,
                                                                             "anonymous": 302},
         method="POST", setup=_failed),
]
