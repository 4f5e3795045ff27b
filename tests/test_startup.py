"""Start-up (issue 7): the project a run loads (config, policy, rules) is kept in the cache
folder and used again while nothing it was built from changes. Never stale: an edit of the
policy, a rule, the config, or a new policy file found first changes the findings of the
next run; a damaged entry is ignored and rebuilt; errors are reported on every run. A warm
run imports none of the heavy modules, and the command line ends its process cleanly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import policylint.policy
import policylint.resultcache
import policylint.ruleset
from policylint.cache import seal
from policylint.cli import main
from policylint.projectcache import FOLDER
from samples import financial_rule

REPO = Path(__file__).resolve().parent.parent

POLICY = """\
version: 1
categories:
  - category: user.financial
    retention: P10Y
  - category: user.contact.email
    retention: P1Y
hosting:
  regions: [eu]
"""
SCHEMA = """\
type: object
properties:
  iban:
    type: string
    x-personal-data: {category: user.financial.bank_account, retention: P5Y}
  email:
    type: string
    x-personal-data: {category: user.contact.email, retention: P2Y}
  phone:
    type: string
    x-personal-data: user.contact.phone_number
"""
CONFIG = "rules: [rules]\n"


@pytest.fixture
def repo(chdir_tmp: Path) -> Path:
    """A project with a config, a policy, a project rule folder and one tagged schema."""
    (chdir_tmp / "privacy-policy.yaml").write_text(POLICY, encoding="utf-8")
    (chdir_tmp / ".policylint.yaml").write_text(CONFIG, encoding="utf-8")
    (chdir_tmp / "rules").mkdir()
    (chdir_tmp / "rules" / "acme101.yaml").write_text(financial_rule(years=3), encoding="utf-8")
    (chdir_tmp / "user.schema.yaml").write_text(SCHEMA, encoding="utf-8")
    return chdir_tmp


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "user.schema.yaml", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _codes(out: str) -> list[str]:
    return sorted(
        line.split()[1] for line in out.splitlines() if ": PL" in line or ": ACME" in line
    )


def _entries(root: Path) -> list[Path]:
    folder = root / ".policylint_cache" / FOLDER
    return sorted(folder.iterdir()) if folder.is_dir() else []


def _fresh(capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """What a run that uses no cache at all says."""
    return _run(capsys, "--no-cache")


# -- served from the cache, the same bytes ------------------------------------------------------
def test_a_warm_run_says_what_a_cold_one_says(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = _run(capsys)
    assert cold[0] == 1
    assert _codes(cold[1]) == ["ACME101", "PL201", "PL302"]
    assert len(_entries(repo)) == 1
    assert _fresh(capsys) == cold
    monkeypatch.setattr(policylint.policy, "load_policy", None)
    monkeypatch.setattr(policylint.ruleset, "load_rules", None)
    assert _run(capsys) == cold  # neither loader is called


def test_the_text_of_a_finding_is_the_same_in_every_format(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for fmt in ("json", "sarif", "junit", "github", "gitlab"):
        cold = _run(capsys, "--format", fmt, "--no-cache")
        _run(capsys, "--format", fmt)
        assert _run(capsys, "--format", fmt) == cold, fmt


# -- never stale ---------------------------------------------------------------------------------
def test_an_edited_policy_changes_the_findings(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _run(capsys)
    (repo / "privacy-policy.yaml").write_text(POLICY.replace("P1Y", "P3Y"), encoding="utf-8")
    after = _run(capsys)
    assert _codes(after[1]) == ["ACME101", "PL201"]
    assert after != before
    assert after == _fresh(capsys)


def test_an_edited_project_rule_changes_the_findings(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys)
    rule = repo / "rules" / "acme101.yaml"
    rule.write_text(financial_rule(years=7), encoding="utf-8")
    after = _run(capsys)
    assert "ACME101" not in _codes(after[1])
    assert after == _fresh(capsys)
    rule.write_text(financial_rule(years=4), encoding="utf-8")
    again = _run(capsys)
    assert "at most P4Y" in again[1]
    assert again == _fresh(capsys)


def test_a_rule_file_added_or_removed_changes_the_findings(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys)
    extra = financial_rule(years=1).replace("ACME101", "ACME102").replace("financial-", "bank-")
    (repo / "rules" / "acme102.yml").write_text(extra, encoding="utf-8")
    added = _run(capsys)
    assert _codes(added[1]) == ["ACME101", "ACME102", "PL201", "PL302"]
    assert added == _fresh(capsys)
    (repo / "rules" / "acme101.yaml").unlink()
    removed = _run(capsys)
    assert _codes(removed[1]) == ["ACME102", "PL201", "PL302"]
    assert removed == _fresh(capsys)


def test_an_edited_config_changes_the_findings(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys)
    config = repo / ".policylint.yaml"
    config.write_text(CONFIG + "ignore: [PL2, PL3]\n", encoding="utf-8")
    assert _codes(_run(capsys)[1]) == ["ACME101"]
    config.write_text(CONFIG + "severity: {ACME101: warning}\n", encoding="utf-8")
    warned = _run(capsys)
    assert "1 warning" in warned[1]
    assert warned == _fresh(capsys)
    config.write_text("", encoding="utf-8")  # no project rules any more
    assert _codes(_run(capsys)[1]) == ["PL201", "PL302"]


def test_the_config_naming_another_policy_is_followed(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "strict.yaml").write_text(POLICY.replace("P10Y", "P1Y"), encoding="utf-8")
    _run(capsys)
    (repo / ".policylint.yaml").write_text(CONFIG + "policy: strict.yaml\n", encoding="utf-8")
    strict = _run(capsys)
    assert _codes(strict[1]) == ["ACME101", "PL201", "PL302", "PL302"]
    assert strict == _fresh(capsys)


def test_a_policy_found_first_now_is_used(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    app = repo / "app"
    app.mkdir()
    (app / "user.schema.yaml").write_text(SCHEMA, encoding="utf-8")
    os.chdir(app)
    before = _run(capsys)
    assert _codes(before[1]) == ["ACME101", "PL201", "PL302"]
    (app / "privacy-policy.yaml").write_text(POLICY.replace("P1Y", "P5Y"), encoding="utf-8")
    after = _run(capsys)
    assert _codes(after[1]) == ["ACME101", "PL201"]
    assert after == _fresh(capsys)


def test_an_invalid_policy_is_reported_on_every_run(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _run(capsys)
    policy = repo / "privacy-policy.yaml"
    policy.write_text(POLICY.replace("P10Y", "ten years"), encoding="utf-8")
    for _ in range(2):
        code, _, err = _run(capsys)
        assert code == 2
        assert "invalid policy privacy-policy.yaml" in err
    policy.write_text(POLICY, encoding="utf-8")
    assert _run(capsys) == good


def test_an_invalid_rule_is_reported_on_every_run(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys)
    (repo / "rules" / "acme101.yaml").write_text(financial_rule(years="x"), encoding="utf-8")
    for _ in range(2):
        code, _, err = _run(capsys)
        assert code == 2
        assert "rules/acme101.yaml" in err


def test_another_policylint_does_not_use_the_entry(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = _run(capsys)
    monkeypatch.setattr(policylint.resultcache, "code_digest", lambda memo=None: "0" * 64)
    loads = []
    load_policy = policylint.policy.load_policy

    def spy(*args: Any, **kwargs: Any) -> Any:
        loads.append(args)
        return load_policy(*args, **kwargs)

    monkeypatch.setattr(policylint.policy, "load_policy", spy)
    assert _run(capsys) == cold
    assert len(loads) == 1


# -- damaged entries -----------------------------------------------------------------------------
def _sealed(body: bytes) -> bytes:
    """An entry with a valid checksum around ``body``."""
    return seal(body)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[:20],
        lambda data: data[:-7],
        lambda data: data[:40] + bytes([data[40] ^ 0xFF]) + data[41:],
        lambda data: _sealed(b"not a pickle"),
        lambda data: _sealed(b"\x80\x05\x95\x05\x00\x00\x00\x00\x00\x00\x00\x8c\x01x\x94."),
        lambda data: _sealed(data[36:-30]),
    ],
    ids=["empty", "truncated", "cut", "flipped", "garbage", "other-pickle", "cut-sealed"],
)
def test_a_damaged_entry_is_ignored_and_rebuilt(
    repo: Path, capsys: pytest.CaptureFixture[str], damage: Any
) -> None:
    cold = _run(capsys)
    [entry] = _entries(repo)
    entry.write_bytes(damage(entry.read_bytes()))
    assert _run(capsys) == cold
    [rebuilt] = _entries(repo)
    assert rebuilt.read_bytes()[:4] == seal(b"")[:4]


def test_the_rebuilt_entry_serves_the_next_run(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = _run(capsys)
    [entry] = _entries(repo)
    entry.write_bytes(b"junk")
    _run(capsys)
    monkeypatch.setattr(policylint.policy, "load_policy", None)
    monkeypatch.setattr(policylint.ruleset, "load_rules", None)
    assert _run(capsys) == cold


# -- turned off ----------------------------------------------------------------------------------
def test_no_cache_writes_no_entry(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fresh(capsys)
    assert not (repo / ".policylint_cache").exists()


def test_cache_false_in_the_config_writes_nothing(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / ".policylint.yaml").write_text(CONFIG + "cache: false\n", encoding="utf-8")
    first = _run(capsys)
    assert _run(capsys) == first
    assert not (repo / ".policylint_cache").exists()


def test_a_read_only_cache_folder_costs_only_time(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = repo / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("POLICYLINT_CACHE_DIR", str(blocked / "cache"))
    cold = _fresh(capsys)
    assert _run(capsys) == cold
    assert _run(capsys) == cold


# -- what loaders read is what is recorded --------------------------------------------------------
def test_line_ends_and_byte_order_marks_read_as_before(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crlf = financial_rule(years=3).replace("\n", "\r\n").encode("utf-8")
    (repo / "rules" / "acme101.yaml").write_bytes(crlf)
    (repo / ".policylint.yaml").write_bytes(b"\xef\xbb\xbf" + CONFIG.encode().replace(b"\n", b"\r"))
    cold = _fresh(capsys)
    assert _codes(cold[1]) == ["ACME101", "PL201", "PL302"]
    assert _run(capsys) == cold
    assert _run(capsys) == cold


def test_a_rule_that_is_not_utf8_fails_as_before(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = financial_rule(years=3) + "#" + "x" * 9000 + "\n"
    (repo / "rules" / "acme101.yaml").write_bytes(text.encode() + b"# \xff\n")
    cold = _fresh(capsys)
    assert cold[0] == 2
    assert "cannot read rule rules/acme101.yaml" in cold[2]
    assert _run(capsys) == cold
    assert _run(capsys) == cold


# -- imports -------------------------------------------------------------------------------------
HEAVY = (
    "click",  # a well-formed check is read without it (commands/options.py)
    "dataclasses",  # records stand for them (records.py)
    "inspect",
    "jsonschema",
    "sqlglot",
    "hcl2",
    "lark",
    "multiprocessing",
    "tempfile",
    "importlib.resources",
    "policylint.validation",
    "policylint.readers.fides",
    "policylint.tags",
)


def _python(code: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_warm_run_imports_no_heavy_module(repo: Path) -> None:
    code = textwrap.dedent(
        """
        import sys
        from policylint.cli import main
        main(["check", "user.schema.yaml"])
        print("MODULES", *sorted(sys.modules))
        """
    )
    _python(code, repo)  # the cold run fills the caches
    warm = _python(code, repo)
    assert "ACME101" in warm.stdout, warm.stderr
    loaded = set(warm.stdout.split("MODULES", 1)[1].split())
    assert not loaded & set(HEAVY)
    assert "policylint.checks" in loaded  # the list is the real one


@pytest.mark.parametrize(
    "target", ["app/config/app.toml", "app/web/package.json", "app/api/openapi.yaml"]
)
def test_a_warm_run_of_another_kind_of_file_defines_no_dataclass(
    tmp_path: Path, target: str
) -> None:
    # was: dataclasses (and inspect) imported by the settings reader, the tag validator, the
    # tracker catalogue and the name vocabulary: 12 ms of a one-file run
    shutil.copytree(Path(__file__).parent.parent / "examples" / "alloclaim", tmp_path / "a")
    code = textwrap.dedent(
        """
        import sys
        from policylint.cli import main
        main(["check", sys.argv[1]])
        print("MODULES", *sorted(sys.modules))
        """
    )
    _python(code, tmp_path / "a", target)  # the cold run fills the caches
    warm = _python(code, tmp_path / "a", target)
    loaded = set(warm.stdout.split("MODULES", 1)[1].split())
    assert not loaded & {"dataclasses", "inspect"}, warm.stderr
    assert "policylint.readers" in loaded  # the list is the real one


# -- the end of the process ---------------------------------------------------------------------
def test_the_command_line_prints_everything_and_exits_with_its_code(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _run(capsys)
    run = subprocess.run(
        [sys.executable, "-m", "policylint", "check", "user.schema.yaml"],
        cwd=repo,
        env={**os.environ, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (run.returncode, run.stdout, run.stderr) == expected


def test_exit_handlers_and_threads_are_waited_for(repo: Path) -> None:
    code = textwrap.dedent(
        """
        import atexit, sys, threading, time
        atexit.register(lambda: print("handler ran"))
        def late():
            time.sleep(0.2)
            print("thread ran", flush=True)
        threading.Thread(target=late).start()
        sys.argv = ["policylint", "check", "user.schema.yaml"]
        from policylint.cli import main
        sys.exit(main())
        """
    )
    run = _python(code, repo)
    assert run.returncode == 1, run.stderr
    assert "ACME101" in run.stdout
    assert "thread ran" in run.stdout
    assert run.stdout.rstrip().endswith("handler ran")
