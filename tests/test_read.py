"""read_file: format from content, the same text from PDF, DOCX and seed, errors that say what to do."""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from places import SHARED

from extract.errors import (
    CorruptFile,
    EncryptedFile,
    ExtractError,
    LegacyWordFormat,
    NeedsOCR,
    UnsupportedFormat,
)
from extract.normalize import normalize
from extract.readers import read_bytes, read_file, sniff
from extract.records import Extraction

FIXTURES = SHARED / "fixtures"
SEED_BUNDLE = next((SHARED / "seeds").glob("000_*.txt"))
# Fixture name -> the government in the letter's title, in the bundle's order.
CITIES = {
    "changchun": "长春市", "jilin": "吉林市", "siping": "四平市", "liaoyuan": "辽源市",
    "tonghua": "通化市", "baishan": "白山市", "songyuan": "松原市", "baicheng": "白城市",
    "yanbian": "延边州", "changbaishan": "长白山管委会", "meihekou": "梅河口市",
}  # fmt: skip
BUNDLE_FIRST_PAGES = [1, 7, 13, 19, 25, 31, 37, 43, 49, 55, 60]
_TITLE = re.compile(r"^\s*(\S+?)(?:人民政府)?生态环境保护目标责任书\s*$")


@cache
def read(path: Path) -> Extraction:
    return read_file(path)


def squash(text: str) -> str:
    """Normalised text with every whitespace character removed."""
    return re.sub(r"\s+", "", normalize(text).text)


def paragraphs(text: str) -> list[str]:
    """Non-empty lines after normalisation: what the clause segmenter sees."""
    return [n for n in (normalize(line).text.strip() for line in text.split("\n")) if n]


@cache
def seed_letters() -> dict[str, str]:
    """The seed bundle cut at each letter's title line, keyed by the government."""
    lines = SEED_BUNDLE.read_text(encoding="utf-8").split("\n")
    starts = [(i, m.group(1)) for i, line in enumerate(lines) if (m := _TITLE.match(line))]
    ends = [i for i, _ in starts[1:]] + [len(lines)]
    return {entity: "\n".join(lines[i:end]) for (i, entity), end in zip(starts, ends)}


def test_seed_bundle_cuts_into_eleven_letters() -> None:
    assert list(seed_letters()) == list(CITIES.values())


@pytest.mark.parametrize("city", CITIES)
def test_letter_text_is_the_same_in_pdf_docx_and_seed(city: str) -> None:
    pdf = read(FIXTURES / "letters" / f"{city}-2022.pdf")
    docx = read(FIXTURES / "letters" / f"{city}-2022.docx")
    assert (pdf.format, docx.format) == ("pdf", "docx")
    assert squash(pdf.text) == squash(docx.text) == squash(seed_letters()[CITIES[city]])


@pytest.mark.parametrize("city", CITIES)
def test_letter_paragraphs_are_the_same_in_pdf_and_docx(city: str) -> None:
    pdf = read(FIXTURES / "letters" / f"{city}-2022.pdf")
    docx = read(FIXTURES / "letters" / f"{city}-2022.docx")
    assert paragraphs(pdf.text) == paragraphs(docx.text)
    assert paragraphs(docx.text) == paragraphs(seed_letters()[CITIES[city]])
    assert not re.search(r"[\u4e00-\u9fff] | [\u4e00-\u9fff]", pdf.text)  # no spaces by CJK
    assert "—" not in pdf.text  # the "— N —" footers are gone


@pytest.mark.parametrize("suffix", ["pdf", "docx"])
def test_bundle_reads_like_the_seed(suffix: str) -> None:
    bundle = read(FIXTURES / "bundle" / f"jilin-2022-bundle.{suffix}")
    seed = SEED_BUNDLE.read_text(encoding="utf-8")
    assert squash(bundle.text) == squash(seed)
    assert paragraphs(bundle.text) == paragraphs(seed)


def test_bundle_pdf_letters_start_on_their_pages() -> None:
    bundle = read(FIXTURES / "bundle" / "jilin-2022-bundle.pdf")
    assert len(bundle.page_starts) == 64
    assert list(bundle.page_starts) == sorted(bundle.page_starts)
    titles = [m.start() for m in re.finditer(r"^.*生态环境保护目标责任书$", bundle.text, re.MULTILINE)]
    assert [bundle.page_at(offset) for offset in titles] == BUNDLE_FIRST_PAGES


@pytest.mark.parametrize(
    ("name", "error", "advice"),
    [
        ("empty.pdf", CorruptFile, "empty file"),
        ("truncated.pdf", CorruptFile, "download or export it again"),
        ("encrypted-password-secret.pdf", EncryptedFile, "password"),
        ("image-only.pdf", NeedsOCR, "OCR"),
        ("not-a-zip.docx", UnsupportedFormat, "HTML page"),
        ("malformed-xml.docx", CorruptFile, "word/document.xml line 2"),
        ("legacy-word97.doc", LegacyWordFormat, "save it as .docx"),
    ],
)
def test_bad_files_raise_errors_that_say_what_to_do(name: str, error: type, advice: str) -> None:
    path = FIXTURES / "bad" / name
    with pytest.raises(error) as info:
        read_file(path)
    assert advice in str(info.value)
    assert str(info.value).startswith(f"{path}: ")


def test_legacy_doc_renamed_docx_still_says_save_as_docx() -> None:
    data = (FIXTURES / "bad" / "legacy-word97.doc").read_bytes()
    with pytest.raises(LegacyWordFormat, match="save it as .docx"):
        read_bytes(data, "letter.docx")


def test_invalid_bytes_text_reads_with_a_warning() -> None:
    got = read_file(FIXTURES / "bad" / "jilin-2022-gb18030-invalid-bytes.txt")
    assert got.encoding == "gb18030"
    assert got.warnings == (
        (
            "3 undecodable byte runs at bytes 159, 465, 846 dropped while decoding as gb18030; "
            "check the file's encoding"
        ),
    )
    assert squash(got.text) == squash(seed_letters()["吉林市"])


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"%PDF-1.7\n", None, "pdf"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html>", "page.txt", "html"),
        ("<p>吉林省</p>".encode(), "article.html", "html"),
        ("一、总体思路".encode("gb18030"), None, "txt"),
        (b"plain words", "notes.htm", "html"),
        (b"plain words", "notes.txt", "txt"),
    ],
)
def test_sniff_uses_content_and_extension_as_tie_breaker(
    data: bytes, name: str | None, expected: str
) -> None:
    assert sniff(data, name) == expected


@pytest.mark.parametrize(
    ("data", "name", "error"),
    [
        (b"", "x.txt", CorruptFile),
        (b"\x89PNG\r\n\x1a\n....", "scan.png", NeedsOCR),
        (b"{\\rtf1\\ansi hello}", "letter.rtf", UnsupportedFormat),
        (b"\x00\x01\x02 not a pdf", "letter.pdf", CorruptFile),
        (b"<html><body>404</body></html>", "letter.pdf", UnsupportedFormat),
    ],
)
def test_sniff_refuses_what_no_reader_takes(data: bytes, name: str, error: type) -> None:
    with pytest.raises(error):
        sniff(data, name)


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, payload in members.items():
            zf.writestr(member, payload)
    return buf.getvalue()


def test_zip_that_is_not_word_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormat, match="Excel"):
        read_bytes(_zip({"xl/workbook.xml": b"<workbook/>"}), "targets.zip")


def test_streams_are_read_and_left_open() -> None:
    data = (FIXTURES / "letters" / "changchun-2022.docx").read_bytes()
    stream = io.BytesIO(data)
    got = read_file(stream, name="changchun.docx")
    assert not stream.closed
    assert got.text == read(FIXTURES / "letters" / "changchun-2022.docx").text


def test_read_bytes_is_a_pure_function_of_the_bytes() -> None:
    data = (FIXTURES / "letters" / "siping-2022.pdf").read_bytes()
    assert read_bytes(data, "a.pdf") == read_bytes(data, "b.pdf")


# --- fuzz: whatever the bytes, only ExtractError comes out ---------------------------------

_SEEDS_FOR_FUZZ = {
    "pdf": (FIXTURES / "letters" / "changchun-2022.pdf").read_bytes(),
    "docx": (FIXTURES / "letters" / "changchun-2022.docx").read_bytes(),
}
_FUZZ = settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _read_or_extract_error(data: bytes, name: str | None) -> None:
    try:
        got = read_bytes(data, name)
    except ExtractError:
        return
    assert isinstance(got.text, str)


@_FUZZ
@given(data=st.binary(max_size=4096), name=st.sampled_from([None, "x.pdf", "x.docx", "x.txt", "x.html"]))
def test_random_bytes_raise_only_extract_errors(data: bytes, name: str | None) -> None:
    _read_or_extract_error(data, name)


@_FUZZ
@given(
    kind=st.sampled_from(["pdf", "docx"]),
    cut=st.floats(min_value=0.0, max_value=1.0),
    flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), max_size=8),
)
def test_damaged_real_files_raise_only_extract_errors(
    kind: str, cut: float, flips: list[tuple[float, int]]
) -> None:
    data = bytearray(_SEEDS_FOR_FUZZ[kind])
    for where, value in flips:
        data[int(where * (len(data) - 1))] = value
    _read_or_extract_error(bytes(data[: max(1, int(cut * len(data)))]), f"x.{kind}")


# Structural fuzz: markup inserted at tag boundaries inside the real files' XML, HTML and PDF
# dictionaries, so the damage reaches the parsers and readers rather than stopping at a zip CRC,
# a broken deflate stream or a lost trailer.
_AUTO_NUMBERED = FIXTURES / "docx-features" / "changchun-2022-auto-numbered.docx"
_DOCX_MEMBERS = {i.filename: zipfile.ZipFile(_AUTO_NUMBERED).read(i) for i in zipfile.ZipFile(_AUTO_NUMBERED).infolist()}
_TOKENS = {
    "docx": [b"<w:p/>", b"<w:p>", b"</w:p>", b"<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>", b"<w:tc>",
             b"<w:ins w:author='x'><w:r><w:t>\xe6\x8f\x92</w:t></w:r></w:ins>", b"<w:del><w:r><w:delText>x</w:delText></w:r></w:del>",
             b"<w:r><w:sym w:char='D800'/><w:br/><w:tab/></w:r>", b"<w:tcPr><w:vMerge/><w:gridSpan w:val='99999999999'/></w:tcPr>",
             b"<w:trPr><w:gridBefore w:val='-3'/></w:trPr>", b"<w:start w:val='2000000000'/><w:numFmt w:val='upperRoman'/>",
             b"<w:pPr><w:numPr><w:numId w:val='1'/><w:ilvl w:val='99'/></w:numPr><w:pStyle w:val='a'/></w:pPr>",
             b"<w:lvlText w:val='%1%2%9%1'/>", b"<w:sdt><w:sdtContent><w:p/></w:sdtContent></w:sdt>",
             b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"&amp;\x00"],
    "html": [b"<div>", b"</div>", b"<table><tr><td>", b"</td></tr></table>", b"<script>", b"</script>", b"<!--",
             b"<?xml version='1.0' encoding='UTF-16'?>", b"<meta charset='utf-16'>", b"\x00", b"&#0;", b"&#xD800;",
             b"<!DOCTYPE html [", b"]>", b"\xff\xfe", b"<p hidden>", b"<a>", b"<br>"],
    "pdf": [b"/Count 2147483647", b"[[[[", b"<<", b">>", b"endobj", b"/Length 1 0 R", b"stream\n", b"endstream",
            b"/Kids [2 0 R]", b"/MediaBox [0 0 0 0]", b"/Filter /LZWDecode", b"0 0 R", b"/Type /Pages", b"\x00"],
}  # fmt: skip
_BOUNDARY = {"docx": b">", "html": b">", "pdf": b"\n"}
_SEEDS_FOR_STRUCTURE = {
    "html": (FIXTURES / "encodings" / "framework-article-2021.html").read_bytes(),
    "pdf": _SEEDS_FOR_FUZZ["pdf"],
}


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(["docx", "html", "pdf"]),
    part=st.sampled_from(["word/document.xml", "word/numbering.xml", "word/styles.xml", "_rels/.rels"]),
    edits=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 17)), min_size=1, max_size=6),
    cut=st.floats(min_value=0.5, max_value=1.0),
)
def test_markup_damage_inside_real_files_raises_only_extract_errors(
    kind: str, part: str, edits: list[tuple[float, int]], cut: float
) -> None:
    data = bytearray(_DOCX_MEMBERS[part] if kind == "docx" else _SEEDS_FOR_STRUCTURE[kind])
    tokens = _TOKENS[kind]
    for where, token in sorted(edits, reverse=True):
        at = data.find(_BOUNDARY[kind], int(where * len(data))) + 1  # after a tag or line end
        data[at:at] = tokens[token % len(tokens)]
    if kind == "html":
        data = data[: max(1, int(cut * len(data)))]
    damaged = bytes(data)
    if kind == "docx":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, member in _DOCX_MEMBERS.items():
                zf.writestr(name, damaged if name == part else member)
        damaged = buf.getvalue()
    _read_or_extract_error(damaged, f"x.{kind}")
