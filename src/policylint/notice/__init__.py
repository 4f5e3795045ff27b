"""Read a privacy notice into the promises it makes, and compare them with a policy.

SPEC section 9. The public API, on which the CLI commands are built:

``extract(path) -> Extraction``
    Read a notice file: plain text, Markdown (``.md``) or HTML (``.html``), in English,
    Dutch, French or German (detected). ``Extraction.language`` is the language code,
    ``.facts`` the :class:`ExtractedFact` list (``path``, ``value``, ``line``, ``quote``,
    ``note``) and ``.skipped`` the :class:`Skipped` statements (``line``, ``quote``,
    ``reason``, ``topic``) it recognised but could not decide, both in the notice's order.
    Deterministic; no network, no model. Raises ``OSError`` when the file cannot be read,
    ``UnicodeDecodeError`` when it is not UTF-8. ``extract_text(text, fmt, source,
    language)`` does the same for text in hand.

``render_policy(extraction) -> str``
    A draft policy in the SPEC section 1 format, as YAML text that validates against
    ``schemas/policy.schema.json``: every value carries a ``# notice line N: "words"``
    comment, every undecided statement a ``# not decided: ...`` comment.

``diff_policy(extraction, policy_path) -> list[Disagreement]``
    Where the notice and the policy file disagree (retention per category, minimum age,
    hosting regions and transfers, cookie categories, sale of data); each
    :class:`Disagreement` has ``path``, ``message``, ``notice_line``, ``policy_line``,
    ``notice_value`` and ``policy_value``. ``diff(facts, mapping, PolicyLines)`` compares
    with a policy already loaded.

The commands:

- ``policylint notice extract FILE [--output OUT]``: ``render_policy(extract(FILE))``
  to standard output or OUT;
- ``policylint notice diff FILE [--policy POLICY]``: print each disagreement of
  ``diff_policy(extract(FILE), POLICY)`` as ``POLICY:policy_line: message (notice
  FILE:notice_line)``; exit 1 when there is one;
- ``policylint policy init --from-notice FILE``: write ``render_policy(extract(FILE))``.

The fact paths are listed in :mod:`policylint.notice.model`, the patterns in
:mod:`policylint.notice.patterns` and its ``patterns_<language>`` modules.
"""

from __future__ import annotations

from policylint.notice.diff import Disagreement, PolicyLines, diff, diff_policy
from policylint.notice.extract import extract, extract_text
from policylint.notice.model import ExtractedFact, Extraction, Skipped
from policylint.notice.render import render_policy

__all__ = [
    "Disagreement",
    "ExtractedFact",
    "Extraction",
    "PolicyLines",
    "Skipped",
    "diff",
    "diff_policy",
    "extract",
    "extract_text",
    "render_policy",
]
