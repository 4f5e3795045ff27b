"""Baselines: today's findings recorded by fingerprint, so that only new ones are reported.

The file is JSON: ``{"version": 1, "findings": [{"fingerprint", "code", "path"}, ...]}``,
sorted by path, code and fingerprint so that the same findings always give the same bytes
(a baseline under version control changes only where the findings do). A fingerprint
survives line shifts: it names the logical location (JSON pointer, ``table.column``), not
the line. The same fingerprint may occur several times; the baseline absorbs as many as it
recorded. The file is written atomically: a reader sees the old baseline or the new one.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from policylint.atomic import write_text
from policylint.errors import UsageError
from policylint.findings import Finding

VERSION = 1


def entries(findings: Iterable[Finding]) -> list[dict[str, str]]:
    """The baseline entries for ``findings`` (those not suppressed in the source), sorted."""
    rows = [
        {"fingerprint": f.fingerprint, "code": f.code, "path": f.path}
        for f in findings
        if not f.suppressed
    ]
    return sorted(rows, key=lambda e: (e["path"], e["code"], e["fingerprint"]))


def render(rows: list[dict[str, str]]) -> str:
    return json.dumps({"version": VERSION, "findings": rows}, indent=2) + "\n"


def write_baseline(path: str | Path, findings: Iterable[Finding]) -> int:
    """Write (atomically, replacing any old one) the baseline; the number of entries."""
    rows = entries(findings)
    write_text(Path(path), render(rows))
    return len(rows)


def read_baseline(path: str | Path) -> Counter[str]:
    """How many times each fingerprint is recorded; UsageError (exit 2) for a bad file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(
            f"baseline not found: {path}", ["write one with --write-baseline FILE"]
        ) from None
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read baseline {path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise UsageError(f"{path}: not a policylint baseline (no `findings` list)")
    if data.get("version", VERSION) != VERSION:
        raise UsageError(f"{path}: baseline version {data['version']!r} is not supported")
    return Counter(
        e["fingerprint"] for e in data["findings"] if isinstance(e, dict) and "fingerprint" in e
    )


def recorded(findings: Iterable[Finding]) -> Counter[str]:
    """The fingerprints a baseline of ``findings`` holds (as :func:`read_baseline` reads)."""
    return Counter(f.fingerprint for f in findings if not f.suppressed)


def subtract(known: Counter[str], findings: Iterable[Finding]) -> list[Finding]:
    """The findings the baseline does not already hold (suppressed ones are kept as they are)."""
    left = Counter(known)
    fresh = []
    for finding in findings:
        if not finding.suppressed and left[finding.fingerprint] > 0:
            left[finding.fingerprint] -= 1
            continue
        fresh.append(finding)
    return fresh


def apply_baseline(path: str | Path, findings: Iterable[Finding]) -> list[Finding]:
    """The findings the baseline file at ``path`` does not already hold."""
    return subtract(read_baseline(path), findings)
