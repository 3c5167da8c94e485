"""The document engine's rules that need no demo province: template errors, a missing LibreOffice,
the abbreviation and the signer of an organisation, the upward timeline of an incident."""
from __future__ import annotations

import io

import pytest

from attt.core.documents import DocumentError, render_docx, to_pdf


def _docx_with(text: str) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_paragraphs(*texts: str, table: tuple[str, ...] = ()) -> bytes:
    from docx import Document

    doc = Document()
    for text in texts:
        doc.add_paragraph(text)
    if table:
        cells = doc.add_table(rows=1, cols=len(table)).rows[0].cells
        for cell, text in zip(cells, table):
            cell.paragraphs[0].text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_broken_template_is_refused_with_its_line():
    with pytest.raises(DocumentError) as err:
        render_docx("report", {}, template=_docx_with("{% if x %} không đóng"))
    assert "đoạn 1 («{% if x %} không đóng»)" in str(err.value)


def test_the_error_names_the_paragraph_that_opened_the_block():
    """The error is where the user sees it in Word: the paragraph number (table cells counted) and
    its text, even when Jinja only notices at the end of the template."""
    template = _docx_paragraphs("Kính gửi: {{ name }}", "{%p if x %}", "Nội dung", "Kết thúc",
                                table=("{{ a }}", "{{ b }"))
    with pytest.raises(DocumentError) as err:
        render_docx("report", {}, template=template)
    assert "đoạn 6 («{{ b }»)" in str(err.value)
    template = _docx_paragraphs("Kính gửi: {{ name }}", "{%p if x %}", "Nội dung dài " * 10, "Kết thúc")
    with pytest.raises(DocumentError) as err:
        render_docx("report", {}, template=template)
    message = str(err.value)
    assert "đoạn 2 («{%p if x %}»)" in message and "{% endif %}" in message
    template = _docx_paragraphs("Một", "Hai {% endfor %}")
    with pytest.raises(DocumentError) as err:
        render_docx("report", {}, template=template)
    assert "đoạn 2 («Hai {% endfor %}»)" in str(err.value) and "endfor" in str(err.value)


def test_a_template_renders_with_its_context():
    from docx import Document

    data = render_docx("report", {"name": "Sở Tài chính"}, template=_docx_with("Kính gửi: {{ name }}"))
    assert Document(io.BytesIO(data)).paragraphs[0].text == "Kính gửi: Sở Tài chính"


def test_missing_libreoffice_is_a_clear_message(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(DocumentError) as err:
        to_pdf(b"PK")
    assert "LibreOffice" in str(err.value)


@pytest.mark.django_db
def test_abbreviation_never_an_internal_code():
    from attt.orgs import documents as org_docs
    from attt.orgs.models import Organisation

    province = Organisation.objects.create(code="W99", name="Tỉnh Thử", kind=Organisation.Kind.PROVINCE)
    commune = Organisation.objects.create(code="W02215", name="Phường Minh Xuân", kind=Organisation.Kind.COMMUNE,
                                          parent=province)
    dept = Organisation.objects.create(code="W99-TC", name="Sở Tài chính tỉnh Thử", short_name="Sở Tài chính",
                                       kind=Organisation.Kind.DEPARTMENT, parent=province)
    assert org_docs.number(commune, "QĐ") .endswith("/QĐ-UBND")
    assert org_docs.number(dept, "BC").endswith("/BC-STC")
    assert org_docs.header(commune) == ("", "ỦY BAN NHÂN DÂN PHƯỜNG MINH XUÂN")
    dept.abbreviation = "STCTT"
    assert org_docs.number(dept, "BC").endswith("/BC-STCTT")
    assert "W02215" not in org_docs.number(commune, "QĐ")


@pytest.mark.django_db
def test_signer_is_the_head_or_the_deputy_signing_kt():
    from attt.orgs import documents as org_docs
    from attt.orgs.models import Organisation

    province = Organisation.objects.create(code="W98", name="Tỉnh Thử", kind=Organisation.Kind.PROVINCE,
                                           head_title="Chủ tịch", deputy_title="Phó Chủ tịch",
                                           deputy_name="Nguyễn Thị Minh")
    signer = org_docs.signer(province)
    assert signer.lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert signer.name == "Nguyễn Thị Minh"
    police = Organisation.objects.create(code="W98-CA", name="Công an tỉnh Thử", kind=Organisation.Kind.POLICE,
                                         parent=province, head_title="Giám đốc", head_name="Hoàng Văn Quân")
    assert org_docs.signer(police).lines == ["GIÁM ĐỐC"]
    assert org_docs.signer(police).name == "Hoàng Văn Quân"
    assert org_docs.header(police) == ("BỘ CÔNG AN", "CÔNG AN TỈNH THỬ")


def _annexed(columns: int) -> bytes:
    header = [f"Cột {i}" for i in range(columns)]
    context = {"doc_type": "BÁO CÁO", "blocks": [], "recipients": [], "recipients_to": [],
               "sign": {"lines": ["GIÁM ĐỐC"], "name": "Nguyễn Văn A"},
               "annexes": [{"title": "Phụ lục", "subject": "BẢNG", "note": "", "header": header,
                            "rows": [[str(i)] * columns for i in range(3)]}]}
    return render_docx("report", context)


def test_a_wide_annex_is_set_on_landscape_pages():
    from docx import Document
    from docx.enum.section import WD_ORIENT

    wide = Document(io.BytesIO(_annexed(8)))
    assert [s.orientation for s in wide.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    assert wide.sections[1].different_first_page_header_footer is False  # page numbers on the annex's first page
    grid = wide.tables[-1]._tbl.tblGrid
    assert sum(int(c.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w")) for c in grid) > 14000
    narrow = Document(io.BytesIO(_annexed(3)))
    assert [s.orientation for s in narrow.sections] == [WD_ORIENT.PORTRAIT]
