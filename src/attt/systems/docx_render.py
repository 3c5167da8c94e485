"""DOCX documents in the Vietnamese administrative layout (NĐ 30/2020/NĐ-CP, Phụ lục I):
issuing body and number at the left, national title and motto at the right, place and date,
the document title, body in Times New Roman 13–14, recipients and signature block."""
from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from attt.core import clock, dates
from attt.orgs.models import Organisation
from attt.regimes import rules_engine

from .authority import body_label
from .models import Control, Dossier

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"


def _document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", FONT)
    return doc


def _para(container, text: str = "", *, bold=False, italic=False, size=14, align=None, space_after=4, upper=False):
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    if text:
        run = p.add_run(text.upper() if upper else text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(size)
        run.font.name = FONT
    return p


def _province(org: Organisation) -> Organisation:
    ids = org.ancestor_ids()
    if ids:
        return Organisation.objects.filter(pk=ids[0]).first() or org
    return org


def _place(org: Organisation) -> str:
    name = _province(org).name
    for prefix in ("Tỉnh ", "Thành phố ", "tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _date_line(place: str, day) -> str:
    return dates.place_and_date(place, day)


def _header(doc, *, superior: str, issuer: str, number: str, place: str, day) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(10)
    left.paragraphs[0].text = ""
    _para(left, superior, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0, upper=True)
    _para(left, issuer, bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6, upper=True)
    _para(left, f"Số: {number}", size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    right.paragraphs[0].text = ""
    _para(right, NATIONAL_TITLE, bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _para(right, MOTTO, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    _para(right, _date_line(place, day), italic=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    for cell in (left, right):
        cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)


def _issuer(dossier: Dossier) -> Organisation:
    """The body that signs: the owner, or for levels the security unit approves, the unit of the
    approver (the specialist's organisation) when known."""
    auth = rules_engine.regime(dossier.regime_code).authority[dossier.level]
    if auth.approver == "owner_security_unit" and dossier.approver_id:
        membership = dossier.approver.memberships.filter(active=True).select_related("organisation").first()
        if membership is not None:
            return membership.organisation
    return dossier.system.owner


def decision(dossier: Dossier, *, draft: bool = False) -> bytes:
    system = dossier.system
    regime = rules_engine.regime(dossier.regime_code)
    issuer = _issuer(dossier)
    superior = issuer.parent.name if issuer.parent_id else ""
    day = dossier.decision_date or clock.today()
    number = dossier.decision_number or "      /QĐ-" + (issuer.short_name or issuer.code)
    doc = _document()
    _header(doc, superior=superior, issuer=issuer.short_name or issuer.name, number=number,
            place=_place(system.owner), day=day)
    if draft:
        _para(doc, "DỰ THẢO", bold=True, size=13, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(doc, "QUYẾT ĐỊNH", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _para(doc, f"Về việc phê duyệt hồ sơ đề xuất cấp độ {dossier.level} của hệ thống thông tin “{system.name}”",
          bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    title = dossier.approver_title or f"Thủ trưởng {issuer.name}"
    _para(doc, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, upper=True, space_after=8)
    for source in regime.sources:
        if source.kind in {"law", "decree", "circular"}:
            _para(doc, f"Căn cứ {source.title_vi} số {source.number};", italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    appraisal = f"kết quả thẩm định của {body_label(regime.authority[dossier.level].appraiser)}"
    _para(doc, f"Căn cứ hồ sơ đề xuất cấp độ HS-{dossier.pk} và {appraisal};", italic=True,
          align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _para(doc, "QUYẾT ĐỊNH:", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=8)
    body = [
        f"Điều 1. Phê duyệt cấp độ {dossier.level} cho hệ thống thông tin “{system.name}” do {system.owner.name} "
        f"là chủ quản, {system.operator.name} là đơn vị vận hành. Cấp độ được xác định theo {regime.name_vi}: "
        f"{dossier.explanation}",
        f"Điều 2. {system.operator.name} có trách nhiệm triển khai đầy đủ phương án bảo đảm an toàn thông tin "
        f"theo cấp độ {dossier.level} đã được thẩm định, duy trì quy chế bảo đảm an toàn thông tin của hệ thống "
        "và thực hiện kiểm tra, đánh giá định kỳ theo quy định.",
        f"Điều 3. Quyết định này có hiệu lực kể từ ngày ký. {system.owner.name}, {system.operator.name} và các cơ "
        "quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này.",
    ]
    for text in body:
        p = _para(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=6)
        p.paragraph_format.first_line_indent = Cm(1)
    _signature(doc, recipients=["Như Điều 3;", "Công an tỉnh (PA05);", "Lưu: VT."],
               title=title, signer=(dossier.approver.full_name or dossier.approver.username)
               if dossier.approver_id else "")
    return _bytes(doc)


def _signature(doc, *, recipients: list[str], title: str, signer: str) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    _para(left, "Nơi nhận:", bold=True, italic=True, size=12, space_after=0)
    for line in recipients:
        _para(left, f"- {line}", size=11, space_after=0)
    right.paragraphs[0].text = ""
    _para(right, title, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, upper=True, space_after=48)
    _para(right, signer, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)


def explanation(dossier: Dossier) -> bytes:
    system = dossier.system
    regime = rules_engine.regime(dossier.regime_code)
    doc = _document()
    _header(doc, superior=system.owner.name, issuer=system.operator.short_name or system.operator.name,
            number=f"HS-{dossier.pk}", place=_place(system.owner), day=dossier.step_started or clock.today())
    _para(doc, "THUYẾT MINH", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _para(doc, f"Hồ sơ đề xuất cấp độ {dossier.level} của hệ thống thông tin “{system.name}”", bold=True,
          align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    _para(doc, "1. Thông tin chung về hệ thống", bold=True)
    rows = [
        ("Tên hệ thống", system.name), ("Chủ quản", system.owner.name), ("Đơn vị vận hành", system.operator.name),
        ("Loại hệ thống", system.get_kind_display()), ("Trạng thái", system.get_status_display()),
        ("Ngày đưa vào vận hành", dates.day(system.go_live, "—")),
        ("Số người sử dụng", f"{system.users_count:,}".replace(",", ".")),
        ("Nơi đặt hệ thống", system.get_hosting_display()),
        ("Loại thông tin xử lý", ", ".join(system.info_labels()) or "—"),
        ("Mức độ dịch vụ công trực tuyến", str(system.service_maturity or "—")),
    ]
    _table(doc, rows)
    _para(doc, "2. Phạm vi, quy mô và kiến trúc", bold=True)
    _para(doc, system.description or "—", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _table(doc, [("Các vùng mạng", system.network_zones or "—"), ("Địa chỉ IP", system.addresses or "—"),
                 ("Tên miền", system.domains or "—"),
                 ("Sản phẩm, phiên bản", "; ".join(str(p) for p in system.products.all()) or "—"),
                 ("Thành phần", "; ".join(c.name for c in system.components.all()) or "—")])
    _para(doc, "3. Thuyết minh đề xuất cấp độ", bold=True)
    _para(doc, f"Căn cứ {regime.name_vi}, hệ thống được đề xuất cấp độ {dossier.level}. {dossier.explanation}",
          align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    for criterion in regime.level_criteria:
        if criterion.id in dossier.deciding_criteria:
            _para(doc, f"- {criterion.text_vi} ({criterion.source}).", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if dossier.higher_reason:
        _para(doc, f"Lý do đề xuất cao hơn cấp độ theo tiêu chí ({dossier.criteria_level}): {dossier.higher_reason}",
              align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _para(doc, f"4. Phương án bảo đảm an toàn thông tin theo cấp độ {dossier.level}", bold=True)
    controls = list(Control.objects.filter(system=system, active=True).order_by("position"))
    labels = dict(Control.Status.choices)
    if controls:
        _table(doc, [(f"{c.title}" + (f" ({c.clause})" if c.clause else ""), str(labels[c.status]))
                     for c in controls], header=("Yêu cầu", "Tình trạng"))
    else:
        _para(doc, "Chưa có danh mục yêu cầu.")
    _para(doc, "5. Giám sát và phòng chống mã độc", bold=True)
    _para(doc, ("Hệ thống được giám sát bởi " + (system.soc_provider or "SOC")) if system.soc_monitored
          else "Hệ thống chưa được kết nối giám sát an toàn thông tin (SOC).")
    _para(doc, "Có giải pháp phòng chống mã độc tập trung." if system.central_antimalware
          else "Chưa có giải pháp phòng chống mã độc tập trung.")
    return _bytes(doc)


def _table(doc, rows, header=None) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold, run.font.size, run.font.name = True, Pt(13), FONT
    for label, value in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, (label, value)):
            cell.text = ""
            run = cell.paragraphs[0].add_run(str(text))
            run.font.size, run.font.name = Pt(13), FONT
    _para(doc, "", space_after=2)


def _bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
