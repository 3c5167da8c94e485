"""The province's organisation names as a lexicon for assignees (issue 13, OCR damage)."""
from __future__ import annotations

import json

from attt.directives.extract import UnitLexicon, extract_text

PROVINCE_UNITS = [
    "Báo Kon Tum",
    "Đài Phát thanh - Truyền hình tỉnh",
    "Văn phòng UBND tỉnh",
    "Sở Khoa học và Công nghệ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Công an tỉnh",
]

# an OCR page: marks mostly lost, some letters wrongly restored inside unit names
OCR_LETTER = """UY BAN NHAN DAN
TINH KON TUM
S6: 12 /UBND-KGVX
Kon Tum, ngay 02 thang 5 nam 2024
V/v bao dam an toan thong tin

Kinh guri:
- Cac so, ban, nganh thuoc tinh;
- Bảo Kon Tum; Đài Phát thành - Truyền
hình tỉnh;
- Van phong Uy ban nhan dan tinh.

1. Bảo Kon Tum, Đài Phát thành - Truyền hình tỉnh tang cuong tuyen truyen ve an toan thong tin, hoan thanh truoc ngay 30/6/2024.
2. Sở Tư phap tỉnh chu tri ra soat van ban, hoan thanh truoc ngay 30/7/2024.
3. Trung tam Du lieu chu tri sao luu du lieu khi co su co xay ra.
4. Van phong Uy ban nhan dan tinh chu tri tong hop ket qua, bao cao truoc ngay 15/8/2024.
"""


def test_short_forms_and_damaged_letters_match_surely():
    lex = UnitLexicon(PROVINCE_UNITS)
    assert lex.match("Văn phòng Ủy ban nhân dân tỉnh").name == "Văn phòng UBND tỉnh"
    assert lex.match("Sở KH&CN").name == "Sở Khoa học và Công nghệ"
    for damaged, name in [("Bảo Kon Tum", "Báo Kon Tum"), ("So Tai chinh", "Sở Tài chính"),
                          ("Đài Phát thành - Truyền hình tỉnh", "Đài Phát thanh - Truyền hình tỉnh")]:
        m = lex.match(damaged)
        assert m is not None and m.sure and m.name == name


def test_weak_or_missing_match_is_not_guessed():
    lex = UnitLexicon(PROVINCE_UNITS)
    weak = lex.match("Sở Tư phap tỉnh")
    assert weak is not None and not weak.sure and weak.name == "Sở Tư pháp"
    assert lex.match("Sở Y tế") is None
    assert lex.match("Các sở, ban, ngành") is None


def test_ocr_document_with_the_province_lexicon():
    ex = extract_text(OCR_LETTER, units=PROVINCE_UNITS)
    stored = ex.to_dict(with_review=True)
    press, justice, data, office = stored["tasks"]
    assert press["assignees"] == ["Báo Kon Tum", "Đài Phát thanh - Truyền hình tỉnh"]
    assert "unsure" not in press
    # unsure: kept as printed (restored), the candidate shown to the reviewer
    assert justice["assignees"] == ["Sở Tư pháp tỉnh"]
    assert justice["unsure"][0]["kind"] == "assignee" and justice["unsure"][0]["candidate"] == "Sở Tư pháp"
    assert data["unsure"][0]["candidate"] is None                      # no unit of the province
    assert [d["kind"] for d in data["deadlines"]] == ["event"]          # "khi có sự cố xảy ra" kept
    assert office["assignees"] == ["Văn phòng UBND tỉnh"]
    # the recipient wrapped over two lines stays whole, two units on one line are split
    assert stored["recipients"][1:] == ["Báo Kon Tum", "Đài Phát thanh - Truyền hình tỉnh", "Văn phòng UBND tỉnh"]
    # readable text beside the text as printed
    assert press["text"].startswith("Bảo Kon Tum")
    assert press["text_restored"].startswith("Báo Kon Tum, Đài Phát thanh - Truyền hình tỉnh tăng cường")
    assert "an toàn thông tin, hoàn thành trước ngày 30/6/2024" in press["text_restored"]


def test_contract_json_has_no_extra_fields():
    ex = extract_text(OCR_LETTER, units=PROVINCE_UNITS)
    for task in ex.to_dict()["tasks"]:
        assert set(task) == {"ref", "assignees", "text", "deadlines"}
    for task in ex.to_dict(with_spans=True)["tasks"]:               # the form stored today
        assert set(task) == {"ref", "assignees", "text", "deadlines", "span", "spans"}
    json.dumps(ex.to_dict(with_spans=True, with_review=True))


def test_without_a_lexicon_assignees_are_as_restored():
    ex = extract_text(OCR_LETTER).to_dict(with_review=True)
    assert ex["tasks"][0]["assignees"] != ["Báo Kon Tum", "Đài Phát thanh - Truyền hình tỉnh"]
    assert not any("unsure" in t and t["unsure"][0]["kind"] == "assignee" for t in ex["tasks"])


def test_period_and_row_without_lead_are_marked_unsure():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH KON TUM\nSố: 3/KH-UBND\nKon Tum, ngày 05 tháng 1 năm 2026\nKẾ HOẠCH\n"
            "Chuyển đổi số\n\nI. NHIỆM VỤ\n1. Sở Tư pháp số hóa sổ hộ tịch, hoàn thành trong Quý III/2026.\n"
            "2. Công an tỉnh rà soát camera giám sát, hoàn thành trước ngày 30/6/2026.\n")
    tasks = extract_text(text).to_dict(with_review=True)["tasks"]
    assert tasks[0]["deadlines"][0]["date"] == "2026-09-30"
    assert tasks[0]["unsure"] == [{"kind": "period", "text": "Quý III/2026", "date": "2026-09-30"}]
    assert "unsure" not in tasks[1]


def test_ocr_prints_d_stroke_as_p_in_symbols():
    from attt.directives.extract.references import restore_symbol
    assert restore_symbol("45/2024/NP-CP") == "45/2024/NĐ-CP"
    assert restore_symbol("118/CP-TTg") == "118/CĐ-TTg"
    assert restore_symbol("7-QP/BCP") == "7-QĐ/BCĐ"
    assert restore_symbol("02/NQ-CP") == "02/NQ-CP"                  # Chính phủ keeps its P
    assert restore_symbol("88/VPCP-KSTT") == "88/VPCP-KSTT"
