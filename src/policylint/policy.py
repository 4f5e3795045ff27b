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
    schema = [(p.line, p.column, p.message) for p in validate_document(text, raw, "policy", root)]
    checker = _Semantics(raw, root)
    checker.check()
    problems = _merged(schema, checker.problems)
    if problems:
        raise PolicyError(
            f"invalid policy {shown}", [f"{shown}:{ln}:{col}: {msg}" for ln, col, msg in problems]
        )
    return checker.policy(shown, digest)


Problem = tuple[int, int, str]
"""A problem of the policy: line, column, message."""


def _merged(schema: list[Problem], semantic: list[Problem]) -> list[Problem]:
    """Every problem, in the order of the file. Where the schema and the semantic checks
    both fault one node (``p1y``: neither a duration nor a plausible event), the semantic
    message says more and is kept."""
    placed = {(line, column) for line, column, _ in semantic}
    kept = [p for p in schema if (p[0], p[1]) not in placed]
    return sorted(kept + semantic, key=lambda p: (p[0], p[1]))


_NORWAY = "YAML reads an unquoted `no` as false: write Norway's code quoted, 'no'"


def _mapping(value: Any) -> dict[str, Any]:
    """``value`` where the schema wants a mapping; empty where the file holds something else
    (the schema reports it): the semantic checks go on with what is well formed."""
    return value if isinstance(value, dict) else {}


def _strings(value: Any) -> list[tuple[int, str]]:
    """The strings of a list the schema wants to hold strings, with their indexes."""
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)]


class _Semantics:
    """What the schema cannot say: keys exist in the taxonomy, retentions parse, regions
    exist, a category is listed once. It checks whatever is well formed, so that a file
    with schema problems too has every problem listed at once (SPEC section 1)."""

    def __init__(self, raw: Any, root: Node | None) -> None:
        self.raw = _mapping(raw)
        self.root = root
        self.problems: list[Problem] = []
        self.taxonomy: Taxonomy | None = None
        self.categories: tuple[CategoryRule, ...] = ()
        self.processors: tuple[Processor, ...] = ()

    def _error(self, path: list[Any], message: str) -> None:
        from policylint.validation import node_at
        from policylint.yamlnode import position

        node = node_at(self.root, path)
        line, column = position(node) if node is not None else (1, 1)
        self.problems.append((line, column, message))

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

    def check(self) -> None:
        from policylint import regions
        from policylint.yamlnode import repeated_keys

        self.problems += repeated_keys(self.root)
        raw = self.raw
        taxonomy = self.taxonomy = self._taxonomy()
        listed = _mapping(raw.get("hosting")).get("regions")
        for i, region in _strings(listed):
            if not regions.is_jurisdiction(region):
                self._error(["hosting", "regions", i], f"unknown region `{region}`")
        for i, value in enumerate(listed if isinstance(listed, list) else ()):
            if value is False:
                self._error(["hosting", "regions", i], _NORWAY)
        for i, key in _strings(_mapping(raw.get("subjects")).get("allowed")):
            self._known(taxonomy.subjects, key, "data subject", ["subjects", "allowed", i])
        self.categories = self._categories(taxonomy)
        self.processors = self._processors()

    def policy(self, shown: str, digest: str) -> Policy:
        """The policy, once :meth:`check` and the schema found nothing wrong."""
        raw = self.raw
        assert self.taxonomy is not None, "checked first"
        subjects = raw.get("subjects") or {}
        hosting = raw.get("hosting") or {}
        cookies = raw.get("cookies")
        return Policy(
            path=shown,
            digest=digest,
            taxonomy=self.taxonomy,
            name=raw.get("name", ""),
            controller=raw.get("controller", ""),
            categories=self.categories if "categories" in raw else None,
            require_retention=bool(raw.get("require_retention", False)),
            minimum_age=subjects.get("minimum_age"),
            allowed_subjects=_opt_tuple(subjects.get("allowed")),
            regions=_opt_tuple([r.lower() for r in hosting["regions"]])
            if "regions" in hosting
            else None,
            transfers=hosting.get("transfers"),
            processors=self.processors if "processors" in raw else None,
            cookies_allowed=_opt_tuple(cookies.get("allowed")) if cookies else None,
            special_categories=raw.get("special_categories"),
            sale_of_data=raw.get("sale_of_data"),
            raw=raw,
        )

    def _taxonomy(self) -> Taxonomy:
        from policylint.taxonomy import builtin

        base = builtin()
        extensions = _mapping(self.raw.get("taxonomy")).get("extend")
        known = set(base.categories.entries)
        well_formed = []
        for i, ext in enumerate(extensions if isinstance(extensions, list) else ()):
            key, parent = _mapping(ext).get("key"), _mapping(ext).get("parent")
            if not isinstance(key, str) or not isinstance(parent, str):
                continue
            if key in known:
                self._error(["taxonomy", "extend", i, "key"], f"`{key}` already exists")
            if parent not in known:
                self._error(["taxonomy", "extend", i, "parent"], f"unknown parent `{parent}`")
            if not is_under(key, parent) or key == parent:
                self._error(
                    ["taxonomy", "extend", i, "key"],
                    f"`{key}` must start with its parent `{parent}.`",
                )
            known.add(key)
            well_formed.append(ext)
        return base.extend(well_formed)

    def _categories(self, taxonomy: Taxonomy) -> tuple[CategoryRule, ...]:
        rules = []
        first: dict[str, int] = {}  # category -> the line of its first entry
        entries = self.raw.get("categories")
        for i, entry in enumerate(entries if isinstance(entries, list) else ()):
            where: list[Any] = ["categories", i]
            key = _mapping(entry).get("category")
            if not isinstance(key, str):
                continue
            self._known(taxonomy.categories, key, "data category", [*where, "category"])
            line = self._line(where)
            if key in first:
                self._error(
                    [*where, "category"],
                    f"`{key}` is listed twice (first on line {first[key]}): keep one entry",
                )
            first.setdefault(key, line)
            for j, purpose in _strings(entry.get("purposes")):
                self._known(taxonomy.purposes, purpose, "purpose", [*where, "purposes", j])
            for j, subject in _strings(entry.get("subjects")):
                self._known(taxonomy.subjects, subject, "data subject", [*where, "subjects", j])
            rules.append(
                CategoryRule(
                    category=key,
                    retention=self._retention(entry.get("retention"), [*where, "retention"]),
                    purposes=tuple(v for _, v in _strings(entry.get("purposes"))),
                    subjects=tuple(v for _, v in _strings(entry.get("subjects"))),
                    line=line,
                )
            )
        return tuple(rules)

    def _retention(self, text: Any, path: list[Any]) -> retention.Retention | None:
        from policylint import retention

        if not isinstance(text, str):
            return None  # absent, or not text: the schema says so
        try:
            return retention.parse_retention(text)
        except retention.RetentionError as exc:
            self._error(path, str(exc))
            return None

    def _processors(self) -> tuple[Processor, ...]:
        from policylint import regions

        out = []
        entries = self.raw.get("processors")
        for i, p in enumerate(entries if isinstance(entries, list) else ()):
            p = _mapping(p)
            country = p.get("country")
            if country is False:
                self._error(["processors", i, "country"], _NORWAY)
            if not isinstance(country, str):
                country = None
            elif not regions.is_jurisdiction(country.lower()):
                self._error(["processors", i, "country"], f"unknown country code `{country}`")
            if not isinstance(p.get("name"), str):
                continue
            out.append(
                Processor(
                    name=p["name"],
                    country=country.lower() if country else None,
                    safeguards=tuple(v for _, v in _strings(p.get("safeguards"))),
                )
            )
        return tuple(out)


def _opt_tuple(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)
