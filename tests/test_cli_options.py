"""The command line read two ways: the quick parser of ``check`` and click, from one table.

Whatever the quick parser reads, click reads the same; whatever it does not (help, errors,
unusual spellings) it leaves to click; and a run it starts ends as a run under click does.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from hypothesis import given
from hypothesis import strategies as st

import policylint.cli
import policylint.commands.check
from policylint.cli import RUNNERS, build, main
from policylint.commands.options import COMMANDS, parse
from policylint.errors import UsageError


def _click(args: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any] | str:
    """The options click gives ``check`` for ``args``, or how it refused them."""
    seen: list[dict[str, Any]] = []
    monkeypatch.setitem(RUNNERS, "check", lambda **options: seen.append(options))
    try:
        build().main(["check", *args], prog_name="policylint", standalone_mode=False)
    except click.exceptions.Exit:
        return "exit"  # help
    except click.ClickException as exc:
        return f"error: {exc.format_message()}"
    return seen[0]


READ = [
    [],
    ["a.yaml"],
    ["a.yaml", "b.json", "c/"],
    ["--format", "json", "a.yaml"],
    ["--format=sarif"],
    ["a", "--format", "github", "b"],
    ["-o", "out.txt", "a"],
    ["--output=out.txt"],
    ["--output", "-"],
    ["--output", "--help"],  # a value, to click too
    ["--output", "-q"],
    ["-q", "-j", "2"],
    ["--jobs=4", "--jobs", "5"],
    ["-j", "003"],
    ["--select", "pl1, pl2,,", "--ignore", "PL3"],
    ["--select", "", "--ignore", ","],
    ["--fail-on", "never", "--fail-on", "warning"],
    ["--statistics", "--quiet", "--report-unused-ignores", "--no-cache"],
    ["--quiet", "--quiet"],
    ["-"],
    [""],
    ["--", "-a.yaml", "--format"],
    ["a", "--", "b"],
    ["--baseline", "base.json", "--write-baseline", "new.json"],
    ["--policy", "p.yaml", "--config", "c.yaml"],
    ["--policy=", "a"],
    ["--policy", "a=b", "x=y"],
]
UNUSUAL = [
    ["--jobs", "9" * 5000],  # more digits than Python reads as a number: click says so
    ["--help"],
    ["-h"],
    ["a", "-h"],
    ["--version"],
    ["--format"],
    ["--format", "JSON"],
    ["--format="],
    ["--fail-on", "warn"],
    ["-oout.txt"],
    ["-o=out.txt"],
    ["-qj2"],
    ["-qj", "2"],
    ["-j"],
    ["-j0"],
    ["-j", "0"],
    ["-j", "-1"],
    ["-j", " 3"],
    ["-j", "+3"],
    ["-j", "1_0"],
    ["-j", "x"],
    ["-j", "٣"],
    ["--quiet=1"],
    ["--no-cache=true"],
    ["--qu"],
    ["--unknown"],
    ["-x"],
    ["-format", "json"],
    ["a\0b"],
    ["--config", "c\0"],
]


@pytest.mark.parametrize("args", READ, ids=repr)
def test_the_quick_parser_reads_what_click_reads(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    quick = parse("check", args)
    assert quick is not None
    assert quick == _click(args, monkeypatch)


@pytest.mark.parametrize("args", UNUSUAL, ids=repr)
def test_the_quick_parser_leaves_the_unusual_to_click(args: list[str]) -> None:
    assert parse("check", args) is None


TOKENS = [
    "a.yaml", "dir/", "-", "", "--", "=", "x=y", "json", "JSON", "text", "never", "0", "2",
    "--format", "--format=json", "--format=", "-o", "--output", "--output=-q", "--select",
    "--ignore", "PL1,pl2", "--fail-on", "--fail-on=error", "-j", "--jobs", "--jobs=3", "-j2",
    "-q", "--quiet", "-qj", "--statistics", "--no-cache", "--no-cache=1", "--policy",
    "--config", "--baseline", "--write-baseline", "--report-unused-ignores", "--help", "-h",
    "--version", "--unknown", "-x", "--qu",
]  # fmt: skip


@given(st.lists(st.sampled_from(TOKENS), max_size=8))
def test_any_arguments_read_quickly_are_read_so_by_click(args: list[str]) -> None:
    quick = parse("check", args)
    if quick is not None:
        with pytest.MonkeyPatch.context() as monkeypatch:
            assert quick == _click(args, monkeypatch)


def test_an_unreadable_path_is_left_to_click(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("", encoding="utf-8")
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # as for another user's file
    for args in ([str(secret)], ["--config", str(secret)]):
        assert parse("check", args) is None
        assert "is not readable" in str(_click(args, monkeypatch))
    absent = [str(tmp_path / "absent.yaml")]
    assert parse("check", absent) == _click(absent, monkeypatch)


def test_only_check_is_read_quickly(monkeypatch: pytest.MonkeyPatch) -> None:
    for words in COMMANDS:
        if words not in ("check", "report"):
            assert parse(words, []) is None  # the parser reads only a list of paths
    assert policylint.cli._quick(["report"]) is None  # and the command line only check
    assert policylint.cli._quick(["check", "a"]) is not None
    assert policylint.cli._quick(["--version"]) is None
    monkeypatch.setattr(sys, "argv", ["policylint", "check", "-q"])  # the console script
    assert policylint.cli._quick(None) == parse("check", ["-q"])


def test_shell_completion_goes_to_click(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_POLICYLINT_COMPLETE", "bash_complete")
    assert policylint.cli._quick(["check"]) is None


@pytest.mark.parametrize(
    "error",
    [
        KeyboardInterrupt(),
        EOFError(),
        BrokenPipeError(errno.EPIPE, "Broken pipe"),
        UsageError("no policy found"),
        RuntimeError("a bug"),
        SystemExit(3),
        OSError(errno.ENOSPC, "No space left on device"),
    ],
    ids=repr,
)
def test_a_quick_run_ends_as_a_run_under_click(
    error: BaseException, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fail(options: dict[str, Any]) -> int:
        print("started")
        raise error

    monkeypatch.delenv("POLICYLINT_DEBUG", raising=False)
    monkeypatch.setattr(policylint.commands.check, "run_check", fail)
    out, err = sys.stdout, sys.stderr  # a closed pipe wraps them: put back after each run
    for stream in ("stdout", "stderr"):
        monkeypatch.setattr(sys, stream, getattr(sys, stream))
    quick = main(["check", "--quiet"]), capsys.readouterr()
    quick_wrapped = sys.stdout is not out
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(policylint.cli, "parse", lambda name, args: None)
    under_click = main(["check", "--quiet"]), capsys.readouterr()
    assert quick == under_click
    assert quick_wrapped == (sys.stdout is not out) == isinstance(error, BrokenPipeError)


def test_every_command_is_built_from_the_table() -> None:
    group = build()
    built = {}
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            built.update({f"{name} {sub}": c for sub, c in command.commands.items()})
        else:
            built[name] = command
    assert built.keys() == COMMANDS.keys() == RUNNERS.keys()
    for words, command in built.items():
        assert [p.name for p in command.params] == [p.name for p in COMMANDS[words].params]
