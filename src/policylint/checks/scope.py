"""Which facts a built-in check can report on, so that the engine calls it on no other."""

from __future__ import annotations

from policylint.records import Record, record, setfield


@record
class Scope(Record):
    facts: tuple[type, ...]
    """The fact types the check reads (none: a run-level check)."""
    tagged: bool | None = None
    """For facts with a ``tag``: True for tagged ones only, False for untagged ones only."""
    by_tag: bool = False
    """Whether the check reports on a tagged fact depends on its tag alone (and the policy):
    a tag it was silent on once, it is silent on in every fact."""

    def __init__(
        self, facts: tuple[type, ...], tagged: bool | None = None, by_tag: bool = False
    ) -> None:
        setfield(self, "facts", facts)
        setfield(self, "tagged", tagged)
        setfield(self, "by_tag", by_tag)

    def covers(self, fact_type: type, tagged: bool) -> bool:
        if not issubclass(fact_type, self.facts):
            return False
        return self.tagged is None or not hasattr(fact_type, "tag") or self.tagged == tagged
