"""HTML reader: the article text of a saved web page, without navigation and boilerplate.

Pages that republish a government document wrap it in a site's chrome (top bar, search, nav,
breadcrumb, share buttons, sidebar, footer, scripts). The reader drops elements that never hold
the article (script, style, nav, header, footer, aside, form ...), then picks the main content
container: a conventional one (#content, article, main, .article-content, gov sites' #zoom and
.TRS_Editor ...) when it holds most of the page's Chinese text, otherwise the element whose own
paragraphs hold the most Chinese text. Block elements become line breaks and table rows
tab-separated lines. Script text never reaches the output: the tree is parsed, not stripped by
pattern, and script/style elements are removed with their content.

Decoding: a BOM, then <meta charset> / http-equiv, then the plain-text detection. As in
browsers, a declared UTF-16 means UTF-8 (the bytes were read as ASCII to find the declaration)
and charsets no browser decodes (UTF-7, Python's escape codecs) are ignored.

Hostile pages: the tree is parsed with lxml's size limits off, so a huge inline script or data
URI does not cut the page short, but a page nested deeper than libxml2's 2,048 levels is refused
(the parser stops there and the rest would be silently lost). Every walk over the tree is
iterative and linear; elements are dropped in one C-level pass rather than one at a time.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree

from extract.errors import CorruptFile, TooLarge
from extract.readers.dates import date_in_text, date_in_url
from extract.readers.source import Source, check_text_size, naming, source_bytes, source_name
from extract.readers.txt import decode_text
from extract.records import Extraction

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
# What lxml cannot or should not parse from a decoded page: an XML declaration (lxml refuses a
# str that carries one), a DOCTYPE's internal subset (the HTML parser shows its "]>" as text)
# and C0 control characters (lxml turns NUL into U+FFFD inside words; browsers show none).
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]{0,500}\?>")
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^\[>]{0,500}\[.{0,100000}?\]\s*>", re.IGNORECASE | re.DOTALL)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]+")
_DROPPED = "mubiao-dropped"
"""Tag given to elements to drop, so one ``strip_elements`` pass removes them all."""
_MAX_CANDIDATES = 20
"""Conventional containers tried per pattern; a page with thousands of ``.content`` boxes does
not get thousands of full-text scans."""
DEFAULT_MAX_ELEMENTS = 1_000_000
"""Pages with more elements than this are refused (a news page has a few thousand): every
element costs a few microseconds in the walks below."""
_MAX_CONTAINER_CLIMB = 16
"""How far up through table and list elements a text block looks for its container."""

DEFAULT_MAIN_SHARE = 0.5
"""A conventional container is used when it holds at least this share of the page's Chinese text."""

# Charsets pages declare that have a superset we decode with instead.
_CHARSET_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}
# Python codecs a declaration may name (after codecs.lookup), as in the WHATWG Encoding
# standard: single-byte Latin/Cyrillic/Greek... pages and the CJK multi-byte encodings.
_DECLARABLE = re.compile(
    r"(utf-8|ascii|latin-1|iso8859-\d+|cp\d+|koi8-[ru]|mac-\w+|gb18030|gbk|gb2312|big5|big5hkscs"
    r"|euc_jp|euc_kr|shift_jis|iso2022_jp|hz)$"
)


def read_html(source: Source, *, name: str | None = None) -> Extraction:
    """Article text of an HTML page: one block per line, table rows tab-separated."""
    path = source_name(source, name)
    with naming(path):
        data = source_bytes(source)
        decoded = decode_text(data, _declared_charset(data))
        text, published = html_page(decoded.text)
        text = check_text_size(text)
    return Extraction(text=text, format="html", encoding=decoded.encoding, warnings=decoded.warnings,
                      published=published)


def _declared_charset(data: bytes) -> str | None:
    """The page's declared charset as a Python codec, or None when it names none a browser uses."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    charset = m.group(1).decode("ascii", "replace").lower()
    charset = _CHARSET_SUPERSETS.get(charset, charset)
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        return None
    if codec.startswith(("utf-16", "utf-32")):
        return "utf-8"  # what browsers do: a page that could be read as ASCII is not UTF-16
    return charset if _DECLARABLE.match(codec) else None


def html_to_text(markup: str) -> str:
    """The main text of an HTML document (see the module docstring)."""
    return html_page(markup)[0]


# Meta tags that carry a page's publication date, by their name, property or itemprop (the ones
# htmldate reads first; PubDate and firstpublishedtime are Chinese government and news sites').
_DATE_META = frozenset({
    "pubdate", "publishdate", "publish_date", "publish-date", "publishtime", "published_time", "firstpublishedtime",
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished", "date",
    "dc.date", "dc.date.issued", "dc.date.created", "dcterms.date", "dcterms.issued", "dcterms.created",
    "citation_publication_date", "parsely-pub-date", "sailthru.date", "publication_date", "release_date",
})  # fmt: skip
# Meta tags and links that carry the page's own address (a date in it dates the page).
_URL_META = frozenset({"og:url", "canonical"})


def _meta_published(root: etree._Element) -> str | None:
    """The publication date the page's meta tags give (a date tag, else its own URL), YYYY-MM-DD."""
    url = None
    for el in root.iter("meta", "link"):
        key = (el.get("name") or el.get("property") or el.get("itemprop") or el.get("rel") or "").strip().lower()
        if el.tag == "meta" and key in _DATE_META:
            day = date_in_text(el.get("content"))
            if day is not None:
                return day.isoformat()
        elif key in _URL_META and url is None:
            url = el.get("content") if el.tag == "meta" else el.get("href")
    day = date_in_url(url)
    return day.isoformat() if day else None


def html_page(markup: str) -> tuple[str, str | None]:
    """The main text of an HTML document and the publication date its meta tags give (or None)."""
    markup = _CONTROLS.sub("", _XML_DECLARATION.sub("", markup, count=1))
    markup = _DOCTYPE_SUBSET.sub("", markup[:200_000], count=1) + markup[200_000:]
    if not markup.strip():
        raise CorruptFile("empty HTML page")
    parser = _parser()
    try:
        root = etree.fromstring(markup, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as err:
        raise CorruptFile(f"cannot parse the HTML ({err})") from err
    if root is None:
        raise CorruptFile("the HTML page has no elements")
    fatal = [e for e in parser.error_log if e.level >= etree.ErrorLevels.FATAL]
    if fatal:
        what = "elements nested too deep (unclosed tags?)" if "depth" in fatal[0].message else fatal[0].message
        raise CorruptFile(
            f"the HTML parser stopped at line {fatal[0].line}: {what}; the text after it would be lost",
            advice="open the page in a browser and save it again, or save its text as .txt",
        )
    elements = int(root.xpath("count(//*)"))
    if elements > DEFAULT_MAX_ELEMENTS:
        raise TooLarge(
            f"the page has {elements:,} HTML elements (limit {DEFAULT_MAX_ELEMENTS:,})",
            advice="far beyond any article: save its text as .txt, or check where it came from",
        )
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    published = _meta_published(root)
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.lower() in _DROP or _HIDDEN_CLASS.search(el.get("class") or "") or _display_none(el):
            el.tag = _DROPPED
    if root.tag == _DROPPED:
        root.tag = "html"  # strip_elements never removes the root: keep it as it was
    etree.strip_elements(root, _DROPPED, with_tail=False)  # the text after each stays where it was
    container = _main_container(root)
    lines: list[str] = []
    _flatten(container, lines)
    cleaned = ("\t".join(_clean(cell) for cell in line.split("\t")) for line in lines)
    return "\n".join(line for line in cleaned if line.strip()), published


def _parser() -> etree.HTMLParser:
    return etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=True)


def _text_content(el: etree._Element) -> str:
    """All text inside ``el`` (not its tail)."""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def _cjk_len(text: str) -> int:
    """Number of Chinese characters in ``text``, without a list of them (pages can be huge)."""
    return len(text) - len(_CJK.sub("", text))


def _display_none(el: etree._Element) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or el.get("hidden") is not None


def _cjk_count(el: etree._Element) -> int:
    return _cjk_len(_text_content(el))


def _main_container(root: etree._Element) -> etree._Element:
    body = root.find("body")
    body = body if body is not None else root
    total = _cjk_count(body)
    if total == 0:
        return body
    for xpath in _CONTAINERS:
        for el in root.xpath(xpath)[:_MAX_CANDIDATES]:
            if _cjk_count(el) >= DEFAULT_MAIN_SHARE * total:
                return el
    # Density: credit each text block's Chinese text (minus link text) to the container holding
    # it, and half of it to the container above (readability's rule).
    scores: dict[etree._Element, float] = {}
    link_chars = _link_chars(body)
    for block in body.iter(*_TEXT_BLOCKS):
        own = _cjk_len((block.text or "") + "".join(c.tail or "" for c in block))
        links = link_chars.get(block, 0)
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


_TEXT_BLOCKS = ("p", "td", "li", "div", "pre", "section")


def _link_chars(body: etree._Element) -> dict[etree._Element, int]:
    """Chinese characters inside links (``a`` elements) under each text block, in one pass:
    asking each block for its links would walk a deeply nested page once per level."""
    found: dict[etree._Element, int] = {}
    inside = [0]
    for event, el in etree.iterwalk(body, events=("start", "end")):
        if event == "start":
            inside.append(0)
            continue
        total = inside.pop()
        if el.tag == "a":
            total += _cjk_len(_text_content(el))
        if total and el.tag in _TEXT_BLOCKS:
            found[el] = total
        inside[-1] += total
    return found


_INSIDE_BLOCKS = {"tr", "tbody", "thead", "tfoot", "table", "td", "th", "ul", "ol", "li", "dl", "dt", "dd"}


def _container_of(el: etree._Element) -> etree._Element | None:
    """The nearest ancestor that can hold an article (not part of a table or list)."""
    parent = el.getparent()
    for _ in range(_MAX_CONTAINER_CLIMB):
        if parent is None or (isinstance(parent.tag, str) and parent.tag not in _INSIDE_BLOCKS):
            return parent
        parent = parent.getparent()
    return None


def _flatten(top: etree._Element, lines: list[str]) -> None:
    """Walk the tree in document order: text into ``current``, block ends flush it into ``lines``.

    An explicit stack instead of recursion: pages can nest 2,048 elements deep.
    """
    current = [""]
    stack: list[tuple[etree._Element, bool]] = [(top, False)]
    while stack:
        el, closing = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if closing:
            if tag in _BLOCK:
                _flush(lines, current)
            if el is not top:  # what follows the container is not part of it
                current[0] += _untab(el.tail)
            continue
        if tag == "table":
            _flush(lines, current)
            for row in el.iter("tr"):
                cells = [_clean(_text_content(c)).replace("\t", " ") for c in row if c.tag in ("td", "th")]
                if any(cells):
                    lines.append("\t".join(cells))
            current[0] = ""
            continue
        if tag in _BLOCK:
            _flush(lines, current)
        if tag == "br":
            current[0] += _untab(el.tail)
            continue
        current[0] += _untab(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    _flush(lines, current)


def _untab(text: str | None) -> str:
    """Tabs in prose are layout; only table rows may carry them."""
    return (text or "").replace("\t", " ")


def _flush(lines: list[str], current: list[str]) -> None:
    if current[0].strip():
        lines.append(current[0])
    current[0] = ""


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()
