"""``policylint taxonomy``: the category, purpose and subject trees."""

from __future__ import annotations

import json
from pathlib import Path

from policylint.taxonomy import Taxonomy, Tree, builtin


def _tree_lines(tree: Tree, key: str | None, depth: int) -> list[str]:
    lines = []
    for child in tree.children(key):
        entry = tree.entries[child]
        mark = "  [special]" if entry.special else ""
        lines.append(f"{'  ' * depth}{child}  ({entry.name}){mark}")
        lines += _tree_lines(tree, child, depth + 1)
    return lines


def show_taxonomy(fmt: str, policy_file: str | None) -> str:
    taxonomy: Taxonomy = builtin()
    if policy_file:
        from policylint.policy import load_policy

        taxonomy = load_policy(Path(policy_file)).taxonomy
    trees = {"data categories": taxonomy.categories, "purposes": taxonomy.purposes,
             "subjects": taxonomy.subjects}  # fmt: skip
    if fmt == "json":
        doc = {
            title.replace(" ", "_"): [
                {
                    "key": e.key,
                    "name": e.name,
                    "special": taxonomy.categories.is_special(e.key)
                    if title == "data categories"
                    else False,
                }
                for e in tree.entries.values()
            ]
            for title, tree in trees.items()
        }
        return json.dumps(doc, indent=2) + "\n"
    out = []
    for title, tree in trees.items():
        out.append(f"{title.capitalize()} ({len(tree.entries)}):")
        out += _tree_lines(tree, None, 1)
        out.append("")
    return "\n".join(out)
