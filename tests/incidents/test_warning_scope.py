"""Warnings: a unit's list counts its own targets; a warning that reaches no unit is refused with a
message unless the publisher chooses to publish it anyway (issue 14)."""
from __future__ import annotations

import re

import pytest
from django.urls import reverse

from attt.core.errors import DomainError
from attt.incidents.models import Warning

from .factories import make_warning


def test_unit_list_counts_only_its_own_targets(world, client_for):
    make_warning(world, manual=("commune_a", "commune_b"))
    officer = client_for("unit_officer").get(reverse("incidents:warnings")).content.decode()
    specialist = client_for("specialist").get(reverse("incidents:warnings")).content.decode()
    assert re.search(r"<td>0/1</td>", officer) and not re.search(r"<td>0/2</td>", officer)
    assert re.search(r"<td>0/2</td>", specialist)


def test_a_warning_matching_no_unit_warns_before_publishing(world, client_for):
    with pytest.raises(DomainError, match="không tới ai"):
        make_warning(world, manual=(), products="Hãng Không Có | Sản phẩm lạ |")
    assert not Warning.objects.exists()  # nothing half-saved
    data = {"title": "Lỗ hổng", "severity": "high", "cves": "", "products": "Hãng Không Có | Sản phẩm lạ |",
            "description": "Mô tả", "recommended_actions": "Cập nhật", "deadline": "31/12/2099", "unit_codes": ""}
    client = client_for("specialist")
    page = client.post(reverse("incidents:warning_create"), data)
    assert page.status_code == 200 and "không tới ai" in page.content.decode()
    assert not Warning.objects.exists()
    done = client.post(reverse("incidents:warning_create"), {**data, "allow_no_target": "on"}, follow=True)
    assert Warning.objects.count() == 1 and "chưa tới đơn vị nào" in done.content.decode()
