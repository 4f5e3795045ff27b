"""The Python API: what ``policylint check`` does, callable from code and tests.

>>> from policylint.api import check
>>> result = check(["schemas/"], policy="privacy-policy.yaml")  # doctest: +SKIP
>>> [f"{f.path}:{f.line}:{f.column}: {f.code}" for f in result.findings]  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from policylint.discovery import discover, display_path
from policylint.engine import Result, Selection, run
from policylint.policy import Policy, load_policy
from policylint.readers import ReadOptions, SettingMap
from policylint.ruleset import Rule, load_rules

__all__ = ["Result", "Selection", "SettingMap", "check", "load_policy", "load_rules"]


def check(
    paths: Sequence[str | Path],
    *,
    policy: str | Path | Policy,
    cwd: str | Path | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    rules: Sequence[Rule] | None = None,
    rule_dirs: Sequence[str | Path] = (),
    exclude: Sequence[str] = (),
    jobs: int = 1,
    report_unused_ignores: bool = False,
    settings: Sequence[SettingMap] = (),
) -> Result:
    """Check files and folders against a policy; findings are sorted and stamped.

    ``report_unused_ignores``: report suppressions that silence nothing (PL001).
    ``settings``: JSON keys mapped to settings, as the project config's ``settings`` maps them.
    """
    base = Path(cwd) if cwd is not None else Path.cwd()
    if not isinstance(policy, Policy):
        policy_path = Path(policy) if Path(policy).is_absolute() else base / policy
        policy = load_policy(policy_path, display_path(policy_path, base))
    skip = [base / policy.path]
    found = discover([str(p) for p in paths], base, exclude, skip)
    ruleset = rules if rules is not None else load_rules([Path(d) for d in rule_dirs])
    selection = Selection(select=tuple(select) if select else None, ignore=tuple(ignore))
    return run(
        found.files,
        ruleset,
        policy,
        selection,
        jobs=jobs,
        options=ReadOptions(settings=tuple(settings)),
        report_unused=report_unused_ignores,
        policy_file=skip[0],
    )
