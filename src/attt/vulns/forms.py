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


class SocSourceForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Đơn vị được giám sát (cả cây con)"), queryset=None, empty_label=None,
                                          error_messages={"invalid_choice": _("Hãy chọn một đơn vị trong phạm vi của "
                                                                              "bạn.")})
    name = forms.CharField(label=_("Tên nguồn SOC"), max_length=200,
                           error_messages={"required": _("Cần nhập tên nguồn SOC.")})

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = units


class SocSourceEditForm(forms.Form):
    name = forms.CharField(label=_("Tên nguồn SOC"), max_length=200,
                           error_messages={"required": _("Cần nhập tên nguồn SOC.")})
    active = forms.BooleanField(label=_("Đang hoạt động (bỏ chọn để ngừng nhận cảnh báo)"), required=False)


class PromotionRuleForm(forms.Form):
    """Text in, checked by the service (`services.promotion`), which gives the messages."""

    name = forms.CharField(label=_("Tên luật"), max_length=200, required=False)
    min_level = forms.CharField(label=_("Từ mức (0–15, thang Wazuh; CEF 0–10 được nhân 1,5)"), max_length=4,
                                required=False)
    rule_ids = forms.CharField(label=_("Mã luật cảnh báo (cách nhau bằng dấu phẩy)"), max_length=2000, required=False)
    groups = forms.CharField(label=_("Nhóm luật Wazuh (cách nhau bằng dấu phẩy)"), max_length=2000, required=False)
    match_all = forms.BooleanField(label=_("Phải thỏa mọi điều kiện đã nhập (bỏ chọn: một điều kiện là đủ)"),
                                   required=False)
    window_hours = forms.CharField(label=_("Gộp vào một sự cố trong (giờ)"), max_length=4, required=False,
                                   initial="24")
    active = forms.BooleanField(label=_("Đang áp dụng"), required=False, initial=True)

    @classmethod
    def for_rule(cls, rule):
        return cls(initial={"name": rule.name, "min_level": "" if rule.min_level is None else rule.min_level,
                            "rule_ids": ", ".join(rule.rule_ids), "groups": ", ".join(rule.groups),
                            "match_all": rule.match_all, "window_hours": rule.window_hours, "active": rule.active})
