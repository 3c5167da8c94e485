"""Two response guards.

NoStoreMiddleware: pages shown to a signed-in user and every answer under /api/ carry
`Cache-Control: no-store`, so no browser or proxy cache keeps a copy of what a user may see.

ApiErrorsMiddleware: under /api/ every error is JSON `{"detail": "..."}` in the caller's language,
also those Django answers before the API runs (unknown path 404, wrong method 405, 500).
"""
from __future__ import annotations

import logging

from django.http import JsonResponse
from django.utils.translation import gettext as _

logger = logging.getLogger("attt.api")
API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if _is_api(request) or (user is not None and user.is_authenticated):
            response["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response


def _message(status: int) -> str:
    if status == 404:
        return _("Không tìm thấy.")
    if status == 405:
        return _("Phương thức không được hỗ trợ cho địa chỉ này.")
    if status == 401:
        return _("Cần đăng nhập hoặc khóa API hợp lệ.")
    if status == 403:
        return _("Bạn không có quyền thực hiện thao tác này.")
    if status == 413:
        return _("Dữ liệu gửi lên quá lớn.")
    if status >= 500:
        return _("Lỗi máy chủ; sự cố đã được ghi lại, hãy thử lại sau.")
    return _("Yêu cầu không hợp lệ.")


def api_error(status: int) -> JsonResponse:
    return JsonResponse({"detail": _message(status)}, status=status, json_dumps_params={"ensure_ascii": False})


class ApiErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (_is_api(request) and response.status_code >= 400
                and not response.get("Content-Type", "").startswith("application/json")):
            replacement = api_error(response.status_code)
            if response.has_header("Allow"):
                replacement["Allow"] = response["Allow"]
            return replacement
        return response

    def process_exception(self, request, exception):
        if not _is_api(request):
            return None
        from django.core.exceptions import PermissionDenied, SuspiciousOperation
        from django.http import Http404

        if isinstance(exception, Http404):
            return api_error(404)
        if isinstance(exception, PermissionDenied):
            return api_error(403)
        if isinstance(exception, SuspiciousOperation):
            return api_error(400)
        logger.exception("API error on %s %s", request.method, request.path, exc_info=exception)
        return api_error(500)
