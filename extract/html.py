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
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
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
    return "\n".join(line for line in (_clean(x) for x in lines) if line)


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
    # Density: credit each paragraph's Chinese text (minus link text) to its parent.
    scores: dict[etree._Element, int] = {}
    for p in body.iter("p", "br", "td", "li", "div"):
        own = len(_CJK.findall((p.text or "") + "".join(c.tail or "" for c in p)))
        links = sum(len(_CJK.findall(a.text_content())) for a in p.iter("a"))
        parent = p.getparent()
        if parent is not None and own - links > 0:
            scores[parent] = scores.get(parent, 0) + own - links
    if not scores:
        return body
    best = max(scores, key=lambda el: scores[el])
    return best if scores[best] >= 0.3 * total else body


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
    if tag == "br":
        current[0] += el.tail or ""
        return
    current[0] += el.text or ""
    for child in el:
        _flatten(child, lines, current)
    if tag in _BLOCK:
        _flush(lines, current)
    current[0] += el.tail or ""


def _flush(lines: list[str], current: list[str]) -> None:
    if current[0].strip():
        lines.append(current[0])
    current[0] = ""


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()
