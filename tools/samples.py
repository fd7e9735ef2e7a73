"""Write the sample drafts shipped in ``data/raw/``: ``python -m tools.samples data/raw``.

The letters are invented (entities, numbers and wording come from ``tools.synth``, seeded, so the
output is the same on every run) and written the way drafts arrive: several letters bundled in
one UTF-8 text file, one letter as a Word file with real headings, one as a PDF whose lines wrap
inside words, one bundle in GB18030, and a county task decomposition. Needs the dev extra
(reportlab) for the PDF.
"""

from __future__ import annotations

import datetime
import io
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

from diff.atomic import atomic_write

PDF_FONT = "STSong-Light"
"""Adobe's built-in GB1 CID font: no font file to ship, and PDF readers map it to Unicode."""


def write_txt(letters: Sequence[str], path: Path, encoding: str = "utf-8") -> None:
    """Several letters in one text file, separated by blank lines, as bundles arrive."""
    text = "附件\n\n" + "\n\n".join(letter.strip("\n") + "\n" for letter in letters)
    atomic_write(path, lambda tmp: tmp.write_bytes(text.encode(encoding)))


def write_docx(letter: str, path: Path) -> None:
    """One letter as a Word file: a centred bold title, headings and body paragraphs."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    lines = [line for line in letter.split("\n") if line.strip()]
    for i, line in enumerate(lines):
        para = doc.add_paragraph()
        run = para.add_run(line.strip())
        run.font.size = Pt(16)
        if i < 3 and not line.strip().startswith(("一、", "●")):
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = i == 0
    fixed = datetime.datetime(2023, 1, 1, tzinfo=datetime.UTC)
    doc.core_properties.created = doc.core_properties.modified = fixed
    doc.core_properties.last_printed = fixed

    def save(tmp: Path) -> None:  # the same letter gives the same bytes: zip entries get a fixed date too
        buf = io.BytesIO()
        doc.save(buf)
        with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2023, 1, 1, 0, 0, 0)), src.read(info.filename),
                             compress_type=zipfile.ZIP_DEFLATED)

    atomic_write(path, save)


def write_pdf(letter: str, path: Path) -> None:
    """One letter as an A4 PDF with wrapped lines and a "— N —" page footer."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    body = ParagraphStyle("body", fontName=PDF_FONT, fontSize=15, leading=26, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=20, leading=34, alignment=1)

    def footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.setFont(PDF_FONT, 12)
        canvas.drawCentredString(A4[0] / 2, 30, f"— {doc.page} —")

    lines = [line.strip() for line in letter.split("\n") if line.strip()]
    story = [Paragraph(escape(line), title if i < 3 and not line.startswith(("一、", "●")) else body)
             for i, line in enumerate(lines)]

    def build(tmp: Path) -> None:
        SimpleDocTemplate(str(tmp), pagesize=A4, title="sample", invariant=1).build(
            story, onFirstPage=footer, onLaterPages=footer)

    atomic_write(path, build)


# An invented county's task decomposition: numbered tasks, each followed by its units.
DECOMPOSITION = """青禾县2023年度生态环境保护目标责任书分解方案
为落实市政府下达的青禾县2023年度生态环境保护目标责任书，按部门职责将目标任务分解如下:
一、改善环境质量
(一)大气环境
1.城市空气质量优良天数比例不低于92.5%，PM2.5、PM10浓度分别不高于24、41微克/立方米。
责任单位:生态环境局，住建局，各乡(镇)人民政府
2.加强秸秆禁烧管控，不得出现重污染天气。
责任单位:农业农村局、生态环境局，南山镇、北河乡人民政府
(二)水环境
3.国控断面水质优良比例达100%，县级集中式饮用水水源地水质达标率保持100%。
责任单位:生态环境局、水利局
4.城区生活污水处理率达96%以上，农村生活污水治理率达到35%。
责任单位:住建局、农业农村局
二、加强生态保护
5.完成森林覆盖率年度目标任务，森林覆盖率达到58.2%左右。
责任单位:林业局
6.受污染耕地安全利用率不低于92%，化肥使用量减少3%以上。
责任单位:农业农村局、自然资源局
"""


def write_samples(raw: Path) -> list[Path]:
    """Write every sample draft under ``raw``; returns the paths written."""
    from tools.synth import synth_family

    # Twelve letters: every kind of planted deviation appears once in the family.
    letters = [text for _, text in synth_family(12, seed=2023, year=2023).letters]
    raw.mkdir(parents=True, exist_ok=True)
    out = [raw / "letters-2023-bundle.txt", raw / "letters-2023-more.gb18030.txt",
           raw / "letter-2023-a.docx", raw / "letter-2023-b.docx", raw / "letter-2023-c.pdf",
           raw / "decomposition-2023.txt"]
    write_txt(letters[:6], out[0])
    write_txt(letters[6:9], out[1], encoding="gb18030")
    write_docx(letters[9], out[2])
    write_docx(letters[10], out[3])
    write_pdf(letters[11], out[4])
    atomic_write(out[5], lambda tmp: tmp.write_text(DECOMPOSITION, encoding="utf-8"))
    return out


def main(argv: list[str] | None = None) -> int:
    import argparse

    p = argparse.ArgumentParser(prog="python -m tools.samples",
                                description="Write the invented sample drafts (a twelve-letter family as TXT, "
                                            "GB18030, DOCX and PDF, and a county task decomposition).")
    p.add_argument("raw", nargs="?", type=Path, default=Path("data/raw"),
                   help="folder to write them into (default: %(default)s)")
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    for path in write_samples(args.raw):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
