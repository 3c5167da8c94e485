from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by administrators: nobody signs up alone."""

    def is_open_for_signup(self, request):
        return False


class MFAAdapter(DefaultMFAAdapter):
    """Users whose role requires a second factor cannot remove their last TOTP device."""

    def can_delete_authenticator(self, authenticator):
        from allauth.mfa.models import Authenticator

        from .roles import MFA_REQUIRED

        user = authenticator.user
        if authenticator.type == Authenticator.Type.TOTP and (user.is_superuser or user.has_role(*MFA_REQUIRED)):
            return False
        return super().can_delete_authenticator(authenticator)
