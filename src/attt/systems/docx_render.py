"""The dossier's official documents, rendered by the one document engine (attt.core.documents):
the approval decision and the explanation (thuyết minh), in the NĐ 30/2020/NĐ-CP layout. The
signer is the head (or deputy) of the body the regime names, never the user who clicked."""
from __future__ import annotations

from attt.core import clock, dates
from attt.core.documents import CONTENT_TYPES, render_docx
from attt.orgs import documents as org_docs
from attt.orgs.models import Organisation
from attt.regimes import rules_engine

from .authority import body_label
from .models import Control, Dossier

CONTENT_TYPE = CONTENT_TYPES["docx"]


def _issuer(dossier: Dossier) -> Organisation:
    """The body that decides: for levels the owner's security unit approves, the specialised unit
    (police) of the owner's province; otherwise the owner."""
    auth = rules_engine.regime(dossier.regime_code).authority[dossier.level]
    owner = dossier.system.owner
    if auth.approver == "owner_security_unit":
        police = (Organisation.objects.filter(path__startswith=owner.province_path(), kind=Organisation.Kind.POLICE,
                                              valid_to__isnull=True).order_by("depth", "pk").first())
        if police is not None:
            return police
    return owner


def decision_context(dossier: Dossier, *, draft: bool = False) -> dict:
    system = dossier.system
    regime = rules_engine.regime(dossier.regime_code)
    issuer = _issuer(dossier)
    superior, issuer_line = org_docs.header(issuer)
    # the title typed at approval only stands in when the body has no registered head title
    signer = org_docs.signer(issuer, title_override="" if issuer.head_title else dossier.approver_title)
    head = signer.lines[-1] if not signer.lines[-1].startswith("PHÓ") else signer.lines[-2].removeprefix("KT. ")
    if issuer.kind in org_docs.COLLECTIVE:
        authority = issuer_line
    else:
        authority = f"{head} {issuer.name}".upper()
    bases = [f"Căn cứ {s.title_vi} số {s.number};" for s in regime.sources if s.kind in {"law", "decree", "circular"}]
    appraiser = body_label(regime.authority[dossier.level].appraiser)
    bases.append(f"Căn cứ hồ sơ đề xuất cấp độ của hệ thống thông tin “{system.name}” và kết quả thẩm định của "
                 f"{appraiser};")
    return {
        "superior": superior, "issuer": issuer_line,
        "number": org_docs.number(issuer, "QĐ", dossier.decision_number),
        "vv": "", "place_date": dates.place_and_date(org_docs.place(system.owner), dossier.decision_date or clock.today()),
        "status": "DỰ THẢO" if draft else "", "doc_type": "QUYẾT ĐỊNH",
        "subject": f"Về việc phê duyệt hồ sơ đề xuất cấp độ {dossier.level} của hệ thống thông tin “{system.name}”",
        "recipients_to": [], "authority_title": authority, "bases": bases,
        "level": dossier.level, "system": system.name, "owner": system.owner.name, "operator": system.operator.name,
        "regime": regime.name_vi, "explanation": (dossier.explanation or "").strip(),
        "closing": "", "recipients": ["Như Điều 3;", f"{issuer.short_name or issuer.name} (để theo dõi);", "Lưu: VT."],
        "sign": signer.as_context(), "form_code": "", "form_basis": "",
    }


def decision(dossier: Dossier, *, draft: bool = False) -> bytes:
    return render_docx("decision", decision_context(dossier, draft=draft), regime=dossier.regime_code,
                       province=dossier.system.owner)


def explanation_context(dossier: Dossier) -> dict:
    system = dossier.system
    regime = rules_engine.regime(dossier.regime_code)
    operator = system.operator
    superior, issuer_line = org_docs.header(operator)
    auth = regime.authority[dossier.level]
    blocks = [
        {"kind": "h", "text": "1. Thông tin chung về hệ thống"},
        {"kind": "kv", "header": None, "rows": [
            ("Tên hệ thống", system.name), ("Chủ quản", system.owner.name), ("Đơn vị vận hành", operator.name),
            ("Loại hệ thống", str(system.get_kind_display())), ("Trạng thái", str(system.get_status_display())),
            ("Ngày đưa vào vận hành", dates.day(system.go_live, "—")),
            ("Số người sử dụng", f"{system.users_count:,}".replace(",", ".")),
            ("Nơi đặt hệ thống", str(system.get_hosting_display())),
            ("Loại thông tin xử lý", ", ".join(str(x) for x in system.info_labels()) or "—"),
            ("Mức độ dịch vụ công trực tuyến", str(system.service_maturity or "—"))]},
        {"kind": "h", "text": "2. Phạm vi, quy mô và kiến trúc"},
        *({"kind": "p", "text": line} for line in (system.description or "—").splitlines() if line.strip()),
        {"kind": "kv", "header": None, "rows": [
            ("Các vùng mạng", system.network_zones or "—"), ("Địa chỉ IP", system.addresses or "—"),
            ("Tên miền", system.domains or "—"),
            ("Sản phẩm, phiên bản", "; ".join(str(p) for p in system.products.all()) or "—"),
            ("Thành phần", "; ".join(c.name for c in system.components.all()) or "—")]},
        {"kind": "h", "text": "3. Thuyết minh đề xuất cấp độ"},
        {"kind": "p", "text": f"Căn cứ {regime.name_vi}, hệ thống được đề xuất cấp độ {dossier.level}. "
                              f"{dossier.explanation}".strip()},
        *({"kind": "p", "text": f"- {c.text_vi} ({c.source})."} for c in regime.level_criteria
          if c.id in dossier.deciding_criteria),
    ]
    if dossier.higher_reason:
        blocks.append({"kind": "p", "text": f"Lý do đề xuất cao hơn cấp độ theo tiêu chí ({dossier.criteria_level}): "
                                            f"{dossier.higher_reason}"})
    blocks.append({"kind": "h", "text": f"4. Phương án bảo đảm an toàn thông tin theo cấp độ {dossier.level}"})
    controls = list(Control.objects.filter(system=system, active=True).order_by("position"))
    labels = dict(Control.Status.choices)
    if controls:
        blocks.append({"kind": "fig", "header": ("Yêu cầu", "Tình trạng"),
                       "rows": [(c.title + (f" ({c.clause})" if c.clause else ""), str(labels[c.status]))
                                for c in controls]})
    else:
        blocks.append({"kind": "p", "text": "Chưa có danh mục yêu cầu."})
    blocks.append({"kind": "h", "text": "5. Giám sát và phòng chống mã độc"})
    blocks.append({"kind": "p", "text": ("Hệ thống được giám sát bởi " + (system.soc_provider or "SOC") + ".")
                   if system.soc_monitored else "Hệ thống chưa được kết nối giám sát an toàn thông tin (SOC)."})
    blocks.append({"kind": "p", "text": "Có giải pháp phòng chống mã độc tập trung." if system.central_antimalware
                   else "Chưa có giải pháp phòng chống mã độc tập trung."})
    return {
        "superior": superior, "issuer": issuer_line, "number": org_docs.number(operator, "TM"), "vv": "",
        "place_date": dates.place_and_date(org_docs.place(system.owner), dossier.step_started or clock.today()),
        "status": "", "doc_type": "THUYẾT MINH",
        "subject": f"Hồ sơ đề xuất cấp độ {dossier.level} của hệ thống thông tin “{system.name}”",
        "recipients_to": [body_label(auth.appraiser)[:1].upper() + body_label(auth.appraiser)[1:]],
        "blocks": blocks,
        "closing": f"{operator.name} đề nghị {body_label(auth.appraiser)} thẩm định hồ sơ đề xuất cấp độ "
                   f"{dossier.level} của hệ thống thông tin “{system.name}”./.",
        "recipients": ["Như trên;", f"{system.owner.name};", "Lưu: VT."],
        "sign": org_docs.signer(operator).as_context(), "form_code": "", "form_basis": "",
    }


def produce_decision(*, user, pk, progress):
    """Producer of the document job (attt.core.documents.jobs): the decision, a draft until approved."""
    from attt.core import rules

    from . import selectors

    dossier = selectors.dossier_get(user=user, pk=pk)
    rules.require(user, "dossier.view", dossier)
    draft = dossier.state not in (Dossier.State.APPROVED, Dossier.State.SUPERSEDED)
    return decision(dossier, draft=draft), f"quyet-dinh-cap-do-HS-{dossier.pk}"


def produce_explanation(*, user, pk, progress):
    from attt.core import rules

    from . import selectors

    dossier = selectors.dossier_get(user=user, pk=pk)
    rules.require(user, "dossier.view", dossier)
    return explanation(dossier), f"thuyet-minh-cap-do-HS-{dossier.pk}"


def explanation(dossier: Dossier) -> bytes:
    return render_docx("explanation", explanation_context(dossier), regime=dossier.regime_code,
                       province=dossier.system.owner)
