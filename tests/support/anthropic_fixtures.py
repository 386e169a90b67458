"""The loopback fake of the Anthropic Messages API as fixtures (a pytest plugin, registered by
tests/conftest.py): ``anthropic_server`` is one server per module, and ``fake`` is that server,
reset before each test. The integration tests and the cloud's secret-fetch tests both use them;
a module that needs a server of its own per test defines its own ``fake``, which takes
precedence."""

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
