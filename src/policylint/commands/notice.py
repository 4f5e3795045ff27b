"""``policylint notice extract|diff`` and ``policylint policy init``."""

from __future__ import annotations

from pathlib import Path

from policylint.atomic import write_text
from policylint.errors import UsageError

STARTER = """\
# A privacy policy as code: the promises of your privacy notice, checked by policylint.
# Format: SPEC section 1; `policylint taxonomy` lists the keys; every section is optional
# (an omitted section checks nothing).
version: 1
name: My application
controller: My Company Ltd
contact: privacy@example.com
categories:                          # what may be processed, and for how long at most
  - category: user.contact.email
    retention: account_deletion      # DURATION | ANCHOR | ANCHOR+DURATION | indefinite
    purposes: [essential.service]
  - category: user.device.ip_address
    retention: P1Y
    purposes: [essential.service.security]
require_retention: false             # true: a tagged field without retention is an error
subjects:
  minimum_age: 16                    # nobody younger may be a data subject
hosting:
  regions: [eu]                      # eu, eea, adequacy, or ISO 3166 country codes
  transfers: with_safeguards         # forbidden | with_safeguards
processors: []                       # {name, country, safeguards: [dpa, scc, ...]}
cookies:
  allowed: [strictly_necessary]      # strictly_necessary, functional, analytics, advertising
special_categories: forbidden        # forbidden | explicit_consent
sale_of_data: forbidden
"""


def _extract(notice: str):  # type: ignore[no-untyped-def]
    from policylint.notice import extract

    try:
        return extract(Path(notice))
    except FileNotFoundError:
        raise UsageError(f"notice not found: {notice}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{notice}: not UTF-8 text") from None
    except OSError as exc:
        raise UsageError(f"cannot read notice {notice}: {exc.strerror}") from None


def extract_notice(notice: str, output: str | None) -> str:
    """The draft policy; written to ``output`` when given (then returns a short note)."""
    from policylint.notice import render_policy

    text: str = render_policy(_extract(notice))
    if output:
        write_text(Path(output), text)
        return f"wrote {output}\n"
    return text


def diff_notice(notice: str, policy_option: str | None) -> tuple[str, int]:
    """Each disagreement as ``POLICY:LINE: message (notice FILE:LINE)``; exit 1 if any."""
    from policylint.config import load_config
    from policylint.notice import diff_policy
    from policylint.policy import find_policy, load_policy

    cwd = Path.cwd()
    config = load_config(cwd)
    configured = config.base / config.get("policy") if config.get("policy") else None
    policy_path = find_policy(cwd, policy_option, configured)
    load_policy(policy_path)  # an invalid policy is an error (exit 2) before any diff
    disagreements = diff_policy(_extract(notice), policy_path)
    lines = [
        f"{policy_path}:{d.policy_line or 1}: {d.message} (notice {notice}:{d.notice_line})"
        for d in disagreements
    ]
    if not lines:
        return f"{notice} and {policy_path} agree.\n", 0
    noun = "disagreement" if len(lines) == 1 else "disagreements"
    return "\n".join([*lines, f"Found {len(lines)} {noun}."]) + "\n", 1


def init_policy(from_notice: str | None, output: str, force: bool) -> str:
    target = Path(output)
    if target.exists() and not force:
        raise UsageError(f"{output} exists; use --force to replace it")
    if from_notice:
        from policylint.notice import render_policy

        text: str = render_policy(_extract(from_notice))
    else:
        text = STARTER
    write_text(target, text)
    return f"wrote {output}"
