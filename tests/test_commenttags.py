"""Comment tags: ``@personal-data`` text, ``@policy`` settings, binding, YAML keys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from policylint.cli import main
from policylint.commenttags import (
    CommentTag,
    CommentTagError,
    Definition,
    InvalidTag,
    add_field,
    bind,
    find_tags,
    parse_policy_tag,
    resolve,
    yaml_fields,
)
from policylint.facts import FileFacts, Tag
from policylint.yamlnode import compose_all


def one(comment: str, line: int = 1, column: int = 1) -> CommentTag:
    tags = find_tags(comment, line, column)
    assert len(tags) == 1, tags
    return tags[0]


def errors(comment: str) -> list[tuple[str, int, int]]:
    try:
        resolve(one(comment))
    except InvalidTag as exc:
        return [(p.message, p.location.line, p.location.column) for p in exc.problems]
    return []


# -- the tag text ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("comment", "value"),
    [
        ("-- @personal-data category=user.name", {"category": "user.name"}),
        (
            "-- @personal-data category=user.name,user.contact.email retention=P1Y",
            {"category": ["user.name", "user.contact.email"], "retention": "P1Y"},
        ),
        (
            "// @personal-data category=user.name purposes=essential.service,analytics",
            {"category": "user.name", "purposes": ["essential.service", "analytics"]},
        ),
        (  # a list that goes on after a comma and a space
            "# @personal-data category=user.name purposes=essential.service, analytics",
            {"category": "user.name", "purposes": ["essential.service", "analytics"]},
        ),
        (
            '-- @personal-data category=user.name processors="Amazon Web Services, Stripe"',
            {"category": "user.name", "processors": ["Amazon Web Services", "Stripe"]},
        ),
        (
            "-- @personal-data category = user.name subjects=customer basis=contract",
            {"category": "user.name", "subjects": ["customer"], "basis": "contract"},
        ),
        (
            "-- @personal-data category=user.name purposes=",
            {"category": "user.name", "purposes": []},
        ),
        ("# @personal-data false", False),
        (  # a suppression marker ends the tag
            "-- @personal-data category=user.name  policylint: ignore[PL302]",
            {"category": "user.name"},
        ),
        (  # and so does the further comment that holds it
            "-- @personal-data category=user.name  -- owner: ops; policylint: ignore[PL302]",
            {"category": "user.name"},
        ),
        (
            "# @personal-data category=user.name retention=P1Y #policylint: ignore",
            {"category": "user.name", "retention": "P1Y"},
        ),
    ],
)
def test_tag_values(comment: str, value: Any) -> None:
    assert one(comment).value == value


def test_positions_of_the_tag_and_its_keys() -> None:
    tag = one("-- @personal-data category=user.name retention=P1Y", 7, 30)
    assert tag.position == (7, 33)
    assert tag.keys == {"category": (7, 48), "retention": (7, 67)}


def test_positions_in_a_block_comment_over_several_lines() -> None:
    comment = (
        "/* owner's address\n   @personal-data category=user.contact.address\n     retention=P1Y "
    )
    tag = one(comment, 10, 5)
    assert tag.position == (11, 4)
    assert tag.keys == {"category": (11, 19), "retention": (12, 6)}


def test_two_tags_in_one_comment_and_words_that_are_not_tags() -> None:
    comment = "@personal-data category=user.name @personal-data category=user.content"
    assert [t.value for t in find_tags(comment)] == [
        {"category": "user.name"},
        {"category": "user.content"},
    ]
    assert find_tags("-- @personal-data-defaults retention=P1Y") == []
    assert find_tags("-- mail me@personal-data.example") == []
    assert find_tags("-- nothing here") == []


def test_a_valid_tag_resolves_through_the_annotation_schema() -> None:
    tag = resolve(one("-- @personal-data category=user.name retention=P1Y subjects=customer"))
    assert tag == Tag(("user.name",), retention="P1Y", subjects=("customer",))
    assert resolve(one("-- @personal-data false")) is None


@pytest.mark.parametrize(
    ("comment", "line", "column", "message"),
    [
        ("-- @personal-data", 1, 18, "empty @personal-data tag: give key=value pairs"),
        (
            "-- @personal-data user.name",
            1,
            19,
            "expected key=value pairs, found `user.name`; did you mean `category=user.name`?",
        ),
        # a run of prose is one problem, at its first word
        ("-- @personal-data category=user.name for invoices", 1, 38, "found `for`"),
        (
            "-- @personal-data categroy=user.name",
            1,
            19,
            "unknown key `categroy` (a tag takes basis, category, processors, purposes, "
            "retention, subjects); did you mean `category`?",
        ),
        ("-- @personal-data category=a category=b", 1, 30, "`category` is given twice"),
        ('-- @personal-data category="user.name', 1, 19, "unterminated quoted value"),
        ("-- @personal-data false category=user.name", 1, 19, "`false` stands alone"),
        # the annotation schema's problems, on the pair they concern
        ("-- @personal-data category=user.name retention=P1X", 1, 38, "invalid retention 'P1X'"),
        ("-- @personal-data category=user.name basis=because", 1, 38, "'because' is not one of"),
        ("-- @personal-data category=User.Name", 1, 19, "'User.Name' is not a taxonomy key"),
        # ... or on the tag
        ("-- @personal-data retention=P1Y", 1, 4, "'category' is a required property"),
    ],
)
def test_bad_tags(comment: str, line: int, column: int, message: str) -> None:
    [(found, found_line, found_column)] = errors(comment)
    assert found.startswith("invalid tag: ")
    assert message in found
    assert (found_line, found_column) == (line, column)


def test_add_field_records_the_field_or_the_problems() -> None:
    out = FileFacts("x.sql", "sql")
    add_field(out, "sql", "id", (2, 3), "t.id", "t")
    good = one("-- @personal-data category=user.name", 3, 10)
    add_field(out, "sql", "name", (3, 3), "t.name", "t", good)
    bad = one("-- @personal-data category=user.name retention=P1X", 4, 10)
    add_field(out, "sql", "ip", (4, 3), "t.ip", "t", bad)
    assert [(f.name, f.location) for f in out.facts] == [
        ("id", out.facts[0].location),
        ("name", out.facts[1].location),
    ]
    assert (out.facts[0].location.line, out.facts[0].location.column) == (2, 3)
    assert (out.facts[1].location.line, out.facts[1].location.column) == (3, 13)
    assert out.facts[1].container == "t"
    assert [
        (p.code, p.location.line, p.location.column, p.location.pointer) for p in out.problems
    ] == [("PL101", 4, 47, "t.ip")]


# -- @policy -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("comment", "setting"),
    [
        ("region: eu-west-1  # @policy hosting.region", "hosting.region"),
        ("# @policy subjects.minimum_age", "subjects.minimum_age"),
        ("; @policy cookies.category", "cookies.category"),
        ("# @policy processor", "processor"),
        ("# nothing to see", None),
        ("# @policyholder is not a tag", None),
    ],
)
def test_policy_tags(comment: str, setting: str | None) -> None:
    assert parse_policy_tag(comment) == setting


def test_an_unknown_policy_setting_is_an_error_at_its_name() -> None:
    with pytest.raises(CommentTagError) as caught:
        parse_policy_tag("region: x  # @policy hosting.regoin")
    assert caught.value.offset == 21
    assert "unknown setting `hosting.regoin`" in caught.value.message
    assert "did you mean `hosting.region`?" in caught.value.message


def test_a_policy_tag_needs_a_setting() -> None:
    with pytest.raises(CommentTagError) as caught:
        parse_policy_tag("# @policy   ")
    assert caught.value.offset == 2
    assert "needs a setting name" in caught.value.message


# -- binding -------------------------------------------------------------------------------
FIELDS = [
    Definition("t.a", 2, 3),
    Definition("t.b", 3, 3, end_line=5),  # a definition over three lines
    Definition("t.c", 6, 3),
    Definition("t.d", 6, 20),  # two on one line
]


def tag_at(line: int, column: int) -> CommentTag:
    return CommentTag(line, column, {"category": "user.name"})


@pytest.mark.parametrize(
    ("line", "column", "field"),
    [
        (2, 15, "t.a"),  # trailing, on the field's line
        (1, 4, "t.a"),  # above: the next field
        (4, 10, "t.b"),  # on a later line of a definition over several lines
        (6, 40, "t.d"),  # after two fields on one line: the last one before it
        (6, 1, "t.c"),  # before the fields of its line: the first one after it
        (6, 10, "t.c"),  # between two fields on one line: the one before it
    ],
)
def test_a_tag_binds_to_its_line_else_to_the_next_field(line: int, column: int, field: str) -> None:
    bound, problems = bind([tag_at(line, column)], FIELDS)
    assert problems == []
    assert [FIELDS[i].name for i in bound] == [field]


def test_a_tag_after_the_last_field_binds_to_nothing() -> None:
    bound, problems = bind([tag_at(9, 4)], FIELDS)
    assert bound == {}
    assert [(p.code, p.location.line, p.location.column) for p in problems] == [("PL101", 9, 4)]
    assert "binds to no field" in problems[0].message


def test_two_tags_on_one_field_keep_the_first() -> None:
    first, second = tag_at(1, 4), tag_at(2, 15)
    fixed = tag_at(12, 30)  # e.g. COMMENT ON COLUMN t.a, further down the file
    bound, problems = bind([second, first], FIELDS, [(0, fixed)])
    assert bound == {0: first}
    assert [(p.location.line, p.location.column) for p in problems] == [(2, 15), (12, 30)]
    assert "`t.a` already has a @personal-data tag (line 1, column 4)" in problems[0].message


# -- YAML ------------------------------------------------------------------------------------
YAML = """\
# Deployment values
database:
  # @personal-data category=user.contact.email retention=account_deletion
  admin_email: ops@example.com
  note: "a # @personal-data category=user.name in a string"
  motd: |
    # @personal-data category=user.name (text of a block scalar)
  replicas: 2  # @personal-data false
users:
  - name: Ada   # @personal-data category=user.name retention=P1Y
    phone: 123  # @personal-data category=user.contact.phone_number retention=P1X
# @personal-data category=user.content
"""


def test_yaml_fields() -> None:
    out = FileFacts("values.yaml", "yaml")
    yaml_fields(out, YAML, compose_all(YAML))
    assert [
        (f.name, f.location.line, f.location.column, f.location.pointer, f.container)
        for f in out.facts
    ] == [
        ("admin_email", 3, 5, "/database/admin_email", "database"),
        ("replicas", 8, 18, "/database/replicas", "database"),
        ("name", 10, 19, "/users/0/name", "users"),
    ]
    assert [f.tag.categories if f.tag else None for f in out.facts] == [
        ("user.contact.email",),
        None,
        ("user.name",),
    ]
    assert out.facts[1].not_personal
    assert {f.format for f in out.facts} == {"yaml"}
    assert sorted((p.location.line, p.location.column) for p in out.problems) == [
        (11, 69),  # retention=P1X
        (12, 3),  # binds to no key
    ]


def test_yaml_without_tags_adds_nothing() -> None:
    out = FileFacts("values.yaml", "yaml")
    text = "a: 1  # plain comment\nb: '@personal-data in a value'\n"
    yaml_fields(out, text, compose_all(text))
    assert (out.facts, out.problems) == ([], [])


# -- TOML, through the command line ----------------------------------------------------------
TOML_POLICY = """\
version: 1
categories:
  - category: user.device.ip_address
    retention: P90D
  - category: user.contact.email
    retention: P1Y
"""

AUDIT = """\
[audit_log]
# @personal-data category=user.device.ip_address retention=P1Y
client_ip = true
"""


def _cli(
    root: Path, files: dict[str, str], capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, dict[str, Any]]:
    """``policylint check --format json`` (or ``args``) over ``files`` in a fresh repository."""
    (root / "privacy-policy.yaml").write_text(TOML_POLICY, encoding="utf-8")
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    code = main([*(args or ("check", "--no-cache")), "--format", "json"])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    report: dict[str, Any] = json.loads(out)
    return code, report


def _found(report: dict[str, Any]) -> list[tuple[str, int, int, str]]:
    return [(f["code"], f["line"], f["column"], f["message"]) for f in report["findings"]]


def test_a_toml_tag_is_read_and_binds_to_the_next_key(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = _cli(chdir_tmp, {"a.toml": AUDIT}, capsys)
    assert code == 1
    assert report["summary"]["files"] == 1
    [(rule, line, column, message)] = _found(report)
    assert (rule, line, column) == ("PL302", 2, 3)
    assert message.startswith("`audit_log.client_ip` keeps `user.device.ip_address` for `P1Y`")


def test_a_toml_tag_is_found_like_a_yaml_one(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    yaml = "audit_log:\n  # @personal-data category=user.device.ip_address retention=P1Y\n"
    yaml += "  client_ip: true\n"
    _, report = _cli(chdir_tmp, {"a.toml": AUDIT, "a.yaml": yaml}, capsys)
    rows = [(f["path"], f["code"], f["message"]) for f in report["findings"]]
    assert rows[0][1:] == rows[1][1:]
    assert [path for path, _, _ in rows] == ["a.toml", "a.yaml"]


def test_a_toml_fingerprint_survives_line_shifts(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, before = _cli(chdir_tmp, {"a.toml": AUDIT}, capsys)
    shifted = '# Audit settings\ntitle = "audit"\n\n' + AUDIT
    _, after = _cli(chdir_tmp, {"a.toml": shifted}, capsys)
    [old], [new] = before["findings"], after["findings"]
    assert (new["line"], old["line"]) == (5, 2)
    assert new["fingerprint"] == old["fingerprint"]


TOML = """\
title = "a # @personal-data category=user.name in a string"
motd = '''
# @personal-data category=user.name (text of a multi-line string)
'''

[database]
admin_email = "ops@example.com"  # @personal-data category=user.contact.email retention=P2Y
replicas = 2  # @personal-data false

[database.replica]
# @personal-data category=user.device.ip_address retention=P1Y
host.address = "10.0.0.1"

[[users]]
name = "Ada"  # @personal-data category=user.contact.email retention=P6M

[[users]]
name = "Grace"
phone = [  # @personal-data category=user.device.ip_address retention=P2Y
  "123",
]
"""


def test_toml_tags_bind_to_tables_dotted_keys_and_arrays_of_tables(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, report = _cli(chdir_tmp, {"app.toml": TOML}, capsys)
    assert [(code, line, column) for code, line, column, _ in _found(report)] == [
        ("PL302", 7, 36),
        ("PL302", 11, 3),
        ("PL302", 19, 14),
    ]
    messages = [message for _, _, _, message in _found(report)]
    assert messages[0].startswith("`database.admin_email` keeps `user.contact.email` for `P2Y`")
    assert messages[1].startswith("`database.replica.host.address` keeps")
    assert messages[2].startswith("`users.1.phone` keeps")


def test_a_toml_tag_in_the_data_map(chdir_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, report = _cli(chdir_tmp, {"app.toml": TOML}, capsys, "report")
    elements = [
        (e["element"], e["line"], e["column"], e["pointer"], e["format"], e["retention"])
        for e in report["elements"]
    ]
    assert elements == [  # by category, then by place
        ("database.admin_email", 7, 36, "/database/admin_email", "toml", "P2Y"),
        ("users.0.name", 15, 17, "/users/0/name", "toml", "P6M"),
        ("database.replica.host.address", 11, 3, "/database/replica/host/address", "toml", "P1Y"),
        ("users.1.phone", 19, 14, "/users/1/phone", "toml", "P2Y"),
    ]


def test_bad_toml_tags_are_pl101_where_they_are_wrong(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "[server]\n"
        "ip = '10.0.0.1'  # @personal-data category=user.device.ip_address retention=P1X\n"
        "# @personal-data category=user.name\n"
    )
    _, report = _cli(chdir_tmp, {"app.toml": text}, capsys)
    found = _found(report)
    assert [(code, line, column) for code, line, column, _ in found] == [
        ("PL101", 2, 67),
        ("PL101", 3, 3),
    ]
    assert "binds to no field" in found[1][3]


def test_a_toml_tag_and_a_policy_tag_in_one_file(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (chdir_tmp / "privacy-policy.yaml").write_text(
        TOML_POLICY + "hosting:\n  regions: [eu]\n", encoding="utf-8"
    )
    text = AUDIT + '[deploy]\nregion = "us-east-1"  # @policy hosting.region\n'
    (chdir_tmp / "a.toml").write_text(text, encoding="utf-8")
    assert main(["check", "--no-cache", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(f["code"], f["line"]) for f in report["findings"]] == [("PL302", 2), ("PL501", 5)]


@pytest.mark.parametrize("name", ["app.ini", ".env"])
def test_ini_and_env_files_carry_no_field_tags(
    chdir_tmp: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "# @personal-data category=user.device.ip_address retention=P1Y\nCLIENT_IP=1\n"
    code, report = _cli(chdir_tmp, {name: text}, capsys)
    assert (code, report["findings"], report["summary"]["files"]) == (0, [], 0)


def test_a_toml_tag_inside_a_value_over_lines_is_its_key_s(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A tag on a line of an array written over several lines belongs to the array's key,
    not to the next key or table below it."""
    text = (
        '[db]\nhosts = [\n  "x",  # @personal-data category=user.contact.email retention=P2Y\n'
        ']\nport = 5432\n\n[other]\nname = "y"\n'
    )
    _, report = _cli(chdir_tmp, {"app.toml": text}, capsys)
    found = _found(report)
    assert [(code, line, column) for code, line, column, _ in found] == [("PL302", 3, 11)]
    assert found[0][3].startswith("`db.hosts` keeps")


def test_a_yaml_tag_on_a_list_item_is_its_key_s(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As in TOML: a tag on an item of a list of values belongs to the list's key; a tag
    on a line above a key still binds to that key."""
    text = (
        "db:\n  hosts:\n    - x  # @personal-data category=user.contact.email retention=P2Y\n"
        "    - y\n  port: 5432\nother:\n"
        "  # @personal-data category=user.contact.email retention=P3Y\n  email: z\n"
    )
    _, report = _cli(chdir_tmp, {"app.yaml": text}, capsys)
    found = _found(report)
    assert [(code, line, column) for code, line, column, _ in found] == [
        ("PL302", 3, 12),
        ("PL302", 7, 5),
    ]
    assert [message.split("`")[1] for _, _, _, message in found] == ["db.hosts", "other.email"]
