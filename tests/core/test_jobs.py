"""Background jobs (core.jobs): start after commit, progress, result, clean failure, retry by the
owner, the progress partial and "Công việc của tôi"; and once with a real Huey consumer."""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.urls import reverse

from attt.core import clock, jobs
from attt.core.errors import DomainError
from attt.core.models import Job
from attt.orgs.models import Organisation

ROOT = Path(__file__).resolve().parents[2]


# --- handlers used by the tests (registered by the fixture below) ---------------------------------

def ok_handler(job, progress):
    progress(30, "Bước một")
    assert Job.objects.get(pk=job.pk).step == "Bước một"  # committed at once, visible to the page
    progress(60, "Bước hai")
    return jobs.Result(file=b"xin chao", name="ket-qua.txt", text=f"Đã xử lý {job.params['n']} dòng.")


def half_done_handler(job, progress):
    """Writes a row in its own transaction, then fails: nothing of it may remain."""
    from django.db import transaction

    from attt.orgs import services

    with transaction.atomic():
        services.org_create(actor=None, parent=None, code="HALF", name="Một nửa", kind=Organisation.Kind.PROVINCE)
        if job.params.get("domain"):
            raise DomainError("Tệp không đúng mẫu.")
        raise RuntimeError("boom")


def flaky_handler(job, progress):
    if job.attempts < 2:
        raise RuntimeError("lỗi tạm thời")
    return jobs.Result(url="/reports/", text="Lần hai thì được.")


@pytest.fixture(autouse=True)
def kinds():
    for kind, fn in (("tests.ok", "ok_handler"), ("tests.half", "half_done_handler"), ("tests.flaky", "flaky_handler")):
        jobs.register(kind, f"tests.core.test_jobs.{fn}")
    yield
    for kind in ("tests.ok", "tests.half", "tests.flaky"):
        jobs.HANDLERS.pop(kind, None)


def _start(user, kind, **params):
    return jobs.job_start(actor=user, kind=kind, label="Việc thử", params=params, target="thu:1")


def test_job_runs_after_commit_and_keeps_its_file(world, django_capture_on_commit_callbacks):
    user = world.users["unit_officer"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = _start(user, "tests.ok", n=3)
    assert job.state == Job.State.QUEUED and len(callbacks) == 1  # nothing runs before the commit
    callbacks[0]()
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.progress == 100 and job.attempts == 1
    assert job.result_file.read() == b"xin chao" and job.result_name == "ket-qua.txt"
    assert job.result_text == "Đã xử lý 3 dòng." and job.started_at <= job.finished_at


@pytest.mark.parametrize("domain,message", [(True, "Tệp không đúng mẫu."), (False, "lỗi không mong muốn")])
def test_a_failure_is_a_message_and_leaves_nothing_half_done(world, django_capture_on_commit_callbacks, domain,
                                                             message):
    with django_capture_on_commit_callbacks(execute=True):
        job = _start(world.users["unit_officer"], "tests.half", domain=domain)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and message in job.error and "boom" not in job.error
    assert not Organisation.objects.filter(code="HALF").exists()


def test_only_the_owner_retries_a_failed_job(world, client_for, django_capture_on_commit_callbacks):
    owner = world.users["unit_officer"]
    with django_capture_on_commit_callbacks(execute=True):
        job = _start(owner, "tests.flaky")
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    with pytest.raises(DomainError):
        jobs.job_retry(actor=world.users["officer_b"], job=job)
    assert client_for("officer_b").post(reverse("jobs:retry", args=[job.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("unit_officer").post(reverse("jobs:retry", args=[job.pk]))
    job.refresh_from_db()
    assert response.status_code == 302 and job.state == Job.State.DONE and job.attempts == 2
    assert job.error == "" and job.result_url == "/reports/"
    with pytest.raises(DomainError, match="đã thất bại"):  # a done job is not run twice
        jobs.job_retry(actor=owner, job=job)


def test_a_job_is_run_once_even_if_enqueued_twice(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _start(world.users["unit_officer"], "tests.ok", n=1)
    assert jobs.run(job.pk) is None
    job.refresh_from_db()
    assert job.attempts == 1


def test_a_second_start_while_one_waits_gives_back_that_job(world, django_capture_on_commit_callbacks):
    """job_start_once: a second click (or tab) on the same object does not queue the work twice;
    another object, another user, or a start after the first ended does."""
    user, other = world.users["unit_officer"], world.users["officer_b"]

    def start(actor, target="thu:1"):
        return jobs.job_start_once(actor=actor, kind="tests.ok", label="Việc thử", params={"n": 1}, target=target)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = start(user)
        assert start(user).pk == first.pk
        assert start(user, "thu:2").pk != first.pk and start(other).pk != first.pk
    assert len(callbacks) == 3 and Job.objects.count() == 3
    callbacks[0]()
    again = start(user)
    assert again.pk != first.pk and again.state == Job.State.QUEUED


def test_a_job_whose_worker_died_can_be_retried(world):
    job = _start(world.users["unit_officer"], "tests.ok", n=1)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, updated_at=clock.now() - dt.timedelta(hours=1))
    job.refresh_from_db()
    assert jobs.is_stale(job)
    assert jobs.job_retry(actor=world.users["unit_officer"], job=job).state == Job.State.QUEUED


def test_progress_partial_polls_while_running_then_shows_the_result(world, client_for,
                                                                     django_capture_on_commit_callbacks):
    client = client_for("unit_officer")
    job = _start(world.users["unit_officer"], "tests.ok", n=2)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, progress=42, step="Đang đọc trang 2",
                                         started_at=clock.now() - dt.timedelta(seconds=75))
    url = reverse("jobs:detail", args=[job.pk])
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in partial and "<html" not in partial
    assert "Đang đọc trang 2" in partial and "42%" in partial and "1:15" in partial
    Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED)
    jobs.run(job.pk)
    done = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done and reverse("jobs:download", args=[job.pk]) in done
    assert "Đã xử lý 2 dòng." in done
    assert client_for("officer_b").get(url).status_code == 404


def test_my_jobs_lists_only_mine_with_local_dates(world, client_for):
    mine = _start(world.users["unit_officer"], "tests.ok", n=1)
    Job.objects.filter(pk=mine.pk).update(created_at=dt.datetime(2026, 3, 1, 18, 30, tzinfo=dt.timezone.utc))
    other = jobs.job_start(actor=world.users["officer_b"], kind="tests.ok", label="Việc của người khác", params={})
    page = client_for("unit_officer").get(reverse("jobs:list")).content.decode()
    assert f'data-job="{mine.pk}"' in page and f'data-job="{other.pk}"' not in page
    assert "02/03/2026 01:30" in page  # 18:30 UTC is 01:30 the next day in Hà Nội
    assert "Công việc của tôi" in page


def test_an_unknown_kind_is_refused(world):
    with pytest.raises(DomainError):
        jobs.job_start(actor=world.users["unit_officer"], kind="nope", label="x")
    assert not Job.objects.exists()


# --- a real Huey consumer -------------------------------------------------------------------------

SETUP = textwrap.dedent('''
    import django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from attt.directives import services as directives
    from attt.orgs import services
    from attt.orgs.models import Organisation as O
    p = services.org_create(actor=None, parent=None, code="P1", name="Tỉnh Thử Nghiệm", kind=O.Kind.PROVINCE)
    police = services.org_create(actor=None, parent=p, code="P1-CA", name="Công an tỉnh Thử Nghiệm", kind=O.Kind.POLICE)
    for i in range(3):
        services.org_create(actor=None, parent=p, code=f"P1-X{i}", name=f"Xã Số {i}", kind=O.Kind.COMMUNE)
        services.org_create(actor=None, parent=p, code=f"P1-S{i}", name=f"Sở Số {i}", kind=O.Kind.DEPARTMENT)
    user, _ = services.user_create(actor=None, username="specialist", password="Mật-khẩu-thử-123")
    services.membership_grant(actor=None, user=user, organisation=police, role="specialist")
    from tests.directives.conftest import CLEAN
    d = directives.directive_import(actor=user, data=CLEAN.encode(), filename="cv.txt")
    job = directives.directive_publish_start(actor=user, directive=d)
    print(job.pk)
''')


def test_a_real_huey_consumer_runs_the_job_after_the_web_process_is_gone(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATTT_", "DATABASE_URL", "PYTEST"))}
    env.update(ATTT_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="attt.settings", PYTHONPATH=str(ROOT))
    web = subprocess.run([sys.executable, "-c", SETUP], env=env, cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert web.returncode == 0, web.stderr[-2000:]
    job_id = int(web.stdout.strip().splitlines()[-1])
    db = sqlite3.connect(tmp_path / "attt.sqlite3")
    assert db.execute("select state from core_job where id=?", (job_id,)).fetchone()[0] == "queued"
    assert (tmp_path / "huey.sqlite3").exists()  # the queue outlives the process that filled it
    worker = subprocess.Popen([sys.executable, "-m", "attt.cli", "worker"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        state = "queued"
        while time.monotonic() < deadline and state in ("queued", "running"):
            time.sleep(0.5)
            state, progress, text = db.execute("select state, progress, result_text from core_job where id=?",
                                               (job_id,)).fetchone()
        assert state == "done", worker.stderr.read() if worker.poll() is not None else state
        assert progress == 100 and "việc mới" in text
        assert db.execute("select count(*) from directives_assignment").fetchone()[0] > 0
    finally:
        worker.terminate()
        worker.wait(20)
        db.close()


def test_an_owner_who_lost_the_right_gets_a_clear_failure(world, imported_like, django_capture_on_commit_callbacks):
    from attt.directives import services
    from attt.orgs.models import Membership

    specialist, directive = imported_like
    job = services.directive_publish_start(actor=specialist, directive=directive)
    Membership.objects.filter(user=specialist).update(active=False)  # removed from the police before the run
    specialist.refresh_from_db()
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "không có quyền" in job.error
    assert not directive.assignments.exists()


@pytest.fixture
def imported_like(world):
    from attt.directives import services
    from tests.directives.conftest import CLEAN

    specialist = world.users["specialist"]
    return specialist, services.directive_import(actor=specialist, data=CLEAN.encode(), filename="cv.txt")
