"""The fast tag check accepts exactly what schemas/annotation.schema.json accepts."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from policylint.resources import schema_path
from policylint.tags import is_valid_defaults, is_valid_tag

SCHEMA = json.loads(schema_path("annotation").read_text(encoding="utf-8"))
TAG = Draft202012Validator(SCHEMA)
DEFAULTS = Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": "#/$defs/defaults"})

keys = st.sampled_from(
    [
        "user",
        "user.contact.email",
        "user.name",
        "essential.service",
        "customer",
        "child",
        "User.Email",
        "user..x",
        "",
        "1user",
        "user.contact.e-mail",
        "a.b_c.d9",
    ]
)
retentions = st.sampled_from(
    [
        "P1Y",
        "P12M",
        "P1Y6M",
        "P2W",
        "P90D",
        "P1Y2M3W4D",
        "account_deletion",
        "service_end+P5Y",
        "indefinite",
        "P",
        "PT1H",
        "1 year",
        "p1y",
        "Account+P1Y",
        "x+P",
    ]
)
bases = st.sampled_from(["consent", "contract", "legitimate_interests", "because", ""])
scalars = st.one_of(st.none(), st.booleans(), st.integers(), keys)
values: dict[str, Any] = {
    "category": st.one_of(keys, st.lists(keys, max_size=3), scalars),
    "retention": st.one_of(retentions, scalars),
    "purposes": st.one_of(st.lists(keys, max_size=3), keys),
    "subjects": st.one_of(st.lists(keys, max_size=3), keys),
    "basis": st.one_of(bases, scalars),
    "processors": st.one_of(st.lists(st.sampled_from(["AWS", "", "Mailchimp"]), max_size=2), keys),
    "colour": scalars,
}
mappings = st.dictionaries(st.sampled_from(sorted(values)), st.none()).flatmap(
    lambda d: st.fixed_dictionaries({k: values[k] for k in d})
)
tags = st.one_of(scalars, st.lists(keys, max_size=3), mappings, st.lists(scalars, max_size=2))


@settings(max_examples=600, deadline=None)
@given(tags)
def test_fast_tag_check_agrees_with_the_schema(tag: Any) -> None:
    assert is_valid_tag(tag) == TAG.is_valid(tag)


@settings(max_examples=300, deadline=None)
@given(mappings)
def test_fast_defaults_check_agrees_with_the_schema(defaults: Any) -> None:
    assert is_valid_defaults(defaults) == DEFAULTS.is_valid(defaults)
