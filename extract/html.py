"""HTML reader: the article text of a saved web page, without navigation and boilerplate.

Pages that republish a government document wrap it in a site's chrome (top bar, search, nav,
breadcrumb, share buttons, sidebar, footer, scripts). The reader drops elements that never hold
the article (script, style, nav, header, footer, aside, form ...), then picks the main content
container: a conventional one (#content, article, main, .article-content, gov sites' #zoom and
.TRS_Editor ...) when it holds most of the page's Chinese text, otherwise the element whose own
paragraphs hold the most Chinese text. Block elements become line breaks and table rows
tab-separated lines. Script text never reaches the output: the tree is parsed, not stripped by
pattern, and script/style elements are removed with their content.

Decoding: a BOM, then <meta charset> / http-equiv, then the plain-text detection.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from extract.errors import CorruptFile, ExtractError
from extract.records import Extraction
from extract.source import Source, source_bytes, source_name
from extract.txt import decode_text

# Elements removed with everything inside them.
_DROP = {
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "nav", "header", "footer", "aside", "form", "button", "select", "input", "textarea",
    "head", "title", "meta", "link",
}  # fmt: skip
# Elements whose end is a line end.
_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "tr", "table", "section", "article", "main", "blockquote", "pre", "hr", "center", "address",
    "figure", "figcaption", "tbody", "thead", "tfoot", "caption", "body", "html",
}  # fmt: skip
# Conventional article containers, most specific first (XPath on id/class).
_CONTAINERS = (
    "//*[@id='content']", "//*[@id='zoom']", "//*[@id='article']", "//*[@id='main-content']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' TRS_Editor ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' article-content ')]",
    "//article", "//main",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' article ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' content ')]",
)  # fmt: skip
_HIDDEN_CLASS = re.compile(r"(?:^|\s)(?:hide|hidden|ad|ads|share|crumb|breadcrumb)(?:\s|$)")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")

DEFAULT_MAIN_SHARE = 0.5
"""A conventional container is used when it holds at least this share of the page's Chinese text."""

# Charsets pages declare that have a superset we decode with instead.
_CHARSET_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}


def read_html(source: Source, *, name: str | None = None) -> Extraction:
    """Article text of an HTML page: one block per line, table rows tab-separated."""
    path = source_name(source, name)
    try:
        data = source_bytes(source)
        decoded = decode_text(data, _declared_charset(data))
        text = html_to_text(decoded.text)
    except ExtractError as err:
        raise err.with_path(path) if path and not err.path else err
    return Extraction(text=text, format="html", encoding=decoded.encoding, warnings=decoded.warnings)


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    charset = m.group(1).decode("ascii", "replace").lower()
    return _CHARSET_SUPERSETS.get(charset, charset)


def html_to_text(markup: str) -> str:
    """The main text of an HTML document (see the module docstring)."""
    if not markup.strip():
        raise CorruptFile("empty HTML page")
    try:
        root = lxml_html.document_fromstring(markup, parser=_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as err:
        raise CorruptFile(f"cannot parse the HTML ({err})") from err
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove(el)
    for el in list(root.iter()):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.lower() in _DROP or _HIDDEN_CLASS.search(el.get("class") or "") or _display_none(el):
            _remove(el)
    container = _main_container(root)
    lines: list[str] = []
    _flatten(container, lines, [""])
    cleaned = ("\t".join(_clean(cell) for cell in line.split("\t")) for line in lines)
    return "\n".join(line for line in cleaned if line.strip())


def _parser() -> lxml_html.HTMLParser:
    return lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)


def _display_none(el: etree._Element) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or el.get("hidden") is not None


def _remove(el: etree._Element) -> None:
    """Remove ``el`` and its content but keep the text that follows it (its tail)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail or ""
    previous = el.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)


def _cjk_count(el: etree._Element) -> int:
    return len(_CJK.findall(el.text_content()))


def _main_container(root: etree._Element) -> etree._Element:
    body = root.find("body")
    body = body if body is not None else root
    total = _cjk_count(body)
    if total == 0:
        return body
    for xpath in _CONTAINERS:
        for el in root.xpath(xpath):
            if _cjk_count(el) >= DEFAULT_MAIN_SHARE * total:
                return el
    # Density: credit each text block's Chinese text (minus link text) to the container holding
    # it, and half of it to the container above (readability's rule).
    scores: dict[etree._Element, float] = {}
    for block in body.iter("p", "td", "li", "div", "pre", "section"):
        own = len(_CJK.findall((block.text or "") + "".join(c.tail or "" for c in block)))
        links = sum(len(_CJK.findall(a.text_content())) for a in block.iter("a"))
        if own - links <= 0:
            continue
        parent = _container_of(block)
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + own - links
            grand = _container_of(parent)
            if grand is not None:
                scores[grand] = scores.get(grand, 0) + (own - links) / 2
    if not scores:
        return body
    best = max(scores, key=lambda el: scores[el])
    return best if _cjk_count(best) >= DEFAULT_MAIN_SHARE * total else body


_INSIDE_BLOCKS = {"tr", "tbody", "thead", "tfoot", "table", "td", "th", "ul", "ol", "li", "dl", "dt", "dd"}


def _container_of(el: etree._Element) -> etree._Element | None:
    """The nearest ancestor that can hold an article (not part of a table or list)."""
    parent = el.getparent()
    while parent is not None and (not isinstance(parent.tag, str) or parent.tag in _INSIDE_BLOCKS):
        parent = parent.getparent()
    return parent


def _flatten(el: etree._Element, lines: list[str], current: list[str]) -> None:
    """Walk the tree: text into ``current[0]``, block ends flush it into ``lines``."""
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag == "table":
        _flush(lines, current)
        for row in el.iter("tr"):
            cells = [_clean(c.text_content()).replace("\t", " ") for c in row if c.tag in ("td", "th")]
            if any(cells):
                lines.append("\t".join(cells))
        current[0] = ""
        return
    if tag in _BLOCK:
        _flush(lines, current)
    if tag != "br":
        current[0] += _untab(el.text)
        for child in el:
            _flatten(child, lines, current)
        if tag in _BLOCK:
            _flush(lines, current)
    current[0] += _untab(el.tail)


def _untab(text: str | None) -> str:
    """Tabs in prose are layout; only table rows may carry them."""
    return (text or "").replace("\t", " ")


def _flush(lines: list[str], current: list[str]) -> None:
    if current[0].strip():
        lines.append(current[0])
    current[0] = ""


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()
