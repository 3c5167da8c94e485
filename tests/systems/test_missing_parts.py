"""Dossiers with missing parts (issue 14): the page marks them; submission, receipt and appraisal
say which parts are missing; approval still refuses without the quy chế (the law's requirement)."""
from __future__ import annotations

from django.urls import reverse

from attt.systems import services


def test_missing_parts_are_marked_and_warned(world, client_for, draft):
    missing = services.missing_parts(draft)
    assert missing, "a fresh draft has no documents"
    officer = client_for("unit_officer")
    page = officer.get(reverse("systems:dossier", args=[draft.pk])).content.decode()
    assert 'id="missing-parts"' in page and 'data-missing="1"' in page
    response = officer.post(reverse("systems:dossier_action", args=[draft.pk, "submit"]), follow=True)
    body = response.content.decode()
    assert "Đã nộp hồ sơ" in body and "còn thiếu" in body and missing[0].title_vi in body
    received = client_for("specialist").post(reverse("systems:dossier_action", args=[draft.pk, "receive"]),
                                             follow=True).content.decode()
    assert "Hồ sơ còn thiếu" in received
