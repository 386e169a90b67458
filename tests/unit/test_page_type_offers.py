"""The page-type model file and the offer model that names refused pages (issue 16, sixth
round): a page judged not an article is named a product or service page or a front or listing
by a second set of trees, where the layout alone named most service pages listings."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest

from parallax.domain import page_type
from parallax.domain.page_type import (
    FEATURE_NAMES,
    REASONS,
    PageSignals,
    features,
    judge_page,
    offer_page_score,
)


def _stored() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(
        resources.files("parallax.domain.data").joinpath("page_type_model.json").read_text("utf-8")
    )
    return raw


def _teaser_page(**signals: Any) -> PageSignals:
    """The signals of a page the layout reads as a listing: 30 headline links, no article."""
    base: dict[str, Any] = {
        "og_type": "website", "word_count": 600, "lines": 40, "headline_links": 30,
        "path_depth": 2,
    }  # fmt: skip
    return PageSignals(**{**base, **signals})


def test_the_stored_model_has_an_offer_model_over_the_same_features() -> None:
    # Given the model file in the package
    raw = _stored()
    # When it is read
    model = page_type._read_model(raw)
    # Then both sets of trees are there, over the features the judgement computes
    assert model.offers is not None and len(model.offers.trees) == len(raw["offers"]["trees"])
    assert model.names == FEATURE_NAMES
    assert len(features(_teaser_page())) == len(FEATURE_NAMES)


def test_a_model_file_without_an_offer_model_is_read_and_names_by_layout() -> None:
    # Given a model file written before the offer model
    raw = {k: v for k, v in _stored().items() if k != "offers"}
    # When it is read / Then it has no offer model
    assert page_type._read_model(raw).offers is None


def test_trees_score_the_bias_plus_the_rate_times_the_leaves_reached() -> None:
    # Given two stumps over the first feature (says_article) and the eleventh (log_words)
    trees = {"bias": -1.0, "rate": 0.5, "trees": [[0, 0.5, 2.0, -2.0], [10, 3.0, 1.0, 4.0]]}
    scored = page_type._read_trees(trees)
    # When a page that declares no article, of 600 words (log1p 6.4), is scored
    x = features(_teaser_page())
    # Then the score is -1 + 0.5 * (2 + 4)
    assert scored.score(x) == pytest.approx(2.0)


def test_a_refused_page_the_offer_model_scores_an_offer_is_named_a_service_page() -> None:
    # Given a refused page the layout reads as a listing (30 headline links)
    page = _teaser_page()
    # When its offer score says a shop's or service's page / Then it is named a service page
    judgement = judge_page(page, score=9.0, offer_score=2.0)
    assert (judgement.page_type, judgement.reason) == ("service", "service_page")
    assert judgement.detail == REASONS["service_page"]
    assert "offer score +2.00" in judgement.evidence
    # And when it says a front or listing, it is a listing, as the layout says
    judgement = judge_page(page, score=9.0, offer_score=-2.0)
    assert (judgement.page_type, judgement.reason) == ("listing", "listing")


def test_an_offer_page_that_declares_a_product_is_named_a_product_page() -> None:
    judgement = judge_page(_teaser_page(og_type="product"), score=9.0, offer_score=2.0)
    assert (judgement.page_type, judgement.reason) == ("product", "product_page")


def test_a_page_whose_title_names_a_list_stays_a_list_whatever_the_offer_score() -> None:
    # Given a refused page whose title names an index
    page = _teaser_page(title_listing=True)
    # When the offer model says an offer / Then it is still named a listing, by its layout
    judgement = judge_page(page, score=9.0, offer_score=5.0)
    assert (judgement.page_type, judgement.reason) == ("listing", "listing")


def test_a_refused_page_at_the_sites_root_the_offer_model_reads_as_a_list_is_a_front() -> None:
    page = _teaser_page(url_is_root=True, path_depth=0)
    judgement = judge_page(page, score=9.0, offer_score=-1.0)
    assert (judgement.page_type, judgement.reason) == ("front", "section_front")


def test_an_article_is_never_renamed_and_the_offer_score_is_not_needed() -> None:
    # Given a page scored an article
    page = _teaser_page(og_type="article", headline_links=0, own_headline=True)
    # When judged with any offer score / Then it is an article
    assert judge_page(page, score=-9.0, offer_score=9.0).is_article


def test_the_offer_score_is_zero_without_an_offer_model(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a model without an offer model
    raw = {k: v for k, v in _stored().items() if k != "offers"}
    monkeypatch.setattr(page_type, "_model", lambda: page_type._read_model(raw))
    # When a refused page is scored and named / Then the score is 0 and the layout names it
    assert offer_page_score(_teaser_page()) == 0.0
    judgement = judge_page(_teaser_page(), score=9.0)
    assert (judgement.page_type, judgement.reason) == ("listing", "listing")
    assert not any(e.startswith("offer score") for e in judgement.evidence)
