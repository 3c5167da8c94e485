"""Response plans: at least one scenario, versions, approval by the unit head, yearly review, the
unit's incident-response-plan duty fulfilled, scoping."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from attt.core.errors import DomainError
from attt.core.models import AuditEvent
from attt.preparedness import selectors, services
from attt.preparedness.models import PlanVersion, ResponsePlan

from .conftest import CONTENT

pytestmark = pytest.mark.date_sensitive


def test_a_plan_without_scenarios_is_refused_and_nothing_is_saved(world, make_system, now):
    system = make_system()
    with pytest.raises(DomainError, match="ít nhất một kịch bản"):
        services.plan_create(actor=world.users["unit_officer"], organisation=world.org("commune_a"),
                             title="Phương án", systems=[system], content={**CONTENT, "scenarios": []})
    assert not ResponsePlan.objects.exists() and not PlanVersion.objects.exists()


def test_a_plan_cannot_cover_another_units_system(world, make_system, now):
    other = make_system("Hệ thống phường", operator="commune_b")
    with pytest.raises(DomainError, match="không thuộc đơn vị"):
        services.plan_create(actor=world.users["unit_officer"], organisation=world.org("commune_a"),
                             title="Phương án", systems=[other], content=CONTENT)


def test_revisions_are_versions_and_the_unit_head_approves(world, make_system, now):
    system = make_system()
    officer = world.users["unit_officer"]
    plan = services.plan_create(actor=officer, organisation=world.org("commune_a"), title="Phương án ứng phó xã",
                                systems=[system], content=CONTENT)
    # a unit officer may write but not approve
    with pytest.raises(PermissionDenied):
        services.plan_approve(actor=officer, plan=plan)
    head = world.users["admin"]
    v1 = services.plan_approve(actor=head, plan=plan)
    plan.refresh_from_db()
    assert v1.state == PlanVersion.State.APPROVED and plan.approved_version == v1
    assert plan.approved_on == dt.date(2026, 11, 20) and plan.review_due == dt.date(2027, 11, 20)
    v2 = services.plan_revise(actor=officer, plan=plan, content={**CONTENT, "change_note": "Thêm DDoS",
                              "scenarios": CONTENT["scenarios"] + [{"kind": "ddos", "description": "Chuyển CDN"}]})
    assert v2.number == 2 and v2.state == PlanVersion.State.DRAFT
    services.plan_approve(actor=head, plan=plan)
    states = dict(plan.versions.values_list("number", "state"))
    assert states == {1: "superseded", 2: "approved"}
    assert AuditEvent.objects.filter(action="plan.approve").count() == 2


def test_the_unit_head_of_the_owner_approves_and_the_duty_is_fulfilled(world, make_system, duties):
    from attt.obligations.models import Occurrence
    from attt.orgs import services as org_services

    head, _ = org_services.user_create(actor=None, username="head_a", email="head_a@test.local",
                                       password="Mật-khẩu-thử-123")
    org_services.membership_grant(actor=None, user=head, organisation=world.org("commune_a"), role="unit_head")
    duties()
    from attt.obligations.models import DutyRule

    # the regimes make this duty on_event (no calendar occurrence): a unit's occurrence of it, opened
    # when its systems or threats change, is what the approval fulfils
    rule = DutyRule.objects.filter(code="incident-response-plan", active=True).first()
    unit = world.org("commune_a")
    occurrence = Occurrence.objects.create(rule=rule, rule_key=rule.key, organisation=unit, target_key=f"o{unit.pk}",
                                           title=rule.title, period_start=dt.date(2026, 11, 1),
                                           period_end=dt.date(2026, 12, 31), due_date=dt.date(2026, 12, 31))
    plan = services.plan_create(actor=world.users["unit_officer"], organisation=world.org("commune_a"),
                                title="Phương án", systems=[make_system()], content=CONTENT)
    # the finance department's head cannot approve the commune's plan
    with pytest.raises(PermissionDenied):
        services.plan_approve(actor=world.users["unit_head"], plan=plan)
    services.plan_approve(actor=head, plan=plan)
    occurrence.refresh_from_db()
    assert occurrence.status == Occurrence.Status.ACCEPTED
    assert occurrence.submissions.get().record_url == plan.get_absolute_url()


def test_plans_are_scoped(world, make_system, client_for, now):
    plan = services.plan_create(actor=world.users["unit_officer"], organisation=world.org("commune_a"),
                                title="Phương án An Bình", systems=[make_system()], content=CONTENT)
    assert list(selectors.plans_visible(user=world.users["specialist"], query="an binh")) == [plan]
    assert not selectors.plans_visible(user=world.users["officer_b"]).exists()
    assert client_for("officer_b").get(plan.get_absolute_url()).status_code == 404
    assert client_for("unit_officer").get(plan.get_absolute_url()).status_code == 200


def test_global_search_finds_plans_without_diacritics(world, make_system, client_for, now):
    services.plan_create(actor=world.users["unit_officer"], organisation=world.org("commune_a"),
                         title="Phương án ứng phó Cổng thông tin", systems=[make_system()], content=CONTENT)
    assert "Phương án ứng phó Cổng thông tin" in client_for("specialist").get("/search/?q=cong thong tin").content.decode()
    assert "Phương án ứng phó Cổng thông tin" not in client_for("officer_b").get("/search/?q=cong thong tin").content.decode()


def test_yearly_review_reminder_once_per_approval(world, make_system, frozen_time):
    from attt.directives.models import Notification
    from attt.preparedness.reminders import plans_remind

    frozen_time("2026-11-20 10:00")
    plan = services.plan_create(actor=world.users["unit_officer"], organisation=world.org("commune_a"),
                                title="Phương án", systems=[make_system()], content=CONTENT)
    services.plan_approve(actor=world.users["admin"], plan=plan)
    assert plans_remind() == 0
    frozen_time("2027-10-25 08:00")
    assert plans_remind() == 1 and plans_remind() == 0
    assert Notification.objects.filter(user=world.users["unit_officer"], title__contains="đến hạn rà soát").exists()
    assert list(selectors.plans_review_due(user=world.users["unit_officer"], on=dt.date(2027, 11, 20))) == [plan]
