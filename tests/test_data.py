"""The package's YAML data files and their compiled JSON twins: a twin is read instead of
its YAML file only while it was compiled from that file's bytes, and the repository's twins
are current (``python scripts/compile_data.py`` writes them)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from policylint import resources
from policylint.resources import compiled, data_files, data_path, load_data
from repofiles import load


def test_every_twin_is_current() -> None:
    assert data_files() == ["regions.yaml", "taxonomy.yaml", "trackers.yaml", "vocabulary.yaml"]
    assert load("scripts/compile_data.py").stale() == [], (
        "run `python scripts/compile_data.py` and commit the result"
    )


@pytest.mark.parametrize("name", data_files())
def test_a_data_file_reads_as_its_yaml(name: str) -> None:
    source = yaml.safe_load(data_path(name).read_text(encoding="utf-8"))
    assert load_data(name) == source


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the package's data folder that a test may change."""
    folder = tmp_path / "policylint"
    shutil.copytree(data_path("taxonomy.yaml").parent, folder / "data")
    monkeypatch.setattr(resources, "_PACKAGE", folder)
    return folder / "data"


def test_a_twin_of_other_bytes_is_not_read(package: Path) -> None:
    source = package / "taxonomy.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "\nextra: 1\n", encoding="utf-8")
    assert load_data("taxonomy.yaml")["extra"] == 1  # the edited YAML, not the stale twin
    assert load("scripts/compile_data.py").stale() == ["taxonomy.json"]


@pytest.mark.parametrize("damage", [b"", b"{", b"[]", b'{"source": 1}', b"no data", None])
def test_a_missing_or_damaged_twin_is_not_read(package: Path, damage: bytes | None) -> None:
    twin = package / "vocabulary.json"
    if damage is None:
        twin.unlink()
    elif damage == b"no data":  # its source's digest, and nothing else
        source = json.loads(twin.read_bytes())["source"]
        twin.write_text(json.dumps({"source": source}), encoding="utf-8")
    else:
        twin.write_bytes(damage)
    assert load_data("vocabulary.yaml") == yaml.safe_load(
        (package / "vocabulary.yaml").read_text(encoding="utf-8")
    )


def test_data_json_cannot_keep_is_refused(package: Path) -> None:
    (package / "dates.yaml").write_text("when: 2024-01-01\n", encoding="utf-8")
    with pytest.raises(ValueError, match="JSON cannot keep"):
        compiled("dates.yaml")
