"""Fides manifests: datasets, systems and policies read with exact positions, and Fides
policies evaluated with the verdicts of ``fides evaluate`` (rule PL801)."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from policylint.api import check
from policylint.checks.fides import Violation, compare, evaluate, lineage
from policylint.cli import main
from policylint.facts import Field, FileFacts, Tag
from policylint.findings import Finding
from policylint.readers import ReadOptions, read_file
from policylint.readers.fides import (
    FidesDataset,
    FidesDeclaration,
    FidesPolicy,
    FidesRule,
    Match,
    Scope,
    fides_retention,
    is_fides,
)
from policylint.yamlnode import compose_all

DATA = Path(__file__).parent / "data" / "fides"
EMPTY_POLICY = "version: 1\n"


def read(name: str) -> FileFacts:
    ff = read_file(DATA / name, name, ReadOptions())
    assert ff is not None, name
    return ff


def fields(ff: FileFacts) -> list[Field]:
    return [f for f in ff.facts if isinstance(f, Field)]


def of_type(ff: FileFacts, kind: type) -> list[Any]:
    return [f for f in ff.facts if isinstance(f, kind)]


# -- reading ------------------------------------------------------------------------------


def test_dataset_fields_at_their_data_categories() -> None:
    ff = read("demo_dataset.yml")
    assert ff.problems == []
    rows = [
        (f.location.pointer, f.location.line, f.location.column, f.container, f.tag)
        for f in fields(ff)
    ]
    after_deletion = "account_deletion+P30D"
    assert rows == [
        (
            "demo_users_dataset.users.created_at",
            16,
            7,
            "users",
            Tag(("system.operations",), retention=after_deletion),
        ),
        (
            "demo_users_dataset.users.email",
            20,
            7,
            "users",
            Tag(("user.contact.email",), retention=after_deletion),
        ),
        ("demo_users_dataset.users.first_name", 25, 7, "users", Tag(("user.name",), "P1Y")),
        ("demo_users_dataset.users.food_preference", 28, 13, "users", None),
        ("demo_users_dataset.users.address", 31, 13, "users", None),
        (
            "demo_users_dataset.users.address.state",
            37,
            9,
            "address",
            Tag(("user.contact.address.state",), retention=after_deletion),
        ),
        (
            "demo_users_dataset.users.address.postal_code",
            40,
            9,
            "address",
            Tag(
                ("user.contact.address.postal_code",),
                retention=after_deletion,
                subjects=("employee",),
            ),
        ),
        (
            "demo_users_dataset.users.uuid",
            44,
            7,
            "users",
            Tag(("user.unique_id",), retention=after_deletion),
        ),
        (
            "demo_users_dataset.visits",
            47,
            5,
            "demo_users_dataset",
            Tag(("user.device.cookie_id",), "P13M", purposes=("analytics.reporting",)),
        ),
        ("demo_users_dataset.visits.cookie", 51, 13, "visits", None),
        (
            "demo_users_dataset.visits.page",
            53,
            7,
            "visits",
            Tag(("system.operations",), "P13M", purposes=("analytics.reporting",)),
        ),
    ]
    assert {f.format for f in fields(ff)} == {"fides"}


def test_dataset_scopes_for_evaluation() -> None:
    [dataset] = of_type(read("demo_dataset.yml"), FidesDataset)
    assert dataset.key == "demo_users_dataset"
    assert [(s.kind, s.name, s.data_categories) for s in dataset.scopes] == [
        ("field", "demo_users_dataset.users.created_at", ("system.operations",)),
        ("field", "demo_users_dataset.users.email", ("user.contact.email",)),
        ("field", "demo_users_dataset.users.first_name", ("user.name",)),
        ("field", "demo_users_dataset.users.address.state", ("user.contact.address.state",)),
        (
            "field",
            "demo_users_dataset.users.address.postal_code",
            ("user.contact.address.postal_code",),
        ),
        ("field", "demo_users_dataset.users.uuid", ("user.unique_id",)),
        ("collection", "demo_users_dataset.visits", ("user.device.cookie_id",)),
        ("field", "demo_users_dataset.visits.page", ("system.operations",)),
    ]


def test_system_declarations_are_fields_and_declarations() -> None:
    ff = read("demo_system.yml")
    assert ff.problems == []
    analytics, marketing = fields(ff)
    assert (analytics.location.line, analytics.location.column) == (8, 9)
    assert analytics.format == "fides-system"
    assert analytics.container == "demo_analytics_system"
    assert analytics.name == "Analyze customer behaviour for improvements."
    assert analytics.tag == Tag(
        ("user.contact", "user.device.cookie_id"),
        purposes=("functional.service.improve",),
        subjects=("customer",),
    )
    assert (marketing.location.line, marketing.location.column) == (24, 9)
    assert marketing.location.pointer == (
        "demo_marketing_system.privacy_declarations.Collect data for marketing"
    )
    assert marketing.tag == Tag(
        ("user.contact.email", "user.device.cookie_id"),
        retention="P90D",
        purposes=("marketing.advertising",),
        subjects=("customer",),
        basis="consent",
    )
    declarations = of_type(ff, FidesDeclaration)
    assert [(d.system, d.data_use, d.dataset_references) for d in declarations] == [
        ("demo_analytics_system", "functional.service.improve", ("demo_users_dataset",)),
        ("demo_marketing_system", "marketing.advertising", ()),
    ]
    assert [d.location for d in declarations] == [analytics.location, marketing.location]


def test_policy_rules() -> None:
    [policy] = of_type(read("demo_policy.yml"), FidesPolicy)
    assert policy.key == "demo_privacy_policy"
    assert policy.rules == (
        FidesRule(
            "Reject Direct Marketing",
            Match("ANY", ("user.contact",)),
            Match("ANY", ("marketing.advertising",)),
            Match("ANY", ("customer",)),
        ),
    )


def test_manifests_fideslang_rejects_are_pl101_where_they_are_wrong() -> None:
    ff = read("invalid.yml")
    assert [(p.code, p.location.line, p.location.column) for p in ff.problems] == [
        ("PL101", 5, 9),
        ("PL101", 8, 27),
        ("PL101", 14, 36),
    ]
    assert "`data_use` is required" in ff.problems[0].message
    assert "'User.Contact'" in ff.problems[1].message
    assert "ANY, ALL, NONE, OTHER" in ff.problems[2].message
    # The malformed declarations and rule are left out; the rest is read.
    assert of_type(ff, FidesDeclaration) == []
    [policy] = of_type(ff, FidesPolicy)
    assert [r.name for r in policy.rules] == ["Good rule"]


@pytest.mark.parametrize(
    ("text", "fides"),
    [
        ("dataset:\n  - fides_key: users\n    collections: []\n", True),
        ("system:\n  - fides_key: app\n    privacy_declarations: []\n", True),
        ("policy:\n  - fides_key: main\n    rules: []\n", True),
        ("policy:\n  - name: no key\n", False),
        ("version: 1\ncategories:\n  - category: user.contact\n", False),
        ("dataset: users\n", False),
    ],
)
def test_what_is_a_fides_manifest(text: str, fides: bool) -> None:
    [doc] = compose_all(text)
    assert is_fides(doc) is fides


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30 days", "P30D"),
        ("1 year", "P1Y"),
        ("13 months", "P13M"),
        ("1 year and 6 months", "P1Y6M"),
        ("P90D", "P90D"),
        ("p2y", "P2Y"),
        ("account_deletion+P30D", "account_deletion+P30D"),
        ("indefinite", "indefinite"),
        ("30 days after account deletion", "account_deletion+P30D"),
        ("Two years after the end of the contract.", "contract_end+P2Y"),
        ("1 month after last activity", "last_activity+P1M"),
        ("No retention or erasure policy", None),
        ("Account termination", None),
        ("forever", None),
        ("3 days after something else", None),
        ("", None),
    ],
)
def test_fides_retention(text: str, expected: str | None) -> None:
    assert fides_retention(text) == expected


def test_retention_period_in_days() -> None:
    assert fides_retention("365", days=True) == "P365D"
    assert fides_retention("0", days=True) is None
    assert fides_retention("365") is None


# -- evaluation: the comparison of one rule part, as fides.core.evaluate does it ----------
# The cases of Fides's own tests of ``compare_rule_to_declaration``, with the parent
# relation written as dotted keys (``p1.k1`` is a child of ``p1``).

COMPARE = [
    ("ANY", ["k1"], ["k2", "k1"], {"k1"}),
    ("ANY", ["p1"], ["k2", "p1.k1"], {"p1.k1"}),
    ("ANY", ["k1"], ["k2", "k3"], set()),
    ("ANY", ["k1"], ["p2.k2", "k3"], set()),
    ("ALL", ["k1", "k3"], ["k3", "k1"], {"k3", "k1"}),
    ("ALL", ["p1", "p3"], ["p3.k3", "p1.k1"], {"p3.k3", "p1.k1"}),
    ("ALL", ["k1", "k3"], ["k2", "k1"], set()),
    ("ALL", ["k1", "p1", "k3"], ["k2", "p1.k1"], set()),
    ("NONE", ["k1"], ["k2", "k3"], {"k2", "k3"}),
    ("NONE", ["k1"], ["p2.k2", "k3"], {"p2.k2", "k3"}),
    ("NONE", ["k1"], ["k2", "k3", "k1"], set()),
    ("NONE", ["p1"], ["k2", "k3", "p1.k1"], set()),
    ("OTHER", ["k1"], ["k2", "k1"], {"k2"}),
    ("OTHER", ["p1"], ["k2", "p1.k1"], {"k2"}),
    ("OTHER", ["k1", "k3"], ["k1", "k3"], set()),
    ("OTHER", ["k1", "p3"], ["k1", "p3.k3"], set()),
    # a rule value never matches a declared ancestor of it
    ("ANY", ["p1.k1"], ["p1"], set()),
    # nothing declared: nothing is flagged, whatever the mode
    ("ANY", ["k1"], [], set()),
    ("ALL", ["k1"], [], set()),
    ("NONE", ["k1"], [], set()),
    ("OTHER", ["k1"], [], set()),
    # a key declared twice never satisfies ALL (distinct matches vs. declared entries)
    ("ALL", ["k1"], ["k1", "k1"], set()),
    ("ANY", ["k1"], ["k1", "k1"], {"k1"}),
]


@pytest.mark.parametrize(("matches", "values", "declared", "expected"), COMPARE)
def test_compare(matches: str, values: list[str], declared: list[str], expected: set[str]) -> None:
    assert compare(Match(matches, tuple(values)), declared) == expected


def test_subjects_are_not_hierarchical() -> None:
    assert compare(Match("ANY", ("p1",)), ["p1.k1"], hierarchical=False) == set()
    assert compare(Match("OTHER", ("p1",)), ["p1.k1"], hierarchical=False) == {"p1.k1"}


def test_lineage() -> None:
    assert lineage("user.contact.email") == ("user.contact.email", "user.contact", "user")
    assert lineage("customer") == ("customer",)


# -- evaluation: whole rules against whole declarations -----------------------------------


def _rule(categories: Any, uses: Any, subjects: Any, name: str = "rule") -> FidesRule:
    return FidesRule(name, Match(*categories), Match(*uses), Match(*subjects))


MARKETING_CONTACT = _rule(
    ("ANY", ("user.contact",)), ("ANY", ("marketing",)), ("ANY", ("customer",))
)

# (id, rule, declared categories, data use, subjects, expected flagged keys or None)
EVALUATE: list[tuple[str, FidesRule, list[str], str, list[str], Violation | None]] = [
    (
        "demo: contact data for advertising",
        MARKETING_CONTACT,
        ["user.contact.email", "user.device.cookie_id"],
        "marketing.advertising",
        ["customer"],
        Violation(
            frozenset({"user.contact.email"}),
            frozenset({"marketing.advertising"}),
            frozenset({"customer"}),
        ),
    ),
    (
        "a rule on `user` matches `user.contact.email`",
        _rule(("ANY", ("user",)), ("ANY", ("marketing",)), ("ANY", ("customer",))),
        ["user.contact.email"],
        "marketing.communications.email",
        ["customer"],
        Violation(
            frozenset({"user.contact.email"}),
            frozenset({"marketing.communications.email"}),
            frozenset({"customer"}),
        ),
    ),
    (
        "a rule on a child does not match its declared parent",
        _rule(("ANY", ("user.contact.email",)), ("ANY", ("marketing",)), ("ANY", ("customer",))),
        ["user.contact"],
        "marketing.advertising",
        ["customer"],
        None,
    ),
    (
        "the data use must flag too",
        MARKETING_CONTACT,
        ["user.contact.email"],
        "essential.service",
        ["customer"],
        None,
    ),
    (
        "the subjects must flag too",
        MARKETING_CONTACT,
        ["user.contact.email"],
        "marketing.advertising",
        ["employee"],
        None,
    ),
    (
        "no subjects: nothing flags, so no violation",
        MARKETING_CONTACT,
        ["user.contact.email"],
        "marketing.advertising",
        [],
        None,
    ),
    (
        "no subjects under NONE: still no violation",
        _rule(("ANY", ("user",)), ("ANY", ("marketing",)), ("NONE", ("employee",))),
        ["user.contact.email"],
        "marketing.advertising",
        [],
        None,
    ),
    (
        "NONE on subjects flags the others",
        _rule(("ANY", ("user",)), ("ANY", ("marketing",)), ("NONE", ("employee",))),
        ["user.contact.email"],
        "marketing.advertising",
        ["customer", "prospect"],
        Violation(
            frozenset({"user.contact.email"}),
            frozenset({"marketing.advertising"}),
            frozenset({"customer", "prospect"}),
        ),
    ),
    (
        "OTHER on data uses: anything but the allowed uses",
        _rule(("ANY", ("user",)), ("OTHER", ("essential",)), ("ANY", ("customer",))),
        ["user.device.ip_address"],
        "analytics.reporting",
        ["customer"],
        Violation(
            frozenset({"user.device.ip_address"}),
            frozenset({"analytics.reporting"}),
            frozenset({"customer"}),
        ),
    ),
    (
        "OTHER on data uses: an allowed use is kept",
        _rule(("ANY", ("user",)), ("OTHER", ("essential",)), ("ANY", ("customer",))),
        ["user.device.ip_address"],
        "essential.service.security",
        ["customer"],
        None,
    ),
    (
        "ALL on categories: every declared category is contact data",
        _rule(("ALL", ("user.contact",)), ("ANY", ("marketing",)), ("ANY", ("customer",))),
        ["user.contact.email", "user.contact.phone_number"],
        "marketing.advertising",
        ["customer"],
        Violation(
            frozenset({"user.contact.email", "user.contact.phone_number"}),
            frozenset({"marketing.advertising"}),
            frozenset({"customer"}),
        ),
    ),
    (
        "ALL on categories: one category is not",
        _rule(("ALL", ("user.contact",)), ("ANY", ("marketing",)), ("ANY", ("customer",))),
        ["user.contact.email", "user.device.ip_address"],
        "marketing.advertising",
        ["customer"],
        None,
    ),
    (
        "NONE on categories: no declared category is allowed",
        _rule(("NONE", ("system",)), ("ANY", ("analytics",)), ("ANY", ("customer",))),
        ["user.name", "user.device.cookie_id"],
        "analytics.reporting.ad_performance",
        ["customer"],
        Violation(
            frozenset({"user.name", "user.device.cookie_id"}),
            frozenset({"analytics.reporting.ad_performance"}),
            frozenset({"customer"}),
        ),
    ),
    (
        "NONE on categories: one allowed category clears the rule",
        _rule(("NONE", ("system",)), ("ANY", ("analytics",)), ("ANY", ("customer",))),
        ["user.name", "system.operations"],
        "analytics.reporting",
        ["customer"],
        None,
    ),
    (
        "subjects: one of several is enough for ANY",
        _rule(("ANY", ("user",)), ("ANY", ("marketing",)), ("ANY", ("customer",))),
        ["user.name"],
        "marketing",
        ["employee", "customer"],
        Violation(frozenset({"user.name"}), frozenset({"marketing"}), frozenset({"customer"})),
    ),
]


@pytest.mark.parametrize(
    ("rule", "categories", "use", "subjects", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in EVALUATE],
)
def test_evaluate(
    rule: FidesRule,
    categories: list[str],
    use: str,
    subjects: list[str],
    expected: Violation | None,
) -> None:
    assert evaluate(rule, categories, use, subjects) == expected


def _yaml_keys(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(values) + "]"


def _manifest(rules: list[FidesRule], categories: list[str], use: str, subjects: list[str]) -> str:
    lines = ["policy:", "  - fides_key: table_policy", "    rules:"]
    for rule in rules:
        lines.append(f"      - name: {rule.name}")
        for key, match in (
            ("data_categories", rule.data_categories),
            ("data_uses", rule.data_uses),
            ("data_subjects", rule.data_subjects),
        ):
            values = _yaml_keys(match.values)
            lines.append(f"        {key}: {{matches: {match.matches}, values: {values}}}")
    lines += [
        "system:",
        "  - fides_key: table_system",
        "    system_type: Service",
        "    privacy_declarations:",
        "      - name: Declaration",
        f"        data_categories: {_yaml_keys(tuple(categories))}",
        f"        data_use: {use}",
        f"        data_subjects: {_yaml_keys(tuple(subjects))}",
    ]
    return "\n".join(lines) + "\n"


def run(tmp_path: Path, files: dict[str, str], *paths: str, **kw: Any) -> list[Finding]:
    (tmp_path / "privacy-policy.yaml").write_text(kw.pop("policy", EMPTY_POLICY), "utf-8")
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text), "utf-8")
    result = check(list(paths or files), policy="privacy-policy.yaml", cwd=tmp_path, **kw)
    return result.findings


def pl801(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.code == "PL801"]


@pytest.mark.parametrize(
    ("rule", "categories", "use", "subjects", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in EVALUATE],
)
def test_evaluate_through_the_manifests(
    tmp_path: Path,
    rule: FidesRule,
    categories: list[str],
    use: str,
    subjects: list[str],
    expected: Violation | None,
) -> None:
    manifest = _manifest([rule], categories, use, subjects)
    found = pl801(run(tmp_path, {"fides.yml": manifest}))
    if expected is None:
        assert found == []
        return
    [finding] = found
    assert (finding.path, finding.line, finding.column) == ("fides.yml", 12, 9)
    flagged = ", ".join(sorted(expected.data_categories))
    assert f"data categories {flagged} for data use {use}" in finding.message
    assert "rule `rule` of Fides policy `table_policy`" in finding.message


def test_multiple_rules_each_a_finding(tmp_path: Path) -> None:
    rules = [
        _rule(("ANY", ("user",)), ("ANY", ("marketing",)), ("ANY", ("customer",)), "first"),
        _rule(("ANY", ("user.name",)), ("ANY", ("marketing",)), ("ANY", ("customer",)), "second"),
        _rule(("ANY", ("user.contact",)), ("ANY", ("marketing",)), ("ANY", ("customer",)), "third"),
    ]
    manifest = _manifest(rules, ["user.contact.email"], "marketing.advertising", ["customer"])
    found = pl801(run(tmp_path, {"fides.yml": manifest}))
    assert [(f.line, f.column) for f in found] == [(20, 9), (20, 9)]
    assert "rule `first`" in found[0].message
    assert "rule `third`" in found[1].message
    assert len({f.fingerprint for f in found}) == 2


# -- the demo manifests, across files -----------------------------------------------------


def demo(tmp_path: Path, *names: str, **kw: Any) -> list[Finding]:
    files = {name: (DATA / name).read_text(encoding="utf-8") for name in names}
    return run(tmp_path, files, **kw)


def test_demo_resources(tmp_path: Path) -> None:
    found = demo(tmp_path, "demo_dataset.yml", "demo_system.yml", "demo_policy.yml")
    [finding] = pl801(found)
    assert (finding.path, finding.line, finding.column) == ("demo_system.yml", 24, 9)
    assert finding.severity == "error"
    assert finding.message == (
        "declaration `Collect data for marketing` of Fides system `demo_marketing_system` "
        "violates rule `Reject Direct Marketing` of Fides policy `demo_privacy_policy`: "
        "data categories user.contact.email for data use marketing.advertising and subjects "
        "customer (the rule flags data categories ANY of user.contact; data uses ANY of "
        "marketing.advertising; data subjects ANY of customer); change the declaration or "
        "the policy"
    )


def test_multiple_policies(tmp_path: Path) -> None:
    names = ("demo_dataset.yml", "demo_system.yml", "demo_policy.yml", "more_policies.yml")
    found = pl801(demo(tmp_path, *names))
    assert [(f.path, f.line, f.column) for f in found] == [("demo_system.yml", 24, 9)] * 2
    demo_rule, minimize = sorted(found, key=lambda f: "demo_privacy_policy" not in f.message)
    assert (
        "rule `Reject Direct Marketing` of Fides policy `demo_privacy_policy`" in demo_rule.message
    )
    assert (
        "rule `No user data outside the service` of Fides policy `minimize_identifiable_data`"
        in minimize.message
    )
    # ``user`` is an ancestor of both declared categories
    assert "data categories user.contact.email, user.device.cookie_id for" in minimize.message
    # Nothing at the analytics declaration (line 8): its dataset has a field about
    # employees, but Fides evaluates dataset fields with the declaration's subjects.
    assert "No employee data" not in demo_rule.message + minimize.message


def _scope(message: str) -> str:
    found = re.search(r"data categories [^`]* in `([^`]+)` for data use", message)
    return found.group(1) if found else ""


def test_referenced_datasets_are_evaluated_scope_by_scope(tmp_path: Path) -> None:
    policy = """\
        policy:
          - fides_key: no_improvement_from_user_data
            rules:
              - name: No user data to improve the product
                data_categories: {matches: ANY, values: [user]}
                data_uses: {matches: ANY, values: [functional]}
                data_subjects: {matches: ANY, values: [customer]}
        """
    files = {
        name: (DATA / name).read_text("utf-8") for name in ("demo_dataset.yml", "demo_system.yml")
    }
    found = pl801(run(tmp_path, {**files, "policy.yml": policy}))
    assert {(f.path, f.line, f.column) for f in found} == {("demo_system.yml", 8, 9)}
    scopes = sorted(_scope(f.message) for f in found)
    assert scopes == [
        "",  # the declaration itself
        "demo_users_dataset.users.address.postal_code",
        "demo_users_dataset.users.address.state",
        "demo_users_dataset.users.email",
        "demo_users_dataset.users.first_name",
        "demo_users_dataset.users.uuid",
        "demo_users_dataset.visits",
    ]
    assert len({f.fingerprint for f in found}) == 7


def test_a_missing_dataset_is_a_finding(tmp_path: Path) -> None:
    found = pl801(demo(tmp_path, "missing_dataset_system.yml", "demo_policy.yml"))
    assert [(f.path, f.line, f.column) for f in found] == [("missing_dataset_system.yml", 5, 9)] * 2
    assert any("references dataset `warehouse_dataset`" in f.message for f in found)
    assert any("violates rule `Reject Direct Marketing`" in f.message for f in found)


def test_no_fides_policy_no_evaluation(tmp_path: Path) -> None:
    found = demo(tmp_path, "missing_dataset_system.yml", "demo_system.yml")
    assert pl801(found) == []


def test_other_rules_apply_to_declarations(tmp_path: Path) -> None:
    policy = textwrap.dedent(
        """\
        version: 1
        categories:
          - category: user.contact
            purposes: [essential.service]
        """
    )
    names = ("demo_dataset.yml", "demo_system.yml", "demo_policy.yml")
    found = demo(tmp_path, *names, policy=policy)
    rows = [(f.line, f.code) for f in found if f.path == "demo_system.yml"]
    assert rows == [
        (8, "PL201"),  # user.device.cookie_id is not allowed
        (8, "PL601"),  # user.contact for functional.service.improve
        (24, "PL201"),
        (24, "PL601"),
        (24, "PL801"),
    ]


def test_pl801_is_suppressed_by_a_comment(tmp_path: Path) -> None:
    system = (DATA / "demo_system.yml").read_text("utf-8")
    system = system.replace(
        "      - name: Collect data for marketing\n",
        "      # policylint: ignore[PL801]\n      - name: Collect data for marketing\n",
    )
    found = run(
        tmp_path,
        {
            "demo_system.yml": system,
            "demo_policy.yml": (DATA / "demo_policy.yml").read_text("utf-8"),
            "demo_dataset.yml": (DATA / "demo_dataset.yml").read_text("utf-8"),
        },
    )
    assert [(f.line, f.suppressed) for f in pl801(found)] == [(25, True)]


def test_pl801_not_selected(tmp_path: Path) -> None:
    found = demo(tmp_path, "demo_system.yml", "demo_policy.yml", select=["PL2"])
    assert pl801(found) == []


def test_dataset_and_declaration_facts_are_plain_data() -> None:
    import pickle

    ff = read("demo_dataset.yml")
    assert pickle.loads(pickle.dumps(ff)).facts == ff.facts
    scope = Scope("field", "d.c.f", ("user.name",))
    assert pickle.loads(pickle.dumps(scope)) == scope


def test_an_alias_to_a_field_inside_itself_is_not_followed(tmp_path: Path) -> None:
    path = tmp_path / "dataset.yml"
    path.write_text(
        textwrap.dedent(
            """\
            dataset:
            - fides_key: d
              collections:
              - name: c
                fields:
                - &f
                  name: a
                  data_categories: [user.name]
                  fields:
                  - *f
            """
        ),
        encoding="utf-8",
    )
    ff = read_file(path, "dataset.yml", ReadOptions())
    assert ff is not None and ff.problems == []
    assert [f.location.pointer for f in fields(ff)] == ["d.c.a"]


# -- retention: where a manifest states it, through the command line ----------------------
RETENTION_POLICY = """\
version: 1
require_retention: true
categories:
  - category: user.device.ip_address
    retention: P90D
"""


def _system(retention: str) -> str:
    return (
        "system:\n"
        "  - fides_key: app\n"
        "    privacy_declarations:\n"
        "      - name: Security\n"
        "        data_categories: [user.device.ip_address]\n"
        "        data_use: essential.service.security\n"
        "        data_subjects: [customer]\n"
        f"{retention}"
    )


def _dataset(retention: str) -> str:
    return (
        "dataset:\n"
        "  - fides_key: logs\n"
        "    collections:\n"
        "      - name: requests\n"
        "        fields:\n"
        "          - name: client_ip\n"
        "            data_categories: [user.device.ip_address]\n"
        f"{retention}"
    )


def _cli(
    root: Path, name: str, text: str, capsys: pytest.CaptureFixture[str]
) -> list[tuple[str, str, int, int, str]]:
    (root / "privacy-policy.yaml").write_text(RETENTION_POLICY, encoding="utf-8")
    (root / name).write_text(text, encoding="utf-8")
    code = main(["check", "--no-cache", "--format", "json", name])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return [
        (f["code"], f["severity"], f["line"], f["column"], f["message"])
        for f in json.loads(out)["findings"]
    ]


@pytest.mark.parametrize(
    "retention",
    ["", "        retention: P30D\n", "        retention_period: No retention or erasure policy\n"],
    ids=["none", "retention", "unreadable"],
)
def test_a_declaration_without_retention_is_told_to_add_retention_period(
    chdir_tmp: Path, retention: str, capsys: pytest.CaptureFixture[str]
) -> None:
    [(code, severity, line, column, message)] = _cli(
        chdir_tmp, "system.yml", _system(retention), capsys
    )
    assert (code, severity, line, column) == ("PL301", "error", 4, 9)
    assert "`retention_period`" in message
    assert "add `retention` to the tag" not in message


@pytest.mark.parametrize(
    ("retention", "expected"),
    [
        ('"30"', []),  # days, as the Fides UI writes it
        ("30 days", []),
        ("P3M", ["PL302"]),  # 3 months: more than 90 days
        ('"400"', ["PL302"]),
        ("P1Y", ["PL302"]),
        ("1 year", ["PL302"]),
        ("account_deletion+P30D", ["PL302"]),  # another anchor: cannot be compared
    ],
)
def test_retention_period_is_compared_as_a_retention(
    chdir_tmp: Path, retention: str, expected: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    text = _system(f"        retention_period: {retention}\n")
    assert [row[0] for row in _cli(chdir_tmp, "system.yml", text, capsys)] == expected


def test_a_dataset_field_without_retention_is_told_where_retention_goes(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [(code, _, line, column, message)] = _cli(chdir_tmp, "dataset.yml", _dataset(""), capsys)
    assert (code, line, column) == ("PL301", 7, 13)
    assert message.endswith("add `retention` to the field, its collection or its dataset")
    stated = _dataset("            retention: 30 days\n")
    assert _cli(chdir_tmp, "dataset.yml", stated, capsys) == []
