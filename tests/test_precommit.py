"""The pre-commit hooks of ``.pre-commit-hooks.yaml``, run by the real ``pre-commit``.

pre-commit installs a hook repository by cloning it at a commit, so the hook repository here
is a snapshot of this working tree (manifest, packaging, sources, rules, schemas) committed
in a temporary git repository: the test checks the files as they are now, committed or not.
pre-commit builds its own virtual environment and installs policylint into it from that
snapshot, which needs PyPI for the dependencies; ``PRE_COMMIT_HOME`` is shared by the whole
module so that this happens once (seconds with a warm pip cache, a minute or so without),
then each run takes about half a second.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from policylint import readers

REPO = Path(__file__).resolve().parent.parent
MANIFEST = REPO / ".pre-commit-hooks.yaml"
SNAPSHOT = (".pre-commit-hooks.yaml", "pyproject.toml", "README.md", "src", "rules", "schemas")
"""What installing the package from a hook repository needs."""

POLICY = """\
version: 1
categories:
  - category: user.device.ip_address
    retention: P1Y
"""
SCHEMA = """\
type: object
properties:
  ip:
    type: string
    x-personal-data:
      category: user.device.ip_address
      retention: {retention}
"""
CI_FILE = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"


def _hooks() -> dict[str, dict[str, object]]:
    return {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}


# -- the manifest -------------------------------------------------------------------------
def test_manifest_offers_both_hooks() -> None:
    hooks = _hooks()
    assert set(hooks) == {"policylint", "policylint-all"}
    changed, everything = hooks["policylint"], hooks["policylint-all"]
    assert changed["entry"] == everything["entry"] == "policylint check"
    assert changed["language"] == everything["language"] == "python"
    assert changed.get("pass_filenames", True) is True
    assert changed.get("require_serial") is False
    assert everything["pass_filenames"] is False
    assert everything["always_run"] is True


def _reader_file_names() -> list[str]:
    """A file name for every suffix and name a reader is registered for."""
    suffixes = {
        *readers._BY_SUFFIX,
        *readers._SETTINGS_SUFFIXES,
        *readers._STRUCTURED_SUFFIXES,
        ".env",
    }
    names = [f"app/config/x{suffix}" for suffix in sorted(suffixes)]
    names += [f"app/{name}" for name in sorted(readers._BY_NAME)]
    names += ["requirements.txt", "app/requirements-dev.in", ".env", "deploy/.env.production"]
    return names


@pytest.mark.parametrize("name", _reader_file_names())
def test_hook_passes_every_kind_of_file_policylint_reads(name: str) -> None:
    assert readers.reader_name(Path(name), None) is not None or name.endswith(
        readers._STRUCTURED_SUFFIXES
    ), f"{name}: policylint does not read it; update this test"
    files = re.compile(str(_hooks()["policylint"]["files"]))
    assert files.search(name), f"{name}: policylint reads it, but the hook does not pass it"


@pytest.mark.parametrize("name", ["README.md", "src/app.py", "ios/Podfile.lock", "notes.txt"])
def test_hook_does_not_pass_files_policylint_never_reads(name: str) -> None:
    files = re.compile(str(_hooks()["policylint"]["files"]))
    assert not files.search(name)


def test_project_config_runs_policylint_on_the_examples() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["policylint-examples"]["entry"].startswith("policylint check")
    assert hooks["rule-docs"]["entry"] == "python scripts/gen_rule_docs.py"
    assert hooks["compile-data"]["entry"] == "python scripts/compile_data.py"


# -- the real pre-commit ------------------------------------------------------------------
def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=policylint tests", "-c", "user.email=tests@policylint.invalid",
         "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout.strip()


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository holding this working tree's hook manifest and package: (path, rev)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    pytest.importorskip("pre_commit", reason="pre-commit is not installed")
    snapshot = tmp_path_factory.mktemp("hook-repo")
    listed = _git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--",
                  *SNAPSHOT)  # fmt: skip
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            target = snapshot / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    _git(snapshot, "init", "-q")
    _git(snapshot, "add", "-A")
    _git(snapshot, "commit", "-q", "-m", "snapshot")
    return snapshot, _git(snapshot, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def project(tmp_path: Path, hook_repo: tuple[Path, str]) -> Path:
    """A repository with a policy, a CI file, a README and the hooks configured."""
    repo, rev = hook_repo
    _git(tmp_path, "init", "-q")
    (tmp_path / "privacy-policy.yaml").write_text(POLICY, encoding="utf-8")
    (tmp_path / "README.md").write_text("# An application\n", encoding="utf-8")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(CI_FILE, encoding="utf-8")
    (tmp_path / "schemas").mkdir()
    config = {"repos": [{"repo": str(repo), "rev": rev,
                         "hooks": [{"id": "policylint"}, {"id": "policylint-all"}]}]}  # fmt: skip
    (tmp_path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return tmp_path


def _schema(project: Path, name: str, retention: str) -> str:
    (project / "schemas" / name).write_text(SCHEMA.format(retention=retention), encoding="utf-8")
    return f"schemas/{name}"


def _pre_commit(
    project: Path, home: Path, hook: str, *files: str
) -> subprocess.CompletedProcess[str]:
    _git(project, "add", "-A")
    selection = ["--files", *files] if files else ["--all-files"]
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never",
           "NO_COLOR": "1"}  # fmt: skip
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", hook, "--verbose", *selection],
        cwd=project, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip


def test_policylint_hook_fails_on_a_violating_file(project: Path, pre_commit_home: Path) -> None:
    bad = _schema(project, "session.schema.yaml", "P2Y")
    done = _pre_commit(project, pre_commit_home, "policylint", bad, "README.md",
                       ".github/workflows/ci.yml")  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "schemas/session.schema.yaml:5:5: PL302" in done.stdout


def test_policylint_hook_passes_a_compliant_file(project: Path, pre_commit_home: Path) -> None:
    good = _schema(project, "session.schema.yaml", "P6M")
    done = _pre_commit(project, pre_commit_home, "policylint", good, "README.md",
                       ".github/workflows/ci.yml", "privacy-policy.yaml")  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


def test_policylint_hook_checks_only_the_files_passed(project: Path, pre_commit_home: Path) -> None:
    """Any subset is right: an untouched violating file is the whole-repository hook's job."""
    _schema(project, "legacy.schema.yaml", "P2Y")
    good = _schema(project, "session.schema.yaml", "P6M")
    done = _pre_commit(project, pre_commit_home, "policylint", good)
    assert done.returncode == 0, done.stdout + done.stderr


def test_policylint_all_fails_on_any_violating_file(project: Path, pre_commit_home: Path) -> None:
    _schema(project, "legacy.schema.yaml", "P2Y")
    good = _schema(project, "session.schema.yaml", "P6M")
    done = _pre_commit(project, pre_commit_home, "policylint-all", good)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "schemas/legacy.schema.yaml:5:5: PL302" in done.stdout


def test_policylint_all_passes_a_compliant_repository(project: Path, pre_commit_home: Path) -> None:
    _schema(project, "session.schema.yaml", "P6M")
    done = _pre_commit(project, pre_commit_home, "policylint-all", "README.md")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings in 1 file checked." in done.stdout
