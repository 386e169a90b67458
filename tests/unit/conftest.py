"""Fixtures shared by the unit tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

TRAINING_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "train_page_type.py"


@pytest.fixture
def page_type_training(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """``scripts/train_page_type.py`` as a module, for the tests of its rule switches. Its
    ``set_teaser_card_wall`` sets the rules' constants in ``parallax.domain.page_type`` for the
    whole process: every numeric constant there is put back after the test."""
    from parallax.domain import page_type

    for name, value in vars(page_type).copy().items():
        if name.isupper() and isinstance(value, int | float):
            monkeypatch.setattr(page_type, name, value)
    spec = importlib.util.spec_from_file_location("train_page_type_switches", TRAINING_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look it up there
    spec.loader.exec_module(module)
    return module
