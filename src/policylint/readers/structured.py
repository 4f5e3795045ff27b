"""YAML and JSON files: composed once, then read by what their documents are."""

from __future__ import annotations

from collections.abc import Callable

from policylint import jsonnode
from policylint.facts import FileFacts
from policylint.readers import ReadOptions, SettingMap
from policylint.readers.dbt import NODES, is_dbt, read_dbt
from policylint.readers.fides import RESOURCES, is_fides, read_fides
from policylint.readers.schemawalk import SchemaWalker
from policylint.yamlnode import (
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    SourceError,
    compose_all,
    get,
)


def _is_openapi(doc: Node) -> bool:
    return get(doc, "openapi") is not None or get(doc, "swagger") is not None


def _is_avro(doc: Node) -> bool:
    if isinstance(doc, SequenceNode):
        return any(_is_avro(d) for d in doc.value)
    kind = get(doc, "type")
    return (
        isinstance(kind, ScalarNode)
        and kind.value in ("record", "error")
        and isinstance(get(doc, "fields"), SequenceNode)
    )


def read_schema_document(out: FileFacts, doc: Node, avro: bool = False) -> None:
    """One JSON Schema, OpenAPI or Avro document."""
    if avro or _is_avro(doc):
        SchemaWalker(out, "avro").avro(doc, "", {})
    elif _is_openapi(doc):
        SchemaWalker(out, "openapi").openapi(doc, "", {})
    elif isinstance(doc, MappingNode):
        SchemaWalker(out, "jsonschema").schema(doc, "", {}, "")


def _read(
    kind: str,
    path: str,
    text: str,
    options: ReadOptions,
    read: Callable[[FileFacts, list[Node]], None],
    exact: bool = False,
) -> tuple[FileFacts, list[Node]]:
    """Compose ``text`` and ``read`` its documents. A JSON file is composed from
    ``json.loads`` unless ``exact`` (:func:`policylint.jsonnode.compose`); one with problems
    to report is composed again with exact marks, so that the problems are placed as YAML
    places them."""
    if not path.lower().endswith((".json", ".avsc")):
        docs = compose_all(text, options.max_depth, options.max_nodes)
        out = FileFacts(path, kind)
        read(out, docs)
        return out, docs
    for again in (False, True):
        docs = jsonnode.compose(text, options.max_depth, options.max_nodes, exact or again)
        out = FileFacts(path, kind)
        read(out, docs)
        if exact or again or not out.problems:
            break
    return out, docs


_MANIFEST_KEYS = frozenset((*NODES, "sources", *RESOURCES))
"""The top-level keys a dbt property file or a Fides manifest cannot do without."""


def _may_be_manifest(doc: Node) -> bool:
    return doc.__class__ is MappingNode and any(
        key.__class__ is ScalarNode and key.value in _MANIFEST_KEYS for key, _ in doc.value
    )


def _read_documents(out: FileFacts, docs: list[Node]) -> None:
    for doc in docs:
        manifest = _may_be_manifest(doc)
        if manifest and is_dbt(doc):
            read_dbt(out, doc)
        elif manifest and is_fides(doc):
            read_fides(out, doc)
        else:
            read_schema_document(out, doc)


def _read_avro_documents(out: FileFacts, docs: list[Node]) -> None:
    if not docs:
        raise SourceError("empty Avro schema")
    for doc in docs:
        read_schema_document(out, doc, avro=True)


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
