"""Issue 10, item 2: a grant that makes TOTP required takes effect at the very next request of the
user's existing sessions: enrol, or verify with a code, before anything else (pages and API)."""
from __future__ import annotations

from django.test import Client

from attt.orgs import services
from tests.conftest import TOTP_SECRET, enrol_totp
from tests.e2e.conftest import totp_code

PASSWORD = "Mật-khẩu-thử-123"


def _signed_in(username: str) -> Client:
    """A session opened through the sign-in form (so it holds a real authentication record)."""
    client = Client()
    response = client.post("/accounts/login/", {"login": username, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    return client


def _elevate(world, user, role="specialist"):
    services.membership_grant(actor=world.users["admin"], user=user, organisation=world.org("police"), role=role)


def test_grant_mid_session_sends_the_session_to_enrolment_at_the_next_request(world):
    officer = world.users["unit_officer"]
    session = _signed_in("unit_officer")
    assert session.get("/orgs/").status_code == 200  # a page seen before the grant
    assert session.get("/api/v1/me").status_code == 200
    _elevate(world, officer)
    response = session.get("/orgs/?q=xa")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/?next=%2Forgs%2F%3Fq%3Dxa"
    assert session.get("/systems/").status_code == 302
    assert session.get("/api/v1/me").status_code == 401  # the session is no key to the API either
    assert session.get("/accounts/2fa/totp/activate/").status_code == 200  # enrolment itself is reachable


def test_enrolling_in_the_session_lets_it_go_on(world):
    officer = world.users["unit_officer"]
    session = _signed_in("unit_officer")
    _elevate(world, officer, role="admin")
    assert session.get("/orgs/").status_code == 302
    session.get("/accounts/2fa/totp/activate/")
    secret = session.session["mfa.totp.secret"]
    response = session.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:500]
    assert session.get("/orgs/").status_code == 200
    assert session.get("/api/v1/me").status_code == 200


def test_enrolled_user_elevated_mid_session_must_verify_a_code(world):
    officer = world.users["unit_officer"]
    session = _signed_in("unit_officer")  # signed in with the password only: no TOTP then
    enrol_totp(officer)  # enrolled meanwhile, e.g. in another session
    assert session.get("/orgs/").status_code == 200  # not yet required: unit officers need no TOTP
    _elevate(world, officer)
    response = session.get("/orgs/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/?next=%2Forgs%2F")
    assert session.get("/api/v1/me").status_code == 401
    response = session.post("/accounts/2fa/reauthenticate/?next=/orgs/", {"code": totp_code(TOTP_SECRET)})
    assert response.status_code == 302 and response["Location"] == "/orgs/"
    assert session.get("/orgs/").status_code == 200
    assert session.get("/api/v1/me").status_code == 200


def test_every_existing_session_of_the_user_is_held(world):
    officer = world.users["unit_officer"]
    first, second = _signed_in("unit_officer"), _signed_in("unit_officer")
    _elevate(world, officer)
    assert first.get("/").status_code == 302
    assert second.get("/").status_code == 302


def test_htmx_and_asset_requests_are_not_sent_to_the_enrolment_page(world):
    officer = world.users["unit_officer"]
    session = _signed_in("unit_officer")
    _elevate(world, officer)
    response = session.get("/orgs/tree/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"].startswith("/accounts/2fa/totp/activate/")
    response = session.get("/orgs/", HTTP_SEC_FETCH_DEST="image")
    assert response.status_code == 403 and "Location" not in response


def test_revoking_the_role_lifts_the_requirement(world):
    officer = world.users["unit_officer"]
    session = _signed_in("unit_officer")
    _elevate(world, officer)
    assert session.get("/orgs/").status_code == 302
    services.membership_revoke(actor=world.users["admin"], membership=officer.memberships.get(role="specialist"))
    assert session.get("/orgs/").status_code == 200


def test_a_specialist_session_with_the_code_proven_is_not_bothered(world):
    client = Client()
    client.post("/accounts/login/", {"login": "specialist", "password": PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(TOTP_SECRET)})
    assert response.status_code == 302
    assert client.get("/orgs/").status_code == 200
    assert client.get("/api/v1/me").status_code == 200
