"""Long annex tables drawn straight onto PDF pages, then joined to a document's body that
LibreOffice laid out.

LibreOffice lays a report out at about 40 pages a second, so the province report's annexes
(27,000 rows, 2,000 pages at 1,200 units) took 51 s. The annexes are plain tables in a fixed
layout, the one the DOCX template gives them (NĐ 30/2020/NĐ-CP: Times New Roman, whose metric twin
Liberation Serif is what LibreOffice uses; title, subject and note centred above the table; a
header row repeated on every page; rows never split across pages; numbers right-aligned; page
numbers at the top centre), so they are set here line by line: a TrueType font embedded as a
subset (fontTools), text wrapped in each column's width, one content stream per page. The body
and the annexes are joined with pypdf; the annex pages carry on the body's page numbers.

Usage: `AnnexPages(landscape=...)`, then `annex(title, subject, note, header, rows, widths_cm,
align)` for each annex, then `join(body_pdf, out)` writes the whole PDF into the file `out`.
"""
from __future__ import annotations

import functools
import io
import logging
import tempfile
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from .engine import DocumentError

PT_PER_CM = 72 / 2.54
# Times New Roman's metric twin, with every Vietnamese letter (Liberation 2; Liberation 1.x lacks
# most of them), else DejaVu Serif. Debian: fonts-liberation2, fonts-dejavu-core.
FONT_DIRS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation",
             "/usr/share/fonts/truetype/dejavu")
FONT_FILES = {
    "regular": ("LiberationSerif-Regular.ttf", "DejaVuSerif.ttf"),
    "bold": ("LiberationSerif-Bold.ttf", "DejaVuSerif-Bold.ttf"),
    "italic": ("LiberationSerif-Italic.ttf", "DejaVuSerif-Italic.ttf"),
}
VIETNAMESE_PROBE = "ẠạẦầẪẫẶặỀềỆệỈỉỒồỞởỦủỪừỮữỰựỸỹĐđ"


# control characters (which the DOCX drops too) are left out; a tab is a space
_CONTROLS = {c: None for c in range(32) if c not in (9, 10, 13)} | {9: " ", 13: None, 0x7F: None}


@dataclass(frozen=True)
class Page:
    """A page's size and margins, in points."""
    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float
    header: float  # from the top edge to the page number's line

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right


def _twips(value: int) -> float:
    return value / 20


# The template's section (layout.py: A4, margins 2/2/3/2 cm, header 1 cm) and the landscape annex
# section the engine makes of it (layout.LANDSCAPE).
def page(landscape: bool) -> Page:
    from .layout import LANDSCAPE

    if landscape:
        return Page(_twips(LANDSCAPE["w"]), _twips(LANDSCAPE["h"]), _twips(LANDSCAPE["top"]),
                    _twips(LANDSCAPE["bottom"]), _twips(LANDSCAPE["left"]), _twips(LANDSCAPE["right"]), 1.0 * PT_PER_CM)
    return Page(21.0 * PT_PER_CM, 29.7 * PT_PER_CM, 2.0 * PT_PER_CM, 2.0 * PT_PER_CM, 3.0 * PT_PER_CM, 2.0 * PT_PER_CM,
                1.0 * PT_PER_CM)


class Face:
    """A TrueType face: glyph ids and advance widths (in thousandths of the size) per character.
    Read once per process; the subset embedded in a document is made from the characters it used."""

    def __init__(self, path: Path):
        from fontTools.ttLib import TTFont

        self.path = path
        font = TTFont(str(path), lazy=True)
        upm = font["head"].unitsPerEm
        scale = 1000 / upm
        metrics = font["hmtx"].metrics
        ids = font.getReverseGlyphMap()
        self.glyphs: dict[str, tuple[str, float]] = {}  # character -> (4 hex digits of the glyph id, width)
        for code, name in font.getBestCmap().items():
            if code < 0x110000:
                self.glyphs[chr(code)] = (f"{ids[name]:04X}", metrics[name][0] * scale)
        self.missing = (f"{0:04X}", metrics[font.getGlyphOrder()[0]][0] * scale)
        hhea, head, os2 = font["hhea"], font["head"], font["OS/2"]
        # LibreOffice spaces single lines by the Windows metrics (what Word does too)
        self.ascent = os2.usWinAscent * scale
        self.descent = os2.usWinDescent * scale
        self.line = self.ascent + self.descent
        self.bbox = [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)]
        self.cap_height = round(getattr(os2, "sCapHeight", 0) * scale or hhea.ascent * scale * 0.7)
        self.italic_angle = float(font["post"].italicAngle)
        self.name = font["name"].getDebugName(6) or path.stem
        font.close()

    def covers(self, text: str) -> bool:
        return all(c in self.glyphs for c in text)


@functools.cache
def faces() -> dict[str, Face]:
    """The three faces the annexes use (regular, bold, italic), each the first that has every
    Vietnamese letter. A server without them gets a message saying which package to install."""
    out = {}
    for style, names in FONT_FILES.items():
        for name in names:
            for folder in FONT_DIRS:
                path = Path(folder) / name
                if path.exists():
                    face = Face(path)
                    if face.covers(VIETNAMESE_PROBE):
                        out[style] = face
                        break
            if style in out:
                break
        if style not in out:
            raise DocumentError(_("Máy chủ thiếu phông chữ tiếng Việt để tạo PDF; hãy cài gói fonts-liberation2 "
                                  "(hoặc fonts-dejavu-core)."))
    return out


class _Used:
    """The characters a document drew with one face, and its resource name (/F1...)."""

    def __init__(self, face: Face, key: str):
        self.face, self.key, self.chars = face, key, set()


class AnnexPages:
    """The annex pages of one document, drawn in order (see the module's note)."""

    BODY_SIZE, HEAD_SIZE = 10.0, 11.0  # the template's annex cells (w:sz 20 and 22)
    PAD = _twips(57)  # the template's cell margins, left and right
    BORDER = 0.5  # w:sz 4 (eighths of a point)
    ROW_PAD = 0.5  # above and below a row's text: the rules' width, as LibreOffice spaces the DOCX's rows
    CACHED_TEXTS = 2000  # wrapped texts kept per column: memory stays bounded (names are all different)

    def __init__(self, *, landscape: bool, on_row=None):
        self.page = page(landscape)
        self.fonts = {style: _Used(face, f"F{i}") for i, (style, face) in enumerate(faces().items(), start=1)}
        self._spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by join) the pages' deflated contents
        self.spooled: list[int] = []  # their lengths, a page each
        self._ops: list[str] = []
        self._lines: list[str] = []  # the page's table rules
        self._font: tuple | None = None
        self._y = 0.0
        self._open = False
        self._wrapped: dict[tuple, dict[str, list[tuple[str, float]]]] = {}  # per (style, size, width): text -> lines
        self.on_row = on_row  # called every 500 rows with the count drawn so far (a job's progress)
        self.rows_drawn = 0

    # -- text -------------------------------------------------------------------------------
    def _width(self, text: str, face: Face) -> float:
        glyphs, missing = face.glyphs, face.missing
        return sum((glyphs.get(c) or missing)[1] for c in text)

    def _hex(self, text: str, used: _Used) -> str:
        glyphs, missing = used.face.glyphs, used.face.missing
        used.chars.update(text)
        return "".join((glyphs.get(c) or missing)[0] for c in text)

    def wrap(self, text: str, style: str, size: float, width: float) -> list[tuple[str, float]]:
        """The lines of `text` in `width` points: (hex glyph ids, width in points) per line."""
        cache = self._cache(style, size, width)
        hit = cache.get(text)
        if hit is not None:
            return hit
        used = self.fonts[style]
        face = used.face
        room = width * 1000 / size
        lines: list[tuple[str, float]] = []
        space = face.glyphs.get(" ", face.missing)[1]
        for paragraph in unicodedata.normalize("NFC", text.translate(_CONTROLS)).split("\n"):
            words = paragraph.split()
            line, line_w = "", 0.0
            for word in words:
                word_w = self._width(word, face)
                if line and line_w + space + word_w <= room:
                    line, line_w = f"{line} {word}", line_w + space + word_w
                    continue
                if line:
                    lines.append((line, line_w))
                while word_w > room and len(word) > 1:  # a word wider than the column: cut it
                    cut, cut_w = "", 0.0
                    for c in word:
                        c_w = (face.glyphs.get(c) or face.missing)[1]
                        if cut and cut_w + c_w > room:
                            break
                        cut, cut_w = cut + c, cut_w + c_w
                    lines.append((cut, cut_w))
                    word = word[len(cut):]
                    word_w = self._width(word, face)
                line, line_w = word, word_w
            lines.append((line, line_w))
        out = [(self._hex(t, used), w * size / 1000) for t, w in lines]
        if len(cache) < self.CACHED_TEXTS:  # the texts met first: statuses, kinds, dates repeat most
            cache[text] = out
        return out

    def _cache(self, style: str, size: float, width: float) -> dict:
        key = (style, size, width)
        cache = self._wrapped.get(key)
        if cache is None:
            cache = self._wrapped[key] = {}
        return cache

    def _text(self, lines, style: str, size: float, x: float, width: float, top: float, align: str) -> None:
        used = self.fonts[style]
        if self._font != (style, size):
            self._ops.append(f"/{used.key} {size:g} Tf")
            self._font = (style, size)
        step = used.face.line * size / 1000
        y = top - used.face.ascent * size / 1000
        ops = self._ops
        for glyphs, w in lines:
            if glyphs:
                dx = x if align == "left" else x + (width - w) if align == "right" else x + (width - w) / 2
                ops.append(f"1 0 0 1 {dx:.2f} {y:.2f} Tm <{glyphs}>Tj")
            y -= step

    # -- pages ------------------------------------------------------------------------------
    def _new_page(self) -> None:
        self._close_page()
        self._ops, self._lines, self._font = ["BT"], [], None
        self._y = self.page.height - self.page.top
        self._open = True

    def _close_page(self) -> None:
        if not self._open:
            return
        self._ops.append("ET")
        if self._lines:
            self._ops.append(f"{self.BORDER:g} w 0 G")
            self._ops.extend(self._lines)
            self._ops.append("S")
        data = zlib.compress("\n".join(self._ops).encode("ascii"), 6)
        self._spool.write(data)
        self.spooled.append(len(data))
        self._open = False

    def _line_height(self, style: str, size: float) -> float:
        return self.fonts[style].face.line * size / 1000

    def annex(self, *, title: str, subject: str, note: str, header: list[str], rows, widths_cm: list[float],
              align: list[str]) -> None:
        """One annex: its title lines, then its table (rows: iterable of lists of cell texts)."""
        p = self.page
        first = not self._open
        widths = [w * PT_PER_CM for w in widths_cm]
        total = sum(widths)
        x0 = p.left + max(0.0, (p.text_width - total) / 2)  # the table is centred (w:jc center)
        xs = [x0]
        for w in widths:
            xs.append(xs[-1] + w)
        heading = [(title, "bold", 14.0, 0.0), (subject, "bold", 13.0, 0.0), (note, "italic", 13.0, 6.0)]
        head_cells = [self.wrap(str(h), "bold", self.HEAD_SIZE, w - 2 * self.PAD) for h, w in zip(header, widths)]
        head_h = max(len(c) for c in head_cells) * self._line_height("bold", self.HEAD_SIZE) + 2 * self.ROW_PAD
        heading_h = sum(len(self.wrap(t, s, z, p.text_width)) * self._line_height(s, z) + after
                        for t, s, z, after in heading if t)
        if first:
            self._new_page()
        else:
            self._y -= 12.0  # w:spacing before 240
            if self._y - heading_h - head_h - 2 * self._line_height("regular", self.BODY_SIZE) < p.bottom:
                self._new_page()  # the title keeps with the table (keepNext)
        for text, style, size, after in heading:
            if text:
                lines = self.wrap(text, style, size, p.text_width)
                self._text(lines, style, size, p.left, p.text_width, self._y, "center")
                self._y -= len(lines) * self._line_height(style, size) + after
        line_h = self._line_height("regular", self.BODY_SIZE)
        top = self._header_row(head_cells, head_h, xs, widths)
        bottom_limit = p.bottom
        size, pad, ncols = self.BODY_SIZE, self.PAD, len(widths)
        inner = [w - 2 * pad for w in widths]
        caches = [self._cache("regular", size, w) for w in inner]
        aligns = [align[i] if i < len(align) else "left" for i in range(ncols)]
        rise = self.fonts["regular"].face.ascent * size / 1000
        body_font = f"/{self.fonts['regular'].key} {size:g} Tf"
        for row in rows:
            cells = []
            for i in range(ncols):
                text = row[i] if i < len(row) else ""
                lines = caches[i].get(text)
                if lines is None:
                    lines = self.wrap(text, "regular", size, inner[i])
                cells.append(lines)
            height = max(len(c) for c in cells) * line_h + 2 * self.ROW_PAD
            while self._y - height < bottom_limit:
                fresh = self._y >= top - head_h - 0.01  # only the header row on this page
                if not fresh:  # the row goes whole to the next page (w:cantSplit)
                    self._rules(xs, top)
                    self._new_page()
                    top = self._header_row(head_cells, head_h, xs, widths)
                    continue
                # a row taller than a page: its lines that fit here, the rest on the next page
                fit = max(1, int((self._y - bottom_limit - 2 * self.ROW_PAD) // line_h))
                self._row([c[:fit] for c in cells], fit * line_h + 2 * self.ROW_PAD, xs, inner, aligns, rise, line_h,
                          body_font)
                cells = [c[fit:] for c in cells]
                height = max(len(c) for c in cells) * line_h + 2 * self.ROW_PAD
                self._rules(xs, top)
                self._new_page()
                top = self._header_row(head_cells, head_h, xs, widths)
            self._row(cells, height, xs, inner, aligns, rise, line_h, body_font)
            self.rows_drawn += 1
            if self.on_row is not None and self.rows_drawn % 500 == 0:
                self.on_row(self.rows_drawn)
        self._rules(xs, top)
        self._wrapped.clear()  # the next annex has other columns

    def _row(self, cells, height: float, xs, inner, aligns, rise: float, line_h: float, font: str) -> None:
        """A body row's cells (their lines) at the cursor, and the rule under it."""
        if self._font != ("regular", self.BODY_SIZE):
            self._ops.append(font)
            self._font = ("regular", self.BODY_SIZE)
        ops, pad, top = self._ops, self.PAD, self._y - self.ROW_PAD - rise
        for i, lines in enumerate(cells):
            y, x, how, room = top, xs[i] + pad, aligns[i], inner[i]
            for glyphs, w in lines:
                if glyphs:
                    dx = x if how == "left" else x + (room - w) if how == "right" else x + (room - w) / 2
                    ops.append(f"1 0 0 1 {dx:.2f} {y:.2f} Tm <{glyphs}>Tj")
                y -= line_h
        self._y -= height
        self._lines.append(f"{xs[0]:.2f} {self._y:.2f} m {xs[-1]:.2f} {self._y:.2f} l")

    def _header_row(self, cells, height: float, xs: list[float], widths: list[float]) -> float:
        top = self._y
        self._lines.append(f"{xs[0]:.2f} {top:.2f} m {xs[-1]:.2f} {top:.2f} l")
        for i, lines in enumerate(cells):
            self._text(lines, "bold", self.HEAD_SIZE, xs[i] + self.PAD, widths[i] - 2 * self.PAD, top - self.ROW_PAD,
                       "center")
        self._y -= height
        self._lines.append(f"{xs[0]:.2f} {self._y:.2f} m {xs[-1]:.2f} {self._y:.2f} l")
        return top

    def _rules(self, xs: list[float], top: float) -> None:
        """The table's vertical rules on this page, from its top to its last row."""
        self._lines.extend(f"{x:.2f} {top:.2f} m {x:.2f} {self._y:.2f} l" for x in xs)

    # -- the file ---------------------------------------------------------------------------
    def join(self, body: bytes, out) -> None:
        """Write into the file `out` the body (a PDF) followed by the annex pages, which carry on
        its page numbers. The body is copied as it is and the annex pages are appended to it as
        an incremental update (ISO 32000-1, 7.5.6): their objects, a page tree over the body's and
        theirs, the catalogue pointing at it, a cross-reference section. Memory stays that of one
        page whatever the number of pages: the page contents come from the spool file."""
        from pypdf import PdfReader, PdfWriter

        self._close_page()
        reader = PdfReader(io.BytesIO(body))
        if not _classic_xref(body):  # a body with a cross-reference stream: rewritten with a table first
            writer = PdfWriter(clone_from=reader)
            buffer = io.BytesIO()
            writer.write(buffer)
            body = buffer.getvalue()
            reader = PdfReader(io.BytesIO(body))
        pdf = _Out(out)
        pdf.write(body if body.endswith(b"\n") else body + b"\n")
        trailer = reader.trailer
        root_ref, catalog = trailer.raw_get("/Root"), trailer["/Root"]
        old_ref = catalog.raw_get("/Pages")
        old = old_ref.get_object()
        first = int(old["/Count"]) + 1
        pdf.next = int(trailer["/Size"])
        number_font = self.fonts["regular"]
        size = 13.0  # the page number in the header (w:sz 26)
        y = self.page.height - self.page.header - number_font.face.ascent * size / 1000
        labels = [str(first + n) for n in range(len(self.spooled))]
        for label in labels:
            number_font.chars.update(label)
        fonts = {u.key: u for u in self.fonts.values() if u.chars}
        font_refs = {key: pdf.reserve() for key in fonts}
        resources = pdf.put(("<< /Font << " + " ".join(f"/{k} {r} 0 R" for k, r in font_refs.items())
                             + " >> >>").encode("ascii"))
        new_root = pdf.reserve()
        chunk = 128  # pages per node of the page tree
        nodes = [pdf.reserve() for _ in range(0, len(self.spooled), chunk)]
        box = f"[0 0 {self.page.width:.2f} {self.page.height:.2f}]"
        page_refs = []
        self._spool.seek(0)
        for n, (label, length) in enumerate(zip(labels, self.spooled)):
            content = pdf.put_stream(self._spool.read(length), deflated=True)
            w = self._width(label, number_font.face) * size / 1000
            x = self.page.left + (self.page.text_width - w) / 2
            number = pdf.put_stream(f"BT /{number_font.key} {size:g} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm "
                                    f"<{self._hex(label, number_font)}>Tj ET".encode("ascii"))
            page_refs.append(pdf.put(f"<< /Type /Page /Parent {nodes[n // chunk]} 0 R /MediaBox {box} /Resources "
                                     f"{resources} 0 R /Contents [{number} 0 R {content} 0 R] >>".encode("ascii")))
        for i, node in enumerate(nodes):
            kids = page_refs[i * chunk:(i + 1) * chunk]
            pdf.put(f"<< /Type /Pages /Parent {new_root} 0 R /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
                    f"/Count {len(kids)} >>".encode("ascii"), number=node)
        pdf.put(f"<< /Type /Pages /Kids [{old_ref.idnum} {old_ref.generation} R "
                f"{' '.join(f'{k} 0 R' for k in nodes)}] /Count {first - 1 + len(page_refs)} >>".encode("ascii"),
                number=new_root)
        for key, used in fonts.items():
            self._put_font(pdf, used, font_refs[key])
        # the body's page tree and catalogue, again, now under the new root
        pdf.put_object(old, old_ref, Parent=new_root)
        pdf.put_object(catalog, root_ref, Pages=new_root)
        pdf.finish(trailer, prev=_startxref(body))
        self._spool.close()

    def _put_font(self, pdf, used: _Used, number: int) -> None:
        """The Type0 font of a face: its subset (glyph ids kept), widths and ToUnicode map."""
        face = used.face
        by_gid: dict[int, tuple[str, float]] = {}
        for c in sorted(used.chars):
            if c in face.glyphs:
                hex_id, width = face.glyphs[c]
                by_gid.setdefault(int(hex_id, 16), (c, width))
        tag = "ATTTA" + chr(64 + int(used.key[1:]))  # a subset's name: six capitals, a plus, the font
        base = f"/{tag}+{''.join(ch for ch in face.name if ch.isalnum() or ch == '-')}"
        file = pdf.put_stream(_font_file(face, used.chars), deflated=True)
        flags = 34 if face.italic_angle == 0 else 98  # serif, non-symbolic (and italic)
        descriptor = pdf.put((
            f"<< /Type /FontDescriptor /FontName {base} /Flags {flags} /FontBBox [{' '.join(map(str, face.bbox))}] "
            f"/ItalicAngle {face.italic_angle:g} /Ascent {round(face.ascent)} /Descent {-round(face.descent)} "
            f"/CapHeight {face.cap_height} /StemV 80 /FontFile2 {file} 0 R >>").encode("ascii"))
        widths = " ".join(f"{gid} [{width:.1f}]" for gid, (_c, width) in sorted(by_gid.items()))
        cid = pdf.put((
            f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont {base} /CIDSystemInfo << /Registry (Adobe) "
            f"/Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R /W [{widths}] /DW 1000 "
            f"/CIDToGIDMap /Identity >>").encode("ascii"))
        to_unicode = pdf.put_stream(zlib.compress(_to_unicode(by_gid), 6), deflated=True)
        pdf.put((f"<< /Type /Font /Subtype /Type0 /BaseFont {base} /Encoding /Identity-H "
                 f"/DescendantFonts [{cid} 0 R] /ToUnicode {to_unicode} 0 R >>").encode("ascii"), number=number)


class _Out:
    """The objects of an incremental update, written one after another into a file, with their
    offsets for the cross-reference section."""

    def __init__(self, out):
        self.out, self.pos, self.next = out, 0, 0
        self.offsets: dict[int, tuple[int, int]] = {}  # object number -> (offset, generation)

    def write(self, data: bytes) -> None:
        self.out.write(data)
        self.pos += len(data)

    def reserve(self) -> int:
        self.next += 1
        return self.next - 1

    def put(self, data: bytes, *, number: int | None = None, generation: int = 0) -> int:
        number = self.reserve() if number is None else number
        self.offsets[number] = (self.pos, generation)
        self.write(f"{number} {generation} obj\n".encode("ascii") + data + b"\nendobj\n")
        return number

    def put_stream(self, data: bytes, *, deflated: bool = False) -> int:
        number = self.reserve()
        self.offsets[number] = (self.pos, 0)
        flate = " /Filter /FlateDecode" if deflated else ""
        self.write(f"{number} 0 obj\n<< /Length {len(data)}{flate} >>\nstream\n".encode("ascii") + data
                   + b"\nendstream\nendobj\n")
        return number

    def put_object(self, obj, ref, **changes: int) -> None:
        """A dictionary of the body written again under its own number, with some keys now
        pointing at new objects."""
        from pypdf.generic import DictionaryObject, IndirectObject, NameObject

        copy = DictionaryObject(obj)
        for key, number in changes.items():
            copy[NameObject(f"/{key}")] = IndirectObject(number, 0, None)
        buffer = io.BytesIO()
        copy.write_to_stream(buffer)
        self.put(buffer.getvalue(), number=ref.idnum, generation=ref.generation)

    def finish(self, trailer, *, prev: int) -> None:
        """The cross-reference section (one subsection per run of numbers) and the trailer."""
        from pypdf.generic import DictionaryObject, NameObject, NumberObject

        start = self.pos
        lines = ["xref"]
        numbers = sorted(self.offsets)
        i = 0
        while i < len(numbers):
            j = i
            while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
                j += 1
            lines.append(f"{numbers[i]} {j - i + 1}")
            lines += [f"{self.offsets[n][0]:010d} {self.offsets[n][1]:05d} n\r" for n in numbers[i:j + 1]]
            i = j + 1
        self.write(("\n".join(lines) + "\n").encode("ascii"))
        new = DictionaryObject({NameObject(key): trailer.raw_get(key) for key in ("/Root", "/Info", "/ID") if key in trailer})
        new[NameObject("/Size")] = NumberObject(self.next)
        new[NameObject("/Prev")] = NumberObject(prev)
        buffer = io.BytesIO()
        new.write_to_stream(buffer)
        self.write(b"trailer\n" + buffer.getvalue() + f"\nstartxref\n{start}\n%%EOF\n".encode("ascii"))


def _startxref(pdf: bytes) -> int:
    at = pdf.rindex(b"startxref")
    return int(pdf[at + len(b"startxref"):].split()[0])


def _classic_xref(pdf: bytes) -> bool:
    """Whether the last cross-reference section is a table (not a stream), which an update can follow."""
    try:
        return pdf[_startxref(pdf):].lstrip().startswith(b"xref")
    except (ValueError, IndexError):
        return False


def _to_unicode(by_gid: dict[int, tuple[str, float]]) -> bytes:
    """The CMap that lets a reader copy and search the text."""
    entries = [f"<{gid:04X}> <{''.join(f'{u:04X}' for u in _utf16(c))}>" for gid, (c, _w) in sorted(by_gid.items())]
    blocks = []
    for i in range(0, len(entries), 100):
        chunk = entries[i:i + 100]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\n"
            "endcodespacerange\n" + "\n".join(blocks) + "\nendcmap\nCMapName currentdict /CMap defineresource pop\n"
            "end\nend\n").encode("ascii")


def _utf16(c: str) -> list[int]:
    data = c.encode("utf-16-be")
    return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]


# The characters of Vietnamese and Western documents: Latin with its extensions and combining
# marks, the Vietnamese letters, punctuation, currency (₫), arrows, maths. A document that uses
# only these embeds one subset made once and kept in the cache; another gets a subset of its own.
COMMON_RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x1E00, 0x1EFF), (0x2000, 0x206F),
                 (0x20A0, 0x20CF), (0x2100, 0x214F), (0x2190, 0x21FF), (0x2200, 0x22FF), (0x25A0, 0x25FF))
COMMON = frozenset(chr(c) for a, b in COMMON_RANGES for c in range(a, b + 1))
SUBSET_VERSION = 1


def _font_file(face: Face, chars: set[str]) -> bytes:
    """The deflated font file to embed for these characters."""
    from django.core.cache import cache

    if not chars <= COMMON:
        gids = {int(face.glyphs[c][0], 16) for c in chars if c in face.glyphs}
        return zlib.compress(_subset(face.path, sorted(gids)), 6)
    stat = face.path.stat()
    key = f"attt:pdf-font:{SUBSET_VERSION}:{face.path}:{stat.st_size}:{int(stat.st_mtime)}"
    data = cache.get(key)
    if data is None:
        gids = {int(face.glyphs[c][0], 16) for c in COMMON if c in face.glyphs}
        data = zlib.compress(_subset(face.path, sorted(gids)), 6)
        cache.set(key, data, None)
    return data


def _subset(path: Path, gids: list[int]) -> bytes:
    """The font file cut down to the glyphs used, each keeping its id (the content streams name
    glyphs by id)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "FFTM NOT subset": a table it drops, rightly
    options = subset.Options()
    options.retain_gids = True
    options.notdef_outline = True
    options.layout_features = []
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "DSIG"]
    font = TTFont(str(path))
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=[0, *gids])
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
