import io
import json
import zipfile

import pytest
from samples import CONG_VAN

from attt.directives.extract import DocumentError, read_document
from attt.directives.extract.cli import main


def test_empty_file(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"")
    with pytest.raises(DocumentError, match="rỗng"):
        read_document(p)


def test_binary_renamed_pdf(tmp_path):
    p = tmp_path / "a.pdf"
    p.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(DocumentError, match="PDF"):
        read_document(p)


def test_encrypted_pdf(tmp_path):
    from pypdf import PdfWriter
    w = PdfWriter()
    w.add_blank_page(width=200, height=200)
    w.encrypt("secret")
    buf = io.BytesIO()
    w.write(buf)
    with pytest.raises(DocumentError, match="mã hóa"):
        read_document(buf.getvalue(), "x.pdf")


def test_docx_that_is_another_zip(tmp_path):
    p = tmp_path / "a.docx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("hello.txt", "not word")
    with pytest.raises(DocumentError, match="DOCX"):
        read_document(p)


def test_over_size(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("x" * 2000)
    with pytest.raises(DocumentError, match="giới hạn"):
        read_document(p, max_bytes=1000)


def test_docx_round_trip(tmp_path):
    import docx
    d = docx.Document()
    for line in CONG_VAN.splitlines():
        d.add_paragraph(line)
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "Nội dung"
    t.cell(0, 1).text = "Thời gian"
    p = tmp_path / "cv.docx"
    d.save(p)
    text = read_document(p)
    assert "Số: 215/UBND-KGVX" in text and "Nội dung | Thời gian" in text


def test_txt_utf16_and_cp1258(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("\ufeffSố: 1/UBND".encode("utf-16"))
    assert "Số: 1/UBND" in read_document(p)
    p.write_bytes(b"Kinh gui: \xd4ng A")
    assert read_document(p)


def test_cli_ok(tmp_path, capsysbinary):
    p = tmp_path / "cv.txt"
    p.write_text(CONG_VAN, encoding="utf-8")
    assert main([str(p), "--json"]) == 0
    out = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert out["schema"] == "attt.directive/1" and out["number"] == "215/UBND-KGVX"


@pytest.mark.parametrize("content", [None, b"", b"%PDF-1.4 broken"])
def test_cli_unreadable_exit_2(tmp_path, capsys, content):
    p = tmp_path / "x.pdf"
    if content is not None:
        p.write_bytes(content)
    assert main([str(p), "--json"]) == 2
    err = capsys.readouterr().err
    assert err.strip() and len(err.strip().splitlines()) == 1
