#!/usr/bin/env python3
"""Write the compiled JSON twin of each YAML data file in ``src/policylint/data/``.

    python scripts/compile_data.py          # write the twins (idempotent)
    python scripts/compile_data.py --check  # exit 1 when a twin is stale or missing

A twin holds the digest of its YAML file's bytes and the data as JSON; policylint reads it
instead of parsing the YAML (``policylint.resources.load_data``) only while the digest is
the YAML file's, so a stale twin costs time, never a wrong answer. Edit the YAML file, then
run this script.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

try:
    from policylint.atomic import write_text
    from policylint.resources import compiled, data_files, data_path
except ImportError:  # run from a source checkout without PYTHONPATH=src
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from policylint.atomic import write_text
    from policylint.resources import compiled, data_files, data_path


def stale() -> list[str]:
    """The twins that differ from what their YAML files compile to, or are missing."""
    out = []
    for name in data_files():
        twin = data_path(name).with_suffix(".json")
        if not twin.is_file() or twin.read_text(encoding="utf-8") != compiled(name):
            out.append(twin.name)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale twins, write none")
    args = parser.parse_args(argv)
    names = stale()
    if args.check:
        for name in names:
            print(f"stale: src/policylint/data/{name} (run scripts/compile_data.py)")
        return 1 if names else 0
    for name in data_files():
        write_text(data_path(name).with_suffix(".json"), compiled(name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
