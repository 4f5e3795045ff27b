"""Every command's arguments and options, declared once, as data.

Two readers use this table. :func:`policylint.cli.build` makes the click commands of it: help,
usage errors and every command go through click. :func:`parse` reads the common case without
click, a well-formed ``check``, so that a one-file run does not import click (about a quarter
of its time): it gives the options click would give, or None for anything it does not read
exactly as click does (help, errors, ``-qj2``-style bundles, ...), which click then reads.
``tests/test_cli_options.py`` holds the two readers to each other.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

TEXT, PATH, JOBS, FLAG = "text", "path", "jobs", "flag"
"""Kinds of value: any text; a path that, when it exists, is readable (``click.Path()``); a
count of processes, from 1 (``click.IntRange(min=1)``); a flag, present or not."""


class Param:
    """An argument or an option of a command, declared as to click: ``Param("--format",
    "fmt")`` is the option ``--format`` given to the command as ``fmt``; ``Param("paths")`` an
    argument (no flags)."""

    __slots__ = (
        "choices",
        "decls",
        "default",
        "flags",
        "help",
        "kind",
        "metavar",
        "name",
        "nargs",
        "required",
        "show_default",
    )

    def __init__(
        self,
        *decls: str,
        kind: str = TEXT,
        choices: tuple[str, ...] = (),
        default: str | None = None,
        help: str | None = None,
        metavar: str | None = None,
        show_default: bool = False,
        nargs: int = 1,
        required: bool | None = None,
    ) -> None:
        self.decls = decls
        self.flags = tuple(d for d in decls if d[:1] == "-")
        named = [d for d in decls if d[:1] != "-"]
        self.name = named[0] if named else self.flags[0].lstrip("-").replace("-", "_")
        self.kind = kind
        self.choices = choices
        self.default = default
        self.help = help
        self.metavar = metavar
        self.show_default = show_default
        self.nargs = nargs
        self.required = required

    def read(self, value: str) -> str | int | None:
        """``value`` as click converts it; None where click refuses it or may differ."""
        if self.choices:
            return value if value in self.choices else None
        if self.kind == PATH:
            return value if _readable_or_absent(value) else None
        if self.kind == JOBS:
            # a plain count; longer numbers (Python refuses to read huge ones) go to click
            plain = value.isascii() and value.isdigit() and len(value) <= 9
            return int(value) if plain and int(value) else None
        return value


class Command:
    """A command: the help click shows, and its parameters in the order click lists them."""

    __slots__ = ("help", "params")

    def __init__(self, help: str, *params: Param) -> None:
        self.help = help
        self.params = params


GROUPS = {
    "": "Check that code keeps the promises of a privacy policy.",
    "policy": "Work with policy files.",
    "notice": "Read a privacy notice: draft a policy, or compare it with the policy.",
}
"""The groups of commands: the top-level one (``""``) and the ones named by a command."""


def _policy(help: str = "The policy file (default: found).", name: str = "policy") -> Param:
    return Param("--policy", name, metavar="FILE", help=help)


def _config(help: str | None = None) -> Param:
    return Param("--config", "config", kind=PATH, metavar="FILE", help=help)


def _jobs() -> Param:
    return Param("--jobs", "-j", kind=JOBS, help="Processes.")


def _format(*choices: str, show_default: bool = False) -> Param:
    return Param("--format", "fmt", choices=choices, default=choices[0], show_default=show_default)


COMMANDS = {
    "check": Command(
        "Check PATHS (default: the current directory) against the policy.",
        Param("paths", kind=PATH, nargs=-1),
        _policy(),
        _config("The project config."),
        _format("text", "json", "sarif", "junit", "github", "gitlab", show_default=True),
        Param("--output", "-o", metavar="FILE", help="Write the report to FILE (atomically)."),
        Param("--select", metavar="CODES", help="Only these codes (comma-separated prefixes)."),
        Param("--ignore", metavar="CODES", help="Not these codes (comma-separated prefixes)."),
        Param("--fail-on", choices=("error", "warning", "never")),
        Param("--baseline", metavar="FILE", help="Report only findings not in this baseline."),
        Param("--write-baseline", metavar="FILE", help="Record today's findings as a baseline."),
        _jobs(),
        Param("--statistics", kind=FLAG, help="Count findings by code."),
        Param("--quiet", "-q", kind=FLAG, help="Only the summary line."),
        Param(
            "--report-unused-ignores", kind=FLAG, help="Report suppressions that silence nothing."
        ),
        Param("--no-cache", kind=FLAG, help="Do not read or write the result cache."),
    ),
    "report": Command(
        "The data map of PATHS: every personal-data element found, and the policy's verdict.",
        Param("paths", kind=PATH, nargs=-1),
        _policy(),
        _config("The project config."),
        _format("markdown", "csv", "json", "html", show_default=True),
        Param("--output", "-o", metavar="FILE", help="Write the data map to FILE (atomically)."),
        _jobs(),
    ),
    "rules": Command("List the rules.", _format("table", "json"), _config()),
    "explain": Command("Show one rule's documentation.", Param("code"), _config()),
    "taxonomy": Command(
        "Print the taxonomies: data categories, purposes, subjects.",
        _format("text", "json"),
        _policy("Include the policy's taxonomy.extend."),
    ),
    "policy validate": Command(
        "Validate a policy file (default: the one policylint would use).",
        Param("file", required=False),
    ),
    "policy init": Command(
        "Write a starter policy (commented), or a draft read from a privacy notice.",
        Param("--from-notice", metavar="FILE", help="Draft it from a privacy notice."),
        Param("--output", "-o", default="privacy-policy.yaml", show_default=True),
        Param("--force", kind=FLAG, help="Replace an existing file."),
    ),
    "notice extract": Command(
        "Draft a policy from a privacy notice (text, Markdown or HTML; en, nl, fr, de).",
        Param("file"),
        Param("--output", "-o", metavar="FILE", help="Write the draft policy to FILE."),
    ),
    "notice diff": Command(
        "List where a privacy notice and the policy disagree; exit 1 when they do.",
        Param("file"),
        _policy("The policy (default: found).", name="policy_file"),
    ),
}
"""Each command, by its words on the command line, with its parameters in click's order."""


def parse(name: str, args: Sequence[str]) -> dict[str, object] | None:
    """The options of command ``name`` in ``args``, as click gives them to the command.

    Read: options by their exact flags (``--format json``, ``--format=json``, ``-o FILE``),
    flags, valid values, paths anywhere and after ``--``. None for anything else: help, an
    unknown option, a bundle of short options, a missing or invalid value. Only commands
    whose one argument takes any number of values are read.
    """
    params = COMMANDS[name].params
    arguments = [p for p in params if not p.flags]
    if len(arguments) != 1 or arguments[0].nargs != -1:
        return None
    by_flag = {flag: p for p in params for flag in p.flags}
    values: dict[str, object] = {p.name: False if p.kind == FLAG else p.default for p in params}
    positional: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            positional += rest
        elif arg[:1] != "-" or arg == "-":
            positional.append(arg)
        else:
            flag, eq, value = arg.partition("=") if arg[:2] == "--" else (arg, "", "")
            param = by_flag.get(flag)
            if param is None:
                return None
            if param.kind == FLAG:
                if eq:
                    return None
                values[param.name] = True
                continue
            if not eq:
                following = next(rest, None)
                if following is None:
                    return None
                value = following
            read = param.read(value)
            if read is None:
                return None
            values[param.name] = read
    paths = tuple(arguments[0].read(arg) for arg in positional)
    if None in paths:
        return None
    values[arguments[0].name] = paths
    return values


def _readable_or_absent(path: str) -> bool:
    """What ``click.Path()`` accepts without a word: a path that is absent, or readable."""
    try:
        os.stat(path)
    except OSError:
        return True
    except ValueError:  # a NUL byte: click's own error
        return False
    return os.access(path, os.R_OK)
