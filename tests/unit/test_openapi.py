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
