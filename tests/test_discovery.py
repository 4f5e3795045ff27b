"""Discovery (:func:`policylint.discovery.discover`): the files of a run, each with the path
that opens it and the path shown for it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policylint.discovery import discover, display_path

pytestmark = pytest.mark.skipif(os.sep != "/", reason="display paths use '/'; names hold '\\n'")


def _tree(root: Path) -> None:
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "sub" / "odd\tfolder").mkdir()
    (root / "a.schema.json").write_text("{}", encoding="utf-8")
    (root / "sub" / "b.yaml").write_text("type: object\n", encoding="utf-8")
    (root / "sub" / "deeper" / "c.avsc").write_text("{}", encoding="utf-8")
    (root / "sub" / "new\nline.yaml").write_text("type: object\n", encoding="utf-8")
    (root / "sub" / "odd\tfolder" / "d.yaml").write_text("type: object\n", encoding="utf-8")


SHOWN = [
    "a.schema.json",
    "sub/b.yaml",
    "sub/deeper/c.avsc",
    "sub/new\\nline.yaml",
    "sub/odd\\tfolder/d.yaml",
]


def test_from_the_working_folder_a_display_path_is_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One string a file where the display path opens it (the commands ask); a name shown
    escaped, or a file in a folder shown escaped, keeps a path of its own."""
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    found = discover([], Path.cwd(), relative=True)
    assert [display for _, display in found.files] == SHOWN
    assert all(path is display for path, display in found.files[:3])
    assert [path for path, _ in found.files[3:]] == [
        str(tmp_path / "sub" / "new\nline.yaml"),
        str(tmp_path / "sub" / "odd\tfolder" / "d.yaml"),
    ]
    assert all(Path(path).is_file() for path, _ in found.files)
    below = {"sub": SHOWN[1:], "sub/deeper": SHOWN[2:3], str(tmp_path / "sub"): SHOWN[1:]}
    for arg, shown in below.items():  # an absolute argument too
        again = discover([arg], Path.cwd(), relative=True).files
        assert [d for _, d in again] == shown
        assert all(Path(path).is_file() for path, _ in again)
        assert all(path is display for path, display in again if "\\" not in display)


def test_paths_open_the_files_from_anywhere_unless_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Python API's discovery (not asked for relative paths) and a run whose folder is
    not the process's: paths open the files from anywhere. An argument through ``..`` is
    resolved by name: asked for relative paths, they open the files from the run's folder."""
    _tree(tmp_path / "repo")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "repo")
    runs = [discover(["."], Path.cwd())]
    through = discover(["../repo/sub"], Path.cwd(), relative=True)
    assert through.files and all(Path(path).is_file() for path, _ in through.files)
    assert ("sub/b.yaml", "sub/b.yaml") in through.files  # a name shown escaped keeps its own
    monkeypatch.chdir(tmp_path / "elsewhere")
    runs.append(discover(["."], tmp_path / "repo", relative=True))
    monkeypatch.chdir(tmp_path / "repo" / "sub")
    for found in runs:
        assert found.files
        assert all(os.path.isabs(path) and Path(path).is_file() for path, _ in found.files)


def test_include_of_paths_alone_walks_those_paths_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The config's ``include`` naming paths only (no wildcard) walks them, not the whole
    tree; a pattern walks the config's folder once."""
    import policylint.discovery as discovery

    _tree(tmp_path)
    walked: list[str] = []
    walk = discovery._walk

    def spy(top: Path, *args: object) -> None:
        walked.append(display_path(top, tmp_path))
        walk(top, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(discovery, "_walk", spy)
    found = discover([], tmp_path, root=tmp_path, include=["sub/deeper", "a.schema.json"])
    assert [d for _, d in found.files] == ["a.schema.json", "sub/deeper/c.avsc"]
    assert (walked, found.unmatched) == (["sub/deeper"], [])
    walked.clear()
    found = discover([], tmp_path, root=tmp_path, include=["sub/deeper", "*.json", "x/"])
    assert [d for _, d in found.files] == ["a.schema.json", "sub/deeper/c.avsc"]
    assert (walked, found.unmatched) == (["."], ["x/"])
