"""``policylint report``: the data map in markdown, CSV, JSON and HTML."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from policylint import engine
from policylint.cli import main
from policylint.datamap_render import CSV_HEADER
from samples import financial_rule

REPO = Path(__file__).resolve().parent.parent

POLICY = """\
version: 1
name: Acme <Shop> & "Co"
controller: ACME Ltd
contact: dpo@acme.example
categories:
  - category: user.contact.email
    retention: P1Y
    purposes: [essential.service]
  - category: user.device.ip_address
    retention: P30D
processors:
  - name: Mailgun
cookies:
  allowed: [strictly_necessary]
"""

CUSTOMER = """\
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "email": {
      "type": "string",
      "x-personal-data": {"category": "user.contact.email", "retention": "P6M",
                          "purposes": ["essential.service"], "processors": ["Mailgun"]}
    },
    "ip": {
      "type": "string",
      "x-personal-data": {"category": ["user.device.ip_address", "user.contact.email"],
                          "retention": "P90D"}
    },
    "last_ip": {
      "type": "string",
      "x-personal-data": {"category": "user.device.ip_address", "retention": "P1Y"},
      "x-policylint-ignore": ["PL302"]
    },
    "company": {"type": "string", "x-personal-data": false}
  }
}
"""

OPENAPI = """\
openapi: 3.0.3
info: {title: Shop, version: "1"}
paths: {}
components:
  schemas:
    Order:
      type: object
      properties:
        billing_email:
          type: string
          x-personal-data:
            category: user.contact.email
            retention: P1Y
            purposes: [marketing.advertising]
            processors: [Sendgrid]
        birth_date:
          type: string
          x-personal-data: {category: user.demographic.date_of_birth, retention: P1Y}
"""

UNTAGGED = """\
type: object
properties:
  home_address: {type: string}
  telefoonnummer: {type: string}
  notes: {type: string}
"""

PACKAGE = '{"name": "shop", "dependencies": {"mixpanel-browser": "2.0.0", "react": "18.0.0"}}\n'

SYSTEM = """\
system:
  - fides_key: mailer
    name: Mailer
    privacy_declarations:
      - name: Receipts
        data_categories: [user.contact.email]
        data_use: essential.service
        data_subjects: [customer]
        retention_period: "30"
"""

FILES = {
    "privacy-policy.yaml": POLICY,
    "schemas/customer.schema.json": CUSTOMER,
    "api/openapi.yaml": OPENAPI,
    "schemas/contact.schema.yaml": UNTAGGED,
    "web/package.json": PACKAGE,
    "fides/systems.yml": SYSTEM,
}

ELEMENTS = [
    # (category, element, tagged, verdict)
    ("user.contact.address", "home_address", False, "untagged"),
    ("user.contact.email", "Order.billing_email", True,
     "purpose not allowed; processor not declared"),
    ("user.contact.email", "email", True, "allowed"),
    ("user.contact.email", "ip", True, "allowed"),
    ("user.contact.phone_number", "telefoonnummer", False, "untagged"),
    ("user.demographic.date_of_birth", "Order.birth_date", True, "not allowed by category"),
    ("user.device.ip_address", "ip", True, "retention exceeds"),
    ("user.device.ip_address", "last_ip", True, "retention exceeds"),
]  # fmt: skip


@pytest.fixture
def project(chdir_tmp: Path) -> Path:
    for name, content in FILES.items():
        path = chdir_tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return chdir_tmp


def _report(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["report", *args]) == 0
    return capsys.readouterr().out


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_report(capsys, "--format", "json", *args))
    return data


def _element(data: dict[str, Any], category: str, element: str) -> dict[str, Any]:
    found = [e for e in data["elements"] if e["category"] == category and e["element"] == element]
    assert len(found) == 1, (category, element)
    record: dict[str, Any] = found[0]
    return record


# -- the model, through JSON ----------------------------------------------------------------


def test_json_lists_every_element_in_order(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _json(capsys)
    assert data["version"] == 1
    assert data["policy"] == {
        "path": "privacy-policy.yaml",
        "name": 'Acme <Shop> & "Co"',
        "controller": "ACME Ltd",
        "contact": "dpo@acme.example",
    }
    got = [(e["category"], e["element"], e["tagged"], e["verdict"]) for e in data["elements"]]
    assert got == ELEMENTS
    keys = [(e["category"], e["path"], e["line"], e["column"]) for e in data["elements"]]
    assert keys == sorted(keys)
    summary = data["summary"]
    assert summary["elements"] == len(ELEMENTS)
    assert (summary["tagged"], summary["untagged"]) == (6, 2)
    assert (summary["allowed"], summary["violating"]) == (2, 4)
    email = next(c for c in summary["categories"] if c["category"] == "user.contact.email")
    assert email == {
        "category": "user.contact.email",
        "name": "User Contact Email",
        "elements": 3,
        "allowed": 2,
        "violating": 1,
        "untagged": 0,
    }


def test_compliant_element_is_allowed_with_its_record(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    email = _element(_json(capsys), "user.contact.email", "email")
    assert email["allowed"] is True
    assert email["verdicts"] == []
    assert email["category_name"] == "User Contact Email"
    assert email["path"] == "schemas/customer.schema.json"
    assert email["pointer"] == "/properties/email"
    assert email["format"] == "jsonschema"
    assert email["retention"] == "P6M"
    assert email["purposes"] == ["essential.service"]
    assert email["processors"] == ["Mailgun"]
    assert email["suspected"] is None


def test_violating_element_carries_the_checks_that_fired(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    billing = _element(_json(capsys), "user.contact.email", "Order.billing_email")
    assert billing["allowed"] is False
    assert billing["container"] == "Order"
    assert billing["format"] == "openapi"
    codes = [(v["code"], v["kind"], v["severity"]) for v in billing["verdicts"]]
    assert codes == [
        ("PL601", "purpose-not-allowed", "error"),
        ("PL602", "processor-not-declared", "error"),
    ]
    assert "Sendgrid" in billing["verdicts"][1]["message"]


def test_each_category_of_a_field_is_judged_on_its_own(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _json(capsys)
    as_email = _element(data, "user.contact.email", "ip")
    as_ip = _element(data, "user.device.ip_address", "ip")
    assert (as_email["line"], as_email["column"]) == (as_ip["line"], as_ip["column"])
    assert as_email["allowed"] is True  # P90D is within P1Y
    assert [v["code"] for v in as_ip["verdicts"]] == ["PL302"]  # but not within P30D


def test_suspected_untagged_fields_are_marked(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _json(capsys)
    address = _element(data, "user.contact.address", "home_address")
    assert address["tagged"] is False
    assert address["suspected"] == {"term": "home address", "language": "en"}
    assert [(v["code"], v["kind"]) for v in address["verdicts"]] == [
        ("PL203", "untagged-personal-data")
    ]
    phone = _element(data, "user.contact.phone_number", "telefoonnummer")
    assert phone["suspected"]["language"] == "nl"
    names = {e["name"] for e in data["elements"]}
    assert "notes" not in names  # nothing in its name says personal data
    assert "company" not in names  # tagged `false`


def test_a_suppressed_verdict_stands_and_is_marked(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last_ip = _element(_json(capsys), "user.device.ip_address", "last_ip")
    assert last_ip["allowed"] is False
    assert [(v["code"], v["suppressed"]) for v in last_ip["verdicts"]] == [("PL302", True)]


def test_recipients_hold_fides_systems_and_trackers(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recipients = _json(capsys)["recipients"]
    got = [(r["kind"], r["recipient"], r["name"], r["verdict"]) for r in recipients]
    assert got == [
        ("system", "mailer", "Receipts", "allowed"),
        ("tracker", "Mixpanel", "mixpanel-browser", "tracker not allowed"),
    ]
    assert recipients[1]["verdicts"][0]["code"] == "PL702"
    assert recipients[0]["categories"] == ["user.contact.email"]


def test_output_does_not_depend_on_jobs(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = _report(capsys, "--format", "json", "--jobs", "1")
    monkeypatch.setattr(engine, "PARALLEL_THRESHOLD", 1)
    assert _report(capsys, "--format", "json", "--jobs", "3") == serial


FINANCIAL_RULE = financial_rule(severity="warning")

FAMILY = """\
type: object
properties:
  iban:
    type: string
    x-personal-data: {category: user.financial.bank_account, retention: P10Y}
  child_name:
    type: string
    x-personal-data: {category: user.name, subjects: [child], retention: P1Y}
"""


def test_declarative_rules_on_fields_add_their_verdicts(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = "version: 1\nsubjects:\n  minimum_age: 16\n"
    (chdir_tmp / "privacy-policy.yaml").write_text(policy, encoding="utf-8")
    (chdir_tmp / ".policylint.yaml").write_text(
        "rules: [policy-rules]\nexclude: [skipped/]\n", encoding="utf-8"
    )
    (chdir_tmp / "policy-rules").mkdir()
    (chdir_tmp / "policy-rules" / "ACME101.yaml").write_text(FINANCIAL_RULE, encoding="utf-8")
    (chdir_tmp / "family.schema.yaml").write_text(FAMILY, encoding="utf-8")
    (chdir_tmp / "skipped").mkdir()
    (chdir_tmp / "skipped" / "other.schema.yaml").write_text(FAMILY, encoding="utf-8")
    data = _json(capsys)
    assert {e["path"] for e in data["elements"]} == {"family.schema.yaml"}
    iban = _element(data, "user.financial.bank_account", "iban")
    assert [(v["code"], v["label"], v["severity"]) for v in iban["verdicts"]] == [
        ("ACME101", "financial retention", "warning")
    ]
    child = _element(data, "user.name", "child_name")
    assert [(v["code"], v["label"]) for v in child["verdicts"]] == [("PL402", "children data")]


def test_files_that_cannot_be_read_are_listed(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (chdir_tmp / "privacy-policy.yaml").write_text("version: 1\n", encoding="utf-8")
    (chdir_tmp / "broken.schema.json").write_text('{"properties": {', encoding="utf-8")
    data = _json(capsys)
    assert data["elements"] == []
    assert [(p["path"], p["code"]) for p in data["problems"]] == [("broken.schema.json", "PL100")]
    text = _report(capsys)
    assert "## Not read" in text
    assert "PL100" in text


# -- markdown -------------------------------------------------------------------------------


def test_markdown_has_a_summary_and_a_section_per_category(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _report(capsys)  # markdown is the default
    assert text.startswith('# Data map: Acme \\<Shop\\> & "Co"\n')
    assert "## Summary by category" in text
    sections = re.findall(r"^## `([^`]+)`", text, flags=re.M)
    assert sections == sorted({c for c, *_ in ELEMENTS})
    assert "## `user.contact.email`: User Contact Email" in text
    assert "| **Total** |   | **8** | **2** | **4** | **2** |" in text
    assert "*(suspected untagged, from `home address`)*" in text
    assert "**purpose not allowed** (PL601); **processor not declared** (PL602)" in text
    assert "**retention exceeds** (PL302, suppressed)" in text
    assert "## Recipients and trackers" in text
    assert "| tracker | Mixpanel (US) | `mixpanel-browser` |" in text


# -- CSV ------------------------------------------------------------------------------------


def test_csv_has_one_row_per_element(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _report(capsys, "--format", "csv")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == CSV_HEADER
    records = [dict(zip(CSV_HEADER, row, strict=True)) for row in rows[1:]]
    assert all(len(row) == len(CSV_HEADER) for row in rows)
    got = [(r["category"], r["element"], r["tagged"] == "yes", r["verdict"]) for r in records]
    assert got == ELEMENTS
    billing = records[1]
    assert billing["path"] == "api/openapi.yaml"
    assert billing["codes"] == "PL601 PL602"
    assert billing["purposes"] == "marketing.advertising"
    assert billing["processors"] == "Sendgrid"
    assert records[0]["suspected_from"] == "home address"
    assert records[-1]["suppressed"] == "PL302"


# -- HTML -----------------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


class Checker(HTMLParser):
    """Every opened tag is closed, in order; counts the rows of each table's body."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.table: str | None = None
        self.rows: dict[str, int] = {}
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "table":
            self.table = dict(attrs).get("id") or ""
            self.rows[self.table] = 0
        if tag == "tr" and self.table is not None and "tbody" in self.stack:
            self.rows[self.table] += 1
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()
        if tag == "table":
            self.table = None


def _check_html(text: str) -> Checker:
    checker = Checker()
    checker.feed(text)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []
    return checker


def _no_remote_loads(text: str, checker: Checker) -> None:
    for tag, attrs in checker.tags:
        for name in ("src", "href", "action", "data"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//")), (tag, name, value)
        assert tag not in ("link", "img", "iframe", "object", "embed"), tag
    assert not re.search(r"@import|url\(", text)
    assert not re.search(r"\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", text, flags=re.I)


def test_html_is_one_well_formed_self_contained_page(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _json(capsys)
    text = _report(capsys, "--format", "html")
    checker = _check_html(text)
    assert text.startswith("<!DOCTYPE html>\n")
    assert checker.rows["elements"] == len(data["elements"]) == len(ELEMENTS)
    assert checker.rows["summary"] == len(data["summary"]["categories"])
    assert checker.rows["recipients"] == len(data["recipients"])
    _no_remote_loads(text, checker)
    assert "default-src 'none'" in text  # the page may not load anything, even if asked
    assert text.count("<script>") == 1
    assert text.count("<style>") == 1


def test_html_escapes_text_and_holds_the_verdicts(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _report(capsys, "--format", "html")
    assert "<title>Data map: Acme &lt;Shop&gt; &amp; &quot;Co&quot;</title>" in text
    assert "<Shop>" not in text
    assert "<dt>Controller</dt><dd>ACME Ltd</dd>" in text
    rows = re.findall(r"<tr [^>]*data-verdicts=\"([^\"]*)\"[^>]*>(.*?)</tr>", text)
    assert len(rows) == len(ELEMENTS)
    by_element = {re.search(r'<code class="el">(.*?)</code>', row).group(1): v  # type: ignore[union-attr]
                  for v, row in rows}  # fmt: skip
    assert by_element["email"] == "allowed"
    assert by_element["Order.<wbr>birth_date"] == "violating|not allowed by category"
    assert by_element["home_address"] == "untagged"
    assert text.count('<span class="badge warn">suspected untagged</span>') == 2
    assert '<option value="violating">' in text
    assert '<option value="not allowed by category">' in text
    assert '<div id="controls" hidden>' in text  # shown only when the script runs


def test_output_file_is_written_and_not_read_back(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _json(capsys)
    assert main(["report", "--format", "json", "--output", "datamap.json"]) == 0
    assert capsys.readouterr().out == ""
    written = json.loads((project / "datamap.json").read_text(encoding="utf-8"))
    assert written == before
    assert main(["report", "--format", "json", "--output", "datamap.json"]) == 0
    again = json.loads((project / "datamap.json").read_text(encoding="utf-8"))
    assert again["summary"]["files"] == before["summary"]["files"]


def test_no_policy_is_a_usage_error(chdir_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report"]) == 2
    assert "no policy found" in capsys.readouterr().err


# -- the Kraaft example ---------------------------------------------------------------------


def test_kraaft_example_renders_as_html(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    args = ["examples/kraaft", "--policy", "examples/kraaft/privacy-policy.yaml"]
    data = _json(capsys, *args)
    text = _report(capsys, "--format", "html", *args)
    checker = _check_html(text)
    _no_remote_loads(text, checker)
    assert "<h1>Data map: Kraaft mobile application</h1>" in text
    assert "<dt>Controller</dt><dd>KRAAFT</dd>" in text
    assert checker.rows["elements"] == len(data["elements"]) > 0
    client_ip = _element(data, "user.device.ip_address", "Session.client_ip")
    assert [v["code"] for v in client_ip["verdicts"]] == ["PL302"]
    first_name = _element(data, "user.name.first", "first_name")
    assert first_name["allowed"] is True


def test_processors_named_in_config_are_recipients(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A processor a config names (`@policy processor`) is a recipient of the map, with
    the verdicts `check` gives it: not declared (PL602), a transfer without safeguard
    (PL503), or allowed."""
    (chdir_tmp / "privacy-policy.yaml").write_text(
        "version: 1\nhosting:\n  regions: [eu]\nprocessors:\n"
        "  - {name: Mailchimp, country: us, safeguards: [dpa]}\n"
        "  - {name: Brevo, country: fr, safeguards: [dpa]}\n",
        encoding="utf-8",
    )
    (chdir_tmp / "cfg").mkdir()
    (chdir_tmp / "cfg" / "app.yaml").write_text(
        "mail:\n  provider: Sendgrid  # @policy processor\n"
        "  news: Mailchimp  # @policy processor\n  crm: Brevo  # @policy processor\n",
        encoding="utf-8",
    )
    recipients = _json(capsys)["recipients"]
    got = [(r["kind"], r["recipient"], r["name"], r["country"], r["verdict"]) for r in recipients]
    assert got == [
        ("processor", "Brevo", "mail.crm", "fr", "allowed"),
        ("processor", "Mailchimp", "mail.news", "us", "transfer without safeguards"),
        ("processor", "Sendgrid", "mail.provider", "", "processor not declared"),
    ]
