import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from attt.core import clock
from attt.core.errors import DomainError
from attt.systems import services
from attt.systems.models import Control, Dossier, System

from .conftest import pdf


def test_classification_proposes_level_3_and_names_the_criterion(draft):
    assert draft.criteria_level == 3 and draft.level == 3
    assert "nd85.9.2.c.private-10000" in draft.deciding_criteria
    assert "10.000" in draft.explanation
    draft.system.refresh_from_db()
    assert draft.system.proposed_level == 3
    assert Control.objects.filter(system=draft.system, active=True).count() > 20


def test_lower_level_is_refused_and_nothing_saved(world, portal):
    facts = services.default_facts(portal)
    with pytest.raises(DomainError, match="cấp độ 3 trở lên"):
        services.classify_system(actor=world.users["unit_officer"], system=portal, facts=facts, proposed_level=2)
    assert not Dossier.objects.filter(system=portal).exists()
    portal.refresh_from_db()
    assert portal.proposed_level is None


def test_higher_level_needs_a_reason(world, portal):
    facts = services.default_facts(portal)
    with pytest.raises(DomainError, match="lý do"):
        services.classify_system(actor=world.users["unit_officer"], system=portal, facts=facts, proposed_level=4)
    dossier = services.classify_system(actor=world.users["unit_officer"], system=portal, facts=facts,
                                       proposed_level=4, higher_reason="Hệ thống trọng yếu của tỉnh")
    assert dossier.level == 4 and dossier.criteria_level == 3


def test_composite_system_takes_its_highest_component(world, portal):
    whole = services.system_create(actor=world.users["unit_officer"], owner=world.org("finance"),
                                   operator=world.org("commune_a"), name="Hệ thống tổng hợp", kind="internal",
                                   info_types=["public"], regime_code="legacy-nd85")
    services.system_update(actor=world.users["unit_officer"], system=portal, parent=whole)
    dossier = services.classify_system(actor=world.users["unit_officer"], system=whole,
                                       facts=services.default_facts(whole))
    assert dossier.criteria_level == 3
    assert portal.name in dossier.explanation


def test_whole_path_with_clocks_and_approval(world, draft):
    officer, specialist, head = world.users["unit_officer"], world.users["specialist"], world.users["unit_head"]
    services.dossier_submit(actor=officer, dossier=draft)
    services.dossier_receive(actor=specialist, dossier=draft)
    draft.refresh_from_db()
    assert draft.state == Dossier.State.UNDER_APPRAISAL
    # Legacy level 3: appraisal within 15 calendar days.
    assert draft.step_due == dt.date(2026, 3, 17)
    services.dossier_return(actor=specialist, dossier=draft, comments={"security_plan": "Bổ sung phương án sao lưu"})
    draft.refresh_from_db()
    assert draft.state == Dossier.State.RETURNED
    assert draft.comments.get().part == "security_plan"
    services.dossier_submit(actor=officer, dossier=draft)
    services.dossier_receive(actor=specialist, dossier=draft)
    services.dossier_appraise(actor=specialist, dossier=draft)
    # The specialist may not approve a level-3 dossier: the owner approves.
    with pytest.raises(PermissionDenied, match="chủ quản"):
        services.dossier_approve(actor=specialist, dossier=draft, decision_number="1/QĐ")
    # No quy chế on file yet.
    with pytest.raises(DomainError, match="quy chế"):
        services.dossier_approve(actor=head, dossier=draft, decision_number="1/QĐ")
    services.document_upload(actor=officer, dossier=draft, part="security_regulation", upload=pdf())
    services.dossier_approve(actor=head, dossier=draft, decision_number="12/QĐ-STC", approver_title="Giám đốc")
    draft.refresh_from_db()
    assert draft.state == Dossier.State.APPROVED and draft.decision_date == clock.today()
    assert System.objects.get(pk=draft.system_id).approved_level == 3
    assert [s.state for s in draft.steps.all()] == ["draft", "submitted", "under_appraisal", "returned", "submitted",
                                                    "under_appraisal", "appraised", "approved"]


def test_other_unit_head_cannot_approve(world, appraised):
    from attt.orgs import services as org_services

    other, _ = org_services.user_create(actor=None, username="head_b", password="x-Thu-nghiem-123")
    org_services.membership_grant(actor=None, user=other, organisation=world.org("commune_b"), role="unit_head")
    services.document_upload(actor=world.users["unit_officer"], dossier=appraised, part="security_regulation",
                             upload=pdf())
    with pytest.raises(PermissionDenied):
        services.dossier_approve(actor=other, dossier=appraised, decision_number="1/QĐ")
    appraised.refresh_from_db()
    assert appraised.state == Dossier.State.APPRAISED


def test_new_regime_uses_working_days_across_tet(world, portal):
    """NĐ 331 level 3: appraisal within 15 working days. Received on Thursday 12/02/2026, just
    before Tết Bính Ngọ (16–20/02/2026 off): the clock skips the holiday and the weekends."""
    services.system_update(actor=world.users["unit_officer"], system=portal, regime_code="new-nd331")
    facts = services.default_facts(portal)
    facts["handles_admin_procedures"] = True
    dossier = services.classify_system(actor=world.users["unit_officer"], system=portal, facts=facts)
    assert dossier.level == 3 and "nd331.13.2.b.admin-procedures" in dossier.deciding_criteria
    clock.travel_to(dt.date(2026, 2, 11))
    services.dossier_submit(actor=world.users["unit_officer"], dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.step_due is not None  # incomplete-dossier clock: 5 working days
    clock.travel_to(dt.date(2026, 2, 12))
    services.dossier_receive(actor=world.users["specialist"], dossier=dossier)
    dossier.refresh_from_db()
    from attt.regimes import rules_engine

    cal = rules_engine.calendar()
    assert dossier.step_due == cal.add_working_days(dt.date(2026, 2, 12), 15)
    assert (dossier.step_due - dt.date(2026, 2, 12)).days > 21  # weekends and Tết skipped
    clock.travel_to(dossier.step_due + dt.timedelta(days=1))
    assert dossier.overdue


def test_reclassification_opens_a_new_dossier_and_keeps_history(world, appraised):
    services.document_upload(actor=world.users["unit_officer"], dossier=appraised, part="security_regulation",
                             upload=pdf())
    services.dossier_approve(actor=world.users["unit_head"], dossier=appraised, decision_number="1/QĐ")
    system = appraised.system
    second = services.classify_system(actor=world.users["unit_officer"], system=system,
                                      facts=services.default_facts(system), proposed_level=4,
                                      higher_reason="Mở rộng phạm vi")
    assert second.pk != appraised.pk
    assert system.dossiers.count() == 2
    appraised.refresh_from_db()
    assert appraised.state == Dossier.State.APPROVED


def test_level_4_needs_expert_opinion(world, portal):
    dossier = services.classify_system(actor=world.users["unit_officer"], system=portal,
                                       facts=services.default_facts(portal), proposed_level=4, higher_reason="x")
    services.dossier_submit(actor=world.users["unit_officer"], dossier=dossier)
    services.dossier_receive(actor=world.users["specialist"], dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.EXPERT_OPINION
    with pytest.raises(DomainError):
        services.dossier_appraise(actor=world.users["specialist"], dossier=dossier)
    services.dossier_expert_opinion(actor=world.users["specialist"], dossier=dossier, opinion="Đồng ý")
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.UNDER_APPRAISAL
    assert dossier.step_due == dt.date(2026, 3, 2) + dt.timedelta(days=30)


def test_officer_may_not_appraise(world, draft):
    services.dossier_submit(actor=world.users["unit_officer"], dossier=draft)
    with pytest.raises(PermissionDenied):
        services.dossier_receive(actor=world.users["unit_officer"], dossier=draft)


def test_return_needs_a_comment(world, draft):
    services.dossier_submit(actor=world.users["unit_officer"], dossier=draft)
    with pytest.raises(DomainError):
        services.dossier_return(actor=world.users["specialist"], dossier=draft, comments={"overview": "  "})
    draft.refresh_from_db()
    assert draft.state == Dossier.State.SUBMITTED
