from __future__ import annotations

from pathlib import Path

import pytest

from parallax.config import DEFAULT_EXTENSION_ORIGIN, Settings, SettingsError


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
