"""The policy file (SPEC section 1): found, loaded, validated, and asked questions."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policylint.errors import PolicyError, UsageError
from policylint.records import Record, field, record, setfield
from policylint.taxonomy import Taxonomy, is_under

if TYPE_CHECKING:
    from policylint import retention
    from policylint.projectcache import Inputs
    from policylint.retention import Retention
    from policylint.taxonomy import Tree
    from policylint.yamlnode import Node

POLICY_FILENAME = "privacy-policy.yaml"


@record
class CategoryRule(Record):
    """One ``categories`` entry: a category (and its descendants) that may be processed."""

    category: str
    retention: Retention | None = None
    purposes: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    line: int = 0

    def __init__(
        self,
        category: str,
        retention: Retention | None = None,
        purposes: tuple[str, ...] = (),
        subjects: tuple[str, ...] = (),
        line: int = 0,
    ) -> None:
        setfield(self, "category", category)
        setfield(self, "retention", retention)
        setfield(self, "purposes", purposes)
        setfield(self, "subjects", subjects)
        setfield(self, "line", line)


@record
class Processor(Record):
    """One ``processors`` entry: who processes data for the controller, and where."""

    name: str
    country: str | None = None
    safeguards: tuple[str, ...] = ()

    def __init__(
        self, name: str, country: str | None = None, safeguards: tuple[str, ...] = ()
    ) -> None:
        setfield(self, "name", name)
        setfield(self, "country", country)
        setfield(self, "safeguards", safeguards)


@record
class Policy(Record):
    """A validated policy. ``None`` for a section means the policy omits it: no check."""

    path: str
    digest: str
    taxonomy: Taxonomy
    name: str = ""
    controller: str = ""
    categories: tuple[CategoryRule, ...] | None = None
    require_retention: bool = False
    minimum_age: int | None = None
    allowed_subjects: tuple[str, ...] | None = None
    regions: tuple[str, ...] | None = None
    transfers: str | None = None
    processors: tuple[Processor, ...] | None = None
    cookies_allowed: tuple[str, ...] | None = None
    special_categories: str | None = None
    sale_of_data: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False)
    _rule_memo: dict[str, CategoryRule | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __init__(
        self,
        path: str,
        digest: str,
        taxonomy: Taxonomy,
        name: str = "",
        controller: str = "",
        categories: tuple[CategoryRule, ...] | None = None,
        require_retention: bool = False,
        minimum_age: int | None = None,
        allowed_subjects: tuple[str, ...] | None = None,
        regions: tuple[str, ...] | None = None,
        transfers: str | None = None,
        processors: tuple[Processor, ...] | None = None,
        cookies_allowed: tuple[str, ...] | None = None,
        special_categories: str | None = None,
        sale_of_data: str | None = None,
        raw: dict[str, Any] | None = None,
    ) -> None:
        setfield(self, "path", path)
        setfield(self, "digest", digest)
        setfield(self, "taxonomy", taxonomy)
        setfield(self, "name", name)
        setfield(self, "controller", controller)
        setfield(self, "categories", categories)
        setfield(self, "require_retention", require_retention)
        setfield(self, "minimum_age", minimum_age)
        setfield(self, "allowed_subjects", allowed_subjects)
        setfield(self, "regions", regions)
        setfield(self, "transfers", transfers)
        setfield(self, "processors", processors)
        setfield(self, "cookies_allowed", cookies_allowed)
        setfield(self, "special_categories", special_categories)
        setfield(self, "sale_of_data", sale_of_data)
        setfield(self, "raw", {} if raw is None else raw)
        setfield(self, "_rule_memo", {})

    def rule_for(self, category: str) -> CategoryRule | None:
        """The most specific entry that allows ``category``, or None."""
        memo = self._rule_memo
        if category in memo:
            return memo[category]
        best = self._rule_for(category)
        if len(memo) < 4096:
            memo[category] = best
        return best

    def _rule_for(self, category: str) -> CategoryRule | None:
        best: CategoryRule | None = None
        for rule in self.categories or ():
            if is_under(category, rule.category) and (
                best is None or len(rule.category) > len(best.category)
            ):
                best = rule
        return best

    def processor(self, name: str) -> Processor | None:
        wanted = _normalise(name)
        for p in self.processors or ():
            if _normalise(p.name) == wanted:
                return p
        return None


def _normalise(name: str) -> str:
    return " ".join(name.casefold().replace(",", " ").split())


def find_policy(start: Path, explicit: str | None, configured: Path | None) -> Path:
    """``--policy``, else the config's ``policy:``, else the nearest privacy-policy.yaml."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise UsageError(f"policy file not found: {explicit}")
        return path
    if configured is not None:
        if not configured.is_file():
            raise UsageError(f"policy file named in the project config not found: {configured}")
        return configured
    looked = []
    for directory in (start, *start.parents):
        candidate = directory / POLICY_FILENAME
        looked.append(str(directory))
        if candidate.is_file():
            return candidate
        if (directory / ".git").exists():
            break
    raise UsageError(
        f"no policy found: give --policy FILE, set `policy:` in .policylint.yaml, "
        f"or add {POLICY_FILENAME}",
        [f"looked for {POLICY_FILENAME} in: {d}" for d in looked],
    )


def load_policy(path: Path, display: str | None = None, inputs: Inputs | None = None) -> Policy:
    """Read and validate a policy file; :class:`PolicyError` lists every problem.

    ``inputs``: the file is read through it (so that it records what was read).
    """
    import hashlib

    from policylint.yamlnode import SourceError, compose_all, position, to_python

    shown = display or str(path)
    try:
        data = path.read_bytes() if inputs is None else inputs.read(path)
        text = data.decode("utf-8-sig")
    except OSError as exc:
        raise PolicyError(f"{shown}: cannot read the policy: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise PolicyError(f"{shown}:1:1: the policy is not UTF-8 text") from None
    try:
        docs = compose_all(text)
        if len(docs) > 1:
            raise SourceError("a policy is one YAML document", *position(docs[1]))
        root = docs[0] if docs else None
        raw = to_python(root) if root is not None else None
    except SourceError as exc:
        raise PolicyError(
            f"invalid policy {shown}", [f"{shown}:{exc.line}:{exc.column}: {exc.message}"]
        ) from None
    return build_policy(raw, root, shown, hashlib.sha256(data).hexdigest(), text)


def build_policy(raw: Any, root: Node | None, shown: str, digest: str, text: str) -> Policy:
    from policylint.validation import validate_document

    if raw is None:
        raise PolicyError(f"invalid policy {shown}", [f"{shown}:1:1: the policy file is empty"])
    problems = [
        f"{shown}:{p.line}:{p.column}: {p.message}"
        for p in validate_document(text, raw, "policy", root)
    ]
    if problems:
        raise PolicyError(f"invalid policy {shown}", problems)
    checker = _Semantics(raw, root, shown)
    policy = checker.build(digest)
    if checker.problems:
        raise PolicyError(f"invalid policy {shown}", sorted(checker.problems, key=_by_position))
    return policy


def _by_position(line: str) -> tuple[int, int, str]:
    parts = line.split(":")
    try:
        return int(parts[-3]), int(parts[-2].split()[0]), line
    except (IndexError, ValueError):
        return 0, 0, line


class _Semantics:
    """What the schema cannot say: keys exist in the taxonomy, retentions parse, regions exist."""

    def __init__(self, raw: dict[str, Any], root: Node | None, shown: str) -> None:
        self.raw = raw
        self.root = root
        self.shown = shown
        self.problems: list[str] = []

    def _error(self, path: list[Any], message: str) -> None:
        from policylint.validation import node_at
        from policylint.yamlnode import position

        node = node_at(self.root, path)
        line, column = position(node) if node is not None else (1, 1)
        self.problems.append(f"{self.shown}:{line}:{column}: {message}")

    def _line(self, path: list[Any]) -> int:
        from policylint.validation import node_at
        from policylint.yamlnode import position

        node = node_at(self.root, path)
        return position(node)[0] if node is not None else 0

    def _known(self, tree: Tree, key: str, what: str, path: list[Any]) -> None:
        if key not in tree:
            hint = tree.suggest(key)
            extra = f"; did you mean `{hint}`?" if hint else ""
            self._error(path, f"unknown {what} `{key}`{extra}")

    def build(self, digest: str) -> Policy:
        from policylint import regions

        raw = self.raw
        taxonomy = self._taxonomy()
        subjects = raw.get("subjects") or {}
        hosting = raw.get("hosting") or {}
        cookies = raw.get("cookies")
        for i, region in enumerate(hosting.get("regions", ())):
            if not regions.is_jurisdiction(region):
                self._error(["hosting", "regions", i], f"unknown region `{region}`")
        for i, key in enumerate(subjects.get("allowed", ())):
            self._known(taxonomy.subjects, key, "data subject", ["subjects", "allowed", i])
        return Policy(
            path=self.shown,
            digest=digest,
            taxonomy=taxonomy,
            name=raw.get("name", ""),
            controller=raw.get("controller", ""),
            categories=self._categories(taxonomy) if "categories" in raw else None,
            require_retention=bool(raw.get("require_retention", False)),
            minimum_age=subjects.get("minimum_age"),
            allowed_subjects=_opt_tuple(subjects.get("allowed")),
            regions=_opt_tuple([r.lower() for r in hosting["regions"]])
            if "regions" in hosting
            else None,
            transfers=hosting.get("transfers"),
            processors=self._processors() if "processors" in raw else None,
            cookies_allowed=_opt_tuple(cookies.get("allowed")) if cookies else None,
            special_categories=raw.get("special_categories"),
            sale_of_data=raw.get("sale_of_data"),
            raw=raw,
        )

    def _taxonomy(self) -> Taxonomy:
        from policylint.taxonomy import builtin

        base = builtin()
        extensions = (self.raw.get("taxonomy") or {}).get("extend") or []
        known = set(base.categories.entries)
        for i, ext in enumerate(extensions):
            if ext["key"] in known:
                self._error(["taxonomy", "extend", i, "key"], f"`{ext['key']}` already exists")
            if ext["parent"] not in known:
                self._error(
                    ["taxonomy", "extend", i, "parent"], f"unknown parent `{ext['parent']}`"
                )
            if not is_under(ext["key"], ext["parent"]) or ext["key"] == ext["parent"]:
                self._error(
                    ["taxonomy", "extend", i, "key"],
                    f"`{ext['key']}` must start with its parent `{ext['parent']}.`",
                )
            known.add(ext["key"])
        return base.extend(extensions)

    def _categories(self, taxonomy: Taxonomy) -> tuple[CategoryRule, ...]:
        rules = []
        for i, entry in enumerate(self.raw.get("categories") or ()):
            where: list[Any] = ["categories", i]
            key = entry["category"]
            self._known(taxonomy.categories, key, "data category", [*where, "category"])
            for j, purpose in enumerate(entry.get("purposes", ())):
                self._known(taxonomy.purposes, purpose, "purpose", [*where, "purposes", j])
            for j, subject in enumerate(entry.get("subjects", ())):
                self._known(taxonomy.subjects, subject, "data subject", [*where, "subjects", j])
            rules.append(
                CategoryRule(
                    category=key,
                    retention=self._retention(entry.get("retention"), [*where, "retention"]),
                    purposes=tuple(entry.get("purposes", ())),
                    subjects=tuple(entry.get("subjects", ())),
                    line=self._line(where),
                )
            )
        return tuple(rules)

    def _retention(self, text: str | None, path: list[Any]) -> retention.Retention | None:
        from policylint import retention

        if text is None:
            return None
        try:
            return retention.parse_retention(text)
        except retention.RetentionError as exc:
            self._error(path, str(exc))
            return None

    def _processors(self) -> tuple[Processor, ...]:
        from policylint import regions

        out = []
        for i, p in enumerate(self.raw.get("processors") or ()):
            country = p.get("country")
            if country is not None and not regions.is_jurisdiction(country.lower()):
                self._error(["processors", i, "country"], f"unknown country code `{country}`")
            out.append(
                Processor(
                    name=p["name"],
                    country=country.lower() if country else None,
                    safeguards=tuple(p.get("safeguards", ())),
                )
            )
        return tuple(out)


def _opt_tuple(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)
