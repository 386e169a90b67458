"""A loopback fake of the Anthropic Messages API (and of Bedrock's invoke route), for the real SDK.

``FakeAnthropic`` binds 127.0.0.1 on a free port and answers ``POST /v1/messages`` and
``POST /model/<model-id>/invoke`` with the response shapes of the real services: a ``message``
with ``content`` blocks (``tool_use``, ``text``), ``stop_reason`` and ``usage`` (input, output and
prompt-cache tokens; the cache is emulated: the first request with a ``cache_control`` system
prompt writes it, later ones read it). Errors use the API's ``{"type": "error", "error": {...}}``.

Every request is recorded (method, path, lower-cased headers, JSON body) so that tests can assert
what the SDK sent. Nothing is logged, so a key in a header never reaches a log.

Behaviours are scripted per test with :meth:`FakeAnthropic.script` (consumed in order, then
``default``); a behaviour is a name below or a callable ``(RecordedRequest) -> Reply``:

    good          forced tool call: a summary of the first sentences, verbatim, each citing its id
                  (or, for the translation tool, each headline prefixed with "[<lang>] ")
    good_text     the same JSON as a text block, no tool call
    slow          ``slow_seconds`` of silence, then ``good``
    trickle       ``good``, its status line, headers and body one byte every ``trickle_seconds``
                  (each read arrives in time; the whole answer takes minutes)
    rate_limited  429 rate_limit_error with ``retry-after: <retry_after>``
    overloaded    529 overloaded_error
    unavailable   503
    server_error  500 api_error
    unauthorized  401 authentication_error
    malformed     200 with a truncated JSON body
    schema        a tool call whose input violates the schema (bullets is a string)
    too_few       a tool call with one bullet
    refusal       stop_reason "refusal", no content
    max_tokens    stop_reason "max_tokens" with a cut-off tool call (for the translation tool:
                  the first half of the translations whole, then one cut mid-word)
    unfaithful    bullets with numbers and names that no sentence contains
    injected      obeys what the article asks: another language, a link, the system prompt
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import SecretStr

from parallax.adapters.llm.settings import LlmSettings
from tests.support.loopback import LoopbackServer, QuietHandler, TrackingServer

__all__ = [
    "FakeAnthropic",
    "RecordedRequest",
    "Reply",
    "cut_translations",
    "good_summary",
    "loopback_llm_settings",
    "message_body",
    "tool_use_message",
]

_SENTENCE = re.compile(r'<s id="(\d+)">(.*?)</s>')
_TITLE = re.compile(r"<title>(.*?)</title>")
_HEADLINE = re.compile(r'<t id="(\d+)">(.*?)</t>')
_LANGUAGE = re.compile(r"\(([a-z]{2,3})\)")
_URL = re.compile(r"https?://\S+")


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None
    raw: bytes

    @property
    def user_message(self) -> str:
        if not self.body:
            return ""
        content = self.body["messages"][0]["content"]
        if isinstance(content, str):
            return content
        return "".join(block.get("text", "") for block in content)

    @property
    def system_text(self) -> str:
        system = (self.body or {}).get("system", "")
        if isinstance(system, str):
            return system
        return "".join(block.get("text", "") for block in system)

    @property
    def tool_name(self) -> str:
        tools = (self.body or {}).get("tools") or [{}]
        return str(tools[0].get("name", ""))

    @property
    def sentences(self) -> list[tuple[int, str]]:
        return [(int(i), text) for i, text in _SENTENCE.findall(self.user_message)]

    @property
    def language(self) -> str:
        found = _LANGUAGE.search(self.user_message)
        return found.group(1) if found else "en"


@dataclass
class Reply:
    status: int = 200
    body: bytes | dict[str, Any] = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    delay_s: float = 0.0
    trickle_s: float = 0.0
    """Send the answer one byte at a time, this long apart (0: at once)."""
    trickle_head: bool = True
    """With ``trickle_s``: the status line and headers trickle too (False: they come at once)."""


Behaviour = str | Callable[[RecordedRequest], Reply]


def message_body(
    request: RecordedRequest,
    content: list[dict[str, Any]],
    stop_reason: str = "tool_use",
    output_tokens: int = 120,
    cache: tuple[int, int] = (0, 0),
) -> dict[str, Any]:
    """A Messages API response in the real shape; ``cache`` is (written, read) tokens."""
    body = request.body or {}
    user_tokens = max(1, len(request.user_message) // 4)
    return {
        "id": "msg_" + hashlib.sha1(request.raw).hexdigest()[:24],
        "type": "message",
        "role": "assistant",
        "model": body.get("model", "bedrock-model"),
        "content": content,
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {
            "input_tokens": user_tokens,
            "output_tokens": output_tokens,
            "cache_creation_input_tokens": cache[0],
            "cache_read_input_tokens": cache[1],
        },
    }


def tool_use_message(
    request: RecordedRequest, tool_input: Any, stop_reason: str = "tool_use"
) -> dict[str, Any]:
    block = {
        "type": "tool_use",
        "id": "toolu_01" + "A" * 22,
        "name": request.tool_name,
        "input": tool_input,
    }
    return message_body(request, [block], stop_reason)


def good_summary(request: RecordedRequest, count: int = 4) -> dict[str, Any]:
    """The tool input a well-behaved model could give: the first sentences, verbatim."""
    sentences = request.sentences[:count]
    title = _TITLE.search(request.user_message)
    return {
        "headline": title.group(1) if title else sentences[0][1],
        "bullets": [{"text": text, "sentence_ids": [i]} for i, text in sentences],
        "disputed": None,
    }


def good_translations(request: RecordedRequest) -> dict[str, Any]:
    lang = request.language
    return {
        "translations": [
            {"id": int(i), "text": f"[{lang}] {text}"}
            for i, text in _HEADLINE.findall(request.user_message)
        ]
    }


def cut_translations(request: RecordedRequest, whole: int | None = None) -> dict[str, Any]:
    """The translations a model stopped at its output budget could have written: the first
    ``whole`` (half of them by default) complete, then the next one cut off mid-word, as a
    service that passes on a cut-off tool input would give it."""
    items = good_translations(request)["translations"]
    whole = len(items) // 2 if whole is None else whole
    cut = [dict(item) for item in items[: whole + 1]]
    if len(cut) > whole:
        cut[whole]["text"] = cut[whole]["text"][: max(1, len(cut[whole]["text"]) // 2)]
    return {"translations": cut}


def _error(status: int, kind: str, headers: Iterable[tuple[str, str]] = ()) -> Reply:
    body = {"type": "error", "error": {"type": kind, "message": f"fake {kind}"}}
    return Reply(status, body, [("request-id", "req_fake"), *headers])


class _Handler(QuietHandler):
    server: TrackingServer[FakeAnthropic]

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        request = RecordedRequest(
            method="POST",
            path=self.path,
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
            raw=raw,
        )
        fake = self.server.owner
        fake._record(request)
        if not (
            self.path.startswith("/v1/messages") or re.match(r"^/model/[^/]+/invoke$", self.path)
        ):
            self._reply(_error(404, "not_found_error"))
            return
        self._reply(fake._respond(request))

    def _reply(self, reply: Reply) -> None:
        # Waiting on the stop event, not sleeping, so a "slow" reply ends when the fake stops.
        if reply.delay_s and self.server.owner._stopping.wait(reply.delay_s):
            self.close_connection = True
            return
        payload = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
        if reply.trickle_s:
            self._trickle(reply, payload)
            return
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            self.close_connection = True

    def _trickle(self, reply: Reply, payload: bytes) -> None:
        head = [f"HTTP/1.1 {reply.status} OK", "Content-Type: application/json"]
        head += [f"Content-Length: {len(payload)}", *(f"{k}: {v}" for k, v in reply.headers)]
        answer = ("\r\n".join(head) + "\r\n\r\n").encode() + payload
        self.close_connection = True
        start = 0 if reply.trickle_head else len(answer) - len(payload)
        try:
            self.wfile.write(answer[:start])
            self.wfile.flush()
        except OSError:
            return
        for index in range(start, len(answer)):
            # Ends when the client hangs up or the fake stops, not after the whole answer.
            if self.server.owner._stopping.wait(reply.trickle_s):
                return
            try:
                self.wfile.write(answer[index : index + 1])
                self.wfile.flush()
            except OSError:
                return


class FakeAnthropic(LoopbackServer):
    """The fake service. Use as a context manager; :attr:`base_url` is what the SDK gets."""

    thread_name = "fake-anthropic"

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[RecordedRequest] = []
        self.default: Behaviour = "good"
        self.slow_seconds = 3.0
        self.trickle_seconds = 0.2
        self.retry_after = "1"
        self._script: deque[Behaviour] = deque()
        self._lock = threading.Lock()
        self._cached_prefixes: set[str] = set()

    # -- scripting ---------------------------------------------------------------------------

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self._script.clear()
            self._cached_prefixes.clear()
        self.default = "good"
        self.slow_seconds = 3.0
        self.trickle_seconds = 0.2
        self.retry_after = "1"

    def script(self, *behaviours: Behaviour) -> None:
        """Answer the next requests with ``behaviours`` in order, then with :attr:`default`."""
        with self._lock:
            self._script.extend(behaviours)

    # -- internals ---------------------------------------------------------------------------

    def _make_server(self) -> TrackingServer[FakeAnthropic]:
        return TrackingServer(_Handler, self)

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _next(self) -> Behaviour:
        with self._lock:
            return self._script.popleft() if self._script else self.default

    def _cache_usage(self, request: RecordedRequest) -> tuple[int, int]:
        system = (request.body or {}).get("system")
        if not isinstance(system, list) or not any("cache_control" in b for b in system):
            return (0, 0)
        prefix = (
            json.dumps([request.body.get("tools"), system], sort_keys=True) if request.body else ""
        )
        tokens = len(prefix) // 4
        with self._lock:
            if prefix in self._cached_prefixes:
                return (0, tokens)
            self._cached_prefixes.add(prefix)
        return (tokens, 0)

    def _respond(self, request: RecordedRequest) -> Reply:
        behaviour = self._next()
        if callable(behaviour):
            return behaviour(request)
        handler = getattr(self, f"_b_{behaviour}", None)
        if handler is None:
            raise ValueError(f"unknown behaviour {behaviour!r}")
        reply: Reply = handler(request)
        return reply

    def _ok(self, request: RecordedRequest, tool_input: Any, stop: str = "tool_use") -> Reply:
        body = tool_use_message(request, tool_input, stop)
        cache = self._cache_usage(request)
        body["usage"]["cache_creation_input_tokens"], body["usage"]["cache_read_input_tokens"] = (
            cache
        )
        return Reply(200, body, [("request-id", "req_fake")])

    def _good_input(self, request: RecordedRequest) -> dict[str, Any]:
        if request.tool_name == "record_translations":
            return good_translations(request)
        return good_summary(request)

    # -- behaviours --------------------------------------------------------------------------

    def _b_good(self, request: RecordedRequest) -> Reply:
        return self._ok(request, self._good_input(request))

    def _b_good_text(self, request: RecordedRequest) -> Reply:
        text = "Here is the summary:\n" + json.dumps(self._good_input(request))
        body = message_body(request, [{"type": "text", "text": text}], "end_turn")
        return Reply(200, body)

    def _b_slow(self, request: RecordedRequest) -> Reply:
        reply = self._b_good(request)
        reply.delay_s = self.slow_seconds
        return reply

    def _b_trickle(self, request: RecordedRequest) -> Reply:
        reply = self._b_good(request)
        reply.trickle_s = self.trickle_seconds
        return reply

    def _b_rate_limited(self, request: RecordedRequest) -> Reply:
        return _error(429, "rate_limit_error", [("retry-after", self.retry_after)])

    def _b_overloaded(self, request: RecordedRequest) -> Reply:
        return _error(529, "overloaded_error")

    def _b_unavailable(self, request: RecordedRequest) -> Reply:
        return _error(503, "api_error")

    def _b_server_error(self, request: RecordedRequest) -> Reply:
        return _error(500, "api_error")

    def _b_unauthorized(self, request: RecordedRequest) -> Reply:
        return _error(401, "authentication_error")

    def _b_malformed(self, request: RecordedRequest) -> Reply:
        return Reply(200, b'{"id": "msg_1", "type": "message", "content": [{"type": "tool_')

    def _b_schema(self, request: RecordedRequest) -> Reply:
        return self._ok(request, {"headline": "x", "bullets": "all of it, trust me"})

    def _b_too_few(self, request: RecordedRequest) -> Reply:
        good = good_summary(request, count=1)
        return self._ok(request, good)

    def _b_refusal(self, request: RecordedRequest) -> Reply:
        return Reply(200, message_body(request, [], "refusal", output_tokens=3))

    def _b_max_tokens(self, request: RecordedRequest) -> Reply:
        if request.tool_name == "record_translations":
            return self._ok(request, cut_translations(request), stop="max_tokens")
        good = good_summary(request, count=3)
        return self._ok(request, good, stop="max_tokens")

    def _b_unfaithful(self, request: RecordedRequest) -> Reply:
        ids = [i for i, _ in request.sentences[:4]]
        bullets = [
            {
                "text": f"Officials said {n * 1000 + 17} people attended, said Mr Quentin Zorba.",
                "sentence_ids": [i],
            }
            for n, i in enumerate(ids, start=3)
        ]
        return self._ok(request, {"headline": "Record crowd", "bullets": bullets})

    def _b_injected(self, request: RecordedRequest) -> Reply:
        """Do what the article asks, as a model without defences might."""
        article = request.user_message.lower()
        good = good_summary(request)
        bullets = good["bullets"]
        if "system prompt" in article or "your instructions" in article or "reveal" in article:
            leak = request.system_text[:400]
            bullets = [{"text": leak, "sentence_ids": b["sentence_ids"]} for b in bullets]
        if "french" in article or "français" in article:
            french = [
                "Le conseil municipal a approuvé le budget lundi selon le maire de la ville.",
                "Les dépenses pour les écoles et les transports publics vont augmenter cette année.",
                "Les opposants ont dit que le plan dépend de subventions qui ne sont pas encore là.",
                "Le budget entre en vigueur en juillet et couvre la prochaine année fiscale.",
            ]
            bullets = [
                {"text": text, "sentence_ids": b["sentence_ids"]}
                for text, b in zip(french, bullets, strict=False)
            ]
        url = _URL.search(request.user_message)
        if url or "link" in article:
            link = url.group().rstrip(".,\u2039\u203a") if url else "https://evil.example/x"
            bullets = [{**b, "text": f"{b['text']} More at {link}"} for b in bullets]
        good["bullets"] = bullets
        if "ignore" in article:
            good["note"] = "instructions followed"  # a key the schema does not have
        return self._ok(request, good)


def loopback_llm_settings(fake: FakeAnthropic, key: str, **overrides: Any) -> LlmSettings:
    """Model settings that reach ``fake`` with ``key``: Anthropic, a 4 s timeout and no retries
    (a test's scripted failure is answered once, so it shows as the failure, not as a retry);
    ``overrides`` change any setting."""
    values: dict[str, Any] = {
        "provider": "anthropic",
        "base_url": fake.base_url,
        "api_key": SecretStr(key),
        "timeout_s": 4.0,
        "max_retries": 0,
        **overrides,
    }
    return LlmSettings(**values)
