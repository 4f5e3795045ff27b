"""What several commands share: the project config and the policy, found and loaded once.

The loaded project (config, policy, rules) is kept in the cache folder
(:mod:`policylint.projectcache`) and used again while none of the files it was built from
changes; ``--no-cache`` and the config's ``cache: false`` turn that off.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policylint.config import Config, find_config, read_config
from policylint.discovery import Discovery, discover, display_path, names_something
from policylint.policy import find_policy

if TYPE_CHECKING:
    from policylint.cache import Cache
    from policylint.policy import Policy
    from policylint.readers import ReadOptions
    from policylint.ruleset import Rule


class Project:
    """What a command runs with: the config, the policy and its file, the rules."""

    __slots__ = ("config", "cwd", "policy", "policy_file", "rules")

    def __init__(
        self, cwd: Path, config: Config, policy: Policy, policy_file: Path, rules: list[Rule]
    ) -> None:
        self.cwd = cwd
        self.config = config
        self.policy = policy
        self.policy_file = policy_file
        self.rules = rules


def load_project(
    policy_option: str | None, config_option: str | None, no_cache: bool = False
) -> Project:
    from policylint.cache import Cache

    cwd = Path.cwd()
    config_path = Path(config_option) if config_option else find_config(cwd)
    if no_cache:
        return _load(cwd, config_path, policy_option, None)
    if config_path is not None:
        root = config_path.parent
    else:
        root = find_policy(cwd, policy_option, None).resolve().parent
    return _load(cwd, config_path, policy_option, Cache.at(root))


def _load(
    cwd: Path, config_path: Path | None, policy_option: str | None, cache: Cache | None
) -> Project:
    """The project, from the cache when it holds it, else read, validated and compiled."""
    from policylint import projectcache
    from policylint.cache import activate

    def locate(config: Config) -> tuple[Path, str]:
        configured = config.base / config.get("policy") if config.get("policy") else None
        policy_file = find_policy(cwd, policy_option, configured)
        return policy_file, display_path(policy_file.resolve(), cwd)

    slot = projectcache.slot(cwd, config_path, policy_option)
    activate(None)
    if cache is not None:
        stored = projectcache.lookup(cache, slot, locate)
        if stored is not None:
            config, policy_file, policy, rules = stored
            activate(cache)
            return Project(cwd, config, policy, policy_file, rules)

    from policylint.policy import load_policy
    from policylint.ruleset import load_rules

    inputs = projectcache.Inputs()
    config = Config() if config_path is None else read_config(config_path, cache, inputs)
    policy_file, shown = locate(config)
    if not config.get("cache", True):
        cache = None
    activate(cache)
    policy = load_policy(policy_file, shown, inputs)
    rules = load_rules(config.paths("rules"), inputs)
    if cache is not None:
        projectcache.store(cache, slot, inputs, policy_file, shown, (config, policy, rules))
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


def project_files(project: Project, options: dict[str, Any]) -> Discovery:
    """The files a command reads: its paths (default: the config's ``include``), less the
    config's ``exclude`` and the files policylint itself reads or writes in the run.

    A path that does not exist, or an ``include`` entry that selects no file, is a usage
    error: a typo must not pass a CI job as "no findings".

    Display paths open the files from the working folder, which a command keeps."""
    from policylint.errors import UsageError

    config = project.config
    named = list(options["paths"])
    missing = [p for p in named if not names_something(project.cwd / p)]
    if missing:
        raise UsageError(f"no such file or directory: {', '.join(missing)}")
    own = _own_files(project, options)
    exclude, include = config.get("exclude", ()), config.get("include", ())
    found = discover(
        named, project.cwd, exclude, own, relative=True, root=config.base, include=include
    )
    if found.unmatched:
        raise UsageError(_unmatched(config, project.cwd, found.unmatched))
    return found


def _unmatched(config: Config, cwd: Path, entries: list[str]) -> str:
    import json

    assert config.path is not None  # only a config's include has entries
    quoted = ", ".join(json.dumps(e, ensure_ascii=False) for e in entries)
    verb = "matches" if len(entries) == 1 else "match"
    return f"{display_path(config.path, cwd)}: include: {quoted} {verb} no file"


def read_options(project: Project) -> ReadOptions:
    """What the readers need from the project config. Its ``settings`` patterns are
    relative to the config's folder, as its ``exclude`` is, wherever the run starts."""
    import os

    from policylint.readers import ReadOptions, SettingMap, limits

    config = project.config
    root = ""
    if config.path is not None:
        root = Path(os.path.relpath(config.base, project.cwd)).as_posix()
    return ReadOptions(
        sql_dialect=config.get("sql_dialect"),
        settings=tuple(
            SettingMap(**m, root="" if root == "." else root) for m in config.get("settings", ())
        ),
        **limits(config.values),
    )


def _own_files(project: Project, options: dict[str, Any]) -> list[Path]:
    """Files policylint itself reads or writes in this run: never checked as input (the
    policy, the config, a baseline or report named on the command line).

    ``pyproject.toml`` holding the config stays an input: it is a dependency manifest too.
    """
    own = [project.policy_file]
    config = project.config.path
    if config is not None and config.name != "pyproject.toml":
        own.append(config)
    own += [Path(options[k]) for k in ("baseline", "write_baseline", "output") if options.get(k)]
    return own
