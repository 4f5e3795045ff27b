"""Terminal manners of ``policylint check``: statistics, quiet, colour, progress, output file."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policylint import __version__
from policylint.cli import main
from policylint.commands import check as check_command
from policylint.commands.check import progress_line

GOLDEN_TREE = Path(__file__).resolve().parent / "golden" / "tree"
SUMMARY = "Found 5 errors, 1 warning, 1 info in 3 files checked, 1 suppressed.\n"
ANSI = "\033["


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The golden tree (tests/golden/tree) as the working directory."""
    root = tmp_path / "tree"
    shutil.copytree(GOLDEN_TREE, root)
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    return root


def test_statistics_counts_findings_by_code(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--statistics"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 7 + 7 + 1
    assert lines[7:] == [  # the suppressed PL302 is not counted
        "     1  PL100  parse-error",
        "     1  PL101  annotation-invalid",
        "     1  PL102  unknown-category",
        "     1  PL201  category-not-allowed",
        "     1  PL301  retention-missing",
        "     1  PL302  retention-exceeds-policy",
        "     1  PL401  age-below-minimum",
        SUMMARY.rstrip("\n"),
    ]


def test_quiet_prints_only_the_summary(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--quiet"]) == 1
    captured = capsys.readouterr()
    assert captured.out == SUMMARY
    assert captured.err == ""


def test_quiet_clean_run(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "-q", "schemas/session.schema.json"]) == 0
    assert capsys.readouterr().out == "No findings in 1 file checked.\n"


def test_summary_counts_suppressed_findings_even_without_findings(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--select", "PL302", "schemas/user.schema.yaml"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Found 1 error in 1 file checked, 1 suppressed."
    )
    (tree / "schemas" / "user.schema.yaml").write_text(
        (tree / "schemas" / "user.schema.yaml")
        .read_text(encoding="utf-8")
        .replace("retention: P2Y", "retention: P1Y"),
        encoding="utf-8",
    )
    assert main(["check", "--select", "PL302", "schemas/user.schema.yaml"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "No findings in 1 file checked, 1 suppressed."
    )


# -- colour --------------------------------------------------------------------------------


def _run_on_terminal(monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    main(["check", *args])
    return terminal.getvalue()


def test_colour_on_a_terminal(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    out = _run_on_terminal(monkeypatch)
    assert "\033[1mschemas/user.schema.yaml:13:5:\033[0m \033[31mPL302\033[0m" in out
    assert "\033[33mPL301\033[0m" in out  # warning
    assert "\033[36mPL102\033[0m" in out  # info
    assert not out.splitlines()[-1].startswith(ANSI)


@pytest.mark.parametrize(("name", "value"), [("NO_COLOR", "1"), ("TERM", "dumb")])
def test_no_colour_with_no_color_or_a_dumb_terminal(
    tree: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv(name, value)
    assert ANSI not in _run_on_terminal(monkeypatch)


def test_no_colour_off_a_terminal(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    main(["check"])
    assert ANSI not in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github", "gitlab"])
def test_no_colour_in_machine_formats_on_a_terminal(
    tree: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert ANSI not in _run_on_terminal(monkeypatch, "--format", fmt)


# -- progress ------------------------------------------------------------------------------


def test_progress_only_on_a_terminal_and_for_long_runs() -> None:
    threshold = check_command.PROGRESS_THRESHOLD
    assert progress_line(threshold, io.StringIO()) is None
    assert progress_line(threshold - 1, Terminal()) is None
    assert progress_line(threshold, Terminal()) is not None


def test_progress_line_is_rewritten_in_place_and_wiped() -> None:
    stream = Terminal()
    total = 1000
    show = progress_line(total, stream)
    assert show is not None
    for done in range(1, total + 1):
        show(done, total)
    written = stream.getvalue()
    frames = written.split("\r")[1:]
    assert frames[0] == "policylint: checked 10/1000 files"
    assert frames[-3] == "policylint: checked 990/1000 files"
    assert frames[-2].strip() == "" and frames[-1] == ""  # the line is wiped at the end
    assert len(frames) <= 102
    assert "\n" not in written


def test_progress_during_a_check_on_a_terminal(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(check_command, "PROGRESS_THRESHOLD", 1)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["check"]) == 1
    assert "\rpolicylint: checked 1/3 files\rpolicylint: checked 2/3 files\r" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r")
    assert capsys.readouterr().out.endswith(SUMMARY)


def test_no_progress_when_quiet_or_off_a_terminal(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(check_command, "PROGRESS_THRESHOLD", 1)
    main(["check"])
    assert "checked 1/3" not in capsys.readouterr().err
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    main(["check", "--quiet"])
    assert terminal.getvalue() == ""


def test_engine_reports_progress_for_every_file_with_workers(tmp_path: Path) -> None:
    from policylint.engine import PARALLEL_THRESHOLD, run
    from policylint.policy import load_policy
    from policylint.ruleset import load_rules

    (tmp_path / "privacy-policy.yaml").write_text("version: 1\n", encoding="utf-8")
    files = []
    for i in range(PARALLEL_THRESHOLD + 6):
        path = tmp_path / f"f{i:03}.schema.yaml"
        # every third file is not ours: it is passed over, and still counted
        path.write_text("type: object\n" if i % 3 else "a: 1\n", encoding="utf-8")
        files.append((path, path.name))
    calls: list[tuple[int, int]] = []
    policy = load_policy(tmp_path / "privacy-policy.yaml", "privacy-policy.yaml")
    result = run(files, load_rules(), policy, jobs=2, progress=lambda d, t: calls.append((d, t)))
    total = len(files)
    assert calls == [(done, total) for done in range(1, total + 1)]
    assert len(result.files) <= total


# -- --output and --version ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "sarif"])
def test_output_file_holds_the_report_and_stdout_is_empty(
    tree: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    assert main(["check", "--format", fmt]) == 1
    expected = capsys.readouterr().out
    target = tree / "reports" / f"policylint.{fmt}"
    target.parent.mkdir()
    target.write_text("old report\n", encoding="utf-8")
    assert main(["check", "--format", fmt, "--output", str(target)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert target.read_bytes() == expected.encode("utf-8")
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no temp files


def test_output_file_is_not_checked_by_the_next_run(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tree / "policylint.sarif.json"  # JSON with a "$schema" key: a candidate input
    assert main(["check", "--format", "sarif", "--output", report.name]) == 1
    first = report.read_bytes()
    assert main(["check", "--format", "sarif", "--output", report.name]) == 1
    assert report.read_bytes() == first
    assert main(["check", "--quiet", "--output", report.name]) == 1
    assert report.read_text(encoding="utf-8") == SUMMARY


def test_output_file_is_never_coloured(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    out = _run_on_terminal(monkeypatch, "-o", "report.txt")
    assert out == ""
    assert ANSI not in (tree / "report.txt").read_text(encoding="utf-8")


def test_output_into_a_missing_folder_is_a_clear_error(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--output", "missing/report.sarif", "--format", "sarif"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("policylint: cannot write missing/report.sarif")


def test_version_of_the_installed_command() -> None:
    command = shutil.which("policylint", path=str(Path(sys.executable).parent))
    if command is None:
        pytest.skip("the policylint command is not installed beside this Python")
    proc = subprocess.run([command, "--version"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0
    assert proc.stdout == f"policylint, version {__version__}\n"
    assert proc.stderr == ""
