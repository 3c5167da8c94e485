"""The scanned-PDF path for real: an image-only PDF rendered here, read back through
pdftoppm + tesseract (vie), then extracted."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from attt.directives.extract import extract_text, readers
from attt.directives.extract.fold import fold
from attt.directives.extract.readers import DocumentError, read_document
from tests.tooling import missing

FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts")]
LINES = [
    "ỦY BAN NHÂN DÂN TỈNH THANH HÓA",
    "Số: 214/KH-UBND",
    "Thanh Hóa, ngày 15 tháng 9 năm 2025",
    "KẾ HOẠCH",
    "Bảo đảm an toàn thông tin mạng năm 2025",
    "1. Sở Khoa học và Công nghệ:",
    "a) Kiểm tra an toàn thông tin các hệ thống",
    "dùng chung, hoàn thành trước ngày 30/9/2025.",
]


def _font():
    for d in FONT_DIRS:
        for p in sorted(d.rglob("DejaVuSans.ttf")) + sorted(d.rglob("*.ttf")):
            return p
    return None


def _scanned_pdf(path: Path) -> Path:
    from PIL import Image, ImageDraw, ImageFont
    font_path = _font()
    if font_path is None:
        missing("no TrueType font with Vietnamese glyphs under /usr/share/fonts")
    font = ImageFont.truetype(str(font_path), 34)
    img = Image.new("L", (1654, 2339), 255)                     # A4 at 200 dpi, one grey page
    draw = ImageDraw.Draw(img)
    y = 150
    for line in LINES:
        draw.text((140, y), line, font=font, fill=0)
        y += 62
    img.save(path, "PDF", resolution=200)
    return path


def test_image_only_pdf_is_read_by_ocr(tmp_path):
    if not shutil.which("pdftoppm") or not shutil.which("tesseract"):
        missing("pdftoppm or tesseract missing: apt-get install poppler-utils tesseract-ocr tesseract-ocr-vie")
    pdf = _scanned_pdf(tmp_path / "scan.pdf")
    from pypdf import PdfReader
    assert not (PdfReader(str(pdf)).pages[0].extract_text() or "").strip()     # no text layer
    text = read_document(pdf)
    folded = " ".join(fold(text).split())
    for words in ("uy ban nhan dan", "214/kh-ubnd", "ke hoach", "an toan thong tin", "khoa hoc va cong nghe",
                  "30/9/2025"):
        assert words in folded, (words, text)
    ex = extract_text(text)
    assert ex.number == "214/KH-UBND"
    assert str(ex.issued_on) == "2025-09-15"
    assert any(d.date and str(d.date) == "2025-09-30" for t in ex.tasks for d in t.deadlines)


def test_missing_ocr_programs_give_vietnamese_message(tmp_path, monkeypatch):
    pdf = _scanned_pdf(tmp_path / "scan.pdf")
    monkeypatch.setattr(readers.shutil, "which", lambda name: None)
    with pytest.raises(DocumentError) as err:
        read_document(pdf)
    msg = err.value.message
    assert "OCR" in msg and "thiếu pdftoppm, tesseract" in msg
    assert "apt-get install poppler-utils tesseract-ocr tesseract-ocr-vie" in msg


def test_pages_are_recognised_in_parallel_and_keep_their_order(tmp_path, monkeypatch):
    """Three scanned pages read at once (two workers) come back in the document's order."""
    if not shutil.which("pdftoppm") or not shutil.which("tesseract"):
        missing("pdftoppm or tesseract missing: apt-get install poppler-utils tesseract-ocr tesseract-ocr-vie")
    from PIL import Image, ImageDraw, ImageFont

    font_path = _font()
    if font_path is None:
        missing("no TrueType font with Vietnamese glyphs under /usr/share/fonts")
    font = ImageFont.truetype(str(font_path), 40)
    pages = []
    for word in ("Trang một: kế hoạch", "Trang hai: nhiệm vụ", "Trang ba: tổ chức thực hiện"):
        img = Image.new("L", (1654, 2339), 255)
        ImageDraw.Draw(img).text((140, 200), word, font=font, fill=0)
        pages.append(img)
    pdf = tmp_path / "three.pdf"
    pages[0].save(pdf, "PDF", resolution=200, save_all=True, append_images=pages[1:])
    monkeypatch.setenv("ATTT_OCR_WORKERS", "2")
    assert readers.ocr_workers(3) == 2
    folded = fold(read_document(pdf))
    positions = [folded.find(w) for w in ("ke hoach", "nhiem vu", "to chuc thuc hien")]
    assert -1 not in positions and positions == sorted(positions), folded
