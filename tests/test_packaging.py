"""``schemas/`` and ``rules/`` are found from a source checkout and from an installed wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from policylint.resources import shipped_dir

REPO = Path(__file__).resolve().parent.parent


def test_source_checkout_finds_the_repository_folders() -> None:
    assert shipped_dir("schemas") == REPO / "schemas"
    assert shipped_dir("rules") == REPO / "rules"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
    )
    (built,) = out.glob("policylint-*.whl")
    return built


def test_wheel_contains_schemas_rules_and_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for schema in ("policy", "annotation", "rule", "report", "config"):
        assert f"policylint/schemas/{schema}.schema.json" in names
    assert "policylint/rules/PL302.yaml" in names
    assert "policylint/data/taxonomy.yaml" in names
    assert "policylint/data/taxonomy.json" in names  # its compiled twin


def test_installed_wheel_finds_its_folders(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    code = (
        "import policylint.resources as r, policylint.ruleset as s;"
        "print(r.shipped_dir('schemas')); print(r.shipped_dir('rules'));"
        "print(len(s.load_rules()))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    schemas, rules, count = proc.stdout.split()
    assert Path(schemas) == target / "policylint" / "schemas"
    assert Path(rules) == target / "policylint" / "rules"
    assert int(count) == len(list((REPO / "rules").glob("*.yaml")))
