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
