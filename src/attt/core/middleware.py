from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied

from . import audit


def client_ip(request) -> str | None:
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR") if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) else None
    if forwarded:
        return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None


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
