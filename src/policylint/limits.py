"""What one file may hold, and the error for a file that cannot be read.

Apart from the YAML reader (:mod:`policylint.yamlnode` re-exports these) so that a run that
reads nothing afresh (every file answered by the result cache) never imports PyYAML.
"""

from __future__ import annotations

MAX_DEPTH = 500
"""Deepest nesting composed or converted; deeper is a :class:`SourceError` (``max_depth``)."""

MAX_NODES = 1_000_000
"""Most nodes a text may hold, each alias counted as the nodes it stands for (``max_nodes``)."""


class SourceError(Exception):
    """A file that cannot be parsed, with the 1-based position of the problem."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
