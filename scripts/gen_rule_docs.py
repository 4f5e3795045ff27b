#!/usr/bin/env python3
"""Write docs/rules/<CODE>.md and docs/rules/README.md from rules/*.yaml.

    python scripts/gen_rule_docs.py          # write the pages (idempotent)
    python scripts/gen_rule_docs.py --check  # exit 1 when a page is stale or missing

Pages of rules that no longer exist are removed. Every page comes from
``policylint.ruledoc.pages``, so ``policylint explain CODE`` prints the same text.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from policylint.atomic import write_text
from policylint.ruledoc import pages
from policylint.ruleset import load_rules

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules"
_PAGE = re.compile(r"^[A-Z][A-Z0-9]*[0-9]{3}\.md$")


def stale(directory: Path, wanted: dict[str, str]) -> list[str]:
    """Pages that differ from what the rules say, are missing, or belong to no rule."""
    out = []
    for name, text in sorted(wanted.items()):
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(name)
    if directory.is_dir():
        out += sorted(
            p.name for p in directory.iterdir() if _PAGE.match(p.name) and p.name not in wanted
        )
    return out


def write(directory: Path, wanted: dict[str, str]) -> list[str]:
    """Bring ``directory`` up to date; the names of the files changed or removed."""
    changed = stale(directory, wanted)
    directory.mkdir(parents=True, exist_ok=True)
    for name in changed:
        if name in wanted:
            write_text(directory / name, wanted[name])
        else:
            (directory / name).unlink()
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale pages")
    parser.add_argument("--out", type=Path, default=DOCS, help="the folder (default docs/rules)")
    args = parser.parse_args(argv)
    wanted = pages(load_rules())
    if args.check:
        names = stale(args.out, wanted)
        for name in names:
            print(f"{args.out / name}: stale; run python scripts/gen_rule_docs.py")
        return 1 if names else 0
    for name in write(args.out, wanted):
        print(f"updated {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
