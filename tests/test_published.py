"""A page's publication date (crawl log, meta tags, URL, dateline) and what it dates.

Every input here is invented, written the way news and government sites write dates.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from extract.file import process_bytes
from extract.published import SourceInfo, dateline, publication_date
from extract.readers.dates import date_in_text, date_in_url
from extract.readers.html import read_html
from pipeline.evaluate import extract_rows
from pipeline.evaluate import main as eval_main
from pipeline.manifest import MANIFEST_CODE, parse_manifest, read_manifest
from pipeline.run import RunSettings, run_extract


@pytest.mark.parametrize(("url", "day"), [
    ("http://paper.example.cn/html/2017-03/17/content_3042799.htm?div=-1", "2017-03-17"),
    ("https://sthjj.example.gov.cn/zwgk/ghjh/202112/t20211222_10211226_wap.html", "2021-12-22"),
    ("http://news.example.cn/20240606/2971806/c.html", "2024-06-06"),
    ("http://city.example.com.cn/system/2018/09/05/019087917.shtml", "2018-09-05"),
    ("http://sthjt.example.gov.cn/c10354/2024/9/20/72ccfcee.shtml", "2024-09-20"),
    ("http://site.example.cn/zixun/2022/0316/41900.html", "2022-03-16"),
    ("http://paper.example.com/pc/con/202206/16/content_26072.html", "2022-06-16"),
    ("https://www.example.gov.cn/govop/show/20201223063645-41850-00-000.html", "2020-12-23"),
    ("http://www.example.gov.cn/site/9/html/hjgl/kqyb/202503/877530.html", "2025-03-01"),  # a month's folder
])
def test_a_url_dates_its_page_as_sites_write_it(url: str, day: str) -> None:
    assert date_in_url(url) == dt.date.fromisoformat(day)


@pytest.mark.parametrize("url", [
    "http://fsou.example.com/html/text/lar/172175/17217552_4.html",  # an article id, no date
    "https://www.example.gov.cn/zwgk/006002003/2022/302/258784.html",  # a year and a column number
    "http://www.20180905.example.cn/news/1.html",  # a date in the host name is the site's, not the page's
    "http://site.example.cn/a/2019/13/45/1.html",  # no such month
    "http://site.example.cn/doc/201913/877530.html",  # six digits with no month in them
    None,
])
def test_a_url_without_a_whole_date_dates_nothing(url: str | None) -> None:
    assert date_in_url(url) is None


def test_a_dateline_at_the_top_dates_the_page_but_a_deadline_or_a_later_date_does_not() -> None:
    assert dateline("全市空气质量持续向好\n2018-09-05 10:23 来源：市生态环境局\n正文") == dt.date(2018, 9, 5)
    assert dateline("标题\n本报讯 2018年9月5日，记者从市生态环境局获悉，" + "今年全市空气质量持续改善，" * 8) == \
        dt.date(2018, 9, 5)
    assert dateline("标题\n到2020年6月30日前，全市完成燃煤锅炉淘汰任务。") is None  # a deadline
    assert dateline("标题\n为改善空气质量，" + "全市推进治理，" * 12 + "2019年3月1日起施行。") is None  # inside a sentence
    assert dateline("一\n二\n三\n四\n2018-09-05\n") is None  # below the top lines


def test_a_dateline_written_day_first_with_dots() -> None:
    """Some sites print a page's date day first (05.09.2018 10:23); with dots only, as 9/5/2018 could be
    either way round, and never inside a longer run of numbers (a version 1.05.09.2018)."""
    assert dateline("全市空气质量持续向好\n05.09.2018  10:23\n正文") == dt.date(2018, 9, 5)
    assert dateline("标题\n本文来源：市生态环境局 21.12.2020\n正文") == dt.date(2020, 12, 21)
    assert date_in_text("版本 1.05.09.2018") is None
    assert date_in_text("32.13.2018") is None  # no such day


def test_the_html_reader_gives_the_date_of_the_meta_tags_else_of_the_page_own_url() -> None:
    page = ("<html><head><meta name='PubDate' content='2019-01-28 10:30'><title>t</title></head>"
            "<body><div id='zoom'><p>今年全市PM2.5年均浓度控制在35微克/立方米以下。</p></div></body></html>")
    ex = read_html(page.encode("utf-8"), name="a.html")
    assert ex.published == "2019-01-28" and "2019" not in ex.text
    canonical = ("<html><head><link rel='canonical' href='http://news.example.cn/2020-04/24/content_1.htm'></head>"
                 "<body><p>今年全市PM2.5年均浓度控制在35微克/立方米以下。</p></body></html>")
    assert read_html(canonical.encode("utf-8"), name="b.html").published == "2020-04-24"
    plain = "<html><body><p>今年全市PM2.5年均浓度控制在35微克/立方米以下。</p></body></html>"
    assert read_html(plain.encode("utf-8"), name="c.html").published is None


def test_the_crawl_log_date_comes_first_then_meta_tags_then_the_url_then_the_dateline() -> None:
    text = "标题\n2016-01-02 来源：本报\n正文"
    url = "http://news.example.cn/html/2017-03/17/content_1.htm"
    assert publication_date(SourceInfo(url=url, published="2015-05-06"), "2014-07-08", text) == "2015-05-06"
    assert publication_date(SourceInfo(url=url), "2014-07-08", text) == "2014-07-08"
    assert publication_date(SourceInfo(url=url), None, text) == "2017-03-17"
    assert publication_date(None, None, text) == "2016-01-02"
    assert publication_date(None, None, "正文") is None
    assert date_in_text("发布时间：2019年1月28日") == dt.date(2019, 1, 28)


NEWS = ("全市空气质量再上台阶\n本报讯（记者 王华）记者从市生态环境局获悉，今年全市细颗粒物（PM2.5）年均浓度力争控制在"
        "35微克/立方米以下，9月底前完成30台燃煤锅炉淘汰。去年全市空气质量优良天数比例为88.5%。\n")


def test_a_page_naming_no_year_dates_its_statements_by_its_publication() -> None:
    undated = process_bytes(NEWS.encode(), "news.txt")
    assert [t.year for t in undated.targets] == [None, None, None]
    rec = process_bytes(NEWS.encode(), "news.txt", source=SourceInfo(url="http://paper.example.cn/html/2019-03/17/c.htm"))
    [doc] = rec.documents
    assert doc.year is None and doc.published == "2019-03-17"
    by_value = {t.value: t for t in rec.targets}
    assert (by_value[35.0].year, by_value[35.0].kind) == (2019, "target")  # 今年
    assert (by_value[30.0].year, by_value[30.0].deadline) == (2019, "2019-09")  # 9月底前
    assert (by_value[88.5].year, by_value[88.5].kind) == (2018, "actual")  # 去年: the year before publication


def test_a_document_year_of_its_own_wins_over_the_publication_year() -> None:
    text = "2020年全市大气污染防治工作方案\n今年全市细颗粒物（PM2.5）年均浓度控制在35微克/立方米以下。\n"
    rec = process_bytes(text.encode(), "plan.txt", source=SourceInfo(published="2021-02-03"))
    assert rec.documents[0].year == 2020 and rec.documents[0].published == "2021-02-03"
    assert [t.year for t in rec.targets] == [2020]


def test_a_malformed_crawl_log_line_is_one_problem_naming_the_line_and_the_rest_counts() -> None:
    lines = [
        json.dumps({"file": "a.txt", "url": "http://x.example.cn/2019-03/17/1.htm", "title": "标题", "genre": "news"}),
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"url": "http://x.example.cn/1.htm"}),
        json.dumps({"file": "b.txt", "published": "2019-13-01"}),
        json.dumps({"file": "c.txt", "url": 7}),
        json.dumps({"file": "a.txt", "published": "2019-01-01"}),
        "",
        json.dumps({"file": "./d.txt", "published": "2018-02-03"}),
    ]
    m = parse_manifest(lines, "sources.jsonl")
    assert m.sources == {"a.txt": SourceInfo(url="http://x.example.cn/2019-03/17/1.htm"),
                         "d.txt": SourceInfo(published="2018-02-03")}
    assert [p.split(":")[1].strip() for p in m.problems] == ["line 2", "line 3", "line 4", "line 5", "line 6", "line 7"]
    assert all(p.startswith("sources.jsonl: line ") and "fix the line" in p for p in m.problems)


def test_an_unreadable_crawl_log_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    path = tmp_path / "sources.jsonl"
    path.write_bytes(b"\xff\xfe\x00garbage")
    assert read_manifest(path).problems and not read_manifest(path).sources


def test_a_run_reads_the_crawl_log_beside_its_inputs(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "news.txt").write_text(NEWS, encoding="utf-8")
    (raw / "other.txt").write_text(NEWS.replace("全市空气质量再上台阶", "全县空气质量再上台阶"), encoding="utf-8")
    log = raw / "sources.jsonl"
    log.write_text(json.dumps({"file": "news.txt", "url": "http://paper.example.cn/html/2019-03/17/c.htm"}) + "\n"
                   + "{broken\n", encoding="utf-8")
    settings = RunSettings(raw=raw, parquet=tmp_path / "out", diff=False, checks=False, progress=False, jobs=1)
    summary = run_extract(settings)
    docs = pd.read_parquet(tmp_path / "out" / "documents").set_index("source_path")
    assert sorted(docs.index) == ["news.txt", "other.txt"]  # the log is no document
    assert docs.loc["news.txt", "published"] == dt.date(2019, 3, 17)
    assert pd.isna(docs.loc["other.txt", "published"])
    errors = pd.read_parquet(tmp_path / "out" / "errors")
    [row] = errors.to_dict("records")
    assert (row["source_path"], row["code"]) == ("sources.jsonl", MANIFEST_CODE)
    assert "line 2" in row["message"] and summary.failed == 1
    targets = pd.read_parquet(tmp_path / "out" / "targets")
    this_year = targets[targets.quote.str.startswith("今年")].set_index("doc_id").year
    assert this_year[docs.loc["news.txt", "doc_id"]] == 2019 and pd.isna(this_year[docs.loc["other.txt", "doc_id"]])
    # a corrected log dates the file again on the next run (the log is part of the file's cache key)
    log.write_text(json.dumps({"file": "news.txt", "published": "2018-05-01"}) + "\n", encoding="utf-8")
    again = run_extract(settings)
    docs = pd.read_parquet(tmp_path / "out" / "documents").set_index("source_path")
    assert docs.loc["news.txt", "published"] == dt.date(2018, 5, 1) and again.failed == 0


def test_eval_reads_the_gold_folder_crawl_log_as_a_run_reads_a_raw_folder(tmp_path: Path, capsys) -> None:
    gold = tmp_path / "gold"
    (gold / "docs").mkdir(parents=True)
    (gold / "docs" / "01.txt").write_text(NEWS, encoding="utf-8")
    (gold / "sources.jsonl").write_text(json.dumps({"file": "01.txt", "url": "http://paper.example.cn/2019-03/17/1.htm",
                                                    "title": "不读", "province": "不读"}) + "\n", encoding="utf-8")
    answer = {"doc": "01.txt", "entity": None, "indicator": "air.pm25", "comparator": "<=", "value": 35, "unit": "μg/m³",
              "kind": "target", "year": 2019, "approx": False, "quote": "今年全市细颗粒物"}
    (gold / "targets.jsonl").write_text(json.dumps(answer, ensure_ascii=False) + "\n", encoding="utf-8")
    rows, _, _ = extract_rows(str(gold / "docs"), ["01.txt"], read_manifest(gold / "sources.jsonl"))
    assert {r["year"] for r in rows} == {2019, 2018}
    assert eval_main(["--gold", str(gold), "--summary", "--ignore", "entity"]) == 0
    assert "recall 1.0000" in capsys.readouterr().out
