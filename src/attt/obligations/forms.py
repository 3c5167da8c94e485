from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from attt.orgs.forms import DateInput
from attt.orgs.models import Organisation

from . import dues
from .models import ProvinceSetting

LEVEL_CHOICES = [("", "—")] + [(str(i), str(i)) for i in range(1, 6)]
KIND_CHOICES = [
    ("quarterly", _("Hằng quý (ngày trong tháng cuối quý)")),
    ("yearly", _("Hằng năm (ngày, tháng cố định)")),
    ("interval", _("Mỗi N tháng tính từ mốc")),
    ("dates", _("Các ngày cố định trong năm")),
    ("on_event", _("Khi có sự kiện (không sinh kỳ)")),
]
SETTING_CHOICES = [("", _("Ngày cố định (nhập ở trên)")),
                   ("quarterly_report_due_day", _("Theo thiết lập của tỉnh: hạn báo cáo quý của đơn vị")),
                   ("province_report_due_day", _("Theo thiết lập của tỉnh: hạn báo cáo quý của tỉnh"))]


class SubmitForm(forms.Form):
    file = forms.FileField(label=_("Tệp minh chứng (PDF, Word, Excel, ảnh, ZIP; tối đa 10 MB)"))
    note = forms.CharField(label=_("Nội dung báo cáo, ghi chú"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Kết quả"), choices=[("accept", _("Chấp nhận")), ("return", _("Trả lại"))])
    comment = forms.CharField(label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              max_length=5000)


class ProvinceSettingForm(forms.ModelForm):
    class Meta:
        model = ProvinceSetting
        fields = list(ProvinceSetting.SETTING_FIELDS)
        error_messages = {name: {"min_value": _("Ngày hạn phải từ 1 đến 31."),
                                 "max_value": _("Ngày hạn phải từ 1 đến 31."),
                                 "invalid": _("Ngày hạn phải là số từ 1 đến 31.")}
                          for name in ProvinceSetting.SETTING_FIELDS}


class RuleForm(forms.Form):
    title = forms.CharField(label=_("Tên nhiệm vụ"), max_length=300)
    source = forms.CharField(label=_("Căn cứ"), max_length=400, required=False)
    active = forms.BooleanField(label=_("Đang áp dụng"), required=False)
    min_level = forms.TypedChoiceField(label=_("Từ cấp độ"), choices=LEVEL_CHOICES, required=False, coerce=int,
                                       empty_value=None)
    max_level = forms.TypedChoiceField(label=_("Đến cấp độ"), choices=LEVEL_CHOICES, required=False, coerce=int,
                                       empty_value=None)
    target_kinds = forms.MultipleChoiceField(label=_("Loại đơn vị thực hiện"), choices=Organisation.Kind.choices,
                                             required=False, widget=forms.CheckboxSelectMultiple)
    due_kind = forms.ChoiceField(label=_("Chu kỳ"), choices=KIND_CHOICES)
    due_day = forms.IntegerField(label=_("Ngày hạn"), required=False, min_value=1, max_value=31)
    due_day_setting = forms.ChoiceField(label=_("Lấy ngày hạn từ"), choices=SETTING_CHOICES, required=False)
    due_month = forms.IntegerField(label=_("Tháng hạn (hằng năm)"), required=False, min_value=1, max_value=12)
    window_start = forms.CharField(label=_("Đầu kỳ số liệu (ngày/tháng)"), required=False, max_length=10)
    window_end = forms.CharField(label=_("Cuối kỳ số liệu (ngày/tháng)"), required=False, max_length=10)
    due_dates = forms.CharField(label=_("Các ngày hạn trong năm (ngày/tháng; cách nhau bằng dấu ;)"),
                                required=False, max_length=200)
    every_months = forms.IntegerField(label=_("Số tháng mỗi kỳ"), required=False, min_value=1, max_value=120)
    anchor = forms.DateField(label=_("Mốc tính chu kỳ"), required=False, widget=DateInput(),
                             input_formats=["%d/%m/%Y"],
                             error_messages={"invalid": _("Ngày không có thật; hãy nhập dd/mm/yyyy.")})

    def __init__(self, *args, rule=None, **kwargs):
        if rule is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(rule)
        super().__init__(*args, **kwargs)
        self.rule = rule
        if rule is not None and rule.applies_to == "system":
            del self.fields["target_kinds"]
        elif rule is not None:
            del self.fields["min_level"], self.fields["max_level"]
        self.fields["due_day"].error_messages.update({"min_value": _("Ngày hạn phải từ 1 đến 31."),
                                                      "max_value": _("Ngày hạn phải từ 1 đến 31.")})

    @staticmethod
    def initial_for(rule) -> dict:
        due = rule.due or {}
        out = {"title": rule.title, "source": rule.source, "active": rule.active, "min_level": rule.min_level,
               "max_level": rule.max_level, "target_kinds": rule.target_kinds, "due_kind": due.get("kind")}
        day = due.get("day")
        if isinstance(day, dict):
            out["due_day_setting"] = day.get("setting", "")
            out["due_day"] = day.get("default")
        else:
            out["due_day"] = day
        out["due_month"] = due.get("month")
        window = due.get("window") or {}
        for name in ("start", "end"):
            md = window.get(name)
            if md:
                out[f"window_{name}"] = f"{md['day']:02d}/{md['month']:02d}" if isinstance(md["day"], int) else ""
        out["due_dates"] = "; ".join(f"{d['day']:02d}/{d['month']:02d}" for d in due.get("dates") or []
                                     if isinstance(d.get("day"), int))
        out["every_months"] = due.get("every_months")
        anchor = due.get("anchor")
        if isinstance(anchor, dict):
            anchor = anchor.get("default")
        if anchor:
            try:
                out["anchor"] = dt.date.fromisoformat(anchor)
            except (TypeError, ValueError):
                pass
        return out

    def _spec(self, data) -> dict:
        kind = data.get("due_kind")
        previous = (self.rule.due if self.rule is not None else {}) or {}
        day = data.get("due_day")
        if data.get("due_day_setting"):
            day = {"setting": data["due_day_setting"], "default": day or 15}
        if kind == "quarterly":
            if day is None:
                raise dues.SpecError(str(_("Hãy nhập ngày hạn.")))
            return {"kind": kind, "day": day}
        if kind == "yearly":
            if day is None or not data.get("due_month"):
                raise dues.SpecError(str(_("Hãy nhập ngày và tháng hạn.")))
            spec = {"kind": kind, "month": data["due_month"], "day": day}
            if data.get("window_start") or data.get("window_end"):
                spec["window"] = {"start": dues.parse_day_month(data.get("window_start"), str(_("Đầu kỳ số liệu"))),
                                  "end": dues.parse_day_month(data.get("window_end"), str(_("Cuối kỳ số liệu")))}
            return spec
        if kind == "dates":
            parts = [p for p in (data.get("due_dates") or "").replace(",", ";").split(";") if p.strip()]
            return {"kind": kind, "dates": [dues.parse_day_month(p, str(_("Ngày hạn"))) for p in parts]}
        if kind == "interval":
            anchor = previous.get("anchor") if previous.get("kind") == "interval" else None
            if data.get("anchor"):
                anchor = data["anchor"].isoformat()
            return {"kind": kind, "every_months": data.get("every_months"), "anchor": anchor}
        return {"kind": "on_event", "event": previous.get("event", "")}

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            spec = self._spec(data)
            dues.due_rule(spec)
        except dues.SpecError as exc:
            self.add_error(None, exc.message)
            return data
        data["due"] = spec
        return data
