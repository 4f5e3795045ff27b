"""The project config (SPEC section 8): ``.policylint.yaml`` or ``[tool.policylint]``.

Found by walking up from the working directory; validated against
``schemas/config.schema.json``; an unknown key or a bad value is a ConfigError (exit 2)
with the file, the line and the path to the key. Command-line options override it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policylint.errors import ConfigError
from policylint.validation import validate
from policylint.yamlnode import Node, SourceError, compose_all, to_python

CONFIG_FILENAME = ".policylint.yaml"


@dataclass
class Config:
    path: Path | None = None
    """The file the config came from (None: no config found)."""
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def base(self) -> Path:
        """Relative paths in the config are relative to its folder."""
        return self.path.parent if self.path else Path.cwd()

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def paths(self, key: str) -> list[Path]:
        return [self.base / p for p in self.values.get(key, ())]


def find_config(start: Path) -> Path | None:
    for directory in (start, *start.parents):
        for name in (CONFIG_FILENAME, ".policylint.yml"):
            if (directory / name).is_file():
                return directory / name
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and b"[tool.policylint" in pyproject.read_bytes():
            return pyproject
        if (directory / ".git").exists():
            return None
    return None


def load_config(start: Path, explicit: Path | None = None) -> Config:
    path = explicit or find_config(start)
    if path is None:
        return Config()
    if path.name == "pyproject.toml":
        values, lines = _from_pyproject(path)
        problems = validate(values, "config", None)
        details = [
            f"{path}:{_toml_line(lines, p.path)}:1: {_where(p.path)}{p.message}" for p in problems
        ]
    else:
        values, root = _from_yaml(path)
        problems = validate(values, "config", root)
        details = [f"{path}:{p.line}:{p.column}: {_where(p.path)}{p.message}" for p in problems]
    if details:
        raise ConfigError(f"invalid config {path}", details)
    return Config(path, values)


def _where(path: str) -> str:
    return f"at `{path.replace('/', '.')}`: " if path else ""


def _from_yaml(path: Path) -> tuple[dict[str, Any], Node | None]:
    try:
        docs = compose_all(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config {path}: {exc}") from None
    except SourceError as exc:
        raise ConfigError(
            f"invalid config {path}", [f"{path}:{exc.line}:{exc.column}: {exc.message}"]
        ) from None
    if not docs:
        return {}, None
    values = to_python(docs[0])
    if not isinstance(values, dict):
        raise ConfigError(f"invalid config {path}", [f"{path}:1:1: the config must be a mapping"])
    return values, docs[0]


def _from_pyproject(path: Path) -> tuple[dict[str, Any], list[str]]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid config {path}", [f"{path}: {exc}"]) from None
    values = data.get("tool", {}).get("policylint", {})
    return values, text.splitlines()


def _toml_line(lines: list[str], key_path: str) -> int:
    """The line of a key inside ``[tool.policylint]`` (TOML parsers give no positions)."""
    top = key_path.split("/")[0] if key_path else ""
    headers = (i for i, text in enumerate(lines) if text.strip().startswith("[tool.policylint"))
    start = next(headers, 0)
    for i in range(start, len(lines)):
        if top and lines[i].split("=")[0].strip().strip('"') == top:
            return i + 1
    return start + 1
