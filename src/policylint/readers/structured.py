"""YAML and JSON files: composed once, then read by what their documents are."""

from __future__ import annotations

from policylint import jsonnode
from policylint.facts import FileFacts
from policylint.readers import ReadOptions
from policylint.readers.dbt import is_dbt, read_dbt
from policylint.readers.fides import is_fides, read_fides
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


def _compose(text: str, is_json: bool, options: ReadOptions, exact: bool) -> list[Node]:
    if is_json:
        return jsonnode.compose(text, options.max_depth, options.max_nodes, exact)
    return compose_all(text, options.max_depth, options.max_nodes)


def _read_documents(out: FileFacts, docs: list[Node]) -> None:
    for doc in docs:
        if is_dbt(doc):
            read_dbt(out, doc)
        elif is_fides(doc):
            read_fides(out, doc)
        else:
            read_schema_document(out, doc)


def _mapped(path: str, options: ReadOptions) -> bool:
    if not options.settings:
        return False
    from policylint.readers.settings import mapped

    return bool(mapped(path, options.settings))


def read_structured(path: str, text: str, options: ReadOptions) -> FileFacts:
    """A YAML or JSON file policylint recognised by name or content.

    Composed once; each document is read by what it is (dbt, Fides, or a JSON-like
    schema); comment tags (``@policy``, ``@personal-data``) and the project's JSON
    setting mappings are read over the same nodes.
    """
    out = FileFacts(path, "schema")
    is_json = path.lower().endswith((".json", ".avsc"))
    # Comment tags and mapped settings read marks the fast JSON path does not make exact.
    exact = "@policy" in text or "@personal-data" in text or _mapped(path, options)
    docs = _compose(text, is_json, options, exact)
    _read_documents(out, docs)
    if out.problems and is_json and not exact:  # placed exactly, as the problems are
        out = FileFacts(path, "schema")
        docs = _compose(text, is_json, options, True)
        _read_documents(out, docs)
    if "@policy" in text or options.settings:
        from policylint.readers.settings import json_settings, yaml_settings

        if "@policy" in text:
            yaml_settings(out, text, docs)
        if options.settings:
            json_settings(out, path, docs, options)
    if "@personal-data" in text:
        from policylint.commenttags import yaml_fields

        yaml_fields(out, text, docs)
    return out


def read_avro(path: str, text: str, options: ReadOptions) -> FileFacts:
    for exact in (False, True):
        out = FileFacts(path, "avro")
        docs = jsonnode.compose(text, options.max_depth, options.max_nodes, exact)
        if not docs:
            raise SourceError("empty Avro schema")
        for doc in docs:
            read_schema_document(out, doc, avro=True)
        if not out.problems:
            break
    return out
