"""``policylint check`` through the command line: exit codes, formats, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from policylint.cli import main
from policylint.resources import schema_path
from samples import write_files

POLICY = """\
version: 1
categories:
  - category: user.contact.email
    retention: account_deletion
  - category: user.device.ip_address
    retention: P1Y
subjects:
  minimum_age: 15
"""

GOOD = """\
type: object
properties:
  email:
    type: string
    x-personal-data: {category: user.contact.email, retention: account_deletion}
"""

BAD = """\
type: object
properties:
  ip:
    type: string
    x-personal-data: {category: user.device.ip_address, retention: P2Y}
"""


def test_clean_tree_exits_0(chdir_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(chdir_tmp, {"privacy-policy.yaml": POLICY, "good.schema.yaml": GOOD})
    assert main(["check"]) == 0
    assert capsys.readouterr().out == "No findings in 1 file checked.\n"


def test_findings_exit_1_with_positions(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_files(chdir_tmp, {"privacy-policy.yaml": POLICY, "s/bad.schema.yaml": BAD})
    assert main(["check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("s/bad.schema.yaml:5:5: PL302 `ip` keeps `user.device.ip_address`")
    assert out[-1] == "Found 1 error in 1 file checked."


@pytest.mark.parametrize(("fail_on", "code"), [("error", 1), ("warning", 1), ("never", 0)])
def test_fail_on(chdir_tmp: Path, fail_on: str, code: int) -> None:
    write_files(chdir_tmp, {"privacy-policy.yaml": POLICY, "bad.schema.yaml": BAD})
    assert main(["check", "--fail-on", fail_on]) == code


def test_warning_only_fails_with_fail_on_warning(chdir_tmp: Path) -> None:
    untimed = GOOD.replace(", retention: account_deletion", "")
    write_files(chdir_tmp, {"privacy-policy.yaml": POLICY, "a.schema.yaml": untimed})
    assert main(["check"]) == 0  # PL301 is a warning
    assert main(["check", "--fail-on", "warning"]) == 1


def test_select_and_ignore(chdir_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(chdir_tmp, {"privacy-policy.yaml": POLICY, "bad.schema.yaml": BAD})
    assert main(["check", "--ignore", "PL302"]) == 0
    assert main(["check", "--select", "PL3"]) == 1
    assert main(["check", "--select", "PL1,PL2"]) == 0


def test_no_policy_is_a_usage_error(chdir_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(chdir_tmp, {"good.schema.yaml": GOOD})
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert "no policy found" in err
    assert f"looked for privacy-policy.yaml in: {chdir_tmp}" in err


def test_invalid_policy_lists_every_problem(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = """\
version: 1
categories:
  - category: user.contact.emial
    retention: one year
subjects:
  minimum_age: fifteen
hosting:
  regions: [mars]
"""
    write_files(chdir_tmp, {"privacy-policy.yaml": policy})
    assert main(["check"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert "privacy-policy.yaml:3:15: unknown data category `user.contact.emial`" in err[1]
    assert err[2].startswith("privacy-policy.yaml:4:16: invalid retention 'one year': it contains")
    assert err[3].startswith("privacy-policy.yaml:6:16: 'fifteen' is not of type 'integer'")
    assert err[4] == "privacy-policy.yaml:8:13: unknown region `mars`"
    assert len(err) == 5  # the schema's word on `mars` and 'one year' gives way to these


def test_schema_problems_do_not_hide_the_others(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SPEC section 1: every problem at once, not the taxonomy's after the schema's."""
    policy = """\
version: 1
bogus: 1
categories:
  - category: user.nope
    purposes: [essential.servce, 3]
  - category: user.name
    retention: P1Y
  - category: user.name
  - 7
processors:
  - {name: Acme, country: zz, safeguards: dpa}
"""
    write_files(chdir_tmp, {"privacy-policy.yaml": policy})
    assert main(["policy", "validate"]) == 2
    err = [line.split(": ", 1) for line in capsys.readouterr().err.splitlines()[1:]]
    expected = [
        ("privacy-policy.yaml:2:1", "Additional properties are not allowed ("),
        ("privacy-policy.yaml:4:15", "unknown data category `user.nope`; did y"),
        ("privacy-policy.yaml:5:16", "unknown purpose `essential.servce`; did "),
        ("privacy-policy.yaml:5:34", "3 is not of type 'string'"),
        ("privacy-policy.yaml:8:15", "`user.name` is listed twice (first on li"),
        ("privacy-policy.yaml:9:5", "7 is not of type 'object'"),
        ("privacy-policy.yaml:11:27", "unknown country code `zz`"),
        ("privacy-policy.yaml:11:43", "'dpa' is not of type 'array'"),
    ]
    assert [where for where, _ in err] == [where for where, _ in expected]
    for (_, message), (_, start) in zip(err, expected, strict=True):
        assert message.startswith(start)


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("p1y", "ISO 8601 designators are upper-case: write P1Y"),
        ("pt1h", "a retention has no time part"),
        ("indefinite+P1Y", "'indefinite' takes no duration"),
    ],
)
def test_a_tag_retention_the_policy_could_not_hold_is_pl101(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str], written: str, problem: str
) -> None:
    """A tag's retention follows the policy's grammar: what the policy refuses is a bad tag,
    not a value no rule can compare (which passed silently)."""
    write_files(
        chdir_tmp,
        {
            "privacy-policy.yaml": "version: 1\ncategories:\n"
            "  - category: user.name\n    retention: P1Y\n",
            "t.sql": f"CREATE TABLE t (\n  a TEXT -- @personal-data category=user.name "
            f"retention={written}\n);\n",
            "t.schema.json": json.dumps(
                {
                    "$schema": "https://json-schema.org/draft/2020-12/schema",
                    "properties": {
                        "a": {"x-personal-data": {"category": "user.name", "retention": written}}
                    },
                }
            ),
        },
    )
    assert main(["check", "--no-cache", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["path"], f["code"]) for f in found] == [
        ("t.schema.json", "PL101"),
        ("t.sql", "PL101"),
    ]
    assert all(f"invalid retention '{written}': {problem}" in f["message"] for f in found)


def test_the_shipped_schemas_refuse_what_the_tool_refuses() -> None:
    """Editors validate with the schemas: they must not pass a retention the tool refuses,
    nor refuse an event the grammar allows."""
    for name in ("policy", "annotation"):
        schema = json.loads(schema_path(name).read_text(encoding="utf-8"))
        pattern = Draft202012Validator({**schema["$defs"]["retention"], "$defs": {}})
        for bad in ("p1y", "pt1h", "p1y6m", "indefinite+P1Y", "p1y+P1Y", "P1Y+x"):
            assert not pattern.is_valid(bad), (name, bad)
        for good in ("P1Y", "indefinite", "p2p_end", "p1y_review+P1M", "contract_end+P2Y6M"):
            assert pattern.is_valid(good), (name, good)


def test_a_key_the_policy_may_not_hold_is_placed_on_the_key(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The offending node of an unexpected key is the key, not the mapping holding it."""
    policy = """\
version: 1
categories:
  - category: user.name
    retention: P1Y
    purpose: [essential.service]
hosting:
  regions: [eu]
  transfer: forbidden
  sell: false
"""
    write_files(chdir_tmp, {"privacy-policy.yaml": policy})
    assert main(["policy", "validate"]) == 2
    problems = [line.rsplit("/", 1)[-1] for line in capsys.readouterr().err.splitlines()[1:]]
    refused = "Additional properties are not allowed ({!r} was unexpected)".format
    assert problems == [
        f"privacy-policy.yaml:5:5: {refused('purpose')}",
        f"privacy-policy.yaml:8:3: {refused('transfer')}",
        f"privacy-policy.yaml:9:3: {refused('sell')}",
    ]


def test_policy_semantic_problems(chdir_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = (
        "version: 1\ncategories:\n  - category: user.contact.emial\nhosting:\n  regions: [xx]\n"
    )
    write_files(chdir_tmp, {"privacy-policy.yaml": policy})
    assert main(["policy", "validate"]) == 2
    err = capsys.readouterr().err
    assert (
        "privacy-policy.yaml:3:15: unknown data category `user.contact.emial`; "
        "did you mean `user.contact.email`?" in err
    )
    assert "privacy-policy.yaml:5:13: unknown region `xx`" in err


def test_policy_validate_ok(chdir_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(chdir_tmp, {"privacy-policy.yaml": POLICY})
    assert main(["policy", "validate"]) == 0
    assert "valid policy (2 categories)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "policy",
    ["", "- a\n- b\n", "version: 1\ncategories: {}\nsubjects: []\nhosting: 3\n", "version: [1\n"],
)
def test_broken_policies_exit_2_without_traceback(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str], policy: str
) -> None:
    write_files(chdir_tmp, {"privacy-policy.yaml": policy})
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "privacy-policy.yaml:" in err


LATIN1 = "title: Caf\xe9\nproperties:\n  e:\n    x-personal-data: user.contact.email\n"


def test_bad_files_are_pl100_and_the_rest_is_checked(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_files(
        chdir_tmp,
        {
            "privacy-policy.yaml": POLICY,
            "broken.yaml": "x-personal-data: user.contact.email\nkey: [unclosed\n",
            "broken.schema.json": '{"$schema": "x",\n "a": }',
            "x.schema.json": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "empty.avsc": "",
            "latin1.schema.yaml": LATIN1.encode("latin-1"),
            "bad.schema.yaml": BAD,
            "ci.yaml": "jobs:\n  build: {{ template }}\n",
        },
    )
    assert main(["check", "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    report = json.loads(captured.out)
    rows = [(f["path"], f["line"], f["column"], f["code"]) for f in report["findings"]]
    assert rows == [
        ("bad.schema.yaml", 5, 5, "PL302"),
        ("broken.schema.json", 2, 7, "PL100"),
        ("broken.yaml", 3, 1, "PL100"),
        ("empty.avsc", 1, 1, "PL100"),
        ("latin1.schema.yaml", 1, 11, "PL100"),
        ("x.schema.json", 3, 1, "PL100"),
    ]
    messages = {f["path"]: f["message"] for f in report["findings"]}
    assert "binary file" in messages["x.schema.json"]
    assert "not UTF-8" in messages["latin1.schema.yaml"]
    assert report["summary"]["files"] == 6  # ci.yaml is not read: no sign of ours


def test_an_empty_file_is_pl100_only_where_empty_is_not_a_document(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty SQL, Protobuf, Prisma, Terraform or requirements file is valid (a placeholder,
    nothing pinned yet); an empty JSON text is not."""
    empty = ["a.sql", "b.proto", "schema.prisma", "c.tf", "requirements.txt", "d.schema.yaml"]
    write_files(
        chdir_tmp,
        {"privacy-policy.yaml": POLICY, "e.avsc": "", "f.sql": " \n", **dict.fromkeys(empty, "")},
    )
    assert main(["check", "--no-cache", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(f["path"], f["code"]) for f in report["findings"]] == [("e.avsc", "PL100")]
    assert report["summary"]["files"] == 8


def test_json_report_is_valid(chdir_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(
        chdir_tmp, {"privacy-policy.yaml": POLICY, "bad.schema.yaml": BAD, "g.schema.yaml": GOOD}
    )
    main(["check", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    schema = json.loads(schema_path("report").read_text(encoding="utf-8"))
    Draft202012Validator(schema).validate(report)
    assert report["findings"][0]["fingerprint"]


def test_fingerprint_survives_line_shift(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_files(chdir_tmp, {"privacy-policy.yaml": POLICY, "bad.schema.yaml": BAD})
    main(["check", "--format", "json"])
    before = json.loads(capsys.readouterr().out)["findings"][0]
    write_files(chdir_tmp, {"bad.schema.yaml": "# a comment\n# another\n" + BAD})
    main(["check", "--format", "json"])
    after = json.loads(capsys.readouterr().out)["findings"][0]
    assert after["line"] == before["line"] + 2
    assert after["fingerprint"] == before["fingerprint"]


def test_explicit_policy_option(chdir_tmp: Path) -> None:
    write_files(chdir_tmp, {"conf/policy.yaml": POLICY, "bad.schema.yaml": BAD})
    assert main(["check", "--policy", "conf/policy.yaml"]) == 1
    assert main(["check", "--policy", "missing.yaml"]) == 2


def test_gitignore_and_default_excludes(chdir_tmp: Path) -> None:
    write_files(
        chdir_tmp,
        {
            "privacy-policy.yaml": POLICY,
            ".gitignore": "generated/\n",
            "generated/bad.schema.yaml": BAD,
            "node_modules/pkg/bad.schema.yaml": BAD,
            "good.schema.yaml": GOOD,
        },
    )
    assert main(["check"]) == 0


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from policylint import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"policylint, version {__version__}"


def test_taxonomy_lists_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["taxonomy"]) == 0
    out = capsys.readouterr().out
    assert "Data categories (87):" in out
    assert "Purposes (56):" in out
    assert "Subjects (16):" in out
    assert "user.health_and_medical  (Health and Medical Data)  [special]" in out


def test_module_entry_point() -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "policylint", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert proc.stdout.startswith("policylint, version ")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["check", "nothere.schema.yaml"], "no such file or directory: nothere.schema.yaml"),
        (["report", "good.schema.yaml", "gone/"], "no such file or directory: gone/"),
        (["check", "--select", "PL999"], "select: PL999 matches no rule"),
        (["check", "--ignore", "PL3,XY1"], "ignore: XY1 matches no rule"),
        (["check", "--config", "typo.yaml"], "severity: PL999 matches no rule"),
    ],
)
def test_a_typo_on_the_command_line_is_a_usage_error(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    """A path or code that names nothing exits 2, where "No findings" would pass a CI job."""
    write_files(
        chdir_tmp,
        {
            "privacy-policy.yaml": POLICY,
            "good.schema.yaml": GOOD,
            "typo.yaml": "severity: {PL302: warning, PL999: error}\n",
        },
    )
    assert main(args) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err


def test_an_unknown_purpose_is_pl102_alone(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As an unknown category is: PL102 says what was meant, PL601 has nothing to add."""
    policy = "version: 1\ncategories:\n  - category: user.name\n    purposes: [essential]\n"
    schema = """\
type: object
properties:
  name:
    x-personal-data: {category: user.name, purposes: [essential.servce, marketing]}
"""
    write_files(chdir_tmp, {"privacy-policy.yaml": policy, "a.schema.yaml": schema})
    assert main(["check", "--no-cache", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["code"], f["message"].split("`")[1]) for f in found] == [
        ("PL102", "essential.servce"),
        ("PL601", "name"),
    ]
    assert "for `marketing`" in found[1]["message"]


SHIFTED = {
    "a.schema.json": (
        '{"type": "object", "properties": {\n'
        '  "nick": {"x-personal-data": {"category": "user.name", "retention": 5}}}}\n'
    ),
    "b.avsc": '{"type": "record", "name": "B", "fields": [\n  {"name": "x", "type": }\n]}\n',
    "c.yaml": (
        "openapi: 3.0.3\ncomponents:\n  schemas:\n    U:\n"
        "      x-personal-data-defaults: {retention: forever+1}\n"
        "      properties:\n        e:\n          x-personal-data:\n"
        "            {category: user.contact.email, retention: account_deletion}\n"
    ),
    "models/schema.yml": (
        "version: 2\nmodels:\n  - name: users\n    columns:\n      - name: email\n"
        "        meta: {personal_data: {category: user.contact.email, basis: whim}}\n"
    ),
}


def test_problem_fingerprints_survive_moved_lines(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SPEC section 7: a fingerprint survives line shifts; PL100 and PL101 too, so that a
    baseline keeps them when a line is added above."""

    def fingerprints() -> list[tuple[str, str, int, str]]:
        assert main(["check", "--no-cache", "--format", "json"]) == 1
        found = json.loads(capsys.readouterr().out)["findings"]
        return [(f["path"], f["code"], f["line"], f["fingerprint"]) for f in found]

    write_files(chdir_tmp, {"privacy-policy.yaml": POLICY, **SHIFTED})
    before = fingerprints()
    assert {(path, code) for path, code, _, _ in before} == {
        ("a.schema.json", "PL101"),
        ("b.avsc", "PL100"),
        ("c.yaml", "PL101"),
        ("models/schema.yml", "PL101"),
    }
    moved = {
        name: ("\n" + text if name.endswith("json") else "# moved\n" + text)
        for name, text in SHIFTED.items()
    }
    moved["b.avsc"] = "\n" + SHIFTED["b.avsc"]
    write_files(chdir_tmp, moved)
    after = fingerprints()
    assert [(p, c, line + 1, f) for p, c, line, f in before] == after


def test_a_json_schema_without_its_schema_keyword_is_read(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SPEC 6a: a JSON Schema is read by content; an object type with properties is one,
    `$schema` or not. Other JSON with a `properties` key is not."""
    write_files(
        chdir_tmp,
        {
            "privacy-policy.yaml": POLICY,
            "user.json": '{"type": "object", "properties": {"email": {"type": "string"}}}\n',
            "other.json": '{"name": "x", "properties": {"email": 1}}\n',
        },
    )
    assert main(["check", "--no-cache", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [(f["path"], f["code"]) for f in report["findings"]] == [("user.json", "PL203")]
    assert report["summary"]["files"] == 1


def test_norway_unquoted_is_explained(chdir_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """YAML 1.1 reads `no` as false: the message says so, not "False is not a string"."""
    policy = "version: 1\nhosting:\n  regions: [eu, no]\nprocessors:\n  - {name: X, country: no}\n"
    write_files(chdir_tmp, {"privacy-policy.yaml": policy})
    assert main(["policy", "validate"]) == 2
    err = capsys.readouterr().err.splitlines()[1:]
    said = "YAML reads an unquoted `no` as false: write Norway's code quoted, 'no'"
    assert err == [f"privacy-policy.yaml:3:17: {said}", f"privacy-policy.yaml:5:24: {said}"]


@pytest.mark.parametrize(
    ("paths", "reported"),
    [
        ([], True),
        (["."], True),
        (["good.schema.yaml"], False),
        (["good.schema.yaml", "privacy-policy.yaml"], True),
    ],
)
def test_the_policy_s_own_findings_come_with_runs_that_cover_it(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str], paths: list[str], reported: bool
) -> None:
    """A pre-commit run of some changed files reports on them: the policy's own finding
    (a US processor with no safeguard) comes with a change to the policy or a whole run,
    not with every commit (nor once per batch of files)."""
    policy = POLICY + (
        "hosting:\n  regions: [eu]\nprocessors:\n  - {name: Mailchimp, country: us}\n"
    )
    write_files(chdir_tmp, {"privacy-policy.yaml": policy, "good.schema.yaml": GOOD})
    assert main(["check", "--no-cache", *paths]) == (1 if reported else 0)
    out = capsys.readouterr().out
    assert ("privacy-policy.yaml:12:5: PL503" in out) is reported


def test_a_key_given_twice_in_the_policy_or_config_is_a_problem(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """YAML keeps the last of two equal keys: a reviewer reading P1Y while P10Y is enforced
    must be told, in the policy and in the config alike."""
    policy = (
        "version: 1\ncategories:\n  - category: user.name\n    retention: P1Y\n"
        "    retention: P10Y\nsubjects:\n  minimum_age: 16\nsubjects:\n  minimum_age: 12\n"
    )
    write_files(chdir_tmp, {"privacy-policy.yaml": policy})
    assert main(["policy", "validate"]) == 2
    assert capsys.readouterr().err.splitlines()[1:] == [
        "privacy-policy.yaml:5:5: `retention` is given twice here (first on line 4): keep one",
        "privacy-policy.yaml:8:1: `subjects` is given twice here (first on line 6): keep one",
    ]
    write_files(
        chdir_tmp, {"privacy-policy.yaml": POLICY, ".policylint.yaml": "jobs: 1\njobs: 2\n"}
    )
    assert main(["check"]) == 2
    assert ".policylint.yaml:2:1: `jobs` is given twice here (first on line 1)" in (
        capsys.readouterr().err
    )


def test_trade_union_membership_is_a_special_category(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SPEC section 2 names trade union membership among the special categories."""
    schema = "properties:\n  union:\n    x-personal-data: user.demographic.trade_union_membership\n"
    write_files(
        chdir_tmp,
        {
            "privacy-policy.yaml": "version: 1\nspecial_categories: forbidden\n",
            "m.schema.yaml": schema,
        },
    )
    assert main(["check", "--no-cache", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["code"], f["line"]) for f in found] == [("PL202", 3)]


def test_pl402_names_the_field_with_its_container(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the built-in checks name a field: `table.column`, so that two tables' `name`
    columns are told apart."""
    sql = (
        "CREATE TABLE kids (\n  name TEXT -- @personal-data category=user.name subjects=child\n);\n"
    )
    write_files(chdir_tmp, {"privacy-policy.yaml": POLICY, "k.sql": sql})
    assert main(["check", "--no-cache", "--select", "PL402"]) == 1
    assert "k.sql:2:16: PL402 `kids.name` holds data about children" in capsys.readouterr().out


def test_an_age_bound_in_all_of_counts(chdir_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A value must satisfy every ``allOf`` branch: the strictest bound is the youngest age
    accepted (a bound there is no missing bound)."""
    schema = """\
type: object
properties:
  adult:
    type: integer
    x-personal-data: user.demographic.age
    allOf:
      - minimum: 18
  teen:
    type: integer
    x-personal-data: user.demographic.age
    minimum: 10
    allOf:
      - {minimum: 12}
  older:
    x-personal-data: user.demographic.age
    allOf: [{type: number}, {exclusiveMinimum: 14}]
"""
    write_files(chdir_tmp, {"privacy-policy.yaml": POLICY, "a.schema.yaml": schema})
    main(["check", "--no-cache", "--select", "PL401", "--format", "json"])
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["line"], f["message"].split(",")[0]) for f in found] == [
        (10, "`teen` accepts ages from 12"),
        (15, "`older` accepts ages just above 14"),
    ]


def test_a_tag_given_through_a_yaml_merge_key_is_the_property_s(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``<<: *base`` merges the anchored mapping as a loader builds it: its tag counts
    (the property was taken for untagged, PL203), and the property's own keys win."""
    schema = """\
type: object
properties:
  base: &b
    type: string
    x-personal-data: {category: user.contact.email, retention: P2Y}
  email:
    <<: *b
    description: merged
  ip:
    <<: [*b, {x-personal-data: user.name}]
    x-personal-data: {category: user.device.ip_address, retention: P1Y}
"""
    write_files(chdir_tmp, {"privacy-policy.yaml": POLICY, "m.schema.yaml": schema})
    assert main(["check", "--no-cache", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["code"], f["line"], f["message"].split("`")[1]) for f in found] == [
        ("PL302", 5, "base"),
        ("PL302", 5, "email"),
    ]


def test_openapi_header_objects_carry_tags(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Header Object is a parameter named by its key: its tag is read (it was dropped
    without a word), in YAML and in JSON alike."""
    import yaml

    api = """\
openapi: 3.0.3
info: {title: H, version: "1"}
paths:
  /x:
    get:
      responses:
        "200":
          description: ok
          headers:
            X-User-Email:
              x-personal-data: {category: user.name, retention: P1Y}
              schema: {type: string}
components:
  headers:
    X-Name:
      x-personal-data: user.name
      schema: {type: string}
"""
    as_json = json.dumps(yaml.safe_load(api), indent=1)
    write_files(chdir_tmp, {"privacy-policy.yaml": POLICY, "api.yaml": api, "api.json": as_json})
    assert main(["check", "--no-cache", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    named = sorted((f["path"], f["code"], f["message"].split("`")[1]) for f in found)
    assert named == [
        ("api.json", "PL201", "X-Name"),
        ("api.json", "PL201", "X-User-Email"),
        ("api.yaml", "PL201", "X-Name"),
        ("api.yaml", "PL201", "X-User-Email"),
    ]


def test_an_unknown_category_is_pl102_alone(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A misspelt category under a limited one (`user.contact.emial`) is not held to the
    limit of its would-be parent: PL102 says what was meant, once."""
    schema = """\
type: object
properties:
  a: {x-personal-data: user.contact.emial}
  b: {x-personal-data: {category: user.contact.emial, retention: P5Y}}
"""
    policy = "version: 1\ncategories:\n  - category: user.contact\n    retention: P1Y\n"
    write_files(chdir_tmp, {"privacy-policy.yaml": policy, "a.schema.yaml": schema})
    assert main(["check", "--no-cache", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["code"], f["line"]) for f in found] == [("PL102", 3), ("PL102", 4)]


def test_a_second_tag_keeps_its_fingerprint_when_lines_move(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its message names the first tag's line; its fingerprint does not."""
    schema = (
        '{"properties": {"a": {\n  "x-personal-data": "user.name",\n'
        '  "x-personal-data": "user.name"}}}\n'
    )

    def prints() -> list[tuple[int, str]]:
        main(["check", "--no-cache", "--format", "json", "--select", "PL101"])
        found = json.loads(capsys.readouterr().out)["findings"]
        return [(f["line"], f["fingerprint"]) for f in found]

    write_files(chdir_tmp, {"privacy-policy.yaml": POLICY, "u.schema.json": schema})
    before = prints()
    write_files(chdir_tmp, {"u.schema.json": "\n\n" + schema})
    assert [(line + 2, mark) for line, mark in before] == prints() and len(before) == 1
