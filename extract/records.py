"""Typed records that flow between stages.

Every record says where it came from: the document, the character span in that document's
original text, and the page when the source is paged. Spans are ``compare=False`` so that two
records with the same meaning compare equal wherever they sit.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Literal

Format = Literal["pdf", "docx", "txt", "html", "ocr"]
DocKind = Literal["letter", "plan", "assessment", "decomposition", "bulletin", "press_release", "notice", "news", "other"]
Status = Literal["draft", "final"]
Comparator = Literal[">=", "<=", ">", "<", "==", "zero", "no_increase", "qualitative"]
TargetKind = Literal["target", "actual", "change", "scope"]
ClauseKind = Literal["title", "heading", "item", "sentence", "table_row"]

COMPARATORS: tuple[str, ...] = (">=", "<=", ">", "<", "==", "zero", "no_increase", "qualitative")
TARGET_KINDS: tuple[str, ...] = ("target", "actual", "change", "scope")
DOC_KINDS: tuple[str, ...] = ("letter", "plan", "assessment", "decomposition", "bulletin", "press_release", "notice", "news",
                               "other")

# Document kinds as stored (codes) -> the Chinese words documents and reviewers use for them.
DOC_KIND_LABELS: dict[str, str] = {
    "letter": "目标责任书",  # the annual target-responsibility letter a government signs
    "plan": "实施方案",  # a multi-year implementation plan (实施方案, 工作方案, 行动方案, 实施意见)
    "assessment": "考评通报",  # a notice reporting how governments did against their targets
    "decomposition": "分解方案",  # a task decomposition: numbered tasks with responsible units
    "bulletin": "公报",  # a bulletin on the state of the environment (环境状况公报): reports outcomes
    "press_release": "新闻发布",  # a press conference or release (新闻发布会, 新闻发布稿): reports outcomes
    "notice": "通报",  # a notice of results (空气质量通报) other than an assessment: reports outcomes
    "news": "新闻",  # a news report (本报讯, 记者…): targets and outcomes told apart statement by statement
    "other": "其他",  # none of the above
}
# Draft status as stored (codes) -> Chinese label.
STATUS_LABELS: dict[str, str] = {
    "draft": "征求意见稿",  # a draft sent out for comment
    "final": "正式稿",  # no draft mark in the title block
}


@dataclass(frozen=True)
class Revision:
    """A pending tracked change in a Word draft. The extracted text reads it as accepted."""

    kind: Literal["insert", "delete"]
    text: str
    """The inserted or deleted words."""
    span_start: int = field(compare=False)
    """Where inserted words are, or where deleted words were: an offset into the extracted text,
    and in a :class:`Document`'s ``revisions`` into that document's own text."""
    span_end: int = field(compare=False)
    author: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class OcrLine:
    """A line of text read by OCR: where it is on its page and where it went in the text."""

    doc_id: str
    """The document holding the line (empty in a reader's :class:`Extraction`)."""
    page: int
    """Page of the file, from 1."""
    box: tuple[float, float, float, float]
    """(x0, y0, x1, y1) on the page as fractions of its width and height, y down from the top."""
    confidence: float
    """The recogniser's confidence, 0–1 (the lowest of the pieces the line was joined from)."""
    text: str
    """The line as it stands in the text (after ``extract.readers.ocrlayout.CORRECTIONS``)."""
    span_start: int = field(compare=False)
    """Where the line is in the text: the extraction's, or in ``ocr_lines`` of a document, its own."""
    span_end: int = field(compare=False)


@dataclass(frozen=True)
class Extraction:
    """What a reader returns for one file: its text and where pages begin.

    ``text`` holds one paragraph per line ("\\n"), blank lines as in the source, and table rows
    as one line each with cells separated by "\\t". Spans everywhere else point into it.
    """

    text: str
    format: Format
    page_starts: tuple[int, ...] = ()
    """Offset in ``text`` where page 1, 2, ... begins; empty when the source is not paged."""
    encoding: str | None = None
    """The text encoding used to decode a .txt/.html file (``utf-8``, ``gb18030`` ...)."""
    revisions: tuple[Revision, ...] = ()
    warnings: tuple[str, ...] = ()
    """Problems that did not stop reading, e.g. ``page 3: font has no Unicode map; OCR this page``."""
    ocr_lines: tuple[OcrLine, ...] = ()
    """Lines read by OCR, in text order (empty when no page was OCR'd)."""
    published: str | None = None
    """The publication date a web page's meta tags give (YYYY-MM-DD), else None."""

    def page_at(self, offset: int) -> int | None:
        """1-based page holding ``offset``, or None when the source is not paged."""
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))


@dataclass(frozen=True)
class Document:
    """One letter, plan, notice or decomposition: a file may hold several."""

    doc_id: str
    source_path: str
    source_sha256: str
    source_offset: int
    """Where this document's text begins in the file's extracted text."""
    entity: str | None
    """The government the document binds, simplified script: 长春市, 延边州, 长白山管委会."""
    year: int | None
    doc_kind: DocKind
    status: Status
    title: str
    text: str
    """The document's own slice of the file's text; every span of its records points here."""
    issuer: str | None = None
    """Who issues the document (吉林省 for the province's letters to its cities)."""
    format: Format = "txt"
    page_starts: tuple[int, ...] = ()
    """Offsets in ``text`` where each page begins (page numbers count from ``first_page``)."""
    first_page: int = 1
    revisions: tuple[Revision, ...] = ()
    entity_code: str | None = None
    """GB/T 2260 code of ``entity`` (six digits), None for a zone or a name the gazetteer lacks."""
    province: str | None = None
    """Official name of the province-level division ``entity`` lies in (福建省)."""
    published: str | None = None
    """When the page was published (YYYY-MM-DD): from the crawl log, the page's meta tags, its URL
    or its dateline (``extract.published``); None when nothing tells."""

    @property
    def dated_year(self) -> int | None:
        """The year a statement naming none of its own is for (…月底前, 今年): the document's year,
        else the year the page was published; None when neither is known."""
        if self.year is not None:
            return self.year
        return int(self.published[:4]) if self.published else None

    def page_at(self, offset: int) -> int | None:
        if not self.page_starts:
            return None
        return self.first_page - 1 + max(1, bisect.bisect_right(self.page_starts, offset))


@dataclass(frozen=True)
class Clause:
    """A sentence-level piece of a document, with the headings above it."""

    doc_id: str
    clause_id: int
    """Position of the clause within its document, from 0."""
    section_path: str
    """Headings above the clause joined by " / ", e.g. "二、重点任务 / （一）加快推进生态强省建设"."""
    kind: ClauseKind
    text: str
    """The exact original text of the clause (``doc.text[span_start:span_end]``)."""
    norm_text: str
    """Text for matching: full-width folded, simplified script, no layout whitespace."""
    span_start: int = field(compare=False)
    span_end: int = field(compare=False)
    page: int | None = field(default=None, compare=False)
    paragraph: int = field(default=0, compare=False)
    """Index of the source paragraph (line) the clause comes from."""
    item: str = ""
    """The numbered item or bullet the clause belongs to: "14" (task 14), "●3" (third bullet), ""."""


@dataclass(frozen=True)
class Target:
    """One numeric (or qualitative) target statement."""

    doc_id: str
    entity: str | None
    year: int | None
    """The year the statement is for: the letter's year, or 2025 after 到2025年."""
    indicator: str | None
    """``area.name`` code from the indicator dictionary, None when the measure is unknown."""
    indicator_text: str
    """The document's own words naming the measure."""
    comparator: Comparator
    value: float | None
    value_text: str | None
    """The number exactly as written ("87.6", "百分之八十"), for exact (Decimal) use."""
    unit: str | None
    kind: TargetKind
    approx: bool
    deadline: str | None
    """"2022-09" when the statement has a deadline, else None."""
    clause_id: int
    span_start: int = field(compare=False)
    span_end: int = field(compare=False)
    page: int | None = field(default=None, compare=False)
    quote: str = field(default="", compare=False)
    """Exactly ``document.text[span_start:span_end]``."""
    task_no: int | None = None
    """The decomposition task the statement belongs to (分解方案 only)."""
    entity_code: str | None = None
    """GB/T 2260 code of ``entity`` (six digits), None for a zone or a name the gazetteer lacks."""
    province: str | None = None
    """Official name of the province-level division ``entity`` lies in."""
    ocr_confidence: float | None = field(default=None, compare=False)
    """Lowest OCR confidence of the lines the quote touches; None when no OCR'd line is touched."""


@dataclass(frozen=True)
class Task:
    """A numbered task of a decomposition plan with the units responsible for it."""

    doc_id: str
    task_no: int
    text: str
    section_path: str
    units: tuple[str, ...]
    """Responsible departments and townships, in the order written."""
    clause_id: int
    span_start: int = field(compare=False)
    span_end: int = field(compare=False)
    page: int | None = field(default=None, compare=False)
