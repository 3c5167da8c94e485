"""OCR of a scanned dispatch: seconds per page, pages recognised in parallel (one tesseract per core).

Renders an image-only A4 PDF of N pages of Vietnamese administrative text (PIL, a DejaVu font), then
reads it through `read_document` (pdftoppm 300 dpi + tesseract vie) and prints wall time, time per page
and how many pages ran at once. Needs poppler-utils, tesseract-ocr, tesseract-ocr-vie, fonts-dejavu-core.

    .venv/bin/python bench/bench_ocr.py [--pages 3] [--workers N]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

LINES = [
    "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG", "Số: {n}/KH-UBND", "Tuyên Quang, ngày 15 tháng 9 năm 2026", "KẾ HOẠCH",
    "Bảo đảm an toàn thông tin mạng năm 2026", "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Nâng cao nhận thức, trách nhiệm của các cơ quan, đơn vị về bảo đảm an toàn thông tin mạng.",
    "2. Sở Khoa học và Công nghệ chủ trì, phối hợp với Công an tỉnh kiểm tra, đánh giá an toàn",
    "thông tin các hệ thống dùng chung, hoàn thành trước ngày 30/11/2026.",
    "3. Ủy ban nhân dân các xã, phường rà soát hệ thống thông tin, lập hồ sơ đề xuất cấp độ,",
    "gửi Công an tỉnh trước ngày 15/12/2026; định kỳ 6 tháng báo cáo kết quả thực hiện.",
    "4. Các doanh nghiệp viễn thông phối hợp giám sát, cảnh báo sớm nguy cơ tấn công mạng.",
]


def scanned_pdf(path: Path, pages: int) -> Path:
    from PIL import Image, ImageDraw, ImageFont

    font_path = next(iter(sorted(Path("/usr/share/fonts").rglob("DejaVuSans.ttf"))), None)
    if font_path is None:
        sys.exit("no DejaVuSans.ttf: apt-get install fonts-dejavu-core")
    font = ImageFont.truetype(str(font_path), 30)
    images = []
    for n in range(pages):
        img = Image.new("L", (1654, 2339), 255)              # A4 at 200 dpi
        draw = ImageDraw.Draw(img)
        y = 150
        for _ in range(3):                                    # a full page: the block three times
            for line in LINES:
                draw.text((140, y), line.format(n=100 + n), font=font, fill=0)
                y += 56
        images.append(img)
    images[0].save(path, "PDF", resolution=200, save_all=True, append_images=images[1:])
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0, help="ATTT_OCR_WORKERS (0: one per core)")
    args = parser.parse_args()
    if args.workers:
        os.environ["ATTT_OCR_WORKERS"] = str(args.workers)
    from attt.directives.extract.readers import ocr_workers, read_document

    with tempfile.TemporaryDirectory() as tmp:
        pdf = scanned_pdf(Path(tmp) / "scan.pdf", args.pages)
        started = time.perf_counter()
        text = read_document(pdf)
        wall = time.perf_counter() - started
    load = os.getloadavg()[0]
    print(f"pages: {args.pages}, at once: {ocr_workers(args.pages)}, cores: {os.cpu_count()}, load before: {load:.1f}")
    print(f"wall: {wall:.1f} s, per page: {wall / args.pages:.1f} s, text: {len(text):,} characters")


if __name__ == "__main__":
    main()
