"""Background jobs in a browser (issue 11): the specialist publishes a dispatch to every unit of the
province; the button is disabled and the page shows the queued job; a Huey worker picks it up; the
page follows the progress without a reload and offers the matrix when done; "Công việc của tôi"
lists it."""
from __future__ import annotations

import threading

import pytest

from attt.core import clock
from tests.conftest import TOTP_SECRET

from .conftest import sign_in, open_nav

pytestmark = pytest.mark.e2e

COMMUNES = 40


class Worker:
    """A Huey worker thread in the live server's process: takes tasks from the real (in-memory)
    queue and executes them as the consumer does."""

    def __init__(self, huey):
        self.huey, self.stop = huey, threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)

    def loop(self):
        while not self.stop.is_set():
            task = self.huey.dequeue()
            if task is None:
                self.stop.wait(0.1)
            else:
                self.huey.execute(task)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(10)


@pytest.fixture
def queued_huey():
    """Huey as in production (tasks go to the queue; nothing runs in the web request)."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = False
    yield HUEY
    HUEY.flush()
    HUEY.immediate = True


def test_publish_to_every_unit_and_watch_the_progress(page, live_server, world, queued_huey):
    from attt.core.models import Job
    from attt.directives import services
    from attt.directives.models import Assignment
    from attt.orgs import services as orgs
    from attt.orgs.models import Organisation
    from tests.directives.conftest import CLEAN

    province = world.org("province")
    for i in range(COMMUNES):
        orgs.org_create(actor=None, parent=province, code=f"P1-XE{i}", name=f"Xã Số {i}",
                        kind=Organisation.Kind.COMMUNE)
    specialist = world.users["specialist"]
    clock.travel_to(__import__("datetime").date(2026, 3, 6))
    directive = services.directive_import(actor=specialist, data=CLEAN.encode(), filename="cv-77.txt")
    units = Organisation.objects.filter(path__startswith=province.path,
                                        kind__in=["department", "commune"]).count()

    sign_in(page, "specialist", totp_secret=TOTP_SECRET)
    page.goto(directive.get_absolute_url())
    page.click("#publish")
    # the request returned at once: the job waits for a worker, the button is disabled
    panel = page.locator(".job-progress")
    panel.wait_for()
    assert panel.get_attribute("data-job-state") == "queued"
    assert page.locator("#publish").is_disabled()
    assert not Assignment.objects.exists()

    with Worker(queued_huey):  # htmx polling shows the end, without a reload
        page.wait_for_selector(".job-progress[data-job-state='done'], .job-progress[data-job-state='failed']",
                               timeout=60_000)
    assert panel.get_attribute("data-job-state") == "done", Job.objects.values_list("state", "error").first()
    assert "100%" in page.inner_text(".job-progress")
    assert "Đã giao việc" in page.inner_text(".job-result-text")
    assert page.locator("#publish").is_enabled()
    job = Job.objects.get()
    assert job.state == Job.State.DONE and job.user == specialist
    # task 1 goes to every department and commune of the province, task 2 to the police
    assert Assignment.objects.filter(task__ref="1").count() == units

    page.click("#job-result")
    page.wait_for_selector("#matrix")
    open_nav(page, "jobs")
    row = page.locator(f"#jobs tr[data-job='{job.pk}']")
    assert row.get_attribute("data-state") == "done" and "Giao việc văn bản 77/UBND-KGVX" in row.inner_text()
