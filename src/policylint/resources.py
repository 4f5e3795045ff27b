"""Where the shipped data lives: ``schemas/`` and ``rules/`` beside the package in a wheel,
at the repository root in a source checkout; ``data/`` always inside the package."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

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


def load_data(name: str) -> Any:
    """A YAML data file inside the package (``data_path(name)``), as plain Python data.

    Parsing the larger ones with YAML takes tens of milliseconds, in every process that
    needs them; each ships with a compiled twin beside it (``vocabulary.json`` for
    ``vocabulary.yaml``: :func:`compiled`), which ``json`` reads a hundred times faster. The
    twin is used when it was compiled from the YAML file's present bytes; otherwise the YAML
    file is parsed (``scripts/compile_data.py`` writes the twins, and the test suite holds
    them to their sources).
    """
    import json

    raw = data_path(name).read_bytes()
    try:
        twin = json.loads(_twin(name).read_bytes())
        if twin.get("source") == _digest(raw):
            return twin["data"]
    except (OSError, ValueError, AttributeError, KeyError):
        pass  # no twin, or a damaged one: the source says the same
    return _parse(raw)


def compiled(name: str) -> str:
    """The text of the compiled twin of data file ``name``: the digest of its source's
    bytes, and the data as JSON. ValueError for data JSON cannot hold as it is."""
    import json

    raw = data_path(name).read_bytes()
    data = _parse(raw)
    try:
        text = json.dumps({"source": _digest(raw), "data": data}, ensure_ascii=False, indent=0)
    except TypeError:
        text = ""
    if not text or json.loads(text)["data"] != data:
        raise ValueError(f"{name}: holds data JSON cannot keep as it is (keys or dates)")
    return text + "\n"


def data_files() -> list[str]:
    """The YAML data files shipped in the package."""
    return sorted(p.name for p in (_PACKAGE / "data").glob("*.yaml"))


def _twin(name: str) -> Path:
    return data_path(name).with_suffix(".json")


def _digest(raw: bytes) -> str:
    from policylint.cache import digest

    return digest("data", raw)


def _parse(raw: bytes) -> Any:
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(raw.decode("utf-8"), Loader=loader)
