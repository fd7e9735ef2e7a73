"""Word .docx reader: the body XML read directly, paragraphs and tables in document order.

python-docx drops what these drafts depend on (automatic numbering labels, tracked insertions
and deletions), so the body is walked with lxml: the text is the ACCEPTED version of a draft
(insertions in, deletions out, moves at their new place) and every pending change is kept as a
``Revision``. Numbered paragraphs get the label Word shows (``extract.readers.docxnum``). A table row
is one line, cells joined by a tab; a vertically merged cell repeats the text above it and a
horizontally merged one appears once. The package is opened defensively (``extract.readers.xmlsafe``).
Not read: headers, footers, footnotes, comments, text boxes and drawings.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from extract.errors import (
    CorruptFile,
    EncryptedFile,
    LegacyWordFormat,
    TooLarge,
    UnsupportedFormat,
)
from extract.readers.docxnum import Numbering, W
from extract.readers.source import (
    DEFAULT_MAX_TEXT_CHARS,
    Source,
    check_text_size,
    looks_like_html,
    naming,
    source_bytes,
    source_name,
)
from extract.readers.xmlsafe import open_package, parse_xml, read_member
from extract.records import Extraction, Revision

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_OFFICE_DOCUMENT = "/officeDocument"
_MC_ALTERNATE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"

# Inline containers whose runs are part of the paragraph text.
_INLINE_CONTAINERS = {W + t for t in ("hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo")}
_MAX_COLUMNS = 64
"""Word tables have at most 63 columns: a larger w:gridSpan or w:gridBefore is clamped."""
_INSERTED = {W + "ins": "insert", W + "moveTo": "insert"}
_DELETED = {W + "del": "delete", W + "moveFrom": "delete"}


def read_docx(source: Source, *, name: str | None = None) -> Extraction:
    """Accepted text of a Word file, one paragraph or table row per line, with its revisions."""
    path = source_name(source, name)
    with naming(path):
        return _read_docx_bytes(source_bytes(source))


def check_not_docx(data: bytes) -> None:
    """Raise the clearest error for bytes that are not a zip package at all."""
    if not data:
        raise CorruptFile("empty file")
    if data.startswith(OLE2_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise EncryptedFile("a password-protected Word file (encrypted OLE2 package)")
        raise LegacyWordFormat("an old Word 97-2003 .doc file (OLE2), not .docx")
    if looks_like_html(data):
        raise UnsupportedFormat(
            "named .docx but is an HTML page (a failed download?)",
            advice="download the Word file again; the link returned a web page",
        )
    raise CorruptFile("not a .docx file: it does not start with a zip signature")


def _read_docx_bytes(data: bytes) -> Extraction:
    if not data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        check_not_docx(data)
    with open_package(data) as package:
        main = _main_part(package)
        copies = sum(1 for m in package.infolist() if m.filename == main)
        body_xml = read_member(package, main)
        if body_xml is None:
            raise CorruptFile(f"the package has no {main}: not a Word document")
        root = parse_xml(body_xml, main)
        parts = {}
        for part in ("word/numbering.xml", "word/styles.xml"):
            raw = read_member(package, part)
            parts[part] = parse_xml(raw, part) if raw else None
    body = root.find(W + "body")
    if body is None:
        raise CorruptFile(f"{main} has no w:body")
    writer = _Writer(Numbering(parts["word/numbering.xml"], parts["word/styles.xml"]))
    writer.blocks(body)
    warnings = []
    if copies > 1:
        warnings.append(f"the package holds {main} {copies} times (damaged or tampered with); the last copy was "
                        "read: check the text against the document opened in Word")
    boxes = sum(1 for box in body.iter(W + "txbxContent") if "".join(box.itertext()).strip())
    if boxes:
        warnings.append(f"{boxes} text box(es) with text were not read; check them by hand")
    return Extraction(
        text=check_text_size("".join(writer.parts)), format="docx", revisions=tuple(writer.revisions), warnings=tuple(warnings)
    )


def _main_part(package: zipfile.ZipFile) -> str:
    """The main document part named by _rels/.rels (word/document.xml in practice)."""
    rels = read_member(package, "_rels/.rels")
    if rels is not None:
        for rel in parse_xml(rels, "_rels/.rels"):
            if str(rel.get("Type", "")).endswith(_OFFICE_DOCUMENT):
                target = posixpath.normpath(str(rel.get("Target", "")).lstrip("/"))
                if not target.startswith("word/"):
                    raise UnsupportedFormat(f"an Office package whose main part is {target}, not a Word file")
                return target
    return "word/document.xml"


def _joiner(before: str, after: str) -> str:
    """Between two paragraphs of one cell: a space only between Latin letters or digits."""
    if before and after and before[-1].isascii() and before[-1].isalnum():
        return " " if after[0].isascii() and after[0].isalnum() else ""
    return ""


@dataclass
class _Text:
    """Text being built with pending revisions at offsets local to it."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    revisions: list[Revision] = field(default_factory=list)

    def add(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)

    def last_char(self) -> str:
        """The last character so far ("" if none), without joining the parts."""
        for piece in reversed(self.parts):
            if piece:
                return piece[-1]
        return ""

    def extend(self, other: _Text) -> None:
        shift = self.length
        self.add("".join(other.parts))
        for r in other.revisions:
            self.revisions.append(
                Revision(r.kind, r.text, r.span_start + shift, r.span_end + shift, r.author, r.date)
            )

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _hidden(run: etree._Element) -> bool:
    rpr = run.find(W + "rPr")
    vanish = rpr.find(W + "vanish") if rpr is not None else None
    return vanish is not None and vanish.get(W + "val", "true") not in ("0", "false", "off")


def _run_text(run: etree._Element, deleted: bool) -> str:
    """Visible text of a run (w:delText counts only inside a deletion)."""
    out = []
    for el in run:
        tag = el.tag
        if tag == W + "t" or (deleted and tag == W + "delText"):
            out.append(el.text or "")
        elif tag in (W + "tab", W + "ptab"):
            out.append(" ")  # a tab would read as a table cell separator
        elif tag == W + "br" and el.get(W + "type", "textWrapping") == "textWrapping" or tag == W + "cr":
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "sym":
            code = int(el.get(W + "char", "0") or "0", 16) if _is_hex(el.get(W + "char")) else 0
            if 0x20 <= code < 0xE000 or 0xF900 <= code <= 0xFFFD:
                out.append(chr(code))
    return "".join(out)


def _is_hex(value: str | None) -> bool:
    return bool(value) and all(c in "0123456789abcdefABCDEF" for c in value or "") and len(value or "") <= 6


def _inline(container: etree._Element, out: _Text, change: etree._Element | None = None) -> None:
    """Append the accepted text of a paragraph's inline content; record tracked changes."""
    for el in container:
        tag = el.tag
        if tag == W + "r":
            if _hidden(el):
                continue
            if change is not None and change.tag in _DELETED:
                continue
            out.add(_run_text(el, deleted=False))
        elif tag in _INSERTED:
            start, first = out.length, len(out.parts)
            _inline(el, out, el)
            text = "".join(out.parts[first:])
            out.revisions.append(_revision(el, "insert", text, start, out.length))
        elif tag in _DELETED:
            text = "".join(_run_text(r, deleted=True) for r in el.iter(W + "r"))
            out.revisions.append(_revision(el, "delete", text, out.length, out.length))
        elif tag in _INLINE_CONTAINERS:
            _inline(el, out, change)
        elif tag == W + "sdt":
            content = el.find(W + "sdtContent")
            if content is not None:
                _inline(content, out, change)


def _revision(el: etree._Element, kind: str, text: str, start: int, end: int) -> Revision:
    return Revision(
        kind="insert" if kind == "insert" else "delete",
        text=text,
        span_start=start,
        span_end=end,
        author=el.get(W + "author"),
        date=el.get(W + "date"),
    )


class _Writer:
    """Collects lines in document order with absolute revision offsets."""

    def __init__(self, numbering: Numbering, max_chars: int | None = None) -> None:
        self.numbering = numbering
        self.parts: list[str] = []
        self.length = 0
        self._produced = 0
        self._max_chars = DEFAULT_MAX_TEXT_CHARS if max_chars is None else max_chars
        self.revisions: list[Revision] = []
        self._lines = 0
        self._join_next = False

    def blocks(self, container: etree._Element) -> None:
        for el in container:
            if el.tag == W + "p":
                self._line(self.paragraph(el), join=self._join_next)
                self._join_next = _mark_deleted(el)
            elif el.tag == W + "tbl":
                for row in self.table(el):
                    self._line(row, join=False)
                self._join_next = False
            elif el.tag == W + "sdt":
                content = el.find(W + "sdtContent")
                if content is not None:
                    self.blocks(content)
            elif el.tag == W + "customXml":
                self.blocks(el)

    def _line(self, text: _Text, join: bool) -> None:
        if self._lines and not join:
            self.parts.append("\n")
            self.length += 1
        shift = self.length
        self.parts.append(text.text)
        self.length += text.length
        self._lines += 1
        for r in text.revisions:
            self.revisions.append(
                Revision(r.kind, r.text, r.span_start + shift, r.span_end + shift, r.author, r.date)
            )

    def _charge(self, chars: int) -> None:
        """Count text as it is produced (merged cells repeat it): stop a small file that would
        expand to gigabytes before it does."""
        self._produced += chars
        if self._produced > self._max_chars:
            raise TooLarge(
                f"its text runs to more than {self._max_chars:,} characters",
                advice="far beyond any letter: split the file, or check where it came from",
            )

    def paragraph(self, p: etree._Element) -> _Text:
        out = _Text()
        out.add(self.numbering.label(p.find(W + "pPr")))
        _inline(p, out)
        self._charge(out.length + 1)
        return out

    def table(self, tbl: etree._Element) -> list[_Text]:
        rows: list[_Text] = []
        above: dict[int, _Text] = {}
        for tr in _children(tbl, "tr"):
            col = min(max(0, _int_val(tr.find(W + "trPr"), "gridBefore", 0)), _MAX_COLUMNS)
            current: dict[int, _Text] = {}
            row = _Text()
            for i, tc in enumerate(_children(tr, "tc")):
                tcpr = tc.find(W + "tcPr")
                span = min(max(1, _int_val(tcpr, "gridSpan", 1)), _MAX_COLUMNS)
                vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
                if vmerge is not None and vmerge.get(W + "val", "continue") != "restart":
                    cell = _Text()
                    cell.add(above[col].text if col in above else "")
                    self._charge(cell.length)
                else:
                    cell = self.cell(tc)
                for k in range(col, col + span):
                    current[k] = cell
                if i:
                    row.add("\t")
                row.extend(cell)
                col += span
            above = current
            rows.append(row)
        return rows

    def cell(self, tc: etree._Element) -> _Text:
        out = _Text()
        for el in tc:
            if el.tag == W + "p":
                piece = self.paragraph(el)
            elif el.tag == W + "tbl":
                piece = _Text()
                for row in self.table(el):
                    piece.add(" " if piece.length else "")
                    piece.extend(row)
            else:
                continue
            if not piece.length:
                continue
            out.add(_joiner(out.last_char(), piece.text))
            out.extend(piece)
        flat = _Text(revisions=out.revisions)
        flat.add(out.text.replace("\t", " ").replace("\n", " "))  # same length: offsets hold
        return flat


def _children(el: etree._Element, local: str) -> list[etree._Element]:
    """Children named ``local``, looking through content controls and custom XML wrappers."""
    out = []
    for child in el:
        if child.tag == W + local:
            out.append(child)
        elif child.tag in (W + "sdt", W + "customXml"):
            inner = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if inner is not None:
                out.extend(_children(inner, local))
    return out


def _int_val(parent: etree._Element | None, child: str, default: int) -> int:
    el = parent.find(W + child) if parent is not None else None
    try:
        return int(el.get(W + "val", default)) if el is not None else default
    except ValueError:
        return default


def _mark_deleted(p: etree._Element) -> bool:
    """A deleted paragraph mark: in the accepted text this paragraph runs into the next."""
    ppr = p.find(W + "pPr")
    rpr = ppr.find(W + "rPr") if ppr is not None else None
    return rpr is not None and (rpr.find(W + "del") is not None or rpr.find(W + "moveFrom") is not None)
