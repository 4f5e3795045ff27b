"""Suppressions (SPEC section 8): ``policylint: ignore[CODES]`` and bare ``policylint: ignore``
in a comment on the finding's line or the line above, in every format with comments;
``x-policylint-ignore`` in JSON; ``--report-unused-ignores`` (PL001) for those that
silence nothing.

Every case runs the command line (``policylint check --format json``) in a fresh repository.
A format whose reader is not in this tree yet is skipped, not failed.
"""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from policylint.cli import main
from policylint.suppress import Marker, scan

POLICY = """\
version: 1
categories:
  - category: user.device.ip_address
    retention: P1Y
hosting:
  regions: [eu]
"""


@dataclass(frozen=True)
class Case:
    """A file with one finding. ``{same}`` sits in a comment on the finding's line; a line
    holding only ``{above}`` (after the comment opener) is kept only when a marker goes there;
    ``bad``/``good`` turn the finding on and off; ``opener`` starts a further comment after
    the ``@personal-data`` tag on the finding's line (formats with comment tags)."""

    id: str
    file: str
    text: str
    code: str
    bad: str
    good: str
    reader: str | None = None
    opener: str = ""

    def render(self, same: str = "", above: str = "", good: bool = False) -> tuple[str, int]:
        """The file's text and the line of the finding."""
        lines: list[str] = []
        found = 0
        for line in self.text.splitlines():
            if "{above}" in line:
                if above:
                    lines.append(line.replace("{above}", above))
                continue
            if "{same}" in line:
                found = len(lines) + 1
                line = line.replace("{same}", same).rstrip()
            lines.append(line)
        text = "\n".join(lines) + "\n"
        return (text.replace(self.bad, self.good) if good else text), found


CASES = [
    Case(
        "yaml",
        "session.schema.yaml",
        """\
type: object
properties:
  ip:
    type: string
    # {above}
    x-personal-data:  # {same}
      category: user.device.ip_address
      retention: P2Y
""",
        "PL302",
        "P2Y",
        "P6M",
    ),
    Case(
        "sql",
        "schema.sql",
        """\
CREATE TABLE sessions (
  id INT,
  -- {above}
  ip INET  -- @personal-data category=user.device.ip_address retention=P2Y {same}
);
""",
        "PL302",
        "P2Y",
        "P6M",
        "policylint.readers.sql",
        "--",
    ),
    Case(
        "proto",
        "session.proto",
        """\
syntax = "proto3";

message Session {
  int64 id = 1;
  // {above}
  string ip = 2;  // @personal-data category=user.device.ip_address retention=P2Y {same}
}
""",
        "PL302",
        "P2Y",
        "P6M",
        "policylint.readers.proto",
        "//",
    ),
    Case(
        "prisma",
        "schema.prisma",
        """\
model Session {
  id Int @id
  // {above}
  ip String // @personal-data category=user.device.ip_address retention=P2Y {same}
}
""",
        "PL302",
        "P2Y",
        "P6M",
        "policylint.readers.prisma",
        "//",
    ),
    Case(
        "yaml-tag",
        "config/session.yaml",
        """\
session:
  # {above}
  ip: 10.0.0.1  # @personal-data category=user.device.ip_address retention=P2Y {same}
""",
        "PL302",
        "P2Y",
        "P6M",
        opener="#",
    ),
    Case(
        "toml-tag",
        "config/session.toml",
        """\
[session]
# {above}
ip = "10.0.0.1"  # @personal-data category=user.device.ip_address retention=P2Y {same}
""",
        "PL302",
        "P2Y",
        "P6M",
        "policylint.readers.settings",
        "#",
    ),
    Case(
        "hcl-hash",
        "infra/main.tf",
        """\
provider "aws" {
  # {above}
  region = "us-east-1" # {same}
}
""",
        "PL501",
        "us-east-1",
        "eu-west-1",
        "policylint.readers.terraform",
    ),
    Case(
        "hcl-slashes",
        "infra/main.tf",
        """\
provider "aws" {
  // {above}
  region = "us-east-1" // {same}
}
""",
        "PL501",
        "us-east-1",
        "eu-west-1",
        "policylint.readers.terraform",
    ),
    Case(
        "toml",
        "config/app.toml",
        """\
[deploy]
# {above}
region = "us-east-1"  # @policy hosting.region {same}
""",
        "PL501",
        "us-east-1",
        "eu-west-1",
        "policylint.readers.settings",
    ),
    Case(
        "ini",
        "config/app.ini",
        """\
[deploy]
; {above}
region = us-east-1  ; @policy hosting.region {same}
""",
        "PL501",
        "us-east-1",
        "eu-west-1",
        "policylint.readers.settings",
    ),
    Case(
        "dotenv",
        ".env",
        """\
# {above}
REGION=us-east-1  # @policy hosting.region {same}
""",
        "PL501",
        "us-east-1",
        "eu-west-1",
        "policylint.readers.settings",
    ),
]
IDS = [case.id for case in CASES]
TAGGED = [case for case in CASES if case.opener]


def _check(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    code = main(["check", "--format", "json", *args])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    report: dict[str, Any] = json.loads(out)
    return code, report


def _places(report: dict[str, Any]) -> list[tuple[str, int, int]]:
    return [(f["code"], f["line"], f["column"]) for f in report["findings"]]


def _write(root: Path, case: Case, text: str) -> None:
    if case.reader:
        pytest.importorskip(case.reader, reason=f"no {case.id} reader in this tree yet")
    (root / "privacy-policy.yaml").write_text(POLICY, encoding="utf-8")
    target = root / case.file
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


# -- in every commented format ------------------------------------------------------------
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_finding_is_reported_without_a_marker(
    chdir_tmp: Path, case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    text, line = case.render()
    _write(chdir_tmp, case, text)
    code, report = _check("--select", case.code, case.file, capsys=capsys)
    assert code == 1
    assert [(c, ln) for c, ln, _ in _places(report)] == [(case.code, line)]
    assert report["summary"]["suppressed"] == 0


MARKERS = [
    pytest.param("same", "policylint: ignore[{code}]", id="same-line-code"),
    pytest.param("same", "policylint: ignore", id="same-line-bare"),
    pytest.param("same", "policylint:ignore[ PL999 , {code} ]", id="same-line-list"),
    pytest.param("above", "policylint: ignore[{code}]", id="line-above-code"),
    pytest.param("above", "policylint: ignore", id="line-above-bare"),
]


@pytest.mark.parametrize("case", CASES, ids=IDS)
@pytest.mark.parametrize(("where", "marker"), MARKERS)
def test_marker_silences_the_finding(
    chdir_tmp: Path, case: Case, where: str, marker: str, capsys: pytest.CaptureFixture[str]
) -> None:
    written = marker.format(code=case.code)
    text, _ = case.render(same=written) if where == "same" else case.render(above=written)
    _write(chdir_tmp, case, text)
    code, report = _check("--select", case.code, case.file, capsys=capsys)
    assert (code, report["findings"]) == (0, [])
    assert report["summary"]["suppressed"] == 1


@pytest.mark.parametrize("case", TAGGED, ids=[case.id for case in TAGGED])
@pytest.mark.parametrize("between", ["", " owner: ops;"], ids=["opener", "words"])
def test_marker_in_a_further_comment_after_a_tag_silences_the_finding(
    chdir_tmp: Path, case: Case, between: str, capsys: pytest.CaptureFixture[str]
) -> None:
    written = f"{case.opener}{between} policylint: ignore[{case.code}]"
    text, _ = case.render(same=written)
    _write(chdir_tmp, case, text)
    code, report = _check(case.file, capsys=capsys)
    assert (code, report["findings"]) == (0, [])
    assert report["summary"]["suppressed"] == 1


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_marker_naming_another_code_silences_nothing(
    chdir_tmp: Path, case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    text, line = case.render(same="policylint: ignore[PL100]")
    _write(chdir_tmp, case, text)
    code, report = _check("--select", case.code, case.file, capsys=capsys)
    assert code == 1
    assert [(c, ln) for c, ln, _ in _places(report)] == [(case.code, line)]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_unused_marker_is_reported_only_when_asked(
    chdir_tmp: Path, case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    text, line = case.render(same=f"policylint: ignore[{case.code}]", good=True)
    _write(chdir_tmp, case, text)
    column = text.splitlines()[line - 1].index("policylint:") + 1
    select = f"{case.code},PL001"
    code, report = _check("--select", select, case.file, capsys=capsys)
    assert (code, report["findings"]) == (0, [])
    code, report = _check("--select", select, "--report-unused-ignores", case.file, capsys=capsys)
    assert code == 0  # PL001 is a warning
    assert _places(report) == [("PL001", line, column)]
    message = report["findings"][0]["message"]
    assert f"no {case.code} finding on this line or the next" in message


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_used_marker_is_not_reported(
    chdir_tmp: Path, case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    text, _ = case.render(above="policylint: ignore")
    _write(chdir_tmp, case, text)
    code, report = _check("--report-unused-ignores", case.file, capsys=capsys)
    assert [f["code"] for f in report["findings"]] == []
    assert code == 0


# -- YAML: what is and is not a marker --------------------------------------------------------
YAML = CASES[0]


def test_marker_two_lines_above_silences_nothing(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, line = YAML.render()
    lines = text.splitlines()
    lines.insert(line - 2, "    # policylint: ignore")  # above `type: string`
    _write(chdir_tmp, YAML, "\n".join(lines) + "\n")
    code, report = _check("--select", "PL302", YAML.file, capsys=capsys)
    assert (code, [f["line"] for f in report["findings"]]) == (1, [line + 1])


def test_marker_words_outside_a_comment_silence_nothing(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, line = YAML.render()
    text = text.replace(
        "    type: string\n", '    type: string\n    description: "policylint: ignore"\n'
    )
    _write(chdir_tmp, YAML, text)
    code, report = _check("--select", "PL302", YAML.file, capsys=capsys)
    assert (code, [f["line"] for f in report["findings"]]) == (1, [line + 1])


def test_only_the_unused_codes_of_a_marker_are_reported(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, line = YAML.render(same="policylint: ignore[PL302, PL201, PL999]")
    _write(chdir_tmp, YAML, text)
    code, report = _check("--report-unused-ignores", YAML.file, capsys=capsys)
    assert code == 0
    (finding,) = report["findings"]
    assert (finding["code"], finding["line"]) == ("PL001", line)
    assert "no PL201, PL999 finding" in finding["message"]
    assert finding["message"].endswith("to silence; remove PL201, PL999")


def test_codes_of_rules_that_did_not_run_are_not_judged(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, _ = YAML.render(same="policylint: ignore[PL302, PL201]")
    _write(chdir_tmp, YAML, text)
    code, report = _check(
        "--select", "PL302,PL001", "--report-unused-ignores", YAML.file, capsys=capsys
    )
    assert (code, report["findings"]) == (0, [])


def test_unused_bare_marker_cannot_silence_its_own_report(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, line = YAML.render(same="policylint: ignore", good=True)
    _write(chdir_tmp, YAML, text)
    _, report = _check("--report-unused-ignores", YAML.file, capsys=capsys)
    assert [(c, ln) for c, ln, _ in _places(report)] == [("PL001", line)]
    assert report["summary"]["suppressed"] == 0


def test_unused_marker_reports_can_be_ignored(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, _ = YAML.render(same="policylint: ignore", good=True)
    _write(chdir_tmp, YAML, text)
    _, report = _check("--report-unused-ignores", "--ignore", "PL001", YAML.file, capsys=capsys)
    assert report["findings"] == []


def test_unused_markers_are_found_when_files_are_read_in_parallel(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Markers (with their columns) survive the trip from worker processes."""
    text, line = YAML.render(same="policylint: ignore[PL302]", good=True)
    _write(chdir_tmp, YAML, text)
    plain, _ = YAML.render(good=True)
    for i in range(80):
        (chdir_tmp / f"s{i:02}.schema.yaml").write_text(plain, encoding="utf-8")
    _, report = _check("--report-unused-ignores", "--jobs", "2", capsys=capsys)
    column = text.splitlines()[line - 1].index("policylint:") + 1
    assert _places(report) == [("PL001", line, column)]
    assert report["summary"]["files"] == 81


# -- JSON: x-policylint-ignore --------------------------------------------------------------
JSON_SCHEMA = """\
{{
  "type": "object",
  "properties": {{
    "ip": {{
      "type": "string",
      "x-personal-data": {{"category": "user.device.ip_address", "retention": "{retention}"}}{extra}
    }}
  }}
}}
"""


def _json(root: Path, retention: str, extra: str = "") -> None:
    (root / "privacy-policy.yaml").write_text(POLICY, encoding="utf-8")
    text = JSON_SCHEMA.format(retention=retention, extra=extra)
    (root / "session.schema.json").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    "extra",
    [
        ',\n      "x-policylint-ignore": ["PL302"]',
        ',\n      "x-policylint-ignore": ["PL201", "PL302"]',
        ',\n      "x-policylint-ignore": true',
    ],
    ids=["code", "codes", "every-code"],
)
def test_json_property_ignore_silences(
    chdir_tmp: Path, extra: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _json(chdir_tmp, "P2Y", extra)
    code, report = _check(capsys=capsys)
    assert (code, report["findings"], report["summary"]["suppressed"]) == (0, [], 1)


def test_json_property_ignore_of_another_code_silences_nothing(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _json(chdir_tmp, "P2Y", ',\n      "x-policylint-ignore": ["PL201"]')
    code, report = _check(capsys=capsys)
    assert (code, _places(report)) == (1, [("PL302", 6, 7)])


def test_json_string_is_not_a_comment(chdir_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _json(chdir_tmp, "P2Y", ',\n      "description": "# policylint: ignore"')
    code, report = _check(capsys=capsys)
    assert (code, _places(report)) == (1, [("PL302", 6, 7)])


def test_unused_json_property_ignore_is_reported(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _json(chdir_tmp, "P6M", ',\n      "x-policylint-ignore": ["PL302"]')
    assert _check(capsys=capsys)[1]["findings"] == []
    code, report = _check("--report-unused-ignores", capsys=capsys)
    assert (code, _places(report)) == (0, [("PL001", 6, 7)])
    message = report["findings"][0]["message"]
    assert message.startswith("`x-policylint-ignore` on `/properties/ip` silences nothing")


# -- the scanner ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "codes", "column"),
    [
        ("x: 1  # policylint: ignore[PL302]", {"PL302"}, 9),
        ("x: 1  # policylint: ignore[pl302,PL201]", {"PL302", "PL201"}, 9),
        ("x: 1  # policylint: ignore", set(), 9),
        ("-- note; policylint: ignore[PL101]", {"PL101"}, 10),
        ("/* policylint: ignore[PL101] */", {"PL101"}, 4),
        ("  // policylint: ignore", set(), 6),
    ],
)
def test_scan_reads_markers_and_their_columns(line: str, codes: set[str], column: int) -> None:
    (marker,) = scan(f"a: b\n{line}\n").items()
    assert marker[0] == 2
    assert set(marker[1]) == codes
    assert isinstance(marker[1], Marker) and marker[1].column == column


@pytest.mark.parametrize(
    "line",
    [
        'x: "policylint: ignore"',
        "# policylint: ignored by nobody",
        "# policylint: ignore-all",
        "# policylint ignore",
    ],
)
def test_scan_skips_what_is_not_a_marker(line: str) -> None:
    assert scan(line + "\n") == {}


def test_markers_keep_their_column_through_pickling() -> None:
    marker = scan("  # policylint: ignore[PL302]\n")[1]
    copy = pickle.loads(pickle.dumps(marker))
    assert (copy, getattr(copy, "column", None)) == (marker, 5)


@pytest.mark.parametrize(
    ("marker", "codes"),
    [
        ("policylint: ignore[PL302]", {"PL302"}),
        ("policylint: ignore [PL302]", {"PL302"}),
        ("policylint: ignore(PL302, pl601)", {"PL302", "PL601"}),
        ("policylint: ignore[]", {""}),
        ("policylint: ignore", set()),
    ],
)
def test_a_marker_names_what_its_list_names(marker: str, codes: set[str]) -> None:
    """A list after `ignore`, spaced or in parentheses, names codes; an empty one names
    none, so it silences nothing: only the bare marker silences every code."""
    assert scan(f"a: 1  # {marker}\n") == {1: Marker(codes)}


def test_a_slip_in_a_marker_does_not_widen_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ignore [PL302]` and `ignore[]` in SQL, `["pl302"]` and `[]` in a JSON Schema: each
    silences what it names and no more (they silenced every code)."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "privacy-policy.yaml").write_text(
        "version: 1\ncategories:\n  - category: user.device.ip_address\n    retention: P1Y\n"
        "    purposes: [essential.service.security]\n",
        encoding="utf-8",
    )
    tag = "@personal-data category=user.device.ip_address retention=P2Y purposes=analytics"
    (tmp_path / "t.sql").write_text(
        f"CREATE TABLE t (\n  a INET, -- {tag}  policylint: ignore [PL302]\n"
        f"  b INET,\n\n  c INET -- {tag}  policylint: ignore[]\n);\n",
        encoding="utf-8",
    )
    prop = {"x-personal-data": {"category": "user.device.ip_address", "retention": "P2Y"}}
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "properties": {
            "d": {**prop, "x-policylint-ignore": ["pl302"]},
            "e": {**prop, "x-policylint-ignore": []},
        },
    }
    (tmp_path / "s.schema.json").write_text(json.dumps(schema, indent=1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    main(["check", "--no-cache", "--format", "json"])
    found = json.loads(capsys.readouterr().out)["findings"]
    shown = [(f["path"], f["line"], f["code"]) for f in found]
    assert shown == [
        ("s.schema.json", 14, "PL302"),
        ("t.sql", 2, "PL601"),
        ("t.sql", 5, "PL302"),
        ("t.sql", 5, "PL601"),
    ]
