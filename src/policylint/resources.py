"""Where the shipped data lives: ``schemas/`` and ``rules/`` beside the package in a wheel,
at the repository root in a source checkout; ``data/`` always inside the package."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent
DATA = "data"
"""The folder of parsed data files in the cache folder."""


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


def load_data(name: str) -> Any:
    """A YAML data file inside the package (``data_path(name)``), as plain Python data.

    Parsing the larger ones takes tens of milliseconds; the run's cache folder
    (:func:`policylint.cache.activate`) keeps each one parsed, marshalled, with the hash of
    the file's bytes and the Python version it was parsed for: an entry that does not match
    both (or is damaged) is parsed again and replaced.
    """
    import marshal

    from policylint.cache import active, digest, read_entry, write_entry

    raw = data_path(name).read_bytes()
    cache = active()
    key = digest("data", sys.version, name, raw).encode("ascii")
    entry = cache.directory / DATA / name if cache.directory is not None else None
    if entry is not None:
        body = read_entry(entry)
        if body is not None and body.startswith(key):
            try:
                return marshal.loads(body[len(key) :])
            except (EOFError, ValueError, TypeError):
                pass
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(raw.decode("utf-8"), Loader=loader)
    folder = cache.folder(DATA) if entry is not None else None
    if folder is not None:
        try:
            body = key + marshal.dumps(data)
        except ValueError:  # a type marshal cannot keep: parsed on every run
            return data
        write_entry(folder / name, body)
    return data
