"""The JSON API at /api/v1/: each app's `api.router` is mounted under its own prefix.

Authentication: a personal token (`Authorization: Bearer attt_…`) or the browser session (with
CSRF for writes). Errors are JSON `{"detail": "..."}` in the caller's language (Accept-Language).
"""
from __future__ import annotations

import importlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
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
        from attt.orgs.mfa import mfa_satisfied

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not mfa_satisfied(request, user):  # a role needing TOTP: enrolled and proven in this session
            return None
        return user


ERROR_SCHEMA = {
    "type": "object",
    "title": "Error",
    "description": "Lỗi: `detail` là thông báo cho người dùng (theo Accept-Language).",
    "properties": {
        "detail": {"type": "string"},
        "field": {"type": "string"},
        "rows": {"type": "array", "items": {"type": "object", "properties": {
            "row": {"type": "integer"}, "message": {"type": "string"}}}},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["detail"],
}
ERROR_TEXT = {
    400: "Yêu cầu không hợp lệ (lỗi nghiệp vụ hoặc thân yêu cầu không đọc được).",
    401: "Cần đăng nhập hoặc khóa API hợp lệ.",
    403: "Không có quyền.",
    404: "Không tìm thấy (hoặc ngoài phạm vi của người dùng).",
    422: "Tham số hoặc dữ liệu gửi lên sai kiểu, thiếu hoặc ngoài giới hạn.",
}


def _error_codes(operation: dict, path: str) -> list[int]:
    """The error answers an operation can give: 401/403 when it needs a user (every rule check),
    400/404/422 when it takes input (404 also for a body or query naming an id out of scope)."""
    codes = []
    if operation.get("security"):
        codes += [401, 403]
    if operation.get("parameters") or operation.get("requestBody") or "{" in path:
        codes += [400, 404, 422]
    return codes


class Api(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                for code in _error_codes(operation, path):
                    operation["responses"].setdefault(code, {"description": ERROR_TEXT[code], **ref})
        return schema


api = Api(
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


@api.exception_handler(MultiPartParserError)
def on_bad_multipart(request, exc):
    return api.create_response(request, {"detail": _("Không đọc được dữ liệu gửi lên (multipart hỏng).")}, status=400)


@api.exception_handler(SuspiciousOperation)
def on_suspicious(request, exc):
    return api.create_response(request, {"detail": _("Yêu cầu không hợp lệ.")}, status=400)


@api.exception_handler(Exception)
def on_server_error(request, exc: Exception):
    """A defect: logged with its traceback, answered as JSON (never an HTML page under /api/)."""
    from attt.core.headers import api_error, logger

    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return api_error(500)


APPS = ["orgs", "regimes", "systems", "directives", "obligations", "incidents", "preparedness", "vulns", "reporting"]
for _app in APPS:
    try:
        _module = importlib.import_module(f"attt.{_app}.api")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"attt.{_app}.api":
            raise
        continue
    api.add_router("/", _module.router)
