"""The JSON API at /api/v1/: each app's `api.router` is mounted under its own prefix.

Authentication: a personal token (`Authorization: Bearer attt_…`) or the browser session (with
CSRF for writes). Errors are JSON `{"detail": "..."}` in the caller's language (Accept-Language).
"""
from __future__ import annotations

import importlib

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from attt.core import audit
from attt.core.errors import DomainError, RowErrors


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        from attt.orgs.services import token_authenticate

        user = token_authenticate(token)
        if user is None:
            from attt.core.middleware import client_ip

            # Aggregated: at most one event per client address per minute, with the count.
            audit.record_throttled(action="api.token_rejected", client=client_ip(request), actor=None,
                                   object_type="api", object_id="", object_repr=(token or "")[:12])
            return None
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser session; writes need the CSRF token as for any form."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request, key):
        from attt.orgs.middleware import has_totp
        from attt.orgs.roles import MFA_REQUIRED

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if (user.is_superuser or user.has_role(*MFA_REQUIRED)) and not has_totp(user):
            return None
        return user


api = NinjaAPI(
    title="ATTT API",
    version="1",
    description="API của ATTT: tổ chức, người dùng, hệ thống thông tin, văn bản chỉ đạo, sự cố, báo cáo.",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth(csrf=True)],
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    body = {"detail": str(exc.message)}
    if exc.field:
        body["field"] = exc.field
    if isinstance(exc, RowErrors):
        body["rows"] = [{"row": n, "message": m} for n, m in exc.rows]
    return api.create_response(request, body, status=400)


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    detail = str(exc) or _("Bạn không có quyền thực hiện thao tác này.")
    return api.create_response(request, {"detail": detail}, status=403)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": _("Không tìm thấy.")}, status=404)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("Cần đăng nhập hoặc khóa API hợp lệ.")}, status=401)


@api.exception_handler(ValidationError)
def on_invalid(request, exc: ValidationError):
    return api.create_response(request, {"detail": _("Dữ liệu gửi lên không hợp lệ."), "errors": exc.errors},
                               status=422)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


APPS = ["orgs", "regimes", "systems", "directives", "obligations", "incidents", "reporting"]
for _app in APPS:
    try:
        _module = importlib.import_module(f"attt.{_app}.api")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"attt.{_app}.api":
            raise
        continue
    api.add_router("/", _module.router)
