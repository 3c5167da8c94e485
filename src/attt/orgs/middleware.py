"""Specialists and administrators act only in a session that has proven a second factor (TOTP).

Decided on every request from the user's current memberships and the session's authentication
record (orgs/mfa.py): a role that requires TOTP, granted mid-session, sends the user's existing
sessions to enrolment (no TOTP yet) or to verification with a code (TOTP, but not proven in this
session) at their very next request. Pages of the sign-in machinery, public pages and assets pass;
an asset-like request (an image, a style sheet, the favicon) is never redirected, so that it cannot
land on, and re-render, the enrolment page. The API answers for itself (api.SessionAuth).
"""
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .mfa import email_unverified, has_totp, mfa_required, session_has_second_factor

__all__ = ["RequireMfaMiddleware", "has_totp"]

ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/api/", "/incidents/public/")
ASSET_PATHS = frozenset({"/favicon.ico", "/robots.txt", "/apple-touch-icon.png",
                         "/apple-touch-icon-precomposed.png"})
# Sec-Fetch-Dest values of requests that are not a page the user navigates to.
ASSET_DESTINATIONS = frozenset({"image", "style", "script", "font", "manifest", "audio", "video", "track",
                                "object", "embed", "worker", "sharedworker", "serviceworker", "xslt"})


def _exempt(request) -> bool:
    path = request.path
    return path in ASSET_PATHS or path.startswith(ALLOWED_PREFIXES) or path.startswith(settings.STATIC_URL)


class RequireMfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not _exempt(request) and mfa_required(user):
            if not has_totp(user):
                if email_unverified(user):  # allauth refuses enrolment until the address is proven
                    messages.warning(request, _("Hãy xác minh địa chỉ email của bạn (nút “Gửi lại email xác minh”), "
                                                "sau đó đăng ký xác thực hai lớp."))
                    return self._send(request, "account_email")
                return self._send(request, "mfa_activate_totp")
            if not session_has_second_factor(request, user):
                return self._send(request, "mfa_reauthenticate")
        return self.get_response(request)

    @staticmethod
    def _send(request, url_name: str):
        if request.headers.get("Sec-Fetch-Dest", "") in ASSET_DESTINATIONS:
            return HttpResponse(status=403)
        url = reverse(url_name) + "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)
