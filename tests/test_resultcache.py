"""The result cache (issue 7): a warm run says what a cold run says, byte for byte; a change
of the file, the policy or a rule changes the findings (never stale); a damaged entry is
read again; concurrent runs share one cache; ``--jobs`` changes nothing. Large runs replay
unchanged files from the stat index without opening them, and read again every file whose
``stat`` differs or was racily clean.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from policylint import resultcache
from policylint.cache import seal
from policylint.cli import main
from policylint.packs import PACK_PREFIX, Pack
from policylint.resultcache import (
    _STAMPED,
    INDEX_MAGIC,
    INDEX_PREFIX,
    MAGIC,
    RESULTS,
    ResultCache,
    _load_index,
    _write_index,
)
from repofiles import load
from samples import financial_rule

MIX = {"yaml": 0.3, "json": 0.3, "sql": 0.1, "tf": 0.1, "fides": 0.2}


@pytest.fixture
def tree(chdir_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A generated repository of every kind of file, with its cache in ``.cache``."""
    load("benchmarks/gen_corpus.py").generate(chdir_tmp, 120, MIX, seed=7, violations=0.2)
    monkeypatch.setenv("POLICYLINT_CACHE_DIR", str(chdir_tmp / ".cache"))
    return chdir_tmp


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(["check", "--format", "json", *args])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return out


def _entries(root: Path) -> list[Path]:
    results = root / ".cache" / RESULTS
    return [p for p in results.rglob("*") if p.is_file() and len(p.parent.name) == 2]


def _flip(path: Path, at: int) -> None:
    """Damage one byte of ``path``."""
    data = path.read_bytes()
    path.write_bytes(data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :])


def _cache(root: Path) -> ResultCache:
    folders = [p for p in (root / ".cache" / RESULTS).iterdir() if p.name != "code"]
    assert len(folders) == 1
    return ResultCache(folders[0])


def _keep_security_data_longer(root: Path) -> tuple[Path, str]:
    """Change the policy of ``root``: the data kept for security, five years, not one.
    The policy file, and its text before the change."""
    policy = root / "privacy-policy.yaml"
    text = policy.read_text(encoding="utf-8")
    security = "\n    purposes: [essential.service.security]"
    assert "retention: P1Y" + security in text
    policy.write_text(text.replace("retention: P1Y" + security, "retention: P5Y" + security))
    return policy, text


def test_warm_run_gives_the_bytes_of_a_cold_run_without_reading(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    uncached = _check(capsys, "--no-cache", "--jobs", "1")
    assert not (tree / ".cache" / RESULTS).exists()
    cold = _check(capsys, "--jobs", "1")
    assert cold == uncached
    assert len(_entries(tree)) >= 100

    def no_reading(*args: object) -> None:
        raise AssertionError("a warm run read a file")

    monkeypatch.setattr("policylint.resultcache.read_bytes", no_reading)
    assert _check(capsys, "--jobs", "1") == cold
    for fmt in ("text", "sarif"):  # every format renders the replayed findings alike
        main(["check", "--format", fmt, "--no-cache"])
        expected = capsys.readouterr().out
        main(["check", "--format", fmt])
        assert capsys.readouterr().out == expected


def test_changed_file_changes_its_findings(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _check(capsys)
    target = sorted(tree.glob("json/*/*.schema.json"))[0]
    text = target.read_text(encoding="utf-8")
    iban = '"iban_x": {"x-personal-data": {"category": "user.financial.bank_account"}}, '
    target.write_text(text.replace('"properties": {', '"properties": {' + iban, 1))
    after = _check(capsys)
    assert after != before
    assert after == _check(capsys, "--no-cache")
    target.write_text(text, encoding="utf-8")  # back as it was: the first entry answers again
    assert _check(capsys) == before


def test_changed_policy_changes_the_findings(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _check(capsys)
    policy, text = _keep_security_data_longer(tree)
    after = _check(capsys)
    assert after != before
    assert after == _check(capsys, "--no-cache")
    policy.write_text(text, encoding="utf-8")
    assert _check(capsys) == before


def test_changed_rule_or_selection_changes_the_findings(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tree / "policy-rules"
    rules.mkdir()
    rule = rules / "ACME101.yaml"
    rule.write_text(financial_rule(years=7, severity="error"), encoding="utf-8")
    (tree / ".policylint.yaml").write_text("rules: [policy-rules]\n", encoding="utf-8")
    (tree / "billing.schema.yaml").write_text(
        "properties:\n  iban:\n    x-personal-data:"
        " {category: user.financial.bank_account, retention: P5Y}\n",
        encoding="utf-8",
    )
    seven = _check(capsys)
    assert "ACME101" not in seven
    rule.write_text(financial_rule(years=3, severity="warning"), encoding="utf-8")
    three = _check(capsys)
    assert "P3Y" in three and '"severity": "warning"' in three
    assert three == _check(capsys, "--no-cache")
    selected = _check(capsys, "--select", "ACME")
    assert selected == _check(capsys, "--select", "ACME", "--no-cache")
    assert _check(capsys) == three


def test_unused_suppressions_are_judged_alike_with_a_warm_cache(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = sorted(tree.glob("yaml/*/*.schema.yaml"))[0]
    with target.open("a", encoding="utf-8") as handle:
        handle.write("# policylint: ignore[PL999]\n")
    cold = _check(capsys, "--report-unused-ignores")
    assert "PL001" in cold
    assert _check(capsys, "--report-unused-ignores") == cold
    assert cold == _check(capsys, "--report-unused-ignores", "--no-cache")


def test_a_damaged_entry_is_ignored_and_rewritten(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cold = _check(capsys)
    entries = sorted(_entries(tree))
    for i, entry in enumerate(entries):
        data = entry.read_bytes()
        if i % 3 == 0:
            entry.write_bytes(data[: len(data) // 2])  # cut short
        elif i % 3 == 1:
            _flip(entry, len(data) // 2)
        else:
            entry.write_bytes(b"not an entry at all")
    assert _check(capsys) == cold
    cache = _cache(tree)
    for entry in entries:
        key = entry.parent.name + entry.name
        assert cache._load(key) is not None, f"{entry} was not rewritten"
    assert _check(capsys) == cold


def test_an_entry_that_passes_its_checksum_but_does_not_load_is_read_again(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import struct

    cold = _check(capsys)
    for entry in _entries(tree):
        body = struct.pack("<I", 5) + b"junk!" + b"\x00" * 32 + b"junk"
        entry.write_bytes(seal(body, MAGIC))
    assert _check(capsys) == cold
    assert _check(capsys) == cold


def test_no_cache_and_config_cache_false_write_nothing(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _check(capsys, "--no-cache")
    assert not (tree / ".cache").exists()
    (tree / ".policylint.yaml").write_text("cache: false\n", encoding="utf-8")
    _check(capsys)
    assert not (tree / ".cache").exists()


def test_the_python_api_uses_no_result_cache(tree: Path) -> None:
    from policylint.api import check

    result = check(["."], policy="privacy-policy.yaml")
    assert result.findings
    assert not (tree / ".cache" / RESULTS).exists()
    assert not (tree / ".policylint_cache" / RESULTS).exists()


def test_jobs_do_not_change_the_bytes(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load("benchmarks/gen_corpus.py").generate(chdir_tmp, 300, MIX, seed=3, violations=0.2)
    monkeypatch.setenv("POLICYLINT_CACHE_DIR", str(chdir_tmp / ".cache"))
    one = _check(capsys, "--jobs", "1", "--no-cache")
    assert _check(capsys, "--jobs", "2", "--no-cache") == one
    assert _check(capsys, "--jobs", "2") == one  # cold: the workers read, the cache fills
    assert _check(capsys, "--jobs", "2") == one  # warm: read in-process, no worker needed
    assert _check(capsys, "--jobs", "1") == one
    # The first files changed: workers start, and send the stored entries of the others.
    for path in sorted(chdir_tmp.glob("fides/*/*.yml"))[:12]:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("# edited\n")
    changed = _check(capsys, "--jobs", "1", "--no-cache")
    assert _check(capsys, "--jobs", "2") == changed
    assert _check(capsys, "--jobs", "2") == changed


def test_two_concurrent_runs_share_one_cache(chdir_tmp: Path) -> None:
    load("benchmarks/gen_corpus.py").generate(chdir_tmp, 200, MIX, seed=5, violations=0.2)
    env = {**os.environ, "POLICYLINT_CACHE_DIR": str(chdir_tmp / ".cache"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "policylint", "check", "--format", "json"]
    expected = subprocess.run(
        [*command, "--no-cache"], cwd=chdir_tmp, env=env, capture_output=True, check=False
    )
    assert expected.returncode == 1, expected.stderr
    for jobs in ("1", "2"):
        runs = [
            subprocess.Popen(
                [*command, "--jobs", jobs],
                cwd=chdir_tmp,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(2)
        ]
        outputs = [run.communicate(timeout=300) for run in runs]
        for run, (out, err) in zip(runs, outputs, strict=True):
            assert run.returncode == 1, err
            assert out == expected.stdout
    entries = _entries(chdir_tmp)
    assert len(entries) >= 180
    assert not [p for p in entries if p.name.endswith(".tmp")]
    cache = _cache(chdir_tmp)
    for entry in entries:
        assert cache._load(entry.parent.name + entry.name) is not None
    warm = subprocess.run(command, cwd=chdir_tmp, env=env, capture_output=True, check=False)
    assert warm.stdout == expected.stdout


def test_an_overgrown_cache_is_emptied_when_workers_wrote_its_entries(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries of old contents pile up; a folder past its bound is emptied at the end of the
    run, also when every entry of the run was written by a worker process."""
    _check(capsys, "--jobs", "1")
    folder = _cache(tree).folder
    for shard in ("00", "80"):  # the shards the bound is estimated from: over 1,000 entries
        (folder / shard).mkdir(exist_ok=True)
        for i in range(4):
            (folder / shard / f"old{i}").write_bytes(b"stale")
    for path in sorted(tree.glob("json/*/*.schema.json")):
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\n")  # new contents: new entries
    monkeypatch.setattr("policylint.engine.WARM_IN_PROCESS", 0)  # every lookup in a worker
    monkeypatch.setattr("policylint.resultcache.MAX_ENTRIES", 500)
    _check(capsys, "--jobs", "2")
    assert not (folder / "00" / "old0").exists()


# -- the stat index (large runs) -------------------------------------------------------------
@pytest.fixture
def indexed(tree: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tree``, with the stat index used from 50 files, and no file racily clean (the tree
    was written a moment ago: with the 2 s rule, none of its files would be stamped)."""
    monkeypatch.setattr("policylint.resultcache.STAT_INDEX", 50)
    monkeypatch.setattr("policylint.resultcache.RACY_NS", 0)
    return tree


class _Reads:
    """Counts the files a run reads and the entries it looks up (in this process)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.files: list[str] = []
        self.entries = 0
        read = resultcache.read_regular
        load = ResultCache._load

        def read_regular(path: str | Path, limit: int | None) -> Any:
            if ".cache" not in Path(path).parts:  # a checked file, not an entry or index
                self.files.append(Path(path).name)
            return read(path, limit)

        def _load(cache: ResultCache, key: str) -> bytes | None:
            self.entries += 1
            return load(cache, key)

        monkeypatch.setattr(resultcache, "read_regular", read_regular)
        monkeypatch.setattr(ResultCache, "_load", _load)

    def reset(self) -> None:
        self.files.clear()
        self.entries = 0


def _indexes(root: Path) -> list[Path]:
    return sorted((root / ".cache" / RESULTS).glob(f"*/{INDEX_PREFIX}*"))


def _same_size_edit(root: Path) -> Path:
    """A JSON schema whose first category is renamed to an unknown one of the same length."""
    for target in sorted(root.glob("json/*/*.schema.json")):
        text = target.read_text(encoding="utf-8")
        if '"category": "user.' in text:
            target.write_text(text.replace('"category": "user.', '"category": "usex.', 1))
            return target
    raise AssertionError("no JSON schema with a category")


def test_a_large_warm_run_replays_from_the_stat_index(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    uncached = _check(capsys, "--no-cache", "--jobs", "1")
    reads = _Reads(monkeypatch)
    cold = _check(capsys, "--jobs", "1")
    assert cold == uncached
    assert len(reads.files) >= 100 and len(_indexes(indexed)) == 1
    reads.reset()
    assert _check(capsys, "--jobs", "1") == cold
    assert _check(capsys, "--jobs", "2") == cold
    assert reads.files == [] and reads.entries == 0  # not a file nor an entry opened
    for fmt in ("text", "sarif"):
        main(["check", "--format", fmt, "--no-cache"])
        expected = capsys.readouterr().out
        main(["check", "--format", fmt])
        assert capsys.readouterr().out == expected


def test_files_no_reader_takes_are_not_opened_again(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A repository's other YAML and JSON files (CI workflows, tool configs) are stamped
    too: a warm run opens none of them, and leaves the index as it was."""
    for i in range(10):
        (indexed / f"workflow{i}.yaml").write_text(f"on: push\njobs: {{build{i}: {{}}}}\n")
        (indexed / f"tsconfig{i}.json").write_text('{"compilerOptions": {"strict": true}}\n')
    cold = _check(capsys, "--jobs", "1")
    (index,) = _indexes(indexed)
    written = index.stat().st_ino, index.read_bytes()
    os.utime(index, ns=(0, 0))
    reads = _Reads(monkeypatch)
    assert _check(capsys, "--jobs", "1") == cold
    assert reads.files == [] and reads.entries == 0
    assert (index.stat().st_ino, index.read_bytes()) == written  # nothing new: not written
    assert index.stat().st_mtime_ns > 0  # but its time set: it was used last


def test_stamps_made_in_worker_processes_replay_alike(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("policylint.engine.WARM_IN_PROCESS", 0)  # every file read by a worker
    uncached = _check(capsys, "--no-cache", "--jobs", "2")
    assert _check(capsys, "--jobs", "2") == uncached
    reads = _Reads(monkeypatch)
    assert _check(capsys, "--jobs", "2") == uncached
    assert _check(capsys, "--jobs", "1") == uncached
    assert reads.files == []


def test_a_file_changed_under_the_same_size_and_mtime_is_read_again(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = _check(capsys, "--jobs", "1")
    reads = _Reads(monkeypatch)
    target = sorted(indexed.glob("json/*/*.schema.json"))[0]
    before = target.stat()
    target = _same_size_edit(indexed)  # written in place: same inode, a new ctime
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = target.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    changed = _check(capsys, "--jobs", "1")
    assert reads.files == [target.name]
    assert changed != cold
    assert changed == _check(capsys, "--no-cache")

    # replaced by another file (a new inode), same size and mtime, its old content back
    text = target.read_text(encoding="utf-8").replace('"category": "usex.', '"category": "user.')
    fresh = target.with_name(target.name + ".new")
    fresh.write_text(text, encoding="utf-8")
    os.utime(fresh, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(fresh, target)
    reads.reset()
    assert _check(capsys, "--jobs", "1") == cold
    assert reads.files == [target.name]


def test_a_racily_clean_file_is_read_again(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file modified within the racy window of its read keeps no stamp: a change in the
    same clock tick could leave its stat as it was. It is read (and hashed) on each run until
    it is older than the window."""
    _check(capsys, "--jobs", "1")
    target = _same_size_edit(indexed)
    monkeypatch.setattr("policylint.resultcache.RACY_NS", 60 * 10**9)  # edited just now
    expected = _check(capsys, "--no-cache")
    reads = _Reads(monkeypatch)
    for _ in range(2):
        assert _check(capsys, "--jobs", "1") == expected
        assert reads.files == [target.name]
        reads.reset()
    monkeypatch.setattr("policylint.resultcache.RACY_NS", 0)  # its edit long past
    assert _check(capsys, "--jobs", "1") == expected
    assert reads.files == [target.name]
    reads.reset()
    assert _check(capsys, "--jobs", "1") == expected
    assert reads.files == []


@pytest.mark.parametrize("damage", ["cut", "flip", "junk", "not a dict", "a dict"])
def test_a_damaged_stat_index_is_ignored_and_rewritten(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    import pickle

    cold = _check(capsys, "--jobs", "1")
    (index,) = _indexes(indexed)
    data = index.read_bytes()
    if damage == "cut":
        index.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        _flip(index, len(data) // 2)
    elif damage == "junk":
        index.write_bytes(b"not an index at all")
    elif damage == "not a dict":  # a sound checksum over something else
        index.write_bytes(seal(pickle.dumps(["a", "list"]), INDEX_MAGIC))
    else:  # an index as it was written before its stamps were written in chunks
        index.write_bytes(seal(pickle.dumps(_load_index(str(index))), INDEX_MAGIC))
    reads = _Reads(monkeypatch)
    assert _check(capsys, "--jobs", "1") == cold
    assert len(reads.files) >= 100  # nothing replayed from it: every file read
    reads.reset()
    assert _check(capsys, "--jobs", "1") == cold
    assert reads.files == []  # rewritten whole


def test_a_stamp_whose_record_does_not_load_is_checked_again(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = _check(capsys, "--jobs", "1")
    (index,) = _indexes(indexed)
    stamps = _load_index(str(index))
    spoiled = {display: stamp[:_STAMPED] + b"\x80junk" for display, stamp in stamps.items()}
    assert _write_index(str(index), spoiled)
    reads = _Reads(monkeypatch)
    assert _check(capsys, "--jobs", "1") == cold
    assert len(reads.files) == len(stamps)
    assert _load_index(str(index)) == stamps


def test_a_policy_or_rule_change_changes_findings_through_the_stat_index(
    indexed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _check(capsys)
    assert _check(capsys) == before
    policy, text = _keep_security_data_longer(indexed)
    after = _check(capsys)
    assert after != before
    assert after == _check(capsys) == _check(capsys, "--no-cache")
    assert len(_indexes(indexed)) == 2  # one per evaluation
    policy.write_text(text, encoding="utf-8")
    assert _check(capsys) == before

    rules = indexed / "policy-rules"
    rules.mkdir()
    (rules / "ACME101.yaml").write_text(financial_rule(years=3, severity="warning"))
    (indexed / ".policylint.yaml").write_text("rules: [policy-rules]\n", encoding="utf-8")
    with_rule = _check(capsys)
    assert with_rule != before
    assert with_rule == _check(capsys) == _check(capsys, "--no-cache")


def test_the_stat_index_holds_the_files_of_the_last_run(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _check(capsys, "--jobs", "1")
    (index,) = _indexes(indexed)
    gone = sorted(indexed.glob("yaml/*/*.schema.yaml"))[0]
    gone.unlink()
    added = indexed / "billing.schema.yaml"
    added.write_text(
        "properties:\n  iban:\n    x-personal-data: {category: user.financial.bank_account}\n",
        encoding="utf-8",
    )
    expected = _check(capsys, "--no-cache")
    reads = _Reads(monkeypatch)
    assert _check(capsys, "--jobs", "1") == expected
    assert reads.files == [added.name]
    stamps = _load_index(str(index))
    assert "billing.schema.yaml" in stamps
    assert not [d for d in stamps if d.endswith(gone.name)]


def test_a_small_run_neither_loads_nor_writes_the_stat_index(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _check(capsys, "--jobs", "1")
    (index,) = _indexes(indexed)
    written = index.stat().st_mtime_ns

    def no_loading(path: str) -> None:
        raise AssertionError("a small run loaded the stat index")

    monkeypatch.setattr(resultcache, "_load_index", no_loading)
    target = _same_size_edit(indexed)
    one = _check(capsys, str(target.relative_to(indexed)))
    assert "usex." in one
    assert _indexes(indexed) == [index] and index.stat().st_mtime_ns == written


def test_stat_indexes_beyond_the_bound_are_removed(
    indexed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _check(capsys)
    folder = _cache(indexed).folder
    for i in range(6):
        os.utime(_indexes(indexed)[0], ns=(i, i))  # older than any written now
        (folder / f"{INDEX_PREFIX}old{i}").write_bytes(b"an old index")
    for selection in ("PL1", "PL2"):
        _check(capsys, "--select", selection)
    indexes = _indexes(indexed)
    assert len(indexes) == resultcache.MAX_INDEXES
    assert {p.name for p in indexes} >= {f"{INDEX_PREFIX}old5", f"{INDEX_PREFIX}old4"}


# -- packs (large runs) ----------------------------------------------------------------------
def _packs(root: Path) -> list[Path]:
    return sorted((root / ".cache" / RESULTS).glob(f"*/{PACK_PREFIX}*"))


def _touch_every_file(root: Path) -> None:
    """A new ``stat`` for every file, its content unchanged (as a fresh checkout in CI)."""
    for path in root.rglob("*"):
        if path.is_file() and ".cache" not in path.parts:
            os.utime(path)


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_reading(path: Path, *args: object) -> None:
        raise AssertionError(f"{path} was parsed")

    monkeypatch.setattr("policylint.resultcache.read_bytes", no_reading)


def test_a_large_run_writes_one_pack_not_a_file_per_entry(
    indexed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cold = _check(capsys, "--jobs", "2")
    assert _entries(indexed) == []
    (pack,) = _packs(indexed)
    assert Pack.open(str(pack)).count >= 100  # type: ignore[union-attr]
    assert not [p for p in pack.parent.iterdir() if p.name.endswith(".tmp")]
    assert cold == _check(capsys, "--no-cache")


def test_files_whose_stat_changed_are_replayed_from_the_pack(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = _check(capsys, "--jobs", "1")
    _touch_every_file(indexed)
    _no_parsing(monkeypatch)
    reads = _Reads(monkeypatch)
    assert _check(capsys, "--jobs", "2") == cold
    assert reads.files and reads.entries  # hashed, looked up, not parsed
    assert len(_packs(indexed)) == 1  # nothing new to keep


def test_a_policy_change_evaluates_the_packed_facts_without_parsing(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The facts of JSON files are stored with their keys not yet placed: placed from the
    file's text when a finding needs them, where a fresh read places them."""
    _check(capsys, "--jobs", "1")
    _keep_security_data_longer(indexed)
    expected = _check(capsys, "--no-cache")
    assert '.json"' in expected
    _no_parsing(monkeypatch)
    assert _check(capsys, "--jobs", "2") == expected
    assert len(_packs(indexed)) == 2  # the facts again, with the new findings


def test_packs_beyond_the_bound_are_merged_into_one(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("policylint.packs.MAX_PACKS", 2)
    first = _check(capsys, "--jobs", "1")
    policy, text = _keep_security_data_longer(indexed)
    second = _check(capsys, "--jobs", "1")
    assert len(_packs(indexed)) == 2
    policy.write_text(text, encoding="utf-8")
    target = _same_size_edit(indexed)
    third = _check(capsys, "--jobs", "1")
    assert len(_packs(indexed)) == 1  # three packs: merged
    assert third == _check(capsys, "--no-cache") and third != first != second

    target.write_text(target.read_text().replace('"usex.', '"user.', 1), encoding="utf-8")
    _touch_every_file(indexed)
    _no_parsing(monkeypatch)
    assert _check(capsys, "--jobs", "1") == first  # each key's newest entry was kept


def test_the_oldest_packs_go_when_they_hold_too_many_entries(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("policylint.resultcache.MAX_ENTRIES", 10)  # bound: 3 x 120 files
    for selection in ("PL", "PL1", "PL2"):  # a pack each: 360 entries
        _check(capsys, "--jobs", "1", "--select", selection)
    oldest, *newer = _packs(indexed)
    assert len(newer) == 2
    _keep_security_data_longer(indexed)
    after = _check(capsys, "--jobs", "1")
    packs = _packs(indexed)  # 480 entries: the oldest pack went, the newest three stay
    assert len(packs) == 3 and oldest not in packs and set(newer) < set(packs)
    _touch_every_file(indexed)
    _no_parsing(monkeypatch)
    assert _check(capsys, "--jobs", "1") == after
    assert _packs(indexed) == packs


def test_a_small_run_finds_its_entries_in_the_packs(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pre-commit run after a run of the whole repository parses nothing unchanged."""
    _check(capsys, "--jobs", "1")
    files = [str(p.relative_to(indexed)) for p in sorted(indexed.glob("*/*/*.schema.*"))[:3]]
    expected = _check(capsys, "--no-cache", *files)
    _no_parsing(monkeypatch)
    assert _check(capsys, *files) == expected
    assert _entries(indexed) == []  # nothing new to keep


def test_an_entry_of_its_own_from_another_evaluation_hides_no_packed_one(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = _check(capsys, "--jobs", "1")
    (pack,) = _packs(indexed)
    target = str(sorted(indexed.glob("yaml/*/*.schema.yaml"))[0].relative_to(indexed))
    _check(capsys, "--select", "PL1", target)  # an entry of its own, for another evaluation
    assert len(_entries(indexed)) == 1
    _touch_every_file(indexed)
    _no_parsing(monkeypatch)
    assert _check(capsys, "--jobs", "1") == cold
    assert _packs(indexed) == [pack]  # every outcome was in the pack: no new one


def test_a_full_disk_while_merging_costs_only_the_merge(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from policylint.packs import PackWriter

    monkeypatch.setattr("policylint.packs.MAX_PACKS", 1)
    flush = PackWriter._flush

    def full_when_merging(writer: PackWriter) -> None:
        if writer.stamp is not None:  # the merge's writer
            raise OSError(28, "No space left on device")
        flush(writer)

    monkeypatch.setattr(PackWriter, "_flush", full_when_merging)
    first = _check(capsys, "--jobs", "1")
    _keep_security_data_longer(indexed)
    assert _check(capsys, "--jobs", "1") == _check(capsys, "--no-cache") != first
    packs = _packs(indexed)
    assert len(packs) == 2  # not merged, nothing lost
    assert not [p for p in packs[0].parent.iterdir() if p.name.endswith(".tmp")]


def test_temporary_packs_of_killed_runs_are_removed(
    indexed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _check(capsys, "--jobs", "1")
    folder = _cache(indexed).folder
    old = folder / f".{PACK_PREFIX}1234-0.tmp"
    recent = folder / f".{PACK_PREFIX}1234-1.tmp"
    old_index = folder / f".{INDEX_PREFIX}1234.1234.abcd.tmp"
    for leftover in (old, recent, old_index):
        leftover.write_bytes(b"PLK1 a pack cut short")
    os.utime(old, ns=(0, 0))
    os.utime(old_index, ns=(0, 0))
    _keep_security_data_longer(indexed)  # a run that writes a pack
    _check(capsys, "--jobs", "1")
    assert not old.exists() and not old_index.exists()
    assert recent.exists()  # a run may be writing this one


@pytest.mark.parametrize("damage", ["cut", "table", "entry"])
def test_a_damaged_pack_is_a_miss(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    cold = _check(capsys, "--jobs", "1")
    (pack,) = _packs(indexed)
    data = pack.read_bytes()
    if damage == "cut":
        pack.write_bytes(data[: len(data) - 10])
    elif damage == "table":
        _flip(pack, len(data) - 60)
    else:  # an entry's bytes: its own checksum fails
        _flip(pack, len(data) // 3)
    _touch_every_file(indexed)
    parsed: list[str] = []
    read = resultcache.read_bytes

    def counted(path: Path, *args: Any) -> Any:
        parsed.append(path.name)
        return read(path, *args)

    monkeypatch.setattr("policylint.resultcache.read_bytes", counted)
    assert _check(capsys, "--jobs", "1") == cold
    if damage == "entry":
        assert len(parsed) == 1
    else:
        assert len(parsed) >= 100


def test_a_large_index_is_written_as_the_run_goes(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("policylint.resultcache._CHUNK", 7)  # 120 files: 18 chunks
    cold = _check(capsys, "--jobs", "2")
    (index,) = _indexes(indexed)
    assert len(_load_index(str(index))) >= 100
    reads = _Reads(monkeypatch)
    assert _check(capsys, "--jobs", "1") == cold
    assert reads.files == []
    assert not [p for p in index.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_run_cut_short_writes_no_index(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its stamps were being written (chunks of 7): the temporary index goes, none is put in
    place; the entries it made are kept."""
    monkeypatch.setattr("policylint.resultcache._CHUNK", 7)
    read = resultcache.read_bytes
    calls = []

    def interrupted(*args: Any) -> Any:
        calls.append(1)
        if len(calls) == 60:
            raise KeyboardInterrupt
        return read(*args)

    monkeypatch.setattr("policylint.resultcache.read_bytes", interrupted)
    assert main(["check", "--jobs", "1"]) == 2  # "Aborted."
    capsys.readouterr()
    assert _indexes(indexed) == []
    (pack,) = _packs(indexed)
    assert not [p for p in pack.parent.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.setattr("policylint.resultcache.read_bytes", read)
    assert _check(capsys, "--jobs", "1") == _check(capsys, "--no-cache")


def test_a_run_that_matches_its_whole_index_writes_none(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("policylint.resultcache._CHUNK", 7)
    cold = _check(capsys, "--jobs", "1")
    added: list[str] = []
    add = resultcache._IndexWriter.add

    def counted(writer: Any, display: str, stamp: bytes) -> None:
        added.append(display)
        add(writer, display, stamp)

    monkeypatch.setattr(resultcache._IndexWriter, "add", counted)
    assert _check(capsys, "--jobs", "1") == cold
    assert added == []
    assert not [p for p in _cache(indexed).folder.iterdir() if p.name.endswith(".tmp")]


def test_a_record_that_does_not_load_mid_run_leaves_the_stamps_after_it(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file matched its stamp, so the index was not being written, until one record
    did not load: the stamps from there on are written, and the files before it go the
    ordinary way next time, from their entries (none is parsed)."""
    monkeypatch.setattr("policylint.resultcache._CHUNK", 7)
    cold = _check(capsys, "--jobs", "1")
    (index,) = _indexes(indexed)
    stamps = _load_index(str(index))
    middle = sorted(stamps)[len(stamps) // 2]
    spoiled = {**stamps, middle: stamps[middle][:_STAMPED] + b"\x80junk"}
    assert _write_index(str(index), spoiled)
    assert _check(capsys, "--jobs", "1") == cold
    kept = _load_index(str(index))
    assert middle in kept and len(kept) < len(stamps)
    _no_parsing(monkeypatch)
    assert _check(capsys, "--jobs", "1") == cold
    assert _load_index(str(index)) == stamps


def test_a_stat_index_that_cannot_be_written_costs_only_time(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from policylint.cache import Staged

    monkeypatch.setattr("policylint.resultcache._CHUNK", 7)
    write = Staged._write
    calls: list[int] = []

    def full(staged: Staged, data: Any) -> None:
        if INDEX_PREFIX in os.path.basename(staged.path):  # the index, not the pack
            calls.append(1)
            if len(calls) == 3:  # its second chunk
                raise OSError(28, "No space left on device")
        write(staged, data)

    monkeypatch.setattr(Staged, "_write", full)
    assert _check(capsys, "--jobs", "1") == _check(capsys, "--no-cache")
    assert len(calls) >= 3
    assert _indexes(indexed) == []
    assert not [p for p in _cache(indexed).folder.iterdir() if p.name.endswith(".tmp")]


def test_workers_forked_while_the_index_is_written_leave_it_whole(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first files are replayed, and their stamps written (chunks of 7), before the
    rest (70 files) go to worker processes."""
    monkeypatch.setattr("policylint.resultcache._CHUNK", 7)
    monkeypatch.setattr("policylint.engine.WARM_IN_PROCESS", 0)
    cold = _check(capsys, "--jobs", "2")
    (index,) = _indexes(indexed)
    stamps = _load_index(str(index))
    later = sorted(stamps)[-70:]
    for display in later:
        os.utime(indexed / display)
    assert _check(capsys, "--jobs", "2") == cold
    assert set(_load_index(str(index))) == set(stamps)


def _run_through_cache(root: Path, jobs: int) -> Any:
    """The run of ``policylint check --jobs JOBS`` on ``root``, through the engine: its
    result, with the strings its findings hold."""
    from policylint.cache import Cache
    from policylint.discovery import discover
    from policylint.engine import run
    from policylint.policy import load_policy
    from policylint.ruleset import load_rules

    policy_file = root / "privacy-policy.yaml"
    policy = load_policy(policy_file, policy_file.name)
    cache = ResultCache.open(Cache.at(root))
    assert cache is not None
    files = discover(["."], root, skip=[policy_file]).files
    return run(files, load_rules([]), policy, jobs=jobs, cache=cache, policy_file=policy_file)


@pytest.mark.parametrize("large", [False, True], ids=["entry files", "stat index and pack"])
def test_findings_hold_the_runs_own_strings(
    tree: Path, monkeypatch: pytest.MonkeyPatch, large: bool
) -> None:
    """Findings made in workers or loaded from the cache hold the run's string for their
    file's path, and one string per code, name and severity, not copies of their own."""
    if large:
        monkeypatch.setattr("policylint.resultcache.STAT_INDEX", 50)
        monkeypatch.setattr("policylint.resultcache.RACY_NS", 0)
    for _ in ("cold", "warm"):
        result = _run_through_cache(tree, jobs=2)
        files = {id(path) for path in result.files}
        checked = [f for f in result.findings if f.path != "privacy-policy.yaml"]
        assert len({f.path for f in checked}) > 10
        assert all(id(f.path) in files for f in checked)
        for field in ("code", "name", "severity"):
            one: dict[str, str] = {}
            assert all(
                one.setdefault(getattr(f, field), getattr(f, field)) is getattr(f, field)
                for f in result.findings
            )
