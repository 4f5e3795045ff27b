"""Settings in config files: ``@policy`` tags in YAML, TOML, INI and .env files, JSON keys
mapped in the project config, the policy's own processors, and the findings on them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policylint.api import SettingMap, check
from policylint.cli import main
from policylint.facts import FileFacts, Setting
from policylint.readers import ReadOptions, read_file
from policylint.readers.settings import read_settings
from policylint.readers.structured import read_structured
from policylint.yamlnode import SourceError

DATA = Path(__file__).parent / "data" / "settings"
MAPPINGS = (
    SettingMap("config/*.json", "deploy.region", "hosting.region"),
    SettingMap("config/*.json", "deploy.backup.region", "hosting.region"),
    SettingMap("config/*.json", "consent.categories", "cookies.category"),
)
Row = tuple[str, str, int, int, str]


def _rows(out: FileFacts) -> list[Row]:
    return [
        (f.kind, f.value, f.location.line, f.location.column, f.name)
        for f in out.facts
        if isinstance(f, Setting)
    ]


def _read(name: str, options: ReadOptions | None = None) -> FileFacts:
    out = read_file(DATA / name, name, options or ReadOptions())
    assert out is not None, f"{name} is not read"
    assert out.problems == []
    return out


def _text(name: str, text: str) -> FileFacts:
    if name.endswith((".yaml", ".yml", ".json")):
        return read_structured(name, text, ReadOptions())
    return read_settings(name, text, ReadOptions())


def _problems(name: str, text: str) -> list[tuple[int, int, str]]:
    return [(p.location.line, p.location.column, p.message) for p in _text(name, text).problems]


# -- reading -------------------------------------------------------------------------------


def test_yaml_app_config() -> None:
    assert _rows(_read("config/app.yaml")) == [
        ("subjects.minimum_age", "13", 6, 16, "signup.minimum_age"),
        ("processor", "Amazon Web Services", 8, 13, "storage.provider"),
        ("hosting.region", "eu-west-1", 10, 11, "storage.region"),
        ("processor", "Stripe", 12, 13, "payments.provider"),
        ("cookies.category", "strictly_necessary", 16, 7, "cookies.categories"),
        ("cookies.category", "analytics", 17, 7, "cookies.categories"),
    ]


def test_yaml_pointers() -> None:
    pointers = [f.location.pointer for f in _read("config/app.yaml").facts]
    assert pointers[0] == "/signup/minimum_age"
    assert pointers[-2:] == ["/cookies/categories/0", "/cookies/categories/1"]


def test_toml() -> None:
    out = _read("config/settings.toml")
    assert _rows(out) == [
        ("processor", "Mailchimp", 5, 12, "mail.provider"),
        ("hosting.region", "europe-west1", 10, 10, "search.region"),
        ("hosting.region", "eu-central-1", 18, 10, "queues.1.region"),
    ]
    assert out.facts[-1].location.pointer == "/queues/1/region"


def test_ini() -> None:
    assert _rows(_read("config/legacy.ini")) == [
        ("hosting.region", "westeurope", 4, 10, "database.region"),
        ("processor", "Hotjar", 7, 10, "analytics.vendor"),
        ("cookies.category", "analytics", 8, 11, "analytics.cookies"),
    ]


def test_dotenv() -> None:
    assert _rows(_read(".env")) == [
        ("hosting.region", "us-east-1", 2, 12, "AWS_REGION"),
        ("hosting.region", "eu-west-9", 3, 22, "SEARCH_REGION"),
    ]


def test_json_keys_mapped_in_the_project_config() -> None:
    out = _read("config/deploy.json", ReadOptions(settings=MAPPINGS))
    assert _rows(out) == [
        ("hosting.region", "eu-west-3", 3, 15, "deploy.region"),
        ("hosting.region", "us-west-2", 4, 26, "deploy.backup.region"),
        ("cookies.category", "strictly_necessary", 7, 20, "consent.categories"),
        ("cookies.category", "advertising", 7, 42, "consent.categories"),
    ]
    assert {f.format for f in out.facts} == {"json"}


def test_a_json_file_no_mapping_names_is_not_read() -> None:
    assert read_file(DATA / "config/deploy.json", "config/deploy.json", ReadOptions()) is None
    other = (SettingMap("other/*.json", "deploy.region", "hosting.region"),)
    assert (
        read_file(DATA / "config/deploy.json", "config/deploy.json", ReadOptions(settings=other))
        is None
    )


def test_mapped_keys_in_yaml_and_in_lists() -> None:
    text = (
        "services:\n  - name: api\n    region: eu-west-1\n  - name: jobs\n    region: us-east-2\n"
    )
    options = ReadOptions(settings=(SettingMap("*.yaml", "services.1.region", "hosting.region"),))
    out = read_structured("deploy.yaml", text, options)
    assert _rows(out) == [("hosting.region", "us-east-2", 5, 13, "services.1.region")]
    assert out.facts[0].location.pointer == "/services/1/region"


def test_a_key_holding_dots_is_matched_whole() -> None:
    text = '{"deploy.region": "eu-west-1"}'
    options = ReadOptions(settings=(SettingMap("*.json", "deploy.region", "hosting.region"),))
    assert _rows(read_structured("a.json", text, options)) == [
        ("hosting.region", "eu-west-1", 1, 19, "deploy.region")
    ]


def test_yaml_tag_binding() -> None:
    text = """\
# @policy hosting.region
region: eu-west-1
processors:
  - Stripe  # @policy processor
  - name: Mailchimp  # @policy processor
cookies: [functional, analytics]  # @policy cookies.category
quoted: "a # @policy processor"
---
age: 18 # @policy subjects.minimum_age
"""
    assert _rows(_text("app.yaml", text)) == [
        ("hosting.region", "eu-west-1", 2, 9, "region"),
        ("processor", "Stripe", 4, 5, "processors.0"),
        ("processor", "Mailchimp", 5, 11, "processors.1.name"),
        ("cookies.category", "functional", 6, 11, "cookies"),
        ("cookies.category", "analytics", 6, 23, "cookies"),
        ("subjects.minimum_age", "18", 9, 6, "age"),
    ]


def test_toml_strings_and_multiline_values() -> None:
    text = '''\
note = """
# @policy processor is text in a multi-line string
"""
"quoted.key" = 'x # not a comment'  # @policy processor
nested.key = "eu-west-1"  # @policy hosting.region
cookies = [
  "functional",
  "analytics",
]  # @policy cookies.category
'''
    assert _rows(_text("a.toml", text)) == [
        ("processor", "x # not a comment", 4, 16, "quoted.key"),
        ("hosting.region", "eu-west-1", 5, 14, "nested.key"),
    ]
    # a tag after the closing `]` is on no value's line: it asks to be moved
    assert _problems("a.toml", text) == [
        (
            9,
            6,
            "`@policy cookies.category` binds to no value: put it on the value's line or on "
            "the line above it",
        )
    ]


def test_toml_list_over_lines_tagged_above() -> None:
    text = '# @policy cookies.category\ncookies = [\n  "functional",\n  "analytics",\n]\n'
    assert _rows(_text("a.toml", text)) == [
        ("cookies.category", "functional", 3, 3, "cookies"),
        ("cookies.category", "analytics", 4, 3, "cookies"),
    ]


def test_ini_continuation_lines_and_properties() -> None:
    text = (
        "[app]\ndescription = first  # @policy processor\n  second\n"
        "  # @policy hosting.region\nregion: westeurope\n"
    )
    assert _rows(_text("app.cfg", text)) == [
        ("processor", "first", 2, 15, "app.description"),
        ("hosting.region", "westeurope", 5, 9, "app.region"),
    ]
    text = "! @policy hosting.region\nregion=eu-west-1\n"
    assert _rows(_text("app.properties", text)) == [("hosting.region", "eu-west-1", 2, 8, "region")]


def test_dotenv_quotes_and_comments() -> None:
    text = """\
export REGION='eu-west-1' # @policy hosting.region
PASSWORD="a#b" # not a tag
# @policy processor
MAILER="Mail \\"chimp\\""
URL=http://x/#frag # @policy processor
"""
    assert _rows(_text(".env.production", text)) == [
        ("hosting.region", "eu-west-1", 1, 15, "REGION"),
        ("processor", 'Mail \\"chimp\\"', 4, 8, "MAILER"),
        ("processor", "http://x/#frag", 5, 5, "URL"),
    ]


@pytest.mark.parametrize(
    ("name", "text", "line", "column", "message"),
    [
        ("a.yaml", "region: x  # @policy hosting.regoin\n", 1, 22, "did you mean `hosting.region`"),
        ("a.toml", 'region = "x"  # @policy\n', 1, 17, "needs a setting name"),
        (".env", "A=1\n# @policy hosting.region\n", 2, 3, "binds to no value"),
        ("a.ini", "; @policy processor\n[vendors]\nname = x\n", 1, 3, "mapping or block"),
        ("a.yaml", "# @policy processor\nvendor:\n  name: x\n", 1, 3, "mapping or block"),
        ("a.yaml", "age: ten  # @policy subjects.minimum_age\n", 1, 13, "whole years"),
        ("a.toml", 'age = ""  # @policy subjects.minimum_age\n', 1, 13, "empty value"),
        ("a.toml", "[t]  # @policy processor\nx = 1\n", 1, 8, "mapping or block"),
    ],
)
def test_bad_tags_are_pl101(name: str, text: str, line: int, column: int, message: str) -> None:
    [(at_line, at_column, text_of)] = _problems(name, text)
    assert (at_line, at_column) == (line, column)
    assert message in text_of


def test_toml_syntax_error() -> None:
    with pytest.raises(SourceError) as raised:
        read_settings("a.toml", "[a]\nregion = \n", ReadOptions())
    assert (raised.value.line, raised.value.column) == (2, 10)
    assert "(at line" not in raised.value.message


def test_a_yaml_file_with_only_policy_tags_is_read(tmp_path: Path) -> None:
    (tmp_path / "values.yaml").write_text(
        "replicas: 2\nzone: eu-west-1a # @policy hosting.region\n"
    )
    (tmp_path / "helm.yaml").write_text("replicas: 2\nzone: us-east-1a\n")
    out = read_file(tmp_path / "values.yaml", "values.yaml", ReadOptions())
    assert out is not None and _rows(out) == [("hosting.region", "eu-west-1a", 2, 7, "zone")]
    assert read_file(tmp_path / "helm.yaml", "helm.yaml", ReadOptions()) is None


# -- findings ------------------------------------------------------------------------------


def test_findings_on_the_settings_tree() -> None:
    result = check(["."], policy="privacy-policy.yaml", cwd=DATA, settings=MAPPINGS)
    assert [(f.path, f.line, f.column, f.code) for f in result.findings] == [
        (".env", 2, 12, "PL501"),
        (".env", 3, 22, "PL502"),
        ("config/app.yaml", 6, 16, "PL401"),
        ("config/app.yaml", 17, 7, "PL701"),
        ("config/deploy.json", 4, 26, "PL501"),
        ("config/deploy.json", 7, 42, "PL701"),
        ("config/legacy.ini", 7, 10, "PL602"),
        ("config/legacy.ini", 8, 11, "PL701"),
        ("config/settings.toml", 5, 12, "PL503"),
        ("privacy-policy.yaml", 17, 5, "PL503"),
    ]
    messages = {(f.path, f.code): f.message for f in result.findings}
    assert messages[("config/app.yaml", "PL401")] == (
        "`signup.minimum_age` sets a minimum age of 13, below the policy's 16; raise it to 16"
    )
    assert messages[("privacy-policy.yaml", "PL503")].startswith(
        "processor `Mailchimp` is in United States (us), outside the hosting regions the policy "
        "allows (eu: European Union), with no transfer safeguard (only dpa)"
    )
    assert "does not declare as a processor" in messages[("config/legacy.ini", "PL602")]
    assert messages[("config/deploy.json", "PL701")].startswith(
        "`consent.categories` sets `advertising` cookies, a category the policy does not allow "
        "(allowed: strictly_necessary, functional)"
    )


def test_the_command_line_reads_the_mappings_from_the_project_config(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(DATA)
    assert main(["check", "--format", "json", "--quiet"]) == 1
    report = json.loads(capsys.readouterr().out)
    found = [(f["path"], f["line"], f["column"], f["code"]) for f in report["findings"]]
    expected = check(["."], policy="privacy-policy.yaml", cwd=DATA, settings=MAPPINGS)
    assert found == [(f.path, f.line, f.column, f.code) for f in expected.findings]


POLICY = """\
version: 1
hosting:
  regions: [eu]
  transfers: {transfers}
processors:
  - name: Amazon Web Services
    country: ie
  - name: Twilio
    country: us
    safeguards: [{safeguards}]
"""


@pytest.mark.parametrize(
    ("transfers", "safeguards", "expected"),
    [
        ("with_safeguards", "dpa", ["8:5"]),
        ("with_safeguards", "dpa, scc", []),
        ("with_safeguards", "consent", []),
        ("forbidden", "dpa, scc", ["8:5"]),
    ],
)
def test_declared_processors_are_checked_in_the_policy(
    tmp_path: Path, transfers: str, safeguards: str, expected: list[str]
) -> None:
    policy = POLICY.format(transfers=transfers, safeguards=safeguards)
    (tmp_path / "privacy-policy.yaml").write_text(policy, encoding="utf-8")
    result = check(["."], policy="privacy-policy.yaml", cwd=tmp_path)
    found = [f"{f.line}:{f.column}" for f in result.findings if f.path == "privacy-policy.yaml"]
    assert found == expected
    assert result.files == ["privacy-policy.yaml"]


def test_a_policy_without_regions_checks_no_transfer(tmp_path: Path) -> None:
    policy = "version: 1\nprocessors:\n  - name: Twilio\n    country: us\n"
    (tmp_path / "privacy-policy.yaml").write_text(policy, encoding="utf-8")
    assert check(["."], policy="privacy-policy.yaml", cwd=tmp_path).findings == []


def test_a_policy_finding_can_be_suppressed_in_the_policy(tmp_path: Path) -> None:
    policy = POLICY.format(transfers="with_safeguards", safeguards="dpa").replace(
        "  - name: Twilio\n", "  - name: Twilio  # policylint: ignore[PL503]\n"
    )
    (tmp_path / "privacy-policy.yaml").write_text(policy, encoding="utf-8")
    [finding] = check(["."], policy="privacy-policy.yaml", cwd=tmp_path).findings
    assert finding.code == "PL503" and finding.suppressed


def test_region_checks_need_the_policy_sections(tmp_path: Path) -> None:
    (tmp_path / "privacy-policy.yaml").write_text("version: 1\n", encoding="utf-8")
    (tmp_path / ".env").write_text(
        "REGION=us-east-1 # @policy hosting.region\n"
        "COOKIES=advertising # @policy cookies.category\n"
        "MAILER=Twilio # @policy processor\n",
        encoding="utf-8",
    )
    assert check(["."], policy="privacy-policy.yaml", cwd=tmp_path).findings == []


def test_aliases_are_walked_once() -> None:
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for name, previous in zip("bcdefgh", "abcdefg", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    text = "\n".join([*lines, "region: eu-west-1  # @policy hosting.region", ""])
    # max_nodes (default 1,000,000) refuses this file; lifted, the walk must still be linear
    out = read_structured("bomb.yaml", text, ReadOptions(max_nodes=10**9))
    assert _rows(out) == [("hosting.region", "eu-west-1", 9, 9, "region")]


def test_a_tag_on_each_item_of_a_block_list_binds_to_that_item() -> None:
    """A tag on the first item's line is the first item's, not the whole list's: the
    second item's value was reported twice, once as the list's, with one fingerprint."""
    text = (
        "app:\n  cookies:\n    - strictly_necessary  # @policy cookies.category\n"
        "    - advertising  # @policy cookies.category\n"
        "other:  # @policy cookies.category\n  - functional\n  - analytics\n"
    )
    out = read_structured("app.yaml", text, ReadOptions())
    assert _rows(out) == [
        ("cookies.category", "strictly_necessary", 3, 7, "app.cookies.0"),
        ("cookies.category", "advertising", 4, 7, "app.cookies.1"),
        ("cookies.category", "functional", 6, 5, "other"),
        ("cookies.category", "analytics", 7, 5, "other"),
    ]
