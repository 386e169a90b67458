"""warm_up() loads what the first page read would otherwise load (hard4): the page-type
judgement's models as well as the extraction libraries and the language model."""

from __future__ import annotations

from parallax.domain import page_genre, page_type
from parallax.domain.extraction import page_reading, read_page, warm_up
from parallax.domain.language_id import language_model

# The judgement's loaders, each cached once per process (the trees and the offer model share one).
LOADERS = {
    "page-type model (trees and offer model)": page_type._model,
    "text genre weights": page_genre._genre_model,
    "compiled marker XPaths": page_type._marker_paths,
}


def test_warm_up_fills_the_page_type_loaders_caches() -> None:
    # Given a process in which no page has been judged yet
    for loader in LOADERS.values():
        loader.cache_clear()
    assert all(loader.cache_info().currsize == 0 for loader in LOADERS.values())
    # When it warms up
    warm_up()
    # Then the first reader no longer pays for loading the judgement's models
    empty = [name for name, loader in LOADERS.items() if loader.cache_info().currsize == 0]
    assert empty == []
    assert page_type._model().offers is not None  # the offer model came with the trees
    assert language_model.cache_info().currsize == 1


def test_the_warm_up_page_is_an_article_so_every_step_of_reading_runs() -> None:
    # The judgement scores only pages with enough text: the warm-up page must be one of them
    reading = read_page(page_reading._WARM_UP_HTML, page_reading._WARM_UP_URL)
    assert reading.is_article, reading.judgement
    assert reading.judgement.evidence[0].startswith("non-article score")
    assert reading.article.language == "en" and len(reading.article.sentences) >= 5


def test_warm_up_leaves_the_verdicts_as_they_were() -> None:
    # Given a page read in a process that loaded the models on first use
    for loader in LOADERS.values():
        loader.cache_clear()
    html = page_reading._WARM_UP_HTML.replace("tram line", "bridge")
    before = read_page(html, "https://example.org/news/bridge")
    # When the models are loaded by warm_up instead
    for loader in LOADERS.values():
        loader.cache_clear()
    warm_up()
    after = read_page(html, "https://example.org/news/bridge")
    # Then the reading is the same
    assert after.judgement == before.judgement
    assert after.article == before.article
