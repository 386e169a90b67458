"""The backend's not-an-article reasons and story-only notices, and the panel's words for them,
stay one list.

The panel localises a refusal by its ``reason`` code (``error_not_an_article_reason_<code>``)
and falls back to the generic text for a code it does not know; a code the backend starts to
send without words in every locale would silently lose the reader the advice it carries.
"""

from __future__ import annotations

import json
import re

import pytest

from parallax.domain.extraction.short_story import STORY_NOTICES
from parallax.domain.page_type import REASONS
from tests.conftest import REPO

LOCALES = sorted(p.name for p in (REPO / "extension" / "_locales").iterdir() if p.is_dir())


@pytest.mark.parametrize("locale", LOCALES)
def test_every_reason_the_backend_sends_has_words_in_every_locale(locale: str) -> None:
    # Given the panel's messages in one locale
    messages = json.loads(
        (REPO / "extension" / "_locales" / locale / "messages.json").read_text(encoding="utf-8")
    )
    # Then each reason code of the page-type judgement has its own message there
    missing = [code for code in REASONS if f"error_not_an_article_reason_{code}" not in messages]
    assert missing == [], f"{locale} lacks words for {missing}"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_story_only_notice_has_words_in_every_locale(locale: str) -> None:
    # Given the panel's messages in one locale
    messages = json.loads(
        (REPO / "extension" / "_locales" / locale / "messages.json").read_text(encoding="utf-8")
    )
    # Then each notice of a Brief without bullets (too_short, behind_gate, behind_consent) has its
    # words with coverage and without
    missing = [
        key
        for code in sorted(STORY_NOTICES)
        for key in (f"notice_{code}", f"notice_{code}_alone")
        if key not in messages
    ]
    assert missing == [], f"{locale} lacks words for {missing}"


def test_the_panel_knows_every_story_only_notice_the_backend_sends() -> None:
    # Given the panel's list of notices that make a Brief without bullets story-only
    render = (REPO / "extension" / "sidepanel" / "render.js").read_text(encoding="utf-8")
    declared = re.search(r"const STORY_ONLY_NOTICES = new Set\(\[([^\]]*)\]\)", render)
    assert declared is not None
    # Then it is the backend's list: a code missing there would show bullets' furniture instead
    assert set(re.findall(r'"(\w+)"', declared.group(1))) == STORY_NOTICES


def _messages(locale: str) -> dict[str, object]:
    path = REPO / "extension" / "_locales" / locale / "messages.json"
    loaded: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _error_codes() -> set[str]:
    import inspect

    from parallax.domain import errors

    return {
        cls.code
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, errors.ParallaxError)
    }


@pytest.mark.parametrize("locale", LOCALES)
def test_no_locale_has_words_for_codes_the_backend_never_sends(locale: str) -> None:
    from parallax.ingest.catalogue import OUTLET_TYPES

    # Given the panel's messages in one locale (tests/e2e/test_manifest.py checks that every code
    # has its words; this, that no words are left for codes that no longer exist)
    messages = _messages(locale)
    # Then the refusal reasons are exactly the page-type judgement's (home_page was none)
    prefix = "error_not_an_article_reason_"
    reasons = {key.removeprefix(prefix) for key in messages if key.startswith(prefix)}
    assert reasons == set(REASONS)
    # And the outlet types exactly the catalogue's (public, commercial, wire ... were nine
    # aliases no outlet carries: the catalogue refuses any other type)
    types = {key.removeprefix("outletType_") for key in messages if key.startswith("outletType_")}
    assert types == OUTLET_TYPES


def test_the_readme_documents_every_error_code() -> None:
    # Given the README's API section, where the codes are listed with their statuses
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    api = readme.split("\n## API\n", 1)[1].split("\n## ", 1)[0]
    # Then each code of the hierarchy is there (overloaded was not)
    assert sorted(code for code in _error_codes() if f"`{code}`" not in api) == []


# Words of lateness in each locale: the corroboration status line's "could not be read" covers
# reports that failed (refused, not an article, an error page) as well as those that timed out.
_LATENESS = {"en": "in time", "de": "rechtzeitig", "fr": "à temps", "es": "a tiempo"}


@pytest.mark.parametrize("locale", LOCALES)
def test_the_unread_reports_line_claims_no_cause_it_does_not_know(locale: str) -> None:
    # Given the panel's messages in one locale
    messages = json.loads(
        (REPO / "extension" / "_locales" / locale / "messages.json").read_text(encoding="utf-8")
    )
    # Then the line naming the reports that could not be read does not say they were late:
    # the panel counts a report that failed under it too (before: "could not be read in time"
    # for an outlet that answered at once with an error)
    for key in ("corroboration_unread_one", "corroboration_unread_other"):
        text = str(messages[key]["message"])
        assert _LATENESS.get(locale, "in time") not in text, f"{locale} {key}: {text}"
