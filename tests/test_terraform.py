"""Terraform files: region settings read from HCL, with exact positions, and their findings."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policylint.api import check
from policylint.facts import Setting
from policylint.readers import ReadOptions
from policylint.readers.terraform import read_terraform
from policylint.yamlnode import SourceError

MODULE = Path(__file__).parent / "data" / "terraform"


def _settings(text: str, name: str = "main.tf") -> list[tuple[str, str, int, int, str]]:
    out = read_terraform(name, text, ReadOptions())
    return [
        (f.kind, f.value, f.location.line, f.location.column, f.location.pointer)
        for f in out.facts
        if isinstance(f, Setting)
    ]


def _problems(text: str) -> list[tuple[str, int, int, str]]:
    out = read_terraform("main.tf", text, ReadOptions())
    return [(p.code, p.location.line, p.location.column, p.message) for p in out.problems]


def _module_file(name: str) -> list[tuple[str, str, int, int, str, str]]:
    out = read_terraform(name, (MODULE / name).read_text(encoding="utf-8"), ReadOptions())
    assert out.problems == []
    return [
        (f.kind, f.value, f.location.line, f.location.column, f.location.pointer, f.name)
        for f in out.facts
        if isinstance(f, Setting)
    ]


REGION = "hosting.region"


def test_providers_default_and_aliased() -> None:
    # The default provider's `var.region` is declared in variables.tf: the reader sees one
    # file, so it is followed over the run instead (test_a_variable_of_another_file_...).
    assert _module_file("providers.tf") == [
        (REGION, "us-east-1", 15, 12, "provider.aws.us", "provider.aws.us.region"),
        (REGION, "europe-west4", 20, 13, "provider.google", "provider.google.region"),
    ]


def test_variable_default_tagged_in_its_own_file() -> None:
    assert _module_file("variables.tf") == [
        (REGION, "eu-west-1", 4, 17, "var.region.default", "var.region.default"),
    ]


def test_versions_file_states_no_setting() -> None:
    assert _module_file("versions.tf") == []  # the state backend's region is not the data's


def test_resources_across_providers() -> None:
    assert _module_file("main.tf") == [
        (
            REGION,
            "eu-west-9",
            55,
            12,
            "aws_s3_bucket.exports.region",
            "aws_s3_bucket.exports.region",
        ),
        (
            REGION,
            "eu-central-1",
            69,
            19,
            "aws_dynamodb_table.carts.replica[0].region_name",
            "aws_dynamodb_table.carts.replica[0].region_name",
        ),
        (
            REGION,
            "westeurope",
            82,
            14,
            "azurerm_resource_group.shop.location",
            "azurerm_resource_group.shop.location",
        ),
        (
            REGION,
            "North Europe",
            95,
            25,
            "azurerm_cosmosdb_account.sessions.location",
            "azurerm_cosmosdb_account.sessions.location",
        ),
        (
            REGION,
            "North Europe",
            104,
            25,
            "azurerm_cosmosdb_account.sessions.geo_location[0].location",
            "azurerm_cosmosdb_account.sessions.geo_location[0].location",
        ),
        (
            REGION,
            "East US",
            109,
            25,
            "azurerm_cosmosdb_account.sessions.geo_location[1].location",
            "azurerm_cosmosdb_account.sessions.geo_location[1].location",
        ),
        (
            REGION,
            "EU",
            118,
            14,
            "google_storage_bucket.backups.location",
            "google_storage_bucket.backups.location",
        ),
        (
            REGION,
            "europe-west3",
            132,
            16,
            "google_bigquery_dataset.analytics.location",
            "google_bigquery_dataset.analytics.location",
        ),
        (
            REGION,
            "us-central1-a",
            138,
            18,
            "google_compute_instance.worker.zone",
            "google_compute_instance.worker.zone",
        ),
        (
            REGION,
            "europe-west3",
            159,
            14,
            "google_cloud_run_v2_service.api.location",
            "google_cloud_run_v2_service.api.location",
        ),
        (REGION, "eu-west-3", 17, 19, "module.cdn.origin_region", "module.cdn.origin_region"),
    ]


def test_what_is_not_a_literal_is_skipped() -> None:
    pointers = {s[4] for s in _module_file("main.tf")}
    # a reference to another resource, and an interpolated data source
    assert "azurerm_storage_account.media.location" not in pointers
    assert "aws_cloudwatch_log_group.api.region" not in pointers


def test_var_local_and_interpolation_are_followed_in_one_file() -> None:
    text = """\
variable "primary" {
  default = "eu-west-1"
}
locals {
  secondary = var.primary
  zone      = "${local.secondary}a"
}
resource "aws_s3_bucket" "a" {
  region = local.secondary
}
resource "aws_instance" "b" {
  region = "${local.zone}"
}
resource "aws_s3_bucket" "c" {
  region = "${var.missing}"
}
resource "aws_s3_bucket" "d" {
  region = "${var.primary}-${data.x.y}"
}
resource "aws_s3_bucket" "e" {
  region = (var.primary)
}
"""
    assert _settings(text) == [
        (REGION, "eu-west-1", 9, 12, "aws_s3_bucket.a.region"),
        (REGION, "eu-west-1a", 12, 12, "aws_instance.b.region"),
        (REGION, "eu-west-1", 21, 12, "aws_s3_bucket.e.region"),
    ]


def test_reference_cycle_stops() -> None:
    text = """\
locals {
  a = local.b
  b = local.a
}
provider "aws" {
  region = local.a
}
"""
    assert _settings(text) == []


def test_google_beta_and_escapes() -> None:
    text = 'provider "google-beta" {\n  region = "europe\\u002dwest1"\n}\n'
    assert _settings(text) == [(REGION, "europe-west1", 2, 12, "provider.google-beta")]


def test_comment_tags_of_every_style() -> None:
    text = """\
provider "aws" {
  region = "eu-west-1" # @policy hosting.region
}
module "app" {
  source      = "./app"
  min_age     = 16 // @policy subjects.minimum_age
  /* @policy cookies.category */
  cookies     = ["functional", "analytics"]
  /*
     The payment processor.
     @policy processor
  */
  psp = "Stripe"
}
"""
    assert _settings(text) == [
        (REGION, "eu-west-1", 2, 12, "provider.aws"),  # read anyway: the tag adds nothing
        ("subjects.minimum_age", "16", 6, 17, "module.app.min_age"),
        ("cookies.category", "functional", 8, 18, "module.app.cookies/0"),
        ("cookies.category", "analytics", 8, 32, "module.app.cookies/1"),
    ]
    assert _problems(text) == [
        (
            "PL101",
            11,
            6,
            "`@policy processor` binds to no value: put it on the value's line or on the line "
            "above it",
        )
    ]


def test_heredoc_text_is_not_a_tag() -> None:
    text = """\
resource "aws_instance" "a" {
  user_data = <<EOT
# @policy hosting.region
region = "us-east-1"
EOT
}
"""
    assert _settings(text) == []
    assert _problems(text) == []


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (
            'provider "aws" {\n  # @policy hosting.regoin\n  region = "eu-west-1"\n}\n',
            2,
            13,
            "unknown setting `hosting.regoin` in @policy tag",
        ),
        ('# @policy hosting.region\nresource "aws_s3_bucket" "a" {\n}\n', 1, 3, "block"),
        ("locals {\n  a = 1\n}\n# @policy processor\n", 4, 3, "binds to no value"),
        ('module "m" {\n  age = "twelve" # @policy subjects.minimum_age\n}\n', 2, 20, "whole"),
    ],
)
def test_bad_tags_are_pl101(text: str, line: int, column: int, message: str) -> None:
    [(code, at_line, at_column, text_of)] = _problems(text)
    assert (code, at_line, at_column) == ("PL101", line, column)
    assert message in text_of


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('provider "aws" {\n  region = \n}\n', 2, 12),
        ('resource "aws_s3_bucket" "a" {\n  bucket = "x"\n', 3, 1),
        ('variable "a" {\n  default = "x\n}\n', 2, 14),
        ("a = <<EOT\nno end\n", 1, 5),
    ],
)
def test_syntax_errors_have_a_position(text: str, line: int, column: int) -> None:
    with pytest.raises(SourceError) as raised:
        read_terraform("main.tf", text, ReadOptions())
    assert (raised.value.line, raised.value.column) == (line, column)
    assert raised.value.message.startswith("syntax error: ")


def test_crlf_positions_match_lf() -> None:
    text = 'provider "aws" {\n  alias = "eu"\n  region = "eu-west-1"\n}\n'
    assert _settings(text.replace("\n", "\r\n")) == _settings(text)


def test_module_findings_under_an_eu_policy() -> None:
    result = check(["."], policy="privacy-policy.yaml", cwd=MODULE)
    assert result.files == ["main.tf", "providers.tf", "variables.tf", "versions.tf"]
    assert [(f.path, f.line, f.column, f.code) for f in result.findings] == [
        ("main.tf", 55, 12, "PL502"),
        ("main.tf", 109, 25, "PL501"),
        ("main.tf", 138, 18, "PL501"),
        ("providers.tf", 15, 12, "PL501"),
    ]
    by_code = {f.code: f.message for f in result.findings if f.path == "providers.tf"}
    assert by_code["PL501"] == (
        "`provider.aws.us.region` hosts data in `us-east-1`, in United States (us), outside "
        "the hosting regions the policy allows (eu: European Union); use a region inside them "
        "or change `hosting.regions`"
    )
    unknown = next(f for f in result.findings if f.code == "PL502")
    assert unknown.severity == "warning"
    assert "not an AWS region" in unknown.message
    assert "did you mean `eu-west-3`?" in unknown.message


MODULE_FILES = {
    "infra/main.tf": (
        'provider "aws" {\n'
        "  region = var.region\n"
        "}\n"
        "\n"
        'resource "aws_s3_bucket" "backup" {\n'
        "  region = local.backup_region # policylint: ignore[PL501]\n"
        "}\n"
        "\n"
        'resource "aws_s3_bucket" "logs" {\n'
        "  region = var.logs_region\n"
        "}\n"
    ),
    "infra/variables.tf": (
        'variable "region" {\n'
        '  default = "us-west-2"\n'
        "}\n"
        'variable "logs_region" {\n'
        '  default = "eu-west-1"\n'
        "}\n"
        "locals {\n"
        '  backup_region = "us-east-1"\n'
        "}\n"
    ),
    "other/main.tf": 'provider "aws" {\n  region = var.region\n}\n',  # another module
}


def _eu_module(root: Path) -> None:
    (root / "privacy-policy.yaml").write_text(
        "version: 1\nhosting:\n  regions: [eu]\n", encoding="utf-8"
    )
    for name, text in MODULE_FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_a_variable_of_another_file_of_the_module_is_followed(tmp_path: Path) -> None:
    """A Terraform module is a folder: ``var.region`` in main.tf is the default that
    variables.tf declares, reported at the reference in main.tf (and suppressed there);
    another folder's ``var.region`` is another module's."""
    _eu_module(tmp_path)
    result = check(["."], policy="privacy-policy.yaml", cwd=tmp_path, report_unused_ignores=True)
    found = [(f.path, f.line, f.column, f.code, f.suppressed) for f in result.findings]
    assert found == [
        ("infra/main.tf", 2, 12, "PL501", False),
        ("infra/main.tf", 6, 12, "PL501", True),
    ]
    assert "`provider.aws.region` hosts data in `us-west-2`" in result.findings[0].message


def test_an_interpolation_alone_is_the_reference_it_holds(tmp_path: Path) -> None:
    """``"${var.region}"`` is ``var.region`` in HCL: followed to another file of the module
    alike; a string with more around it is a value of its own, not the variable's."""
    _eu_module(tmp_path)
    main = tmp_path / "infra" / "main.tf"
    text = main.read_text(encoding="utf-8").replace("= var.region", '= "${var.region}"')
    main.write_text(text + 'provider "google" {\n  region = "x-${var.region}"\n}\n', "utf-8")
    result = check(["."], policy="privacy-policy.yaml", cwd=tmp_path)
    found = [(f.path, f.line, f.column, f.code) for f in result.findings if not f.suppressed]
    assert found == [("infra/main.tf", 2, 12, "PL501")]
    assert "hosts data in `us-west-2`" in result.findings[0].message


def test_a_run_of_one_file_follows_into_the_unchanged_files_of_its_module(
    tmp_path: Path,
) -> None:
    """A pre-commit run of main.tf alone reads the other files of its folder for what they
    declare: the findings are the whole module's at main.tf (its suppressions apply);
    variables.tf is context, neither checked nor reported on."""
    _eu_module(tmp_path)
    only = check(["infra/main.tf"], policy="privacy-policy.yaml", cwd=tmp_path)
    whole = check(["infra"], policy="privacy-policy.yaml", cwd=tmp_path)
    found = [(f.path, f.line, f.column, f.code, f.suppressed) for f in only.findings]
    assert found == [
        ("infra/main.tf", 2, 12, "PL501", False),
        ("infra/main.tf", 6, 12, "PL501", True),
    ]
    assert only.findings == whole.findings
    assert only.files == ["infra/main.tf"]
    assert "`provider.aws.region` hosts data in `us-west-2`" in only.findings[0].message


def test_a_run_of_one_file_counts_and_shows_only_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from policylint.cli import main

    _eu_module(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-cache", "infra/main.tf"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("infra/main.tf:2:12: PL501 `provider.aws.region`")
    assert "variables.tf" not in out
    assert "Found 1 error in 1 file checked, 1 suppressed." in out


def test_the_api_follows_absolute_paths_into_the_module(tmp_path: Path) -> None:
    """Named by absolute path, from another working folder: the same folder is read."""
    _eu_module(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = check(
        [tmp_path / "infra" / "main.tf"], policy=tmp_path / "privacy-policy.yaml", cwd=elsewhere
    )
    assert [(f.path, f.line, f.code) for f in result.findings if not f.suppressed] == [
        ("../infra/main.tf", 2, "PL501")
    ]
    assert result.files == ["../infra/main.tf"]


def test_only_the_folder_of_the_reference_is_its_module(tmp_path: Path) -> None:
    """Another folder's variables are another module's: not the parent's, not a child's,
    not a neighbour's."""
    _eu_module(tmp_path)
    child = tmp_path / "infra" / "child" / "main.tf"
    child.parent.mkdir()
    child.write_text('provider "aws" {\n  region = var.region\n}\n', encoding="utf-8")
    (tmp_path / "infra" / "inner" / "variables.tf").parent.mkdir()
    (tmp_path / "infra" / "inner" / "variables.tf").write_text(
        'variable "logs_region" {\n  default = "us-east-2"\n}\n', encoding="utf-8"
    )
    for named in (["other/main.tf"], ["infra/child/main.tf"], ["other/main.tf", "infra/child"]):
        assert check(named, policy="privacy-policy.yaml", cwd=tmp_path).findings == []
    only = check(["infra/main.tf"], policy="privacy-policy.yaml", cwd=tmp_path)
    assert [(f.line, f.suppressed) for f in only.findings] == [(2, False), (6, True)]


@pytest.mark.parametrize(
    "variables",
    [
        'variable "region" {\n  default = \n}\n',  # a syntax error
        b'variable "region" {\n  default = "us-west-2\xff"\n}\n',  # not UTF-8
    ],
)
def test_a_sibling_that_cannot_be_read_is_no_context(
    tmp_path: Path, variables: str | bytes
) -> None:
    """Nothing is reported in it (it is not checked): its references stay unfollowed, and
    a suppression on them cannot be judged."""
    _eu_module(tmp_path)
    path = tmp_path / "infra" / "variables.tf"
    if isinstance(variables, bytes):
        path.write_bytes(variables)
    else:
        path.write_text(variables, encoding="utf-8")
    result = check(
        ["infra/main.tf"],
        policy="privacy-policy.yaml",
        cwd=tmp_path,
        report_unused_ignores=True,
    )
    assert result.findings == []
    assert result.files == ["infra/main.tf"]


def test_a_sibling_declaring_the_name_twice_takes_the_first_in_path_order(
    tmp_path: Path,
) -> None:
    """Terraform refuses a name declared twice; the first file's value is taken, whether
    the run checks the files or reads them for context."""
    _eu_module(tmp_path)
    (tmp_path / "infra" / "a.tf").write_text(
        'variable "region" {\n  default = "us-east-2"\n}\n', encoding="utf-8"
    )
    for named in (["infra/main.tf"], ["infra"]):
        result = check(named, policy="privacy-policy.yaml", cwd=tmp_path)
        shown = [(f.path, f.line, f.message) for f in result.findings if not f.suppressed]
        assert len(shown) == 1 and shown[0][:2] == ("infra/main.tf", 2)
        assert "hosts data in `us-east-2`" in shown[0][2]


def test_a_tagged_default_is_checked_once_where_it_is_written(tmp_path: Path) -> None:
    """Tagging the default (what a pre-commit run of main.tf alone needs) states the value
    where it is written; the reference in main.tf does not state it again."""
    _eu_module(tmp_path)
    variables = tmp_path / "infra" / "variables.tf"
    text = variables.read_text(encoding="utf-8")
    variables.write_text(
        text.replace('"us-west-2"', '"us-west-2" # @policy hosting.region'), encoding="utf-8"
    )
    result = check(["."], policy="privacy-policy.yaml", cwd=tmp_path)
    assert [(f.path, f.line, f.code) for f in result.findings if not f.suppressed] == [
        ("infra/variables.tf", 2, "PL501")
    ]


def test_a_suppression_on_a_reference_is_judged_only_when_it_is_followed(
    tmp_path: Path,
) -> None:
    """With ``--report-unused-ignores``: a suppression on a followed reference is judged,
    and one that silences nothing is reported (``var.logs_region`` is in the EU), in a
    run of main.tf alone as in the whole module's; when the file declaring the names cannot
    be read, whether it silences anything cannot be told (no PL001)."""
    _eu_module(tmp_path)
    main_tf = tmp_path / "infra" / "main.tf"
    text = main_tf.read_text(encoding="utf-8")
    main_tf.write_text(
        text.replace("var.logs_region", "var.logs_region # policylint: ignore[PL501]"),
        encoding="utf-8",
    )
    for named in (["infra/main.tf"], ["."]):
        result = check(
            named, policy="privacy-policy.yaml", cwd=tmp_path, report_unused_ignores=True
        )
        assert [(f.path, f.line, f.code, f.suppressed) for f in result.findings] == [
            ("infra/main.tf", 2, "PL501", False),
            ("infra/main.tf", 6, "PL501", True),
            ("infra/main.tf", 10, "PL001", False),
        ]
    (tmp_path / "infra" / "variables.tf").write_text("variable {", encoding="utf-8")
    alone = check(
        ["infra/main.tf"], policy="privacy-policy.yaml", cwd=tmp_path, report_unused_ignores=True
    )
    assert alone.findings == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_module_variables_are_followed_alike_with_a_warm_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    """The references and the values are facts of their own files' entries; the
    resolution is the run's: a warm run says what the cold one said, and a changed
    variables.tf changes the finding."""
    from policylint.cli import main

    _eu_module(tmp_path)
    for n in range(70):  # more files than a run checks in one process
        (tmp_path / "pad" / f"p{n:02}.tf").parent.mkdir(exist_ok=True)
        (tmp_path / "pad" / f"p{n:02}.tf").write_text(f'locals {{\n  n = "{n}"\n}}\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POLICYLINT_CACHE_DIR", str(tmp_path / ".cache"))
    outputs = []
    for _ in ("cold", "warm"):
        assert main(["check", "--jobs", jobs, "--format", "json"]) == 1
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and '"line": 2' in outputs[0]
    variables = tmp_path / "infra" / "variables.tf"
    variables.write_text(variables.read_text().replace("us-west-2", "eu-central-1"))
    assert main(["check", "--jobs", jobs, "--format", "json"]) == 0
    capsys.readouterr()


def test_a_warm_run_of_one_file_sees_its_module_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """main.tf's cache entry does not stand for variables.tf: with main.tf unchanged, each
    change of the default changes the finding of a run of main.tf alone."""
    from policylint.cli import main

    _eu_module(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POLICYLINT_CACHE_DIR", str(tmp_path / ".cache"))
    variables = tmp_path / "infra" / "variables.tf"
    text = variables.read_text(encoding="utf-8")

    def run(default: str) -> tuple[int, str]:
        variables.write_text(text.replace("us-west-2", default), encoding="utf-8")
        code = main(["check", "--format", "json", "infra/main.tf"])
        return code, capsys.readouterr().out

    cold, warm = run("us-east-2"), run("us-east-2")
    assert cold == warm and cold[0] == 1 and "hosts data in `us-east-2`" in cold[1]
    assert '"path": "infra/variables.tf"' not in cold[1]
    assert run("eu-west-1")[0] == 0
    code, out = run("us-east-2")
    assert code == 1 and out == cold[1]


def test_runs_following_into_modules_are_alike_whatever_the_jobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """More files than one process checks, each module's values in a file not checked."""
    from policylint.cli import main

    (tmp_path / "privacy-policy.yaml").write_text(
        "version: 1\nhosting:\n  regions: [eu]\n", encoding="utf-8"
    )
    named = []
    for n in range(70):
        folder = tmp_path / "modules" / f"m{n:02}"
        folder.mkdir(parents=True)
        (folder / "main.tf").write_text('provider "aws" {\n  region = var.region\n}\n')
        region = "us-east-2" if n % 2 else "eu-west-1"
        (folder / "variables.tf").write_text(f'variable "region" {{ default = "{region}" }}\n')
        named.append(f"modules/m{n:02}/main.tf")
    monkeypatch.chdir(tmp_path)
    outputs = []
    for jobs in ("1", "2"):
        assert main(["check", "--no-cache", "--jobs", jobs, "--format", "json", *named]) == 1
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    report = json.loads(outputs[0])
    assert report["summary"]["files"] == 70
    assert [(f["path"], f["line"], f["code"]) for f in report["findings"]] == [
        (f"modules/m{n:02}/main.tf", 2, "PL501") for n in range(1, 70, 2)
    ]


def test_a_syntax_error_is_pl100_and_the_other_files_are_checked(tmp_path: Path) -> None:
    shutil.copytree(MODULE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "broken.tf").write_text(
        'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n  region = \n}\n',
        encoding="utf-8",
    )
    result = check(["."], policy="privacy-policy.yaml", cwd=tmp_path)
    found = [(f.path, f.line, f.column, f.code) for f in result.findings]
    assert ("broken.tf", 3, 12, "PL100") in found
    assert ("providers.tf", 15, 12, "PL501") in found
    assert len(found) == 5


def test_fingerprints_survive_line_shifts(tmp_path: Path) -> None:
    text = 'provider "aws" {\n  region = "us-east-1"\n}\n'
    (tmp_path / "privacy-policy.yaml").write_text(
        "version: 1\nhosting:\n  regions: [eu]\n", encoding="utf-8"
    )
    (tmp_path / "main.tf").write_text(text, encoding="utf-8")
    before = check(["main.tf"], policy="privacy-policy.yaml", cwd=tmp_path).findings
    (tmp_path / "main.tf").write_text("# providers\n\n" + text, encoding="utf-8")
    after = check(["main.tf"], policy="privacy-policy.yaml", cwd=tmp_path).findings
    assert [f.line for f in before] == [2] and [f.line for f in after] == [4]
    assert [f.fingerprint for f in before] == [f.fingerprint for f in after]


def test_the_hcl_parser_is_imported_only_to_read_a_file() -> None:
    code = (
        "import sys; import policylint.readers.terraform; "
        "assert 'hcl2' not in sys.modules and 'lark' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
