"""Figures kept in the shared cache until the data changes (`attt.core.cached`): the home cards'
counts are computed once, served again while nothing was written, and computed afresh after any
write made through a service (which appends to the audit chain)."""
from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from attt.core import audit, cached
from attt.incidents.models import Incident
from tests.incidents.factories import make_incident


def _card(response, title_start: str) -> dict:
    return next(c for c in response.context["cards"] if str(c["title"]).startswith(title_start))


def _home(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


def test_a_change_made_through_a_service_shows_at_once(world, client_for):
    client = client_for("specialist")
    make_incident(world)
    first, _ = _home(client)
    assert _card(first, "Sự cố")["n_open"] == 1
    make_incident(world, title="Mã độc trên máy chủ")
    second, _ = _home(client)
    assert _card(second, "Sự cố")["n_open"] == 2


def test_the_figures_are_served_again_while_nothing_changed(world, client_for):
    client = client_for("specialist")
    incident = make_incident(world)
    _home(client)
    _response, sql = _home(client)
    counts = [s for s in sql if "COUNT" in s and "incidents_incident" in s]
    assert counts == []  # the open-incident count came from the cache
    assert sum("core_audithead" in s for s in sql) == 1  # the chain's head, read once for every card
    # A write that bypasses the services (no audit event) is not seen until the TTL ends: the
    # contract is that every change goes through a service.
    Incident.objects.filter(pk=incident.pk).update(status=Incident.Status.CLOSED)
    assert _card(_home(client)[0], "Sự cố")["n_open"] == 1
    make_incident(world, title="Lừa đảo qua thư điện tử")  # any audited write gives a new key
    assert _card(_home(client)[0], "Sự cố")["n_open"] == 1  # the closed one is gone, the new one counts


def test_a_request_that_writes_reads_the_head_again(world):
    token = audit.current_request.set(audit.RequestInfo(user=world.users["specialist"]))
    try:
        before = cached.data_version()
        assert cached.data_version() == before  # read once
        audit.record(actor=world.users["specialist"], action="test.write", object_type="test", object_id="1",
                     object_repr="x", changes={})
        assert cached.data_version() != before
    finally:
        audit.current_request.reset(token)


def test_other_users_and_languages_have_their_own_figures(world, client_for):
    make_incident(world)
    make_incident(world, unit_key="commune_b", title="Tấn công từ chối dịch vụ")
    assert _card(_home(client_for("specialist"))[0], "Sự cố")["n_open"] == 2
    assert _card(_home(client_for("unit_officer"))[0], "Sự cố")["n_open"] == 1  # commune A only
    calls = []
    assert cached.figures("t", (1,), lambda: calls.append(1) or "vi") == "vi"
    from django.utils import translation

    with translation.override("en"):
        assert cached.figures("t", (1,), lambda: calls.append(1) or "en") == "en"
    assert cached.figures("t", (1,), lambda: calls.append(1) or "again") == "vi"
    assert len(calls) == 2


def test_the_home_page_reads_few_rows_once_its_figures_are_kept(world, client_for):
    make_incident(world)
    counts = {}
    for role in ("province_leader", "specialist", "auditor", "unit_head", "unit_officer"):
        client = client_for(role)
        client.get("/")
        counts[role] = len(_home(client)[1])
    # Before the figures were kept: 26 to 28 queries for every role.
    assert max(counts.values()) <= 14, counts


def test_the_session_is_read_from_the_cache_and_a_deactivated_user_is_still_refused(world, client_for):
    client = client_for("unit_officer")
    client.get("/")
    _response, sql = _home(client)
    assert not any("django_session" in s for s in sql)  # cached_db: read from the cache
    user = world.users["unit_officer"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_list_totals_are_kept_until_the_data_changes(world, client_for):
    client = client_for("specialist")
    make_incident(world)
    client.get("/incidents/")
    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/incidents/").content.decode()
    assert "1 sự cố" in html
    assert not [q for q in ctx.captured_queries if "COUNT" in q["sql"] and "incidents_incident" in q["sql"]]
    make_incident(world, title="Mã độc tống tiền")
    assert "2 sự cố" in client.get("/incidents/").content.decode()
    assert "1 sự cố" in client.get("/incidents/?q=tong+tien").content.decode()  # a search is counted afresh


def test_the_duties_list_keeps_its_counts_but_counts_a_search_afresh(world, client_for):
    client = client_for("specialist")

    def counts(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return [q for q in ctx.captured_queries if "COUNT" in q["sql"] and "obligations_" in q["sql"]]

    assert counts("/duties/?view=list")
    assert counts("/duties/?view=list") == []  # the counts and the total came from the cache
    assert counts("/duties/?view=list&q=sao+luu")
    assert counts("/duties/?view=list&q=sao+luu")  # a free-text search: counted again, never kept
