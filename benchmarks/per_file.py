#!/usr/bin/env python3
"""CPU time per file, in one process, by kind of file: policylint's reading and evaluation
next to the compose walk (``compose_walk.py``) over the same files.

    python benchmarks/per_file.py DIR [--rounds 3]

``DIR`` is a corpus of ``gen_corpus.py`` (its ``privacy-policy.yaml`` is the policy). For
each top-level folder of it (``json``, ``yaml``, ...), every file is read and evaluated as
``check`` does (``read_file`` and ``Evaluator.check``), and walked as the reference walks
it; the figure is the best of ``--rounds`` of ``time.process_time``, in µs per file. What
a whole run adds (start-up, discovery, worker processes, output) is left out: this says
where a file's own time goes, ``run.py`` what a run costs.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import compose_walk  # noqa: E402  (beside this script)


def best(rounds: int, work: Callable[[], None]) -> float:
    """The least CPU time of ``rounds`` runs of ``work``, in seconds."""
    times = []
    for _ in range(rounds):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("top", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)

    from policylint.engine import Evaluator, Selection, fewer_collections
    from policylint.policy import load_policy
    from policylint.readers import ReadOptions, read_file
    from policylint.ruleset import load_rules

    top: Path = args.top
    policy = load_policy(top / "privacy-policy.yaml")
    evaluator = Evaluator(load_rules(), policy, Selection())
    options = ReadOptions()
    print("| kind | files | compose walk | policylint | ratio |")
    print("|---|---|---|---|---|")
    for folder in sorted(p for p in top.iterdir() if p.is_dir() and not p.name.startswith(".")):
        files = compose_walk.files_under(folder)
        if not files:
            continue

        def ours(files: list[str] = files) -> None:
            for name in files:
                facts = read_file(Path(name), name, options)
                if facts is not None:
                    evaluator.check(facts)

        def walk(files: list[str] = files) -> None:
            for name in files:
                compose_walk.walk(name)

        walk()  # the files in the OS cache, the memos of both warm
        ours()
        reference = best(args.rounds, walk)
        with fewer_collections():  # as a run reads
            measured = best(args.rounds, ours)
        per = 1e6 / len(files)
        print(
            f"| {folder.name} | {len(files):,} | {reference * per:.0f} µs | "
            f"{measured * per:.0f} µs | {measured / reference:.2f}× |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
