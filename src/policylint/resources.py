"""Where the shipped data lives: ``schemas/`` and ``rules/`` beside the package in a wheel,
at the repository root in a source checkout; ``data/`` always inside the package."""

from __future__ import annotations

import functools
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def shipped_dir(name: str) -> Path:
    """The directory ``schemas`` or ``rules``, from an installed wheel or a source tree."""
    installed = _PACKAGE / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"policylint is installed without its {name}/ directory")


def schema_path(name: str) -> Path:
    """A JSON Schema shipped with policylint, e.g. ``schema_path("policy")``."""
    return shipped_dir("schemas") / f"{name}.schema.json"


def data_path(name: str) -> Path:
    """A data file inside the package, e.g. ``data_path("taxonomy.yaml")``."""
    return _PACKAGE / "data" / name
