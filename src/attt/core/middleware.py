from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core.exceptions import PermissionDenied

from . import audit


def client_ip(request) -> str | None:
    """The caller's address, the one helper every user of an address calls (audit trail, sign-in
    throttle, public form limit). X-Forwarded-For is trusted only from the ATTT_TRUSTED_PROXY_COUNT
    proxies in front of us: each appends the address it received from, so the client is the
    N-th entry from the right; anything further left was written by the client and is ignored.
    With no trusted proxy (the default), REMOTE_ADDR."""
    count = int(getattr(settings, "ATTT_TRUSTED_PROXY_COUNT", 0) or 0)
    candidate = request.META.get("REMOTE_ADDR")
    if count > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= count:  # fewer: it did not come through every proxy; keep the unforgeable peer
            candidate = hops[-count]
    return _clean_ip(candidate)


def _clean_ip(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1:value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


class RequestContextMiddleware:
    """Makes the caller's address and user available to audit.record() for this request, and
    records refused accesses in the trail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.current_request.set(audit.RequestInfo(ip=client_ip(request), user=request.user))
        try:
            return self.get_response(request)
        finally:
            audit.current_request.reset(token)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied) and request.user.is_authenticated:
            audit.record(actor=request.user, action="authz.denied", changes={"path": request.path,
                         "method": request.method}, object_type="url", object_id="", object_repr=request.path[:300])
        return None


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", settings.ATTT_CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response
