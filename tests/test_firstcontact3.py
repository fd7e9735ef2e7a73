"""The pages of tests/fixtures/firstcontact3: bulletins, monthly reports, press conferences and outcome
news of counties, prefectures, autonomous prefectures and provinces. Their answers were written by hand
before the product was run on them; these tests keep them well-formed and the set apart from every
older set of real pages."""

from __future__ import annotations

from goldset import check_answers, check_apart, check_floor, check_values
from places import REPO, SHARED

FOLDER = REPO / "tests" / "fixtures" / "firstcontact3"
FIXTURES = FOLDER.parent


def test_every_answer_quotes_its_page() -> None:
    check_values(check_answers(FOLDER, min_pages=8))


def test_every_page_has_its_source_and_no_other_set_holds_it() -> None:
    others = [FIXTURES / "firstcontact", FIXTURES / "heldout", FIXTURES / "heldout2", SHARED / "realdocs"]
    # the sibling set of per-government tables, once it is on main
    others += [p for p in (FIXTURES / "firstcontact2",) if (p / "sources.jsonl").exists()]
    check_apart(FOLDER, others, min_provinces=8)


# The first run (main b871fec, FIRST_RUN.md) scored P 0.5663 / R 0.5595 with the government and
# 0.6506 / 0.6429 without it. The floors sit a little under the score so that no change lowers it
# unnoticed; raise them as the score rises (0.7222 / 0.6964 and 0.7469 / 0.7202 once reports' sentences
# keep their government past ； and a layout's breaks, and pollutants listed by formula keep their measures;
# 0.7722 / 0.7262 and 0.7848 / 0.7381 at 30afd38 with 08's unit normalised).
FLOOR_WITH_GOVERNMENT = (0.75, 0.70)
FLOOR_WITHOUT_GOVERNMENT = (0.76, 0.71)


def test_score_stays_above_its_floor() -> None:
    check_floor(FOLDER, FLOOR_WITH_GOVERNMENT, FLOOR_WITHOUT_GOVERNMENT)
