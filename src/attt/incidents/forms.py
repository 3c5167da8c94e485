from django import forms
from django.utils.translation import gettext_lazy as _

from attt.core.forms import MultipleFileField, style_fields
from attt.orgs.forms import DateInput

from . import regime
from .models import Incident, Warning

TEXTAREA = {"rows": 3, "class": "form-control"}


class DateTimeInput(forms.DateTimeInput):
    def __init__(self, **kwargs):
        super().__init__(format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm", "class": "form-control"},
                         **kwargs)


class IncidentReportForm(forms.ModelForm):
    unit = forms.ModelChoiceField(label=_("Đơn vị báo cáo"), queryset=None)
    systems = forms.ModelMultipleChoiceField(label=_("Hệ thống bị ảnh hưởng"), queryset=None, required=False,
                                             help_text=_("Cấp độ của hệ thống được ghi kèm tự động."))
    files = MultipleFileField(label=_("Tệp đính kèm (nhật ký, ảnh chụp…)"), required=False)

    class Meta:
        model = Incident
        fields = ["unit", "title", "kind", "severity", "reporter_name", "reporter_position", "reporter_phone",
                  "reporter_email", "systems", "providers", "description", "detected_at", "detection_method",
                  "situation", "informed", "os_services", "addresses", "measures_taken", "help_requested"]
        widgets = {"detected_at": DateTimeInput(), **{f: forms.Textarea(attrs=TEXTAREA) for f in (
            "providers", "description", "situation", "informed", "os_services", "addresses", "measures_taken",
            "help_requested")}}

    def __init__(self, *args, units=None, systems=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["systems"].queryset = systems
        self.fields["systems"].label_from_instance = lambda s: (
            f"{s.name} — {s.operator.name} (cấp độ {s.approved_level or s.proposed_level or '?'})")


class PublicReportForm(forms.Form):
    province = forms.ModelChoiceField(label=_("Tỉnh, thành phố"), queryset=None)
    public_org_text = forms.CharField(label=_("Cơ quan, tổ chức, trang web bị ảnh hưởng"), max_length=255,
                                      required=False)
    title = forms.CharField(label=_("Tóm tắt sự cố"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại sự cố"), choices=Incident.Kind.choices, initial=Incident.Kind.OTHER)
    description = forms.CharField(label=_("Mô tả chi tiết"), widget=forms.Textarea(attrs=TEXTAREA))
    detected_at = forms.DateTimeField(label=_("Thời điểm phát hiện"), widget=DateTimeInput())
    addresses = forms.CharField(label=_("Địa chỉ trang web, tên miền, địa chỉ IP liên quan"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
    reporter_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    reporter_phone = forms.CharField(label=_("Điện thoại"), max_length=40, required=False)
    reporter_email = forms.EmailField(label=_("Email"), required=False)
    files = MultipleFileField(label=_("Ảnh chụp, tệp minh chứng (tối đa 3 tệp, 10 MB mỗi tệp)"), required=False)
    # The honeypot: hidden from people by CSS, filled by robots.
    website = forms.CharField(label=_("Để trống ô này"), required=False)

    def __init__(self, *args, provinces=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces
        if provinces is not None and provinces.count() == 1:
            self.fields["province"].initial = provinces.first()
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["files"].help_text = _("Không chấp nhận tệp thực thi (.exe, .bat, tập lệnh…).")
        style_fields(self)  # one look for every input of the public form


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Mã theo dõi"), max_length=20)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Hành động, ghi chú"), widget=forms.Textarea(attrs=TEXTAREA))
    public = forms.BooleanField(label=_("Hiển thị cho người báo (trang theo dõi)"), required=False)


class FollowUpForm(forms.Form):
    text = forms.CharField(label=_("Thông tin bổ sung sau khi báo cáo"), widget=forms.Textarea(attrs=TEXTAREA),
                           max_length=5000)


class AssignForm(forms.Form):
    responder = forms.ModelChoiceField(label=_("Người xử lý"), queryset=None)

    def __init__(self, *args, responders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responder"].queryset = responders


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Tệp chứng cứ"))
    description = forms.CharField(label=_("Mô tả"), max_length=255, required=False)


class NotifyForm(forms.Form):
    recipients = forms.CharField(label=_("Đã gửi tới"), max_length=1000)


class DismissForm(forms.Form):
    reason = forms.CharField(label=_("Lý do loại bỏ"), widget=forms.Textarea(attrs=TEXTAREA))


class CloseForm(forms.Form):
    closing_summary = forms.CharField(label=_("Tóm tắt quá trình ứng phó"), widget=forms.Textarea(attrs=TEXTAREA))
    cause = forms.CharField(label=_("Nguyên nhân"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    damage = forms.CharField(label=_("Thiệt hại, ảnh hưởng"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    lessons_learned = forms.CharField(label=_("Bài học kinh nghiệm"), required=False,
                                      widget=forms.Textarea(attrs=TEXTAREA))


def serious_choices(regime_code: str):
    """The checklist of the regime's serious-incident criteria (current version) and the flags."""
    return [(c.id, c.label) for c in regime.checklist(regime_code)]


class SeriousForm(forms.Form):
    facts = forms.MultipleChoiceField(label=_("Tiêu chí đã xác định"), required=False,
                                      widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Căn cứ, ghi chú"), required=False, widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args, regime_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facts"].choices = serious_choices(regime_code)


class WarningForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề"), max_length=255)
    severity = forms.ChoiceField(label=_("Mức độ"), choices=Warning.Severity.choices, initial=Warning.Severity.HIGH)
    cves = forms.CharField(label=_("Mã CVE (cách nhau bởi dấu phẩy)"), required=False, max_length=2000)
    products = forms.CharField(
        label=_("Sản phẩm bị ảnh hưởng"), required=False, widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Mỗi dòng: hãng | sản phẩm | phiên bản (cách nhau bởi dấu phẩy, “2.4.*” cho cả nhánh; "
                    "bỏ trống = mọi phiên bản)."))
    description = forms.CharField(label=_("Nội dung cảnh báo"), widget=forms.Textarea(attrs=TEXTAREA))
    recommended_actions = forms.CharField(label=_("Biện pháp khuyến nghị"), widget=forms.Textarea(attrs=TEXTAREA))
    deadline = forms.DateField(label=_("Hạn khắc phục"), widget=DateInput())
    unit_codes = forms.CharField(label=_("Chỉ định thêm đơn vị (mã đơn vị, cách nhau bởi dấu phẩy)"), required=False,
                                 max_length=4000)
    allow_no_target = forms.BooleanField(label=_("Vẫn phát hành khi không có đơn vị nhận"), required=False)


class FixForm(forms.Form):
    note = forms.CharField(label=_("Kết quả khắc phục"), widget=forms.Textarea(attrs=TEXTAREA))
    evidence = forms.FileField(label=_("Minh chứng (ảnh chụp, báo cáo rà quét…)"), required=False)


class TargetAddForm(forms.Form):
    unit_code = forms.CharField(label=_("Mã đơn vị"), max_length=40)


class FiguresForm(forms.Form):
    start = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    end = forms.DateField(label=_("Đến ngày"), widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("Ngày kết thúc phải sau ngày bắt đầu."))
        return data
