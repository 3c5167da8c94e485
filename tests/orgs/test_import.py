"""Import and export of the tree: a file with errors imports nothing and reports every row."""
from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attt.core.errors import DomainError, RowErrors
from attt.orgs.models import Organisation
from attt.orgs.tabular import HEADER_VI, export_rows, import_tree


def csv_file(text: str, name="to-chuc.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"))


def xlsx_file(rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("to-chuc.xlsx", buf.getvalue())


def test_csv_import_creates_children_in_order(world):
    text = ("Mã,Tên,Loại,Mã đơn vị cấp trên,Email báo sự cố,Hiệu lực từ\n"
            "P1-XA-TT2,Điểm phục vụ số 2,service_centre,P1-XA-NEW,a@b.vn,01/07/2025\n"
            "P1-XA-NEW,Thôn Mới,Khác,P1-XA,,\n")
    result = import_tree(actor=world.users["specialist"], upload=csv_file(text))
    assert result == {"created": 2, "updated": 0}
    child = Organisation.objects.get(code="P1-XA-TT2")
    assert child.parent.code == "P1-XA-NEW"
    assert child.valid_from.isoformat() == "2025-07-01"
    assert child.path.startswith(world.org("commune_a").path)


def test_file_with_errors_imports_nothing_and_names_each_row(world):
    before = Organisation.objects.count()
    rows = [["Mã", "Tên", "Loại", "Mã đơn vị cấp trên", "Email báo sự cố"],
            ["N1", "Đơn vị tốt", "department", "P1", ""],
            ["N2", "", "department", "P1", ""],            # no name
            ["N3", "Sai loại", "spaceship", "P1", ""],     # bad kind
            ["N4", "Cha lạ", "department", "KHONGCO", ""],  # unknown parent
            ["N1", "Trùng", "department", "P1", ""],       # duplicate code in file
            ["C1", "Vòng 1", "other", "C2", ""],
            ["C2", "Vòng 2", "other", "C1", ""]]           # cycle
    with pytest.raises(RowErrors) as info:
        import_tree(actor=world.users["specialist"], upload=xlsx_file(rows))
    bad_rows = {n for n, _ in info.value.rows}
    assert {3, 4, 5, 6, 7, 8} <= bad_rows
    assert 2 not in bad_rows
    messages = " ".join(m for _, m in info.value.rows)
    assert "thiếu tên" in messages and "vòng lặp" in messages and "KHONGCO" in messages
    assert Organisation.objects.count() == before


def test_import_refuses_parents_outside_the_actors_scope(world):
    text = "Mã,Tên,Loại,Mã đơn vị cấp trên\nQ1,Lạ,commune,P2\n"
    with pytest.raises(RowErrors):
        import_tree(actor=world.users["specialist"], upload=csv_file(text))


def test_invalid_date_and_corrupt_files(world):
    with pytest.raises(RowErrors) as info:
        import_tree(actor=world.users["specialist"],
                    upload=csv_file("Mã,Tên,Loại,Mã đơn vị cấp trên,Hiệu lực từ\nZ1,Z,other,P1,31/02/2025\n"))
    assert "31/02/2025" in info.value.rows[0][1]
    with pytest.raises(DomainError, match="Excel"):
        import_tree(actor=world.users["specialist"], upload=SimpleUploadedFile("x.xlsx", b"PK\x03\x04garbage"))
    with pytest.raises(DomainError, match="rỗng"):
        import_tree(actor=world.users["specialist"], upload=SimpleUploadedFile("x.csv", b""))
    with pytest.raises(DomainError, match="Chỉ nhận"):
        import_tree(actor=world.users["specialist"], upload=SimpleUploadedFile("x.exe", b"MZ\x90\x00"))


def test_export_then_import_round_trips(world):
    rows = list(export_rows(Organisation.objects.filter(path__startswith=world.org("province").path)))
    assert any(r[0] == "P1-XA-TT" and r[4] == "P1-XA" for r in rows)
    upload = xlsx_file([HEADER_VI] + [[c.strftime("%d/%m/%Y") if hasattr(c, "strftime") else c for c in r]
                                      for r in rows if r[4]])
    result = import_tree(actor=world.users["admin"], upload=upload)
    assert result["created"] == 0 and result["updated"] == len([r for r in rows if r[4]])


def test_import_page_shows_row_errors(world, client_for, django_capture_on_commit_callbacks):
    client = client_for("specialist")
    with django_capture_on_commit_callbacks(execute=True):  # the import runs as a job
        response = client.post("/orgs/import/", {"file": csv_file("Mã,Tên,Loại,Mã đơn vị cấp trên\nA,,x,P1\n")})
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    assert "job-error" in body and "Dòng 2: thiếu tên" in body and "chưa có gì được lưu" in body
