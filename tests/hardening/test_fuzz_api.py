# ruff: noqa: RUF001 -- punctuation of several scripts is the test data
"""Fuzzing: the committed OpenAPI document against a running ``parallax serve``, raw HTTP at the
server's transport, and property tests of the pieces every request goes through.

The API server runs on loopback with no providers and a fetcher on a network with no DNS and no
route (``harness.offline_fetcher``), so a generated URL exercises the SSRF guard and then fails
cleanly instead of going anywhere. Every response must be a non-5xx that conforms to the document:
the status is one it lists, the content type is the one it gives for that status, and the body
validates against the schema.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import string
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from parallax.adapters.fetcher import FetchPolicy
from parallax.api.local_server import LocalServer
from parallax.config import Settings
from parallax.domain.errors import BlockedUrl
from parallax.domain.languages import SUPPORTED_LANGUAGES
from parallax.domain.sentences import MAX_SENTENCE_CHARS, split_sentences
from parallax.domain.ssrf_rules import blocked_reason, check_url
from parallax.domain.urls import TRACKING_PARAMETERS, brief_cache_key, canonical_url
from tests.conftest import PAGES, REPO
from tests.hardening.harness import serve

OPENAPI = REPO / "docs" / "openapi.json"
# Bounded so the suite stays well inside CI's time: each example is one HTTP round trip, and a
# positive one with HTML runs extraction and the summariser.
POSITIVE_EXAMPLES = 100
REALISTIC_EXAMPLES = 150
NEGATIVE_EXAMPLES = 100
RAW_EXAMPLES = 150

SCHEMA = schemathesis.openapi.from_path(OPENAPI)
BRIEFS = SCHEMA["/v1/briefs"]["POST"]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    settings = Settings(
        home=tmp_path_factory.mktemp("fuzz-home"), providers=(), cache_backend="sqlite"
    )
    with serve(settings) as server:
        yield server


def _check(case: Any, base_url: str, extra: list[Any] | None = None) -> None:
    case.call_and_validate(base_url=base_url, checks=CHECKS + (extra or []), timeout=30)


# The document can only say that `url`, `html` and `language` are strings, so most bodies
# schemathesis generates stop at validation. A second stream of bodies is made of plausible values
# (http URLs with odd hosts, ports and queries; article-like, truncated or fixture HTML; supported
# language tags; any include flags and max_related), sent as schemathesis cases so the same checks
# apply: that is what reaches the SSRF guard, extraction, the summariser, ranking and the cache.
_HOSTS = st.one_of(
    st.sampled_from(
        [
            "news.example",
            "WWW.Example-News.test.",
            "bücher.example",
            "localhost",
            "127.0.0.1",
            "127.1",
            "2130706433",
            "0x7f.0.0.1",
            "169.254.169.254",
            "[::1]",
            "[::ffff:10.0.0.1]",
            "[fd00:ec2::254]",
            "user:pw@news.example",
            "news.example\\@127.0.0.1",
            "[v1.x]",
            "",
        ]
    ),
    st.ip_addresses(v=4).map(str),
    st.ip_addresses(v=6).map(lambda ip: f"[{ip}]"),
    st.from_regex(r"[a-z0-9-]{1,12}(\.[a-z0-9-]{1,12}){0,3}", fullmatch=True),
)
_PORTS = st.one_of(st.just(""), st.integers(0, 70_000).map(lambda port: f":{port}"))
_URL_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc"]).filter(lambda c: not c.isspace()),
    max_size=30,
)
_PARAM_NAMES = st.one_of(
    st.sampled_from(sorted(TRACKING_PARAMETERS)), st.just("utm_source"), st.just("id"), _URL_TEXT
)
_QUERIES = st.lists(st.tuples(_PARAM_NAMES, _URL_TEXT), max_size=4).map(
    lambda pairs: ("?" + "&".join(f"{k}={v}" for k, v in pairs)) if pairs else ""
)
URLS = st.builds(
    lambda scheme, host, port, path, query, fragment: (
        f"{scheme}://{host}{port}/{path}{query}{fragment}"
    ),
    st.sampled_from(["http", "https", "HTTP", "hTTpS"]),
    _HOSTS,
    _PORTS,
    _URL_TEXT,
    _QUERIES,
    st.sampled_from(["", "#top", "#", "#/story/1", "#!/a/b/", "#/", "#!", "#/%7e#x"]),
)

_WORDS = st.one_of(
    st.sampled_from(
        [
            "The",
            "council",
            "approved",
            "budget",
            "Monday",
            "Mayor",
            "Ana",
            "López",
            "said",
            "4.2",
            "per",
            "cent",
            "Bürgermeister",
            "sagte",
            "Millionen",
            "Euro",
            "«",
            "guillemets",
            "»",
            "“quoted”",
            "Dr.",
            "z.",
            "B.",
            "U.S.",
            "3.",
            "Oktober",
            "政府",
            "发布",
            "。",
            "！",
            "…",
            "?",
            "!",
            ";",
            ":",
        ]
    ),
    # Any letters, marks, symbols and punctuation; control characters are left to the raw
    # strings schemathesis generates (they make a page "binary", which stops it early).
    st.text(
        alphabet=st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"]),
        min_size=1,
        max_size=12,
    ).filter(lambda w: w.strip() != ""),
)
# Sentences are mostly drawn whole from a pool (tricky punctuation, abbreviations, quotes, numbers,
# markup, several scripts) and sometimes made of random words: an article made only of random
# words needs so many draws that Hypothesis gives up on the long ones, and articles long enough to
# pass extraction's 40-word floor are the ones that reach the summariser.
_SENTENCE_POOL = [
    "The council approved a budget of 4.2 billion euros on Monday, officials said.",
    "Mayor Ana López said spending on schools would rise by 3.5 per cent next year.",
    "Dr. Smith met Mr. Jones in St. Louis on Jan. 5 to discuss the U.S. plan.",
    "“We have to invest now,” she told reporters outside the town hall.",
    "Opponents said the plan relied on grants that had not yet been approved!",
    "Is it enough? Critics are not sure, and the vote was close: 7 to 2.",
    "Der Stadtrat hat am 3. Oktober den Haushalt z. B. für Schulen beschlossen.",
    "„Wir müssen jetzt handeln“, sagte die Bürgermeisterin am Dienstag.",
    "Le conseil a voté « à l'unanimité » le budget de la ville, selon le maire.",
    "M. Dupont a déclaré que les travaux commenceront en juillet prochain.",
    "市议会周一批准了预算。官员表示，学校支出将增加。",
    "وافق المجلس على الميزانية يوم الاثنين، حسبما قال المسؤولون؟",
    "Prices rose 12% &amp; wages 3% <b>in the same period</b>, the office said.",
    "The report (page 14) lists 300 homes; 57 businesses were also flooded.",
    "Read more at https://example.org/x?utm_source=feed … or not.",
]
_SENTENCES = st.sampled_from(
    [st.sampled_from(_SENTENCE_POOL)] * 5
    + [st.lists(_WORDS, min_size=6, max_size=12).map(lambda ws: " ".join(ws) + ".")]
).flatmap(lambda sentence: sentence)
_PARAGRAPHS = st.lists(_SENTENCES, min_size=2, max_size=4).map(" ".join)


def _article_html(title: str, paragraphs: list[str], lang: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


_FIXTURE_PAGES = [p.read_text(encoding="utf-8") for p in sorted(PAGES.glob("*.html"))]
HTMLS = st.one_of(
    st.builds(
        _article_html,
        _SENTENCES,
        st.lists(_PARAGRAPHS, min_size=4, max_size=10),
        st.sampled_from(["en", "de", "fr", "zh", "xx", ""]),
    ),
    st.sampled_from(_FIXTURE_PAGES),
    st.tuples(st.sampled_from(_FIXTURE_PAGES), st.floats(0.0, 1.0)).map(
        lambda page_cut: page_cut[0][: int(len(page_cut[0]) * page_cut[1])]
    ),
)
LANGUAGES = st.sampled_from(["en", "de", "fr-CH", "pt_BR", "zh-Hant-TW", "NB", "ja", "ar"])


def _often(draw: st.DrawFn, times: int = 3) -> bool:
    """True ``times`` in ``times + 1``. Explicit weights: left to itself, Hypothesis favours the
    smallest choice (no HTML, no optional field), and most bodies would stop at the fetcher."""
    return draw(st.integers(0, times)) > 0


@st.composite
def _bodies(draw: st.DrawFn) -> dict[str, Any]:
    body: dict[str, Any] = {"url": draw(URLS)}
    if _often(draw):
        body["html"] = draw(HTMLS)
    if _often(draw):
        body["language"] = draw(LANGUAGES)
    if _often(draw, 1):
        body["include"] = {
            name: draw(st.booleans()) for name in ("summary", "related", "other_languages")
        }
    if _often(draw, 1):
        body["max_related"] = draw(st.integers(0, 50))
    return body


BODIES = _bodies()


@settings(
    max_examples=POSITIVE_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=BRIEFS.as_strategy(generation_mode=GenerationMode.POSITIVE))
def test_valid_requests_get_a_documented_answer(api: LocalServer, case: Any) -> None:
    # Given any request the document allows (any strings for url, html and language, any mix
    # of include flags and max_related), When it is sent to the server
    # Then the answer is not a 5xx, and status, content type and body are the documented ones
    _check(case, api.base_url)


@settings(
    max_examples=REALISTIC_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=BODIES)
def test_plausible_requests_get_a_documented_answer(api: LocalServer, body: dict[str, Any]) -> None:
    # Given a request a reader's extension could send (or nearly: odd hosts, ports, pages)
    case = BRIEFS.Case(body=body, media_type="application/json")
    # When it is sent to the server
    # Then the answer is not a 5xx and conforms to the document, as above
    _check(case, api.base_url)


@settings(
    max_examples=NEGATIVE_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=SCHEMA.as_strategy(generation_mode=GenerationMode.NEGATIVE))
def test_invalid_requests_are_refused_as_documented(api: LocalServer, case: Any) -> None:
    # Given a request that violates the document (wrong types, unknown fields, missing url, ...)
    # When it is sent, Then it is refused with a documented 4xx problem, never a 5xx
    _check(case, api.base_url, [negative_data_rejection])


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=SCHEMA["/v1/health"]["GET"].as_strategy(generation_mode=GenerationMode.POSITIVE))
def test_health_answers_as_documented(api: LocalServer, case: Any) -> None:
    _check(case, api.base_url)


# --- the 500 this fuzzing found -----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["http://a:99999/", "http://[::1/", "http://:80/", "http:///path", "http://a:x/", "https://?"],
)
def test_urls_without_a_canonical_form_are_the_clients_error(api: LocalServer, url: str) -> None:
    # Given URLs the old validator let through but that have no canonical form (and so no cache
    # key): a port out of range, a broken IPv6 literal, no host. They used to answer 500.
    html = (PAGES / "en_article.html").read_text(encoding="utf-8")
    # When they are asked for, with or without HTML
    for body in ({"url": url}, {"url": url, "html": html}):
        response = httpx.post(f"{api.base_url}/v1/briefs", json=body, timeout=30)
        # Then they are refused as invalid_request, naming the url field
        assert response.status_code == 400, response.text
        problem = response.json()
        assert problem["code"] == "invalid_request"
        assert [e["location"] for e in problem["errors"]] == ["url"]


def test_a_brief_without_summary_still_carries_the_required_field(api: LocalServer) -> None:
    # Given a Brief asked for without a summary (schemathesis found the field missing, while the
    # document requires it, nullable)
    html = (PAGES / "en_article.html").read_text(encoding="utf-8")
    body = {"url": "https://news.example/s", "html": html, "include": {"summary": False}}
    # When it is made, and again from the cache
    for _ in range(2):
        response = httpx.post(f"{api.base_url}/v1/briefs", json=body, timeout=30)
        # Then `summary` is present and null
        assert response.status_code == 200, response.text
        assert "summary" in response.json() and response.json()["summary"] is None


# --- raw HTTP at the server's transport ---------------------------------------------------------

_TOKEN = string.ascii_letters + string.digits + "!#$%&'*+-.^_`|~"
# Header values and request targets: any Latin-1 character but CR and LF (which would end the
# line and make a different request than the one generated).
_LINE_TEXT = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=255, blacklist_characters="\r\n"),
    max_size=60,
)
_RAW_METHODS = st.one_of(
    st.sampled_from(
        ["GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "CONNECT", "get"]
    ),
    st.text(alphabet=_TOKEN, min_size=1, max_size=12),
)
_RAW_TARGETS = st.one_of(
    st.sampled_from(
        [
            "/v1/briefs",
            "/v1/health",
            "/v1/health?url=http://x/?token=1",
            "*",
            "//v1/briefs",
            "/v1/../v1/health",
            "http://127.0.0.1/v1/health",
            "/%00",
            "/v1/health/",
        ]
    ),
    _LINE_TEXT.map(lambda text: "/" + text.replace(" ", "%20")),
)
_RAW_VERSIONS = st.sampled_from(
    ["HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/0.9", "HTTP/1.1x", "http/1.1", "HTTP/1.10", ""]
)
_HEADER_NAMES = st.one_of(
    st.sampled_from(
        [
            "Content-Type",
            "Content-Length",
            "Transfer-Encoding",
            "Origin",
            "Expect",
            "Host",
            "Connection",
            "Cookie",
            "Content-Encoding",
            "X-Forwarded-For",
        ]
    ),
    st.text(alphabet=_TOKEN, min_size=1, max_size=20),
)
_HEADER_VALUES = st.one_of(
    st.sampled_from(
        [
            "application/json",
            "application/json; charset=latin-1",
            "text/plain",
            "chunked",
            "100-continue",
            "-1",
            "0",
            "99999999999",
            "12",
            "gzip",
            "chrome-extension://abcnaopliegkipjfhllbmpobejklbpki",
        ]
    ),
    _LINE_TEXT,
)
_RAW_BODIES = st.one_of(
    st.binary(max_size=600),
    st.sampled_from(
        [
            b'{"url": "https://news.example/a", "html": "<p>x</p>"}',
            b'{"url": "http://169.254.169.254/"}',
            b"\x1f\x8b\x08\x00",
            b'{"url": "\xff\xfe"}',
            b"[]",
            b"null",
            b'{"url": 1e999}',
        ]
    ),
)


def _raw_exchange(base_url: str, request: bytes) -> bytes:
    host, port = base_url.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(request)
        # Half-close: a body shorter than its Content-Length ends here instead of hanging.
        conn.shutdown(socket.SHUT_WR)
        chunks: list[bytes] = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _final_response(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of the last non-1xx response in ``raw``."""
    while True:
        head, _, rest = raw.partition(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        version, status_text, *_ = [*status_line.split(" ", 2), ""]
        assert version.startswith("HTTP/1."), f"no status line in {raw[:120]!r}"
        status = int(status_text)
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if status >= 200:
            return status, headers, rest
        raw = rest


@pytest.fixture(scope="module")
def raw_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    settings = Settings(home=tmp_path_factory.mktemp("raw-home"), providers=())
    # A short client timeout: a generated request that promises more than it sends costs 1 s.
    with serve(settings, client_timeout_s=1.0) as server:
        yield server


@settings(
    max_examples=RAW_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    method=_RAW_METHODS,
    target=_RAW_TARGETS,
    version=_RAW_VERSIONS,
    headers=st.lists(st.tuples(_HEADER_NAMES, _HEADER_VALUES), max_size=6),
    body=_RAW_BODIES,
)
@example("GARBAGE", "", "", [], b"")  # a request line of one word
@example("GET", "/v1/health", "HTTP/2.0", [], b"")  # an unsupported version used to be a 505
@example("FOO", "/v1/health", "HTTP/1.1", [], b"")  # an unknown method used to be a 501
@example("GET", "/" + "a" * 70_000, "HTTP/1.1", [], b"")  # a request line over 64 KiB
@example("GET", "/v1/health", "HTTP/1.1", [("X", "y")] * 120, b"")  # too many headers
@example("POST", "/v1/briefs", "HTTP/1.1", [("Content-Length", "50")], b"{}")  # short body
def test_any_http_request_gets_a_4xx_problem_or_an_answer(
    raw_api: LocalServer,
    method: str,
    target: str,
    version: str,
    headers: list[tuple[str, str]],
    body: bytes,
) -> None:
    # Given any request line, headers and body, well-formed or not
    line = " ".join(part for part in (method, target, version) if part)
    head = "".join(f"{name}: {value}\r\n" for name, value in headers)
    request = f"{line}\r\n{head}\r\n".encode("latin-1") + body
    # When it is sent on a raw connection
    raw = _raw_exchange(raw_api.base_url, request)
    # Then there is an HTTP/1.x answer that is not a 5xx, and any refusal is problem+json
    status, answer_headers, _ = _final_response(raw)
    assert status < 500, raw[:300]
    if status >= 400:
        assert answer_headers.get("content-type") == "application/problem+json", raw[:300]


def test_the_raw_fuzzed_server_is_still_serving(raw_api: LocalServer) -> None:
    assert httpx.get(f"{raw_api.base_url}/v1/health", timeout=5).json()["status"] == "ok"


@pytest.mark.parametrize(
    "lengths",
    [["2_8_0"], ["+280"], ["-0"], ["0x118"], ["280", "2"], ["280", "280 "], ["280, 280"], ["٢٨٠"]],
    ids=[
        "underscores",
        "plus",
        "minus-zero",
        "hex",
        "two-lengths",
        "two-spellings",
        "list",
        "digits",
    ],
)
def test_a_content_length_that_is_not_plain_digits_is_refused(
    raw_api: LocalServer, lengths: list[str]
) -> None:
    # Given a request whose Content-Length Python's int() would take, or two of them
    # (issue 15, item 12: the first was used, so two hops could read two different requests)
    body = json.dumps({"url": "https://news.example/a", "html": "x" * 240}).encode()
    head = "".join(f"Content-Length: {value}\r\n" for value in lengths)
    request = (
        f"POST /v1/briefs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"{head}\r\n"
    ).encode() + body
    # When it is sent, Then it is a 400 invalid_request problem
    status, headers, answer = _final_response(_raw_exchange(raw_api.base_url, request))
    assert status == 400, answer[:200]
    assert headers["content-type"] == "application/problem+json"
    assert json.loads(answer)["code"] == "invalid_request"


# --- properties: URL canonicalisation and the cache key ------------------------------------------
# tests/unit/test_urls.py has the table of normalisations; these are the laws behind it.

_SIMPLE_NAMES = st.from_regex(r"[a-z][a-z0-9-]{0,10}(\.[a-z][a-z0-9-]{0,10}){1,3}", fullmatch=True)
_SEGMENTS = st.lists(st.from_regex(r"[A-Za-z0-9._~%-]{1,10}", fullmatch=True), max_size=4)
_PLAIN_PARAMS = st.lists(
    st.tuples(
        st.from_regex(r"[a-z]{1,8}", fullmatch=True).filter(
            lambda name: name not in TRACKING_PARAMETERS and not name.startswith("utm")
        ),
        st.from_regex(r"[A-Za-z0-9]{0,8}", fullmatch=True),
    ),
    max_size=4,
    unique_by=lambda pair: pair[0],
)
_TRACKERS = st.lists(
    st.tuples(
        st.one_of(
            st.sampled_from(sorted(TRACKING_PARAMETERS)),
            st.from_regex(r"(utm_|pk_|mtm_)[a-z]{1,8}", fullmatch=True),
        ),
        st.from_regex(r"[A-Za-z0-9]{0,8}", fullmatch=True),
    ),
    min_size=1,
    max_size=3,
)


def _url(scheme: str, host: str, port: str, segments: list[str], params: list[Any]) -> str:
    query = "&".join(f"{k}={v}" for k, v in params)
    return f"{scheme}://{host}{port}/{'/'.join(segments)}" + (f"?{query}" if query else "")


@settings(max_examples=300, deadline=None)
@given(st.one_of(URLS, st.text(max_size=80)))
def test_canonical_url_is_idempotent_and_only_raises_value_error(url: str) -> None:
    # Given any text, URL-shaped or not
    try:
        once = canonical_url(url)
    except ValueError:
        return  # refusing is allowed; any other exception would be a 500 waiting to happen
    # Then the canonical form is an http(s) URL without credentials, and without a fragment
    # unless it is a route, written "#/route" (an anchor names no other page)
    parts = once.split("://", 1)
    fragment = once.partition("#")[2]
    assert parts[0] in {"http", "https"} and ("#" not in once or fragment.startswith("/"))
    assert "#" not in fragment
    assert "@" not in parts[1].split("/", 1)[0]
    # and canonicalising it again changes nothing
    assert canonical_url(once) == once


@settings(max_examples=200, deadline=None)
@given(
    scheme=st.sampled_from(["http", "https"]),
    host=_SIMPLE_NAMES,
    segments=_SEGMENTS,
    params=_PLAIN_PARAMS,
    trackers=_TRACKERS,
    data=st.data(),
)
def test_tracking_order_case_fragment_and_default_port_do_not_change_the_article(
    scheme: str,
    host: str,
    segments: list[str],
    params: list[tuple[str, str]],
    trackers: list[tuple[str, str]],
    data: st.DataObject,
) -> None:
    # Given an article URL
    plain = _url(scheme, host, "", segments, params)
    # When it is reached through a tracking link: parameters shuffled and tracking ones added,
    # scheme and host in other letter cases, the default port spelled out, a fragment
    mixed = data.draw(st.permutations(params + trackers))
    default_port = ":80" if scheme == "http" else ":443"
    variant = _url(scheme.upper(), host.upper(), default_port, segments, mixed) + "#comments"
    # Then both have one canonical form, and so one cache key
    assert canonical_url(variant) == canonical_url(plain)
    assert brief_cache_key(variant, "en", "2") == brief_cache_key(plain, "en", "2")


@settings(max_examples=300, deadline=None)
@given(st.one_of(URLS, st.text(max_size=80).map(lambda t: "http://" + t)))
def test_every_url_the_api_accepts_has_a_cache_key(url: str) -> None:
    # Given any URL the request model accepts (the regression behind the 500 found above)
    from pydantic import ValidationError

    from parallax.domain.models import BriefRequest

    try:
        request = BriefRequest(url=url)
    except ValidationError:
        return
    # Then it has a cache key: 64 hex digits that do not spell out the URL
    key = brief_cache_key(request.url, request.language, "2", "s1r1o1m10")
    assert len(key) == 64 and all(c in "0123456789abcdef" for c in key)


@settings(max_examples=200, deadline=None)
@given(
    url=st.builds(_url, st.just("https"), _SIMPLE_NAMES, st.just(""), _SEGMENTS, _PLAIN_PARAMS),
    a=st.tuples(st.sampled_from(["en", "de", "fr"]), st.sampled_from(["1", "2"]), st.text()),
    b=st.tuples(st.sampled_from(["en", "de", "fr"]), st.sampled_from(["1", "2"]), st.text()),
)
def test_cache_keys_differ_when_language_version_or_variant_differ(
    url: str, a: tuple[str, str, str], b: tuple[str, str, str]
) -> None:
    # Given one article asked for in two (language, pipeline version, variant) combinations
    # Then they share a key exactly when the combinations are the same (the variant is the last
    # field, so a separator inside it cannot shift the others)
    assert (brief_cache_key(url, *a) == brief_cache_key(url, *b)) == (a == b)


# --- properties: the SSRF checker ---------------------------------------------------------------
# tests/unit/test_ssrf.py has the table and the numeric-spelling law for IPv4; these add IPv6,
# IPv4-mapped addresses, credentials, and "never anything but BlockedUrl".

STRICT = FetchPolicy()


def _decision(url: str) -> str | None:
    try:
        check_url(url, STRICT)
    except BlockedUrl as exc:
        return exc.detail
    return None


@settings(max_examples=300, deadline=None)
@given(st.one_of(URLS, st.text(max_size=80), st.text(max_size=60).map(lambda t: "http://" + t)))
def test_the_url_check_passes_or_blocks_and_its_output_is_a_fixed_point(url: str) -> None:
    # Given any text
    try:
        checked = check_url(url, STRICT)
    except BlockedUrl:
        return  # the only way to refuse
    # Then a URL that passes is rewritten to a form that passes again unchanged,
    assert check_url(checked.url, STRICT).url == checked.url
    # names a literal address only when that address is public, and carries no credentials
    if checked.ip is not None:
        assert blocked_reason(checked.ip) is None
    assert "@" not in checked.url.split("://", 1)[1].split("/", 1)[0]


@settings(max_examples=300, deadline=None)
@given(st.ip_addresses())
def test_a_literal_address_passes_exactly_when_it_is_public(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> None:
    # Given any IPv4 or IPv6 address written as a URL host
    host = f"[{address}]" if address.version == 6 else str(address)
    # Then the URL check agrees with the address check
    assert (_decision(f"http://{host}/") is None) == (blocked_reason(address) is None)


@settings(max_examples=300, deadline=None)
@given(st.ip_addresses(v=4))
def test_ipv4_mapped_ipv6_gets_the_ipv4_decision(address: ipaddress.IPv4Address) -> None:
    # Given any IPv4 address and its IPv4-mapped IPv6 form (the same socket on a dual stack)
    mapped = ipaddress.IPv6Address(f"::ffff:{address}")
    # Then both are allowed or both are refused
    assert (blocked_reason(mapped) is None) == (blocked_reason(address) is None)
    assert (_decision(f"http://[{mapped}]/") is None) == (_decision(f"http://{address}/") is None)


@settings(max_examples=200, deadline=None)
@given(
    user=st.text(alphabet=string.ascii_letters + string.digits + ":.", min_size=1, max_size=12),
    host=st.one_of(_SIMPLE_NAMES, st.ip_addresses(v=4).map(str)),
)
def test_credentials_in_the_url_are_always_refused(user: str, host: str) -> None:
    # Given any URL with a userinfo part, public host or not
    # Then it is refused
    assert _decision(f"http://{user}@{host}/") is not None


# --- properties: the sentence splitter ----------------------------------------------------------
# tests/unit/test_sentences.py checks that no text is lost for four languages; this checks that
# sentences are the text's own slices, in order, for every supported language.

_SPLIT_TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(_SENTENCES, max_size=12).map(" ".join),
    st.lists(_WORDS, max_size=80).map(" ".join),
)


@settings(max_examples=200, deadline=None)
@given(text=_SPLIT_TEXT, language=st.sampled_from([*sorted(SUPPORTED_LANGUAGES), "xx", ""]))
def test_sentences_are_slices_of_the_text_in_order(text: str, language: str) -> None:
    # Given any text in any supported language tag (and unknown ones)
    sentences = split_sentences(text, language)
    # Then each sentence is found in the text after the one before it,
    position = 0
    for sentence in sentences:
        found = text.find(sentence, position)
        assert found >= 0, (sentence, text)
        position = found + len(sentence)
        # is never empty or padded, and never longer than the cap
        assert sentence == sentence.strip() and 0 < len(sentence) <= MAX_SENTENCE_CHARS
    # and the result can always go out in a JSON Brief
    assert json.dumps(sentences, ensure_ascii=False)
