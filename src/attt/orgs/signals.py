"""Failed sign-ins go into the audit trail."""
from django.contrib.auth.signals import user_logged_in, user_login_failed
from allauth.mfa.signals import authentication_failed as mfa_authentication_failed
from django.dispatch import receiver

from attt.core import audit


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    who = str(credentials.get("username") or credentials.get("email") or "")[:150]
    audit.record(actor=None, action="auth.login_failed", object_type="auth", object_id="",
                 object_repr=who, changes={"login": [None, who]})


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    audit.record(actor=user, action="auth.login", object_type="auth", object_id=str(user.pk),
                 object_repr=user.get_username(), changes={})


@receiver(mfa_authentication_failed)
def second_factor_failed(sender, request=None, user=None, authenticator=None, **kwargs):
    audit.record(actor=None, action="auth.mfa_failed", object_type="auth", object_id=str(getattr(user, "pk", "")),
                 object_repr=getattr(user, "username", "")[:150], changes={})
