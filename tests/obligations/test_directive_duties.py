"""A directive's recurring task becomes the units' recurring duties when it is published."""
from __future__ import annotations

import datetime as dt

import pytest

from attt.core import clock
from attt.core.models import AuditEvent
from attt.directives import services as directive_services
from attt.directives.models import Assignment, TaskDeadline
from attt.obligations.models import DutyRule, Occurrence

QUARTERLY = """ỦY BAN NHÂN DÂN                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH THỬ NGHIỆM                   Độc lập - Tự do - Hạnh phúc

Số: 91/UBND-KGVX             Thử Nghiệm, ngày 02 tháng 3 năm 2026

V/v báo cáo định kỳ công tác bảo đảm an toàn thông tin

Kính gửi:
- Ủy ban nhân dân các xã, phường.

Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:

1. Ủy ban nhân dân các xã, phường

Báo cáo kết quả bảo đảm an toàn thông tin mạng của đơn vị, định kỳ hằng quý (trước ngày 15 của tháng cuối quý) gửi Sở Khoa học và Công nghệ.

Nơi nhận:
- Như trên;
- Lưu: VT.
"""
COMMUNES = ("commune_a", "commune_b")


@pytest.fixture
def directive(world):
    clock.travel_to(dt.date(2026, 3, 5))
    d = directive_services.directive_import(actor=world.users["specialist"], data=QUARTERLY.encode(),
                                            filename="91-ubnd.txt")
    task = d.tasks.get()
    assert task.deadlines.filter(kind="recurring", every_months=3, due_day=15).exists()
    return d


def _publish(world, d):
    return directive_services.directive_publish(actor=world.users["specialist"], directive=d)


def test_publishing_gives_each_commune_its_quarterly_duty(world, directive):
    _publish(world, directive)
    task = directive.tasks.get()
    assert set(Assignment.objects.filter(task=task).values_list("organisation__code", flat=True)) == {"P1-XA", "P1-XB"}
    for key in COMMUNES:
        org = world.org(key)
        rule = DutyRule.objects.get(organisation=org, source_task=task, active=True)
        assert rule.origin == "directive" and rule.valid_to is None
        assert "91/UBND-KGVX" in rule.source and "nhiệm vụ 1" in rule.source
        dues = list(Occurrence.objects.filter(rule=rule).order_by("due_date").values_list("due_date", flat=True))
        # published 05/3/2026: the quarters of the coming year, due on the 15th of each quarter's last month
        assert dues == [dt.date(2026, 3, 15), dt.date(2026, 6, 15), dt.date(2026, 9, 15), dt.date(2026, 12, 15)]
        assert Occurrence.objects.filter(rule=rule).first().period_start == dt.date(2026, 1, 1)
    assert not Occurrence.objects.filter(rule__source_task=task, organisation=world.org("police")).exists()
    event = AuditEvent.objects.get(action="duty.directive_sync", object_id=str(directive.pk))
    assert event.changes["occurrences_created"] == [None, 8]
    assert event.changes["rules_created"] == [None, 2]  # one event with counts, not one per rule (issue 11)
    assert not AuditEvent.objects.filter(action="duty.rule_from_directive").exists()


def test_republishing_creates_no_duplicates(world, directive):
    _publish(world, directive)
    before = sorted(Occurrence.objects.filter(rule__source_task__directive=directive).values_list("pk", flat=True))
    clock.travel_to(dt.date(2026, 3, 20))  # a later day: the window moves, the same periods are kept
    _publish(world, directive)
    after = Occurrence.objects.filter(rule__source_task__directive=directive)
    assert sorted(after.filter(due_date__lte=dt.date(2026, 12, 15)).values_list("pk", flat=True)) == before
    assert after.count() == 8 + 2  # only the new quarter that entered the horizon (15/3/2027), per commune
    assert DutyRule.objects.filter(source_task__directive=directive).count() == 2


def test_a_corrected_deadline_replaces_the_future_occurrences(world, directive):
    _publish(world, directive)
    TaskDeadline.objects.filter(task__directive=directive, kind="recurring").update(due_day=20)
    _publish(world, directive)
    rules = DutyRule.objects.filter(source_task__directive=directive)
    assert rules.filter(active=True).count() == 2 and rules.filter(active=False).count() == 2
    open_dues = set(Occurrence.objects.filter(rule__in=rules.filter(active=True)).values_list("due_date", flat=True))
    assert dt.date(2026, 6, 20) in open_dues
    assert not Occurrence.objects.filter(rule__in=rules.filter(active=False), due_date__gte=clock.today()).exists()
    assert AuditEvent.objects.filter(action="duty.rule_retire").count() == 2


def test_matrix_inbox_and_calendar_show_the_duties(world, directive, client_for):
    _publish(world, directive)
    specialist = client_for("specialist")
    page = specialist.get(f"/directives/{directive.pk}/matrix/").content.decode()
    assert "Nghĩa vụ định kỳ phát sinh" in page and 'data-count="recurring_duties">8<' in page
    officer = client_for("unit_officer")  # commune A: its own four
    inbox = officer.get("/directives/inbox/").content.decode()
    assert 'data-count="recurring_duties">4<' in inbox
    listing = specialist.get(f"/duties/?view=list&directive={directive.pk}").content.decode()
    assert listing.count("data-source=") == 8 and "91/UBND-KGVX" in listing
    occ = Occurrence.objects.filter(rule__source_task__directive=directive, organisation=world.org("commune_a")).first()
    detail = specialist.get(occ.get_absolute_url()).content.decode()
    assert f"/directives/{directive.pk}/matrix/" in detail
