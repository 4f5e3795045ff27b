"""``policylint report``: the data map of every personal-data element found."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from policylint.commands.common import Project, load_project
from policylint.discovery import discover
from policylint.engine import default_jobs
from policylint.readers import ReadOptions, SettingMap, limits


def run_report(options: dict[str, Any]) -> int:
    from policylint.datamap import build_datamap
    from policylint.datamap_render import render

    project = load_project(options["policy"], options["config"])
    config = project.config
    paths = list(options["paths"]) or [str(p) for p in config.paths("include")]
    found = discover(
        paths,
        project.cwd,
        config.get("exclude", ()),
        _own_files(project, options),
        relative=True,
    )
    datamap = build_datamap(
        found.files,
        project.policy,
        project.rules,
        jobs=options["jobs"] or config.get("jobs") or default_jobs(),
        options=ReadOptions(
            sql_dialect=config.get("sql_dialect"),
            settings=tuple(SettingMap(**m) for m in config.get("settings", ())),
            **limits(config.values),
        ),
        severity=dict(config.get("severity", {})),
    )
    text = render(options["fmt"], datamap)
    out = options.get("output")
    if out:
        from policylint.atomic import write_text

        write_text(Path(out), text)
    else:
        sys.stdout.write(text)
    for note in found.skipped:
        print(f"policylint: note: {note}", file=sys.stderr)
    return 0


def _own_files(project: Project, options: dict[str, Any]) -> list[Path]:
    """The policy, the config and the report being written: never read as input."""
    own = [project.policy_file]
    config = project.config.path
    if config is not None and config.name != "pyproject.toml":
        own.append(config)
    if options.get("output"):
        own.append(Path(options["output"]))
    return own
