"""``policylint report``: the data map of every personal-data element found."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from policylint.commands.common import load_project, project_files, read_options
from policylint.engine import default_jobs


def run_report(options: dict[str, Any]) -> int:
    from policylint.datamap import build_datamap
    from policylint.datamap_render import render

    project = load_project(options["policy"], options["config"])
    config = project.config
    found = project_files(project, options)
    datamap = build_datamap(
        found.files,
        project.policy,
        project.rules,
        jobs=options["jobs"] or config.get("jobs") or default_jobs(),
        options=read_options(project),
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
