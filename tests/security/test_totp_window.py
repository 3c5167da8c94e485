"""TOTP accepts the code of the step before the server's (a code typed as its 30 seconds end, or a
phone a little behind), once only; a code two steps old is refused (RFC 6238 §5.2)."""
from __future__ import annotations

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client

from tests.conftest import TOTP_SECRET

PASSWORD = "Mật-khẩu-thử-123"


def _signed_in_with(username: str, code: str) -> bool:
    client = Client()
    response = client.post("/accounts/login/", {"login": username, "password": PASSWORD})
    assert "/2fa/authenticate" in response["Location"]
    client.post("/accounts/2fa/authenticate/", {"code": code})
    return "_auth_user_id" in client.session


def test_the_previous_steps_code_is_accepted_once_and_an_older_one_refused(world):
    # the world enrols the specialist with TOTP_SECRET
    while 27 <= time.time() % 30:  # not at a step's very end: the counters below stay the counters
        time.sleep(0.2)
    step = int(time.time()) // 30
    code = lambda n: format_hotp_value(hotp_value(TOTP_SECRET, n))  # noqa: E731
    assert not _signed_in_with("specialist", code(step - 2))
    assert _signed_in_with("specialist", code(step - 1))
    assert not _signed_in_with("specialist", code(step - 1))  # the same code twice: refused
    assert _signed_in_with("specialist", code(step))
