"""The backend's not-an-article reasons and the panel's words for them stay one list.

The panel localises a refusal by its ``reason`` code (``error_not_an_article_reason_<code>``)
and falls back to the generic text for a code it does not know; a code the backend starts to
send without words in every locale would silently lose the reader the advice it carries.
"""

from __future__ import annotations

import json

import pytest

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
