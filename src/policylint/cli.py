"""The command line: thin. Options -> config -> engine -> formatter -> exit code.

Every command's arguments and options are declared once, in
:mod:`policylint.commands.options`, and the click commands are built from that table
(:func:`build`). A well-formed ``check`` is read by the table's own parser instead and runs
without importing click (about a quarter of a one-file run); help, usage errors,
``--version`` and every other command go through click. Each command's work lives in
``policylint.commands.<name>`` and is imported only when that command runs. Fatal errors
(usage, invalid policy/config/rule) exit 2 with a message; no traceback reaches the user
(``POLICYLINT_DEBUG=1`` shows it).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from policylint.commands.options import COMMANDS, FLAG, GROUPS, JOBS, PATH, Param, parse
from policylint.errors import FatalError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import click

PROG = "policylint"


def check(options: dict[str, Any]) -> int:
    """``policylint check`` with the options click or :func:`parse` read."""
    from policylint.commands.check import run_check

    options["select"] = _codes(options["select"])
    options["ignore"] = _codes(options["ignore"])
    return run_check(options)


def _codes(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(c.strip().upper() for c in value.split(",") if c.strip())


# -- the click commands ---------------------------------------------------------------------
def _echo(text: str, nl: bool = True) -> None:
    import click

    click.echo(text, nl=nl)


def _check(**options: Any) -> None:
    raise SystemExit(check(options))


def _report(**options: Any) -> None:
    from policylint.commands.report import run_report

    raise SystemExit(run_report(options))


def _rules(fmt: str, config: str | None) -> None:
    from policylint.commands.rules import list_rules

    _echo(list_rules(fmt, config), nl=False)


def _explain(code: str, config: str | None) -> None:
    from policylint.commands.rules import explain_rule

    _echo(explain_rule(code, config), nl=False)


def _taxonomy(fmt: str, policy: str | None) -> None:
    from policylint.commands.taxonomy import show_taxonomy

    _echo(show_taxonomy(fmt, policy), nl=False)


def _policy_validate(file: str | None) -> None:
    from policylint.commands.policy import validate_policy

    _echo(validate_policy(file))


def _policy_init(from_notice: str | None, output: str, force: bool) -> None:
    from policylint.commands.notice import init_policy

    _echo(init_policy(from_notice, output, force))


def _notice_extract(file: str, output: str | None) -> None:
    from policylint.commands.notice import extract_notice

    _echo(extract_notice(file, output), nl=False)


def _notice_diff(file: str, policy_file: str | None) -> None:
    from policylint.commands.notice import diff_notice

    text, code = diff_notice(file, policy_file)
    _echo(text, nl=False)
    raise SystemExit(code)


RUNNERS: dict[str, Callable[..., None]] = {
    "check": _check,
    "report": _report,
    "rules": _rules,
    "explain": _explain,
    "taxonomy": _taxonomy,
    "policy validate": _policy_validate,
    "policy init": _policy_init,
    "notice extract": _notice_extract,
    "notice diff": _notice_diff,
}
"""What each command of :data:`~policylint.commands.options.COMMANDS` runs under click."""


def build() -> click.Group:
    """The click group of every command, made from the table of commands."""
    import click

    from policylint import __version__

    top = {"help_option_names": ["-h", "--help"]}
    groups = {"": click.Group("cli", help=GROUPS[""], context_settings=top)}
    click.version_option(__version__, "--version", prog_name=PROG)(groups[""])
    for name, help in GROUPS.items():
        if name:
            groups[name] = click.Group(name, help=help)
            groups[""].add_command(groups[name])
    for words, command in COMMANDS.items():
        parent, _, name = words.rpartition(" ")
        params = [_click_param(param) for param in command.params]
        runner = RUNNERS[words]
        groups[parent].add_command(
            click.Command(name, callback=runner, params=params, help=command.help)
        )
    return groups[""]


def _click_param(param: Param) -> click.Parameter:
    """The click argument or option ``param`` declares: told only what the table says."""
    import click

    extra: dict[str, Any] = {}
    if param.kind == PATH:
        extra["type"] = click.Path()
    elif param.kind == JOBS:
        extra["type"] = click.IntRange(min=1)
    elif param.choices:
        extra["type"] = click.Choice(param.choices)
    if not param.flags:
        return click.Argument(
            list(param.decls), nargs=param.nargs, required=param.required, **extra
        )
    if param.kind == FLAG:
        extra["is_flag"] = True
    if param.default is not None:
        extra["default"] = param.default
    if param.show_default:
        extra["show_default"] = True
    return click.Option(list(param.decls), metavar=param.metavar, help=param.help, **extra)


# -- the process -----------------------------------------------------------------------------
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
        options = _quick(argv)
        return _with_click(argv) if options is None else _as_click_ends(options)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    except FatalError as exc:
        _echo_err(f"policylint: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: say so plainly, show the traceback only on demand
        if os.environ.get("POLICYLINT_DEBUG"):
            raise
        _echo_err(
            f"policylint: internal error: {type(exc).__name__}: {exc}\n"
            "Set POLICYLINT_DEBUG=1 to see where, and please report it."
        )
        return 2


def _quick(argv: Sequence[str] | None) -> dict[str, Any] | None:
    """The options of a well-formed ``check``, read without click; None for click to read.

    Click reads the arguments itself where it would do more than parse them: a shell asking
    for completions, or Windows, where it expands wildcards in ``sys.argv``.
    """
    if os.environ.get(f"_{PROG.upper()}_COMPLETE"):
        return None
    if argv is None:
        if os.name == "nt":
            return None
        argv = sys.argv[1:]
    if not argv or argv[0] != "check":
        return None
    return parse("check", argv[1:])


def _with_click(argv: Sequence[str] | None) -> int:
    import click

    args = list(argv) if argv is not None else None
    try:
        build().main(args=args, prog_name=PROG, standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return 2
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 2
    return 0


def _as_click_ends(options: dict[str, Any]) -> int:
    """Run ``check``, ending on an interrupt or a closed pipe as under click's ``main``."""
    try:
        return check(options)
    except (EOFError, KeyboardInterrupt):
        _echo_err("")  # the blank line that closes the terminal's ``^C`` echo
        _echo_err("Aborted.")
        return 2
    except OSError as exc:
        import errno

        if exc.errno != errno.EPIPE:
            raise
        sys.stdout = _Pacified(sys.stdout)
        sys.stderr = _Pacified(sys.stderr)
        return 1


class _Pacified:
    """A standard stream whose ``flush`` ignores a closed pipe, as click leaves them."""

    def __init__(self, wrapped: Any) -> None:
        self.wrapped = wrapped

    def flush(self) -> None:
        import errno

        try:
            self.wrapped.flush()
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.wrapped, attr)


def _echo_err(text: str) -> None:
    import click

    click.echo(text, err=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
