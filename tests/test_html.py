"""read_html: the article without the site around it, never a script, any declared charset."""

from __future__ import annotations

import io

import pytest
from places import SHARED

from extract.errors import CorruptFile
from extract.readers.html import html_to_text, read_html

FIXTURES = SHARED / "fixtures"
SEED_ARTICLE = next((SHARED / "seeds").glob("001_*.txt"))


def seed_article_paragraphs() -> list[str]:
    """The seed page's article: from the lead paragraph to the last one before the site footer."""
    lines = [line.strip() for line in SEED_ARTICLE.read_text(encoding="utf-8").split("\n") if line.strip()]
    first = next(i for i, line in enumerate(lines) if line.startswith("吉林省印发"))
    last = next(i for i, line in enumerate(lines) if line.startswith("投稿与新闻线索"))
    return lines[first:last]


def test_framework_article_is_the_seed_article() -> None:
    got = read_html(FIXTURES / "encodings" / "framework-article-2021.html")
    assert got.encoding == "utf-8" and got.format == "html"
    assert got.text.split("\n") == seed_article_paragraphs()
    for chrome in ("搜索历史清空", "热门排行", "特别声明", "首页", "广告", "您的位置"):
        assert chrome not in got.text


def test_script_injection_never_reaches_the_text() -> None:
    got = read_html(FIXTURES / "bad" / "script-injection.html")
    assert "alert(1)" not in got.text and "<script" not in got.text.lower()
    assert "城市环境空气质量优良天数比例不低于87.6%" in got.text
    assert got.text.startswith("长春市人民政府生态环境保护目标责任书\n（2022年）\n（征求意见稿）\n一、")


def test_declared_charset_is_used() -> None:
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
    page += "<body><div id='zoom'><p>地表水断面水质优良比例达到70%</p></div></body></html>"
    got = read_html(io.BytesIO(page.encode("gbk")))
    assert (got.text, got.encoding) == ("地表水断面水质优良比例达到70%", "gb18030")


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>第一段<br>第二行</p><ul><li>甲</li><li>\t乙</li></ul>", "第一段\n第二行\n甲\n乙"),
        ("<table><tr><th>指标</th><th>目标</th></tr><tr><td>优良天数比例</td><td>≥86.3%</td></tr></table>",
         "指标\t目标\n优良天数比例\t≥86.3%"),
        ("<p>可见<span style='display: none'>隐藏</span>文字</p><!-- 注释 --><p hidden>藏</p>", "可见文字"),
        ("<p>A&amp;B 达到&nbsp;95%</p><style>p{}</style><noscript>请启用</noscript>", "A&B 达到 95%"),
        ("<p>正文<script>document.write('<p>假</p>')</script>继续</p>", "正文继续"),
    ],
)  # fmt: skip
def test_blocks_tables_and_hidden_elements(markup: str, expected: str) -> None:
    assert html_to_text(f"<html><body>{markup}</body></html>") == expected


def test_densest_container_wins_without_conventional_names() -> None:
    nav = "".join(f"<a href='/{i}'>栏目{i}</a>" for i in range(20))
    article = "".join(f"<p>第{i}条：推进重点流域保护修复，巩固提升饮用水安全保障水平。</p>" for i in range(5))
    markup = f"<html><body><div class='x'>{nav}</div><div class='y'>{article}</div><div>版权所有</div></body></html>"
    got = html_to_text(markup).split("\n")
    assert len(got) == 5 and got[0].startswith("第0条")


def test_empty_page_is_an_error() -> None:
    with pytest.raises(CorruptFile):
        read_html(io.BytesIO(b"   "), name="blank.html")
