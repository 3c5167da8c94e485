"""Credential events go into the audit trail: sign-in, failed sign-in, sign-out, password change,
set and reset, e-mail verification, TOTP enrolment and removal, recovery codes generated and used,
failed second factors. They are recorded from django-allauth's and Django's signals, inside the
request that caused them; the event is scoped to the user's unit, so its auditors can read it.

Failed sign-ins are bounded by the sign-in rate limit (ACCOUNT_RATE_LIMITS, per account and per
client address): a limited attempt never reaches authentication, so it writes no event."""
from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from attt.core import audit


def _unit(user):
    membership = user.primary_membership() if user is not None and getattr(user, "pk", None) else None
    return membership.organisation if membership else None


def _credential(action: str, user, *, actor=None, changes=None) -> None:
    """One credential event about `user`, done by `actor` (the user themselves by default)."""
    audit.record(actor=actor if actor is not None else user, action=action, organisation=_unit(user),
                 object_type="auth", object_id=str(getattr(user, "pk", "") or ""),
                 object_repr=(user.get_username() if user is not None else "")[:300], changes=changes or {})


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    who = str(credentials.get("username") or credentials.get("email") or "")[:150]
    audit.record(actor=None, action="auth.login_failed", object_type="auth", object_id="",
                 object_repr=who, changes={"login": [None, who]})


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    _credential("auth.login", user)


@receiver(user_logged_out)
def logged_out(sender, request=None, user=None, **kwargs):
    if user is not None:
        _credential("auth.logout", user)


@receiver(account_signals.password_changed)
def password_changed(sender, request=None, user=None, **kwargs):
    _credential("auth.password_changed", user)


@receiver(account_signals.password_set)
def password_set(sender, request=None, user=None, **kwargs):
    _credential("auth.password_set", user)


@receiver(account_signals.password_reset)
def password_reset(sender, request=None, user=None, **kwargs):
    _credential("auth.password_reset", user)


@receiver(account_signals.email_confirmed)
def email_confirmed(sender, request=None, email_address=None, **kwargs):
    user = getattr(email_address, "user", None)
    _credential("auth.email_verified", user, changes={"email": [None, getattr(email_address, "email", "")]})


def _kind(authenticator) -> str:
    return str(getattr(authenticator, "type", "") or "")


@receiver(mfa_signals.authenticator_added)
def authenticator_added(sender, request=None, user=None, authenticator=None, **kwargs):
    action = "mfa.recovery_codes_generated" if _kind(authenticator) == "recovery_codes" else "mfa.enrolled"
    _credential(action, user, changes={"type": [None, _kind(authenticator)]})


@receiver(mfa_signals.authenticator_removed)
def authenticator_removed(sender, request=None, user=None, authenticator=None, **kwargs):
    _credential("mfa.removed", user, changes={"type": [_kind(authenticator), None]})


@receiver(mfa_signals.authenticator_reset)
def authenticator_reset(sender, request=None, user=None, authenticator=None, **kwargs):
    _credential("mfa.recovery_codes_generated", user, changes={"type": [None, _kind(authenticator)]})


@receiver(mfa_signals.authenticator_used)
def authenticator_used(sender, request=None, user=None, authenticator=None, **kwargs):
    # A TOTP code at sign-in is part of the sign-in event; a recovery code is worth its own.
    if _kind(authenticator) == "recovery_codes":
        _credential("mfa.recovery_code_used", user, changes={"unused_left": [None, _unused_codes(authenticator)]})


def _unused_codes(authenticator) -> int:
    authenticator.refresh_from_db()  # the instance the signal carries may predate marking the code used
    return len(authenticator.wrap().get_unused_codes())


@receiver(mfa_signals.authentication_failed)
def second_factor_failed(sender, request=None, user=None, authenticator=None, **kwargs):
    audit.record(actor=None, action="auth.mfa_failed", organisation=_unit(user), object_type="auth",
                 object_id=str(getattr(user, "pk", "")), object_repr=getattr(user, "username", "")[:150],
                 changes={})
