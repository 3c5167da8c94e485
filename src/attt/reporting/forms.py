from django import forms
from django.utils.translation import gettext_lazy as _

from attt.orgs.forms import DateInput

from .models import COVERAGE_FIELDS


class SnapshotForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None)
    as_of = forms.DateField(label=_("Số liệu tại ngày"), widget=DateInput())
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        for name, label, _d in COVERAGE_FIELDS:
            # Text fields: the service reads numbers and explains what is wrong in Vietnamese.
            self.fields[name] = forms.CharField(label=label, required=False, max_length=30,
                                                widget=forms.TextInput(attrs={"inputmode": "numeric"}))


class LayersForm(forms.Form):
    as_of = forms.DateField(label=_("Tại ngày"), widget=DateInput())
    onsite_force = forms.BooleanField(label=_("Lớp 1: lực lượng tại chỗ"), required=False)
    professional_monitoring = forms.BooleanField(label=_("Lớp 2: giám sát, bảo vệ chuyên nghiệp (SOC)"), required=False)
    independent_inspection = forms.BooleanField(label=_("Lớp 3: kiểm tra, đánh giá độc lập"), required=False)
    national_connection = forms.BooleanField(label=_("Lớp 4: kết nối với Trung tâm giám sát quốc gia"), required=False)
    monitoring_provider = forms.CharField(label=_("Đơn vị giám sát (SOC)"), max_length=200, required=False)


class ReportNewForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None)
    period = forms.CharField(label=_("Kỳ báo cáo (ví dụ 2025-Q3 hoặc 2025)"), max_length=10)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ReportEditForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False)
    place = forms.CharField(label=_("Địa danh"), max_length=80, required=False)
    recipients = forms.CharField(label=_("Kính gửi (mỗi dòng một nơi)"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    summary = forms.CharField(label=_("I. Đánh giá chung"), required=False, max_length=20000,
                              widget=forms.Textarea(attrs={"rows": 6}))
    difficulties = forms.CharField(label=_("III. Khó khăn, vướng mắc"), required=False, max_length=20000,
                                   widget=forms.Textarea(attrs={"rows": 4}))
    proposals = forms.CharField(label=_("IV. Đề xuất, kiến nghị"), required=False, max_length=20000,
                                widget=forms.Textarea(attrs={"rows": 4}))
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120, required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    signer_name = forms.CharField(label=_("Người ký"), max_length=120, required=False)


class CorrectForm(forms.Form):
    reason = forms.CharField(label=_("Lý do điều chỉnh"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
