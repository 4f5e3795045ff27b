"""``policylint policy validate`` (and ``init``)."""

from __future__ import annotations

from pathlib import Path

from policylint.config import load_config
from policylint.discovery import display_path
from policylint.policy import find_policy, load_policy


def validate_policy(file: str | None) -> str:
    cwd = Path.cwd()
    config = load_config(cwd)
    configured = config.base / config.get("policy") if config.get("policy") else None
    path = find_policy(cwd, file, configured)
    shown = display_path(path.resolve(), cwd)  # as `check` names it
    policy = load_policy(path, shown)
    count = len(policy.categories or ())
    return f"{shown}: valid policy ({count} categories)"
