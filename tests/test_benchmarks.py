"""The benchmark tools run: ``per_file.py`` measures every kind of a generated corpus (the
figures themselves are not asserted: timings belong to ``benchmarks/``, not to tests)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from repofiles import load


def test_per_file_reports_each_kind_of_a_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load("benchmarks/gen_corpus.py").generate(tmp_path, 12, {"json": 0.5, "yaml": 0.5}, seed=2)
    assert load("benchmarks/per_file.py").main([str(tmp_path), "--rounds", "1"]) == 0
    rows = capsys.readouterr().out.splitlines()[2:]
    assert [row.split(" | ")[0] for row in rows] == ["| json", "| yaml"]
    for row in rows:
        assert re.fullmatch(r"\| \w+ \| \d+ \| \d+ µs \| \d+ µs \| \d+\.\d\d× \|", row), row
