"""Issue 10, item 7: forged client addresses and the sign-in lockout.

X-Forwarded-For is trusted only from ATTT_TRUSTED_PROXY_COUNT proxies, through one helper used by
the audit trail, the public incident form's limit and allauth's sign-in limits. Sign-in is
throttled per account and per real client address, so that one person's wrong passwords behind
the office proxy lock out that account, not the office.
"""
from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from attt.core.middleware import client_ip
from attt.core.models import AuditEvent

PASSWORD = "Mật-khẩu-thử-123"
PROXY = "10.0.0.254"  # the documented reverse proxy: every request reaches us from it


def _ip(settings, count, remote="192.0.2.10", xff=None):
    settings.ATTT_TRUSTED_PROXY_COUNT = count
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return client_ip(RequestFactory().get("/", **extra))


@pytest.mark.parametrize("count,remote,xff,expected", [
    (0, "192.0.2.10", "6.6.6.6", "192.0.2.10"),                      # no proxy: the header is the client's
    (1, PROXY, "6.6.6.6, 203.0.113.9", "203.0.113.9"),                 # the proxy appended the real peer
    (1, PROXY, "203.0.113.9", "203.0.113.9"),
    (2, "10.0.0.253", "6.6.6.6, 203.0.113.9, 10.0.0.254", "203.0.113.9"),
    (2, PROXY, "203.0.113.9", PROXY),                                  # did not pass both proxies: the peer
    (1, PROXY, None, PROXY),
    (1, PROXY, "không-phải-địa-chỉ", None),
    (1, PROXY, "6.6.6.6, [2001:db8::1]:443", "2001:db8::1"),
    (1, PROXY, "6.6.6.6, 203.0.113.9:51234", "203.0.113.9"),
])
def test_client_ip_trusts_only_the_configured_proxies(settings, count, remote, xff, expected):
    assert _ip(settings, count, remote, xff) == expected


def test_a_forged_address_does_not_reach_the_audit_trail(world, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # as in production
    settings.ATTT_TRUSTED_PROXY_COUNT = 0
    Client().post("/accounts/login/", {"login": "unit_officer", "password": "sai"},
                  HTTP_X_FORWARDED_FOR="6.6.6.6", REMOTE_ADDR="192.0.2.10")
    settings.ATTT_TRUSTED_PROXY_COUNT = 1
    Client().post("/accounts/login/", {"login": "unit_officer", "password": "sai"},
                  HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR=PROXY)
    assert [e.ip for e in AuditEvent.objects.filter(action="auth.login_failed").order_by("seq")] == [
        "192.0.2.10", "203.0.113.9"]


def test_rotating_the_header_does_not_bypass_the_public_form_limit(world, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ATTT_TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR=PROXY)
    statuses = [client.post("/incidents/public/report/", {"summary": "x"},
                            HTTP_X_FORWARDED_FOR=f"198.51.{i}.{i}, 203.0.113.9").status_code for i in range(24)]
    assert statuses.count(429) == 4 and 429 not in statuses[:20]
    # Another citizen behind the same proxy is not affected.
    other = client.post("/incidents/public/report/", {"summary": "x"}, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other.status_code != 429


def _login(username, password, real, forged="6.6.6.6"):
    client = Client(REMOTE_ADDR=PROXY)
    client.post("/accounts/login/", {"login": username, "password": password},
                HTTP_X_FORWARDED_FOR=f"{forged}, {real}")
    return "_auth_user_id" in client.session


def test_one_persons_wrong_passwords_do_not_lock_out_the_office(world, settings):
    settings.ATTT_TRUSTED_PROXY_COUNT = 1
    office = "203.0.113.9"
    for _ in range(6):
        assert not _login("officer_b", "sai", office)
    assert not _login("officer_b", PASSWORD, office)       # that account is throttled (per account)
    assert _login("unit_officer", PASSWORD, office)        # a colleague at the same address signs in
    assert _login("officer_q", PASSWORD, "198.51.100.7")   # and so does everybody else


def test_an_account_is_throttled_whatever_address_the_attempts_come_from(world, settings):
    settings.ATTT_TRUSTED_PROXY_COUNT = 1
    for i in range(5):
        assert not _login("officer_b", "sai", f"198.51.100.{i + 1}")
    assert not _login("officer_b", PASSWORD, "198.51.100.200")


def test_one_address_is_throttled_across_accounts_and_a_forged_header_does_not_help(world, settings):
    """allauth counts per our client address: rotating the forged left part changes nothing."""
    settings.ATTT_TRUSTED_PROXY_COUNT = 1
    attacker = "203.0.113.66"
    for i in range(30):
        _login(f"khong-ton-tai-{i}", "sai", attacker, forged=f"10.{i}.0.1")
    assert not _login("unit_officer", PASSWORD, attacker, forged="10.99.0.1")
    assert _login("unit_officer", PASSWORD, "203.0.113.9")


def test_allauth_uses_our_client_address(world, settings, rf):
    from allauth.account.adapter import get_adapter

    settings.ATTT_TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert get_adapter(request).get_client_ip(request) == "203.0.113.9"
