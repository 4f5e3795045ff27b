"""Concurrency: parallel reading, and several ``policylint check`` processes at once over one
repository (pre-commit runs hooks in parallel; CI jobs share a cache), give the findings of a
serial run and leave every cache entry and baseline whole.

Real processes, started together, on a generated repository of a few hundred files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from policylint.cache import unseal
from policylint.packs import PACK_PREFIX, Pack
from policylint.resultcache import INDEX_PREFIX, MAGIC, _load_index

FILES = 160
PROCESSES = 4
INDEXED = (
    "import sys; from policylint import resultcache; from policylint.cli import main; "
    "resultcache.STAT_INDEX = 50; resultcache.RACY_NS = 0; sys.exit(main(sys.argv[1:]))"
)
"""``policylint`` with the stat index used from 50 files and every file stamped."""

POLICY = """\
version: 1
categories:
  - category: user.contact.email
    retention: account_deletion
  - category: user.device.ip_address
    retention: P1Y
require_retention: true
"""


def _schema(i: int) -> str:
    retention = ("P1Y", "P2Y", "P6M")[i % 3]
    extra = "  nickname:\n    type: string\n" if i % 5 == 0 else ""
    return (
        "type: object\nproperties:\n"
        f"  ip_{i}:\n    type: string\n"
        f"    x-personal-data: {{category: user.device.ip_address, retention: {retention}}}\n"
        f"  email_{i}:\n    type: string\n    x-personal-data: user.contact.email\n" + extra
    )


def _sql(i: int) -> str:
    return (
        f"CREATE TABLE t{i} (\n  id INT,\n"
        f"  ip INET -- @personal-data category=user.device.ip_address retention=P{i % 4 + 1}Y\n);\n"
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("concurrency") / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "privacy-policy.yaml").write_text(POLICY, encoding="utf-8")
    for i in range(FILES):
        folder = root / f"part{i % 7}"
        folder.mkdir(exist_ok=True)
        if i % 4 == 3:
            (folder / f"t{i}.sql").write_text(_sql(i), encoding="utf-8")
        elif i % 31 == 0:
            (folder / f"broken{i}.schema.yaml").write_text("type: [object\n", encoding="utf-8")
        else:
            (folder / f"s{i}.schema.yaml").write_text(_schema(i), encoding="utf-8")
    return root


def _command(*args: str, indexed: bool = False) -> list[str]:
    if indexed:
        return [sys.executable, "-c", INDEXED, "check", *args]
    return [sys.executable, "-m", "policylint", "check", *args]


def _env(cache: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "POLICYLINT_DEBUG"}
    env["NO_COLOR"] = "1"
    if cache is not None:
        env["POLICYLINT_CACHE_DIR"] = str(cache)
    return env


def _run(repo: Path, *args: str, cache: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        _command(*args), cwd=repo, env=_env(cache), capture_output=True, timeout=300
    )


def _together(
    repo: Path, commands: list[list[str]], cache: Path, indexed: bool = False
) -> list[subprocess.CompletedProcess[bytes]]:
    """Start every command before waiting for any (they run at the same time)."""
    procs = [
        subprocess.Popen(
            _command(*args, indexed=indexed),
            cwd=repo,
            env=_env(cache),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for args in commands
    ]
    done = []
    for proc, args in zip(procs, commands, strict=True):
        out, err = proc.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(args, proc.returncode, out, err))
    return done


@pytest.fixture(scope="module")
def serial(repo: Path) -> subprocess.CompletedProcess[bytes]:
    """The reference: one process, one job, no cache."""
    done = _run(repo, "--jobs", "1", "--no-cache", "--format", "json")
    assert done.returncode == 1, done.stderr.decode()
    report = json.loads(done.stdout)
    codes = {f["code"] for f in report["findings"]}
    assert {"PL100", "PL301", "PL302"} <= codes  # the repository holds each kind of finding
    return done


def _baseline(repo: Path, cache: Path, name: str) -> bytes:
    done = _run(repo, "--no-cache", "--write-baseline", str(cache.parent / name), cache=cache)
    assert done.returncode == 0, done.stderr.decode()
    return (cache.parent / name).read_bytes()


def _assert_cache_whole(cache: Path) -> int:
    """Every result entry in the cache is whole (its checksum holds), in a file of its own
    or in a pack, and every stat index; no temporary file left. The entries counted."""
    entries = 0
    for path in cache.rglob("*"):
        assert not path.name.endswith(".tmp"), f"temporary file left: {path}"
        if path.name.startswith(INDEX_PREFIX):
            assert len(_load_index(str(path))) == FILES, path
        if path.name.startswith(PACK_PREFIX):
            pack = Pack.open(str(path))
            assert pack is not None and pack.load(), path
            for key, offset, length in pack.rows():
                assert unseal(pack.read(key, offset, length) or b"", MAGIC) is not None, path
                entries += 1
            pack.close()
        if path.is_file() and "results" in path.parts and len(path.parent.name) == 2:
            assert unseal(path.read_bytes(), MAGIC) is not None, path
            entries += 1
    return entries


def test_jobs_do_not_change_the_output(
    repo: Path, serial: subprocess.CompletedProcess[bytes], tmp_path: Path
) -> None:
    for fmt in ("json", "text"):
        one = _run(repo, "--jobs", "1", "--no-cache", "--format", fmt)
        two = _run(repo, "--jobs", "2", "--no-cache", "--format", fmt)
        assert one.returncode == two.returncode == 1
        assert two.stdout == one.stdout, fmt
        if fmt == "json":
            assert one.stdout == serial.stdout
    cold = _run(repo, "--jobs", "2", "--format", "json", cache=tmp_path / "cache")
    warm = _run(repo, "--jobs", "2", "--format", "json", cache=tmp_path / "cache")
    assert cold.stdout == warm.stdout == serial.stdout


def test_processes_at_once_share_one_cache(
    repo: Path, serial: subprocess.CompletedProcess[bytes], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    runs = _together(repo, [["--format", "json"]] * PROCESSES, cache)  # a cold cache, together
    for done in runs:
        assert done.returncode == 1, done.stderr.decode()
        assert b"Traceback" not in done.stderr
        assert done.stdout == serial.stdout
    assert _assert_cache_whole(cache) >= FILES
    warm = _run(repo, "--format", "json", cache=cache)
    assert warm.stdout == serial.stdout


def test_processes_at_once_write_whole_baselines(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    out = tmp_path / "baselines"
    out.mkdir()
    reference = _baseline(repo, cache, "reference.json")
    json.loads(reference)

    distinct = [["--write-baseline", str(out / f"b{i}.json")] for i in range(PROCESSES)]
    for done in _together(repo, distinct, cache):
        assert done.returncode == 0, done.stderr.decode()
    for i in range(PROCESSES):
        assert (out / f"b{i}.json").read_bytes() == reference

    same = [["--write-baseline", str(out / "shared.json")]] * PROCESSES
    for done in _together(repo, same, cache):
        assert done.returncode == 0, done.stderr.decode()
    assert (out / "shared.json").read_bytes() == reference
    assert sorted(p.name for p in out.iterdir()) == [
        *(f"b{i}.json" for i in range(PROCESSES)),
        "shared.json",
    ]  # no temporary file left behind

    # and each baseline written at once is one policylint reads back: nothing new to report
    check = _run(repo, "--baseline", str(out / "shared.json"), cache=cache)
    assert check.returncode == 0, check.stdout.decode()
    _assert_cache_whole(cache)


def test_processes_at_once_share_one_stat_index(
    repo: Path, serial: subprocess.CompletedProcess[bytes], tmp_path: Path
) -> None:
    """Large runs at once each write a whole stat index (the last one stays), and read it
    while others replace it."""
    cache = tmp_path / "cache"
    for _ in range(2):  # a cold cache, then a warm one
        runs = _together(repo, [["--format", "json"]] * PROCESSES, cache, indexed=True)
        for done in runs:
            assert done.returncode == 1, done.stderr.decode()
            assert done.stdout == serial.stdout
        assert _assert_cache_whole(cache) >= FILES
        assert len(list(cache.rglob(f"{INDEX_PREFIX}*"))) == 1
    mixed = [["--format", "json", "--jobs", "2"], ["--format", "json", "--jobs", "1"]] * 2
    for done in _together(repo, mixed, cache, indexed=True):
        assert done.stdout == serial.stdout
