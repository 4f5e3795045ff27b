"""The repository's scripts and benchmark tools, loaded as modules for the tests that hold
them to their word (they are files, not packages)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent


def load(relative: str) -> ModuleType:
    """The module of the file at ``relative`` in the repository (``scripts/x.py``)."""
    path = REPO / relative
    name = "repofiles_" + relative.removesuffix(".py").replace("/", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module
