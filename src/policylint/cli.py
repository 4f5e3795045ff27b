"""The command line: thin. Options -> config -> engine -> formatter -> exit code.

Each command's work lives in ``policylint.commands.<name>`` and is imported only when that
command runs. Fatal errors (usage, invalid policy/config/rule) exit 2 with a message; no
traceback reaches the user (``POLICYLINT_DEBUG=1`` shows it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from policylint import __version__
from policylint.errors import FatalError

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ["text", "json", "sarif", "junit", "github", "gitlab"]


def _codes(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(c.strip().upper() for c in value.split(",") if c.strip())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="policylint")
def cli() -> None:
    """Check that code keeps the promises of a privacy policy."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--policy", "policy", metavar="FILE", help="The policy file (default: found).")
@click.option("--config", "config", metavar="FILE", type=click.Path(), help="The project config.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", metavar="FILE", help="Write the report to FILE (atomically).")
@click.option("--select", metavar="CODES", help="Only these codes (comma-separated prefixes).")
@click.option("--ignore", metavar="CODES", help="Not these codes (comma-separated prefixes).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), default=None)
@click.option("--baseline", metavar="FILE", help="Report only findings not in this baseline.")
@click.option("--write-baseline", metavar="FILE", help="Record today's findings as a baseline.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Processes.")
@click.option("--statistics", is_flag=True, help="Count findings by code.")
@click.option("--quiet", "-q", is_flag=True, help="Only the summary line.")
@click.option(
    "--report-unused-ignores", is_flag=True, help="Report suppressions that silence nothing."
)
@click.option("--no-cache", is_flag=True, help="Do not read or write the result cache.")
def check(**options: Any) -> None:
    """Check PATHS (default: the current directory) against the policy."""
    from policylint.commands.check import run_check

    options["select"] = _codes(options["select"])
    options["ignore"] = _codes(options["ignore"])
    raise SystemExit(run_check(options))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--policy", "policy", metavar="FILE", help="The policy file (default: found).")
@click.option("--config", "config", metavar="FILE", type=click.Path(), help="The project config.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "csv", "json", "html"]),
    default="markdown",
    show_default=True,
)
@click.option("--output", "-o", metavar="FILE", help="Write the data map to FILE (atomically).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Processes.")
def report(**options: Any) -> None:
    """The data map of PATHS: every personal-data element found, and the policy's verdict."""
    from policylint.commands.report import run_report

    raise SystemExit(run_report(options))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--config", "config", metavar="FILE", type=click.Path())
def rules(fmt: str, config: str | None) -> None:
    """List the rules."""
    from policylint.commands.rules import list_rules

    click.echo(list_rules(fmt, config), nl=False)


@cli.command()
@click.argument("code")
@click.option("--config", "config", metavar="FILE", type=click.Path())
def explain(code: str, config: str | None) -> None:
    """Show one rule's documentation."""
    from policylint.commands.rules import explain_rule

    click.echo(explain_rule(code, config), nl=False)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--policy", "policy", metavar="FILE", help="Include the policy's taxonomy.extend.")
def taxonomy(fmt: str, policy: str | None) -> None:
    """Print the taxonomies: data categories, purposes, subjects."""
    from policylint.commands.taxonomy import show_taxonomy

    click.echo(show_taxonomy(fmt, policy), nl=False)


@cli.group()
def policy() -> None:
    """Work with policy files."""


@policy.command("validate")
@click.argument("file", required=False)
def policy_validate(file: str | None) -> None:
    """Validate a policy file (default: the one policylint would use)."""
    from policylint.commands.policy import validate_policy

    click.echo(validate_policy(file))


@policy.command("init")
@click.option("--from-notice", metavar="FILE", help="Draft it from a privacy notice.")
@click.option("--output", "-o", default="privacy-policy.yaml", show_default=True)
@click.option("--force", is_flag=True, help="Replace an existing file.")
def policy_init(from_notice: str | None, output: str, force: bool) -> None:
    """Write a starter policy (commented), or a draft read from a privacy notice."""
    from policylint.commands.notice import init_policy

    click.echo(init_policy(from_notice, output, force))


@cli.group()
def notice() -> None:
    """Read a privacy notice: draft a policy, or compare it with the policy."""


@notice.command("extract")
@click.argument("file")
@click.option("--output", "-o", metavar="FILE", help="Write the draft policy to FILE.")
def notice_extract(file: str, output: str | None) -> None:
    """Draft a policy from a privacy notice (text, Markdown or HTML; en, nl, fr, de)."""
    from policylint.commands.notice import extract_notice

    click.echo(extract_notice(file, output), nl=False)


@notice.command("diff")
@click.argument("file")
@click.option("--policy", "policy_file", metavar="FILE", help="The policy (default: found).")
def notice_diff(file: str, policy_file: str | None) -> None:
    """List where a privacy notice and the policy disagree; exit 1 when they do."""
    from policylint.commands.notice import diff_notice

    text, code = diff_notice(file, policy_file)
    click.echo(text, nl=False)
    raise SystemExit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run the CLI and map every outcome to an exit code.

    Without ``argv`` (the console script, ``python -m policylint``) it is the whole process:
    it ends the process itself when it can (see :func:`_leave`).
    """
    code = _main(argv)
    if argv is None:
        _leave(code)
    return code


def _leave(code: int) -> None:
    """End the process with ``code`` now, skipping the interpreter's teardown.

    Freeing every module and object one by one takes about ten milliseconds, a sixth of a
    one-file run, and gives nothing to a process about to end. It is skipped only when
    nothing else is pending: the standard streams flush, no other thread runs, no exit
    handler is registered (coverage, multiprocessing) and no interactive session follows;
    otherwise the interpreter exits as usual.
    """
    import atexit

    if sys.flags.inspect or getattr(atexit, "_ncallbacks", lambda: 1)():
        return
    threading = sys.modules.get("threading")
    if threading is not None and any(
        t.is_alive() and not t.daemon and t is not threading.main_thread()
        for t in threading.enumerate()
    ):
        return
    try:
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            if stream is not None:
                stream.flush()
    except Exception:  # a closed pipe: the interpreter reports it as it always does
        return
    os._exit(code)


def _main(argv: Sequence[str] | None) -> int:
    from policylint.cache import activate

    activate(None)  # a run uses the cache its command chooses (commands/common.py), or none
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="policylint",
                 standalone_mode=False)  # fmt: skip
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return 2
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 2
    except FatalError as exc:
        click.echo(f"policylint: {exc}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: say so plainly, show the traceback only on demand
        if os.environ.get("POLICYLINT_DEBUG"):
            raise
        click.echo(
            f"policylint: internal error: {type(exc).__name__}: {exc}\n"
            "Set POLICYLINT_DEBUG=1 to see where, and please report it.",
            err=True,
        )
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
