"""Audit events as an auditor reads them: "Gửi báo cáo" rather than `report.submit`, field names by
their verbose names, before/after as a short list of what changed (not whole JSON dictionaries).

An action code is "<object>.<verb>": its label is the verb then the object ("Tạo" + "báo cáo"),
unless ACTIONS names it outright. A new action needs no entry to read decently; add one to
ACTIONS when the composed words are clumsy.
"""
from __future__ import annotations

import datetime as dt
import re

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

OBJECTS = {
    "api": _("khóa API"), "audit": _("nhật ký"), "auth": _("đăng nhập"), "authz": _("quyền truy cập"),
    "control": _("yêu cầu bảo đảm"), "coverage": _("số liệu bao phủ"), "directive": _("văn bản chỉ đạo"),
    "document_template": _("mẫu văn bản"), "dossier": _("hồ sơ cấp độ"), "duty": _("nhiệm vụ định kỳ"),
    "evidence": _("minh chứng"), "incident": _("sự cố"), "layers": _("mô hình 4 lớp"),
    "membership": _("vai trò"), "obligations": _("nhiệm vụ định kỳ"), "org": _("tổ chức"),
    "regime": _("chế độ quy định"), "report": _("báo cáo định kỳ"), "system": _("hệ thống thông tin"),
    "token": _("khóa API"), "user": _("người dùng"), "warning": _("cảnh báo"), "job": _("công việc nền"),
}
VERBS = {
    "create": _("Tạo"), "update": _("Cập nhật"), "edit": _("Sửa"), "delete": _("Xóa"), "import": _("Nhập"),
    "submit": _("Gửi"), "publish": _("Phát hành"), "remind": _("Nhắc"), "respond": _("Trả lời"),
    "accept": _("Chấp nhận"), "revoke": _("Thu hồi"), "grant": _("Cấp"), "upload": _("Tải lên"),
    "generate": _("Lập"), "correct": _("Lập bản điều chỉnh"), "close": _("Kết thúc"), "dismiss": _("Loại bỏ"),
    "verify": _("Xác minh"), "assign": _("Phân công xử lý"), "notify": _("Thông báo"), "report": _("Báo cáo"),
    "receive": _("Tiếp nhận"), "appraise": _("Thẩm định"), "approve": _("Phê duyệt"), "reject": _("Từ chối"),
    "return": _("Trả lại"), "classify": _("Xác định cấp độ"), "prepare": _("Chuẩn bị"), "load": _("Nạp"),
    "amend": _("Sửa"), "activate": _("Áp dụng lại"), "merge": _("Hợp nhất"), "move": _("Chuyển"),
    "acknowledge": _("Xác nhận đã nhận"), "fix": _("Báo đã khắc phục"), "revert": _("Khôi phục"),
    "enter": _("Nhập"), "view": _("Xem"), "handle": _("Xử lý"), "phase": _("Đổi giai đoạn xử lý"),
}
ACTIONS = {
    "api.token_rejected": _("Từ chối khóa API không hợp lệ"),
    "audit.rekeyed": _("Đổi khóa chuỗi nhật ký"),
    "auth.login": _("Đăng nhập"),
    "auth.logout": _("Đăng xuất"),
    "auth.login_failed": _("Đăng nhập thất bại"),
    "auth.mfa_failed": _("Xác thực hai lớp thất bại"),
    "authz.denied": _("Bị từ chối quyền truy cập"),
    "directive.rule_delete": _("Xóa quy tắc giao việc"),
    "directive.rule_save": _("Lưu quy tắc giao việc"),
    "directive.task_create": _("Thêm nhiệm vụ vào văn bản"),
    "directive.task_delete": _("Xóa nhiệm vụ khỏi văn bản"),
    "directive.task_update": _("Sửa nhiệm vụ của văn bản"),
    "dossier.document": _("Tạo văn bản của hồ sơ"),
    "dossier.signed_decision": _("Tải lên quyết định đã ký"),
    "dossier.expert_opinion": _("Ghi ý kiến chuyên gia"),
    "duty.directive_sync": _("Đồng bộ nhiệm vụ từ văn bản chỉ đạo"),
    "duty.fulfil": _("Hoàn thành nhiệm vụ nhờ hồ sơ, báo cáo đã có"),
    "duty.mark_overdue": _("Đánh dấu nhiệm vụ quá hạn"),
    "duty.rule_from_directive": _("Tạo quy tắc nhiệm vụ từ văn bản"),
    "duty.rule_reactivate": _("Áp dụng lại quy tắc nhiệm vụ"),
    "duty.rule_retire": _("Ngừng quy tắc nhiệm vụ"),
    "duty.rule_sync": _("Đồng bộ quy tắc nhiệm vụ"),
    "duty.rule_update": _("Sửa quy tắc nhiệm vụ"),
    "duty.settings_update": _("Sửa thiết lập nhiệm vụ của tỉnh"),
    "incident.action": _("Ghi biện pháp xử lý sự cố"),
    "incident.clock_remind": _("Nhắc hạn báo cáo sự cố"),
    "incident.end_response": _("Kết thúc ứng phó sự cố"),
    "incident.evidence": _("Tải lên chứng cứ sự cố"),
    "incident.report_public": _("Người dân báo sự cố"),
    "incident.serious": _("Xác định sự cố nghiêm trọng"),
    "incident.report_automatic": _("Tự động mở sự cố từ cảnh báo SOC"),
    "incident.note": _("Bổ sung thông tin sự cố"),
    "obligations.unit_duties": _("Tạo nhiệm vụ định kỳ cho đơn vị"),
    "seed.incidents": _("Tạo dữ liệu mẫu: sự cố"),
    "seed.orgs": _("Tạo dữ liệu mẫu: tổ chức"),
    "seed.reporting": _("Tạo dữ liệu mẫu: báo cáo"),
    "seed.systems": _("Tạo dữ liệu mẫu: hệ thống"),
    "seed.warnings": _("Tạo dữ liệu mẫu: cảnh báo"),
    "org.bootstrap": _("Khởi tạo cây tổ chức"),
    "org.bootstrap_communes": _("Khởi tạo danh sách xã, phường"),
    "system.products": _("Cập nhật sản phẩm của hệ thống"),
    "alert.auto_promote": _("Tự động chuyển cảnh báo SOC thành sự cố (theo luật)"),
    "alert.promote": _("Chuyển cảnh báo SOC thành sự cố"),
    "attestation.create": _("Ghi chứng nhận của nhà cung cấp"),
    "attestation.expired": _("Chứng nhận của nhà cung cấp hết hạn"),
    "contract.remind": _("Nhắc hợp đồng sắp hết hạn"),
    "contract.save": _("Lưu hợp đồng với nhà cung cấp"),
    "drill.cancel": _("Hủy cuộc diễn tập"),
    "drill.finding": _("Ghi phát hiện sau diễn tập"),
    "drill.plan": _("Lập kế hoạch diễn tập"),
    "drill.record": _("Ghi kết quả diễn tập"),
    "finding.close": _("Đóng phát hiện lỗ hổng"),
    "finding.risk_expired": _("Mở lại lỗ hổng hết hạn chấp nhận rủi ro"),
    "plan.approve": _("Phê duyệt phương án ứng phó sự cố"),
    "plan.create": _("Lập phương án ứng phó sự cố"),
    "plan.remind": _("Nhắc rà soát phương án ứng phó sự cố"),
    "plan.revise": _("Sửa đổi phương án ứng phó sự cố"),
    "scan.host_assign": _("Gán máy chủ quét được vào hệ thống"),
    "scan.import": _("Nhập kết quả rà quét lỗ hổng"),
    "soc.alerts": _("Tiếp nhận cảnh báo từ SOC"),
    "soc.rule_create": _("Tạo luật chuyển cảnh báo thành sự cố"),
    "soc.rule_update": _("Sửa luật chuyển cảnh báo thành sự cố"),
    "soc.source_create": _("Đăng ký nguồn SOC"),
    "soc.source_reissue": _("Cấp lại khóa của nguồn SOC"),
    "soc.source_update": _("Sửa nguồn SOC"),
    "supplier.assess": _("Đánh giá rủi ro nhà cung cấp"),
    "supplier.create": _("Thêm nhà cung cấp"),
    "supplier.import": _("Nhập danh sách nhà cung cấp"),
    "supplier.update": _("Sửa thông tin nhà cung cấp"),
    "system.address_add": _("Thêm địa chỉ của hệ thống"),
    "system.address_remove": _("Xóa địa chỉ của hệ thống"),
    "system.hosting": _("Cập nhật nơi đặt hệ thống (kế thừa biện pháp)"),
    "warning.target_add": _("Thêm đơn vị nhận cảnh báo"),
}


def action_label(code: str) -> str:
    """'report.submit' → 'Gửi báo cáo định kỳ'; an unknown code is shown as it is."""
    code = code or ""
    if code in ACTIONS:
        return str(ACTIONS[code])
    refused = code.endswith("_refused")
    base = code[: -len("_refused")] if refused else code
    obj, _sep, verb = base.partition(".")
    if base in ACTIONS:
        text = str(ACTIONS[base])
    elif obj in OBJECTS and verb in VERBS:
        text = f"{VERBS[verb]} {OBJECTS[obj]}"
    elif obj in OBJECTS:
        text = f"{str(OBJECTS[obj]).capitalize()}: {verb.replace('_', ' ')}"
    else:
        return code
    return f"{text} ({_('bị từ chối')})" if refused else text


def action_choices(codes) -> list[tuple[str, str]]:
    return sorted(((c, action_label(c)) for c in codes), key=lambda pair: pair[1])


def _field(object_type: str, name: str):
    try:
        model = apps.get_model(object_type) if "." in (object_type or "") else None
        return model._meta.get_field(name) if model is not None else None
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


FIELDS = {  # keys that events carry besides model fields
    "text": _("nội dung"), "file": _("tệp"), "count": _("số lượng"), "on": _("ngày"), "comment": _("nhận xét"),
    "version": _("phiên bản"), "note": _("ghi chú"), "reason": _("lý do"), "section": _("mục"),
    "units": _("đơn vị"), "targets": _("đơn vị nhận"), "role": _("vai trò"), "name": _("tên"),
    "filename": _("tệp"), "rows": _("số dòng"), "created": _("số đã tạo"), "updated": _("số đã sửa"),
    "period": _("kỳ báo cáo"), "status": _("trạng thái"), "title": _("tiêu đề"), "path": _("đường dẫn"),
}


def field_label(object_type: str, name: str) -> str:
    """A field by its verbose name ("trạng thái"), from the model the event is about."""
    field = _field(object_type, name)
    label = getattr(field, "verbose_name", None) or FIELDS.get(name)
    return str(label) if label else name.replace("_", " ")


_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _value(field, value):
    """A stored value as people read it: a choice by its label, a moment in local dd/mm/yyyy hh:mm."""
    from . import dates

    choices = dict(getattr(field, "flatchoices", None) or []) if field is not None else {}
    if isinstance(value, str) and value in choices:
        return str(choices[value])
    if isinstance(value, str) and _ISO_MOMENT.match(value):
        try:
            return dates.moment(dt.datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            return value
    if isinstance(value, str) and _ISO_DAY.match(value):
        try:
            return dates.day(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return value


def _flatten(value, prefix=""):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            out.update(_flatten(v, f"{prefix}{k} › " if prefix or True else ""))
        return out or {prefix.rstrip(" › "): {}}
    if isinstance(value, list) and value and all(isinstance(v, (dict, list)) for v in value):
        out = {}
        for i, v in enumerate(value, 1):
            out.update(_flatten(v, f"{prefix}{i} › "))
        return out
    return {prefix.rstrip(" › "): value}


def _show(value, limit=80) -> str:
    from . import numbers

    if value is None or value == "" or value == [] or value == {}:
        return "∅"
    if isinstance(value, bool):
        return str(_("có")) if value else str(_("không"))
    if isinstance(value, (int, float)):
        return numbers.num(value)
    if isinstance(value, list):
        value = ", ".join(_show(v, 30) for v in value)
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def readable_changes(event, limit: int = 12) -> list[dict]:
    """The changes of an event as rows {field, before, after}: nested values are compared leaf by
    leaf and only what differs is listed (at most `limit` rows, then a count of the rest)."""
    rows = []
    for name, pair in (event.changes or {}).items():
        before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        label = field_label(event.object_type, name)
        field = _field(event.object_type, name)
        before, after = _value(field, before), _value(field, after)
        if isinstance(before, (dict, list)) or isinstance(after, (dict, list)):
            old, new = _flatten(before or {}), _flatten(after or {})
            for key in list(dict.fromkeys([*old, *new])):
                if old.get(key) != new.get(key):
                    rows.append({"field": f"{label} › {key}" if key else label,
                                 "before": _show(_value(None, old.get(key))), "after": _show(_value(None, new.get(key)))})
        else:
            rows.append({"field": label, "before": _show(before), "after": _show(after)})
    if len(rows) > limit:
        rest = len(rows) - limit
        rows = rows[:limit] + [{"field": _("… và %(n)s thay đổi khác") % {"n": rest}, "before": "", "after": ""}]
    return rows
