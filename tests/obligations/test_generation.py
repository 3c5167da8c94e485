"""Generation per unit and per system, province settings, regeneration of the future only,
idempotency, regimes in force, duties from directives, overdue marking."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attt.core import audit
from attt.core.errors import DomainError
from attt.obligations import selectors, services
from attt.obligations.models import DutyRule, Occurrence, ProvinceSetting

TODAY = dt.date(2026, 11, 21)
PDF = b"%PDF-1.4\n%%EOF\n"


def keys_for(target_key):
    return sorted({o.rule_key.split(":")[1] for o in Occurrence.objects.filter(target_key=target_key)})


def test_sync_copies_every_regime_duty_once_and_is_idempotent(synced):
    rules = DutyRule.objects.filter(origin="regime")
    assert rules.filter(key="new-nd331:quarterly-report").get().due == {
        "kind": "quarterly", "day": {"setting": "quarterly_report_due_day", "default": 15}}
    legacy = rules.get(key="legacy-nd85:quarterly-report")
    assert legacy.valid_to == dt.date(2026, 8, 18)  # the day before NĐ 331 takes over
    assert rules.get(key="new-nd331:province-quarterly-report").target_kinds == ["province"]
    n = rules.count()
    assert services.sync_duty_rules() == {"created": 0, "updated": 0, "unchanged": n, "kept": 0}
    assert DutyRule.objects.count() == n


@pytest.mark.parametrize("level,expected", [
    (1, ["vulnerability-scan"]),
    (2, ["vulnerability-scan"]),
    (3, ["live-drill", "system-inspection-l3-4", "vulnerability-scan"]),
    (4, ["live-drill", "system-inspection-l3-4", "vulnerability-scan"]),
    (5, ["live-drill", "nsi-self-inspection", "system-inspection-l5", "vulnerability-scan"]),
])
def test_system_duties_follow_the_approved_level(synced, on_day, make_system, level, expected):
    on_day(TODAY)
    system = make_system(level=level)
    services.generate_occurrences(horizon_months=24)
    assert keys_for(f"s{system.pk}") == expected
    occ = Occurrence.objects.filter(target_key=f"s{system.pk}").first()
    assert occ.organisation == system.operator


def test_level_5_is_inspected_every_six_months_level_3_yearly(synced, on_day, make_system):
    on_day(TODAY)
    l5, l3 = make_system("A", level=5), make_system("B", level=3)
    services.generate_occurrences(horizon_months=24)
    due5 = list(Occurrence.objects.filter(system=l5, rule_key="new-nd331:system-inspection-l5")
                .values_list("due_date", flat=True))
    due3 = list(Occurrence.objects.filter(system=l3, rule_key="new-nd331:system-inspection-l3-4")
                .values_list("due_date", flat=True))
    assert due5 == [dt.date(2026, 12, 31), dt.date(2027, 6, 30), dt.date(2027, 12, 31), dt.date(2028, 6, 30)]
    assert due3 == [dt.date(2027, 6, 30), dt.date(2028, 6, 30)]


def test_proposed_level_counts_when_none_is_approved_and_retired_systems_have_none(synced, on_day, make_system):
    from attt.systems.models import System

    on_day(TODAY)
    proposed = make_system("Đề xuất", level=3, approved=False)
    retired = make_system("Cũ", level=3, status=System.Status.RETIRED)
    services.generate_occurrences()
    assert "live-drill" in keys_for(f"s{proposed.pk}")
    assert keys_for(f"s{retired.pk}") == []


def test_units_get_unit_duties_and_the_province_its_own(synced, on_day, world):
    on_day(TODAY)
    services.generate_occurrences()
    commune = keys_for(f"o{world.org('commune_a').pk}")
    assert commune == ["annual-report-operator", "annual-report-owner", "quarterly-report"]
    assert keys_for(f"o{world.org('province').pk}") == ["compliance-inspection", "province-quarterly-report"]
    assert keys_for(f"o{world.org('provider').pk}") == []  # providers carry no unit duty in NĐ 331


def test_quarterly_report_day_is_a_per_province_setting(synced, on_day, world):
    on_day(TODAY)
    services.province_setting_update(actor=world.users["specialist"], province=world.org("province"),
                                     quarterly_report_due_day=20)
    services.generate_occurrences()
    days = lambda org: sorted({o.due_date.day for o in Occurrence.objects.filter(
        organisation=world.org(org), rule_key="new-nd331:quarterly-report")})
    assert days("commune_a") == [20]
    assert days("commune_q") == [15]  # the other province keeps the default


def test_changing_the_setting_regenerates_only_future_untouched_occurrences(synced, on_day, world):
    on_day(dt.date(2026, 9, 1))
    services.generate_occurrences()
    q = Occurrence.objects.filter(rule_key="new-nd331:quarterly-report", organisation=world.org("commune_a"))
    sept = q.get(due_date=dt.date(2026, 9, 15))
    dec = q.get(due_date=dt.date(2026, 12, 15))
    services.occurrence_submit(actor=world.users["unit_officer"], occurrence=dec,
                               upload=SimpleUploadedFile("q4.pdf", PDF))
    on_day(dt.date(2026, 10, 1))  # September's is now past (and overdue)
    services.province_setting_update(actor=world.users["admin"], province=world.org("province"),
                                     quarterly_report_due_day=20)
    dues_now = sorted(q.values_list("due_date", flat=True))
    assert dt.date(2026, 9, 15) in dues_now and q.get(pk=sept.pk)  # past: untouched
    assert q.get(pk=dec.pk).due_date == dt.date(2026, 12, 15)  # submitted: untouched
    assert dt.date(2027, 3, 20) in dues_now and dt.date(2027, 3, 15) not in dues_now  # future: regenerated
    other = Occurrence.objects.filter(rule_key="new-nd331:quarterly-report", organisation=world.org("commune_q"))
    assert {d.day for d in other.values_list("due_date", flat=True)} == {15}
    assert ProvinceSetting.objects.get(province=world.org("province")).quarterly_report_due_day == 20


def test_editing_a_rule_makes_a_version_and_regenerates_the_future_only(synced, on_day, world):
    on_day(dt.date(2026, 9, 1))
    services.generate_occurrences()
    rule = DutyRule.objects.get(key="new-nd331:quarterly-report", active=True)
    on_day(dt.date(2026, 10, 1))
    past_ids = set(Occurrence.objects.filter(rule_key=rule.key, due_date__lt=dt.date(2026, 10, 1))
                   .values_list("pk", flat=True))
    new = services.rule_update(actor=world.users["specialist"], rule=rule, due={"kind": "quarterly", "day": 5})
    assert new.version == 2 and new.active and not DutyRule.objects.get(pk=rule.pk).active
    occ = Occurrence.objects.filter(rule_key=rule.key)
    assert set(occ.filter(due_date__lt=dt.date(2026, 10, 1)).values_list("pk", flat=True)) == past_ids
    assert {o.rule_id for o in occ.filter(pk__in=past_ids)} == {rule.pk}
    future = occ.filter(due_date__gte=dt.date(2026, 10, 1))
    assert {o.due_date.day for o in future} == {5} and {o.rule_id for o in future} == {new.pk}
    assert audit.verify().ok
    # a second sync keeps the person's edit
    assert services.sync_duty_rules()["kept"] >= 1
    assert DutyRule.objects.get(key=rule.key, active=True).pk == new.pk


def test_rule_edit_refuses_bad_input(synced, world):
    rule = DutyRule.objects.get(key="new-nd331:annual-report-operator", active=True)
    with pytest.raises(DomainError, match="31/02 không tồn tại"):
        services.rule_update(actor=world.users["admin"], rule=rule, due={"kind": "yearly", "month": 2, "day": 31})
    with pytest.raises(DomainError, match="ít nhất một loại"):
        services.rule_update(actor=world.users["admin"], rule=rule, target_kinds=[])
    assert DutyRule.objects.filter(key=rule.key).count() == 1


def test_generation_is_idempotent_and_batched(synced, on_day, world, make_system):
    on_day(TODAY)
    make_system(level=3)
    first = services.generate_occurrences()
    assert first > 0 and Occurrence.objects.count() == first
    assert services.generate_occurrences() == 0
    assert Occurrence.objects.count() == first


def test_legacy_regime_applies_before_the_new_decree(synced, on_day, world):
    on_day(dt.date(2026, 1, 10))
    services.generate_occurrences()
    q = Occurrence.objects.filter(organisation=world.org("commune_a"), title__startswith="Báo cáo quý")
    by_regime = {o.due_date: o.rule_key.split(":")[0] for o in q}
    assert by_regime[dt.date(2026, 6, 15)] == "legacy-nd85"
    assert by_regime[dt.date(2026, 9, 15)] == "new-nd331"
    assert len(by_regime) == 4  # one per quarter, never both regimes for one due date


def test_duties_from_a_directives_recurring_deadline(world, on_day):
    on_day(dt.date(2026, 1, 5))
    shapes = {"quarterly": {"kind": "recurring", "every_months": 3, "due_day": 15, "due_month_of_period": "last"},
              "yearly": {"kind": "recurring", "every_months": 12, "due_day": 15, "due_month": 12},
              "half": {"kind": "recurring", "every_months": 6}}
    got = {}
    for name, deadline in shapes.items():
        got[name] = services.duties_from_recurring_deadline(
            actor=world.users["province_leader"], organisation=world.org("finance"), title=f"Báo cáo {name}",
            deadline=deadline, source_label="Công văn 2531/UBND-KGVX", start=dt.date(2026, 1, 1),
            end=dt.date(2026, 12, 31))
    assert [o.due_date for o in got["quarterly"]] == [dt.date(2026, 3, 15), dt.date(2026, 6, 15),
                                                     dt.date(2026, 9, 15), dt.date(2026, 12, 15)]
    assert [o.due_date for o in got["yearly"]] == [dt.date(2026, 12, 15)]
    assert [o.due_date for o in got["half"]] == [dt.date(2026, 6, 30), dt.date(2026, 12, 31)]
    assert all(o.organisation == world.org("finance") for o in got["quarterly"])
    again = services.duties_from_recurring_deadline(
        actor=world.users["province_leader"], organisation=world.org("finance"), title="Báo cáo quarterly",
        deadline=shapes["quarterly"], source_label="Công văn 2531/UBND-KGVX", start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31))
    assert [o.pk for o in again] == [o.pk for o in got["quarterly"]]
    assert DutyRule.objects.filter(origin="directive").count() == 3
    # daily generation keeps them inside their window and for their unit only
    services.generate_occurrences()
    assert Occurrence.objects.filter(rule__origin="directive").count() == 7


def test_directive_duties_refuse_bad_input_and_foreign_callers(world):
    args = {"organisation": world.org("finance"), "title": "Báo cáo", "source_label": "CV",
            "start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31)}
    with pytest.raises(DomainError, match="không tồn tại"):
        services.duties_from_recurring_deadline(
            actor=None, deadline={"kind": "recurring", "every_months": 12, "due_day": 31, "due_month": 2}, **args)
    from django.core.exceptions import PermissionDenied
    with pytest.raises(PermissionDenied):
        services.duties_from_recurring_deadline(
            actor=world.users["unit_officer"], deadline={"kind": "recurring", "every_months": 6}, **args)
    assert not Occurrence.objects.exists()


def test_mark_overdue_and_due_soon(synced, on_day, world):
    on_day(dt.date(2026, 12, 1))
    services.generate_occurrences()
    soon = selectors.occurrences_due_soon(14)
    assert {o.due_date for o in soon} == {dt.date(2026, 12, 15)}
    assert services.mark_overdue() == 0
    on_day(dt.date(2026, 12, 16))
    n = services.mark_overdue()
    assert n == Occurrence.objects.filter(due_date=dt.date(2026, 12, 15)).count() > 0
    assert services.mark_overdue() == 0
    assert all(o.is_overdue for o in Occurrence.objects.filter(due_date=dt.date(2026, 12, 15)))
    officer_view = selectors.occurrences_due_soon(30, user=world.users["unit_officer"])
    assert {o.organisation for o in officer_view} <= {world.org("commune_a"), world.org("centre_a")}


def test_daily_task_generates_and_marks(synced, on_day):
    from attt.obligations.tasks import daily_duties

    on_day(TODAY)
    result = daily_duties.call_local()
    assert result["created"] == Occurrence.objects.count() > 0
