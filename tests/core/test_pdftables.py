"""Annex tables drawn straight onto PDF pages (attt.core.documents.pdftables): every row drawn once
and in order, the header row on every page, rows kept whole, text wrapped inside its column,
numbers right-aligned, a row taller than a page carried on, page numbers carrying on the body's,
Vietnamese text embedded and searchable."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from attt.core.documents import pdftables

HEADER = ["STT", "Đơn vị", "Nhiệm vụ", "Hạn", "Tình trạng", "Số hệ thống"]
WIDTHS = [1.2, 6.0, 8.0, 2.4, 4.0, 2.2]  # cm: 23.8 of the landscape page's 25.7
ALIGN = ["center", "left", "left", "left", "left", "right"]


def _body(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595.3, 841.9)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _rows(n: int) -> list[list[str]]:
    return [[str(i), f"UBND phường Đồng Tâm số {i} tỉnh Thanh Hóa", (f"Hàng số {i:04d}: rà soát, đánh giá an toàn "
             "thông tin hệ thống cấp độ 3 theo Nghị định 85/2016/NĐ-CP"), "31/12/2026",
             "Chưa thực hiện (quá hạn)" if i % 3 else "Đã hoàn thành", str(i * 7)] for i in range(1, n + 1)]


def _pdf(rows, *, body_pages: int = 2, landscape: bool = True, **annex) -> PdfReader:
    pages = pdftables.AnnexPages(landscape=landscape)
    pages.annex(title="Phụ lục 1", subject="TÌNH HÌNH THỰC HIỆN NHIỆM VỤ", note="(Kèm theo Báo cáo số 12/BC-UBND)",
                header=annex.get("header", HEADER), rows=rows, widths_cm=annex.get("widths", WIDTHS),
                align=annex.get("align", ALIGN))
    out = io.BytesIO()
    pages.join(_body(body_pages), out)
    return PdfReader(io.BytesIO(out.getvalue()))


def _placed(page) -> list[tuple[float, float, str]]:
    """(x, y, text) of every text the page's content shows, each as drawn (one line of a cell)."""
    import re

    face = pdftables.faces()["regular"]
    chars = {glyphs: c for c, (glyphs, _w) in face.glyphs.items()}
    data = page.get_contents().get_data().decode("ascii")
    return [(float(x), float(y), "".join(chars.get(h[i:i + 4], "?") for i in range(0, len(h), 4)))
            for x, y, h in re.findall(r"1 0 0 1 ([\d.]+) ([\d.]+) Tm <([0-9A-F]*)>Tj", data)]


def test_every_row_is_drawn_once_in_order_under_the_header_on_every_page():
    reader = _pdf(_rows(400))
    annex = reader.pages[2:]
    assert len(annex) > 5
    seen = []
    for number, page in enumerate(annex, start=3):
        text = page.extract_text()
        lines = [" ".join(x.split()) for x in text.splitlines() if x.strip()]
        assert lines[0] == str(number)  # the page number carries on the body's
        assert "Đơn vị" in text and "Tình trạng" in text and "Số hệ thống" in text  # the header row, again
        seen += [int(x.split("Hàng số ")[1][:4]) for x in lines if "Hàng số " in x]
    assert seen == list(range(1, 401))
    first = annex[0].extract_text()
    assert "Phụ lục 1" in first and "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ" in first and "Kèm theo Báo cáo số 12/BC-UBND" in first
    assert "UBND phường Đồng Tâm số 1 tỉnh Thanh Hóa" in " ".join(first.split())  # Vietnamese, searchable


def test_wide_annexes_are_landscape_and_others_portrait():
    wide = _pdf(_rows(3))
    assert (float(wide.pages[2].mediabox.width), float(wide.pages[2].mediabox.height)) == (841.9, 595.3)
    narrow = _pdf([["1", "Xã An Bình"]], landscape=False, header=["STT", "Đơn vị"], widths=[1.2, 14.0],
                  align=["center", "left"])
    assert float(narrow.pages[2].mediabox.width) == pytest.approx(595.3, abs=0.1)


def test_text_stays_inside_its_column_and_numbers_are_right_aligned():
    reader = _pdf(_rows(60))
    page = pdftables.page(landscape=True)
    total = sum(WIDTHS) * pdftables.PT_PER_CM
    left = page.left + (page.text_width - total) / 2
    edges = [left]
    for w in WIDTHS:
        edges.append(edges[-1] + w * pdftables.PT_PER_CM)
    face = pdftables.faces()["regular"]
    pad = pdftables.AnnexPages.PAD
    checked = right_ends = 0
    for x, y, text in _placed(reader.pages[3]):
        if y > page.height - page.top - 60:  # the page number and the header row
            continue
        column = next(i for i in range(len(WIDTHS)) if edges[i] <= x < edges[i + 1])
        width = sum(face.glyphs[c][1] for c in text) * pdftables.AnnexPages.BODY_SIZE / 1000
        assert x >= edges[column] + pad - 0.01 and x + width <= edges[column + 1] - pad + 0.05, (text, column)
        checked += 1
        if column == 5:  # "Số hệ thống": a number column, right-aligned
            assert x + width == pytest.approx(edges[6] - pad, abs=0.05)
            right_ends += 1
    assert checked > 100 and right_ends > 10


def test_a_row_taller_than_a_page_carries_on_and_nothing_falls_below_the_margin():
    words = [f"từ{n}" for n in range(2500)]
    reader = _pdf([["1", "Xã An Bình", " ".join(words), "31/12/2026", "Đã hoàn thành", "5"], *_rows(2)[1:]])
    page = pdftables.page(landscape=True)
    found = []
    for p in reader.pages[2:]:
        for _x, y, text in _placed(p):
            assert y >= page.bottom - 0.01, text
        found += p.extract_text().split()
    assert [w for w in found if w.startswith("từ")] == words
    assert len(reader.pages) > 4


def test_wrapping_keeps_every_word_within_the_width():
    pages = pdftables.AnnexPages(landscape=False)
    text = "Sở Thông tin và Truyền thông tỉnh Bà Rịa - Vũng Tàu " * 3 + "Mộttừrấtdàikhôngcókhoảngtrắngnàocả" * 3
    face = pages.fonts["regular"].face
    lines = pages.wrap(text, "regular", 10.0, 90.0)
    assert len(lines) > 3
    assert all(width <= 90.0 + 1e-6 for _glyphs, width in lines)
    decoded = ["".join(next(c for c, (g, _w) in face.glyphs.items() if g == glyphs[i:i + 4])
                       for i in range(0, len(glyphs), 4)) for glyphs, _w in lines]
    assert "".join("".join(decoded).split()) == "".join(text.split())


def test_control_characters_are_dropped_and_rare_letters_get_their_own_subset():
    reader = _pdf([["1", "Xã\x00 An\x07 Bình", "Ωmega ẞ", "01/01/2027", "Đã hoàn thành", "1"]])
    text = reader.pages[2].extract_text()
    assert "Xã An Bình" in " ".join(text.split()) and "\x00" not in text
    assert "Ωmega" in text  # Greek is outside the cached common subset: embedded all the same
    fonts = [f.get_object() for f in reader.pages[2]["/Resources"]["/Font"].values()]
    for font in fonts:
        descendant = font["/DescendantFonts"][0].get_object()
        assert "+" in descendant["/BaseFont"] and "/FontFile2" in descendant["/FontDescriptor"].get_object()
        assert "/ToUnicode" in font


def test_a_server_without_vietnamese_fonts_is_told_which_package(monkeypatch):
    from attt.core.documents.engine import DocumentError

    pdftables.faces.cache_clear()
    monkeypatch.setattr(pdftables, "FONT_DIRS", ("/nonexistent",))
    try:
        with pytest.raises(DocumentError, match="fonts-liberation2"):
            pdftables.AnnexPages(landscape=True)
    finally:
        monkeypatch.undo()
        pdftables.faces.cache_clear()


def test_the_body_is_kept_byte_for_byte_and_the_annexes_appended_as_an_update():
    body = _body(2)
    pages = pdftables.AnnexPages(landscape=True)
    pages.annex(title="Phụ lục 1", subject="S", note="", header=HEADER, rows=_rows(120), widths_cm=WIDTHS, align=ALIGN)
    out = io.BytesIO()
    pages.join(body, out)
    data = out.getvalue()
    assert data.startswith(body) and data.count(b"%%EOF") == 2  # an incremental update (ISO 32000-1, 7.5.6)
    reader = PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) == 2 + len(pages.spooled) and len(pages.spooled) >= 3
    assert reader.trailer["/Root"]["/Pages"]["/Count"] == len(reader.pages)
