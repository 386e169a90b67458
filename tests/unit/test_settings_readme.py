"""The settings tables (README's, and docs/deploy.md's for the cloud) against ``Settings``: every
default they state is the default the code has, every setting is in one of them, and every
``PARALLAX_*`` name the docs or the template use is a setting."""

from __future__ import annotations

import re
from typing import Any

import pytest

from parallax.config import Settings
from tests.conftest import REPO

_ROW = re.compile(r"^\|([^|]+)\|([^|]+)\|")
_VARIABLE = re.compile(r"`(PARALLAX_[A-Z0-9_]+)`")
# A default cell that is only values: `x`, unset, `y`, ... (prose cells are not checked).
_VALUES_ONLY = re.compile(r"^\s*(?:(?:`[^`]*`|unset)\s*(?:,\s*|$))+$")
_VALUE = re.compile(r"`([^`]*)`|(unset)")


# Each document and the heading of its settings section.
_TABLES = (("README.md", "## Settings"), ("docs/deploy.md", "## Settings the cloud functions read"))


def _settings_rows() -> list[tuple[list[str], str]]:
    rows = []
    for name, heading in _TABLES:
        text = (REPO / name).read_text(encoding="utf-8")
        section = text.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]
        for line in section.splitlines():
            match = _ROW.match(line)
            if match and _VARIABLE.search(match.group(1)):
                rows.append((_VARIABLE.findall(match.group(1)), match.group(2)))
    return rows


def _documented_defaults() -> list[tuple[str, str | None]]:
    """(variable, value as written or None for "unset") for every row whose default cell lists
    one value per variable."""
    pairs: list[tuple[str, str | None]] = []
    for variables, cell in _settings_rows():
        if not _VALUES_ONLY.match(cell):
            continue
        values = [None if unset else quoted for quoted, unset in _VALUE.findall(cell)]
        if len(values) == len(variables):
            pairs.extend(zip(variables, values, strict=True))
    return pairs


def _field(variable: str) -> str:
    return variable.removeprefix("PARALLAX_").lower()


def test_the_readme_lists_every_model_setting() -> None:
    # Given the variables the README documents
    documented = {v for variables, _ in _settings_rows() for v in variables}
    # Then every llm_* field of Settings is among them
    model_fields = {
        f"PARALLAX_{name.upper()}" for name in Settings.model_fields if name.startswith("llm_")
    }
    assert model_fields - documented == set()


def test_every_setting_is_in_a_settings_table_with_its_default() -> None:
    # Given the variables the two tables document, each with a default cell
    documented = {v for variables, _ in _settings_rows() for v in variables}
    # Then every field of Settings is among them (PARALLAX_RATE_LIMIT_*, _USER_AGENT, _STAGE and
    # the cloud's thirteen were in neither)
    fields = {f"PARALLAX_{name.upper()}" for name in Settings.model_fields}
    assert sorted(fields - documented) == []


def _named_in_docs() -> dict[str, set[str]]:
    files = [REPO / "README.md", REPO / "template.yaml", *sorted((REPO / "docs").glob("*.md"))]
    named: dict[str, set[str]] = {}
    for path in files:
        # `PARALLAX_LLM_*` names a family, not a variable
        for name in re.findall(r"PARALLAX_[A-Z0-9_]*[A-Z0-9](?![A-Z0-9_]*\*)", path.read_text()):
            named.setdefault(name, set()).add(path.name)
    return named


def test_every_variable_the_docs_name_is_a_setting() -> None:
    # Given every PARALLAX_* name in the README, docs/ and the SAM template
    named = _named_in_docs()
    # Then each is a field of Settings (a stale name would be silently ignored when set)
    unknown = {
        name: sorted(where)
        for name, where in named.items()
        if name.removeprefix("PARALLAX_").lower() not in Settings.model_fields
    }
    assert unknown == {}


@pytest.mark.parametrize(("variable", "written"), _documented_defaults())
def test_a_documented_default_is_the_default_of_settings(
    variable: str, written: str | None
) -> None:
    # Given a variable the README gives a default for
    assert _field(variable) in Settings.model_fields, f"{variable} is not a setting"
    default: Any = getattr(Settings(), _field(variable))
    if written is None:
        # Then "unset" means no default value
        assert default is None
        return
    # When the written value is read the way the environment is read
    read = getattr(Settings.from_env({variable: written}), _field(variable))
    # Then it is the default
    assert read == default


def test_the_input_budget_default_is_the_domains() -> None:
    # The domain's prompt builder has its own default budget; Settings must agree with it.
    from parallax.domain.neutral_summary import DEFAULT_INPUT_TOKEN_BUDGET

    assert Settings().llm_input_token_budget == DEFAULT_INPUT_TOKEN_BUDGET


def test_the_adapter_takes_its_defaults_and_bounds_from_settings() -> None:
    from pydantic import ValidationError

    from parallax.adapters.llm import LlmSettings

    # Given the adapter's settings with nothing set, Then each default is the one in Settings
    defaults = LlmSettings()
    for name in LlmSettings.model_fields:
        assert getattr(defaults, name) == getattr(Settings(), f"llm_{name}")
    # And a value Settings refuses is refused by the adapter too
    with pytest.raises(ValidationError):
        LlmSettings(max_tokens=Settings.model_fields["llm_max_tokens"].default * 100)


def test_a_model_setting_out_of_bounds_fails_at_start_up() -> None:
    from parallax.config import SettingsError

    # Given a model deadline longer than the API function's 25 s
    # When the settings are read, Then it is refused there, naming the variable
    with pytest.raises(SettingsError, match="PARALLAX_LLM_TIMEOUT_S"):
        Settings.from_env({"PARALLAX_LLM_TIMEOUT_S": "30"})
