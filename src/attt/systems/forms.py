from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from attt.core.forms import style_fields
from attt.orgs.forms import DateInput
from attt.orgs.models import Organisation

from .models import Control, System


class SystemForm(forms.ModelForm):
    info_types = forms.MultipleChoiceField(label=_("Loại thông tin xử lý"), choices=System.Info.choices,
                                           widget=forms.CheckboxSelectMultiple, required=False)
    products = forms.CharField(label=_("Sản phẩm, phiên bản (mỗi dòng: hãng | sản phẩm | phiên bản)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = System
        fields = ["name", "owner", "operator", "kind", "status", "go_live", "description", "regime_code", "parent",
                  "info_types", "personal_subjects", "sensitive_subjects", "users_count", "service_maturity",
                  "hosting", "network_zones", "addresses", "domains", "soc_monitored", "soc_provider",
                  "central_antimalware"]
        widgets = {"go_live": DateInput(), "description": forms.Textarea(attrs={"rows": 3}),
                   "network_zones": forms.Textarea(attrs={"rows": 2}), "addresses": forms.Textarea(attrs={"rows": 2}),
                   "domains": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, regime_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Organisation.objects.visible_to(user).filter(valid_to__isnull=True).order_by("path")
        self.fields["owner"].queryset = orgs
        self.fields["operator"].queryset = orgs
        self.fields["operator"].required = False
        self.fields["parent"].queryset = System.objects.visible_to(user).order_by("name")
        self.fields["regime_code"] = forms.ChoiceField(label=_("Chế độ quy định áp dụng"), required=False,
                                                       choices=[("", _("Chế độ đang có hiệu lực"))] + list(regime_choices))
        self.fields["service_maturity"].widget = forms.Select(choices=[(i, str(i)) for i in range(5)])
        style_fields(self)


class ControlForm(forms.ModelForm):
    class Meta:
        model = Control
        fields = ["status", "responsible", "notes", "na_reason"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
                   "na_reason": forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                   "status": forms.Select(attrs={"class": "form-select"}),
                   "responsible": forms.TextInput(attrs={"class": "form-control"})}


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp"))
    note = forms.CharField(label=_("Mô tả"), max_length=300, required=False)


def classification_form_class(regime):
    """A form with one field per fact the regime's criteria ask about."""
    fields = {}
    for name, spec in regime.facts.items():
        label = spec.text_vi or name
        if spec.type == "bool":
            fields[name] = forms.BooleanField(label=label, required=False)
        elif spec.type == "int":
            fields[name] = forms.IntegerField(label=label, min_value=spec.minimum, max_value=spec.maximum,
                                              widget=forms.NumberInput(attrs={"class": "form-control"}))
        elif spec.type == "set":
            fields[name] = forms.MultipleChoiceField(label=label, choices=[(v, _value_label(v)) for v in spec.values],
                                                     widget=forms.CheckboxSelectMultiple, required=False)
        else:
            fields[name] = forms.ChoiceField(label=label, choices=[(v, _value_label(v)) for v in spec.values],
                                             widget=forms.Select(attrs={"class": "form-select"}))
    fields["proposed_level"] = forms.TypedChoiceField(
        label=_("Cấp độ đề xuất"), coerce=int, required=False, choices=[("", _("Theo tiêu chí"))] +
        [(i, str(i)) for i in range(1, 6)], widget=forms.Select(attrs={"class": "form-select"}))
    fields["higher_reason"] = forms.CharField(label=_("Lý do đề xuất cấp độ cao hơn"), required=False,
                                              widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
    return type("ClassificationForm", (forms.Form,), fields)


VALUE_LABELS = {
    "internal": _("Phục vụ hoạt động nội bộ"), "public_service": _("Phục vụ người dân, doanh nghiệp"),
    "infrastructure": _("Hạ tầng thông tin"), "industrial_control": _("Điều khiển công nghiệp"), "other": _("Khác"),
    "public": _("Thông tin công cộng"), "private": _("Thông tin riêng"), "personal": _("Thông tin cá nhân"),
    "state_secret": _("Bí mật nhà nước"), "unit": _("Một cơ quan, tổ chức"), "sector": _("Một bộ, ngành"),
    "province": _("Một tỉnh"), "multi_province": _("Nhiều tỉnh"), "national": _("Toàn quốc"),
    "international": _("Kết nối quốc tế"), "none": _("Không"), "harm": _("Gây tổn hại"),
    "serious": _("Tổn hại nghiêm trọng"), "especially_serious": _("Tổn hại đặc biệt nghiêm trọng"),
    "special": _("Cấp đặc biệt"),
}


def _value_label(value):
    return VALUE_LABELS.get(value, value)
