"""YAML and JSON files: composed once, then read by what their documents are."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from policylint import jsontext
from policylint.facts import FileFacts
from policylint.jsontext import Inexact
from policylint.readers import ReadOptions, SettingMap
from policylint.readers.dbt import NODES, is_dbt, read_dbt
from policylint.readers.fides import RESOURCES, is_fides, read_fides
from policylint.readers.schemawalk import MISSING, DataTree, NodeTree, SchemaWalker, Tree
from policylint.yamlnode import MappingNode, Node, ScalarNode, SourceError, compose_all


def _is_openapi(doc: Any, tree: Tree) -> bool:
    return tree.get(doc, "openapi", MISSING) is not MISSING or (
        tree.get(doc, "swagger", MISSING) is not MISSING
    )


def _is_avro(doc: Any, tree: Tree) -> bool:
    elements = tree.elements(doc)
    if elements is not None:
        return any(_is_avro(d, tree) for d in elements)
    return tree.name(doc, "type") in ("record", "error") and (
        tree.elements(tree.get(doc, "fields")) is not None
    )


def read_schema_document(out: FileFacts, doc: Any, tree: Tree, avro: bool = False) -> None:
    """One JSON Schema, OpenAPI or Avro document."""
    if avro or _is_avro(doc, tree):
        SchemaWalker(out, "avro", tree).avro(doc, "", {})
    elif _is_openapi(doc, tree):
        SchemaWalker(out, "openapi", tree).openapi(doc, "", {})
    elif doc.__class__ is tree.MAPPING:
        SchemaWalker(out, "jsonschema", tree).schema(doc, "", {}, "")


Read = Callable[[FileFacts, list[Any], Tree], None]


def _read(
    kind: str, path: str, text: str, options: ReadOptions, read: Read, exact: bool = False
) -> tuple[FileFacts, list[Node]]:
    """Compose ``text`` and ``read`` its documents (none are returned for a JSON file read
    from its decoded data: :func:`_read_data`, unless ``exact``)."""
    if not path.lower().endswith((".json", ".avsc")):
        docs = compose_all(text, options.max_depth, options.max_nodes)
    else:
        if not exact:
            out = _read_data(kind, path, text, options, read)
            if out is not None:
                return out, []
        docs = jsontext.compose(text, options.max_depth, options.max_nodes)
        text = text.translate(jsontext.AS_YAML)  # what was composed: the memo keys' text
    out = FileFacts(path, kind)
    read(out, docs, NodeTree(text))
    return out, docs


def _read_data(
    kind: str, path: str, text: str, options: ReadOptions, read: Read
) -> FileFacts | None:
    """A JSON file read from the data ``json.loads`` makes, its places found when a finding
    needs one (:mod:`policylint.jsontext`); None when it is to be composed instead: the
    data would not be what the YAML composer reads, the document may be a manifest (whose
    readers read nodes), or there is a problem to report (placed as YAML places it)."""
    places = jsontext.decode(text, options.max_depth, options.max_nodes)
    if places is None or _may_be_manifest(places.data):
        return None
    out = FileFacts(path, kind)
    try:
        read(out, [places.data], DataTree(places))
    except Inexact:
        return None
    return None if out.problems else out


_MANIFEST_KEYS = frozenset((*NODES, "sources", *RESOURCES))
"""The top-level keys a dbt property file or a Fides manifest cannot do without."""


def _may_be_manifest(doc: Any) -> bool:
    if type(doc) is dict:
        return not _MANIFEST_KEYS.isdisjoint(doc)
    return doc.__class__ is MappingNode and any(
        key.__class__ is ScalarNode and key.value in _MANIFEST_KEYS for key, _ in doc.value
    )


def _read_documents(out: FileFacts, docs: list[Any], tree: Tree) -> None:
    for doc in docs:
        manifest = tree.__class__ is NodeTree and _may_be_manifest(doc)
        if manifest and is_dbt(doc):
            read_dbt(out, doc)
        elif manifest and is_fides(doc):
            read_fides(out, doc)
        else:
            read_schema_document(out, doc, tree)


def _read_avro_documents(out: FileFacts, docs: list[Any], tree: Tree) -> None:
    if not docs:
        raise SourceError("empty Avro schema")
    for doc in docs:
        read_schema_document(out, doc, tree, avro=True)


def read_structured(path: str, text: str, options: ReadOptions) -> FileFacts:
    """A YAML or JSON file policylint recognised by name or content.

    Composed once; each document is read by what it is (dbt, Fides, or a JSON-like
    schema); comment tags (``@policy``, ``@personal-data``) and the project's JSON
    setting mappings are read over the same nodes.
    """
    mappings: list[SettingMap] = []
    if options.settings:
        from policylint.readers.settings import mapped

        mappings = mapped(path, options.settings)
    # Comment tags and mapped settings read marks the fast JSON path does not make exact.
    exact = "@policy" in text or "@personal-data" in text or bool(mappings)
    out, docs = _read("schema", path, text, options, _read_documents, exact)
    if "@policy" in text:
        from policylint.readers.settings import yaml_settings

        yaml_settings(out, text, docs)
    if mappings:
        from policylint.readers.settings import json_settings

        json_settings(out, path, docs, mappings)
    if "@personal-data" in text:
        from policylint.commenttags import yaml_fields

        yaml_fields(out, text, docs)
    return out


def read_avro(path: str, text: str, options: ReadOptions) -> FileFacts:
    return _read("avro", path, text, options, _read_avro_documents)[0]
