"""Static checks of the extension: least permissions, strict CSP, the pinned id, complete
translations, and the lists it shares with the backend. No browser needed."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from typing import Any

import pytest

from parallax.api.problems import STATUS_BY_CODE
from parallax.config import DEFAULT_EXTENSION_ORIGIN
from parallax.domain.languages import SUPPORTED_LANGUAGES
from tests.e2e.harness import EXTENSION_DIR, EXTENSION_ID, messages

MANIFEST: dict[str, Any] = json.loads((EXTENSION_DIR / "manifest.json").read_text("utf-8"))
# Every locale the extension ships (en, de, fr, es today), so that one added later is checked too.
LOCALES = tuple(sorted(p.name for p in (EXTENSION_DIR / "_locales").iterdir() if p.is_dir()))
CLIENT_CODES = (
    "backend_unreachable",
    "backend_timeout",
    "bad_response",
    "brief_too_large",
    "no_access",
    "needs_click",
    "cancelled",
    "page_not_read",
    "unknown",
)
NOTICES = (
    "not_translated",
    "llm_timeout",
    "llm_rate_limited",
    "llm_overloaded",
    "llm_error",
    "llm_invalid_output",
    "llm_unfaithful",
    "unknown",
)


def test_the_key_pins_the_id_the_backend_allows() -> None:
    digest = hashlib.sha256(base64.b64decode(MANIFEST["key"])).hexdigest()[:32]
    extension_id = digest.translate(str.maketrans("0123456789abcdef", "abcdefghijklmnop"))
    assert extension_id == EXTENSION_ID
    assert f"chrome-extension://{extension_id}" == DEFAULT_EXTENSION_ORIGIN


def test_least_permissions() -> None:
    assert sorted(MANIFEST["permissions"]) == ["activeTab", "scripting", "sidePanel", "storage"]
    assert "host_permissions" not in MANIFEST
    assert "content_scripts" not in MANIFEST
    assert "web_accessible_resources" not in MANIFEST
    text = json.dumps(MANIFEST)
    assert "<all_urls>" not in text and "*://*/*" not in text
    # Optional, asked for only from the options page, for a backend that does not allow the
    # extension's origin by CORS (Firefox's moz-extension:// origin is random per install).
    assert MANIFEST["optional_host_permissions"] == [
        "http://127.0.0.1/*",
        "http://localhost/*",
        "https://*/*",
    ]


def test_strict_content_security_policy() -> None:
    csp = MANIFEST["content_security_policy"]["extension_pages"]
    directives = {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in csp.split(";")) if part
    }
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert "unsafe" not in csp and "data:" not in csp and "blob:" not in csp
    assert directives["connect-src"] == [
        "'self'",
        "http://127.0.0.1:*",
        "http://localhost:*",
        "https:",
    ]


def test_one_source_for_chromium_and_firefox() -> None:
    background = MANIFEST["background"]
    assert background["service_worker"] == "background/worker.js"
    assert background["scripts"] == ["background/worker.js"]  # Firefox's fallback
    assert background["type"] == "module"
    assert MANIFEST["side_panel"]["default_path"] == MANIFEST["sidebar_action"]["default_panel"]
    assert MANIFEST["browser_specific_settings"]["gecko"]["id"]
    for path in (
        background["service_worker"],
        MANIFEST["side_panel"]["default_path"],
        MANIFEST["options_ui"]["page"],
        *MANIFEST["icons"].values(),
    ):
        assert (EXTENSION_DIR / path).is_file(), path


def test_no_html_from_strings_anywhere() -> None:
    for path in EXTENSION_DIR.glob("**/*.js"):
        if "node_modules" in path.parts or path.name == "eslint.config.js":
            continue
        source = path.read_text("utf-8")
        for pattern in (
            r"\.innerHTML\b",
            r"insertAdjacentHTML",
            r"document\.write",
            r"\beval\(",
            r"new Function\(",
        ):
            assert not re.search(pattern, source), f"{path.name}: {pattern}"


def test_every_locale_has_every_key_with_the_same_placeholders() -> None:
    english = messages("en")
    for locale in LOCALES:
        translated = messages(locale)
        assert translated.keys() == english.keys(), locale
        for key, entry in english.items():
            assert translated[key]["message"].strip(), (locale, key)
            assert translated[key].get("placeholders") == entry.get("placeholders"), (locale, key)
            used = {m.lower() for m in re.findall(r"\$([A-Za-z_]+)\$", translated[key]["message"])}
            assert used <= set(entry.get("placeholders", {})), (locale, key)


@pytest.mark.parametrize("code", sorted({*STATUS_BY_CODE, *CLIENT_CODES}))
def test_every_error_code_has_a_message_in_every_locale(code: str) -> None:
    for locale in LOCALES:
        translated = messages(locale)
        assert f"error_{code}_title" in translated, (locale, code)
        assert f"error_{code}_body" in translated, (locale, code)


def test_every_summary_notice_has_a_message() -> None:
    for locale in LOCALES:
        assert {f"notice_{n}" for n in NOTICES} <= messages(locale).keys()


def test_every_model_failure_has_a_message_for_points_left_in_the_articles_language() -> None:
    # A model's failure whose fallback points are in another language than the reader's names
    # both languages (render.js noticeText, "…_untranslated")
    for locale in LOCALES:
        found = messages(locale)
        for code in (n for n in NOTICES if n.startswith("llm_")):
            text = found[f"notice_{code}_untranslated"]["message"]
            assert "$ARTICLE$" in text and "$READER$" in text, (locale, code)


def test_summary_languages_match_the_backend() -> None:
    source = (EXTENSION_DIR / "lib" / "languages.js").read_text("utf-8")
    block = source.split("SUMMARY_LANGUAGES = Object.freeze([", 1)[1].split("]", 1)[0]
    assert set(re.findall(r'"([a-z]{2})"', block)) == set(SUPPORTED_LANGUAGES)


def test_every_outlet_type_of_the_catalogue_has_a_label() -> None:
    catalogue = pytest.importorskip("parallax.ingest.catalogue")
    for locale in LOCALES:
        for kind in catalogue.OUTLET_TYPES:
            assert f"outletType_{kind}" in messages(locale), (locale, kind)


def test_what_differs_between_chromium_and_firefox_lives_in_one_module() -> None:
    # Only lib/ext.js names a browser's own namespace or panel API; the rest imports from it.
    browser_specific = re.compile(
        r"\b(?:chrome|browser)\.[a-z]|\bsidePanel\b|\bsidebarAction\b|\bstorage\.session\b"
    )
    for path in EXTENSION_DIR.glob("**/*.js"):
        if "node_modules" in path.parts or path.name == "eslint.config.js":
            continue
        if path.relative_to(EXTENSION_DIR).as_posix() == "lib/ext.js":
            continue
        code = "\n".join(
            re.sub(r"(?<![:\\])//.*$", "", line)  # a trailing comment, not a URL's "//"
            for line in path.read_text("utf-8").splitlines()
            if not line.lstrip().startswith(("*", "/*", "//"))
        )
        assert not browser_specific.search(code), path.relative_to(EXTENSION_DIR)
