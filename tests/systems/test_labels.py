"""Labels people read come from the regime's names, never from its codes (issue 14)."""
from __future__ import annotations

from django.urls import reverse

from attt.systems.models import Control
from tests.ui_text import problems


def test_checklist_shows_group_names_not_requirement_codes(world, client_for, draft):
    system = draft.system
    client = client_for("unit_officer")
    body = client.get(reverse("systems:controls", args=[system.pk])).content.decode()
    assert "Yêu cầu quản lý" in body or "Yêu cầu kỹ thuật" in body
    assert problems(body) == []
    control = Control.objects.filter(system=system).first()
    page = client.get(reverse("systems:control", args=[control.pk])).content.decode()
    assert problems(page) == []


def test_system_and_regime_pages_name_the_regime(world, client_for, draft):
    client = client_for("specialist")
    body = client.get(draft.system.get_absolute_url()).content.decode()
    assert "Chế độ cũ: Luật ATTT mạng 2015" in body
    assert problems(body) == []
    for url in (reverse("systems:regimes:list"), reverse("systems:regimes:detail", args=["legacy-nd85"]),
                reverse("systems:regimes:detail", args=["new-nd331"]), reverse("obligations:rules")):
        page = client_for("admin").get(url).content.decode()
        assert problems(page) == [], url


def test_regime_name_in_english(world, client_for, draft):
    client = client_for("specialist")
    client.cookies["django_language"] = "en"
    body = client.get(draft.system.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Legacy regime: Network Information Security Law 2015" in body
