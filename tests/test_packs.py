"""Packs (:mod:`policylint.packs`): the result cache's entries of large runs, many to a file.
A lookup finds the entry written last for its key, with its table read whole or row by row;
a record is returned only for its own key; a merge keeps each key's newest entry."""

from __future__ import annotations

import hashlib
import os
import tracemalloc
from pathlib import Path

import pytest

from policylint import packs
from policylint.packs import KEY, PACK_PREFIX, Pack, Packs, PackWriter, merge, pack_names


def _key(n: int) -> bytes:
    return n.to_bytes(KEY, "big")


def _write(folder: Path, entries: list[tuple[int, bytes]], stamp: int | None = None) -> Path:
    writer = PackWriter(str(folder), stamp)
    for n, data in entries:
        writer.add(_key(n), data)
    path = writer.finish()
    assert path is not None
    return Path(path)


@pytest.mark.parametrize("whole", [True, False])
def test_the_entry_written_last_for_a_key_is_found(tmp_path: Path, whole: bool) -> None:
    path = _write(tmp_path, [(n, b"entry %d" % n) for n in range(200)] + [(7, b"seven again")])
    pack = Pack.open(str(path))
    assert pack is not None and pack.count == 200
    if whole:
        assert pack.load()
    assert pack.find(_key(7)) == b"seven again"
    assert pack.find(_key(0)) == b"entry 0" and pack.find(_key(199)) == b"entry 199"
    assert pack.find(_key(200)) is None and pack.find(b"\xff" * KEY) is None
    pack.close()
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_keys_of_every_first_byte_make_one_sorted_table(tmp_path: Path) -> None:
    """Keys are digests, spread over every first byte: the table is written a bucket at a
    time, yet it is one table in key order, every key found, the last record of each."""
    keys = [hashlib.blake2b(b"%d" % n, digest_size=KEY).digest() for n in range(3000)]
    writer = PackWriter(str(tmp_path))
    for n, key in enumerate(keys):
        writer.add(key, b"entry %d" % n)
    writer.add(keys[5], b"five again")
    path = writer.finish()
    assert path is not None
    pack = Pack.open(path)
    assert pack is not None and pack.count == len(keys)
    assert pack.load()
    assert [key for key, _, _ in pack.rows()] == sorted(keys)
    assert pack.find(keys[5]) == b"five again" and pack.find(keys[2999]) == b"entry 2999"
    pack.close()


def test_finishing_a_pack_holds_no_copy_of_its_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table goes out bucket by bucket: finishing 60,000 records (a 2.6 MB table)
    allocates a small part of it (the write buffer, made small here, and a bucket), not the
    rows again as objects and the table whole."""
    monkeypatch.setattr(packs, "_BUFFER", 1 << 16)
    writer = PackWriter(str(tmp_path))
    for n in range(60_000):
        writer.add(hashlib.blake2b(b"%d" % n, digest_size=KEY).digest(), b"e")
    table = 60_000 * (KEY + 12)
    tracemalloc.start()
    try:
        assert writer.finish() is not None
        assert tracemalloc.get_traced_memory()[1] < table // 8
    finally:
        tracemalloc.stop()


def test_the_pack_format_is_unchanged(tmp_path: Path) -> None:
    """A pack's bytes, spelled out from the format (:mod:`policylint.packs`): packs written
    by earlier versions must read. A duplicate key, keys of several first bytes."""
    keys = [bytes([first]) * KEY for first in (0xFF, 0x00, 0x80, 0x00)]
    writer = PackWriter(str(tmp_path), stamp=1)
    for n, key in enumerate(keys):
        writer.add(key, b"entry %d" % n)
    path = writer.finish()
    assert path is not None and Path(path).name.startswith(f"{PACK_PREFIX}0000000000000001-")
    records = [key + b"entry %d" % n for n, key in enumerate(keys)]
    starts = [4 + sum(map(len, records[:n])) for n in range(len(records))]
    latest = {key: n for n, key in enumerate(keys)}  # the record written last, per key
    table = b"".join(
        keys[n] + starts[n].to_bytes(8, "little") + len(records[n]).to_bytes(4, "little")
        for _, n in sorted(latest.items())
    )
    start = 4 + sum(map(len, records))
    check = hashlib.blake2b(table, digest_size=16).digest()
    tail = start.to_bytes(8, "little") + len(table).to_bytes(8, "little") + check + b"PLK1"
    assert Path(path).read_bytes() == b"PLK1" + b"".join(records) + table + tail


def test_a_record_is_returned_for_its_own_key_only(tmp_path: Path) -> None:
    """A table that points at another record (damaged, yet its rows well formed) gives a
    miss, never that record's entry."""
    path = _write(tmp_path, [(1, b"one"), (2, b"two")])
    data = bytearray(path.read_bytes())
    row = KEY + 12
    tail = 8 + 8 + 16 + 4
    first = len(data) - tail - 2 * row
    second = first + row
    offsets = data[first + KEY : first + row], data[second + KEY : second + row]
    data[first + KEY : first + row], data[second + KEY : second + row] = offsets[1], offsets[0]
    path.write_bytes(bytes(data))
    pack = Pack.open(str(path))
    assert pack is not None
    assert pack.find(_key(1)) is None and pack.find(_key(2)) is None  # row by row
    assert not pack.load()  # the table's checksum no longer holds
    pack.close()


def test_a_damaged_row_reads_nothing_outside_the_records(tmp_path: Path) -> None:
    """A row whose length or place was damaged (its table not read whole, so not checked)
    gives a miss, and reads no more than the pack holds."""
    path = _write(tmp_path, [(1, b"one")])
    data = bytearray(path.read_bytes())
    row = len(data) - (8 + 8 + 16 + 4) - (KEY + 12)
    data[row + KEY + 8 : row + KEY + 12] = b"\xff\xff\xff\xff"  # a length of 4 GB
    path.write_bytes(bytes(data))
    pack = Pack.open(str(path))
    assert pack is not None
    tracemalloc.start()
    try:
        assert pack.find(_key(1)) is None
        assert tracemalloc.get_traced_memory()[1] < 1 << 20  # no 4 GB buffer asked for
    finally:
        tracemalloc.stop()
    data[row + KEY : row + KEY + 8] = row.to_bytes(8, "little")  # its own row: key 1 first
    data[row + KEY + 8 : row + KEY + 12] = (KEY + 12).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    assert pack.find(_key(1)) is None
    pack.close()


def test_a_pack_cut_short_is_no_pack(tmp_path: Path) -> None:
    path = _write(tmp_path, [(1, b"one")])
    path.write_bytes(path.read_bytes()[:-1])
    assert Pack.open(str(path)) is None
    assert Packs(str(tmp_path)).get(_key(1)) is None


def test_a_writer_given_nothing_leaves_nothing(tmp_path: Path) -> None:
    assert PackWriter(str(tmp_path)).finish() is None
    assert list(tmp_path.iterdir()) == []


def test_a_merge_keeps_each_keys_newest_entry(tmp_path: Path) -> None:
    old = _write(tmp_path, [(1, b"old one"), (2, b"old two")], stamp=1)
    new = _write(tmp_path, [(2, b"new two"), (3, b"new three")], stamp=2)
    damaged = tmp_path / f"{PACK_PREFIX}{0:016x}-0-0"
    damaged.write_bytes(b"PLK1" + b"\x00" * 40)
    merged = merge(str(tmp_path))
    assert merged is not None
    assert pack_names(str(tmp_path)) == [os.path.basename(merged)]
    assert not old.exists() and not new.exists() and not damaged.exists()
    packs = Packs(str(tmp_path))
    assert [packs.get(_key(n)) for n in (1, 2, 3)] == [b"old one", b"new two", b"new three"]
    packs.close()
    later = _write(tmp_path, [(2, b"newer two")], stamp=3)  # written while merging: newer
    assert pack_names(str(tmp_path))[0] == later.name
    assert Packs(str(tmp_path)).get(_key(2)) == b"newer two"
