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


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx) hoặc CSV"))


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    organisation_code = forms.CharField(label=_("Mã tổ chức"), max_length=40)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)


class MembershipForm(forms.Form):
    organisation_code = forms.CharField(label=_("Mã tổ chức"), max_length=40)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Tên khóa"), max_length=100)
    expires_on = forms.DateField(label=_("Hết hạn ngày"), required=False, widget=DateInput())
