"""The project config (SPEC section 8): ``.policylint.yaml`` or ``[tool.policylint]`` in
``pyproject.toml``, found by walking up from the working directory, validated against
``schemas/config.schema.json``, overridden by the command line. All through the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from policylint.cli import main
from samples import write_files

POLICY = """\
version: 1
categories:
  - category: user.device.ip_address
    retention: P1Y
  - category: user.contact.email
    retention: P1Y
hosting:
  regions: [eu]
"""
SCHEMA = """\
type: object
properties:
  ip:
    type: string
    x-personal-data:
      category: user.device.ip_address
      retention: P2Y
  email:
    type: string
    x-personal-data: user.contact.email
"""
"""PL302 at 5:5 (ip kept too long), PL301 at 10:5 (email without retention)."""


@pytest.fixture
def repo(chdir_tmp: Path) -> Path:
    (chdir_tmp / "policies").mkdir()
    (chdir_tmp / "policies" / "privacy.yaml").write_text(POLICY, encoding="utf-8")
    (chdir_tmp / "schemas").mkdir()
    (chdir_tmp / "schemas" / "user.schema.yaml").write_text(SCHEMA, encoding="utf-8")
    return chdir_tmp


def _yaml(root: Path, text: str) -> None:
    (root / ".policylint.yaml").write_text(text, encoding="utf-8")


def _toml(root: Path, text: str) -> None:
    (root / "pyproject.toml").write_text(
        '[project]\nname = "app"\nversion = "1.0"\n\n' + text, encoding="utf-8"
    )


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[Any], str]:
    code = main(["check", "--format", "json", *args])
    out, err = capsys.readouterr()
    findings = json.loads(out)["findings"] if out else []
    return code, [(f["path"], f["code"], f["severity"]) for f in findings], err


def _fail(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    """The error lines of a run that must stop with exit 2."""
    assert main(["check", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err.splitlines()


PL302 = ("schemas/user.schema.yaml", "PL302", "error")
PL301 = ("schemas/user.schema.yaml", "PL301", "warning")


# -- finding the config ---------------------------------------------------------------------
def test_no_config_and_no_policy_is_a_usage_error(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "no policy found" in _fail(capsys)[0]


@pytest.mark.parametrize("form", ["yaml", "yml", "pyproject"])
def test_config_is_found_and_its_policy_used(
    repo: Path, form: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if form == "pyproject":
        _toml(repo, '[tool.policylint]\npolicy = "policies/privacy.yaml"\n')
    else:
        (repo / f".policylint.{form}").write_text("policy: policies/privacy.yaml\n")
    assert _check(capsys) == (1, [PL302, PL301], "")


def test_config_is_found_from_a_subdirectory_and_paths_are_relative_to_it(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _yaml(repo, "policy: policies/privacy.yaml\nselect: [PL302]\n")
    monkeypatch.chdir(repo / "schemas")
    code, findings, _ = _check(capsys)
    assert (code, findings) == (1, [("user.schema.yaml", "PL302", "error")])


def test_yaml_config_comes_before_pyproject_in_the_same_folder(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _yaml(repo, "policy: policies/privacy.yaml\nselect: [PL301]\n")
    _toml(repo, '[tool.policylint]\npolicy = "policies/privacy.yaml"\nselect = ["PL302"]\n')
    assert _check(capsys)[:2] == (0, [PL301])


def test_pyproject_without_a_policylint_table_is_not_a_config(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _toml(repo, "[tool.black]\nline-length = 100\n")
    (repo / ".policylint.yaml").write_text("policy: policies/privacy.yaml\n")
    (repo / "sub").mkdir()
    (repo / "sub" / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    assert main(["check", "--format", "json", "schemas"]) == 1


def test_the_walk_stops_at_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _yaml(tmp_path, "not: a valid config\n")  # above the repository: never read
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "privacy-policy.yaml").write_text(POLICY, encoding="utf-8")
    (repo / "user.schema.yaml").write_text(SCHEMA, encoding="utf-8")
    monkeypatch.chdir(repo)
    assert _check(capsys)[0] == 1


@pytest.mark.parametrize("name", ["project.yaml", "tools.toml"])
def test_config_option_names_the_file(
    repo: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if name.endswith(".toml"):
        text = '[tool.policylint]\npolicy = "policies/privacy.yaml"\nselect = ["PL302"]\n'
    else:
        text = "policy: policies/privacy.yaml\nselect: [PL302]\n"
    (repo / name).write_text(text, encoding="utf-8")
    assert _check(capsys, "--config", name)[:2] == (1, [PL302])


def test_a_missing_config_file_is_a_usage_error(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("missing.yaml", "missing.toml"):
        assert "cannot read config missing" in _fail(capsys, "--config", name)[0]


# -- what the keys do -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("yaml_text", "toml_text", "code", "findings"),
    [
        ("select: [PL302]", 'select = ["PL302"]', 1, [PL302]),
        ("ignore: [PL3]", 'ignore = ["PL3"]', 0, []),
        ("severity: {PL302: warning}", 'severity = {PL302 = "warning"}', 0,
         [(*PL302[:2], "warning"), PL301]),
        ("fail_on: never", 'fail_on = "never"', 0, [PL302, PL301]),
        ("select: [PL301]\nfail_on: warning", 'select = ["PL301"]\nfail_on = "warning"', 1,
         [PL301]),
        ("jobs: 2", "jobs = 2", 1, [PL302, PL301]),
    ],
    ids=["select", "ignore", "severity", "fail_on-never", "fail_on-warning", "jobs"],
)  # fmt: skip
@pytest.mark.parametrize("form", ["yaml", "toml"])
def test_keys_take_effect(
    repo: Path,
    form: str,
    yaml_text: str,
    toml_text: str,
    code: int,
    findings: list[Any],
    capsys: pytest.CaptureFixture[str],
) -> None:
    if form == "yaml":
        _yaml(repo, f"policy: policies/privacy.yaml\n{yaml_text}\n")
    else:
        _toml(repo, f'[tool.policylint]\npolicy = "policies/privacy.yaml"\n{toml_text}\n')
    assert _check(capsys)[:2] == (code, findings)


def test_include_and_exclude(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "legacy").mkdir()
    (repo / "legacy" / "old.schema.yaml").write_text(SCHEMA, encoding="utf-8")
    (repo / "other").mkdir()
    (repo / "other" / "more.schema.yaml").write_text(SCHEMA, encoding="utf-8")
    _yaml(repo, "policy: policies/privacy.yaml\nselect: [PL302]\n"
                "include: [schemas, legacy]\nexclude: [legacy/]\n")  # fmt: skip
    assert _check(capsys)[:2] == (1, [PL302])
    # a path on the command line replaces include; exclude still applies
    code, findings, _ = _check(capsys, "other", "legacy/old.schema.yaml")
    assert (code, findings) == (1, [("other/more.schema.yaml", "PL302", "error")])


def test_settings_map_json_values(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "config").mkdir()
    (repo / "config" / "deploy.json").write_text('{"deploy": {"region": "us-east-1"}}\n')
    mapping = "{files: 'config/*.json', key: deploy.region, setting: hosting.region}"
    _yaml(repo, f"policy: policies/privacy.yaml\nselect: [PL5]\nsettings:\n  - {mapping}\n")
    assert _check(capsys)[:2] == (1, [("config/deploy.json", "PL501", "error")])


def test_pyproject_holding_the_config_is_still_read_as_a_manifest(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = POLICY + "cookies:\n  allowed: [strictly_necessary]\n"
    (repo / "policies" / "privacy.yaml").write_text(policy, encoding="utf-8")
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "app"\nversion = "1.0"\ndependencies = ["mixpanel>=4"]\n\n'
        '[tool.policylint]\npolicy = "policies/privacy.yaml"\nselect = ["PL702"]\n',
        encoding="utf-8",
    )
    assert _check(capsys)[:2] == (1, [("pyproject.toml", "PL702", "error")])


# -- the command line overrides the config ---------------------------------------------------
@pytest.mark.parametrize(
    ("config", "args", "code", "findings"),
    [
        ("select: [PL302]", ["--select", "PL301"], 0, [PL301]),
        ("ignore: [PL301]", ["--ignore", "PL302"], 0, [PL301]),
        ("fail_on: never\nselect: [PL301]", ["--fail-on", "warning"], 1, [PL301]),
        ("jobs: 3", ["--jobs", "1"], 1, [PL302, PL301]),
        ("include: [nowhere]", ["schemas"], 1, [PL302, PL301]),
    ],
    ids=["select", "ignore", "fail-on", "jobs", "paths"],
)
def test_command_line_overrides_the_config(
    repo: Path,
    config: str,
    args: list[str],
    code: int,
    findings: list[Any],
    capsys: pytest.CaptureFixture[str],
) -> None:
    _yaml(repo, f"policy: policies/privacy.yaml\n{config}\n")
    assert _check(capsys, *args)[:2] == (code, findings)


def test_policy_option_overrides_the_config(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "strict.yaml").write_text("version: 1\ncategories: []\n", encoding="utf-8")
    _yaml(repo, "policy: policies/privacy.yaml\nselect: [PL201]\n")
    assert _check(capsys)[:2] == (0, [])
    code, findings, _ = _check(capsys, "--policy", "strict.yaml")
    assert [c for _, c, _ in findings] == ["PL201", "PL201"] and code == 1


# -- invalid configs: exit 2 with file, line, column and the path to the key -----------------
BAD_YAML = """\
policy: policies/privacy.yaml
polcy: typo.yaml
severity:
  PL302: fatal
  PL3: error
select: [PL3, pl2]
settings:
  - files: config/*.json
    key: deploy.region
    setting: hosting.regio
    extra: 1
jobs: 0
"""
BAD_TOML = """\
[tool.policylint]
policy = "policies/privacy.yaml"
polcy = "typo.yaml"
select = ["PL3", "pl2"]
jobs = 0

[tool.policylint.severity]
PL302 = "fatal"

[[tool.policylint.settings]]
files = "config/*.json"
key = "deploy.region"
setting = "hosting.region"

[[tool.policylint.settings]]
files = "config/*.json"
key = "deploy.region"
setting = "hosting.regio"
extra = 1
"""


def test_invalid_yaml_config_lists_every_problem(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _yaml(repo, BAD_YAML)
    lines = _fail(capsys)
    assert lines[0] == "policylint: invalid config .policylint.yaml"
    assert lines[1:] == [
        ".policylint.yaml:2:1: at `polcy`: unknown key `polcy` (did you mean `policy`?)",
        ".policylint.yaml:4:10: at `severity.PL302`: 'fatal' is not one of "
        "['error', 'warning', 'info']",
        ".policylint.yaml:5:3: at `severity.PL3`: 'PL3' is not a rule code such as PL302",
        ".policylint.yaml:6:15: at `select[1]`: 'pl2' is not a rule code or code prefix such "
        "as PL3 (capital letters and digits)",
        ".policylint.yaml:10:14: at `settings[0].setting`: 'hosting.regio' is not one of "
        "['hosting.region', 'subjects.minimum_age', 'cookies.category', 'processor']",
        ".policylint.yaml:11:5: at `settings[0].extra`: unknown key `extra` "
        "(known: files, key, setting)",
        ".policylint.yaml:12:7: at `jobs`: 0 is less than the minimum of 1",
    ]


@pytest.mark.parametrize("quoted", ["selct'", 'it\'s "quoted"'])
@pytest.mark.parametrize("form", ["yaml", "toml"])
def test_an_unknown_key_with_quotes_in_it_is_reported(
    repo: Path, capsys: pytest.CaptureFixture[str], quoted: str, form: str
) -> None:
    """The unknown keys come from the validator, not read back out of its message (whose
    quoting changes with the key): none is let through."""
    if form == "yaml":
        _yaml(repo, f"{json.dumps(quoted)}: [PL1]\n")
    else:
        (repo / "pyproject.toml").write_text(
            f"[tool.policylint]\n{json.dumps(quoted)} = ['PL1']\n", encoding="utf-8"
        )
    lines = _fail(capsys)
    place = ".policylint.yaml:1:1" if form == "yaml" else "pyproject.toml:2:1"
    assert lines[1].startswith(f"{place}: at `{quoted}`: unknown key `{quoted}` (")


def test_invalid_toml_config_lists_every_problem(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "pyproject.toml").write_text(BAD_TOML, encoding="utf-8")
    lines = _fail(capsys)
    assert lines[0] == "policylint: invalid config pyproject.toml"
    places = [line.split(": ", 2)[:2] for line in lines[1:]]
    assert places == [
        ["pyproject.toml:3:1", "at `polcy`"],
        ["pyproject.toml:4:1", "at `select[1]`"],
        ["pyproject.toml:5:1", "at `jobs`"],
        ["pyproject.toml:8:1", "at `severity.PL302`"],
        ["pyproject.toml:18:1", "at `settings[1].setting`"],
        ["pyproject.toml:19:1", "at `settings[1].extra`"],
    ]
    assert lines[1].endswith("unknown key `polcy` (did you mean `policy`?)")


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (".policylint.yaml", "policy: [unclosed\n", ".policylint.yaml:2:1: syntax error"),
        (".policylint.yaml", "- a list\n", ".policylint.yaml:1:1: the config must be a mapping"),
        (".policylint.yaml", "a: 1\n---\nb: 2\n", ".policylint.yaml:3:1: a config is one YAML"),
        ("pyproject.toml", "[tool.policylint]\njobs = = 2\n", "pyproject.toml:2:8: Invalid"),
        ("pyproject.toml", "[tool.policylint]\njobs = 2\njobs = 3\n", "pyproject.toml:3:"),
    ],
    ids=["yaml-syntax", "yaml-not-mapping", "yaml-two-documents", "toml-syntax", "toml-twice"],
)
def test_unreadable_config_is_an_error_with_its_position(
    repo: Path, name: str, text: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / name).write_text(text, encoding="utf-8")
    lines = _fail(capsys)
    assert lines[0].startswith("policylint: invalid config")
    assert lines[1].startswith(expected), lines


def test_empty_config_is_valid(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _yaml(repo, "# nothing configured yet\n")
    assert _check(capsys, "--policy", "policies/privacy.yaml")[0] == 1


def test_rules_and_explain_read_the_config_too(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _yaml(repo, "rules: [missing-folder]\n")
    assert main(["rules"]) == 2
    assert "rule folder not found" in capsys.readouterr().err
    _yaml(repo, "polcy: x\n")
    assert main(["explain", "PL302"]) == 2
    assert "unknown key `polcy`" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        (".", ["config/deploy.json:1:23: PL501"]),
        ("config", ["deploy.json:1:23: PL501"]),
        ("legacy", []),
        ("build", []),
        ("build/deep", []),
    ],
)
def test_the_config_and_gitignore_patterns_hold_from_any_folder(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str], folder: str, expected: list[str]
) -> None:
    """``exclude``, ``settings`` and ``.gitignore`` patterns are relative to their own
    folder, as git reads a .gitignore: a run from a subfolder checks what a run from the
    root checks there, and leaves out what it leaves out."""
    region = "region: us-east-1  # @policy hosting.region\n"
    files = {
        "privacy-policy.yaml": POLICY,
        ".policylint.yaml": (
            "exclude: [legacy/]\nsettings:\n"
            '  - {files: "config/*.json", key: deploy.region, setting: hosting.region}\n'
        ),
        ".gitignore": "build/\n",
        "config/deploy.json": '{"deploy": {"region": "us-west-2"}}\n',
        "legacy/old.yaml": region,
        "build/b.yaml": region,
        "build/deep/c.yaml": region,
    }
    write_files(chdir_tmp, files)
    os.chdir(chdir_tmp / folder)
    main(["check", "--no-cache", "--format", "text"])
    out = capsys.readouterr().out.splitlines()
    assert [line.split(" `")[0] for line in out if ": PL" in line] == expected


# -- include: paths and gitignore patterns from the config's folder --------------------------
SQL = (
    "CREATE TABLE t (\n"
    "  ip TEXT -- @personal-data category=user.device.ip_address retention=P2Y\n);\n"
)
"""PL302 at 2:14 (ip kept too long), as SCHEMA's 5:5: with ``select: [PL302]``, one finding
a file checked."""
TREE = {
    "db/schema.sql": SQL,
    "db/migrations/2024/001.sql": SQL,
    "tools/dump.sql": SQL,
    "api/v1/openapi.schema.yaml": SCHEMA,
    "legacy/old.schema.yaml": SCHEMA,
    "README.md": "# app\n",
}
SQL_FILES = ["db/migrations/2024/001.sql", "db/schema.sql", "tools/dump.sql"]


@pytest.fixture
def tree(repo: Path) -> Path:
    """``repo`` (schemas/user.schema.yaml) and the files of TREE."""
    for name, text in TREE.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    return repo


def _include(root: Path, entries: str, more: str = "") -> None:
    _yaml(root, f"policy: policies/privacy.yaml\nselect: [PL302]\ninclude: {entries}\n{more}")


def _checked(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    """The files a run checked (one finding each), from a run that found them."""
    code, findings, err = _check(capsys, *args)
    assert (code, err) == (1, "")
    return [path for path, _, _ in findings]


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ('["*.sql"]', SQL_FILES),
        ('["db/**/*.sql"]', SQL_FILES[:2]),
        ('["db/*.sql"]', ["db/schema.sql"]),
        ('["api/**"]', ["api/v1/openapi.schema.yaml"]),
        ('["**/migrations/"]', ["db/migrations/2024/001.sql"]),
        ('["*/v?/"]', ["api/v1/openapi.schema.yaml"]),
        ("[schemas/user.schema.yaml]", ["schemas/user.schema.yaml"]),
        ("[schemas, api/]", ["api/v1/openapi.schema.yaml", "schemas/user.schema.yaml"]),
        ('[schemas, "tools/*.sql"]', ["schemas/user.schema.yaml", "tools/dump.sql"]),
        ('["*.sql", "!db/migrations/"]', SQL_FILES[1:]),
        ('["**/*.yaml", "!legacy/", legacy]', [
            "api/v1/openapi.schema.yaml", "legacy/old.schema.yaml", "schemas/user.schema.yaml",
        ]),
    ],
    ids=["star", "double-star", "anchored", "folder-contents", "folder-pattern",
         "question-mark", "literal-file", "literal-folders", "literal-and-pattern", "negation",
         "order"],
)  # fmt: skip
def test_include_selects_by_gitignore_pattern(
    tree: Path, entries: str, expected: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Each entry is a gitignore pattern from the config's folder; an entry without a wildcard
    is a path from there (not a name matched at any depth); ``!`` takes back what the entries
    before it selected; exclude and .gitignore still apply."""
    _include(tree, entries)
    assert _checked(capsys) == expected


def test_exclude_and_gitignore_apply_to_what_include_selects(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / "db" / ".gitignore").write_text("migrations/\n", encoding="utf-8")
    _include(tree, '["*.sql", "*.schema.yaml"]', "exclude: [tools/, legacy]\n")
    assert _checked(capsys) == [
        "api/v1/openapi.schema.yaml", "db/schema.sql", "schemas/user.schema.yaml"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("db", ["../schemas/user.schema.yaml", "migrations/2024/001.sql", "schema.sql"]),
        ("db/migrations", ["../../schemas/user.schema.yaml", "2024/001.sql", "../schema.sql"]),
        ("legacy", ["../db/migrations/2024/001.sql", "../db/schema.sql",
                    "../schemas/user.schema.yaml"]),
    ],
)  # fmt: skip
def test_include_patterns_stay_relative_to_the_config_from_a_subfolder(
    tree: Path, folder: str, expected: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """From a subfolder, ``include`` selects what it selects from the config's folder (paths
    shown from the working directory), as literal entries always did."""
    _include(tree, '["db/**/*.sql", schemas, db/schema.sql]')  # a file named and matched
    os.chdir(tree / folder)
    assert sorted(_checked(capsys)) == sorted(expected)


def test_patterns_of_a_config_named_with_a_relative_path_are_from_its_folder(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--config db/x.yaml``: its include and exclude patterns are from db/, as when the
    config is found (an exclude was not applied at all)."""
    (tree / "db" / "lint.yaml").write_text(
        "policy: ../policies/privacy.yaml\nselect: [PL302]\n"
        'include: ["**/*.sql"]\nexclude: [migrations/]\n',
        encoding="utf-8",
    )
    assert _checked(capsys, "--config", "db/lint.yaml") == ["db/schema.sql"]
    (tree / "db" / "lint.yaml").write_text(
        "policy: ../policies/privacy.yaml\nselect: [PL302]\nexclude: [migrations/]\n",
        encoding="utf-8",
    )
    assert _checked(capsys, "--config", "db/lint.yaml", "db") == ["db/schema.sql"]


@pytest.mark.parametrize(
    ("entries", "more", "unmatched"),
    [
        ('["*.sqll"]', "", '"*.sqll" matches no file'),
        ("[schemas, shemas/user.schema.yaml]", "", '"shemas/user.schema.yaml" matches no file'),
        ('[nowhere, "*.sql", "x/**"]', "", '"nowhere", "x/**" match no file'),
        ('["*.md"]', "", '"*.md" matches no file'),  # no file of a kind policylint reads
        ('["legacy/*.yaml"]', "exclude: [legacy/]\n", '"legacy/*.yaml" matches no file'),
        ('["*.sql", "!nothing/"]', "", '"!nothing/" matches no file'),
    ],
    ids=["pattern", "literal-typo", "several", "not-read", "excluded", "negation"],
)
def test_an_include_entry_that_selects_nothing_is_a_usage_error(
    tree: Path, entries: str, more: str, unmatched: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Never "No findings in 0 files checked": CI would pass having checked nothing."""
    _include(tree, entries, more)
    assert _fail(capsys) == [f"policylint: .policylint.yaml: include: {unmatched}"]
    os.chdir(tree / "db")
    assert _fail(capsys) == [f"policylint: ../.policylint.yaml: include: {unmatched}"]


def test_include_in_pyproject(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _toml(tree, '[tool.policylint]\npolicy = "policies/privacy.yaml"\nselect = ["PL302"]\n'
                'include = ["db/**/*.sql", "api/"]\n')  # fmt: skip
    assert _checked(capsys) == ["api/v1/openapi.schema.yaml", *SQL_FILES[:2]]
    _toml(tree, '[tool.policylint]\npolicy = "policies/privacy.yaml"\ninclude = ["*.sqll"]\n')
    assert _fail(capsys) == ['policylint: pyproject.toml: include: "*.sqll" matches no file']


def test_command_line_paths_override_include_patterns(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _include(tree, '["*.sql"]')
    assert _checked(capsys, "api") == ["api/v1/openapi.schema.yaml"]
    _include(tree, '["*.sqll", nowhere]')  # not used: not an error
    assert _checked(capsys, "schemas", "tools") == ["schemas/user.schema.yaml", "tools/dump.sql"]


def test_included_files_are_the_same_whatever_the_jobs(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _include(tree, '["**/*.sql", api/, "!tools/"]')
    runs = []
    for jobs in ("1", "2"):
        assert main(["check", "--no-cache", "--jobs", jobs]) == 1
        runs.append(capsys.readouterr().out)
    assert runs[0] == runs[1]
    assert runs[0].count(": PL302 ") == 3 and "tools/" not in runs[0]


def test_settings_patterns_hold_from_above_the_config_s_folder(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--config app/.policylint.yaml app` from the root: the `files` pattern is the
    config's, relative to `app/` (the file was not read: no finding, exit 0)."""
    files = {
        "app/privacy-policy.yaml": POLICY,
        "app/.policylint.yaml": (
            'settings:\n  - {files: "config/*.json", key: deploy.region, setting: hosting.region}\n'
        ),
        "app/config/prod.json": '{"deploy": {"region": "us-east-1"}}\n',
    }
    write_files(chdir_tmp, files)
    args = ["--config", "app/.policylint.yaml", "--policy", "app/privacy-policy.yaml", "app"]
    assert main(["check", "--no-cache", *args]) == 1
    assert "app/config/prod.json:1:23: PL501" in capsys.readouterr().out


def _region_tree(root: Path, config: str, gitignore: str) -> None:
    region = "r: us-east-1  # @policy hosting.region\n"
    files = {
        "privacy-policy.yaml": POLICY,
        ".policylint.yaml": config,
        ".gitignore": gitignore,
        "db/a.yaml": region,
        "db/legacy/b.yaml": region,
        "build/gen.yaml": region,
    }
    write_files(root, files)


def test_patterns_hold_for_a_path_through_dot_dot(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check ..` from a subfolder meets the same exclude and .gitignore patterns as a run
    from the root (the path was not normalised, and no pattern applied to it)."""
    _region_tree(chdir_tmp, 'exclude: ["db/legacy/"]\n', "build/\n")
    os.chdir(chdir_tmp / "db")
    assert main(["check", "--no-cache", ".."]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(" ")[0] for line in out if ": PL" in line] == ["a.yaml:1:4:"]


def test_a_named_file_is_checked_whatever_a_gitignore_says(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A .gitignore decides what a walk finds, not what a user names; the config's exclude
    still leaves out a named file (pre-commit passes what the config excludes)."""
    _region_tree(chdir_tmp, 'exclude: ["db/legacy/"]\n', "build/\n")
    assert main(["check", "--no-cache", "build/gen.yaml", "db/legacy/b.yaml"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(" ")[0] for line in out if ": PL" in line] == ["build/gen.yaml:1:4:"]


def test_an_invalid_pattern_is_a_note_in_a_gitignore_and_an_error_in_the_config(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Git leaves out a pattern it cannot read; a config's pattern is the user's to fix.
    Neither is an internal error."""
    _region_tree(chdir_tmp, "{}\n", "build/\n[z-a]*\n")
    assert main(["check", "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert ".gitignore: '[z-a]*' is not a valid pattern; not applied" in err
    _region_tree(chdir_tmp, 'exclude: ["[z-a]*"]\n', "")
    assert main(["check", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert "exclude: '[z-a]*' is not a valid pattern" in err and "internal error" not in err
