"""The realdocs pages (../shared/realdocs): the issue's bar, met with the government matched, stays met."""

from __future__ import annotations

from goldset import check_floor
from places import SHARED

FOLDER = SHARED / "realdocs"

# The bar the product was asked to meet on these pages (P >= 0.95, R >= 0.93 with the government
# matched). The score is above it (make eval GOLD=../shared/realdocs); a change that takes it below
# the bar fails here.
BAR = (0.95, 0.93)


def test_realdocs_score_meets_the_bar() -> None:
    check_floor(FOLDER, BAR, BAR)
