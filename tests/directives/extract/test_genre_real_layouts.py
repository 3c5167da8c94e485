"""Genres of real documents (issue 13), each from a short text written for this test.

The texts follow the layouts seen in published documents -- a quyết định whose plan follows the
signature, annex tables printed one cell a line, periods as deadlines, "(1)" items, headings
broken over lines, lead units named by "Giao"/"Đề nghị" -- in invented wording.
"""
from __future__ import annotations

from datetime import date

import pytest

from attt.directives.extract import extract_text
from attt.directives.extract.dates import find_deadlines
from attt.directives.extract.fold import norm
from extract_helpers import strip_marks

HEAD = """ỦY BAN NHÂN DÂN
TỈNH HÒA BÌNH XANH
Số: 77/QĐ-UBND
Hòa Bình Xanh, ngày 03 tháng 3 năm 2026
QUYẾT ĐỊNH
Về việc ban hành Kế hoạch phát triển thư viện số giai đoạn 2026 - 2030
ỦY BAN NHÂN DÂN TỈNH
QUYẾT ĐỊNH:
Điều 1. Ban
hành kèm theo Quyết định này Kế hoạch phát triển thư viện số giai đoạn 2026 - 2030.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Nơi nhận:
- Như Điều 2;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn Bình
"""

PLAN = """KẾ HOẠCH
PHÁT TRIỂN THƯ VIỆN SỐ GIAI ĐOẠN 2026 - 2030

I. MỤC TIÊU
1. Số hóa toàn bộ tài liệu quý hiếm của thư viện tỉnh.

II. NHIỆM VỤ
1.
Giai đoạn 2026 - 2027

- Lựa chọn nền tảng phần mềm quản lý thư viện dùng chung cho toàn tỉnh.
- Tổ chức đào tạo cán bộ thư viện về nghiệp vụ số hóa tài liệu.

III. TỔ CHỨC
THỰC HIỆN
1. Giao Sở
Văn hóa và Thể thao là cơ quan thường trực, tổ chức thực hiện các nhiệm vụ sau:
- Xây dựng kế hoạch số hóa tài liệu của thư viện tỉnh hằng năm;
- Hướng dẫn các thư viện cấp xã cập nhật dữ liệu bạn đọc.
2. Ban
Quản lý dự án tỉnh
- Bảo trì hạ tầng máy chủ của thư viện số.
"""


def _tasks(text: str) -> list[dict]:
    return extract_text(text).to_dict()["tasks"]


def _find(tasks: list[dict], words: str) -> dict:
    hits = [t for t in tasks if words.lower() in t["text"].lower()]
    assert hits, f"no task with {words!r} in {[t['text'] for t in tasks]}"
    return hits[0]


def _dates(task: dict) -> list[str]:
    return [d["date"] for d in task["deadlines"] if d["kind"] == "date"]


@pytest.mark.parametrize("variant", [lambda t: t, strip_marks], ids=["clean", "no-diacritics"])
def test_decision_promulgating_a_plan_reads_the_plan(variant):
    tasks = _tasks(variant(HEAD + "\n" + PLAN))
    software = _find(tasks, variant("nền tảng phần mềm"))
    assert _dates(software) == ["2027-12-31"]                 # the period heading above the items
    yearly = _find(tasks, variant("kế hoạch số hóa tài liệu"))
    assert [d["every_months"] for d in yearly["deadlines"] if d["kind"] == "recurring"] == [12]
    assert strip_marks(" ".join(yearly["assignees"])).lower() == "so van hoa va the thao"
    upkeep = _find(tasks, variant("hạ tầng máy chủ"))
    assert strip_marks(" ".join(upkeep["assignees"])).lower() == "ban quan ly du an tinh"
    # targets are not tasks, and a heading broken over two lines is not one either
    assert not [t for t in tasks if "tài liệu quý hiếm" in t["text"] or t["text"].startswith("THỰC HIỆN")]


def test_decision_without_attached_plan_reads_only_its_articles():
    text = HEAD.replace("Ban\nhành kèm theo Quyết định này Kế hoạch", "Phê duyệt chủ trương lập Kế hoạch") + "\n" + PLAN
    assert not [t for t in _tasks(text) if "nền tảng phần mềm" in t["text"]]


STACKED_ANNEX = """ỦY BAN NHÂN DÂN
TỈNH HÒA BÌNH XANH
Số: 12/KH-UBND
Hòa Bình Xanh, ngày 10 tháng 2 năm 2026
KẾ HOẠCH
Nâng cấp cổng dịch vụ công
I. NHIỆM VỤ
Các nhiệm vụ cụ thể tại Phụ lục kèm theo.
Nơi nhận:
- Lưu: VT.

PHỤ LỤC
DANH MỤC NHIỆM VỤ
STT
Nội dung nhiệm
vụ
Cơ quan chủ trì
Cơ quan phối hợp
Thời gian hoàn
thành
I
NHÓM NHIỆM VỤ HẠ TẦNG
1
Chuyển cổng dịch vụ công sang trung tâm dữ liệu
dùng chung của tỉnh.
Sở Khoa học và
Công nghệ
Các sở, ngành liên
quan
2026 - 2027
2
Rà soát quy trình tiếp nhận hồ sơ trực tuyến
Văn phòng UBND tỉnh
Ủy ban nhân dân các xã
Quý III/2026
3
Theo dõi chất lượng đường truyền
Viễn thông tỉnh
Các xã, phường
Thường xuyên
"""


def test_annex_table_printed_one_cell_a_line():
    tasks = _tasks(STACKED_ANNEX)
    assert len(tasks) == 3
    move, review, watch = tasks
    assert move["text"].startswith("Chuyển cổng dịch vụ công") and move["text"].endswith("dùng chung của tỉnh.")
    assert move["assignees"] == ["Sở Khoa học và Công nghệ"]
    assert _dates(move) == ["2027-12-31"]
    assert review["assignees"] == ["Văn phòng UBND tỉnh"] and _dates(review) == ["2026-09-30"]
    assert watch["assignees"] == ["Viễn thông tỉnh"] and watch["deadlines"] == []


@pytest.mark.parametrize("phrase,expected", [
    ("Thời gian thực hiện: năm 2027.", [date(2027, 12, 31)]),
    ("hoàn thành trong giai đoạn 2026 - 2030.", [date(2030, 12, 31)]),
    ("Thời gian: 2026-2027.", [date(2027, 12, 31)]),
    ("hoàn thành trong tháng 6/2026.", [date(2026, 6, 30)]),
    ("kinh phí hỗ trợ trong giai đoạn 2026-2030 khoảng 10 tỷ đồng.", []),   # a budget period, no deadline
    ("bảo đảm đời sống người dân những tháng cuối năm 2026.", []),          # background, no deadline
])
def test_periods_as_deadlines(phrase, expected):
    found = [f.date for f in find_deadlines(norm(phrase), 2026) if f.kind == "date"]
    assert found == expected


def test_yearly_at_the_end_of_a_clause():
    found = find_deadlines(norm("Xây dựng kế hoạch kiểm tra an toàn thông tin hằng năm; tổ chức diễn tập."), 2026)
    assert [f.every_months for f in found if f.kind == "recurring"] == [12]


NUMBERED_IN_PARENS = """THỦ TƯỚNG CHÍNH PHỦ
CÔNG ĐIỆN
Về khắc phục hậu quả sạt lở đất
THỦ TƯỚNG CHÍNH PHỦ điện:
- Chủ tịch Ủy ban nhân dân các tỉnh Sơn Mai, Hà Lâm, Bắc Thủy;
- Bộ trưởng Bộ Xây dựng.
Mưa lớn kéo dài đã gây sạt lở nghiêm trọng tại nhiều địa phương, Thủ tướng Chính phủ yêu cầu:
1. Chủ tịch Ủy ban nhân dân các tỉnh: Sơn Mai, Hà Lâm và Bắc Thủy tiếp tục chỉ đạo
khắc phục hậu quả sạt lở, trong đó tập trung các việc sau:
(1) Di dời ngay các hộ dân ra khỏi vùng có nguy cơ sạt lở, hoàn thành trước ngày 15/12/2025.
(2) Sửa chữa các tuyến đường bị hư hỏng, bảo đảm thông xe trước ngày 31/12/2025.
2. Giao Bộ Xây dựng khẩn trương hướng dẫn các địa phương khôi phục giao thông.
"""


def test_parenthesised_items_and_units_before_colon():
    tasks = _tasks(NUMBERED_IN_PARENS)
    move = _find(tasks, "Di dời ngay")
    assert move["ref"] == "1.(1)" and _dates(move) == ["2025-12-15"]
    road = _find(tasks, "Sửa chữa các tuyến")
    assert road["ref"] == "1.(2)" and _dates(road) == ["2025-12-31"]
    who = " ".join(move["assignees"])
    assert "Chủ tịch Ủy ban nhân dân các tỉnh" in who and "Bắc Thủy" in who
    assert _find(tasks, "hướng dẫn các địa phương")["assignees"] == ["Bộ Xây dựng"]


def test_request_names_the_unit_mid_paragraph():
    text = ("BỘ NỘI VỤ\nSố: 5/BNV-VP\nHà Nội, ngày 02 tháng 3 năm 2026\nV/v cập nhật dữ liệu\n"
            "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố.\n\n"
            "Thời gian qua việc cập nhật dữ liệu còn chậm ở nhiều nơi. Vì vậy, đề nghị Ủy ban nhân dân "
            "các tỉnh, thành phố chỉ đạo hoàn thành việc cập nhật trước ngày 30/4/2026.\n"
            "Nơi nhận:\n- Lưu: VT.\n")
    tasks = _tasks(text)
    assert len(tasks) == 1
    assert tasks[0]["assignees"] == ["Ủy ban nhân dân các tỉnh, thành phố"]
    assert _dates(tasks[0]) == ["2026-04-30"]


def test_yearly_report_inside_the_closing_paragraph():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH HÒA BÌNH XANH\nSố: 9/KH-UBND\nHòa Bình Xanh, ngày 04 tháng 2 năm 2026\n"
            "KẾ HOẠCH\nPhòng chống lừa đảo trực tuyến\n\nI. NHIỆM VỤ\n"
            "1. Công an tỉnh chủ trì tuyên truyền cách nhận biết các thủ đoạn lừa đảo.\n"
            "2. Sở Tư pháp phổ biến quy định xử phạt vi phạm.\n\n"
            "Trên đây là Kế hoạch phòng chống lừa đảo trực tuyến. Đề nghị các cơ quan, đơn vị nghiêm túc "
            "triển khai. Định kỳ hằng năm (trước ngày 25 tháng 11) báo cáo kết quả về Công an tỉnh để tổng hợp.\n"
            "Nơi nhận:\n- Lưu: VT.\n")
    tasks = _tasks(text)
    report = _find(tasks, "báo cáo kết quả về Công an tỉnh")
    assert report["ref"] == "I.-end"
    assert report["assignees"] == ["Các cơ quan, đơn vị"]
    assert [(d["every_months"], d["due_day"], d["due_month"]) for d in report["deadlines"]] == [(12, 25, 11)]
    assert not [t for t in tasks if t["text"].startswith("Trên đây")]


def test_monthly_allowance_is_not_a_deadline():
    found = find_deadlines(norm("rà soát danh sách người hưởng trợ cấp xã hội hằng tháng tại địa phương."), 2026)
    assert [f for f in found if f.kind == "recurring"] == []


def test_conclusion_notice_names_the_doer_in_the_paragraph_under_a_topic_heading():
    text = ("VĂN PHÒNG CHÍNH PHỦ\nSố: 41/TB-VPCP\nHà Nội, ngày 06 tháng 3 năm 2026\nTHÔNG BÁO\n"
            "Kết luận về các kiến nghị của tỉnh\n\nI. Ý KIẾN KẾT LUẬN\n"
            "1. Về kiến nghị hỗ trợ kinh phí sửa chữa đê điều:\n\n"
            "Bộ Tài chính theo chức năng nhiệm vụ được giao khẩn trương xem xét, báo cáo cấp có thẩm "
            "quyền trong tháng 4 năm 2026.\n\n"
            "2. Về kiến nghị điều chỉnh quy hoạch:\n\n"
            "Giao Bộ Xây dựng hướng dẫn tỉnh hoàn thiện hồ sơ.\n"
            "Nơi nhận:\n- Lưu: VT.\n")
    tasks = _tasks(text)
    budget = _find(tasks, "khẩn trương xem xét")
    assert budget["assignees"] == ["Bộ Tài chính"] and _dates(budget) == ["2026-04-30"]
    assert _find(tasks, "hoàn thiện hồ sơ")["assignees"] == ["Bộ Xây dựng"]
