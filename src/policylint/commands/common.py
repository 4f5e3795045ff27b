"""What several commands share: the project config and the policy, found and loaded once."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from policylint.cache import Cache
from policylint.config import Config, load_config
from policylint.discovery import display_path
from policylint.policy import Policy, find_policy, load_policy
from policylint.ruleset import Rule, load_rules
from policylint.validation import use_cache


@dataclass
class Project:
    cwd: Path
    config: Config
    policy: Policy
    policy_file: Path
    rules: list[Rule]


def load_project(
    policy_option: str | None, config_option: str | None, no_cache: bool = False
) -> Project:
    cwd = Path.cwd()
    config = load_config(cwd, Path(config_option) if config_option else None)
    configured = config.base / config.get("policy") if config.get("policy") else None
    policy_file = find_policy(cwd, policy_option, configured)
    if not no_cache and config.get("cache", True):
        root = config.path.parent if config.path else policy_file.resolve().parent
        use_cache(Cache.at(root))
    policy = load_policy(policy_file, display_path(policy_file.resolve(), cwd))
    rules = load_rules(config.paths("rules"))
    return Project(cwd, config, policy, policy_file, rules)


def use_color(stream: object) -> bool:
    """Colour only on a terminal, and never with NO_COLOR set (https://no-color.org)."""
    import os

    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


def stdout_color() -> bool:
    return use_color(sys.stdout)
