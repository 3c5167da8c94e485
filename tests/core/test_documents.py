"""The document engine, end to end: every sample kind rendered from its DOCX template with the demo
data, converted by the real LibreOffice, and read back with pypdf."""
from __future__ import annotations

import io
import shutil

import pytest
from django.db import transaction

from tests.tooling import missing


@pytest.fixture(autouse=True)
def _libreoffice():
    if shutil.which("soffice") is None:
        missing("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui fonts-liberation")


QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


def _pages(data: bytes) -> list[list[str]]:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return [[" ".join(line.split()) for line in page.extract_text().splitlines()] for page in reader.pages]


_CACHE: dict = {}


@pytest.fixture
def rendered(db, tmp_path_factory):
    """The samples (DOCX + PDF) and the signer each one must carry, built once (by the first test
    that asks, inside its rolled-back transaction) on the demo data; later tests read the files."""
    if not _CACHE:
        _CACHE.update(_build(tmp_path_factory))
    return _CACHE


def _build(tmp_path_factory):
    from attt import samples
    from attt.directives import documents as directive_docs
    from attt.incidents import documents as incident_docs
    from attt.incidents.models import Incident
    from attt.orgs import documents as org_docs
    from attt.reporting.exports import docx as report_docx
    from attt.systems import docx_render

    out = tmp_path_factory.mktemp("samples")
    with transaction.atomic():
        samples.write(out, out=lambda _line: None)
        dossier, incident, unit, _province = samples._pick()
        warning, directive = samples._pick_more()
        incident = Incident.objects.get(pk=incident.pk)
        signers = {
            "quyet-dinh-phe-duyet-cap-do": docx_render.decision_context(dossier)["sign"],
            "thuyet-minh-ho-so": docx_render.explanation_context(dossier)["sign"],
            "bao-cao-ban-dau-su-co": org_docs.signer(incident.unit).as_context(),
            "bao-cao-ket-thuc-su-co": org_docs.signer(incident.unit).as_context(),
            "bao-cao-dinh-ky-don-vi": report_docx.context(unit)["sign"],
            "cong-van-canh-bao": incident_docs.warning_context(warning)["sign"],
            "bao-cao-tien-do-van-ban-chi-dao": directive_docs.progress_context(directive)["sign"],
        }
        approver = dossier.approver.full_name if dossier.approver_id else None
        transaction.set_rollback(True)
    return {"dir": out, "signers": signers, "approver": approver}


def test_every_kind_is_rendered(rendered):
    names = {p.name for p in rendered["dir"].iterdir()}
    for stem in rendered["signers"]:
        assert {f"{stem}.docx", f"{stem}.pdf"} <= names
    assert {"bao-cao-dinh-ky-don-vi.xlsx", "bao-cao-dinh-ky-tinh.docx", "bao-cao-dinh-ky-tinh.pdf",
            "bao-cao-dinh-ky-tinh.xlsx", "phuong-an-ung-pho-su-co.docx", "phuong-an-ung-pho-su-co.pdf"} <= names


@pytest.mark.parametrize("stem", ["quyet-dinh-phe-duyet-cap-do", "thuyet-minh-ho-so", "bao-cao-ban-dau-su-co",
                                  "bao-cao-ket-thuc-su-co", "bao-cao-dinh-ky-don-vi", "bao-cao-dinh-ky-tinh",
                                  "cong-van-canh-bao", "bao-cao-tien-do-van-ban-chi-dao", "phuong-an-ung-pho-su-co"])
def test_layout_in_the_pdf(rendered, stem):
    pages = _pages((rendered["dir"] / f"{stem}.pdf").read_bytes())
    first = pages[0]
    # Quốc hiệu and tiêu ngữ each on one line of their own
    assert QUOC_HIEU in first and TIEU_NGU in first
    text = "\n".join("\n".join(p) for p in pages)
    for markup in ("{{", "}}", "{%", "%}", "<I>", "</I>"):
        assert markup not in text
    # the signature block: title and name on the same page
    sign = rendered["signers"].get(stem, {"lines": [""], "name": ""})
    title = sign["lines"][-1]
    if sign["name"]:
        on = [i for i, p in enumerate(pages) if sign["name"] in p]
        assert on, f"{sign['name']} missing from {stem}"
        assert title in pages[on[-1]], f"{title!r} not on the page of {sign['name']!r} in {stem}"
    assert "Nơi nhận:" in text


def test_unit_report_fits_in_six_pages(rendered):
    assert len(_pages((rendered["dir"] / "bao-cao-dinh-ky-don-vi.pdf").read_bytes())) <= 6


def test_decision_is_signed_by_the_authority_not_the_approving_user(rendered):
    sign = rendered["signers"]["quyet-dinh-phe-duyet-cap-do"]
    assert rendered["approver"], "the demo has a dossier approved by a specialist"
    assert sign["name"] == "Hoàng Văn Quân" and sign["lines"] == ["GIÁM ĐỐC"]
    pages = _pages((rendered["dir"] / "quyet-dinh-phe-duyet-cap-do.pdf").read_bytes())
    text = "\n".join("\n".join(p) for p in pages)
    assert rendered["approver"] not in text
    assert "GIÁM ĐỐC CÔNG AN TỈNH TUYÊN QUANG" in text
    assert "/QĐ-CAT" in text or "Số: " in text
    # page numbers start on page 2: nothing but the document on page 1's first line
    assert pages[0][0] != "1"


def test_report_pdf_export_is_the_docx_through_libreoffice(rendered):
    pages = _pages((rendered["dir"] / "bao-cao-dinh-ky-don-vi.pdf").read_bytes())
    assert pages[1][0] == "2"  # page number at the top of page 2
    assert any("Phụ lục 1" in line for p in pages for line in p)


def _sizes(data: bytes) -> list[tuple[float, float]]:
    import pypdf

    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in pypdf.PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize("stem", ["bao-cao-tien-do-van-ban-chi-dao", "bao-cao-dinh-ky-don-vi"])
def test_wide_annexes_are_on_landscape_pages(rendered, stem):
    annex = "(Kèm theo Báo cáo"  # the note under each annex title
    data = (rendered["dir"] / f"{stem}.pdf").read_bytes()
    pages, sizes = _pages(data), _sizes(data)
    first = next(i for i, p in enumerate(pages) if any(annex in line for line in p))
    assert all(w < h for w, h in sizes[:first]), "the body is portrait"
    assert all(w > h for w, h in sizes[first:]), "the annex pages are landscape"
    assert pages[first][0] == str(first + 1)  # the page number is on the annex's first page too


def test_warning_dispatch_is_a_cong_van(rendered):
    pages = _pages((rendered["dir"] / "cong-van-canh-bao.pdf").read_bytes())
    text = "\n".join("\n".join(p) for p in pages)
    assert "V/v cảnh báo" in text and "Kính gửi:" in text and "hạn" in text
    assert "DANH SÁCH CƠ QUAN, ĐƠN VỊ NHẬN CẢNH BÁO" in text


def test_progress_summary_figures(rendered):
    pages = _pages((rendered["dir"] / "bao-cao-tien-do-van-ban-chi-dao.pdf").read_bytes())
    text = "\n".join("\n".join(p) for p in pages)
    assert "BÁO CÁO" in text and "I. KẾT QUẢ CHUNG" in text and "II. TÌNH HÌNH THỰC HIỆN TỪNG NHIỆM VỤ" in text
    assert len(pages) <= 10


def test_report_xlsx_has_coloured_status_cells_and_a_legend(rendered):
    import openpyxl

    wb = openpyxl.load_workbook(rendered["dir"] / "bao-cao-dinh-ky-don-vi.xlsx")
    assert wb.sheetnames[-1] == "Chú giải"
    coloured = [c for ws in wb.worksheets[1:-1] for row in ws.iter_rows(min_row=2) for c in row
                if c.fill is not None and c.fill.fill_type == "solid"]
    assert coloured, "a status cell is coloured"
