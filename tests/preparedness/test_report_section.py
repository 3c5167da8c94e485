"""Drills reach the periodic (annual) report and the dashboard through one report section: drills
planned and held, level 3+ systems that needed a live drill and how many one covered, drill
findings still open and overdue."""
import datetime as dt

import pytest

from attt.core import clock
from attt.preparedness import services
from attt.reporting import sections, selectors
from attt.reporting.periods import Period

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]
Q4 = Period(2026, 4)


def _figures(data) -> dict:
    return {k: v for k, _label, v in data.figures}


def test_drills_figures_in_the_section_and_on_the_dashboard(world, make_system, now):
    l3 = make_system("Cổng dịch vụ công xã", level=3)
    make_system("Một cửa xã", level=3)  # level 3, not drilled: due
    make_system("Trang tin xã", level=2)
    drill = services.drill_plan(actor=world.users["specialist"], organisation=world.org("province"),
                                title="Diễn tập tỉnh 2026", scenario="ransomware", planned_on=dt.date(2026, 11, 18),
                                systems=[l3], participants="Đội ứng cứu, xã An Bình")
    services.drill_record(actor=world.users["specialist"], drill=drill, held_on=dt.date(2026, 11, 18),
                          timeline="08:00 phát hiện; 09:30 cô lập", what_worked="Sao lưu khôi phục tốt",
                          findings=[{"description": "Chưa có danh bạ khẩn cấp", "organisation": world.org("commune_a"),
                                     "deadline": dt.date(2026, 11, 19)}])
    province = world.org("province")
    figs = _figures(sections.get("preparedness").provide(province, Q4, world.users["province_leader"]))
    assert (figs["drills_done"], figs["systems_drilled"], figs["systems_drill_due"]) == (1, 1, 2)
    assert (figs["drill_findings_open"], figs["drill_findings_overdue"]) == (1, 1)  # due 19/11, today 20/11
    board = selectors.dashboard(user=world.users["province_leader"], period=Q4)
    assert board.drills["systems_drilled"] == 1 and board.drills["systems_drill_due"] == 2
    commune = _figures(sections.get("preparedness").provide(world.org("commune_b"), Q4, world.users["officer_b"]))
    assert commune["drills_done"] == 0 and commune["systems_drill_due"] == 0
    assert clock.today() == dt.date(2026, 11, 20)
