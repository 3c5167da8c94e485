import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from attt.core.forms import MultipleFileField, Styled
from attt.orgs.forms import DateInput
from attt.orgs.models import Organisation

from .models import AssigneeRule, Assignment, Directive


class VnDateField(forms.DateField):
    """A date typed dd/mm/yyyy; an impossible date (31/02/2026) gets a clear message."""

    widget = DateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"])
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for fmt in self.input_formats:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise forms.ValidationError(_("Ngày “%(v)s” không hợp lệ (không có ngày này hoặc sai dạng dd/mm/yyyy).")
                                    % {"v": text}, code="invalid")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp văn bản (.txt, .docx, .pdf)"))


class DirectiveForm(Styled, forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=120, required=False)
    issued_on = VnDateField(label=_("Ngày ban hành"), required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    place = forms.CharField(label=_("Địa danh"), max_length=120, required=False)
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), choices=Directive.DocType.choices)
    subject = forms.CharField(label=_("Trích yếu"), max_length=500, required=False)
    recipients = forms.CharField(label=_("Kính gửi (mỗi dòng một nơi nhận)"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    remind_days_before = forms.IntegerField(label=_("Nhắc trước hạn (ngày)"), min_value=0, max_value=60)

    @classmethod
    def initial_for(cls, directive: Directive) -> dict:
        return {"number": directive.number, "issued_on": directive.issued_on, "issuer": directive.issuer,
                "place": directive.place, "doc_type": directive.doc_type, "subject": directive.subject,
                "recipients": "\n".join(directive.recipients), "remind_days_before": directive.remind_days_before}


class TaskForm(Styled, forms.Form):
    ref = forms.CharField(label=_("Mục"), max_length=40, required=False)
    text = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 4}))
    assignees = forms.CharField(label=_("Đơn vị thực hiện (mỗi dòng một cụm, như văn bản ghi)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    due_on = VnDateField(label=_("Hạn hoàn thành"), required=False)


class RuleForm(forms.Form):
    phrase = forms.CharField(label=_("Cụm từ"), max_length=300, widget=forms.HiddenInput)
    target = forms.ChoiceField(label=_("Đích"), choices=AssigneeRule.Target.choices)
    org_kinds = forms.MultipleChoiceField(label=_("Loại tổ chức"), required=False,
                                          choices=[c for c in Organisation.Kind.choices if c[0] != "province"],
                                          widget=forms.CheckboxSelectMultiple)
    organisation = forms.ModelChoiceField(label=_("Tổ chức"), required=False, queryset=Organisation.objects.none())

    def __init__(self, *args, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        if province is not None:
            self.fields["organisation"].queryset = (Organisation.objects
                                                    .filter(path__startswith=province.path, valid_to__isnull=True)
                                                    .exclude(kind=Organisation.Kind.SERVICE_CENTRE, depth__gt=1)
                                                    .order_by("kind", "name"))


class RespondForm(Styled, forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=Assignment.Status.choices)
    report = forms.CharField(label=_("Báo cáo kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    reason = forms.CharField(label=_("Lý do (nếu không thực hiện được)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    files = MultipleFileField(label=_("Tệp đính kèm (PDF, Word, Excel, ảnh, ZIP; tối đa 10 MB mỗi tệp)"),
                              required=False)
