"""Baselines: today's findings recorded by fingerprint, so that only new ones are reported.

The file is JSON: ``{"version": 1, "findings": [{"fingerprint", "code", "path"}, ...]}``.
A fingerprint survives line shifts (it names the logical location, not the line). The
same fingerprint may occur several times; the baseline absorbs as many as it recorded.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from policylint.atomic import write_text
from policylint.errors import UsageError
from policylint.findings import Finding


def write_baseline(path: str, findings: list[Finding]) -> None:
    entries = [
        {"fingerprint": f.fingerprint, "code": f.code, "path": f.path}
        for f in findings
        if not f.suppressed
    ]
    entries.sort(key=lambda e: (e["path"], e["code"], e["fingerprint"]))
    write_text(Path(path), json.dumps({"version": 1, "findings": entries}, indent=2) + "\n")


def read_baseline(path: str) -> Counter[str]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"baseline not found: {path}") from None
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read baseline {path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise UsageError(f"{path}: not a policylint baseline (no `findings` list)")
    return Counter(
        e["fingerprint"] for e in data["findings"] if isinstance(e, dict) and "fingerprint" in e
    )


def apply_baseline(path: str, findings: list[Finding]) -> list[Finding]:
    """The findings the baseline does not already hold."""
    known = read_baseline(path)
    fresh = []
    for finding in findings:
        if not finding.suppressed and known[finding.fingerprint] > 0:
            known[finding.fingerprint] -= 1
            continue
        fresh.append(finding)
    return fresh
