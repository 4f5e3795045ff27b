"""Discovery (:func:`policylint.discovery.discover`): the files of a run, each with the path
that opens it and the path shown for it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policylint.discovery import discover


def _tree(root: Path) -> None:
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "a.schema.json").write_text("{}", encoding="utf-8")
    (root / "sub" / "b.yaml").write_text("type: object\n", encoding="utf-8")
    (root / "sub" / "deeper" / "c.avsc").write_text("{}", encoding="utf-8")
    odd = root / "sub" / "new\nline.yaml"
    odd.write_text("type: object\n", encoding="utf-8")


@pytest.mark.skipif(os.sep != "/", reason="display paths use '/'")
def test_from_the_working_folder_a_display_path_is_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One string a file where the display path opens it; a name shown escaped keeps its
    own path."""
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    found = discover([], Path.cwd())
    shown = [display for _, display in found.files]
    assert shown == ["a.schema.json", "sub/b.yaml", "sub/deeper/c.avsc", "sub/new\\nline.yaml"]
    plain = found.files[:3]
    assert all(path is display for path, display in plain)
    odd_path, _ = found.files[3]
    assert odd_path == str(tmp_path / "sub" / "new\nline.yaml")
    assert all(Path(path).is_file() for path, _ in found.files)
    assert [d for _, d in discover(["sub"], Path.cwd()).files] == shown[1:]
    assert all(p is d for p, d in discover(["sub/deeper"], Path.cwd()).files)


def test_from_another_folder_paths_open_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run whose working folder is not the process's (the Python API's ``cwd``): display
    paths are relative to the run's folder, paths open the files from anywhere."""
    _tree(tmp_path / "repo")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    found = discover(["."], tmp_path / "repo")
    assert [d for _, d in found.files][:3] == ["a.schema.json", "sub/b.yaml", "sub/deeper/c.avsc"]
    assert all(os.path.isabs(path) and Path(path).is_file() for path, _ in found.files)
    monkeypatch.chdir(tmp_path / "repo" / "sub")
    assert all(Path(path).is_file() for path, _ in discover(["."], tmp_path / "repo").files)
