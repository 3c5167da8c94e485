"""The same form sent twice makes one record (issue 14): system registration and the public
incident report carry a one-time token; the repeat gets the first post's result."""
from __future__ import annotations

import datetime as dt
import re

from django.test import Client
from django.urls import reverse

from attt.core import clock
from attt.incidents.models import Incident
from attt.systems.models import System

TOKEN = re.compile(r'name="submit_token" value="([^"]+)"')


def test_double_click_on_save_registers_the_system_once(world, client_for):
    client = client_for("unit_officer")
    page = client.get(reverse("systems:create")).content.decode()
    token = TOKEN.search(page).group(1)
    assert "data-once" in page
    data = {"name": "Cổng một cửa thử nghiệm", "owner": world.org("commune_a").pk,
            "operator": world.org("commune_a").pk, "kind": "public_service", "status": "operating",
            "info_types": ["public"], "users_count": "100", "regime_code": "new-nd331", "submit_token": token,
            "personal_subjects": "0", "sensitive_subjects": "0", "service_maturity": "0", "hosting": "own_dc"}
    first = client.post(reverse("systems:create"), data)
    second = client.post(reverse("systems:create"), data, follow=True)
    assert first.status_code == 302 and System.objects.filter(name="Cổng một cửa thử nghiệm").count() == 1
    body = second.content.decode()
    assert "đã có hệ thống" not in body.lower()
    assert second.redirect_chain[-1][0] == first["Location"]
    # A new form (a new token) with the same name is a real second attempt and is refused as a duplicate.
    token2 = TOKEN.search(client.get(reverse("systems:create")).content.decode()).group(1)
    again = client.post(reverse("systems:create"), {**data, "submit_token": token2})
    assert again.status_code == 200 and System.objects.filter(name="Cổng một cửa thử nghiệm").count() == 1


def test_the_same_public_report_posted_twice_is_one_incident(world):
    c = Client()
    page = c.get(reverse("incidents:public_report")).content.decode()
    token = TOKEN.search(page).group(1)
    detected = (clock.now() - dt.timedelta(hours=1)).astimezone(dt.timezone(dt.timedelta(hours=7)))
    data = {"province": world.orgs["province"].pk, "title": "Trang web giả mạo", "kind": "phishing",
            "description": "Trang lừa nộp phí", "detected_at": detected.strftime("%d/%m/%Y %H:%M"),
            "reporter_name": "Nguyễn Văn Dân", "reporter_phone": "0987654321", "website": "", "submit_token": token}
    first = c.post(reverse("incidents:public_report"), data)
    second = c.post(reverse("incidents:public_report"), data)
    assert Incident.objects.count() == 1
    code = Incident.objects.get().tracking_code
    assert code in first.content.decode() and code in second.content.decode()
