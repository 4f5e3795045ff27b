"""Comparing a notice with a policy: every disagreement, with both lines; none for the
example policies."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from policylint.notice import Disagreement, PolicyLines, diff, diff_policy, extract, extract_text

REPO = Path(__file__).resolve().parent.parent
NOTICES = REPO / "tests" / "data" / "notices"
BAD = NOTICES / "policies"


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, text in enumerate(lines, 1) if needle in text)


@pytest.mark.parametrize("notice", ["kraaft-en", "kraaft-nl"])
def test_an_ip_address_kept_two_years_is_caught(notice: str) -> None:
    policy = BAD / "kraaft-ip-p2y.yaml"
    [found] = diff_policy(extract(NOTICES / f"{notice}.txt"), policy)
    assert found.path == "categories[user.device.ip_address].retention"
    assert (found.notice_value, found.policy_value) == ("P1Y", "P2Y")
    assert found.notice_line == 43
    assert found.policy_line == _line_of(policy, "retention: P2Y")
    assert "P1Y" in found.message and "P2Y" in found.message


@pytest.mark.parametrize("notice", ["kraaft-en", "kraaft-nl"])
def test_hosting_in_the_us_is_caught(notice: str) -> None:
    policy = BAD / "kraaft-hosting-us.yaml"
    [found] = diff_policy(extract(NOTICES / f"{notice}.txt"), policy)
    assert found.path == "hosting.regions[us]"
    assert found.notice_line == 83
    assert found.policy_line == _line_of(policy, "regions: [eu, us]")
    assert "us" in found.message and "eu" in found.message


@pytest.mark.parametrize("notice", ["kraaft-en", "kraaft-nl"])
def test_analytics_cookies_are_caught(notice: str) -> None:
    policy = BAD / "kraaft-analytics.yaml"
    [found] = diff_policy(extract(NOTICES / f"{notice}.txt"), policy)
    assert found.path == "cookies.allowed[analytics]"
    assert found.notice_line == 97
    assert found.policy_line == _line_of(policy, "allowed: [strictly_necessary, analytics]")
    assert "rules out analytics" in found.message


@pytest.mark.parametrize(
    ("notice", "example"),
    [
        ("kraaft-en", "kraaft"),
        ("kraaft-nl", "kraaft"),
        ("alloclaim-en", "alloclaim"),
        ("letsbuild-nl", "letsbuild"),
        ("crisisconnect-nl", "crisisconnect"),
    ],
)
def test_the_example_policies_agree_with_their_notices(notice: str, example: str) -> None:
    policy = REPO / "examples" / example / "privacy-policy.yaml"
    assert diff_policy(extract(NOTICES / f"{notice}.txt"), policy) == []


def _diff(notice: str, policy: str, language: str = "en") -> list[Disagreement]:
    facts = extract_text(notice, language=language).facts
    return diff(facts, yaml.safe_load(policy), PolicyLines.from_text(policy))


def test_equal_periods_in_other_units_agree() -> None:
    policy = "version: 1\ncategories:\n  - category: user.device\n    retention: P12M\n"
    assert _diff("Your IP address is kept for 1 year.", policy) == []


def test_a_broader_policy_entry_answers_for_the_category() -> None:
    policy = "version: 1\ncategories:\n  - category: user.device\n    retention: P2Y\n"
    [found] = _diff("Your IP address is kept for 1 year.", policy)
    assert found.path == "categories[user.device].retention"
    assert found.policy_line == 4


def test_a_category_the_policy_does_not_allow() -> None:
    policy = "version: 1\ncategories:\n  - category: user.name\n"
    [found] = _diff("Your IP address is kept for 1 year.", policy)
    assert found.path == "categories[user.device.ip_address]"
    assert found.policy_line == 2
    assert "does not allow" in found.message


def test_retention_for_all_data_checks_every_entry() -> None:
    policy = (
        "version: 1\ncategories:\n  - category: user.name\n    retention: P36M\n"
        "  - category: user.contact.email\n    retention: P5Y\n"
    )
    [found] = _diff("We keep your data no longer than 36 months.", policy)
    assert found.path == "categories[user.contact.email].retention"
    assert found.policy_line == 6


def test_minimum_age_sale_and_transfers() -> None:
    policy = (
        "version: 1\nsubjects:\n  minimum_age: 13\nhosting:\n  transfers: forbidden\n"
        "sale_of_data: allowed\n"
    )
    notice = (
        "You must be at least 16 years old. We will never sell your personal data. "
        "Data may be transferred outside the EU under standard contractual clauses."
    )
    found = {d.path: d for d in _diff(notice, policy)}
    assert set(found) == {"subjects.minimum_age", "hosting.transfers", "sale_of_data"}
    assert found["subjects.minimum_age"].policy_line == 3
    assert found["hosting.transfers"].policy_line == 5
    assert found["sale_of_data"].policy_line == 6


def test_a_place_the_notice_names_that_the_policy_does_not_allow() -> None:
    policy = "version: 1\nhosting:\n  regions: [de]\n"
    [found] = _diff("Your data is hosted within the European Union.", policy)
    assert found.path == "hosting.regions"
    assert "hosted in eu" in found.message


def test_cookies_used_but_not_allowed_and_no_cookie_section() -> None:
    notice = "We use analytical cookies. We do not use advertising cookies."
    [used] = _diff(notice, "version: 1\ncookies:\n  allowed: [strictly_necessary]\n")
    assert used.path == "cookies.allowed" and "uses analytics" in used.message
    [ruled] = _diff(notice, "version: 1\n")
    assert ruled.path == "cookies" and "does not restrict cookies" in ruled.message


def test_policy_lines() -> None:
    lines = PolicyLines.from_text(
        "version: 1\nsubjects:\n  minimum_age: 15\ncategories:\n"
        "  - category: user.name\n    retention: P1Y\nhosting:\n  regions:\n    - eu\n"
    )
    assert lines.line("subjects.minimum_age") == 3
    assert lines.line("categories[user.name]") == 5
    assert lines.line("categories[user.name].retention") == 6
    assert lines.line("categories[user.name].purposes") == 5
    assert lines.line("hosting.regions[eu]") == 9
    assert lines.line("cookies.allowed[analytics]") == 1


PROCESSORS = "version: 1\nprocessors:\n  - name: {}\n    country: ie\n"


@pytest.mark.parametrize(
    ("declared", "disagree"),
    [
        ("Amazon Web Services", True),  # Mailchimp is not declared
        ("Mailchimp Inc.", False),  # the same organisation, with a corporate word
        ("Intuit Mailchimp", False),  # found by the words that found it in the notice
        ("Mailchimp Transactional", False),  # the notice's name found in the declared one
        ("Sendinblue", True),
    ],
)
def test_a_processor_the_notice_names_and_the_policy_does_not_declare(
    declared: str, disagree: bool
) -> None:
    notice = "We share your email address with Mailchimp, our newsletter provider."
    found = _diff(notice, PROCESSORS.format(declared))
    assert [(d.path, d.notice_line, d.policy_line) for d in found] == (
        [("processors", 1, 2)] if disagree else []
    )
    if disagree:
        assert "the notice names `Mailchimp` as a processor" in found[0].message


def test_a_policy_without_processors_does_not_agree_with_a_notice_naming_them() -> None:
    """An omitted section checks nothing, so the policy does not promise what the notice
    does: like a missing minimum age or cookie section, it is a disagreement."""
    notice = "We share your email address with Mailchimp, our newsletter provider."
    [found] = _diff(notice, "version: 1\n")
    assert (found.path, found.notice_line, found.policy_line) == ("processors", 1, 1)
    assert "declares no processors" in found.message


def test_a_policy_without_hosting_does_not_agree_with_eu_only_hosting() -> None:
    notice = (
        "Your data is hosted within the European Union. It is never transferred outside the EU."
    )
    found = {d.path: d for d in _diff(notice, "version: 1\nname: Example\n")}
    assert set(found) == {"hosting.regions", "hosting.transfers"}
    assert "states no hosting regions" in found["hosting.regions"].message
    assert "states nothing about transfers" in found["hosting.transfers"].message
    assert found["hosting.regions"].notice_value == "eu"
    assert found["hosting.transfers"].notice_value == "forbidden"


def test_a_service_of_a_declared_company_is_declared() -> None:
    """Google Analytics is Google's: a policy naming the company declares it."""
    notice = "We use Google Analytics to measure traffic."
    assert _diff(notice, PROCESSORS.format("Google Ireland Limited")) == []
    [found] = _diff(notice, PROCESSORS.format("Google Maps"))
    assert "`Google Analytics`" in found.message


@pytest.mark.parametrize(
    "notice",
    [
        "Your data is stored only within the European Union.",
        "Uw gegevens worden uitsluitend opgeslagen binnen de Europese Unie.",
        "Vos données sont stockées uniquement dans l'Union européenne.",
        "Ihre Daten werden ausschließlich innerhalb der EU gespeichert.",
    ],
)
def test_eu_hosting_only_and_a_policy_allowing_the_us(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], notice: str
) -> None:
    """SPEC section 9's example: the notice says EU hosting only, the policy allows us."""
    from policylint.cli import main

    (tmp_path / "notice.txt").write_text(f"Hosting\n\n{notice}\n", encoding="utf-8")
    policy = tmp_path / "privacy-policy.yaml"
    policy.write_text("version: 1\nhosting:\n  regions: [eu, us]\n", encoding="utf-8")
    code = main(["notice", "diff", str(tmp_path / "notice.txt"), "--policy", str(policy)])
    [found, total] = capsys.readouterr().out.splitlines()
    assert code == 1
    assert found.startswith(f"{policy}:3: the policy allows hosting in us; the notice says")
    assert found.endswith(f"(notice {tmp_path / 'notice.txt'}:3)")
    assert total == "Found 1 disagreement."


@pytest.mark.parametrize(
    ("named", "declared", "disagree"),
    [
        ("Mollie B.V.", "Mollie", False),
        ("Mollie B.V.", "Adyen", True),
        ("Acme Payments B.V.", "Acme Payments", False),  # a dotted legal form is a word
        ("Acme Payments B.V.", "Acme Payments BV", False),
        ("Acme Payments B.V.", "Acme Bank", True),
    ],
)
def test_a_processor_from_a_list_of_processors_and_the_policy(
    tmp_path: Path, named: str, declared: str, disagree: bool
) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text(
        f"Wij schakelen de volgende verwerkers in: {named} (Nederland) voor betalingen.\n",
        encoding="utf-8",
    )
    policy = tmp_path / "privacy-policy.yaml"
    policy.write_text(PROCESSORS.format(declared), encoding="utf-8")
    found = diff_policy(extract(notice), policy)
    assert [(d.path, d.notice_line, d.policy_line) for d in found] == (
        [("processors", 1, 2)] if disagree else []
    )
