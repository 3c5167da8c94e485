from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by administrators: nobody signs up alone."""

    def is_open_for_signup(self, request):
        return False

    def get_client_ip(self, request):
        """allauth's rate limits (sign-in, password reset) count per the same client address as
        the rest of the product: X-Forwarded-For only from ATTT_TRUSTED_PROXY_COUNT proxies."""
        from django.core.exceptions import PermissionDenied

        from attt.core.middleware import client_ip

        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def is_reauthentication_required(self, app=None, **kwargs):
        """A password proven within the reauthentication window counts for enrolling MFA, so that a
        specialist signing in for the first time goes straight to TOTP enrolment."""
        request = getattr(self, "request", None)
        if request is not None and request.user.is_authenticated:
            import time

            from allauth.account import app_settings
            from allauth.account.internal.flows.login import get_authentication_records

            records = get_authentication_records(request, request.user)
            if records and time.time() - records[-1]["at"] < app_settings.REAUTHENTICATION_TIMEOUT:
                return False
        return super().is_reauthentication_required(app=app, **kwargs) if app is not None else True


class MFAAdapter(DefaultMFAAdapter):
    """Users whose role requires a second factor cannot remove their last TOTP device."""

    def can_delete_authenticator(self, authenticator):
        from allauth.mfa.models import Authenticator

        from .roles import MFA_REQUIRED

        user = authenticator.user
        if authenticator.type == Authenticator.Type.TOTP and (user.is_superuser or user.has_role(*MFA_REQUIRED)):
            return False
        return super().can_delete_authenticator(authenticator)
