"""The pages of tests/fixtures/heldout2: held out until their first run. Their answers were written by
hand before the product was run on them; these tests keep them well-formed and the set apart from
every older set of real pages."""

from __future__ import annotations

from goldset import check_answers, check_sources, lines
from places import REPO, SHARED

FOLDER = REPO / "tests" / "fixtures" / "heldout2"


def test_every_answer_quotes_its_page() -> None:
    for a in check_answers(FOLDER, min_pages=15):
        assert a["year"] is None or 2000 <= a["year"] <= 2035, a
        assert isinstance(a["approx"], bool) and a["indicator"].count(".") == 1, a


def test_every_page_has_its_source_and_no_other_set_holds_it() -> None:
    sources = check_sources(FOLDER)
    assert len({s["province"] for s in sources}) >= 8
    others = (FOLDER.parent / "firstcontact" / "sources.jsonl", FOLDER.parent / "heldout" / "sources.jsonl",
              SHARED / "realdocs" / "sources.jsonl")
    seen = {s["url"] for path in others for s in lines(path)}
    assert seen and not seen & {s["url"] for s in sources}
