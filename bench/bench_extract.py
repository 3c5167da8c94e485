"""Quality and speed of directive extraction. Prints figures; never asserts.

Run from the repository root: python bench/bench_extract.py [--quality-only | --speed-only] [-v]

Quality: the extractor runs in-process over the seeds and the development set
(shared/directives-dev) in three variants -- the text as published, the same with diacritics
stripped, and an OCR-damaged copy generated deterministically here (diacritics mostly lost,
the seeds' kind of letter confusions, a few split words) -- and is scored with the shared scorer
(shared/tools/score_directives.py). Prints the mean of every measure per set and variant, and
the time per page of text (3,000 characters).
"""
from __future__ import annotations

import importlib.util
import json
import os
import random
import sys
import unicodedata
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


# -- quality -------------------------------------------------------------------------------------

MEASURES = ["number", "issued_on", "references", "dates", "recurring", "tasks", "attributed"]


def shared_dir() -> Path | None:
    for base in (os.environ.get("ATTT_SHARED_DIR"), ROOT / ".." / "shared", "/work/shared"):
        if base and (Path(base) / "tools" / "score_directives.py").is_file():
            return Path(base)
    return None


def scorer(base: Path):
    spec = importlib.util.spec_from_file_location("score_directives", base / "tools" / "score_directives.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def strip_marks(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


# letter confusions of the seeds' OCR output (what a recogniser prints for a letter)
_CONFUSE = {"ô": "é", "ơ": "o", "ư": "u", "ă": "i", "â": "d", "ê": "é", "ố": "6", "ộ": "6",
            "ớ": "é", "ờ": "o", "ủ": "u", "ử": "ir", "ứ": "ir", "ừ": "ir", "ạ": "a", "ấ": "4"}


def ocr_damage(text: str, seed: int) -> str:
    """Deterministic damage like the seeds': most marks lost, some letters confused, a word split."""
    rnd = random.Random(seed)
    out = []
    for c in text:
        low = c.lower()
        r = rnd.random()
        if low in _CONFUSE and r < 0.12:
            rep = _CONFUSE[low]
            out.append(rep.upper() if c.isupper() and len(rep) == 1 else rep)
        elif low == "đ" and r < 0.3:
            out.append("P" if c.isupper() else "d")
        elif not c.isascii() and c.isalpha() and r < 0.85:
            out.append(strip_marks(c))
        elif c == " " and r < 0.01:
            out.append("  ")
        else:
            out.append(c)
    return "".join(out)


VARIANTS = {"clean": lambda t, i: t, "no-diacritics": lambda t, i: strip_marks(t),
            "ocr-damaged": lambda t, i: ocr_damage(t, 1000 + i)}


def quality(verbose: bool = False) -> None:
    base = shared_dir()
    if base is None:
        print("quality: shared/ (seeds, directives-dev, tools) not found; set ATTT_SHARED_DIR")
        return
    sc = scorer(base)
    for setname, folder, gold in (("seeds", base / "seeds", base / "seeds" / "gold"),
                                  ("dev", base / "directives-dev", base / "directives-dev" / "gold")):
        golds = sorted(gold.glob("*.gold.json"))
        if not golds:
            continue
        for variant, damage in VARIANTS.items():
            totals = {n: 0.0 for n in MEASURES}
            overall = []
            chars = 0
            elapsed = 0.0
            rows = []
            for i, g in enumerate(golds):
                name = g.name[: -len(".gold.json")]
                text = damage((folder / f"{name}.txt").read_text(encoding="utf-8"), i)
                t0 = time.perf_counter()
                pred = extract_text(text).to_dict()
                elapsed += time.perf_counter() - t0
                chars += len(text)
                m = sc.measures(json.loads(g.read_text(encoding="utf-8")), pred)
                for n in MEASURES:
                    totals[n] += m[n]
                overall.append(sum(m.values()) / len(MEASURES))
                rows.append((name, m, overall[-1]))
            k = len(golds)
            means = " ".join(f"{n[:5]} {totals[n] / k:.3f}" for n in MEASURES)
            print(f"{setname:5} {variant:13} overall {sum(overall) / k:.3f} | {means} | "
                  f"{elapsed / (chars / CHARS_PER_PAGE) * 1000:.2f} ms/page")
            if verbose:
                for name, m, o in rows:
                    print(f"    {name[:30]:30} {o:.2f} " + " ".join(f"{m[n]:.2f}" for n in MEASURES))


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--speed-only" not in args:
        quality(verbose="-v" in args)
    if "--quality-only" not in args:
        main()
        annex_bench()
