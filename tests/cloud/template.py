"""template.yaml as data: the one source of truth the cloud tests build their moto resources from.

CloudFormation's short-form tags (``!Ref``, ``!Sub``, ``!GetAtt``, ``!If`` ...) are read into their
long form (``{"Ref": ...}``, ``{"Fn::Sub": ...}``), so the tests see what CloudFormation sees.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "template.yaml"


class _CfnLoader(yaml.SafeLoader):
    pass


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = str(value).split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {name: value}


_CfnLoader.add_multi_constructor("!", _tag)


def parse(text: str) -> dict[str, Any]:
    data = yaml.load(text, Loader=_CfnLoader)  # a SafeLoader subclass: no arbitrary objects
    assert isinstance(data, dict)
    return data


@cache
def template() -> dict[str, Any]:
    return parse(TEMPLATE.read_text(encoding="utf-8"))


def resource(name: str) -> dict[str, Any]:
    found: dict[str, Any] = template()["Resources"][name]
    return found


def properties(name: str) -> dict[str, Any]:
    props: dict[str, Any] = resource(name).get("Properties", {})
    return props


def resources_of(kind: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in template()["Resources"].items() if v["Type"] == kind}


def default(parameter: str) -> Any:
    return template()["Parameters"][parameter].get("Default")


def table_definition(name: str) -> dict[str, Any]:
    """The DynamoDB table resource's properties, as create_table arguments (plus TTL/PITR)."""
    props = properties(name)
    return {
        "AttributeDefinitions": props["AttributeDefinitions"],
        "KeySchema": props["KeySchema"],
        "BillingMode": props["BillingMode"],
    }
