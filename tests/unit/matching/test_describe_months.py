"""Experience is shown the way recruiters say it, not as a raw month count."""

from __future__ import annotations

import pytest

from portal.matching.rules import describe_months


@pytest.mark.parametrize(
    ("months", "said"),
    [
        (0, "0 months"),
        (1, "1 month"),
        (11, "11 months"),
        (12, "1 year"),
        (13, "1 year 1 month"),
        (24, "2 years"),
        (124, "10 years 4 months"),
    ],
)
def test_describe_months(months: int, said: str) -> None:
    assert describe_months(months) == said
