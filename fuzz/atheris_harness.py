"""Coverage-guided fuzzing of policylint's readers and loaders with atheris (libFuzzer).

Longer runs than the CI budget of tests/test_fuzz.py, outside CI (docs/fuzzing.md)::

    pip install atheris
    python fuzz/atheris_harness.py sql CORPUS_DIR -max_total_time=600 -timeout=10

The first argument names the target (``--list`` shows them); the rest goes to libFuzzer
(corpus folders, ``-max_total_time``, ``-timeout``, ``-rss_limit_mb``, ``-jobs``...). A reader
target feeds each input to the reader as the content of a file of its kind, then runs every
built-in rule over the facts and renders every output format; the ``policy``, ``config``
and ``rule`` targets load the input as that file. The targets are tests/test_fuzz.py's
(``tests/fuzztargets.py``). Any exception a target does not allow is a
crash: libFuzzer stops and writes the input to ``crash-<sha1>``. Turn each one into a case of
``REGRESSIONS`` in tests/test_fuzz.py once it is fixed.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # fuzztargets.py
os.environ["POLICYLINT_DEBUG"] = "1"  # a reader's exception is raised, not turned into PL100

with atheris.instrument_imports(include=["policylint"]):
    import policylint.readers.manifests
    import policylint.readers.prisma
    import policylint.readers.proto
    import policylint.readers.settings
    import policylint.readers.sql
    import policylint.readers.structured
    import policylint.readers.terraform  # noqa: F401  (imported here to be instrumented)
    from fuzztargets import (
        FILE_NAMES,
        POLICY_TEXT,
        check_everything,
        load_config_bytes,
        load_policy_bytes,
        load_rule_bytes,
        read,
    )
    from policylint.policy import load_policy
    from policylint.ruleset import load_rules

SCRATCH = Path(tempfile.mkdtemp(prefix="policylint-fuzz-"))
(SCRATCH / ".git").mkdir()
(SCRATCH / "rules").mkdir()
(SCRATCH / "privacy-policy.yaml").write_text(POLICY_TEXT, encoding="utf-8")
THE_POLICY = load_policy(SCRATCH / "privacy-policy.yaml", "privacy-policy.yaml")
RULES = list(load_rules())


def reader(kind: str) -> Callable[[bytes], None]:
    def target(data: bytes) -> None:
        facts = read(kind, data)
        if facts is not None:
            check_everything(facts, THE_POLICY, RULES)

    return target


TARGETS: dict[str, Callable[[bytes], None]] = {
    **{kind: reader(kind) for kind in FILE_NAMES},
    "policy": lambda data: load_policy_bytes(SCRATCH / "fuzzed-policy.yaml", data),
    "config": lambda data: load_config_bytes(SCRATCH, SCRATCH / ".policylint.yaml", data),
    "rule": lambda data: load_rule_bytes(SCRATCH / "rules" / "fuzzed.yaml", data),
}


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[1] in ("-h", "--help", "--list") or argv[1] not in TARGETS:
        print(__doc__)
        print("targets:", ", ".join(TARGETS))
        raise SystemExit(0 if len(argv) > 1 and argv[1] in ("-h", "--help", "--list") else 2)
    target = TARGETS[argv[1]]
    atheris.Setup([argv[0], *argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
