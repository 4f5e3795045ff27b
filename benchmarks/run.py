#!/usr/bin/env python3
"""Run the performance scenarios of issue 7 as whole processes and print a markdown table.

    python benchmarks/run.py                 # the sizes of the issue (takes a while)
    python benchmarks/run.py --quick         # small sizes: under a minute
    python benchmarks/run.py --only startup,rerun --repeat 7

Every figure is the median of ``--repeat`` runs of a whole process (``subprocess``, timed
with ``time.perf_counter``), next to the references this machine can run: the bare
interpreter, yamllint on the same file, and a bare ``yaml.compose`` walk (``CSafeLoader``) of
the same files in one and in two processes (``compose_walk.py``). Runs being compared are
interleaved (A, B, A, B, ...) so that a noisy neighbour slows both alike; a ratio is the
median of the rounds' own ratios (:func:`ratio`). CPU is user + system time of the
process and its workers; peak RSS is the largest resident set of the process or any of its
workers (GNU time's ``%M`` when ``/usr/bin/time`` exists, else ``getrusage``). Corpora are
generated once (``gen_corpus.py``) under ``--workdir`` and reused, as is the bytecode of
every module (``PYTHONPYCACHEPREFIX`` there): runs start as an installed policylint does.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None
SCENARIOS = ("startup", "schemas", "rerun", "big", "fides", "sql", "tf")
PARSERS = {"sql": ("/sqlglot/",), "tf": ("/hcl2/", "/lark/")}
"""Source paths of each format's parser, for its share of a profile."""


def tool(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else (shutil.which(name) or name)


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mb: float


@dataclass
class Case:
    name: str
    cmd: list[str]
    cwd: Path
    before: Callable[[], None] | None = None
    env: Callable[[], dict[str, str]] | None = None
    """The environment of the next run, when it is not the runner's."""
    ok: tuple[int, ...] = (0, 1)
    rss: bool = True
    samples: list[Sample] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def rss_mb(self) -> float:
        return max(s.rss_mb for s in self.samples)


def ratio(a: Case, b: Case) -> float:
    """``a``'s time over ``b``'s: the median of the ratios of the rounds, each of which ran
    both one after the other (:func:`bench`), so that a slow spell of the machine, which
    slows both runs of a round, does not count; the ratio of the medians would mix rounds."""
    return statistics.median(x.wall / y.wall for x, y in zip(a.samples, b.samples, strict=True))


def run_once(case: Case, env: dict[str, str]) -> Sample:
    if case.before is not None:
        case.before()
    if case.env is not None:
        env = case.env()
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss_file:
        timer = [GNU_TIME, "-f", "%M", "-o", rss_file.name] if GNU_TIME and case.rss else []
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(
            [*timer, *case.cmd],
            cwd=case.cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode not in case.ok:
            err = proc.stderr.decode(errors="replace")[-2000:]
            raise SystemExit(f"{case.name}: exit {proc.returncode}: {' '.join(case.cmd)}\n{err}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        text = rss_file.read().split() if timer else []
        rss_kb = int(text[-1]) if text else after.ru_maxrss
    return Sample(wall, cpu, rss_kb / 1024)


def bench(cases: Sequence[Case], repeat: int, env: dict[str, str], warmup: bool = True) -> None:
    """Each case ``repeat`` times, interleaved, after one untimed round (OS caches)."""
    if warmup:
        for case in cases:
            run_once(case, env)
    for _ in range(repeat):
        for case in cases:
            case.samples.append(run_once(case, env))
    for case in cases:
        walls = ", ".join(f"{s.wall:.3f}" for s in case.samples)
        print(f"  {case.name}: median {case.wall:.3f} s [{walls}]", file=sys.stderr)


def warm_files(root: Path) -> None:
    """Every file under ``root`` read once, untimed: the files in the OS's page cache, as the
    other scenarios' untimed round leaves them (a whole untimed run would double the time of
    the largest scenario). Machines that reclaim idle page cache would otherwise time a run
    reading its files from disk, whatever came before it."""
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            with open(os.path.join(dirpath, name), "rb") as handle:
                handle.read()


# -- corpora -------------------------------------------------------------------------------
def corpus(workdir: Path, name: str, files: int, mix: str, seed: int = 1) -> Path:
    """A generated corpus, made once and reused (a stamp file marks it complete)."""
    out = workdir / f"{name}-{files}-s{seed}"
    stamp = out / ".complete"
    if not stamp.exists():
        shutil.rmtree(out, ignore_errors=True)
        print(f"generating {out} ...", file=sys.stderr)
        cmd = [sys.executable, str(HERE / "gen_corpus.py"), str(out), "--files", str(files)]
        subprocess.run([*cmd, "--mix", mix, "--seed", str(seed)], check=True)
        stamp.write_text("ok\n")
    return out


# -- the table -----------------------------------------------------------------------------
@dataclass
class Row:
    scenario: str
    measured: str
    reference: str = ""
    ratio: str = ""
    target: str = ""
    met: bool | None = None


def fmt_time(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def mark(met: bool | None) -> str:
    return "" if met is None else ("yes" if met else "**no**")


def table(rows: Sequence[Row]) -> str:
    lines = [
        "| scenario | measured (median) | reference (median, same run) | ratio | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        cells = (r.scenario, r.measured, r.reference, r.ratio, r.target, mark(r.met))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> str:
    model = platform.processor() or platform.machine()
    with_cpuinfo = Path("/proc/cpuinfo")
    if with_cpuinfo.exists():
        for line in with_cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{cores} cores ({model}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}, load average at start {load:.1f}"
    )


# -- scenarios -----------------------------------------------------------------------------
class Runner:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.workdir: Path = args.workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.cache_dir = self.workdir / "cache"
        self.env = {**os.environ, "NO_COLOR": "1", "POLICYLINT_CACHE_DIR": str(self.cache_dir)}
        self.env.pop("POLICYLINT_DEBUG", None)
        # Bytecode as an installed package has it (pip compiles on install), kept out of the
        # source tree; without it every run would compile policylint's modules again.
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.env["PYTHONPYCACHEPREFIX"] = str(self.workdir / "pycache")
        self.rows: list[Row] = []
        self.policylint = tool("policylint")
        self.schemas_run: Case | None = None
        self.cold_runs = 0
        self.cold_dir = self.cache_dir

    def check(self, *extra: str) -> list[str]:
        return [self.policylint, "check", "-q", *extra]

    def fresh_cache(self) -> None:
        """A cache folder never used before, for a cold run.

        Emptying one instead would measure the file system's work on deleted files (tens of
        thousands of them): on this machine it slows every file created soon after tenfold.
        The folders are removed after the scenario.
        """
        self.cold_runs += 1
        self.cold_dir = self.workdir / f"cache-cold-{os.getpid()}-{self.cold_runs}"

    def cold_env(self) -> dict[str, str]:
        return {**self.env, "POLICYLINT_CACHE_DIR": str(self.cold_dir)}

    def schemas(self) -> Path:
        return corpus(self.workdir, "schemas", self.args.files, self.args.mix)

    # startup: one tagged file, as pre-commit runs it
    def startup(self) -> None:
        root = self.schemas()
        target = sorted((root / "yaml").rglob("*.schema.yaml"))[0]
        rel = str(target.relative_to(root))
        bare = Case("python -c pass", [sys.executable, "-c", "pass"], root, ok=(0,), rss=False)
        yamllint = Case("yamllint (one file)", [tool("yamllint"), rel], root, rss=False)
        warm = Case("policylint check FILE", [self.policylint, "check", rel], root, rss=False)
        cold = Case(
            "policylint check --no-cache FILE",
            [self.policylint, "check", "--no-cache", rel],
            root,
            rss=False,
        )
        print("startup: one file", file=sys.stderr)
        bench([bare, yamllint, warm, cold], self.args.repeat * 3, self.env)
        for case in (warm, cold):
            self.rows.append(
                Row(
                    f"one tagged file, `{' '.join(case.cmd[1:-1])}`",
                    fmt_time(case.wall),
                    f"yamllint {fmt_time(yamllint.wall)}; `python -c pass` {fmt_time(bare.wall)}",
                    f"{ratio(case, yamllint):.2f}× yamllint; {ratio(case, bare):.1f}× python",
                    "≤ 60 ms and < yamllint",
                    case.wall <= 0.060 and ratio(case, yamllint) < 1,
                )
            )

    # schemas: N tagged schema files, --jobs 2, against a bare compose walk
    def schemas_throughput(self) -> None:
        root = self.schemas()
        n = self.args.files
        walk = [sys.executable, str(HERE / "compose_walk.py"), "."]
        walk1 = Case("compose walk, 1 process", [*walk, "--jobs", "1"], root, ok=(0,))
        walk2 = Case("compose walk, 2 processes", [*walk, "--jobs", "2"], root, ok=(0,))
        run = Case("policylint --jobs 2 --no-cache", self.check("--no-cache", "--jobs", "2"), root)
        print(f"schemas: {n} files", file=sys.stderr)
        bench([walk1, walk2, run], self.args.repeat, self.env)
        self.schemas_run = run
        self.rows.append(
            Row(
                f"{n:,} schema files (YAML/JSON), `--jobs 2`",
                f"{fmt_time(run.wall)}, {n / run.wall:,.0f} files/s, CPU {run.cpu:.2f} s",
                f"compose walk: {fmt_time(walk2.wall)} on 2 processes "
                f"({n / walk2.wall:,.0f} files/s), {fmt_time(walk1.wall)} on 1",
                f"{ratio(run, walk2):.2f}× the 2-process walk",
                "≥ 8,000 files/s, ≤ 1.2× walk",
                n / run.wall >= 8000 and ratio(run, walk2) <= 1.2,
            )
        )

    # rerun: nothing changed, a warm result cache against a cold one
    def rerun(self) -> None:
        root = self.schemas()
        n = self.args.files
        jobs = self.check("--jobs", "2")
        cold = Case("cold (empty cache)", jobs, root, before=self.fresh_cache, env=self.cold_env)
        warm = Case("warm (nothing changed)", jobs, root, env=self.cold_env)
        off = Case("--no-cache", self.check("--no-cache", "--jobs", "2"), root)
        print(f"rerun: {n} files", file=sys.stderr)
        try:
            bench([cold, warm, off], self.args.repeat, self.env)
        finally:
            for used in self.workdir.glob(f"cache-cold-{os.getpid()}-*"):
                shutil.rmtree(used, ignore_errors=True)
        self.rows.append(
            Row(
                f"re-run with nothing changed, {n:,} files, `--jobs 2`",
                f"warm {fmt_time(warm.wall)} (CPU {warm.cpu:.2f} s)",
                f"cold, empty cache: {fmt_time(cold.wall)} (CPU {cold.cpu:.2f} s); "
                f"`--no-cache` {fmt_time(off.wall)} (CPU {off.cpu:.2f} s)",
                f"{ratio(warm, cold):.3f}× cold; cold {ratio(cold, off):.2f}× `--no-cache`",
                "≤ 0.1× cold",
                ratio(warm, cold) <= 0.1,
            )
        )

    # big: 100,000 files, linear, memory independent of the count
    def big(self) -> None:
        n = self.args.big
        root = corpus(self.workdir, "schemas", n, self.args.mix)
        run = Case(f"policylint {n} files", self.check("--no-cache", "--jobs", "2"), root)
        jobs = self.check("--jobs", "2")
        fresh, cold_env = self.fresh_cache, self.cold_env
        cold = Case(f"{n} files, cache cold", jobs, root, before=fresh, env=cold_env)
        warm = Case(f"{n} files, cache warm", jobs, root, env=self.cold_env)
        print(f"big: {n} files", file=sys.stderr)
        warm_files(root)
        try:
            bench([run, cold, warm], self.args.big_repeat, self.env, warmup=False)
        finally:
            for used in self.workdir.glob(f"cache-cold-{os.getpid()}-*"):
                shutil.rmtree(used, ignore_errors=True)
        small = self.schemas_run
        linear = ""
        reference = ""
        met = run.wall < 15 and run.rss_mb < 100
        if small is not None:
            per_small = small.wall / self.args.files
            per_big = run.wall / n
            linear = f"{per_big / per_small:.2f}× the time per file of {self.args.files:,}"
            reference = (
                f"{self.args.files:,} files: {fmt_time(small.wall)}, peak {small.rss_mb:.0f} MB"
            )
        self.rows.append(
            Row(
                f"{n:,} schema files, `--jobs 2`",
                f"{fmt_time(run.wall)}, {n / run.wall:,.0f} files/s, peak RSS {run.rss_mb:.0f} MB",
                reference,
                linear,
                "< 15 s, linear, < 100 MB",
                met,
            )
        )
        self.rows.append(
            Row(
                f"{n:,} schema files, `--jobs 2`, result cache on (the default)",
                f"cold {fmt_time(cold.wall)}, peak RSS {cold.rss_mb:.0f} MB; "
                f"warm {fmt_time(warm.wall)}, peak RSS {warm.rss_mb:.0f} MB",
                f"`--no-cache`: {fmt_time(run.wall)}, peak RSS {run.rss_mb:.0f} MB",
                f"cold {ratio(cold, run):.2f}× `--no-cache`; warm {ratio(warm, cold):.3f}× cold",
                "< 15 s, < 100 MB",
                cold.wall < 15 and max(cold.rss_mb, warm.rss_mb) < 100,
            )
        )

    # fides: 1,000 systems with their datasets and a policy
    def fides(self) -> None:
        n = self.args.fides
        root = corpus(self.workdir, "fides", n, "fides=1")
        run = Case(f"fides {n}", self.check("--no-cache", "--jobs", "2"), root)
        print(f"fides: {n} files", file=sys.stderr)
        bench([run], self.args.repeat, self.env)
        self.rows.append(
            Row(
                f"{n:,} Fides manifests, `--jobs 2`",
                f"{fmt_time(run.wall)}, {n / run.wall:,.0f} files/s, CPU {run.cpu:.2f} s",
                "fides evaluate: 358 s (issue 7)",
                "",
                "< 3 s",
                run.wall < 3,
            )
        )

    # sql / tf: files/s, linear, the parser's share of a profile
    def parsed(self, kind: str) -> None:
        n = getattr(self.args, kind)
        quarter = max(1, n // 4)
        small_root = corpus(self.workdir, kind, quarter, f"{kind}=1")
        root = corpus(self.workdir, kind, n, f"{kind}=1")
        small = Case(f"{kind} {quarter}", self.check("--no-cache", "--jobs", "2"), small_root)
        full = Case(f"{kind} {n}", self.check("--no-cache", "--jobs", "2"), root)
        print(f"{kind}: {quarter} and {n} files", file=sys.stderr)
        bench([small, full], self.args.repeat, self.env)
        share = parser_share(self.policylint, small_root, self.env, PARSERS[kind])
        rate_small, rate = quarter / small.wall, n / full.wall
        marginal = (n - quarter) / (full.wall - small.wall) if full.wall > small.wall else rate
        label = {"sql": "SQL DDL", "tf": "Terraform"}[kind]
        self.rows.append(
            Row(
                f"{n:,} {label} files, `--jobs 2`",
                f"{fmt_time(full.wall)}, {rate:,.0f} files/s; parser {share:.0%} of the time",
                f"{quarter:,} files: {fmt_time(small.wall)}, {rate_small:,.0f} files/s",
                f"{(full.wall / n) / (small.wall / quarter):.2f}× the time per file; "
                f"{marginal:,.0f} files/s from {quarter:,} to {n:,}",
                "report; linear",
                None,
            )
        )


def parser_share(policylint: str, root: Path, env: dict[str, str], parts: Sequence[str]) -> float:
    """The share of a one-process profile (cProfile) spent in the parser's own code."""
    import pstats

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run.prof"
        cmd = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "policylint"]
        cmd += ["check", "-q", "--no-cache", "--jobs", "1", "."]
        subprocess.run(cmd, cwd=root, env=env, stdout=subprocess.DEVNULL, check=False)
        stats = pstats.Stats(str(out))
    total = 0.0
    inside = 0.0
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        total += tottime
        if any(p in filename.replace(os.sep, "/") for p in parts):
            inside += tottime
    return inside / total if total else 0.0


QUICK = {"files": 500, "big": 2000, "fides": 201, "sql": 100, "tf": 100, "repeat": 3}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000, help="schema files (10,000)")
    parser.add_argument("--big", type=int, default=100_000, help="the large run (100,000)")
    parser.add_argument("--fides", type=int, default=2001, help="Fides files (2,001)")
    parser.add_argument("--sql", type=int, default=2000, help="SQL files (2,000)")
    parser.add_argument("--tf", type=int, default=2000, help="Terraform files (2,000)")
    parser.add_argument("--mix", default="yaml=0.5,json=0.5", help="the schema corpus mix")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case (5)")
    parser.add_argument("--big-repeat", type=int, default=1, help="timed runs of --big (1)")
    parser.add_argument("--quick", action="store_true", help="small sizes: under a minute")
    parser.add_argument("--only", default=",".join(SCENARIOS), help="scenarios, comma-separated")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "policylint-bench",
        help="where corpora and the cache go",
    )
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args(argv)
    if args.quick:
        for key, value in QUICK.items():
            if getattr(args, key) == parser.get_default(key):
                setattr(args, key, value)
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    unknown = only - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    runner = Runner(args)
    started = datetime.datetime.now()
    header = f"{started:%Y-%m-%d}, {machine()}"
    steps: list[tuple[str, Callable[[], None]]] = [
        ("startup", runner.startup),
        ("schemas", runner.schemas_throughput),
        ("rerun", runner.rerun),
        ("big", runner.big),
        ("fides", runner.fides),
        ("sql", lambda: runner.parsed("sql")),
        ("tf", lambda: runner.parsed("tf")),
    ]
    for name, step in steps:
        if name in only:
            step()
    print(f"\n{header}\n")
    print(table(runner.rows))
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in runner.rows], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
