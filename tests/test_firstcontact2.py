"""The pages of tests/fixtures/firstcontact2: numbers laid out per government in tables and lists. Their
answers were written by hand before the product was run on them; these tests keep them well-formed,
quoting their pages, and the set apart from every older set of real pages."""

from __future__ import annotations

from goldset import check_answers, check_apart, check_values
from places import REPO, SHARED

FOLDER = REPO / "tests" / "fixtures" / "firstcontact2"
OLDER = [FOLDER.parent / name for name in ("firstcontact", "heldout", "heldout2", "firstcontact3")]


def test_every_answer_quotes_its_page() -> None:
    answers = check_answers(FOLDER, min_pages=8)
    check_values(answers)
    assert all(a["entity"] for a in answers)


def test_every_page_has_its_source_and_no_other_set_holds_it() -> None:
    others = [folder for folder in OLDER if (folder / "sources.jsonl").exists()] + [SHARED / "realdocs"]
    assert len(others) >= 4  # firstcontact, heldout, heldout2 and realdocs at least
    check_apart(FOLDER, others, min_provinces=5)
