"""Writes: policylint writes only what it is asked to (the report, the baseline, its cache),
each atomically; a target it cannot write is a clear error (exit 2), and an existing file is
never left half-written, nor a temporary file left behind.

Root ignores permission bits, so "read-only" is also simulated in ways that stop root too:
a parent that is a regular file, and ``os.replace``/``os.fsync`` failing with ENOSPC.
"""

from __future__ import annotations

import errno
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from policylint import atomic
from policylint.cli import main
from policylint.errors import UsageError

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
POLICY = """\
version: 1
categories:
  - category: user.device.ip_address
    retention: P1Y
"""
BAD = """\
type: object
properties:
  ip:
    type: string
    x-personal-data: {category: user.device.ip_address, retention: P2Y}
"""
OLD = "the old report, whole\n"


@pytest.fixture
def repo(chdir_tmp: Path) -> Path:
    (chdir_tmp / "privacy-policy.yaml").write_text(POLICY, encoding="utf-8")
    (chdir_tmp / "s").mkdir()
    (chdir_tmp / "s" / "bad.schema.yaml").write_text(BAD, encoding="utf-8")
    return chdir_tmp


def _snapshot(root: Path) -> dict[str, str]:
    out = {}
    for path in root.rglob("*"):
        if path.is_file():
            out[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {name for name, digest in after.items() if before.get(name) != digest} | (
        before.keys() - after.keys()
    )


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- what is written -------------------------------------------------------------------------------
def test_only_the_report_baseline_and_cache_are_written(repo: Path) -> None:
    before = _snapshot(repo)
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("POLICYLINT_CACHE_DIR", None)
    args = ["--output", "report.json", "--format", "json", "--write-baseline", "base.json"]
    done = subprocess.run(
        [sys.executable, "-m", "policylint", "check", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr  # the baseline just written holds every finding
    changed = _changed(before, _snapshot(repo))
    assert {"report.json", "base.json"} <= changed
    others = changed - {"report.json", "base.json"}
    assert others and all(name.startswith(".policylint_cache/") for name in others), others
    assert (repo / ".policylint_cache" / ".gitignore").read_text() == "# created by policylint\n*\n"


def test_no_cache_writes_nothing_but_the_report(repo: Path) -> None:
    before = _snapshot(repo)
    assert main(["check", "--no-cache", "--output", "out.txt"]) == 1
    assert _changed(before, _snapshot(repo)) == {"out.txt"}
    assert main(["check", "--no-cache"]) == 1
    assert _changed(before, _snapshot(repo)) == {"out.txt"}


# -- targets that cannot be written ---------------------------------------------------------------
@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_parent_is_a_file(
    repo: Path, option: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "plain").write_text("a file, not a folder\n", encoding="utf-8")
    assert main(["check", "--no-cache", option, "plain/out.json"]) == 2
    err = capsys.readouterr().err
    assert "policylint: cannot write plain/out.json: Not a directory" in err
    assert (repo / "plain").read_text(encoding="utf-8") == "a file, not a folder\n"


def test_missing_folder(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-cache", "--output", "nowhere/out.txt"]) == 2
    assert "cannot write nowhere/out.txt: No such file or directory" in capsys.readouterr().err
    assert not (repo / "nowhere").exists()


def test_target_is_a_folder(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "out").mkdir()
    assert main(["check", "--no-cache", "--output", "out"]) == 2
    assert "cannot write out: Is a directory" in capsys.readouterr().err
    assert list((repo / "out").iterdir()) == []
    assert _leftovers(repo) == []


@pytest.mark.skipif(
    IS_ROOT, reason="root writes into read-only folders (see test_parent_is_a_file)"
)
def test_read_only_folder(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = repo / "reports"
    folder.mkdir()
    (folder / "out.txt").write_text(OLD, encoding="utf-8")
    folder.chmod(0o555)
    try:
        assert main(["check", "--no-cache", "--output", "reports/out.txt"]) == 2
        assert "cannot write reports/out.txt: Permission denied" in capsys.readouterr().err
        assert (folder / "out.txt").read_text(encoding="utf-8") == OLD
        assert _leftovers(folder) == []
    finally:
        folder.chmod(0o755)


@pytest.mark.skipif(IS_ROOT, reason="root writes read-only files (see the simulated cases)")
def test_read_only_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = repo / "base.json"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o444)
    assert main(["check", "--no-cache", "--write-baseline", "base.json"]) == 2
    assert "cannot write base.json: the file is read-only" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == OLD


def test_read_only_file_is_refused_whoever_runs(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = repo / "out.txt"
    target.write_text(OLD, encoding="utf-8")
    monkeypatch.setattr(atomic.os, "access", lambda path, mode: Path(path).resolve() != target)
    assert main(["check", "--no-cache", "--output", "out.txt"]) == 2
    assert "cannot write out.txt: the file is read-only" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == OLD


# -- a full disk, an interrupt --------------------------------------------------------------------
def _full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("where", ["replace", "fsync"])
@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_full_disk_keeps_the_old_file(
    repo: Path,
    where: str,
    option: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = repo / "target.json"
    target.write_text(OLD, encoding="utf-8")
    monkeypatch.setattr(atomic.os, where, _full)
    assert main(["check", "--no-cache", option, "target.json"]) == 2
    assert (
        "policylint: cannot write target.json: No space left on device" in capsys.readouterr().err
    )
    assert target.read_text(encoding="utf-8") == OLD
    assert _leftovers(repo) == []


def test_interrupt_leaves_no_temporary_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = repo / "out.txt"
    target.write_text(OLD, encoding="utf-8")

    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_text(target, "new")
    assert target.read_text(encoding="utf-8") == OLD
    assert _leftovers(repo) == []
    assert main(["check", "--no-cache", "--output", "out.txt"]) != 0  # "Aborted."
    assert target.read_text(encoding="utf-8") == OLD
    assert _leftovers(repo) == []


def test_write_text_replaces_whole(repo: Path) -> None:
    target = repo / "out.txt"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o640)
    atomic.write_text(target, "new\r\ncontent")
    assert target.read_bytes() == b"new\r\ncontent"  # written as given, no newline translation
    assert target.stat().st_mode & 0o777 == 0o640  # the old file's permissions are kept
    with pytest.raises(UsageError, match="cannot write"):
        atomic.write_text(repo / "missing" / "x", "y")


def test_a_link_as_target_is_replaced_not_followed(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "victim.txt"
    outside.write_text(OLD, encoding="utf-8")
    os.symlink(outside, repo / "report.txt")
    assert main(["check", "--no-cache", "--output", "report.txt"]) == 1
    assert outside.read_text(encoding="utf-8") == OLD
    assert not (repo / "report.txt").is_symlink()
    assert "PL302" in (repo / "report.txt").read_text(encoding="utf-8")


def test_unwritable_cache_only_costs_time(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "not-a-folder").write_text("x", encoding="utf-8")
    monkeypatch.setenv("POLICYLINT_CACHE_DIR", str(repo / "not-a-folder" / "cache"))
    assert main(["check", "--output", "out.txt"]) == 1
    assert "PL302" in (repo / "out.txt").read_text(encoding="utf-8")
