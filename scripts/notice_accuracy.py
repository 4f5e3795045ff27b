"""Measure notice extraction against facts written by hand.

For each notice ``tests/data/notices/<name>.txt`` with a ``<name>.expected.yaml``, extract
its facts and compare them with the expected ones: a fact is found when its path and value
match (the line is not compared). Prints precision and recall per notice, per kind of fact
over all notices, and overall; ``--details`` also lists what was missed and what was not
expected.

    python scripts/notice_accuracy.py [--details] [DIRECTORY]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
try:
    from policylint.notice import extract
except ImportError:  # run from a source checkout without installing
    sys.path.insert(0, str(REPO / "src"))
    from policylint.notice import extract

Pair = tuple[str, object]
KINDS = (
    "parties",
    "categories",
    "retention",
    "age",
    "hosting",
    "processors",
    "cookies",
    "sale",
    "sharing",
)


def kind(path: str) -> str:
    """The kind of fact a path states, for the per-kind figures."""
    if path in ("controller", "contact", "supervisory_authority"):
        return "parties"
    if path.startswith("categories["):
        return "retention"
    head = path.split(".", 1)[0].split("[", 1)[0]
    return {
        "categories": "categories",
        "subjects": "age",
        "hosting": "hosting",
        "processors": "processors",
        "cookies": "cookies",
        "sale_of_data": "sale",
        "third_party_sharing": "sharing",
    }.get(head, head)


def expected_pairs(path: Path) -> set[Pair]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {(str(f["path"]), f["value"]) for f in data["facts"]}


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def score(found: set[Any], expected: set[Any]) -> tuple[float, float, int, int, int]:
    hits = len(found & expected)
    return ratio(hits, len(found)), ratio(hits, len(expected)), hits, len(found), len(expected)


def row(label: str, found: set[Any], expected: set[Any]) -> str:
    precision, recall, hits, extracted, wanted = score(found, expected)
    return (
        f"{label:<22} precision {precision:6.1%}  recall {recall:6.1%}  "
        f"({hits} of {extracted} extracted, {hits} of {wanted} expected)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default=str(REPO / "tests/data/notices"))
    parser.add_argument("--details", action="store_true", help="list the misses")
    args = parser.parse_args(argv)
    folder = Path(args.directory)
    all_found: set[tuple[str, Pair]] = set()
    all_expected: set[tuple[str, Pair]] = set()
    print("per notice")
    for expected_file in sorted(folder.glob("*.expected.yaml")):
        name = expected_file.name.removesuffix(".expected.yaml")
        notice = folder / f"{name}.txt"
        found = extract(notice).pairs()
        expected = expected_pairs(expected_file)
        print("  " + row(name, found, expected))
        if args.details:
            for pair in sorted(expected - found, key=str):
                print(f"      missed:     {pair[0]} = {pair[1]!r}")
            for pair in sorted(found - expected, key=str):
                print(f"      unexpected: {pair[0]} = {pair[1]!r}")
        all_found |= {(name, p) for p in found}
        all_expected |= {(name, p) for p in expected}
    print("per kind of fact (all notices)")
    for name in KINDS:
        found_kind = {(n, p) for n, p in all_found if kind(p[0]) == name}
        expected_kind = {(n, p) for n, p in all_expected if kind(p[0]) == name}
        if found_kind or expected_kind:
            print("  " + row(name, found_kind, expected_kind))
    print("overall")
    print("  " + row("all notices", all_found, all_expected))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
