"""Hostile input: whatever a repository holds, ``policylint check`` neither crashes nor hangs,
and every other file of the run is still checked (docs/limits.md, docs/security.md).

Each case builds a small repository in a temporary folder: the policy, one ordinary file
with a known finding, and the hostile files; then runs the command line in a subprocess and
checks the outcome: a clear finding or message (with file and line where there is one), no
traceback, the ordinary finding still reported, time under a generous hang guard and peak
memory under a generous bound. Times and memory are recorded: ``pytest -s`` prints them, and
they are written to ``hostile-report.json`` in pytest's temporary folder. Large inputs are
generated here, never stored in the repository.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from policylint.config import load_config
from policylint.discovery import discover, display_path
from policylint.errors import ConfigError
from policylint.readers import ReadOptions, decode, limits, read_bytes, read_file
from policylint.yamlnode import SourceError, compose_all, to_python
from samples import write_files

pytestmark = pytest.mark.skipif(
    not hasattr(os, "mkfifo") or sys.platform == "win32", reason="POSIX only (FIFOs, links)"
)

HANG_GUARD = 10.0
"""CPU seconds: a case that works longer than this is taken for a runaway (cases take well
under 5 s). CPU time, not wall time: a busy CI machine must not make the guard fail."""
MEMORY_BOUND_MB = 1024
KILL_AFTER = 120.0
"""Wall seconds after which a case is killed: a process blocked for good (on a FIFO, say)
spends no CPU; killed, it fails on its exit code."""

POLICY = """\
version: 1
name: Hostile input
categories:
  - category: user.contact.email
    retention: account_deletion
  - category: user.device.ip_address
    retention: P1Y
hosting:
  regions: [eu]
"""

ORDINARY = """\
type: object
properties:
  ip:
    type: string
    x-personal-data: {category: user.device.ip_address, retention: P2Y}
"""
ORDINARY_FINDING = "ordinary.schema.yaml:5:5: PL302 "

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

Files = dict[str, "str | bytes"]


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    seconds: float
    cpu: float
    peak_mb: float


@dataclass
class Case:
    name: str
    build: Callable[[Path], None]
    out: tuple[str, ...] = ()
    """Lines (or line starts) the report must hold."""
    err: tuple[str, ...] = ()
    """Text standard error must hold."""
    code: int = 1
    args: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    """Line starts the report must not hold."""
    after: Callable[[Path], None] | None = None
    """More checks on the repository after the run."""
    skip: str = ""
    cleanup: Callable[[Path], None] | None = None
    """Run whatever the outcome (a tree too deep for pytest's own cleanup)."""


REPORT: list[dict[str, object]] = []


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One cache for every case, as a developer's machine has (the policy is validated once)."""
    yield tmp_path_factory.mktemp("hostile-cache")
    if not REPORT:
        return
    where = tmp_path_factory.getbasetemp() / "hostile-report.json"
    where.write_text(json.dumps(REPORT, indent=2) + "\n", encoding="utf-8")
    slowest = max(REPORT, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]
    largest = max(REPORT, key=lambda r: float(r["peak_mb"]))  # type: ignore[arg-type]
    print(f"\nhostile cases: {len(REPORT)} (report: {where})")
    for row in REPORT:
        print(
            f"  {row['case']:<42} {row['seconds']:>6.2f} s {row['cpu_seconds']:>6.2f} s CPU"
            f" {row['peak_mb']:>7.1f} MB"
        )
    print(f"  slowest: {slowest['case']} ({slowest['seconds']:.2f} s)")
    print(f"  largest peak memory: {largest['case']} ({largest['peak_mb']:.1f} MB)")


LAUNCHER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
try:
    code = subprocess.run(sys.argv[2:], timeout=float(sys.argv[1])).returncode
except subprocess.TimeoutExpired:
    code = -9
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps({"code": code, "seconds": seconds, "cpu": cpu, "peak": usage.ru_maxrss}),
      file=sys.stderr)
"""
"""Runs the command and reports its exit code, wall and CPU time, and peak memory (its
workers' included).

A process started straight from pytest would inherit pytest's own high-water mark at
``exec``; started from this small launcher, it inherits the launcher's few megabytes."""


def run_check(cwd: Path, args: tuple[str, ...], cache: Path | None) -> Outcome:
    """``policylint check`` in a subprocess, with its time and peak resident memory."""
    env = {k: v for k, v in os.environ.items() if k != "POLICYLINT_DEBUG"}
    env["NO_COLOR"] = "1"
    if cache is not None:
        env["POLICYLINT_CACHE_DIR"] = str(cache)
    command = [sys.executable, "-m", "policylint", "check", *args]
    launcher = [sys.executable, "-c", LAUNCHER, str(KILL_AFTER)]
    done = subprocess.run(
        [*launcher, *command],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=env,
        timeout=KILL_AFTER + 30,
    )
    stdout = done.stdout.decode("utf-8", "replace")
    stderr, _, last = done.stderr.decode("utf-8", "replace").rstrip("\n").rpartition("\n")
    measured = json.loads(last)
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes or KiB
    peak = measured["peak"] / scale
    return Outcome(measured["code"], stdout, stderr, measured["seconds"], measured["cpu"], peak)


def repository(root: Path) -> Path:
    (root / ".git").mkdir(parents=True)
    write_files(root, {"privacy-policy.yaml": POLICY, "ordinary.schema.yaml": ORDINARY})
    return root


# -- generated inputs -------------------------------------------------------------------------
def laughs(levels: int = 9, width: int = 9) -> str:
    """The "billion laughs": each anchor names ``width`` aliases of the one before."""
    lines = ["x-personal-data: user.contact.email", f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def property_bomb(levels: int = 10, width: int = 9) -> str:
    """Aliases in ``properties``: the schema walker would visit width ** levels properties."""
    tag = "{category: user.contact.email, retention: account_deletion}"
    lines = ["type: object", "$defs:", f"  p0: &p0 {{type: string, x-personal-data: {tag}}}"]
    for i in range(1, levels):
        props = ", ".join(f"f{j}: *p{i - 1}" for j in range(width))
        lines.append(f"  p{i}: &p{i} {{type: object, properties: {{{props}}}}}")
    lines.append(f"properties: {{root: *p{levels - 1}}}")
    return "\n".join(lines) + "\n"


def merge_bomb(levels: int = 9, width: int = 9) -> str:
    """Merge keys (``<<``) naming aliases that name aliases."""
    lines = ["x-personal-data: user.contact.email", "m0: &m0 {a: 1, b: 2, c: 3, d: 4}"]
    for i in range(1, levels):
        lines.append(f"m{i}: &m{i} {{<<: [{', '.join([f'*m{i - 1}'] * width)}], k{i}: v}}")
    return "\n".join(lines) + "\n"


DEEP = 100_000
DEEP_FOLDERS = 1100


def sql_tables(count: int, bad: set[int]) -> str:
    out = []
    for i in range(count):
        retention = "P2Y" if i in bad else "P1Y"
        out.append(
            f"CREATE TABLE t{i} (\n  id INT PRIMARY KEY,\n"
            f"  ip INET -- @personal-data category=user.device.ip_address retention={retention}\n);"
        )
    return "\n".join(out) + "\n"


def sql_line(index: int) -> int:
    """The line of table ``index``'s ``ip`` column in :func:`sql_tables`."""
    return index * 4 + 3


def binary(seed: int, size: int = 4096) -> bytes:
    return random.Random(seed).randbytes(size)


# -- the cases --------------------------------------------------------------------------------
def _files(files: Files) -> Callable[[Path], None]:
    return lambda root: write_files(root, files)


def _big_sparse(root: Path) -> None:
    with open(root / "huge.schema.json", "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # a sparse file: 200 MB long, nothing on disk


def _long_line(root: Path) -> None:
    filler = "x" * (5 * 1024 * 1024)
    text = (
        LONG_PREFIX + filler + '", "properties": {"ip": '
        '{"type": "string", "x-personal-data": '
        '{"category": "user.device.ip_address", "retention": "P2Y"}}}}'
    )
    write_files(root, {"long.schema.json": text})


LONG_PREFIX = '{"type": "object", "description": "'
LONG_COLUMN = (
    len(LONG_PREFIX) + 5 * 1024 * 1024 + len('", "properties": {"ip": {"type": "string", ') + 1
)


def _dense_line(root: Path) -> None:
    text = '{"$schema": "x", "enum": [' + ",".join(["0"] * (2_500_000)) + "]}"
    write_files(root, {"dense.schema.json": text})


def _symlink_loop(root: Path) -> None:
    os.symlink("loop-b.schema.json", root / "loop-a.schema.json")
    os.symlink("loop-a.schema.json", root / "loop-b.schema.json")
    (root / "sub").mkdir()
    os.symlink("..", root / "sub" / "up")  # a folder link back up: not followed


def _symlink_out(root: Path) -> None:
    outside = root.parent / f"{root.name}-outside"
    outside.mkdir()
    write_files(outside, {"secret.schema.yaml": ORDINARY, "dir/inner.schema.yaml": ORDINARY})
    os.symlink(outside / "secret.schema.yaml", root / "linked.schema.yaml")
    os.symlink(outside / "dir", root / "linked-dir")


def _dangling(root: Path) -> None:
    os.symlink("missing.schema.json", root / "dangling.schema.json")


def _fifo(root: Path) -> None:
    os.mkfifo(root / "pipe.schema.json")
    os.mkfifo(root / "policy.sql")


def _dir_like_file(root: Path) -> None:
    write_files(root, {"x.schema.json/inner.schema.yaml": ORDINARY, "y.sql/.keep": ""})


def _unreadable_file(root: Path) -> None:
    write_files(root, {"locked.schema.yaml": ORDINARY})
    (root / "locked.schema.yaml").chmod(0)


def _unreadable_folder(root: Path) -> None:
    write_files(root, {"locked/inner.schema.yaml": ORDINARY})
    (root / "locked").chmod(0)


def _odd_names(root: Path) -> None:
    write_files(
        root, {os.fsdecode(b"bad\xff.schema.yaml"): ORDINARY, "new\nline.schema.yaml": ORDINARY}
    )
    escape = 'type: object\nproperties:\n  "a\\u001b[2K\\rb":\n    x-personal-data: user.name\n'
    write_files(root, {"escape.schema.yaml": escape})


def nested(root: Path, name: str, depth: int) -> Path:
    """``root/name/name/...``, ``depth`` folders deep (``mkdir(parents=True)`` recurses)."""
    for _ in range(depth):
        root = root / name
        root.mkdir()
    return root


def remove_tree(root: Path) -> None:
    """Remove a tree of any depth (``shutil.rmtree`` recurses, and so would pytest's cleanup)."""
    folders, stack = [], [root]
    while stack:
        folder = stack.pop()
        folders.append(folder)
        for entry in os.scandir(folder):
            if entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
            else:
                os.unlink(entry.path)
    for folder in reversed(folders):
        folder.rmdir()


def _deep_tree(root: Path) -> None:
    write_files(nested(root, "d", DEEP_FOLDERS), {"deep.schema.yaml": ORDINARY})


def _slow_gitignore(root: Path) -> None:
    patterns = "*a*a*a*a*a*a*a*a*a*a*b\n**/x/**/x/**/x/**/x/b\n!keep\n"
    write_files(root, {".gitignore": patterns, "a" * 200 + ".schema.yaml": ORDINARY})
    nested(root, "x", 300)


def _linked_gitignore(root: Path) -> None:
    outside = root.parent / f"{root.name}-outside.txt"
    outside.write_text("*.schema.yaml\n", encoding="utf-8")
    os.symlink(outside, root / ".gitignore")


def _no_pwned(root: Path) -> None:
    assert not (root / "pwned").exists(), "a YAML tag ran code"


def _policy(text: str | bytes) -> Callable[[Path], None]:
    return _files({"privacy-policy.yaml": text})


UNSAFE = '!!python/object/apply:os.system ["touch pwned"]'
WRONG_TYPES = """\
version: "one"
name: [1, 2]
controller: {a: b}
contact: 42
categories: {category: user.name}
require_retention: "yes please"
subjects: [15]
hosting: eu
processors: AWS
cookies: [strictly_necessary]
special_categories: 7
sale_of_data: [forbidden]
taxonomy: extend
"""
YAML_SIGN = "x-personal-data: user.contact.email\n"
HEREDOC_TF = """\
variable "region" {
  default = "us-east-1"
}
locals {
  script = <<-EOT
    #!/bin/sh
    # @policy hosting.region
    echo "${var.region} %{ if true }yes%{ endif } $${literal}"
  EOT
  nested = "${format("%s-%s", var.region, "${upper("x")}")}"
}
provider "aws" {
  region = "${var.region}"
}
resource "aws_s3_bucket" "logs" {
  bucket = "logs-${var.region}"
  policy = <<POLICY
{"region": "eu-west-1"} # @policy hosting.region
POLICY
}
"""
REFS = {
    "refs.schema.json": json.dumps(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#",
            "$defs": {
                "a": {"$ref": "#/$defs/b"},
                "b": {"$ref": "#/$defs/a"},
                "gone": {"$ref": "#/$defs/nowhere"},
                "far": {"$ref": "https://example.invalid/schema.json"},
            },
            "properties": {
                "self": {"$ref": "#/properties/self"},
                "ip": {
                    "type": "string",
                    "x-personal-data": {
                        "category": "user.device.ip_address",
                        "retention": "P2Y",
                    },
                },
            },
        },
        indent=1,
    )
}
ORDINARY_JSON_TAIL = """\
 "type": "object",
 "properties": {
  "ip": {"type": "string",
    "x-personal-data": {"category": "user.device.ip_address", "retention": "P2Y"}}}}
"""
DUPLICATES = """\
{
  "properties": {
    "ip": {"type": "string",
      "x-personal-data": {"category": "user.device.ip_address", "retention": "P1Y"}},
    "ip": {"type": "string",
      "x-personal-data": {"category": "user.device.ip_address", "retention": "P3Y"}},
    "email": {"type": "string",
      "x-personal-data": "user.contact.email",
      "x-personal-data": "user.financial"}
  }
}
"""
MANY_SQL = 10_000

CASES = [
    Case(
        "yaml-billion-laughs",
        _files({"laughs.schema.yaml": laughs()}),
        out=("laughs.schema.yaml:8:",),
        err=(),
    ),
    Case("yaml-alias-bomb-in-properties", _files({"props.schema.yaml": property_bomb()})),
    Case("yaml-merge-key-bomb", _files({"merge.yaml": merge_bomb()})),
    Case(
        "yaml-nesting-100000-flow",
        _files({"deep.schema.yaml": YAML_SIGN + "a: " + "[" * DEEP + "]" * DEEP + "\n"}),
        out=("deep.schema.yaml:2:503: PL100 nesting deeper than 500 levels (max_depth)",),
    ),
    Case(
        "yaml-nesting-100000-block",
        _files({"block.schema.yaml": YAML_SIGN + "a:\n" + "- " * DEEP + "x\n"}),
        out=("block.schema.yaml:3:999: PL100 nesting deeper than 500 levels (max_depth)",),
    ),
    Case(
        "json-nesting-100000",
        _files({"deep.schema.json": '{"a":\n' + "[" * DEEP + "]" * DEEP + "}"}),
        out=("deep.schema.json:2:500: PL100 nesting deeper than 500 levels (max_depth)",),
    ),
    Case(
        "file-200-mb",
        _big_sparse,
        out=("huge.schema.json:1:1: PL100 file too large: 209715200 bytes",),
    ),
    Case(
        "line-5-mb-string",
        _long_line,
        out=(f"long.schema.json:1:{LONG_COLUMN}: PL302 ",),
    ),
    Case(
        "line-5-mb-dense",
        _dense_line,
        out=("dense.schema.json:1:",),
    ),
    Case(
        "binary-with-schema-names",
        _files(
            {
                "bin.schema.json": binary(1),
                "bin.schema.yaml": binary(2),
                "bin.avsc": binary(3),
                "bin.sql": binary(4),
                "bin.proto": binary(5),
                "bin.tf": binary(6),
                "schema.prisma": binary(7),
                "package.json": binary(8),
                "requirements.txt": binary(9),
                "high.schema.json": bytes(range(128, 256)) * 8,
                "bin.yaml": binary(10),
            }
        ),
        out=(
            *(
                f"{name}:"
                for name in (
                    *("bin.avsc", "bin.proto", "bin.schema.json", "bin.schema.yaml", "bin.sql"),
                    *("bin.tf", "package.json", "requirements.txt", "schema.prisma"),
                )
            ),
            "high.schema.json:1:1: PL100 not UTF-8 text: invalid byte 0x80",
        ),
        absent=("bin.yaml",),
    ),
    Case(
        "nul-byte",
        _files({"nul.schema.yaml": "type: object\nproperties:\n  a: {type: \x00string}\n"}),
        out=("nul.schema.yaml:3:13: PL100 binary file: contains a NUL byte",),
    ),
    Case(
        "utf-16-with-bom",
        _files(
            {
                "le.schema.yaml": ORDINARY.encode("utf-16"),
                "be.schema.yaml": b"\xfe\xff" + ORDINARY.encode("utf-16-be"),
            }
        ),
        out=("be.schema.yaml:5:5: PL302 ", "le.schema.yaml:5:5: PL302 "),
    ),
    Case(
        "utf-8-with-bom",
        _files({"bom.schema.yaml": b"\xef\xbb\xbf" + ORDINARY.encode()}),
        out=("bom.schema.yaml:5:5: PL302 ",),
    ),
    Case(
        "latin-1",
        _files({"latin.schema.yaml": ("# caf\xe9\n" + ORDINARY).encode("latin-1")}),
        out=("latin.schema.yaml:1:6: PL100 not UTF-8 text: invalid byte 0xe9",),
    ),
    Case(
        "crlf-line-ends",
        _files(
            {
                "crlf.schema.yaml": ORDINARY.replace("\n", "\r\n"),
                "crlf.sql": sql_tables(2, {1}).replace("\n", "\r\n"),
            }
        ),
        out=("crlf.schema.yaml:5:5: PL302 ", f"crlf.sql:{sql_line(1)}:"),
    ),
    Case(
        "lone-cr-line-ends",
        _files(
            {
                "cr.schema.yaml": ORDINARY.replace("\n", "\r"),
                "cr.sql": sql_tables(2, {1}).replace("\n", "\r"),
                "cr.tf": 'provider "aws" {\r  region = "us-east-1"\r}\r',
            }
        ),
        out=("cr.schema.yaml:5:5: PL302 ", f"cr.sql:{sql_line(1)}:", "cr.tf:2:12: PL501 "),
    ),
    Case(
        "unicode-line-separators",
        _files({"ls.schema.json": '{"description": "a\u2028b\x85c",\n' + ORDINARY_JSON_TAIL}),
        out=("ls.schema.json:5:5: PL302 ",),
    ),
    Case(
        "file-names-and-fields-with-control-bytes",
        _odd_names,
        out=(
            "bad\\xff.schema.yaml:5:5: PL302 ",
            "new\\nline.schema.yaml:5:5: PL302 ",
            "escape.schema.yaml:4:5: PL201 `a\\x1b[2K\\rb` holds `user.name`",
        ),
    ),
    Case(
        "unsafe-yaml-tags",
        _files(
            {
                "tags.schema.yaml": (
                    "type: object\nproperties:\n  a:\n"
                    f"    x-personal-data: {UNSAFE}\n"
                    "  b:\n    x-personal-data: !!python/name:os.system\n"
                    "  c:\n    x-personal-data: !!python/object/new:os.system [touch pwned]\n"
                    f"    description: {UNSAFE}\n"
                )
            }
        ),
        out=(
            "tags.schema.yaml:4:55: PL101 ",
            "tags.schema.yaml:6:22: PL101 ",
            "tags.schema.yaml:8:",
        ),
        after=_no_pwned,
    ),
    Case(
        "unsafe-yaml-tag-in-policy",
        _policy(POLICY + f"controller: {UNSAFE}\n"),
        out=(),
        err=("privacy-policy.yaml:10:13: ['touch pwned'] is not of type 'string'",),
        code=2,
        after=_no_pwned,
    ),
    Case(
        "unsafe-yaml-tag-in-config",
        _files({".policylint.yaml": f"policy: {UNSAFE}\n"}),
        err=(".policylint.yaml:1:9: ",),
        code=2,
        after=_no_pwned,
    ),
    Case(
        "json-duplicate-keys",
        _files({"dup.schema.json": DUPLICATES}),
        out=(
            "dup.schema.json:6:7: PL302 ",
            "dup.schema.json:9:7: PL101 invalid tag: a second `x-personal-data` here",
        ),
    ),
    Case("ref-circular-dangling-remote", _files(REFS), out=("refs.schema.json:24:4: PL302 ",)),
    Case(
        "sql-10000-tables",
        _files({"many.sql": sql_tables(MANY_SQL, {MANY_SQL - 1})}),
        out=(f"many.sql:{sql_line(MANY_SQL - 1)}:",),
    ),
    Case(
        "sql-statement-limit",
        _files(
            {"limit.sql": sql_tables(300, {50, 200}), ".policylint.yaml": "max_statements: 100\n"}
        ),
        out=(f"limit.sql:{sql_line(50)}:", f"limit.sql:{4 * 100 + 1}:1: PL100 more than 100 "),
        absent=(f"limit.sql:{sql_line(200)}:",),
    ),
    Case(
        "hcl-heredocs-interpolations",
        _files({"main.tf": HEREDOC_TF}),
        out=("main.tf:13:12: PL501 ",),
        absent=("main.tf:7:", "main.tf:18:"),
    ),
    Case(
        "policy-empty",
        _policy(""),
        err=("privacy-policy.yaml:1:1: the policy file is empty",),
        code=2,
    ),
    Case(
        "policy-is-a-list",
        _policy("- version: 1\n- categories: []\n"),
        err=("privacy-policy.yaml:1:1: ",),
        code=2,
    ),
    Case(
        "policy-every-key-wrong",
        _policy(WRONG_TYPES),
        err=tuple(f"privacy-policy.yaml:{n}:" for n in range(1, 14)),
        code=2,
    ),
    Case(
        "policy-alias-bomb",
        _policy(POLICY + laughs().replace(YAML_SIGN, "")),
        err=("privacy-policy.yaml:", "max_nodes"),
        code=2,
    ),
    Case(
        "policy-nesting-100000",
        _policy(POLICY + "name: " + "[" * DEEP + "]" * DEEP + "\n"),
        err=("privacy-policy.yaml:10:506: nesting deeper than 500 levels",),
        code=2,
    ),
    Case(
        "policy-nesting-499",
        _policy(POLICY + "name: " + "[" * 499 + "]" * 499 + "\n"),
        err=("privacy-policy.yaml:10:7: [[[[", "is not of type 'string'"),
        code=2,
    ),
    Case(
        "config-nesting-100000",
        _files({".policylint.yaml": "exclude: " + "{a: " * DEEP + "b" + "}" * DEEP + "\n"}),
        err=(".policylint.yaml:1:", "nesting deeper than 500 levels"),
        code=2,
    ),
    Case(
        "rule-alias-bomb",
        _files({".policylint.yaml": "rules: [myrules]\n", "myrules/bomb.yaml": laughs()}),
        err=("myrules/bomb.yaml:8:", "max_nodes"),
        code=2,
    ),
    Case(
        "limits-from-the-config",
        _files(
            {
                ".policylint.yaml": "max_depth: 8\nmax_nodes: 60\nmax_file_size: 2000\n",
                "deep.schema.yaml": YAML_SIGN + "a: " + "[" * 9 + "]" * 9 + "\n",
                "wide.schema.yaml": YAML_SIGN + "a: [" + ", ".join(["x"] * 60) + "]\n",
                "big.schema.yaml": YAML_SIGN + "# " + "x" * 2000 + "\n",
            }
        ),
        out=(
            "big.schema.yaml:1:1: PL100 file too large: 2039 bytes (limit 2000: max_file_size)",
            "deep.schema.yaml:2:11: PL100 nesting deeper than 8 levels (max_depth)",
            "wide.schema.yaml:2:",
        ),
    ),
    Case(
        "folders-1100-deep",
        _deep_tree,
        out=("d/" * DEEP_FOLDERS + "deep.schema.yaml:5:5: PL302 ",),
        cleanup=lambda root: remove_tree(root / "d"),
    ),
    Case(
        "gitignore-patterns-that-backtrack",
        _slow_gitignore,
        out=("a" * 200 + ".schema.yaml:5:5: PL302 ",),
        err=(".gitignore: a pattern takes longer than 0.25 s to match one path",),
    ),
    Case(
        "gitignore-linked-out-of-the-repository",
        _linked_gitignore,
        err=(".gitignore: symbolic link; not followed",),
    ),
    Case(
        "symlink-loops",
        _symlink_loop,
        err=(
            "loop-a.schema.json: symbolic link loops or leads nowhere; not followed",
            "loop-b.schema.json: symbolic link loops or leads nowhere; not followed",
        ),
    ),
    Case(
        "symlink-out-of-the-repository",
        _symlink_out,
        err=(
            "linked.schema.yaml: symbolic link leads out of the tree; not followed",
            "linked-dir: symbolic link leads out of the tree; not followed",
        ),
        absent=("linked.schema.yaml:", "inner.schema.yaml", "secret"),
    ),
    Case(
        "symlink-dangling",
        _dangling,
        err=("dangling.schema.json: symbolic link loops or leads nowhere; not followed",),
    ),
    Case(
        "fifo-named-like-schemas",
        _fifo,
        err=(
            "pipe.schema.json: not a regular file; not read",
            "policy.sql: not a regular file; not read",
        ),
    ),
    Case(
        "folders-named-like-schemas",
        _dir_like_file,
        out=("x.schema.json/inner.schema.yaml:5:5: PL302 ",),
    ),
    Case(
        "unreadable-file",
        _unreadable_file,
        out=("locked.schema.yaml:1:1: PL100 cannot read file: Permission denied",),
        skip="root reads any file: see test_unreadable_file_in_process" if IS_ROOT else "",
    ),
    Case(
        "unreadable-folder",
        _unreadable_folder,
        err=("locked: cannot read folder: Permission denied",),
        skip="root reads any folder: see test_unreadable_folder_in_process" if IS_ROOT else "",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile(case: Case, tmp_path: Path, cache_dir: Path) -> None:
    if case.skip:
        pytest.skip(case.skip)
    root = repository(tmp_path / "repo")
    case.build(root)
    try:
        got = run_check(root, case.args, cache_dir)
        REPORT.append(
            {
                "case": case.name,
                "seconds": round(got.seconds, 3),
                "cpu_seconds": round(got.cpu, 3),
                "peak_mb": round(got.peak_mb, 1),
            }
        )
        shown = f"exit {got.code}\n--- stdout\n{got.out[:3000]}\n--- stderr\n{got.err[:3000]}"
        assert "Traceback" not in got.err and "internal error" not in got.err, shown
        assert "internal error" not in got.out, shown  # a reader's exception caught as PL100
        assert got.code == case.code, shown
        lines = got.out.splitlines()
        if case.code != 2:  # the run went on: the ordinary file was checked as well
            assert any(line.startswith(ORDINARY_FINDING) for line in lines), shown
        for wanted in case.out:
            assert any(line.startswith(wanted) for line in lines), (
                f"{wanted!r} not reported\n{shown}"
            )
        for wanted in case.err:
            assert wanted in got.err, f"{wanted!r} not said\n{shown}"
        for unwanted in case.absent:
            assert not any(line.startswith(unwanted) for line in lines), f"{unwanted!r}\n{shown}"
        if case.after is not None:
            case.after(root)
        assert got.cpu < HANG_GUARD, f"{case.name} worked {got.cpu:.1f} s"
        assert got.peak_mb < MEMORY_BOUND_MB, f"{case.name} peaked at {got.peak_mb:.0f} MB"
    finally:
        if case.cleanup is not None:
            case.cleanup(root)


# -- in-process regression tests: one for each crash or hang the corpus found -----------------


def _problems(name: str, data: bytes, options: ReadOptions | None = None) -> list[str]:
    facts = read_bytes(Path(name), name, data, options or ReadOptions())
    assert facts is not None
    return [f"{p.location.line}:{p.location.column}: {p.code} {p.message}" for p in facts.problems]


def test_deep_yaml_is_refused_before_the_c_composer_overflows_its_stack() -> None:
    # was: a segmentation fault (the C composer recurses once per level)
    for text in ("a: " + "[" * DEEP + "]" * DEEP, "- " * DEEP + "x", "{a: " * DEEP + "}" * DEEP):
        with pytest.raises(SourceError, match=r"nesting deeper than 500 levels") as caught:
            compose_all(text)
        assert caught.value.line == 1 and caught.value.column > 500


def test_alias_expansion_is_bounded_where_it_passes_the_limit() -> None:
    # was: 38 s and 930 MB in the schema walker; and to_python expanded without bound
    with pytest.raises(SourceError, match=r"more than 1000000 nodes") as caught:
        compose_all(laughs())
    assert (caught.value.line, caught.value.column) == (8, 10)
    with pytest.raises(SourceError, match=r"more than 1000000 nodes"):
        compose_all(property_bomb())
    with pytest.raises(SourceError, match=r"more than 1000000 nodes"):
        compose_all(merge_bomb())
    small = compose_all(laughs(levels=4))  # 9 ** 4 leaves: well within the limit
    assert len(to_python(small[0])["l3"]) == 9


def test_recursive_alias_is_an_error_not_a_crash() -> None:
    # was: RecursionError out of to_python (an internal error for a policy, config or rule)
    docs = compose_all("x-personal-data: user.name\na: &a [1, *a]\n", max_nodes=10)
    with pytest.raises(SourceError, match="nesting too deep") as caught:
        to_python(docs[0])
    assert caught.value.line == 2


def test_to_python_converts_max_depth_levels_even_from_deep_in_the_stack() -> None:
    # was: RecursionError at about 490 levels (two frames a level): a policy within max_depth
    # made an internal error
    doc = compose_all("a: " + "[" * 499 + "]" * 499)[0]

    def nested(frames: int) -> object:
        return nested(frames - 1) if frames else to_python(doc)

    assert nested(0) is not None
    with pytest.raises(SourceError, match="nesting too deep"):
        nested(sys.getrecursionlimit() - 300)


def test_limits_are_read_options() -> None:
    config = {"max_file_size": 10, "max_depth": 3, "max_nodes": 7, "max_statements": 2}
    assert limits(config) == {"max_bytes": 10, "max_depth": 3, "max_nodes": 7, "max_statements": 2}
    assert limits({"jobs": 2}) == {}
    options = ReadOptions(max_depth=3, max_nodes=7)
    assert _problems("a.schema.yaml", b"type: object\na: [[[1]]]\n", options) == [
        "2:6: PL100 nesting deeper than 3 levels (max_depth)"
    ]
    assert _problems("a.schema.yaml", b"type: object\na: [1, 2, 3, 4, 5, 6]\n", options) == [
        "2:11: PL100 more than 7 nodes, aliases expanded (max_nodes)"
    ]


def test_max_depth_has_a_ceiling_in_the_config(tmp_path: Path) -> None:
    (tmp_path / ".policylint.yaml").write_text("max_depth: 100000\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="maximum of 5000"):
        load_config(tmp_path)


def test_deep_json_is_placed_where_it_passes_max_depth() -> None:
    text = '{"type": "object",\n "a": ' + "[" * 5000 + "]" * 5000 + "}"
    assert _problems("d.schema.json", text.encode()) == [
        "2:506: PL100 nesting deeper than 500 levels (max_depth)"
    ]


def test_symlink_loop_is_a_note_not_a_crash(tmp_path: Path) -> None:
    # was: RuntimeError("Symlink loop") out of Path.resolve: an internal error, exit 2
    os.symlink("b.schema.json", tmp_path / "a.schema.json")
    os.symlink("a.schema.json", tmp_path / "b.schema.json")
    found = discover(["."], tmp_path)
    assert found.files == []
    assert found.skipped == [
        "a.schema.json: symbolic link loops or leads nowhere; not followed",
        "b.schema.json: symbolic link loops or leads nowhere; not followed",
    ]


def test_fifo_is_never_opened_for_reading(tmp_path: Path) -> None:
    # was: a hang (reading a FIFO waits for a writer)
    fifo = tmp_path / "pipe.schema.json"
    os.mkfifo(fifo)
    found = discover(["."], tmp_path)
    assert found.files == [] and found.skipped == ["pipe.schema.json: not a regular file; not read"]
    assert discover(["pipe.schema.json"], tmp_path).skipped == found.skipped
    facts = read_file(fifo, "pipe.schema.json", ReadOptions())  # in a race: refused, no wait
    assert facts is not None
    assert [p.message for p in facts.problems] == ["not a regular file"]


def test_large_file_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "huge.schema.json"
    with open(big, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    reads: list[int] = []
    real = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real(fd, n))
    facts = read_file(big, "huge.schema.json", ReadOptions())
    assert facts is not None and reads == []
    assert facts.problems[0].message == (
        "file too large: 209715200 bytes (limit 20971520: max_file_size)"
    )


def test_unreadable_file_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000 does not stop root: the refusal is simulated where the file is opened."""
    path = tmp_path / "locked.schema.yaml"
    path.write_text(ORDINARY, encoding="utf-8")
    real = os.open

    def refuse(file: object, flags: int, *args: object, **kwargs: object) -> int:
        if Path(str(file)) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real(file, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    facts = read_file(path, "locked.schema.yaml", ReadOptions())
    assert facts is not None
    assert [(p.code, p.message) for p in facts.problems] == [
        ("PL100", "cannot read file: Permission denied")
    ]


def test_unreadable_folder_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.schema.yaml").write_text(ORDINARY, encoding="utf-8")
    (tmp_path / "open.schema.yaml").write_text(ORDINARY, encoding="utf-8")
    real = os.scandir

    def refuse(path: object = ".") -> object:
        if Path(str(path)).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", refuse)
    found = discover(["."], tmp_path)
    assert [shown for _, shown in found.files] == ["open.schema.yaml"]
    assert found.skipped == ["locked: cannot read folder: Permission denied"]


def test_line_ends_are_counted_as_editors_count_them() -> None:
    assert decode(b"a\r\nb\rc\n") == "a\nb\nc\n"
    assert decode("a\u2028b\x85c\u2029".encode()) == "a b c "
    assert decode("a\rb".encode("utf-16")) == "a\nb"
    sql = sql_tables(2, {1}).replace("\n", "\r").encode()
    facts = read_bytes(Path("cr.sql"), "cr.sql", sql, ReadOptions())
    assert facts is not None
    assert [f.location.line for f in facts.facts] == [2, sql_line(0), 6, sql_line(1)]


def test_binary_and_non_utf8_positions_are_in_characters() -> None:
    assert _problems("a.schema.yaml", "# é\nx: é\x00\n".encode()) == [
        "2:5: PL100 binary file: contains a NUL byte"
    ]
    assert _problems("a.schema.yaml", "# é\nx: é".encode() + b"\xff\n") == [
        "2:5: PL100 not UTF-8 text: invalid byte 0xff; save the file as UTF-8"
    ]


def test_a_second_tag_in_one_mapping_is_pl101() -> None:
    assert _problems("dup.schema.json", DUPLICATES.encode()) == [
        "9:7: PL101 invalid tag: a second `x-personal-data` here (the first is on line 8); keep one"
    ]


def test_sql_statement_limit_keeps_what_it_read() -> None:
    options = ReadOptions(max_statements=2)
    facts = read_bytes(Path("a.sql"), "a.sql", sql_tables(5, {4}).encode(), options)
    assert facts is not None
    assert [f.location.line for f in facts.facts] == [2, sql_line(0), 6, sql_line(1)]
    assert [(p.location.line, p.location.column, p.code) for p in facts.problems] == [
        (9, 1, "PL100")
    ]
    assert facts.problems[0].message.startswith("more than 2 table statements")


def test_display_paths_are_printable(tmp_path: Path) -> None:
    # was: UnicodeEncodeError (a file name that is not UTF-8) in fingerprints and output
    odd = tmp_path / os.fsdecode(b"a\xff\x1b.json")
    assert display_path(odd, tmp_path) == "a\\xff\\x1b.json"
    assert display_path(tmp_path / "caf\u00e9 x.json", tmp_path) == "caf\u00e9 x.json"


def test_safety_net_turns_a_reader_bug_into_pl100(monkeypatch: pytest.MonkeyPatch) -> None:
    from policylint.readers import structured

    def broken(path: str, text: str, options: ReadOptions) -> None:
        raise OverflowError("cannot convert float infinity to integer")

    monkeypatch.setattr(structured, "read_structured", broken)
    monkeypatch.delenv("POLICYLINT_DEBUG", raising=False)
    assert _problems("a.schema.yaml", b"type: object\n") == [
        "1:1: PL100 internal error reading this file (OverflowError: cannot convert float "
        "infinity to integer); please report it"
    ]
    monkeypatch.setenv("POLICYLINT_DEBUG", "1")
    with pytest.raises(OverflowError):
        _problems("a.schema.yaml", b"type: object\n")


def test_walk_has_no_depth_limit(tmp_path: Path) -> None:
    # was: RecursionError in os.walk (an internal error) on a tree 1,100 folders deep
    deep = nested(tmp_path, "d", 1100)
    (deep / "a.schema.json").write_text("{}", encoding="utf-8")
    try:
        found = discover(["."], tmp_path)
    finally:
        remove_tree(tmp_path / "d")
    assert [shown for _, shown in found.files] == ["d/" * 1100 + "a.schema.json"]


def test_ignore_patterns_that_backtrack_are_dropped_not_waited_for(tmp_path: Path) -> None:
    # was: minutes per path (catastrophic backtracking of the patterns' regular expressions)
    (tmp_path / ".gitignore").write_text("*a*a*a*a*a*a*a*a*a*a*b\n", encoding="utf-8")
    name = "a" * 120 + ".schema.json"
    (tmp_path / name).write_text("{}", encoding="utf-8")
    found = discover(["."], tmp_path)
    assert [shown for _, shown in found.files] == [name]
    assert found.skipped == [
        ".gitignore: a pattern takes longer than 0.25 s to match one path (too many "
        "wildcards); its patterns are not applied"
    ]
    (tmp_path / ".gitignore").write_text("*.schema.json\n", encoding="utf-8")
    assert discover(["."], tmp_path).files == []  # ordinary patterns still apply


def test_include_patterns_that_backtrack_are_dropped_not_waited_for(tmp_path: Path) -> None:
    """The config's ``include`` patterns match under the same time limit as its ``exclude``:
    one that runs out is not applied (every file under the config's folder is kept)."""
    name = "a" * 120 + ".schema.json"
    (tmp_path / name).write_text("{}", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("type: object\n", encoding="utf-8")
    found = discover([], tmp_path, root=tmp_path, include=["*a*a*a*a*a*a*a*a*a*a*b"])
    assert [shown for _, shown in found.files] == [name, "b.yaml"]
    assert (found.unmatched, found.skipped) == ([], [
        "the project config's `include`: a pattern takes longer than 0.25 s to match one "
        "path (too many wildcards); its patterns are not applied"
    ])  # fmt: skip


def test_linked_gitignore_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("*.json\n", encoding="utf-8")
    (tmp_path / "repo").mkdir()
    os.symlink(outside, tmp_path / "repo" / ".gitignore")
    (tmp_path / "repo" / "a.schema.json").write_text("{}", encoding="utf-8")
    found = discover(["."], tmp_path / "repo")
    assert [shown for _, shown in found.files] == ["a.schema.json"]
    assert found.skipped == [".gitignore: symbolic link; not followed"]


def test_yaml_merge_keys_are_bounded(tmp_path: Path) -> None:
    """Each merge copies the pairs of the anchor it names: hundreds of merges of a large
    anchor would make every walk of the tree quadratic in the text. Past a bound, the file
    is PL100 and the others are still checked."""
    from policylint.yamlnode import MAX_MERGED

    keys = 2_000
    base = "base: &b\n" + "".join(f"  k{i}: v\n" for i in range(keys))
    merges = "".join(f"m{j}:\n  <<: *b\n" for j in range(MAX_MERGED // keys + 2))
    text = base + merges + "r: us-east-1  # @policy hosting.region\n"
    out = read_bytes(tmp_path / "m.yaml", "m.yaml", text.encode(), ReadOptions())
    assert out is not None
    assert [(p.code, p.message) for p in out.problems] == [
        ("PL100", f"YAML merge keys (<<) add more than {MAX_MERGED:,} entries")
    ]
