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


def test_a_ratio_pairs_the_runs_of_each_round() -> None:
    """A slow spell slows both runs of a round: the ratio is the median of the rounds'
    ratios, not the ratio of medians taken from different rounds."""
    run = load("benchmarks/run.py")

    def case(*walls: float) -> object:
        out = run.Case("c", [], Path("."))
        out.samples = [run.Sample(w, w, 0.0) for w in walls]
        return out

    ours, reference = case(1.1, 5.5, 1.2), case(1.0, 5.0, 1.0)  # the second round slow
    assert run.ratio(ours, reference) == pytest.approx(1.1)
    assert ours.wall / reference.wall == pytest.approx(1.2)  # medians of other rounds
    assert run.ratio(case(4.0, 1.0, 1.0), case(1.0, 4.0, 1.0)) == pytest.approx(1.0)
