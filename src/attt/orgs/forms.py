from allauth.mfa.totp.forms import ActivateTOTPForm as AllauthActivateTOTPForm
from allauth.mfa.totp.internal import auth as totp_auth
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Organisation
from .roles import Role


class DateInput(forms.DateInput):
    def __init__(self, **kwargs):
        super().__init__(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "class": "form-control"}, **kwargs)


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["code", "name", "short_name", "kind", "admin_code", "incident_phone", "incident_email",
                  "address", "valid_from", "valid_to", "abbreviation", "head_title", "head_name", "deputy_title",
                  "deputy_name"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}


class ParentCodeForm(forms.Form):
    parent_code = forms.CharField(label=_("Mã đơn vị cấp trên mới"), max_length=40)


class MergeForm(forms.Form):
    successor_code = forms.CharField(label=_("Mã đơn vị kế thừa"), max_length=40)
    on = forms.DateField(label=_("Ngày sáp nhập"), widget=DateInput())


class RoleField(forms.ChoiceField):
    """Offers the roles given, yet accepts any role: a forged one goes on to the service, which
    refuses it with its reason and records the refusal."""

    def valid_value(self, value):
        return value in Role.values


class _GrantForm(forms.Form):
    """Offers only the roles the acting administrator may grant (orgs/rules.py); the organisation
    must lie within their scope, and the service checks the grant again."""

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        from .rules import grantable_roles

        allowed = set(grantable_roles(actor))
        self.fields["role"].choices = [(value, label) for value, label in Role.choices if value in allowed]


class UserCreateForm(_GrantForm):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    organisation_code = forms.CharField(label=_("Mã tổ chức"), max_length=40)
    role = RoleField(label=_("Vai trò"), choices=Role.choices)


class MembershipForm(_GrantForm):
    organisation_code = forms.CharField(label=_("Mã tổ chức"), max_length=40)
    role = RoleField(label=_("Vai trò"), choices=Role.choices)


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Tên khóa"), max_length=100)
    expires_on = forms.DateField(label=_("Hết hạn ngày"), required=False, widget=DateInput())



class ActivateTOTPForm(AllauthActivateTOTPForm):
    """allauth's TOTP enrolment form, except that the pending secret is kept in the session until
    enrolment succeeds instead of being replaced on every GET: a second load of the page (another
    tab, a stray request redirected there) shows the same QR code, and the first correct code of the
    code already scanned is accepted. allauth clears the secret once enrolment succeeds.
    (Set as MFA_FORMS["activate_totp"].)"""

    def __init__(self, *args, **kwargs):
        self.user = kwargs.pop("user")
        forms.Form.__init__(self, *args, **kwargs)  # allauth's __init__ would regenerate on a GET
        self.secret = totp_auth.get_totp_secret(regenerate=False)

    def clean_code(self) -> str:
        """A correct code proves the second factor in this session too (RequireMfaMiddleware reads it;
        without an enrolled TOTP the record alone lets nothing through)."""
        from allauth.account.internal.flows.login import record_authentication
        from allauth.core import context

        code = super().clean_code()
        record_authentication(context.request, self.user, "mfa", type="totp", enrolled=True)
        return code
