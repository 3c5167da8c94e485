"""Assignee phrases to organisations: default rules (data), names, the officer's rules."""
from __future__ import annotations

import pytest

from attt.core.errors import DomainError
from attt.directives import services
from attt.directives.models import AssigneeRule
from attt.directives.resolve import Resolver


def names(orgs):
    return sorted(o.name for o in orgs)


@pytest.fixture
def resolver(world):
    return Resolver(world.org("province"), ["Công an tỉnh", "Các sở, ban, ngành", "Ủy ban nhân dân cấp xã"])


def test_default_rules_are_loaded_from_data(db):
    assert AssigneeRule.objects.filter(province__isnull=True).count() >= 20
    rule = AssigneeRule.objects.get(province__isnull=True, pattern="cac so ban nganh")
    assert rule.target == "kinds" and rule.org_kinds == ["department"]


@pytest.mark.parametrize("phrase,expected", [
    ("Các sở, ban, ngành", ["finance"]),
    ("Thủ trưởng các sở, ban, ngành, đơn vị thuộc tỉnh", ["finance"]),
    ("Ủy ban nhân dân cấp xã", ["commune_a", "commune_b"]),
    ("Chủ tịch Ủy ban nhân dân các xã, phường", ["commune_a", "commune_b"]),
    ("UY BAN NHAN DAN CAP XA", ["commune_a", "commune_b"]),  # OCR without diacritics
    ("Công an tỉnh", ["police"]),
    ("Trung tâm Phục vụ hành chính công", ["centre_a"]),
    ("Các doanh nghiệp viễn thông", ["provider"]),
    ("Sở Tài chính", ["finance"]),                       # an organisation's own name
    ("Thủ trưởng các cơ quan, đơn vị, địa phương (mục Kính gửi)", ["commune_a", "commune_b", "finance", "police"]),
    ("Hội Nông dân", []),
])
def test_default_resolution(world, resolver, phrase, expected):
    assert names(resolver.resolve(phrase).orgs) == sorted(world.org(k).name for k in expected)


def test_other_province_never_resolves(world, resolver):
    assert world.org("commune_q") not in resolver.resolve("Ủy ban nhân dân cấp xã").orgs


def test_officer_correction_creates_a_rule_that_wins(world, resolver):
    specialist = world.users["specialist"]
    rule = services.assignee_rule_save(actor=specialist, province=world.org("province"), phrase="Sở Khoa hgc và Công nghệ",
                                       target="organisation", organisation=world.org("finance"))
    assert rule.match == "exact" and rule.pattern == "so khoa hgc va cong nghe"
    fresh = Resolver(world.org("province"))
    assert fresh.resolve("SỞ KHOA HGC VÀ CÔNG NGHỆ").orgs == [world.org("finance")]
    # a province rule for a phrase a default also covers takes precedence
    services.assignee_rule_save(actor=specialist, province=world.org("province"), phrase="Công an tỉnh",
                                target="kinds", org_kinds=["police", "response_team"])
    assert names(Resolver(world.org("province")).resolve("Công an tỉnh").orgs) == names(
        [world.org("police"), world.org("team")])
    # saving the same phrase again updates the rule instead of adding one
    services.assignee_rule_save(actor=specialist, province=world.org("province"), phrase="công an tỉnh",
                                target="kinds", org_kinds=["police"])
    assert AssigneeRule.objects.filter(province=world.org("province"), pattern="cong an tinh").count() == 1


def test_rule_save_refuses_bad_targets(world):
    specialist, province = world.users["specialist"], world.org("province")
    with pytest.raises(DomainError, match="loại tổ chức"):
        services.assignee_rule_save(actor=specialist, province=province, phrase="x y", target="kinds", org_kinds=[])
    with pytest.raises(DomainError, match="thuộc tỉnh"):
        services.assignee_rule_save(actor=specialist, province=province, phrase="x y", target="organisation",
                                    organisation=world.org("commune_q"))
    assert not AssigneeRule.objects.filter(province=province).exists()
