"""policylint: check that code keeps the promises of a privacy policy."""

from __future__ import annotations

__version__ = "0.1.0"
