"""Sample project files several test modules write: one home, so that they stay alike."""

from __future__ import annotations

from pathlib import Path

FINANCIAL_SUMMARY = "summary: Financial data is kept no longer than the bookkeeping law asks.\n"
_FINANCIAL_RULE = (
    """\
code: ACME101
name: financial-retention
severity: {severity}
"""
    + FINANCIAL_SUMMARY
    + """\
rationale: The bookkeeping law says how long invoices are kept; nothing needs longer.
check:
  facts: field
  where: {{category: {{under: user.financial}}}}
  require: {{retention: {{at_most: P{years}Y}}}}
  message: "`{{name}}` keeps {{category}} for {{retention}}; at most P{years}Y{tail}"
examples:
  fail:
    - file: billing.schema.yaml
      content: |
        properties:
          iban:
            x-personal-data: {{category: user.financial.bank_account, retention: P90Y}}
      findings: ["3:5"]
  pass:
    - file: billing.schema.yaml
      content: |
        properties:
          iban:
            x-personal-data: {{category: user.financial.bank_account, retention: P1M}}
"""
)


def financial_rule(years: object = 7, severity: str = "error", tail: str = "") -> str:
    """A project rule, ACME101: financial data kept at most ``years`` years (``tail`` ends
    its message)."""
    return _FINANCIAL_RULE.format(years=years, severity=severity, tail=tail)


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Each file under ``root`` (folders made), text as UTF-8, byte for byte: no line end
    is translated."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
