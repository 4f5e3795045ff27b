"""The Protobuf and Prisma readers: fields, their exact positions and comment tags."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.api import check
from policylint.facts import FileFacts
from policylint.readers import ReadOptions, read_bytes
from policylint.readers.prisma import read_prisma
from policylint.readers.proto import read_proto
from policylint.yamlnode import SourceError

DATA = Path(__file__).parent / "data"

Row = tuple[str, int, int, tuple[str, ...] | None]


def rows(out: FileFacts) -> list[Row]:
    return [
        (f.name, f.location.line, f.location.column, f.tag.categories if f.tag else None)
        for f in out.facts
    ]


def proto(name: str) -> FileFacts:
    return read_proto(name, (DATA / "proto" / name).read_text(encoding="utf-8"), ReadOptions())


def prisma(text: str) -> FileFacts:
    return read_prisma("schema.prisma", text, ReadOptions())


# -- Protobuf ---------------------------------------------------------------------------
def test_proto3_messages_nested_oneof_repeated_map() -> None:
    out = proto("users.proto")
    assert rows(out) == [
        ("id", 11, 10, None),
        ("email", 12, 24, ("user.contact.email",)),
        ("full_name", 13, 6, ("user.name",)),
        ("phone_numbers", 15, 83, ("user.contact.phone_number",)),
        ("preferences", 16, 23, None),  # map<string, string>
        ("created_at", 17, 29, None),
        ("street", 20, 27, ("user.contact.address.street",)),  # /* */ trailing
        ("city", 21, 12, None),
        ("country", 22, 12, None),
        ("home", 24, 6, ("user.contact.address",)),  # /* */ over two lines, above
        ("password_hash", 29, 34, ("user.authorization.credentials",)),  # in a oneof
        ("sso_subject", 30, 12, None),
        ("role", 37, 22, ("user.job_title",)),  # enum values are not fields
        ("user_id", 42, 10, None),
        ("ip_address", 43, 48, ("user.device.ip_address",)),
        ("started_at", 44, 29, None),
        ("id", 51, 33, None),
    ]
    assert out.problems == []


def test_proto_pointers_follow_the_message_path() -> None:
    out = proto("users.proto")
    pointers = {f.location.pointer: f.container for f in out.facts}
    assert pointers["User.Address.street"] == "User.Address"
    assert pointers["User.password_hash"] == "User"  # a oneof adds no level
    assert pointers["GetUserRequest.id"] == "GetUserRequest"
    full_name = next(f for f in out.facts if f.name == "full_name")
    assert full_name.tag is not None
    assert (full_name.tag.retention, full_name.tag.purposes) == (
        "service_end+P5Y",
        ("essential.service",),
    )
    assert {f.format for f in out.facts} == {"proto"}


def test_proto2_groups_extensions_and_comments_inside_declarations() -> None:
    out = proto("legacy.proto")
    assert rows(out) == [
        ("Result", 6, 18, None),
        ("url", 7, 21, None),
        ("title", 8, 59, ("user.content",)),
        ("query", 10, 19, None),  # `//` and `{ }` in a string are text
        ("client_ip", 15, 6, ("user.device.ip_address",)),
    ]
    pointers = [f.location.pointer for f in out.facts]
    assert pointers[2] == "SearchResponse.Result.title"
    assert pointers[4] == "SearchResponse.client_ip"


def test_proto_syntax_error_is_a_source_error_with_its_position() -> None:
    with pytest.raises(SourceError) as caught:
        proto("syntax_error.proto")
    assert (caught.value.line, caught.value.column) == (5, 17)
    assert caught.value.message.startswith("Protobuf syntax error:")


def test_proto_syntax_error_is_pl100() -> None:
    data = (DATA / "proto" / "syntax_error.proto").read_bytes()
    out = read_bytes(Path("bad.proto"), "bad.proto", data, ReadOptions())
    assert out is not None
    assert [(p.code, p.location.line) for p in out.problems] == [("PL100", 5)]


def test_proto_tag_problems() -> None:
    text = (
        'syntax = "proto3";\n'
        "message A {\n"
        "  // @personal-data category=user.name\n"
        "  string name = 1; // @personal-data category=user.name retention=P1Y\n"
        "  string ip = 2; // @personal-data category=user.device.ip_address retention=soon!\n"
        "}\n"
        "// @personal-data category=user.content\n"
    )
    out = read_proto("a.proto", text, ReadOptions())
    assert rows(out) == [("name", 3, 6, ("user.name",))]
    found = sorted((p.location.line, p.location.column, p.message) for p in out.problems)
    assert [(line, column) for line, column, _ in found] == [(4, 23), (5, 68), (7, 4)]
    assert "already has a @personal-data tag" in found[0][2]
    assert "invalid retention" in found[1][2]
    assert "binds to no field" in found[2][2]


# -- Prisma ----------------------------------------------------------------------------
def test_prisma_models_and_types() -> None:
    out = prisma((DATA / "prisma" / "schema.prisma").read_text(encoding="utf-8"))
    assert rows(out) == [
        ("id", 18, 3, None),
        ("email", 19, 36, ("user.contact.email",)),
        ("fullName", 21, 7, ("user.name",)),  # `///` doc comment above
        ("phone", 23, 44, ("user.contact.phone_number",)),
        ("birthDate", 24, 3, None),
        ("role", 25, 3, None),
        ("website", 26, 67, None),  # `// ` inside a string is no comment
        ("createdAt", 29, 3, None),
        ("id", 36, 3, None),
        ("ipAddress", 37, 6, ("user.device.ip_address",)),
        ("user", 42, 8, ("user.unique_id",)),  # a tagged relation, attribute over lines
        ("userId", 43, 3, None),
        ("startedAt", 44, 3, None),
        ("id", 48, 3, None),
        ("body", 49, 7, ("user.content",)),
        ("authorId", 52, 3, None),
        ("street", 56, 20, ("user.contact.address.street",)),
        ("city", 57, 3, None),
    ]
    assert out.problems == []
    website = next(f for f in out.facts if f.name == "website")
    assert website.not_personal  # `@personal-data false`
    email = out.facts[1]
    assert (email.location.pointer, email.container, email.format) == (
        "User.email",
        "User",
        "prisma",
    )


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ((DATA / "prisma" / "broken.prisma").read_text(), 5, 1, "is not closed"),
        ("model A {\n  id Int\n", 1, 1, "`A` is not closed"),
        ("generator client {\n}\nhello\n", 3, 1, "expected a block"),
        ("model A {\n  id Int\n    ?? x\n}\n", 3, 5, "expected a field"),
    ],
)
def test_prisma_errors(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        prisma(text)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert message in caught.value.message


def test_prisma_relations_are_not_columns_unless_tagged() -> None:
    text = (
        "model User {\n  id Int @id\n  posts Post[]\n}\n"
        "model Post {\n  id Int @id\n"
        "  author User @relation(fields: [authorId], references: [id])\n"
        "  authorId Int\n}\n"
    )
    assert [f.location.pointer for f in prisma(text).facts] == [
        "User.id",
        "Post.id",
        "Post.authorId",
    ]


# -- end to end ------------------------------------------------------------------------
POLICY = """\
version: 1
categories:
  - category: user.contact.email
    retention: account_deletion
  - category: user.device.ip_address
    retention: P1Y
"""


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "api/session.proto",
            'syntax = "proto3";\nmessage Session {\n'
            "  string ip = 1; // @personal-data category=user.device.ip_address retention=P2Y\n"
            "  string name = 2; // @personal-data category=user.name\n}\n",
            [(3, 21, "PL302"), (4, 23, "PL201")],
        ),
        (
            "prisma/schema.prisma",
            "model Session {\n  id String @id\n"
            "  /// @personal-data category=user.device.ip_address retention=P2Y\n"
            "  ip String\n}\n",
            [(3, 7, "PL302")],
        ),
        ("api/broken.proto", "message A {\n  string a = 1\n}\n", [(3, 1, "PL100")]),
    ],
)
def test_end_to_end(
    tmp_path: Path, name: str, content: str, expected: list[tuple[int, int, str]]
) -> None:
    (tmp_path / "privacy-policy.yaml").write_text(POLICY, encoding="utf-8")
    target = tmp_path / name
    target.parent.mkdir(parents=True)
    target.write_text(content, encoding="utf-8")
    result = check([name], policy="privacy-policy.yaml", cwd=tmp_path)
    assert [(f.line, f.column, f.code) for f in result.findings] == expected
