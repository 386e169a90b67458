from __future__ import annotations

import contextlib

import pytest

from parallax.domain.errors import TooLarge
from parallax.domain.html_limits import (
    MAX_ATTRIBUTES,
    MAX_ATTRIBUTES_PER_ELEMENT,
    MAX_DEPTH,
    MAX_ELEMENTS,
    check_html_shape,
    html_shape,
)
from tests.conftest import PAGES
from tests.support.cpu_budget import thread_cpu


def test_the_fixture_articles_pass() -> None:
    # Given the real-looking article pages of the test fixtures, When checked, Then all pass
    for page in sorted(PAGES.glob("*.html")):
        check_html_shape(page.read_text(encoding="utf-8"))


def test_the_shape_counts_elements_attributes_and_depth() -> None:
    # Given a small page with a comment and a script that hold tag-like text
    html = (
        '<html><body><div class="a" id=b hidden><p>x<br/><img src="y.png" alt=\'z > w\'>'
        "<!-- <div><div> --><script>if (a<b) { '<div>' }</script></div></body></html>"
    )
    # When measured, Then comments and scripts are not counted and void/optional-end tags do not nest
    shape = html_shape(html)
    assert shape.max_attributes_per_element == 3
    assert shape.max_depth == 1
    assert shape.elements == 6  # html, body, div, p, br, img


@pytest.mark.parametrize(
    ("html", "message"),
    [
        (
            "<h1 " + " ".join(f"a{i}" for i in range(MAX_ATTRIBUTES_PER_ELEMENT + 1)) + ">",
            "An element",
        ),
        ("<p></p>" * (MAX_ELEMENTS + 1), "elements"),
        (
            ("<i " + " ".join(f"a{i}=1" for i in range(1_000)) + ">")
            * (MAX_ATTRIBUTES // 1_000 + 1),
            "attributes",
        ),
        ("<div>" * (MAX_DEPTH + 1), "deep"),
    ],
    ids=["attributes-per-element", "elements", "attributes", "depth"],
)
def test_each_limit_refuses_just_past_it(html: str, message: str) -> None:
    with pytest.raises(TooLarge, match=message):
        check_html_shape(html)


def test_at_the_limits_the_page_passes() -> None:
    check_html_shape("<h1 " + " ".join(f"a{i}" for i in range(MAX_ATTRIBUTES_PER_ELEMENT)) + ">")
    check_html_shape("<p></p>" * MAX_ELEMENTS)
    check_html_shape("<div>" * MAX_DEPTH)


@pytest.mark.parametrize(
    "html",
    ["<script" * 200_000, "<a" * 300_000, "<a b='" * 200_000, "<!--" * 200_000],
    ids=["unclosed-scripts", "unclosed-tags", "unclosed-quotes", "unclosed-comments"],
)
def test_unclosed_constructs_cost_linear_time(html: str) -> None:
    # Given markup that would make a backtracking scanner rescan to the end from every tag
    # When checked (accepted or refused), Then it takes about a linear pass, not minutes
    with thread_cpu() as cpu, contextlib.suppress(TooLarge):
        check_html_shape(html)
    assert cpu.seconds < 5
