"""The one Huey task behind every background job: it runs `core.jobs.run` for a job record."""
from huey.contrib.djhuey import db_task, on_startup


@db_task(retries=0, context=False)
def run_job(job_id: int):
    from . import jobs

    return jobs.run(job_id)


@on_startup()
def load_urls():
    """Load the URL configuration when the consumer starts, not in the first job that builds a link."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - importing every app's urls is the point
