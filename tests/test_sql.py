"""The SQL DDL reader: columns, their exact positions and tags, in six dialects."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from policylint.api import check
from policylint.facts import FileFacts
from policylint.readers import ReadOptions, read_bytes
from policylint.readers import sql as sql_reader
from policylint.readers.sql import read_sql
from policylint.yamlnode import SourceError

DATA = Path(__file__).parent / "data" / "sql"

Row = tuple[str, int, int, tuple[str, ...] | None]


def read(name: str, dialect: str | None = None) -> FileFacts:
    text = (DATA / name).read_text(encoding="utf-8")
    return read_sql(name, text, ReadOptions(sql_dialect=dialect))


def rows(out: FileFacts) -> list[Row]:
    return [
        (f.name, f.location.line, f.location.column, f.tag.categories if f.tag else None)
        for f in out.facts
    ]


def problems(out: FileFacts) -> list[tuple[str, int, int]]:
    return [(p.code, p.location.line, p.location.column) for p in out.problems]


POSTGRES = [
    ("id", 8, 3, None),
    ("name", 9, 3, None),
    ("vat_number", 10, 3, None),
    ("created_at", 11, 3, None),
    ("id", 15, 3, None),
    ("organization_id", 16, 3, None),
    ("email", 17, 47, ("user.contact.email",)),
    ("full_name", 18, 6, ("user.name",)),
    ("phone", 26, 39, ("user.contact.phone_number",)),
    ("DateOfBirth", 21, 3, None),
    ("locale", 22, 3, None),
    ("created_at", 23, 3, None),
    ("id", 29, 3, None),
    ("user_id", 30, 3, None),
    ("ip_address", 31, 6, ("user.device.ip_address",)),
    ("user_agent", 34, 3, None),
    ("started_at", 35, 3, None),
    ("id", 39, 3, None),
    ("user_id", 40, 3, None),
    ("push_token", 41, 25, ("user.device.device_id",)),
    ("platform", 42, 3, None),
    ("id", 46, 3, None),
    ("organization_id", 47, 3, None),
    ("name", 48, 3, None),
    ("site_address", 49, 3, None),
    ("starts_on", 50, 3, None),
    ("ends_on", 51, 3, None),
    ("project_id", 55, 3, None),
    ("user_id", 56, 3, None),
    ("role", 57, 3, None),
    ("id", 62, 3, None),
    ("project_id", 63, 3, None),
    ("title", 64, 3, None),
    ("id", 68, 3, None),
    ("conversation_id", 69, 3, None),
    ("author_id", 70, 3, None),
    ("body", 71, 38, ("user.content",)),
    ("sent_at", 72, 3, None),
    ("id", 76, 3, None),
    ("message_id", 77, 3, None),
    ("photo_url", 78, 6, ("user.content", "user.location.imprecise")),
    ("exif", 80, 3, None),
    ("tags", 81, 3, None),
    ("id", 85, 3, None),
    ("user_id", 86, 3, None),
    ("latitude", 87, 43, ("user.location.precise",)),
    ("longitude", 88, 43, ("user.location.precise",)),
    ("recorded_at", 89, 3, None),
    ("id", 93, 3, None),
    ("actor_id", 94, 3, None),
    ("action", 95, 3, None),
    ("ip_address", 96, 24, ("user.device.ip_address",)),
    ("at", 97, 3, None),
    ("id", 101, 3, None),
    ("organization_id", 102, 3, None),
    ("billing_email", 113, 50, ("user.contact.email",)),
    ("amount_cents", 104, 3, None),
    ("issued_on", 105, 3, None),
    ("avatar_url", 108, 55, ("user.biometric",)),
    ("tax_id", 110, 28, None),
    ("postal_address", 111, 39, ("user.contact.address",)),
]

MYSQL = [
    ("id", 8, 3, None),
    ("name", 9, 3, None),
    ("vat_number", 10, 3, None),
    ("created_at", 11, 3, None),
    ("id", 16, 3, None),
    ("organization_id", 17, 3, None),
    ("email", 18, 49, ("user.contact.email",)),
    ("full_name", 19, 5, ("user.name",)),
    ("phone", 21, 45, ("user.contact.phone_number",)),
    ("date_of_birth", 22, 3, None),
    ("locale", 23, 3, None),
    ("id", 31, 3, None),
    ("user_id", 32, 3, None),
    ("ip_address", 33, 43, ("user.device.ip_address",)),
    ("user_agent", 34, 3, None),
    ("started_at", 35, 3, None),
    ("id", 40, 3, None),
    ("user_id", 41, 3, None),
    ("push_token", 42, 45, ("user.device.device_id",)),
    ("platform", 43, 3, None),
    ("id", 48, 3, None),
    ("organization_id", 49, 3, None),
    ("name", 50, 3, None),
    ("site_address", 51, 3, None),
    ("starts_on", 52, 3, None),
    ("project_id", 57, 3, None),
    ("user_id", 58, 3, None),
    ("role", 59, 3, None),
    ("id", 64, 3, None),
    ("project_id", 65, 3, None),
    ("title", 66, 3, None),
    ("id", 71, 3, None),
    ("conversation_id", 72, 3, None),
    ("author_id", 73, 3, None),
    ("body", 74, 39, ("user.content",)),
    ("sent_at", 75, 3, None),
    ("id", 81, 3, None),
    ("message_id", 82, 3, None),
    ("photo_url", 83, 42, ("user.content",)),
    ("exif", 84, 3, None),
    ("id", 89, 3, None),
    ("user_id", 90, 3, None),
    ("latitude", 91, 45, ("user.location.precise",)),
    ("longitude", 92, 46, ("user.location.precise",)),
    ("recorded_at", 93, 3, None),
    ("id", 98, 3, None),
    ("actor_id", 99, 3, None),
    ("action", 100, 3, None),
    ("ip_address", 101, 44, ("user.device.ip_address",)),
    ("id", 106, 3, None),
    ("organization_id", 107, 3, None),
    ("billing_email", 108, 3, None),
    ("amount_cents", 109, 3, None),
    ("avatar_url", 113, 81, ("user.content",)),
    ("tax_id", 115, 7, None),
    ("postal_address", 116, 40, ("user.contact.address",)),
]

SQLITE = [
    ("id", 5, 3, None),
    ("email", 6, 49, ("user.contact.email",)),
    ("display_name", 7, 25, ("user.name",)),
    ("avatar", 8, 3, None),
    ("id", 12, 3, None),
    ("user_id", 13, 3, None),
    ("body", 14, 6, ("user.content",)),
    ("saved_at", 16, 3, None),
    ("local_path", 20, 3, None),
    ("gps", 21, 15, ("user.location.precise",)),
    ("last_seen_ip", 28, 52, ("user.device.ip_address",)),
]

TSQL = [
    ("Id", 7, 2, None),
    ("Email", 8, 39, ("user.contact.email",)),
    ("FullName", 9, 5, ("user.name",)),
    ("Phone", 11, 2, None),
    ("CreatedAt", 12, 2, None),
    ("Id", 17, 2, None),
    ("UserId", 18, 2, None),
    ("IpAddress", 19, 36, ("user.device.ip_address",)),
    ("StartedAt", 20, 2, None),
    ("Id", 23, 2, None),
    ("Body", 24, 29, ("user.content",)),
    ("DateOfBirth", 27, 60, ("user.demographic.date_of_birth",)),
]

BIGQUERY = [
    ("event_id", 3, 3, None),
    ("user_pseudo_id", 4, 28, ("user.unique_id.pseudonymous",)),
    ("geo", 5, 47, ("user.location.imprecise",)),
    ("items", 6, 3, None),
    ("email", 7, 53, ("user.contact.email",)),
    ("event_ts", 8, 3, None),
]

SNOWFLAKE = [
    ("contact_id", 3, 5, None),
    ("email", 4, 33, ("user.contact.email",)),
    ("phone", 10, 49, ("user.contact.phone_number",)),
    ("profile", 6, 25, ("user.name", "user.contact.address")),
    ("created_at", 7, 5, None),
    ("consent_ip", 12, 71, ("user.device.ip_address",)),
]


DIALECT_OF = {
    "postgres_schema.sql": "postgres",
    "mysql_schema.sql": "mysql",
    "sqlite_schema.sql": "sqlite",
    "tsql_schema.sql": "tsql",
    "bigquery_schema.sql": "bigquery",
    "snowflake_schema.sql": "snowflake",
}


@pytest.mark.parametrize(
    ("name", "expected", "guessed"),
    [
        ("postgres_schema.sql", POSTGRES, "postgres"),
        ("mysql_schema.sql", MYSQL, "mysql"),
        ("sqlite_schema.sql", SQLITE, "postgres"),  # PostgreSQL reads this SQLite too
        ("tsql_schema.sql", TSQL, "tsql"),
        ("bigquery_schema.sql", BIGQUERY, "bigquery"),
        ("snowflake_schema.sql", SNOWFLAKE, "postgres"),
    ],
)
def test_columns_in_every_dialect(name: str, expected: list[Row], guessed: str) -> None:
    out = read(name)
    assert rows(out) == expected
    assert out.problems == []
    text = (DATA / name).read_text(encoding="utf-8")
    order = sql_reader._dialects(text, None)
    assert sql_reader._read_any(text, order, sql_reader._Lines(text)).dialect == guessed


@pytest.mark.parametrize(("name", "dialect"), DIALECT_OF.items())
def test_the_configured_dialect_reads_the_same_columns(name: str, dialect: str) -> None:
    assert rows(read(name, dialect)) == rows(read(name))


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*_schema.sql")))
def test_every_position_is_on_the_name_or_the_tag(name: str) -> None:
    lines = (DATA / name).read_text(encoding="utf-8").split("\n")
    for field in read(name).facts:
        at = lines[field.location.line - 1][field.location.column - 1 :]
        expected = "@personal-data" if field.tag else field.name
        assert at.lstrip('`"[').startswith(expected), (field, at)


@pytest.mark.parametrize(("name", "dialect"), DIALECT_OF.items())
def test_token_positions_agree_with_sqlglot_identifier_positions(name: str, dialect: str) -> None:
    """Where sqlglot keeps a position on an identifier (recent versions), ours is the same."""
    from sqlglot import exp

    text = (DATA / name).read_text(encoding="utf-8")
    lines = sql_reader._Lines(text)
    ddl = sql_reader._read(text, dialect)
    parser = sql_reader._dialect(dialect).parser()
    theirs = []
    for start, end in sql_reader._statements(ddl.tokens, tsql=dialect == "tsql"):
        kind = sql_reader._kind(ddl.tokens, start, end)
        if kind is None:
            continue
        tree = sql_reader._parse_statement(parser, ddl.tokens, start, end, text, dialect, kind)
        if isinstance(tree, exp.Create) and isinstance(tree.this, exp.Schema):
            defs = [e for e in tree.this.expressions if isinstance(e, exp.ColumnDef)]
        elif isinstance(tree, exp.Alter):
            defs = [a for a in tree.args.get("actions") or [] if isinstance(a, exp.ColumnDef)]
        else:
            continue
        for d in defs:
            start_offset = d.this.meta.get("start")
            if start_offset is None:
                pytest.skip("this sqlglot keeps no identifier positions")
            theirs.append((d.name, *lines.at(start_offset)))
    ours = [(c.name, *lines.at(ddl.tokens[c.first].start)) for c in ddl.columns]
    assert ours == theirs
    assert len(ours) > 5


def test_pointers_and_containers_name_the_table() -> None:
    out = read("postgres_schema.sql")
    email = next(f for f in out.facts if f.name == "email")
    assert (email.location.pointer, email.container, email.format) == (
        "app.users.email",
        "app.users",
        "sql",
    )
    assert email.tag is not None
    assert email.tag.retention == "account_deletion"
    bq = read("bigquery_schema.sql").facts[0]
    assert bq.location.pointer == "acme-prod.analytics.events.event_id"


def test_tag_details_are_read_from_comments_and_literals() -> None:
    out = read("postgres_schema.sql")
    by_pointer = {f.location.pointer: f for f in out.facts}
    full_name = by_pointer["app.users.full_name"].tag
    assert full_name is not None
    assert (full_name.retention, full_name.purposes) == ("service_end+P5Y", ("essential.service",))
    session_ip = by_pointer["app.user_sessions.ip_address"].tag  # a tag over two lines
    assert session_ip is not None
    assert session_ip.retention == "P1Y"
    assert session_ip.purposes == ("essential.service.security",)
    billing = by_pointer["app.invoices.billing_email"].tag  # COMMENT ON COLUMN
    assert billing is not None
    assert billing.retention == "P10Y"


def test_dialect_guess_order() -> None:
    assert sql_reader._dialects("CREATE TABLE t (a INT);", None)[:2] == ["postgres", "mysql"]
    assert sql_reader._dialects("CREATE TABLE `t` (a INT);", None)[:2] == ["mysql", "bigquery"]
    assert sql_reader._dialects("CREATE TABLE [dbo].[t] (a INT)\nGO\n", None)[0] == "tsql"
    assert sql_reader._dialects("x", "PostgreSQL") == ["postgres"]
    assert sql_reader._dialects("x", "mssql") == ["tsql"]


def test_an_unknown_configured_dialect_is_a_clear_error() -> None:
    with pytest.raises(SourceError, match="unknown SQL dialect `oracle9`"):
        read_sql("x.sql", "CREATE TABLE t (a INT);", ReadOptions(sql_dialect="oracle9"))


def test_a_syntax_error_is_a_source_error_at_sqlglots_position() -> None:
    with pytest.raises(SourceError) as caught:
        read("syntax_error.sql")
    assert (caught.value.line, caught.value.column) == (4, 3)
    assert "Expecting )" in caught.value.message
    assert "`name`" in caught.value.message


def test_an_unclosed_string_is_placed_at_its_quote() -> None:
    text = "CREATE TABLE t (\n  a TEXT DEFAULT 'abc,\n  b INT\n);\n"
    with pytest.raises(SourceError) as caught:
        read_sql("x.sql", text, ReadOptions())
    assert (caught.value.line, caught.value.column) == (2, 18)


def test_a_syntax_error_becomes_pl100_with_its_line() -> None:
    data = (DATA / "syntax_error.sql").read_bytes()
    out = read_bytes(Path("syntax_error.sql"), "syntax_error.sql", data, ReadOptions())
    assert out is not None
    assert problems(out) == [("PL100", 4, 3)]


def test_bad_tags_are_pl101_at_their_positions() -> None:
    out = read("bad_tags.sql")
    assert rows(out) == [("id", 9, 36, ("user.unique_id",)), ("full_name", 5, 6, ("user.name",))]
    found = sorted((p.location.line, p.location.column, p.message) for p in out.problems)
    assert [(line, column) for line, column, _ in found] == [
        (3, 33),  # unknown key `categroy`, at the key
        (4, 68),  # retention=P1X, at the pair
        (6, 22),  # a second tag for full_name
        (7, 68),  # prose after the pairs
        (10, 36),  # a second COMMENT ON COLUMN for id
        (11, 4),  # a tag with no column after it
    ]
    messages = [message for _, _, message in found]
    assert "did you mean `category`?" in messages[0]
    assert "invalid retention 'P1X': the units are" in messages[1]
    assert "already has a @personal-data tag (line 5, column 6)" in messages[2]
    assert "binds to no field" in messages[5]
    assert {p.code for p in out.problems} == {"PL101"}


def test_statements_that_declare_no_columns_are_skipped_unread() -> None:
    text = (
        "SELECT FROM WHERE nonsense (;\n"
        "INSERT INTO t VALUES (1, 'x');\n"
        "CREATE TABLE t (a INT);\n"
        "DO $$ BEGIN RAISE NOTICE '@personal-data'; END $$;\n"
    )
    assert rows(read_sql("x.sql", text, ReadOptions())) == [("a", 3, 17, None)]


def test_a_statement_sqlglot_cannot_read_is_pl100_and_keeps_its_tags() -> None:
    text = (
        "CREATE TABLE t (\n"
        "  a INT -- @personal-data category=user.name\n"
        ");\n"
        "ALTER TABLE t ADD COLUMN (c INT, -- @personal-data category=user.content\n"
        "  d INT);\n"
        "CREATE TABLE u (x INT);\n"
    )
    out = read_sql("x.sql", text, ReadOptions())
    assert rows(out) == [("a", 2, 12, ("user.name",)), ("x", 6, 17, None)]
    assert problems(out) == [("PL100", 4, 1)]
    assert "cannot read this ALTER TABLE statement" in out.problems[0].message


def test_table_options_sqlglot_cannot_parse_do_not_hide_the_columns() -> None:
    text = (
        "CREATE TABLE t (\n  a INT,\n  b TEXT -- @personal-data category=user.name\n"
        ") WITHOUT ROWID;\n"
    )
    assert rows(read_sql("x.sql", text, ReadOptions(sql_dialect="sqlite"))) == [
        ("a", 2, 3, None),
        ("b", 3, 13, ("user.name",)),
    ]


def test_a_tag_on_any_line_of_a_multi_line_column_binds_to_it() -> None:
    text = (
        "CREATE TABLE t (\n"
        "  email TEXT NOT NULL\n"
        "    CHECK (email <> ''), -- @personal-data category=user.contact.email\n"
        "  other TEXT\n"
        ");\n"
    )
    assert rows(read_sql("x.sql", text, ReadOptions())) == [
        ("email", 3, 29, ("user.contact.email",)),
        ("other", 4, 3, None),
    ]


def test_struct_fields_and_constraints_are_not_columns() -> None:
    text = (
        "CREATE TABLE ds.t (\n"
        "  info STRUCT<email STRING, age INT64>, email STRING,\n"
        "  PRIMARY KEY (email) NOT ENFORCED\n"
        ");\n"
    )
    out = read_sql("x.sql", text, ReadOptions(sql_dialect="bigquery"))
    assert rows(out) == [("info", 2, 3, None), ("email", 2, 41, None)]


def test_t_sql_statements_need_no_semicolons() -> None:
    out = read("tsql_schema.sql")
    tables = sorted({f.container for f in out.facts})
    assert tables == ["dbo.Notes", "dbo.Sessions", "dbo.Users"]  # not #old, in a procedure


def test_comment_on_a_column_defined_elsewhere_is_a_field_of_its_own() -> None:
    text = (
        "COMMENT ON COLUMN crm.contacts.phone IS "
        "'@personal-data category=user.contact.phone_number';\n"
    )
    out = read_sql("x.sql", text, ReadOptions())
    assert rows(out) == [("phone", 1, 42, ("user.contact.phone_number",))]
    assert out.facts[0].location.pointer == "crm.contacts.phone"


def test_ten_thousand_tables() -> None:
    text = "".join(
        f"CREATE TABLE t{i} (\n  id INT PRIMARY KEY,\n"
        f"  email TEXT -- @personal-data category=user.contact.email\n);\n"
        for i in range(10_000)
    )
    started = time.perf_counter()
    out = read_sql("big.sql", text, ReadOptions())
    assert time.perf_counter() - started < 120  # linear: seconds; quadratic would be hours
    assert len(out.facts) == 20_000
    assert rows(out)[-1] == ("email", 39_999, 17, ("user.contact.email",))


def test_end_to_end_findings(tmp_path: Path) -> None:
    (tmp_path / "privacy-policy.yaml").write_text(
        "version: 1\ncategories:\n  - category: user.device.ip_address\n    retention: P1Y\n",
        encoding="utf-8",
    )
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "schema.sql").write_text(
        "CREATE TABLE sessions (\n"
        "  id BIGINT PRIMARY KEY,\n"
        "  ip INET  -- @personal-data category=user.device.ip_address retention=P2Y\n"
        ");\n",
        encoding="utf-8",
    )
    (tmp_path / "db" / "broken.sql").write_text("CREATE TABLE t (\n  a INT b INT\n);\n")
    result = check(["db"], policy="privacy-policy.yaml", cwd=tmp_path)
    found = [(f.path, f.line, f.column, f.code) for f in result.findings]
    assert ("db/schema.sql", 3, 15, "PL302") in found
    assert ("db/broken.sql", 2, 9, "PL100") in found


def test_windows_line_endings_keep_positions() -> None:
    text = "CREATE TABLE t (\r\n  a INT,\r\n  b TEXT -- @personal-data category=user.name\r\n);\r\n"
    assert rows(read_sql("x.sql", text, ReadOptions())) == [
        ("a", 2, 3, None),
        ("b", 3, 13, ("user.name",)),
    ]


def test_sqlglot_is_imported_only_to_read_sql() -> None:
    import subprocess
    import sys

    code = "import sys, policylint.readers.sql; print('sqlglot' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def _contact_kept_a_year(root: Path) -> None:
    (root / "privacy-policy.yaml").write_text(
        "version: 1\ncategories:\n  - category: user.contact\n    retention: P1Y\n",
        encoding="utf-8",
    )


def test_a_tag_in_commented_out_code_is_not_read(tmp_path: Path) -> None:
    """A ``-- @personal-data`` inside ``/* ... */`` belongs to the commented-out table: it
    is neither a PL101 nor the tag of the next column; a block comment's own tag still is,
    over two lines."""
    _contact_kept_a_year(tmp_path)
    (tmp_path / "t.sql").write_text(
        "/*\n"
        "CREATE TABLE old_users (\n"
        "  email TEXT -- @personal-data category=user.contact.email retention=P5Y\n"
        ");\n"
        "*/\n"
        "CREATE TABLE users (\n"
        "  id INT,\n"
        "  email TEXT, -- @personal-data category=user.contact.email retention=P6M\n"
        "  /* @personal-data category=user.contact.phone_number\n"
        "     retention=P2Y */\n"
        "  phone TEXT\n"
        ");\n",
        encoding="utf-8",
    )
    result = check(["t.sql"], policy="privacy-policy.yaml", cwd=tmp_path)
    assert [(f.line, f.column, f.code) for f in result.findings] == [(9, 6, "PL302")]
    assert "`users.phone` keeps `user.contact.phone_number` for `P2Y`" in result.findings[0].message


def test_a_marker_that_does_not_introduce_the_tag_keeps_it(tmp_path: Path) -> None:
    """A ``#`` of a ticket, a ``//`` of a URL, an arrow ``-->`` before a block comment's tag:
    the tag is read (only ``-- @personal-data`` itself is commented-out code)."""
    _contact_kept_a_year(tmp_path)
    (tmp_path / "t.sql").write_text(
        "CREATE TABLE users (\n"
        "  id INT,\n"
        "  /* ticket #42: @personal-data category=user.contact.email retention=P5Y */\n"
        "  email TEXT,\n"
        "  /* see https://wiki.example.com/pii @personal-data category=user.contact.phone_number"
        " retention=P5Y */\n"
        "  phone TEXT,\n"
        "  /* legacy --> @personal-data category=user.contact.address retention=P5Y */\n"
        "  address TEXT\n"
        ");\n",
        encoding="utf-8",
    )
    result = check(["t.sql"], policy="privacy-policy.yaml", cwd=tmp_path)
    assert [(f.line, f.code) for f in result.findings] == [(3, "PL302"), (5, "PL302"), (7, "PL302")]


@pytest.mark.parametrize("dialect", [None, "sqlite"])
def test_sqlite_typeless_columns_are_columns(dialect: str | None) -> None:
    """SQLite lets a column go without a type: `CREATE TABLE t (id, email)` declares two
    columns (they were not read, and a tag on one bound to nothing, PL101). A view's
    column list declares none."""
    text = (
        'CREATE TABLE t2 (id, email, "geboortedatum");\n'
        "CREATE TABLE t5 (\n  id INTEGER PRIMARY KEY,\n"
        "  email, -- @personal-data category=user.contact.email\n  phone\n);\n"
        "CREATE VIEW v (email) AS SELECT email FROM t5;\n"
    )
    out = read_sql("b.sql", text, ReadOptions(sql_dialect=dialect))
    assert rows(out) == [
        ("id", 1, 18, None),
        ("email", 1, 22, None),
        ("geboortedatum", 1, 29, None),
        ("id", 3, 3, None),
        ("email", 4, 13, ("user.contact.email",)),
        ("phone", 5, 3, None),
    ]
    assert problems(out) == []
