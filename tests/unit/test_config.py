from __future__ import annotations

from pathlib import Path

import pytest

from parallax.config import (
    DEFAULT_EXTENSION_ORIGIN,
    MAX_USER_AGENT_CHARS,
    Settings,
    SettingsError,
)


def test_defaults_are_safe() -> None:
    settings = Settings.from_env({})
    assert settings.allow_private_hosts is False
    assert settings.allowed_ports == (80, 443)
    assert settings.cors_origins == (DEFAULT_EXTENSION_ORIGIN,)
    assert settings.home.name == "parallax"


def test_values_come_from_parallax_variables() -> None:
    settings = Settings.from_env(
        {
            "PARALLAX_HOME": "/tmp/px",
            "PARALLAX_ALLOW_PRIVATE_HOSTS": "1",
            "PARALLAX_ALLOWED_PORTS": "80, 443,8080",
            "PARALLAX_CORS_ORIGINS": "chrome-extension://a,moz-extension://b",
            "PARALLAX_CACHE_TTL_S": "60",
            "UNRELATED": "x",
        }
    )
    assert settings.home == Path("/tmp/px")
    assert settings.allow_private_hosts is True
    assert settings.allowed_ports == (80, 443, 8080)
    assert settings.cors_origins == ("chrome-extension://a", "moz-extension://b")
    assert settings.cache_ttl_s == 60


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PARALLAX_PORT", "seventy"),
        ("PARALLAX_FETCH_TIMEOUT_S", "-1"),
        ("PARALLAX_CACHE_BACKEND", "redis"),
    ],
)
def test_a_bad_value_fails_at_start_up_naming_the_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


def test_a_fresh_install_asks_the_index_and_both_search_services_and_polls_every_15_minutes() -> (
    None
):
    # Given no PARALLAX_* variable at all
    settings = Settings.from_env({})
    # Then related coverage comes from the local index and the two search services, and
    # `parallax serve` keeps the index fresh every 900 s
    assert settings.providers == ("index", "google_news", "gdelt")
    assert settings.ingest_interval_s == 900.0


def test_the_test_run_itself_asks_no_outside_service_and_polls_nothing() -> None:
    # Given the environment every test runs in (tests/conftest.py)
    settings = Settings.from_env()
    # Then only the local index is asked and no background poll starts
    assert settings.providers == ("index",)
    assert settings.ingest_interval_s == 0


@pytest.mark.parametrize(("value", "expected"), [("0", 0.0), ("60", 60.0), ("3600.5", 3600.5)])
def test_the_ingest_interval_is_off_or_at_least_a_minute(value: str, expected: float) -> None:
    assert Settings.from_env({"PARALLAX_INGEST_INTERVAL_S": value}).ingest_interval_s == expected


@pytest.mark.parametrize("value", ["-1", "1", "59.9", "86401", "soon", "nan"])
def test_a_bad_ingest_interval_fails_at_start_up_naming_the_variable(value: str) -> None:
    with pytest.raises(SettingsError, match="PARALLAX_INGEST_INTERVAL_S"):
        Settings.from_env({"PARALLAX_INGEST_INTERVAL_S": value})


def test_providers_can_be_narrowed_to_the_local_index_only() -> None:
    settings = Settings.from_env({"PARALLAX_PROVIDERS": "index"})
    assert settings.providers == ("index",)


# "nan" and "inf" for an LLM time-out or temperature were refused with "should be less than or
# equal to 25" (issue 14 attack): true of neither, so the message now says what is wrong.
@pytest.mark.parametrize(
    "name",
    ["PARALLAX_LLM_TIMEOUT_S", "PARALLAX_LLM_TRANSLATE_TIMEOUT_S", "PARALLAX_LLM_TEMPERATURE"],
)
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN"])
def test_a_non_finite_llm_number_is_refused_as_not_finite(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=f"^{name}: Input should be a finite number$"):
        Settings.from_env({name: value})


def test_a_bad_llm_value_never_echoes_what_was_given() -> None:
    # Given a secret pasted into the wrong variables
    secret = "sk-ant-api03-DO-NOT-LOG"
    env = {"PARALLAX_LLM_MAX_RETRIES": secret, "PARALLAX_LLM_PROVIDER": secret}
    # Then the message names both variables and shows no part of the value
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(env)
    assert "PARALLAX_LLM_MAX_RETRIES" in str(caught.value)
    assert "PARALLAX_LLM_PROVIDER" in str(caught.value)
    assert "sk-ant" not in str(caught.value)


# A value of white space only was taken as the value (hardening): PARALLAX_LLM_MODEL="   " made
# every model call fail at the first Brief instead of the start-up naming the variable.
_TEXT_SETTINGS = [
    "PARALLAX_LLM_MODEL",
    "PARALLAX_LLM_BEDROCK_MODEL",
    "PARALLAX_LLM_API_KEY",
    "PARALLAX_LLM_API_KEY_SECRET",
    "PARALLAX_STAGE",
    "PARALLAX_HOME",
    "PARALLAX_HOST",
    "PARALLAX_USER_AGENT",
    "PARALLAX_GOOGLE_NEWS_BASE_URL",
    "PARALLAX_CACHE_TABLE",
    "PARALLAX_INDEX_BUCKET",
    "PARALLAX_INDEX_KEY",
    "PARALLAX_FEED_QUEUE_URL",
    "PARALLAX_AWS_REGION",
]
_LIST_SETTINGS = ["PARALLAX_PROVIDERS", "PARALLAX_CORS_ORIGINS", "PARALLAX_ALLOWED_PORTS"]


@pytest.mark.parametrize(
    ("name", "blank"),
    [(name, blank) for name in _TEXT_SETTINGS for blank in ("   ", "\t", " \n ")]
    + [(name, blank) for name in _LIST_SETTINGS for blank in ("   ", " , ", ",")],
)
def test_a_blank_string_setting_is_refused_naming_it(name: str, blank: str) -> None:
    # Given a variable set to white space (or, for a list, to separators) only
    # When the settings are read
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({name: blank})
    # Then start-up fails naming the variable and what is wrong
    assert str(caught.value) == f"{name}: must not be blank (unset the variable for the default)"
    assert caught.value.settings == (name,)


@pytest.mark.parametrize("agent", ["Bot/1\r\nX-Extra: 1", "Bot/1\nX", "\u20acBot/1", "Bot\x00/1"])
def test_a_user_agent_that_is_no_header_value_is_refused_at_start(agent: str) -> None:
    # Given a user agent with a line break, a control or a non-ASCII character (every fetch
    # failed as "the connection to the site failed", or every Brief was a 500 UnicodeEncodeError,
    # once a request was made)
    # When the settings are read
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"PARALLAX_USER_AGENT": agent})
    # Then start-up fails naming the variable
    assert caught.value.settings == ("PARALLAX_USER_AGENT",)
    assert "printable ASCII" in str(caught.value)
    assert Settings.from_env({"PARALLAX_USER_AGENT": "MyBot/2.0 (+https://x.example)"})


def test_a_user_agent_longer_than_a_header_should_be_is_refused_at_start() -> None:
    # Given a user agent of several KB (sites answer 400 or 431: every fetch failed, found only
    # at the first request)
    # When the settings are read
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"PARALLAX_USER_AGENT": "Bot/1 " + "x" * 4_000})
    # Then start-up fails naming the variable and the bound
    assert caught.value.settings == ("PARALLAX_USER_AGENT",)
    assert f"at most {MAX_USER_AGENT_CHARS} characters" in str(caught.value)
    at_the_bound = "B" * MAX_USER_AGENT_CHARS
    assert Settings.from_env({"PARALLAX_USER_AGENT": at_the_bound}).user_agent == at_the_bound


def test_surrounding_white_space_is_not_part_of_a_value() -> None:
    # Given values pasted with a trailing newline or padding
    settings = Settings.from_env(
        {
            "PARALLAX_LLM_MODEL": " claude-haiku-4-5\n",
            "PARALLAX_LLM_API_KEY": "sk-test\n",
            "PARALLAX_PORT": " 8839 ",
            "PARALLAX_PROVIDERS": " index , gdelt ",
        }
    )
    # Then the values are what was meant
    assert settings.llm_model == "claude-haiku-4-5"
    assert settings.llm_api_key is not None
    assert settings.llm_api_key.get_secret_value() == "sk-test"
    assert settings.port == 8839
    assert settings.providers == ("index", "gdelt")


def test_an_error_names_every_bad_setting_once_for_the_log() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"PARALLAX_PORT": "x", "PARALLAX_LLM_MODEL": " ", "PARALLAX_STAGE": " "})
    assert set(caught.value.settings) == {
        "PARALLAX_PORT",
        "PARALLAX_LLM_MODEL",
        "PARALLAX_STAGE",
    }


@pytest.mark.parametrize(
    "origins",
    [
        "*",
        "null",
        "chrome-extension://abc,*",
        "https://*.example.org",
        "chrome-extension://abcnaopliegkipjfhllbmpobejklbpki/",
        "Chrome-Extension://ABCNAOPLIEGKIPJFHLLBMPOBEJKLBPKI",
        "https://panel.example.org/path",
        "https://user@panel.example.org",
        "panel.example.org",
        # a browser leaves the default port out of Origin: these never matched (before: taken)
        "https://panel.example.org:443",
        "http://localhost:80,http://localhost:8080",
    ],
)
def test_cors_origins_must_be_origins_never_a_wildcard(origins: str) -> None:
    # Given an origin list with a wildcard, 'null', or an entry no browser sends as Origin
    # (before: taken; '*' made `parallax serve` grant every web page its answers)
    # When the settings are read
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"PARALLAX_CORS_ORIGINS": origins})
    # Then start-up fails naming the variable, not echoing the value
    assert str(caught.value).startswith("PARALLAX_CORS_ORIGINS: ")
    assert "example.org" not in str(caught.value) and "abc" not in str(caught.value)


def test_cors_origins_take_extension_and_web_origins() -> None:
    origins = (
        "chrome-extension://abcnaopliegkipjfhllbmpobejklbpki,"
        "moz-extension://0c1a2b3c-4d5e-6f70-8192-a3b4c5d6e7f8,"
        "http://localhost:5173,http://127.0.0.1:8080,http://[::1]:8080,https://panel.example.org,"
        "http://panel.example.org:443,https://panel.example.org:8443"
    )
    settings = Settings.from_env({"PARALLAX_CORS_ORIGINS": origins})
    assert len(settings.cors_origins) == 8


@pytest.mark.parametrize(
    "origin", ["https://example.com.", "https://example.com.:8443", "http://localhost.:8080"]
)
def test_cors_origins_take_a_host_with_one_trailing_dot(origin: str) -> None:
    # A browser at "https://example.com./" sends Origin "https://example.com." (before: refused)
    assert Settings.from_env({"PARALLAX_CORS_ORIGINS": origin}).cors_origins == (origin,)


@pytest.mark.parametrize(
    "origin",
    ["https://example.com..", "https://.", "https://example..com", "https://example.com.:443"],
)
def test_cors_origins_refuse_more_than_one_trailing_dot(origin: str) -> None:
    with pytest.raises(SettingsError):
        Settings.from_env({"PARALLAX_CORS_ORIGINS": origin})
