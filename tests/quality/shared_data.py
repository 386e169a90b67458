"""Where every quality gate finds the evaluation data: ../shared/data beside the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import SHARED_DATA


def shared_data(*needed: str, gate: str) -> Path:
    """``SHARED_DATA`` when every ``needed`` file (a path under it) is there. Otherwise ``gate``
    fails in CI, where the data must be present, and is skipped elsewhere (a clone without the
    data beside it)."""
    missing = [str(SHARED_DATA / name) for name in needed if not (SHARED_DATA / name).is_file()]
    if not missing:
        return SHARED_DATA
    reason = (
        f"the evaluation data is missing ({', '.join(missing)}; expected beside the repository "
        f"as ../shared/data), so the {gate} cannot run"
    )
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; in CI it must be present", pytrace=False)
    pytest.skip(reason)
