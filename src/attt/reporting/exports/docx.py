"""DOCX export through the one document engine (attt.core.documents, template `report`): the
NĐ 30/2020/NĐ-CP layout lives in the template; this module only builds the context: header texts,
the four parts of the report, the figure tables, the annex tables, recipients and signer."""
from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

from attt.core.documents import render_docx
from attt.core.documents.alignment import is_number, numeric_columns
from attt.core.documents.engine import placeholder

from . import fmt_value, header_lines, parts


def _lines(text: str, empty: str) -> list[dict]:
    lines = [x.strip() for x in (text or "").splitlines() if x.strip()] or [empty]
    return [{"kind": "p", "text": line} for line in lines]


def _cell(value) -> str:
    if isinstance(value, (int, float)):
        return fmt_value(value)
    return "" if value is None else str(value)


def _kinds(row) -> list[str]:
    """The row as `numeric_columns` needs it, cheaply: a stored number is a number whatever its
    formatting ("0"), a yes/no or nothing is an empty cell, only texts are read."""
    return ["" if v is None or isinstance(v, bool) else "0" if isinstance(v, (int, float)) else str(v) for v in row]


def _all_zero(figures) -> bool:
    return all(v in (0, None, "", 0.0) for _k, _label, v in figures)


# Annex rows the template engine renders itself before the placeholder row (the rest are streamed):
# the engine shares the table's width among its columns by what these rows hold.
LEAD_ROWS = 50


def context(report, *, stream_annexes: bool = False, lead_rows: int = LEAD_ROWS) -> dict:
    """The template's context. With `stream_annexes`, each annex table gets its first `lead_rows`
    rows and one placeholder row (its cells hold markers); `write` streams the other rows into the
    document afterwards, in place of the placeholder."""
    head = header_lines(report)
    blocks: list[dict] = []
    if report.version > 1:
        blocks.append({"kind": "i", "text": f"(Bản điều chỉnh lần {report.version - 1}: {report.correction_reason})"})
    blocks.append({"kind": "h", "text": "I. ĐÁNH GIÁ CHUNG"})
    blocks += _lines(report.summary, "(Chưa có nội dung.)")
    blocks.append({"kind": "h", "text": "II. SỐ LIỆU TỔNG HỢP"})
    all_parts = parts(report)
    annexes = [p for p in all_parts if p.columns and p.data.get("rows")]
    for i, part in enumerate(all_parts, start=1):
        # "(chi tiết tại Phụ lục n)" in the heading rather than a line of its own: a shorter report.
        annex = f" (chi tiết tại Phụ lục {annexes.index(part) + 1})" if part in annexes else ""
        blocks.append({"kind": "h", "text": f"{i}. {part.title}{annex}"})
        if not part.data.get("available"):
            blocks.append({"kind": "i", "text": part.data.get("note", "") or "—"})
            continue
        if part.data.get("figures") and _all_zero(part.data["figures"]) and part not in annexes:
            # A table of zeros says nothing a sentence does not: the report stays short.
            blocks.append({"kind": "i", "text": "Trong kỳ không phát sinh số liệu (các chỉ tiêu đều bằng 0)."})
        elif part.data.get("figures"):
            figures = part.data["figures"]
            shown = [f for f in figures if f[2] not in (0, 0.0)] if len(figures) > 6 else figures
            # a figure that is a text (where the numbers come from) is a note under the table, so
            # that the table's column of numbers stays one column of numbers (right-aligned)
            texts = [(label, v) for _k, label, v in shown if isinstance(v, str)]
            rows = [(label, fmt_value(v)) for _k, label, v in shown if not isinstance(v, str)]
            if rows:
                blocks.append({"kind": "fig", "header": ("Chỉ tiêu", "Số liệu"), "rows": rows})
            if len(shown) < len(figures):  # long tables list what happened; the zeros are named once
                blocks.append({"kind": "i", "text": "Các chỉ tiêu còn lại của mục này bằng 0."})
            blocks += [{"kind": "i", "text": f"{label}: {value}."} for label, value in texts]
        if part.data.get("note"):
            blocks.append({"kind": "i", "text": part.data["note"]})
        if part.chart is not None and not part.data.get("figures"):
            from ..charts import fmt

            blocks.append({"kind": "fig", "header": (part.chart.title, ""),
                           "rows": [(str(label), fmt(value, part.chart.unit)) for label, value in part.chart.items]})
    blocks.append({"kind": "h", "text": "III. KHÓ KHĂN, VƯỚNG MẮC"})
    blocks += _lines(report.difficulties, "(Không có.)")
    blocks.append({"kind": "h", "text": "IV. ĐỀ XUẤT, KIẾN NGHỊ"})
    blocks += _lines(report.proposals, "(Không có.)")
    number = head["number"].removeprefix("Số:").strip()
    annex_ctx = [{"title": f"Phụ lục {n}", "subject": part.title.upper(),
                  "note": f"(Kèm theo Báo cáo số {number} của {report.organisation.name})",
                  "header": list(part.columns),
                  "rows": ([*([_cell(v) for v in row] for row in (part.rows(report, limit=lead_rows) if lead_rows else [])),
                            [marker(n, i) for i in range(len(part.columns))]] if stream_annexes
                           else [[_cell(v) for v in row] for row in part.rows(report)])}
                 for n, part in enumerate(annexes, start=1)]
    title_lines = (report.signer_title or "THỦ TRƯỞNG ĐƠN VỊ").upper().splitlines()
    return {
        "superior": head["superior"], "issuer": head["body"], "number": head["number"], "vv": head["vv"],
        "place_date": head["place_date"], "status": head["status"], "doc_type": "BÁO CÁO",
        "subject": head["subject"], "recipients_to": head["recipients"], "blocks": blocks,
        "closing": f"Trên đây là báo cáo tình hình bảo đảm an toàn thông tin mạng {report.period.label()} của "
                   f"{report.organisation.name}./.",
        "recipients": [*(f"{r};" for r in head["recipients"]), "Lưu: VT."],
        "sign": {"lines": [x.strip() for x in title_lines if x.strip()], "name": report.signer_name,
                 "note": "" if report.signer_name else "(Ký, ghi rõ họ tên, đóng dấu)"},
        "annexes": annex_ctx, "form_code": "", "form_basis": "",
    }


def marker(annex: int, cell: int) -> str:
    return placeholder(annex, cell)


def render(report) -> bytes:
    """The DOCX as bytes."""
    out = io.BytesIO()
    write(report, out)
    return out.getvalue()


def write(report, out) -> None:
    """The DOCX into `out`. The annex tables (a row per unit or per system: thousands) are not put
    through the template engine, which would hold the whole document as text and as an XML tree
    (over 700 MB at 1,200 units): the template is rendered with each annex's first LEAD_ROWS rows
    (from which the engine shares out the column widths) and a placeholder row, then
    word/document.xml is rewritten as a stream, the placeholder row repeated for the other rows
    read from the database in chunks. Memory stays that of the small document. The annexes' number
    columns are found first (one more pass over their rows, nothing kept), so that the placeholder
    cells of those columns are right-aligned like any number column of the engine."""
    annexes = [p for p in parts(report) if p.columns and p.data.get("rows")]
    numbers = {marker(n, i) for n, part in enumerate(annexes, start=1)
               for i, right in enumerate(numeric_columns(map(_kinds, part.rows(report)))) if right}
    small = render_docx("report", context(report, stream_annexes=True), regime=getattr(report, "regime_code", None),
                        province=report.organisation, numeric=lambda text: text in numbers or is_number(text))
    stream_rows(small, out, [part.rows(report, after=LEAD_ROWS) for part in annexes])


_ROW_START = re.compile(r"<w:tr[ >]")
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _split(document: str, count: int) -> tuple[list[str], list[list[str]]]:
    """document.xml cut around each annex's placeholder row: the texts between the rows and, per
    annex, the row's XML split at its cell markers (even items: XML, odd items: cell numbers)."""
    between, rows, pos = [], [], 0
    for n in range(1, count + 1):
        at = document.find(marker(n, 0), pos)
        if at < 0:  # a province's template without the annex table: nothing to stream
            between.append(document[pos:])
            return between, rows
        start = max(m.start() for m in _ROW_START.finditer(document, pos, at))
        end = document.index("</w:tr>", at) + len("</w:tr>")
        between.append(document[pos:start])
        rows.append(re.split(rf"ATTTANNEX{n}CELL(\d+)X", document[start:end]))
        pos = end
    between.append(document[pos:])
    return between, rows


def stream_rows(docx: bytes, out, tables: list) -> None:
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info, src.read(info.filename))
                continue
            between, rows = _split(src.read(info.filename).decode("utf-8"), len(tables))
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(entry, "w") as xml:
                for i, text in enumerate(between):
                    xml.write(text.encode("utf-8"))
                    if i < len(rows):
                        _write_rows(xml, rows[i], tables[i])


def _write_rows(xml, template: list[str], values) -> None:
    buffer = []
    for row in values:
        for j, piece in enumerate(template):
            if j % 2 == 0:
                buffer.append(piece)
            else:
                k = int(piece)
                text = _cell(row[k]) if k < len(row) else ""
                buffer.append(escape(_INVALID_XML.sub("", text)))
        if len(buffer) > 5000:
            xml.write("".join(buffer).encode("utf-8"))
            buffer = []
    xml.write("".join(buffer).encode("utf-8"))
