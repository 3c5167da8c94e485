"""`attt directive extract FILE [--json]`."""
from __future__ import annotations

import argparse
import json
import sys

from .pipeline import extract_text
from .readers import DEFAULT_MAX_BYTES, DocumentError, read_document


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="attt directive extract",
                                 description="Trích xuất nhiệm vụ, thời hạn từ văn bản chỉ đạo.")
    ap.add_argument("file")
    ap.add_argument("--json", action="store_true", help="in JSON theo hợp đồng attt.directive/1")
    ap.add_argument("--spans", action="store_true", help="kèm vị trí ký tự của nhiệm vụ và thời hạn")
    ap.add_argument("--max-mb", type=float, default=DEFAULT_MAX_BYTES / 1024 / 1024)
    args = ap.parse_args(argv)
    try:
        text = read_document(args.file, max_bytes=int(args.max_mb * 1024 * 1024))
    except DocumentError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    result = extract_text(text).to_dict(with_spans=args.spans)
    out = json.dumps(result, ensure_ascii=False, indent=2)
    sys.stdout.buffer.write(out.encode("utf-8") + b"\n")
    sys.stdout.flush()
    return 0
