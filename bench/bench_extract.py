"""Time and memory of extraction on a ~20-page dispatch. Prints figures; never asserts.

Run from the repository root: python bench/bench_extract.py
"""
from __future__ import annotations

import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from attt.directives.extract import extract_text  # noqa: E402

CHARS_PER_PAGE = 3000
PAGES = 20
RUNS = 50


def seed_texts() -> list[str]:
    for base in (os.environ.get("ATTT_SHARED_DIR"), ROOT / ".." / "shared", "/work/shared"):
        if base and (Path(base) / "seeds").is_dir():
            return [p.read_text(encoding="utf-8") for p in sorted((Path(base) / "seeds").glob("*.txt"))]
    item = ("- Rà soát, đánh giá tình hình bảo đảm an toàn thông tin mạng đối với các hệ thống "
            "thông tin thuộc phạm vi quản lý; gửi kết quả về Công an tỉnh trước ngày 20/8/2025.\n")
    return ["Số: 1/UBND-KGVX\nKính gửi:\n- Các sở, ban, ngành.\n\n1. Công an tỉnh\n" + item * 40]


def build_document() -> str:
    seeds = seed_texts()
    head = seeds[0]
    parts = [head]
    section = 1
    while sum(len(p) for p in parts) < PAGES * CHARS_PER_PAGE:
        for s in seeds:
            body = s.split("1.", 1)[-1]
            section += 1
            parts.append(f"\n{section}." + body.replace("Nơi nhận", "Ghi chú"))
    return "".join(parts)


def main() -> None:
    doc = build_document()
    pages = len(doc) / CHARS_PER_PAGE
    t0 = time.perf_counter()
    extract_text(doc)                                    # first call: cold caches
    cold = time.perf_counter() - t0
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        result = extract_text(doc)
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    extract_text(doc)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    times.sort()
    mean = sum(times) / len(times)
    print(f"document: {len(doc):,} chars (~{pages:.1f} pages), {len(result.tasks)} tasks, "
          f"{len(result.references)} references")
    print(f"runs: {RUNS}")
    print(f"time per document: mean {mean * 1000:.1f} ms, median {times[len(times) // 2] * 1000:.1f} ms, "
          f"max {times[-1] * 1000:.1f} ms")
    print(f"first (cold) run: {cold * 1000:.1f} ms")
    print(f"time per page: {mean / pages * 1000:.2f} ms")
    print(f"peak memory (tracemalloc): {peak / 1024 / 1024:.2f} MB")


def annex_document(rows: int = 300) -> str:
    """A plan whose tasks sit in a long annex table (space-aligned columns, wrapped cells)."""
    head = ("ỦY BAN NHÂN DÂN\nTỈNH PHÚ THỌ\nSố: 1/KH-UBND        Phú Thọ, ngày 05 tháng 9 năm 2025\n"
            "KẾ HOẠCH\nBảo đảm an toàn thông tin mạng\n\nI. NHIỆM VỤ\nChi tiết tại Phụ lục kèm theo.\n\n"
            "Nơi nhận:\n- Lưu: VT.\n\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\n")
    header = " STT   Nội dung nhiệm vụ                     Cơ quan chủ trì        Cơ quan phối hợp       Thời gian\n"
    body = []
    for i in range(1, rows + 1):
        body.append(f" {i:<5} Rà soát, cập nhật danh mục hệ         Sở Khoa học và         Công an tỉnh           Quý IV/2025\n")
        body.append("       thống thông tin và cấp độ             Công nghệ\n")
    return head + header + "".join(body)


def annex_bench() -> None:
    doc = annex_document()
    times = []
    for _ in range(10):
        t0 = time.perf_counter()
        result = extract_text(doc)
        times.append(time.perf_counter() - t0)
    times.sort()
    print(f"annex table: {len(doc):,} chars, {len(result.tasks)} tasks, "
          f"median {times[len(times) // 2] * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
    annex_bench()
