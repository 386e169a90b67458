from __future__ import annotations

import json

from parallax.api.openapi import build_openapi
from tests.conftest import REPO


def test_committed_openapi_document_is_current() -> None:
    # When this fails, run `make openapi` and commit docs/openapi.json.
    committed = json.loads((REPO / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert committed == build_openapi()


def test_document_describes_both_routes_and_problem_responses() -> None:
    document = build_openapi()
    assert document["openapi"].startswith("3.1")
    post = document["paths"]["/v1/briefs"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/BriefRequest"
    )
    assert {"200", "400", "403", "413", "415", "422"} <= post["responses"].keys()
    assert "application/problem+json" in post["responses"]["400"]["content"]
    schemas = document["components"]["schemas"]
    assert schemas["BriefRequest"]["additionalProperties"] is False
    assert {"article", "summary", "related", "cache", "timings_ms"} <= schemas["Brief"][
        "properties"
    ].keys()


def _hierarchy_codes() -> set[str]:
    """The code of every domain error class: what a problem can carry."""
    from parallax.domain.errors import ParallaxError

    found: set[str] = set()
    pending: list[type[ParallaxError]] = [ParallaxError]
    while pending:
        cls = pending.pop()
        found.add(cls.code)
        pending.extend(cls.__subclasses__())
    return found


def test_problem_code_lists_every_code_the_api_can_answer_with() -> None:
    # docs/openapi.json had `code` as a plain string: `overloaded` (the local server at its
    # connection cap) and `method_not_allowed` (a 405) were named nowhere in the contract.
    from parallax.api.problems import STATUS_BY_CODE

    code = build_openapi()["components"]["schemas"]["Problem"]["properties"]["code"]
    assert code["type"] == "string"
    listed = code["enum"]
    assert listed == sorted(set(listed))
    assert set(listed) == _hierarchy_codes() == set(STATUS_BY_CODE)
    assert {"overloaded", "method_not_allowed", "misconfigured"} <= set(listed)
