#!/usr/bin/env python3
"""The reference for schema throughput: ``yaml.compose`` with ``CSafeLoader`` and a walk of
every node, over the YAML and JSON files under a folder, in one process or several.

    python benchmarks/compose_walk.py DIR [--jobs N]

This is the least any YAML-reading linter does with PyYAML (the C loader keeps line numbers
through ``start_mark``); policylint's schema run is measured against it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml

SUFFIXES = (".json", ".yaml", ".yml")


def files_under(top: Path) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        out += [os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(SUFFIXES)]
    return out


def _nodes(node: yaml.Node) -> Iterator[yaml.Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.append(key)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


def walk(path: str) -> int:
    """Nodes in one file (0 when it does not parse)."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    try:
        count = 0
        for doc in yaml.compose_all(text, Loader=yaml.CSafeLoader):
            for node in _nodes(doc):
                count += node.start_mark.line >= 0
        return count
    except yaml.YAMLError:
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("top", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    paths = files_under(args.top)
    if args.jobs <= 1:
        total = sum(walk(p) for p in paths)
    else:
        import multiprocessing

        chunk = max(8, min(256, len(paths) // (args.jobs * 8) or 1))
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            total = sum(pool.imap(walk, paths, chunksize=chunk))
    print(f"{len(paths)} files, {total} nodes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
