"""Hostile inputs: every one ends in a clear ExtractError or a correct read, never a traceback,
a hang or a memory blow-up. Inputs are built here, small; limits are lowered where a real-size
input would be slow to build. No timing assertions: the cases that used to take minutes or
gigabytes finish here in well under a second each."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest

from extract.errors import CorruptFile, EncodingError, NeedsOCR, TooLarge, UnsupportedFormat
from extract.file import process_bytes
from extract.readers.docx import read_docx
from extract.readers.html import html_to_text, read_html
from extract.readers.pdf import read_pdf
from extract.readers.txt import read_txt
from extract.records import Extraction

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="{target}" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
TITLE = "<w:p><w:r><w:t>长春市生态环境保护目标责任书</w:t></w:r></w:p>"


# --- builders -----------------------------------------------------------------------------------


def document(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'


def package(
    parts: dict[str, str | bytes | None], method: int = zipfile.ZIP_DEFLATED, target: str = "word/document.xml"
) -> bytes:
    """A .docx with _rels/.rels pointing at ``target``; a part given as None is left out."""
    members: dict[str, str | bytes | None] = {
        "[Content_Types].xml": "<Types/>",
        "_rels/.rels": _RELS.format(target=target),
        "word/document.xml": document(TITLE),
    }
    members.update(parts)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            if data is not None:
                zf.writestr(name, data)
    return buf.getvalue()


def numbered(lvl_text: str, fmt: str = "decimal", start: int = 1, paragraphs: int = 3) -> bytes:
    numbering = (
        f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
        f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{lvl_text}"/></w:lvl>'
        '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    item = '<w:p><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>项</w:t></w:r></w:p>'
    return package({"word/numbering.xml": numbering, "word/document.xml": document(TITLE + item * paragraphs)})


def patch_member_sizes(data: bytes, name: str, size: int) -> bytes:
    """``data`` with the uncompressed size of member ``name`` set to ``size`` in both headers."""
    out = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    struct.pack_into("<I", out, info.header_offset + 22, size)
    pos = out.find(b"PK\x01\x02")
    while pos >= 0:
        length = struct.unpack_from("<H", out, pos + 28)[0]
        if bytes(out[pos + 46 : pos + 46 + length]) == name.encode():
            struct.pack_into("<I", out, pos + 24, size)
        pos = out.find(b"PK\x01\x02", pos + 4)
    return bytes(out)


def docx_text(data: bytes) -> str:
    return read_docx(io.BytesIO(data), name="x.docx").text


# --- DOCX: entities, zip bombs, odd packages ----------------------------------------------------

_LAUGHS = "".join(
    f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "lol"}">' for i in range(1, 10)
)
_BOMB_BODIES = {
    "word/document.xml": f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>',
    "word/numbering.xml": f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:lvlText w:val="&lol9;"/></w:lvl></w:abstractNum></w:numbering>',
    "word/styles.xml": f'<w:styles xmlns:w="{W_NS}"><w:style w:styleId="a"><w:name w:val="&lol9;"/></w:style></w:styles>',
}  # fmt: skip


@pytest.mark.parametrize("part", sorted(_BOMB_BODIES))
@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-16"])
@pytest.mark.parametrize(
    "dtd", [f"<!DOCTYPE x [{_LAUGHS}]>", '<!DOCTYPE x [<!ENTITY lol9 SYSTEM "file:///etc/passwd">]>']
)
def test_entity_bombs_and_external_entities_are_refused_in_any_encoding(part: str, encoding: str, dtd: str) -> None:
    # A UTF-16 part hides "<!DOCTYPE" from a byte search; the parsed tree gives it away.
    xml = f'<?xml version="1.0" encoding="{encoding}"?>{dtd}{_BOMB_BODIES[part]}'
    data = package({part: xml.encode(encoding.lower())})
    with pytest.raises(CorruptFile, match=f"{part} declares a DTD") as info:
        docx_text(data)
    assert "entity-expansion attack" in str(info.value)


def test_member_inflating_past_its_declared_size_is_corrupt_not_a_memory_blowup() -> None:
    honest = package({"word/document.xml": document(TITLE) + " " * (4 << 20)})
    with pytest.raises(CorruptFile, match="word/document.xml cannot be unpacked .*CRC"):
        docx_text(patch_member_sizes(honest, "word/document.xml", 1000))


@pytest.mark.parametrize(("method", "name"), [(zipfile.ZIP_BZIP2, "bzip2"), (zipfile.ZIP_LZMA, "LZMA")])
def test_bzip2_and_lzma_members_are_refused(method: int, name: str) -> None:
    # zipfile inflates these without an output bound, so a lying size is a memory bomb.
    with pytest.raises(CorruptFile, match=f"compressed with {name}, which Word never writes"):
        docx_text(package({}, method=method))


def test_xml_part_over_the_part_limit_is_refused_before_inflating(monkeypatch: pytest.MonkeyPatch) -> None:
    import extract.readers.xmlsafe

    monkeypatch.setattr(extract.readers.xmlsafe, "DEFAULT_MAX_XML_PART_BYTES", 10_000)
    data = package({"word/document.xml": document(TITLE * 1000)}, method=zipfile.ZIP_STORED)
    with pytest.raises(TooLarge, match="word/document.xml inflates to"):
        docx_text(data)


def test_xml_nested_past_the_parser_depth_says_so() -> None:
    body = "<w:sdt><w:sdtContent>" * 300 + TITLE + "</w:sdtContent></w:sdt>" * 300
    with pytest.raises(CorruptFile, match="nested deeper than .* 256 levels"):
        docx_text(package({"word/document.xml": document(body)}))


def test_nesting_just_under_the_depth_limit_reads() -> None:
    body = "<w:customXml>" * 240 + TITLE + "</w:customXml>" * 240
    assert docx_text(package({"word/document.xml": document(body)})) == "长春市生态环境保护目标责任书"


def test_member_names_with_path_traversal_are_never_used() -> None:
    data = package({"../../../tmp/evil.xml": "x", "/etc/passwd": "y", "word/../../escape.xml": "z"})
    assert docx_text(data) == "长春市生态环境保护目标责任书"


@pytest.mark.parametrize("target", ["../../../../etc/passwd", "word/../../etc/passwd", "/_rels/.rels"])
def test_main_part_outside_word_is_refused(target: str) -> None:
    with pytest.raises(UnsupportedFormat, match="main part is"):
        docx_text(package({}, target=target))


def test_missing_document_part() -> None:
    with pytest.raises(CorruptFile, match="no word/document.xml"):
        docx_text(package({"word/document.xml": None}))


# --- DOCX: text that a small file multiplies -----------------------------------------------------


def test_huge_numbering_label_is_cut_not_repeated() -> None:
    # A 300,000-character w:lvlText on 2,000 paragraphs would be 600 M characters.
    text = docx_text(numbered("一" * 300_000 + "%1.", paragraphs=2_000))
    assert len(text) < 200_000
    assert text.split("\n")[1] == "一" * 64 + "项"


@pytest.mark.parametrize(("fmt", "label"), [("upperRoman", "2000000000"), ("upperLetter", "2000000000")])
def test_huge_start_values_give_short_labels(fmt: str, label: str) -> None:
    # Roman numerals of 2e9 or letters repeated 77 million times used to hang or fill memory.
    assert docx_text(numbered("%1.", fmt=fmt, start=2_000_000_000)).split("\n")[1] == label + ". 项"


def test_merged_cells_repeating_a_large_cell_stop_at_the_text_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import extract.readers.docx

    monkeypatch.setattr(extract.readers.docx, "DEFAULT_MAX_TEXT_CHARS", 1_000_000)
    first = f"<w:tr><w:tc><w:p><w:r><w:t>{'长' * 100_000}</w:t></w:r></w:p></w:tc></w:tr>"
    merged = "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>" * 1_000
    data = package({"word/document.xml": document(f"<w:tbl>{first}{merged}</w:tbl>")}, method=zipfile.ZIP_STORED)
    with pytest.raises(TooLarge, match="more than 1,000,000 characters"):
        docx_text(data)


def test_huge_grid_span_is_clamped() -> None:
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="2000000000"/></w:tcPr><w:p><w:r><w:t>格</w:t></w:r></w:p></w:tc>'
    before = '<w:trPr><w:gridBefore w:val="2000000000"/></w:trPr>'
    row = f"<w:tr>{before}{cell * 3}</w:tr>"
    assert docx_text(package({"word/document.xml": document(f"<w:tbl>{row}</w:tbl>")})) == "格\t格\t格"


def test_many_insertions_in_one_paragraph_keep_their_revisions() -> None:
    ins = '<w:ins w:author="a"><w:r><w:t>x</w:t></w:r><w:r><w:t>y</w:t></w:r></w:ins>'
    data = package({"word/document.xml": document(f"<w:p>{ins * 20_000}</w:p>")}, method=zipfile.ZIP_STORED)
    got = read_docx(io.BytesIO(data))
    assert got.text == "xy" * 20_000
    assert len(got.revisions) == 20_000
    assert {(r.text, r.span_end - r.span_start) for r in got.revisions} == {("xy", 2)}


def test_many_paragraphs_in_one_cell_join_as_before() -> None:
    paras = "".join(f"<w:p><w:r><w:t>{w}</w:t></w:r></w:p>" for w in ["ab", "cd", "长", "ef"] * 5_000)
    text = docx_text(package({"word/document.xml": document(f"<w:tbl><w:tr><w:tc>{paras}</w:tc></w:tr></w:tbl>")}))
    assert text.startswith("ab cd长ef ab cd长ef") and len(text) == 5_000 * 9 - 1


def test_two_hundred_thousand_empty_paragraphs_read() -> None:
    data = package({"word/document.xml": document(TITLE + "<w:p/>" * 200_000)}, method=zipfile.ZIP_STORED)
    assert docx_text(data) == "长春市生态环境保护目标责任书" + "\n" * 200_000


def test_compressed_empty_paragraphs_are_refused_as_a_zip_bomb() -> None:
    with pytest.raises(TooLarge, match="a zip bomb"):
        docx_text(package({"word/document.xml": document(TITLE + "<w:p/>" * 200_000)}))


# --- TXT ----------------------------------------------------------------------------------------

LETTER = "长春市生态环境保护目标责任书\n一、空气质量优良天数比例不低于87.6%，细颗粒物浓度不高于33微克/立方米。\n"


def txt(data: bytes) -> Extraction:
    return read_txt(io.BytesIO(data), name="x.txt")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_recognised(codec: str) -> None:
    # It used to be "binary data, not text (NUL bytes)".
    got = txt((LETTER * 20).encode(codec))
    assert (got.text, got.encoding) == (LETTER * 20, codec)


def test_utf16_with_an_odd_trailing_byte_reads_with_a_warning() -> None:
    got = txt((LETTER * 20).encode("utf-16-le") + b"A")
    assert got.text == LETTER * 20 and "1 undecodable byte run" in got.warnings[0]


def test_nul_padding_is_dropped_with_a_warning_and_binary_is_refused() -> None:
    got = txt((LETTER * 20).encode() + b"\x00" * 100)
    assert got.text == LETTER * 20 and got.warnings == ("100 control character(s) such as NUL dropped; check the file",)
    with pytest.raises(EncodingError, match="binary data"):
        txt(b"\x00\x01\x02ab" * 1_000)


def test_mixed_encodings_are_an_encoding_error() -> None:
    with pytest.raises(EncodingError, match="cannot tell the text encoding"):
        txt((LETTER * 25).encode("utf-8") + (LETTER * 25).encode("gbk"))


def test_text_too_long_for_any_letter_is_refused_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    import extract.readers.source
    import extract.readers.txt

    monkeypatch.setattr(extract.readers.txt, "DEFAULT_MAX_TEXT_CHARS", 1_000)
    monkeypatch.setattr(extract.readers.source, "DEFAULT_MAX_TEXT_CHARS", 1_000)
    with pytest.raises(TooLarge, match="4,001 bytes of text: more than 1,000 characters"):
        txt(b"a" * 4_001)
    with pytest.raises(TooLarge, match="its text runs to more than 1,000 characters"):
        txt(b"a" * 1_001)
    assert txt(b"a" * 1_000).text == "a" * 1_000


def test_too_many_lines_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import extract.readers.source

    monkeypatch.setattr(extract.readers.source, "DEFAULT_MAX_LINES", 1_000)
    with pytest.raises(TooLarge, match="its text has 1,001 lines"):
        txt(b"\n" * 1_000)
    with pytest.raises(TooLarge, match="lines"):
        txt(b"\r" * 1_000 + LETTER.encode())


def test_many_bad_byte_runs_decode_without_copying_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"".join("长春".encode() * 20_000 + b"\xff" for _ in range(60))
    got = txt(data)
    assert got.text == "长春" * 20_000 * 60 and got.warnings[0].startswith("60 undecodable byte runs")


# --- HTML ---------------------------------------------------------------------------------------

ARTICLE = "<p>长春市生态环境保护目标责任书：空气质量优良天数比例不低于87.6%。</p>"
ARTICLE_TEXT = "长春市生态环境保护目标责任书：空气质量优良天数比例不低于87.6%。"


def page(body: str, head: str = "<meta charset='utf-8'>") -> bytes:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>".encode()


def html(data: bytes) -> Extraction:
    return read_html(io.BytesIO(data), name="x.html")


def test_dropped_elements_keep_the_text_after_them() -> None:
    # Removing 100,000 elements one by one re-copied the growing tail each time (39 s).
    got = html(page(ARTICLE + "<input>尾<script>x</script>文" * 50_000))
    assert got.text == ARTICLE_TEXT + "\n" + "尾文" * 50_000


@pytest.mark.parametrize(
    "body",
    ["<div>" * 3_000 + ARTICLE + "</div>" * 3_000, "<div><span><b>" * 1_000 + ARTICLE, "<table><tr><td>" * 1_000 + ARTICLE],
)
def test_nesting_past_the_parser_limit_is_an_error_not_a_silent_loss(body: str) -> None:
    # The parser stops at 2,048 levels; the article after that point used to vanish silently.
    with pytest.raises(CorruptFile, match="parser stopped at line 1: elements nested too deep") as info:
        html(page(body))
    assert "save it again" in str(info.value)


def test_nesting_under_the_parser_limit_reads_without_recursion() -> None:
    body = "<div>文" * 1_500 + ARTICLE + "</div>" * 1_500
    assert html(page(body)).text == "\n".join(["文"] * 1_500 + [ARTICLE_TEXT])


@pytest.mark.parametrize(
    "before",
    ["<script>" + "var a = '<p>';" * 1_000_000 + "</script>", "<div class='" + "a " * 6_000_000 + "'></div>", "<p>" + "文" * 3_500_000 + "</p>"],
    ids=["14MB-script", "12MB-attribute", "10.5MB-text"],
)  # fmt: skip
def test_content_past_libxml2_size_limits_does_not_cut_the_page(before: str) -> None:
    text = html_to_text(f"<html><body>{before}{ARTICLE}</body></html>")
    assert text.endswith(ARTICLE_TEXT)


@pytest.mark.parametrize("declaration", ['<?xml version="1.0" encoding="UTF-8"?>', "<?xml version='1.0' encoding='UTF-16'?>"])
def test_xhtml_with_an_xml_declaration_reads(declaration: str) -> None:
    # lxml refuses a str carrying an encoding declaration: every such XHTML page was "corrupt".
    assert html(f"{declaration}<html><body>{ARTICLE}</body></html>".encode()).text == ARTICLE_TEXT


@pytest.mark.parametrize(
    ("charset", "encoding"),
    [("utf-16", "utf-8"), ("UTF-16LE", "utf-8"), ("utf-7", "utf-8"), ("unicode_escape", "utf-8"), ("rot13", "utf-8"),
     ("gb2312", "gb18030")],
)  # fmt: skip
def test_declared_charsets_no_browser_uses_are_ignored(charset: str, encoding: str) -> None:
    data = f"<html><head><meta charset='{charset}'></head><body>{ARTICLE}</body></html>".encode(encoding)
    got = html(data + b" " * (len(data) % 2))  # even length: it would decode as UTF-16
    assert got.text == ARTICLE_TEXT and got.encoding == encoding


def test_meta_charset_lie_falls_back_to_detection() -> None:
    got = html(page(ARTICLE * 5).decode().encode("gb18030"))
    assert got.text == "\n".join([ARTICLE_TEXT] * 5) and got.encoding == "gb18030"


def test_nul_and_control_characters_are_dropped_with_a_warning() -> None:
    got = html(page(ARTICLE.replace("空气", "空\x00\x01气") + "\x00" * 10))
    assert got.text == ARTICLE_TEXT
    assert got.warnings == ("12 control character(s) such as NUL dropped; check the file",)


def test_doctype_entities_are_neither_expanded_nor_shown() -> None:
    bomb = '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    xxe = '<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    for doctype in (bomb, xxe):
        text = html(f"{doctype}<html><body>{ARTICLE}<p>&b;&x;</p></body></html>".encode()).text
        assert text == ARTICLE_TEXT + "\n&b;&x;"


def test_page_with_too_many_elements_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import extract.readers.html

    monkeypatch.setattr(extract.readers.html, "DEFAULT_MAX_ELEMENTS", 1_000)
    with pytest.raises(TooLarge, match="has 1,00[0-9] HTML elements"):
        html(page(ARTICLE + "<b>x</b>" * 1_000))


def test_link_density_over_deep_nesting_is_linear_and_still_prefers_the_article() -> None:
    # Each block used to walk its whole subtree for links: 2,000 levels x 240 chains timed out.
    links = "<div>栏<a>链</a>" * 1_500 + "</div>" * 1_500
    article = "<div>" + "".join(f"<p>第{i}条：推进重点流域保护修复，巩固提升饮用水安全保障水平。</p>" for i in range(150)) + "</div>"
    lines = html(page(links + article)).text.split("\n")
    assert len(lines) == 150 and lines[0].startswith("第0条")


# --- PDF ----------------------------------------------------------------------------------------

PDF_TEXT = b"BT /F1 12 Tf 72 700 Td (Air quality target 87.6%) Tj ET"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_file(objects: list[bytes], broken_xref: bool = False) -> bytes:
    """A PDF of ``objects`` (object 1 is the catalog) with a correct or shifted xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out) + (7 if broken_xref else 0))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_stream(content: bytes, extra: bytes = b"", flate: bool = True) -> bytes:
    if flate:
        content, extra = zlib.compress(content), extra + b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(content), extra, content)


def pdf_pages(*contents: bytes, page_extra: bytes = b"", catalog_extra: bytes = b"") -> bytes:
    """One page per content stream, all with font F1; objects: catalog, pages, font, then
    page and content pairs."""
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(len(contents)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog_extra, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(contents)), _FONT]
    for i, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> %s>>" % (5 + 2 * i, page_extra)
        )
        objects.append(pdf_stream(content))
    return pdf_file(objects)


def _without_xref_table(data: bytes) -> bytes:
    return data[: data.index(b"xref\n0 ")] + data[data.index(b"trailer") :]


def pdf(data: bytes) -> Extraction:
    return read_pdf(io.BytesIO(data), name="x.pdf")


def zlib_bomb(megabytes: int, layers: int = 1) -> bytes:
    """zlib data inflating to ``megabytes`` MB of spaces, built without compressing them."""
    chunk = b" " * (1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)  # the same bytes every MB
    adler = 1
    for _ in range(megabytes):
        adler = zlib.adler32(chunk, adler)
    data = b"\x78\xda" + piece * megabytes + deflate.flush() + struct.pack(">I", adler)
    return data if layers == 1 else zlib.compress(data)


@pytest.mark.parametrize("layers", [1, 2])
def test_flate_bomb_is_refused_before_pdfium_inflates_it(layers: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # pdfium inflates a content stream whole: a 4 MB file took 5 GB.
    import extract.readers.pdf

    monkeypatch.setattr(extract.readers.pdf, "DEFAULT_MAX_INFLATED_BYTES", 8 << 20)
    filters = b" /Filter [/FlateDecode /FlateDecode]" if layers == 2 else b" /Filter /FlateDecode"
    bomb = zlib_bomb(9, layers)
    data = pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", _FONT,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [5 0 R 6 0 R] /Resources << /Font << /F1 3 0 R >> >> >>",
        b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(bomb), filters, bomb), pdf_stream(PDF_TEXT),
    ])  # fmt: skip
    with pytest.raises(TooLarge, match="inflate to more than 8,388,608 bytes: a decompression bomb"):
        pdf(data)
    monkeypatch.setattr(extract.readers.pdf, "DEFAULT_MAX_INFLATED_BYTES", 16 << 20)
    assert pdf(data).text == "Air quality target 87.6%"


def test_image_streams_are_not_counted_as_a_bomb() -> None:
    from extract.readers.pdf import check_inflated_size

    bomb = zlib_bomb(3)
    image = b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /Length %d >>\nstream\n%s\nendstream" % (len(bomb), bomb)
    content = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(bomb), bomb)
    check_inflated_size(pdf_file([image]), limit=1 << 20)
    with pytest.raises(TooLarge):
        check_inflated_size(pdf_file([content]), limit=1 << 20)


def test_page_with_too_many_text_objects_is_skipped_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    # pdfium's text page is quadratic on overlapping characters: 100,000 took 88 s.
    import extract.readers.pdf

    monkeypatch.setattr(extract.readers.pdf, "DEFAULT_MAX_PAGE_TEXT_OBJECTS", 100)
    dense = b"BT /F1 10 Tf 100 100 Td " + b"(x) Tj -5 0 Td " * 101 + b"ET"
    got = pdf(pdf_pages(PDF_TEXT, dense))
    assert got.text == "Air quality target 87.6%"
    assert got.warnings == ("page 2: more than 100 text objects, too many to read safely; not read",)
    with pytest.raises(TooLarge, match=r"no page could be read safely \(page 1: more than 100 text objects"):
        pdf(pdf_pages(dense))


def test_text_objects_inside_forms_count_too(monkeypatch: pytest.MonkeyPatch) -> None:
    import extract.readers.pdf

    monkeypatch.setattr(extract.readers.pdf, "DEFAULT_MAX_PAGE_TEXT_OBJECTS", 100)
    form = pdf_stream(b"BT /F1 10 Tf 100 100 Td " + b"(x) Tj 5 0 Td " * 101 + b"ET",
                      b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>")  # fmt: skip
    data = pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", _FONT,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources << /XObject << /X 6 0 R >> >> >>",
        pdf_stream(b"/X Do"), form,
    ])  # fmt: skip
    with pytest.raises(TooLarge, match="more than 100 text objects"):
        pdf(data)


def test_too_many_ruling_lines_skip_the_table_finder(monkeypatch: pytest.MonkeyPatch) -> None:
    # pdfplumber's table finder took 14 s on a page of 20,000 small boxes.
    import extract.readers.pdf

    monkeypatch.setattr(extract.readers.pdf, "DEFAULT_MAX_TABLE_EDGES", 10)
    grid = b"".join(b"%d %d 4 4 re S\n" % (20 + i * 5, 20) for i in range(20))
    got = pdf(pdf_pages(grid + PDF_TEXT))
    assert got.text == "Air quality target 87.6%"
    assert got.warnings == ("page 1: 12 ruling lines, too many for the table finder; tables read as prose",)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("javascript", pdf_pages(PDF_TEXT, catalog_extra=b"/OpenAction << /S /JavaScript /JS (while(true){}) >> ")),
        ("huge-mediabox", pdf_pages(PDF_TEXT).replace(b"[0 0 595 842]", b"[0 0 1e30 1e30]")),
        ("zero-mediabox", pdf_pages(PDF_TEXT).replace(b"[0 0 595 842]", b"[0 0 0 0]")),
        ("shifted-xref", pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", _FONT,
                                   b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources << /Font << /F1 3 0 R >> >> >>",
                                   pdf_stream(PDF_TEXT)], broken_xref=True)),
        ("no-xref-table", _without_xref_table(pdf_pages(PDF_TEXT))),
        ("page-count-lie", pdf_pages(PDF_TEXT).replace(b"/Count 1", b"/Count 2000000000")),
        ("length-self-reference", pdf_pages(PDF_TEXT).replace(b"/Length %d" % len(zlib.compress(PDF_TEXT)), b"/Length 5 0 R")),
        ("deep-arrays", pdf_pages(PDF_TEXT, page_extra=b"/Foo " + b"[" * 50_000 + b"]" * 50_000)),
        ("deep-q", pdf_pages(b"q " * 100_000 + PDF_TEXT + b" Q" * 100_000)),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)  # fmt: skip
def test_odd_pdfs_read(name: str, data: bytes) -> None:
    assert pdf(data).text == "Air quality target 87.6%"


def test_page_tree_loop_is_corrupt() -> None:
    data = pdf_pages(PDF_TEXT).replace(b"/Kids [4 0 R]", b"/Kids [2 0 R 4 0 R]").replace(b"/Count 1", b"/Count 2")
    with pytest.raises(CorruptFile, match="page 2 cannot be read"):
        pdf(data)


def test_many_empty_pages_need_ocr() -> None:
    with pytest.raises(NeedsOCR, match="5000 page"):
        pdf(pdf_pages(*[b""] * 5_000))


# --- every hostile input through the per-file function: a row, never a traceback -----------------


def _hostile_docx() -> dict[str, bytes]:
    return {
        "laughs-utf16.docx": package(
            {"word/document.xml": f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [{_LAUGHS}]>{_BOMB_BODIES["word/document.xml"]}'.encode("utf-16")}
        ),
        "bzip2.docx": package({}, method=zipfile.ZIP_BZIP2),
        "label.docx": numbered("一" * 300_000 + "%1.", paragraphs=2_000),
        "roman.docx": numbered("%1.", fmt="upperRoman", start=2_000_000_000),
        "nested.docx": package({"word/document.xml": document("<w:sdt><w:sdtContent>" * 300 + TITLE + "</w:sdtContent></w:sdt>" * 300)}),
    }  # fmt: skip


def _hostile_html() -> dict[str, bytes]:
    return {
        "tails.html": page(ARTICLE + "<input>尾" * 20_000),
        "deep.html": page("<div>" * 3_000 + ARTICLE),
        "xhtml.html": f'<?xml version="1.0" encoding="UTF-8"?><html><body>{ARTICLE}</body></html>'.encode(),
        "utf16-meta.html": f"<html><head><meta charset='utf-16'></head><body>{ARTICLE}</body></html>".encode(),
        "nul.html": page(ARTICLE + "\x00" * 100),
    }


def _hostile_txt() -> dict[str, bytes]:
    return {
        "utf16.txt": (LETTER * 20).encode("utf-16-be"),
        "nul.txt": (LETTER * 20).encode() + b"\x00" * 100,
        "binary.txt": bytes(range(256)) * 64,
        "mixed.txt": (LETTER * 25).encode("utf-8") + (LETTER * 25).encode("gbk"),
        "crs.txt": b"\r" * 1_100_000,
    }


def _hostile_pdf() -> dict[str, bytes]:
    return {
        "overlap.pdf": pdf_pages(b"BT /F1 10 Tf 100 100 Td " + b"(x) Tj -5 0 Td " * 20_001 + b"ET"),
        "loop.pdf": pdf_pages(PDF_TEXT).replace(b"/Kids [4 0 R]", b"/Kids [2 0 R 4 0 R]").replace(b"/Count 1", b"/Count 2"),
        "empty-pages.pdf": pdf_pages(*[b""] * 100),
        "garbage.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 100,
    }


def hostile_inputs() -> dict[str, bytes]:
    return {**_hostile_docx(), **_hostile_txt(), **_hostile_html(), **_hostile_pdf()}


@pytest.mark.parametrize("name", sorted(hostile_inputs()))
def test_process_bytes_turns_every_hostile_input_into_records_or_an_error_row(name: str) -> None:
    rec = process_bytes(hostile_inputs()[name], name)
    assert rec.documents or rec.errors
    for err in rec.errors:
        assert err.stage == "read" and err.code != "extract-error" and "\n" not in err.message
        assert err.message.startswith(f"{name}: ") and "; " in err.message  # what is wrong; what to do
