"""The evaluation's furniture detector, apart from the summariser's own filter (issue 16)."""

from __future__ import annotations

import pytest

from parallax.evaluation.furniture import furniture_kind, near_duplicate_pairs

TITLE = "Storm floods the lower town as the river bursts its banks"
AUTHORS = ["Roland Brockmann", "Sebastian Drescher"]


@pytest.mark.parametrize(
    ("bullet", "kind"),
    [
        ("Storm floods lower town as river bursts its banks", "headline"),
        ("Von Roland Brockmann und Sebastian Drescher", "byline"),
        ("Posted: Thursday, April 21, 2022.", "date"),
        ("Aktualisiert am 19.02.2020, 14:35 Uhr", "date"),
        ("SIOUX FALLS, S.D.", "dateline"),
        ("LOWER SAXONY, GERMANY (AP) —", "dateline"),
        ("Skip to main content and read the latest news", "interface"),
        ("Sign up for our newsletter to get the best stories every morning.", "interface"),
        ("Read more", "fragment"),
    ],
)
def test_furniture_is_named_by_kind(bullet: str, kind: str) -> None:
    assert furniture_kind(bullet, TITLE, AUTHORS) == kind


@pytest.mark.parametrize(
    "bullet",
    [
        "The river rose two metres overnight and flooded 300 homes in the lower town, the mayor said.",
        "Roland Brockmann, the fire chief, said the dam would hold until Friday at least.",
        "On April 21, 2022, the council voted to build a new flood wall along the river.",
    ],
)
def test_statements_are_not_furniture(bullet: str) -> None:
    assert furniture_kind(bullet, TITLE, AUTHORS) is None


def test_near_duplicates_are_counted_once_per_pair() -> None:
    bullets = [
        "The council approved a budget of 120 million dollars on Monday.",
        "On Monday the council approved a budget of 120 million dollars.",
        "Schools will receive 8 million dollars more than last year.",
    ]
    assert near_duplicate_pairs(bullets) == 1
