"""Reading .txt, .docx and .pdf files into text. Type is decided by content, not by name."""
from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# pypdf logs what it repairs in a damaged file; the reader reports an unreadable file itself, once.
logging.getLogger("pypdf").setLevel(logging.ERROR)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
OCR_HINT = "apt-get install poppler-utils tesseract-ocr tesseract-ocr-vie"


class DocumentError(Exception):
    """The file cannot be read; the message is for people (Vietnamese)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_document(path_or_bytes: str | Path | bytes, filename: str | None = None, *,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    if isinstance(path_or_bytes, (bytes, bytearray)):
        data = bytes(path_or_bytes)
        name = filename or ""
    else:
        path = Path(path_or_bytes)
        name = filename or path.name
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise DocumentError(f"Không tìm thấy tệp: {path}.") from None
        except OSError as exc:
            raise DocumentError(f"Không đọc được tệp: {exc.strerror or exc}.") from None
        if path.is_dir():
            raise DocumentError("Đường dẫn là thư mục, không phải tệp.")
        if size > max_bytes:
            raise DocumentError(f"Tệp vượt quá giới hạn {_mb(max_bytes)} MB.")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DocumentError(f"Không đọc được tệp: {exc.strerror or exc}.") from None
    if len(data) > max_bytes:
        raise DocumentError(f"Tệp vượt quá giới hạn {_mb(max_bytes)} MB.")
    if not data.strip():
        raise DocumentError("Tệp rỗng.")
    ext = Path(name).suffix.lower()
    if data.startswith(b"%PDF-"):
        return _pdf(data)
    if data.startswith(b"PK\x03\x04"):
        return _docx(data)
    if ext == ".pdf":
        raise DocumentError("Tệp không phải PDF hợp lệ.")
    if ext == ".docx":
        raise DocumentError("Tệp không phải DOCX hợp lệ.")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DocumentError("Định dạng .doc cũ không được hỗ trợ; hãy lưu lại dưới dạng .docx hoặc PDF.")
    return _txt(data)


def _mb(n: int) -> str:
    mb = n / 1024 / 1024
    return f"{mb:g}"


def _txt(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            if b"\x00" in data[:4096]:
                raise DocumentError("Tệp không phải văn bản (.txt, .docx, .pdf).") from None
            text = data.decode("cp1258", errors="replace")
    if "\x00" in text[:4096]:
        raise DocumentError("Tệp không phải văn bản (.txt, .docx, .pdf).")
    if not text.strip():
        raise DocumentError("Tệp rỗng.")
    return text


def _docx(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile:
        raise DocumentError("Tệp DOCX bị hỏng.") from None
    if "word/document.xml" not in names:
        raise DocumentError("Tệp không phải DOCX hợp lệ (tệp nén không chứa văn bản Word).")
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
        doc = docx.Document(io.BytesIO(data))
    except Exception:
        raise DocumentError("Tệp DOCX bị hỏng.") from None
    lines: list[str] = []

    def walk(parent) -> None:
        for child in parent.iter_inner_content():
            if isinstance(child, Paragraph):
                lines.append(child.text)
            elif isinstance(child, Table):
                for row in child.rows:
                    cells: list[str] = []
                    for cell in row.cells:
                        t = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
                        if not cells or cells[-1] != t:      # merged cells repeat
                            cells.append(t)
                    lines.append(" | ".join(cells))
    try:
        for section in doc.sections:
            if section.header is not None and not section.header.is_linked_to_previous:
                walk(section.header)
        walk(doc)
    except Exception:
        raise DocumentError("Tệp DOCX bị hỏng.") from None
    text = "\n".join(lines)
    if not text.strip():
        raise DocumentError("Tệp DOCX không có nội dung văn bản.")
    return text


def _pdf(data: bytes) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:                                     # pragma: no cover
        raise DocumentError("Thiếu thư viện pypdf để đọc PDF.") from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError("PDF được mã hóa, không đọc được.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except Exception:
        raise DocumentError("Tệp không phải PDF hợp lệ.") from None
    text = "\n".join(pages)
    if len(text.strip()) >= 20 * max(1, len(pages)) // 2 and text.strip():
        return text
    return _ocr(data, len(pages))


OCR_PAGE_TIMEOUT = 180                                   # seconds per page and program


def _ocr(data: bytes, pages: int) -> str:
    """A scanned PDF: each page rendered by pdftoppm (300 dpi, grey), read by tesseract (vie)."""
    pdftoppm, tesseract = shutil.which("pdftoppm"), shutil.which("tesseract")
    if not pdftoppm or not tesseract:
        missing = ", ".join(n for n, p in (("pdftoppm", pdftoppm), ("tesseract", tesseract)) if not p)
        raise DocumentError(f"PDF không có lớp văn bản, cần nhận dạng chữ (OCR) nhưng thiếu {missing}. "
                            f"Hãy cài đặt: {OCR_HINT}")
    numbers = range(1, max(1, pages) + 1)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(data)
        # Pages are recognised in parallel, one single-threaded tesseract per core (tesseract's own
        # OpenMP threads gain little and fight each other); the text keeps the pages' order.
        with ThreadPoolExecutor(max_workers=ocr_workers(len(numbers))) as pool:
            parts = list(pool.map(lambda page: _ocr_page(pdftoppm, tesseract, src, page), numbers))
    text = "\n".join(parts)
    if not text.strip():
        raise DocumentError("PDF không có chữ nhận dạng được.")
    return text


def ocr_workers(pages: int) -> int:
    """Pages recognised at once: ATTT_OCR_WORKERS, else one per core."""
    wanted = os.environ.get("ATTT_OCR_WORKERS", "")
    cores = int(wanted) if wanted.isdigit() and int(wanted) > 0 else (os.cpu_count() or 1)
    return max(1, min(cores, pages))


OCR_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}


def _ocr_page(pdftoppm: str, tesseract: str, src: Path, page: int) -> str:
    try:
        image = subprocess.run([pdftoppm, "-r", "300", "-gray", "-f", str(page), "-l", str(page), str(src)],
                               check=True, capture_output=True, timeout=OCR_PAGE_TIMEOUT).stdout
        run = subprocess.run([tesseract, "-", "-", "-l", "vie", "--psm", "6"], input=image, env=OCR_ENV,
                             check=True, capture_output=True, timeout=OCR_PAGE_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise DocumentError(f"Nhận dạng chữ (OCR) trang {page} quá thời gian cho phép.") from None
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode("utf-8", errors="replace").strip().splitlines()[-1:] or [""]
        raise DocumentError(f"Không nhận dạng được chữ (OCR) trang {page}: {detail[0]}. "
                            f"Kiểm tra: {OCR_HINT}") from None
    except OSError as exc:
        raise DocumentError(f"Không chạy được chương trình OCR: {exc}. Hãy cài đặt: {OCR_HINT}") from None
    return run.stdout.decode("utf-8", errors="replace")
