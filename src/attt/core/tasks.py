"""The one Huey task behind every background job: it runs `core.jobs.run` for a job record."""
from huey.contrib.djhuey import db_task


@db_task(retries=0, context=False)
def run_job(job_id: int):
    from . import jobs

    return jobs.run(job_id)
