from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SystemAddress


class AddressForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=SystemAddress.Kind.choices)
    value = forms.CharField(label=_("Giá trị"), max_length=300)


class ScanUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp bản quét"))
    org = forms.ModelChoiceField(label=_("Đơn vị nhập"), queryset=None, empty_label=None)
    system = forms.IntegerField(label=_("Gắn toàn bộ vào hệ thống (mã số, không bắt buộc)"), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = units


class RiskForm(forms.Form):
    reason = forms.CharField(label=_("Lý do chấp nhận rủi ro"), widget=forms.Textarea(attrs={"rows": 3}))
    expires = forms.DateField(label=_("Chấp nhận đến ngày (dd/mm/yyyy)"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])


class FixForm(forms.Form):
    note = forms.CharField(label=_("Việc đã làm để khắc phục"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label=_("Bằng chứng (không bắt buộc)"), required=False)
