"""A province's own document templates: versioned uploads that replace the regime's or the base
template for that province. Selectors (reads) and services (writes) of `DocumentTemplate`."""
from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, rules
from attt.core.errors import DomainError
from attt.orgs.roles import Role

from .engine import KINDS, DocumentError, lenient_env, render_docx, template_path

MANAGE = "document_template.manage"
rules.register({MANAGE: {Role.ADMIN}})

KIND_LABELS = {
    "decision": "Quyết định phê duyệt cấp độ",
    "explanation": "Thuyết minh hồ sơ đề xuất cấp độ",
    "incident_initial": "Báo cáo ban đầu sự cố",
    "incident_closing": "Báo cáo kết thúc ứng phó sự cố",
    "report": "Báo cáo định kỳ",
    "response_plan": "Phương án ứng phó sự cố",
    "warning": "Công văn cảnh báo",
    "progress": "Báo cáo tình hình thực hiện văn bản chỉ đạo",
}
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024


def _model():
    from attt.core.models import DocumentTemplate

    return DocumentTemplate


def province_of(org):
    """The root (province) of `org`'s tree."""
    from attt.orgs.documents import province_of as root

    return root(org) if org is not None else None


# --- selectors ---------------------------------------------------------------------------------

def active_template(*, province, kind: str, regime: str | None = None):
    """The most specific active override: province + regime, then province (any regime)."""
    province = province_of(province)
    qs = _model().objects.filter(province=province, kind=kind, active=True)
    rows = {row.regime: row for row in qs}
    return rows.get(regime or "") if regime and regime in rows else rows.get("")


def versions(*, province, kind: str, regime: str = ""):
    return (_model().objects.filter(province=province, kind=kind, regime=regime)
            .select_related("uploaded_by").order_by("-version"))


def overview(*, province, regime: str = "") -> list[dict]:
    """One row per kind: what is in use for `province` (base, regime or province vN) and history."""
    rows = []
    for kind in KINDS:
        current = active_template(province=province, kind=kind, regime=regime or None)
        if current is not None:
            source = _("Của tỉnh, phiên bản %(v)s") % {"v": current.version}
        elif regime and template_path(kind, regime).parent.name == regime:
            source = _("Của chế độ %(r)s") % {"r": regime}
        else:
            source = _("Mẫu gốc")
        rows.append({"kind": kind, "label": _(KIND_LABELS.get(kind, kind)), "current": current, "source": source,
                     "versions": list(versions(province=province, kind=kind, regime=regime))})
    return rows


def current_bytes(*, province, kind: str, regime: str = "") -> bytes:
    from .engine import template_source

    source = template_source(kind, regime or None, province)
    return source if isinstance(source, bytes) else source.read_bytes()


# --- sample check ------------------------------------------------------------------------------

def _sample_context(kind: str) -> dict:
    """Plausible data for a trial render: a missing variable renders empty, a syntax error is fatal."""
    today = dt.date.today()
    return {
        "kind": kind, "draft": True, "today": today, "date": today, "number": "01/QĐ-UBND",
        "province": "Tỉnh Mẫu", "place": "Tỉnh Mẫu", "title": "Văn bản mẫu", "blocks": [], "rows": [],
    }


def trial_render(kind: str, data: bytes) -> bytes:
    """Render `data` with sample data for `kind`, or refuse it with the template error's line."""
    try:
        return render_docx(kind, _sample_context(kind), template=data, jinja_env=lenient_env())
    except DocumentError:
        raise
    except Exception as exc:  # a DOCX that python-docx cannot open, a filter that fails, ...
        raise DocumentError(_("Mẫu văn bản không dùng được: %(error)s") % {"error": exc}) from exc


# --- services ----------------------------------------------------------------------------------

def _check_scope(actor, province):
    if province is None or province.parent_id is not None:
        raise DomainError(_("Mẫu văn bản chỉ được thay ở cấp tỉnh."))
    rules.require(actor, MANAGE, province)


def _check_kind(kind: str):
    if kind not in KINDS:
        raise DocumentError(_("Không có mẫu văn bản loại “%(kind)s”.") % {"kind": kind})


def upload(*, actor, province, kind: str, upload_file=None, data: bytes | None = None, name: str = "",
           regime: str = ""):
    """A new version of `kind` for `province`, made active once it passes the upload check and a
    trial render with sample data."""
    from attt.core.uploads import check_data, check_upload

    _check_scope(actor, province)
    _check_kind(kind)
    allowed = frozenset({"docx"})
    if upload_file is not None:
        checked = check_upload(upload_file, max_bytes=MAX_TEMPLATE_BYTES, allowed=allowed)
    else:
        checked = check_data(data or b"", name=name or f"{kind}.docx", max_bytes=MAX_TEMPLATE_BYTES, allowed=allowed)
    trial_render(kind, checked.data)
    Model = _model()
    with transaction.atomic():
        type(province).objects.select_for_update().filter(pk=province.pk).first()  # one upload at a time
        previous = list(Model.objects.filter(province=province, kind=kind, regime=regime))
        number = max((row.version for row in previous), default=0) + 1
        Model.objects.filter(province=province, kind=kind, regime=regime, active=True).update(active=False)
        row = Model(province=province, kind=kind, regime=regime, version=number, sha256=checked.sha256,
                    uploaded_by=actor, active=True)
        row.file.save(f"{kind}.docx", ContentFile(checked.data), save=False)
        row.save()
        audit.record(actor=actor, action="document_template.upload", obj=row, organisation=province,
                     after={"kind": kind, "regime": regime, "version": number, "sha256": checked.sha256,
                            "name": checked.name})
    return row


def revert(*, actor, province, kind: str, version: int | None, regime: str = ""):
    """Make an earlier version active again, or (version None) go back to the regime's/base template."""
    _check_scope(actor, province)
    _check_kind(kind)
    Model = _model()
    with transaction.atomic():
        type(province).objects.select_for_update().filter(pk=province.pk).first()
        qs = Model.objects.filter(province=province, kind=kind, regime=regime)
        before = qs.filter(active=True).values_list("version", flat=True).first()
        target = None
        if version is not None:
            target = qs.filter(version=version).first()
            if target is None:
                raise DomainError(_("Không có phiên bản %(v)s của mẫu này.") % {"v": version})
        qs.filter(active=True).update(active=False)
        if target is not None:
            target.active = True
            target.save(update_fields=["active"])
        audit.record(actor=actor, action="document_template.revert", organisation=province,
                     object_type="core.documenttemplate", object_id=f"{province.pk}:{kind}:{regime}",
                     object_repr=f"{kind} {regime}".strip(),
                     before={"version": before}, after={"version": version})
    return target


