from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def chdir_tmp(tmp_path: Path) -> Iterator[Path]:
    """Run inside an empty folder that is its own repository root."""
    (tmp_path / ".git").mkdir()
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


@pytest.fixture(autouse=True)
def _no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


# Hypothesis budgets (tests/test_fuzz.py): HYPOTHESIS_PROFILE=ci (the default: fixed examples,
# the same on every run) or long (many more, random: for fuzzing sessions, docs/fuzzing.md).
from hypothesis import HealthCheck  # noqa: E402
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
_hypothesis_settings.register_profile(
    "ci", deadline=None, derandomize=True, database=None, print_blob=True
)
_hypothesis_settings.register_profile(
    "long", max_examples=20_000, deadline=None, suppress_health_check=_SLOW_OK, print_blob=True
)
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
