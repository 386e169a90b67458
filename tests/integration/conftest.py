"""Fixtures the integration tests share: ``fake`` is the loopback fake of the Anthropic Messages
API (tests/support/fake_anthropic.py), one server per module, reset before each test. A module
that needs a server of its own per test defines its own ``fake``, which takes precedence."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.fake_anthropic import FakeAnthropic


@pytest.fixture(scope="module")
def anthropic_server() -> Iterator[FakeAnthropic]:
    with FakeAnthropic() as server:
        yield server


@pytest.fixture
def fake(anthropic_server: FakeAnthropic) -> FakeAnthropic:
    anthropic_server.reset()
    return anthropic_server
