"""Specialists and administrators must enrol a second factor (TOTP) before anything else."""
from django.shortcuts import redirect
from django.urls import reverse

from .roles import MFA_REQUIRED

ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/api/", "/incidents/public/")


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireMfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and not request.path.startswith(ALLOWED_PREFIXES)
                and not request.session.get("attt_mfa_ok")):
            if user.is_superuser or user.has_role(*MFA_REQUIRED):
                if not has_totp(user):
                    return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
            request.session["attt_mfa_ok"] = True
        return self.get_response(request)
