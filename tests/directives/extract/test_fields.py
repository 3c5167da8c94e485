import pytest
from samples import CONG_VAN
from extract_helpers import strip_marks

from attt.directives.extract import extract_text

VARIANTS = [pytest.param(CONG_VAN, id="clean"), pytest.param(strip_marks(CONG_VAN), id="stripped")]


@pytest.fixture(params=VARIANTS)
def result(request):
    return extract_text(request.param).to_dict()


def test_schema_first_and_keys(result):
    assert list(result)[0] == "schema"
    assert result["schema"] == "attt.directive/1"
    assert set(result) == {"schema", "number", "issued_on", "issuer", "place", "doc_type", "subject",
                           "recipients", "references", "tasks"}


def test_number(result):
    assert result["number"] == "215/UBND-KGVX"


def test_issued_on_and_place(result):
    assert result["issued_on"] == "2025-08-20"
    assert result["place"] == "Quảng Ngãi"


def test_issuer(result):
    assert result["issuer"] == "Ủy ban nhân dân tỉnh Quảng Ngãi"


def test_doc_type(result):
    assert result["doc_type"] == "cong_van"


def test_subject(result):
    assert strip_marks(result["subject"]).lower() == "tang cuong bao dam an toan thong tin mang trong dip le"


def test_recipients(result):
    assert [strip_marks(r) for r in result["recipients"]] == [
        "Cac so, ban, nganh tinh", "Uy ban nhan dan cac xa, phuong"]


def test_references(result):
    refs = {strip_marks(r["symbol"]): r for r in result["references"]}
    assert set(refs) == {"12/CD-TTg", "85/2016/ND-CP"}
    assert refs["12/CD-TTg"]["date"] == "2025-08-05"
    assert refs["12/CD-TTg"]["kind"] in ("Công điện",)
    assert refs["85/2016/ND-CP"]["kind"] == "Nghị định"


def test_references_restore_symbol_letters():
    r = extract_text(strip_marks(CONG_VAN)).to_dict()
    assert {x["symbol"] for x in r["references"]} == {"12/CĐ-TTg", "85/2016/NĐ-CP"}


def test_tasks_refs_and_deadlines(result):
    tasks = {t["ref"]: t for t in result["tasks"]}
    assert list(tasks) == ["1.a", "1.b", "1.c", "2.-1", "2.-2", "3"]
    assert tasks["1.a"]["deadlines"] == [{"kind": "date", "date": "2025-08-30"}]
    assert tasks["1.b"]["deadlines"] == [{"kind": "recurring", "every_months": 3, "due_day": 15,
                                          "due_month_of_period": "last", "due_month": None}]
    assert tasks["1.c"]["deadlines"][0]["every_months"] == 12
    assert tasks["2.-1"]["deadlines"] == [{"kind": "date", "date": "2025-12-31"}]
    assert tasks["2.-2"]["deadlines"] == [{"kind": "date", "date": "2025-12-31"}]


def test_assignees(result):
    tasks = {t["ref"]: t for t in result["tasks"]}
    assert [strip_marks(a) for a in tasks["1.a"]["assignees"]] == [
        "Thu truong cac so, ban, nganh tinh", "Chu tich Uy ban nhan dan cac xa, phuong"]
    assert [strip_marks(a) for a in tasks["2.-1"]["assignees"]] == ["Cong an tinh"]
    assert [strip_marks(a) for a in tasks["3"]["assignees"]] == ["So Tai chinh"]


def test_closing_boilerplate_is_not_a_task(result):
    assert not any("nghiem tuc trien khai" in strip_marks(t["text"]).lower() for t in result["tasks"])


def test_spans_only_on_request():
    ex = extract_text(CONG_VAN)
    plain = ex.to_dict()
    assert "span" not in plain["tasks"][0]
    spanned = ex.to_dict(with_spans=True)
    t = spanned["tasks"][0]
    s, e = t["span"]
    assert CONG_VAN[s:e].startswith("Rà soát toàn bộ")
    ds, de = t["deadlines"][0]["span"]
    assert CONG_VAN[ds:de] == "30/8/2025"


def test_lead_in_is_not_a_task():
    text = CONG_VAN.replace("1. Thủ trưởng các sở, ban, ngành tỉnh; Chủ tịch Ủy ban nhân dân các xã, phường:",
                            "1. Thủ trưởng các sở, ban, ngành tỉnh; Chủ tịch Ủy ban nhân dân các xã, phường:\n\n"
                            "Tập trung thực hiện các nội dung trọng tâm sau:")
    refs = [t["ref"] for t in extract_text(text).to_dict()["tasks"]]
    assert refs[:3] == ["1.a", "1.b", "1.c"]


def test_blank_draft_number_and_date():
    text = CONG_VAN.replace("Số: 215/UBND-KGVX", "Số:       /UBND-KGVX").replace(
        "ngày 20 tháng 8 năm 2025", "ngày      tháng     năm 2025")
    r = extract_text(text).to_dict()
    assert r["number"] == "/UBND-KGVX"
    assert r["issued_on"] is None


def test_ocr_header_forms():
    text = " S6: 1482 /UBND-KGVX Kon Tum, ngay 02thang 5 nam 2024\nV/v tang cuong\n\nKinh giri:\n- Cong an tinh.\n"
    r = extract_text(text).to_dict()
    assert r["number"] == "1482/UBND-KGVX"
    assert r["issued_on"] == "2024-05-02"
    assert r["place"] == "Kon Tum"


def test_empty_text_never_crashes():
    r = extract_text("").to_dict()
    assert r["tasks"] == [] and r["number"] is None
