"""Forms of the preparedness pages. Dates are dd/mm/yyyy; choices are limited to what the user sees."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from attt.core.forms import style_fields
from attt.core.table_views import ImportForm as TableImportForm
from attt.orgs.forms import DateInput
from attt.orgs.models import Organisation

from .models.plans import Scenario
from .models.suppliers import COMMITMENTS, RiskLevel

FINDING_ROWS = 5
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _style(form):
    style_fields(form)


def _date(label, required=True):
    return forms.DateField(label=label, required=required, input_formats=DATE_FORMATS, widget=DateInput())


def _systems(user):
    from attt.systems.models import System

    return System.objects.visible_to(user).exclude(status=System.Status.RETIRED).order_by("name")


def _orgs(user):
    return Organisation.objects.visible_to(user).filter(valid_to__isnull=True).order_by("path")


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Tên phương án"), max_length=300)
    organisation = forms.ModelChoiceField(label=_("Đơn vị lập phương án"), queryset=Organisation.objects.none())
    systems = forms.ModelMultipleChoiceField(label=_("Hệ thống áp dụng"), queryset=None,
                                             widget=forms.CheckboxSelectMultiple)
    contacts = forms.CharField(label=_("Vai trò và liên hệ (mỗi dòng: vai trò | họ tên | điện thoại | email)"),
                               required=False, widget=forms.Textarea(attrs={"rows": 3}))
    escalation_team = forms.CharField(label=_("Báo cáo, đề nghị hỗ trợ: đội ứng cứu sự cố"), required=False)
    escalation_national = forms.CharField(label=_("Báo cáo cơ quan điều phối quốc gia"), required=False)
    rto_hours = forms.IntegerField(label=_("RTO: thời gian khôi phục mục tiêu (giờ)"), min_value=0, required=False)
    rpo_hours = forms.IntegerField(label=_("RPO: lượng dữ liệu chấp nhận mất (giờ)"), min_value=0, required=False)
    change_note = forms.CharField(label=_("Nội dung sửa đổi"), required=False)

    def __init__(self, *args, user=None, revise=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _orgs(user)
        self.fields["systems"].queryset = _systems(user)
        for value, label in Scenario.choices:
            self.fields[f"sc_{value}"] = forms.BooleanField(label=label, required=False)
            self.fields[f"sd_{value}"] = forms.CharField(label=_("Cách xử lý: %(s)s") % {"s": label}, required=False,
                                                         widget=forms.Textarea(attrs={"rows": 2}))
        if revise:
            del self.fields["title"], self.fields["organisation"]
        _style(self)

    def scenario_rows(self):
        return [(self[f"sc_{v}"], self[f"sd_{v}"]) for v in Scenario.values]

    def content(self) -> dict:
        data = self.cleaned_data
        contacts = []
        for line in (data.get("contacts") or "").splitlines():
            parts = [p.strip() for p in line.split("|")] + ["", "", "", ""]
            if any(parts[:4]):
                contacts.append(dict(zip(("role", "name", "phone", "email"), parts[:4])))
        return {
            "scenarios": [{"kind": v, "description": data.get(f"sd_{v}") or ""} for v in Scenario.values
                          if data.get(f"sc_{v}")],
            "contacts": contacts, "escalation_team": data.get("escalation_team"),
            "escalation_national": data.get("escalation_national"), "rto_hours": data.get("rto_hours"),
            "rpo_hours": data.get("rpo_hours"), "change_note": data.get("change_note"),
        }

    @staticmethod
    def initial_from(version) -> dict:
        initial = {"contacts": "\n".join(" | ".join(c.get(k, "") for k in ("role", "name", "phone", "email"))
                                         for c in version.contacts),
                   "escalation_team": version.escalation_team, "escalation_national": version.escalation_national,
                   "rto_hours": version.rto_hours, "rpo_hours": version.rpo_hours}
        for s in version.scenarios:
            initial[f"sc_{s['kind']}"] = True
            initial[f"sd_{s['kind']}"] = s.get("description", "")
        return initial


class DrillForm(forms.Form):
    title = forms.CharField(label=_("Tên cuộc diễn tập"), max_length=300)
    organisation = forms.ModelChoiceField(label=_("Đơn vị tổ chức"), queryset=Organisation.objects.none())
    scenario = forms.ChoiceField(label=_("Kịch bản"), choices=Scenario.choices)
    planned_on = _date(_("Ngày dự kiến"))
    systems = forms.ModelMultipleChoiceField(label=_("Hệ thống diễn tập"), queryset=None, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    participants = forms.CharField(label=_("Thành phần tham gia"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _orgs(user)
        self.fields["systems"].queryset = _systems(user)
        _style(self)


class DrillRecordForm(forms.Form):
    held_on = _date(_("Ngày thực hiện"))
    timeline = forms.CharField(label=_("Diễn biến"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    what_worked = forms.CharField(label=_("Kết quả, điểm làm tốt"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, drill=None, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Organisation.objects.filter(path__startswith=drill.organisation.path, valid_to__isnull=True).order_by("path")
        for i in range(1, FINDING_ROWS + 1):
            self.fields[f"f{i}_description"] = forms.CharField(label=_("Phát hiện %(n)s") % {"n": i}, required=False)
            self.fields[f"f{i}_organisation"] = forms.ModelChoiceField(label=_("Đơn vị khắc phục"), queryset=orgs,
                                                                       required=False)
            self.fields[f"f{i}_deadline"] = _date(_("Hạn khắc phục"), required=False)
        _style(self)

    def finding_rows(self):
        return [(self[f"f{i}_description"], self[f"f{i}_organisation"], self[f"f{i}_deadline"])
                for i in range(1, FINDING_ROWS + 1)]

    def findings(self) -> list[dict]:
        data = self.cleaned_data
        return [{"description": data.get(f"f{i}_description"), "organisation": data.get(f"f{i}_organisation"),
                 "deadline": data.get(f"f{i}_deadline")}
                for i in range(1, FINDING_ROWS + 1) if (data.get(f"f{i}_description") or "").strip()]


class FindingCloseForm(forms.Form):
    resolution = forms.CharField(label=_("Kết quả khắc phục"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class SupplierForm(forms.Form):
    name = forms.CharField(label=_("Tên nhà cung cấp"), max_length=300)
    tax_code = forms.CharField(label=_("Mã số thuế"), max_length=14)
    services = forms.CharField(label=_("Dịch vụ cung cấp"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    contacts = forms.CharField(label=_("Đầu mối liên hệ"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    certifications = forms.CharField(label=_("Chứng nhận, giấy phép"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    vendor_names = forms.CharField(label=_("Tên hãng của sản phẩm (mỗi dòng một tên, như trong danh mục sản phẩm "
                                           "của hệ thống)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, with_org=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_org:
            self.fields["organisation"] = forms.ModelChoiceField(label=_("Đơn vị quản lý danh sách"),
                                                                 queryset=_orgs(user))
        _style(self)


class ContractForm(forms.Form):
    title = forms.CharField(label=_("Tên hợp đồng"), max_length=300)
    number = forms.CharField(label=_("Số hợp đồng"), required=False)
    organisation = forms.ModelChoiceField(label=_("Đơn vị ký hợp đồng"), queryset=Organisation.objects.none())
    starts_on = _date(_("Ngày bắt đầu"))
    ends_on = _date(_("Ngày kết thúc"))
    systems = forms.ModelMultipleChoiceField(label=_("Hệ thống liên quan"), queryset=None, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    commitments = forms.MultipleChoiceField(label=_("Cam kết an toàn thông tin"), choices=COMMITMENTS, required=False,
                                            widget=forms.CheckboxSelectMultiple)
    notify_hours = forms.IntegerField(label=_("Thời hạn thông báo sự cố (giờ)"), min_value=1, required=False)
    data_location = forms.CharField(label=_("Nơi lưu trữ dữ liệu"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _orgs(user)
        self.fields["systems"].queryset = _systems(user)
        _style(self)


class AssessmentForm(forms.Form):
    risk_level = forms.ChoiceField(label=_("Mức rủi ro"), choices=RiskLevel.choices)
    assessed_on = _date(_("Ngày đánh giá"))
    next_due = _date(_("Đánh giá lại trước"), required=False)
    notes = forms.CharField(label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class AttestationForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("Đơn vị cung cấp hạ tầng"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Tên chứng nhận, xác nhận"), max_length=300)
    requirement_ids = forms.CharField(label=_("Mã các yêu cầu được bảo đảm (cách nhau bởi dấu phẩy hoặc xuống dòng)"),
                                      widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label=_("Minh chứng"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    valid_from = _date(_("Hiệu lực từ"))
    valid_until = _date(_("Hiệu lực đến"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = _orgs(user)
        _style(self)

    def ids(self) -> list[str]:
        raw = self.cleaned_data.get("requirement_ids") or ""
        return [p.strip() for p in raw.replace("\n", ",").split(",") if p.strip()]


class HostingForm(forms.Form):
    hosted_by = forms.ModelChoiceField(label=_("Đặt tại (đơn vị cung cấp hạ tầng)"), required=False,
                                       queryset=Organisation.objects.none())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Attestation

        provider_ids = Attestation.objects.values_list("organisation_id", flat=True)
        self.fields["hosted_by"].queryset = Organisation.objects.filter(pk__in=provider_ids).order_by("name")
        _style(self)


class SupplierImportForm(TableImportForm):
    """The import form (attt.core.table_views) with the unit whose supplier list the file fills."""

    organisation = forms.ModelChoiceField(label=_("Đơn vị quản lý danh sách"), queryset=Organisation.objects.none())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _orgs(user)
        _style(self)
