"""The second factor: who needs it, and whether a session has proven it.

A user needs TOTP when one of their *current* memberships has a role of `roles.MFA_REQUIRED` (or
they are a superuser). A session has proven it when allauth's authentication record of that
session (`account_authentication_methods`, kept per session for its user) holds an "mfa" step:
signing in with the code, reauthenticating with it, or enrolling TOTP in this session (recorded by
orgs.forms.ActivateTOTPForm). Both are read on every request, so a role granted mid-session takes effect at the very
next request of every session of that user.

The receiver here is connected when the module is imported (by the middleware, at start-up).
"""
from __future__ import annotations

from django.dispatch import receiver


def mfa_required(user) -> bool:
    from .roles import MFA_REQUIRED

    return bool(user.is_superuser or user.has_role(*MFA_REQUIRED))


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def email_unverified(user) -> bool:
    """allauth refuses TOTP enrolment while the account has an unverified address."""
    from allauth.account.models import EmailAddress
    from allauth.mfa import app_settings

    return not app_settings.ALLOW_UNVERIFIED_EMAIL and EmailAddress.objects.filter(user=user, verified=False).exists()


def session_has_second_factor(request, user) -> bool:
    from allauth.account.internal.flows.login import get_authentication_records

    return any(isinstance(r, dict) and r.get("method") == "mfa" for r in get_authentication_records(request, user))


def mfa_satisfied(request, user) -> bool:
    """True when `user` may act in this session: no second factor needed, or enrolled and proven."""
    if not mfa_required(user):
        return True
    return session_has_second_factor(request, user) and has_totp(user)


def _connect():
    from allauth.account.signals import password_reset

    @receiver(password_reset, dispatch_uid="attt.orgs.mfa.reset_proves_email", weak=False)
    def reset_proves_email(sender, request=None, user=None, **kwargs):
        """A password reset through the link e-mailed to the account's address proves that address.
        Only when the account has that one address is it certain which one received the link."""
        from allauth.account.models import EmailAddress

        if user is None or not user.email:
            return
        addresses = list(EmailAddress.objects.filter(user=user))
        if len(addresses) == 1 and addresses[0].email.lower() == user.email.lower() and not addresses[0].verified:
            addresses[0].verified = True
            addresses[0].primary = True
            addresses[0].save(update_fields=["verified", "primary"])


_connect()
