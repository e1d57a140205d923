"""The project's own fake OpenAI-compatible server: real HTTP on 127.0.0.1, scripted replies, faults.

Why: openai 3.x speaks httpx2, which respx-style interceptors do not see, and patching the SDK would
test our mocks instead of our client. This server speaks the wire protocol, so retries, timeouts,
fallbacks and parsing are exercised exactly as against vLLM, llama.cpp, DeepSeek or OpenAI.

Use it as
- the pytest fixture ``fake_openai`` (registered in tests/conftest.py);
- a plain object from scripts: ``srv = FakeOpenAI(latency=0.3).start(); ...; srv.stop()``;
- a separate process: ``python -m tests.fake_openai --port 0 [--script specs.json] [--latency 0.3]
  [--mode full|llamacpp|json_object_only|no_response_format] [--fail-500 0.1 --fail-429 0.05]``
  prints its base URL (".../v1") on the first stdout line and serves until SIGTERM/SIGINT.
  Control endpoints for other processes: GET /_fake/requests, GET /_fake/counts, POST /_fake/script
  (a JSON list of specs), POST /_fake/reset, POST /_fake/batch ({"hold", "steps", "fates",
  "max_requests", "max_bytes"}: the Batch API's behaviour).

The Batch API (``srv.batch``, FakeBatchAPI below): POST /v1/files (purpose=batch), GET /v1/files,
GET /v1/files/{id}/content, POST /v1/batches, GET /v1/batches[/{id}], POST /v1/batches/{id}/cancel.
Each GET of a batch moves it on (validating -> in_progress -> finalizing -> completed); each input
line is answered like a chat request (modes, faults, script queue, responder) and recorded in
``srv.batch.requests``, not in ``srv.requests``, so tests tell batch lines from synchronous calls.

Each POST /v1/chat/completions takes the next reply spec from the script queue, or, when the queue is
empty, asks the default responder (a callable taking the RecordedRequest and returning a spec; the
built-in one answers summarize and answer prompts with valid, grounded JSON built from the request).

Reply specs (dicts; every spec may also carry "delay": seconds before replying):
  {"kind": "json", "data": {...}, "ascii": False}   content = json.dumps(data) (ascii=True -> \\uXXXX)
  {"kind": "text", "content": "..."}                 content verbatim (finish_reason "stop")
  {"kind": "fence", "data": {...}}                   prose + ```json fence + prose
  {"kind": "prose", "data": {...}}                   JSON embedded in a sentence, no fence
  {"kind": "truncated", "data": {...}}               first half of the JSON, finish_reason "stop"
  {"kind": "length", "data": {...}}                  first half of the JSON, finish_reason "length"
  {"kind": "blank", "content": "  \\n "}              whitespace-only content
  {"kind": "null"}                                   content null, finish_reason "stop"
  {"kind": "refusal", "refusal": "I can't help"}     message.refusal set, content null
  {"kind": "error", "status": 429, "headers": {"Retry-After": "1"}, "message": "..."}
  {"kind": "reject_format", "status": 400}           error naming response_format (one-shot refusal)
  {"kind": "drop"}                                   close the connection without a reply
  {"kind": "default"}                                the default responder's reply
Modes (persistent server behaviour, applied before the script; a rejected request consumes nothing):
  "full"                 accepts json_schema, json_object, none
  "llamacpp"             rejects json_schema (400); accepts {"type": "json_object", "schema": ...}
  "json_object_only"     rejects json_schema and a "schema" key; json_object needs "json" in the prompt
  "no_response_format"   rejects any response_format (422)
"""

from __future__ import annotations

import argparse
import json
import random
import re
import signal
import socket
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

# Delimiters the project's prompts put around data (prompts/summarize.v*.md, answer.v1.md, passage.v1.md).
ARTICLE_OPEN = "<<<ARTICLE>>>"
ARTICLE_CLOSE = "<<<END_ARTICLE>>>"
PASSAGE_RE = re.compile(r"<<<PASSAGE (\d+)>>>\n(.*?)<<<END_PASSAGE>>>", re.S)
DEFAULT_MARKER_RE = r"\bART-[0-9A-Za-z_]+\b"

Spec = dict[str, Any]
Responder = Callable[["RecordedRequest"], Spec]


@dataclass
class RecordedRequest:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    time: float  # time.monotonic() when it arrived
    reply: str = ""  # kind or status of the reply it got
    status: int = 200
    marker: str | None = None

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages") or [])

    def _texts(self, role: str) -> list[str]:
        out = []
        for m in self.messages:
            if m.get("role") != role:
                continue
            c = m.get("content")
            if isinstance(c, list):
                c = "".join(p.get("text", "") for p in c if isinstance(p, dict))
            out.append(c or "")
        return out

    @property
    def system_text(self) -> str:
        return "\n".join(self._texts("system"))

    @property
    def user_text(self) -> str:
        """All user messages joined (the first carries the data, later ones are re-asks)."""
        return "\n".join(self._texts("user"))

    @property
    def last_user_text(self) -> str:
        t = self._texts("user")
        return t[-1] if t else ""

    @property
    def response_format(self) -> dict[str, Any] | None:
        return self.body.get("response_format")

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "headers": self.headers,
            "body": self.body,
            "time": self.time,
            "reply": self.reply,
            "status": self.status,
            "marker": self.marker,
        }


# ---------------------------------------------------------------------------------------------
# Default responder: valid, grounded answers built from the request itself


def article_from_request(req: RecordedRequest) -> str:
    """The article text between the prompt's delimiters (or the whole first user message)."""
    text = req.user_text
    i = text.find(ARTICLE_OPEN)
    if i >= 0:
        j = text.find(ARTICLE_CLOSE, i)
        return text[i + len(ARTICLE_OPEN) : j if j >= 0 else len(text)].strip()
    users = req._texts("user")
    return users[0] if users else ""


_SENT_RE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
_NUM_RE = re.compile(
    r"(近|逾|约|超过|超)?(\d+(?:\.\d+)?)\s*([万亿]?)\s*(余|多)?\s*([%个人元家项名次条所台件天年])?"
)


def _body_lines(article: str) -> list[str]:
    """Article lines without the prompt's metadata lines ("标题：..." etc.)."""
    lines = []
    for line in article.splitlines():
        if re.match(r"^(标题|版面|序号|肩题|副题|作者|正文)[：:]", line):
            rest = line.split("：", 1)[-1] if "：" in line else line.split(":", 1)[-1]
            if line.startswith("正文") and rest.strip():
                lines.append(rest)
            continue
        lines.append(line)
    return lines


def summary_for(article: str) -> dict[str, Any]:
    """A schema-valid ArticleSummary dict whose every number and quote comes from the article."""
    body = "\n".join(_body_lines(article)).strip() or article.strip() or "无内容。"
    sentences = [s.strip() for s in _SENT_RE.findall(body) if s.strip()]
    if not sentences:
        sentences = [body[:80]]
    first = sentences[0][:140]
    points = [s[:80] for s in sentences[:3]]
    figures = []
    for s in sentences:
        m = _NUM_RE.search(s)
        if m and m.group(5):
            figures.append(
                {
                    "value": float(m.group(2)) if "." in m.group(2) else int(m.group(2)),
                    "unit": (m.group(3) or "") + m.group(5),
                    "about": _about(s, m.start(), m.end()),
                    "quote": s.strip("。！？!?；; "),
                    "qualifier": m.group(1) or m.group(4) or "",
                }
            )
        if len(figures) >= 2:
            break
    return {
        "summary": first,
        "key_points": points,
        "key_figures": figures,
        "places": [],
        "organisations": [],
        "people": [],
        "topic": _CJK_RUN_RE.findall(body)[0][:4] if _CJK_RUN_RE.search(body) else "",
    }


_CJK_RUN_RE = re.compile(r"[\u4e00-\u9fff]{2,}")


def _about(sentence: str, start: int, end: int) -> str:
    """What a figure counts, in the article's own words: the Chinese run after the number, else before it."""
    after = _CJK_RUN_RE.match(sentence, end)
    if after:
        return after.group(0)[:4]
    before = _CJK_RUN_RE.findall(sentence[:start])
    return before[-1][-4:] if before else "数量"


def answer_for(req: RecordedRequest) -> dict[str, Any]:
    """A valid Answer dict citing the first passage's first sentence (or 'not answerable')."""
    for _n, block in PASSAGE_RE.findall(req.user_text):
        meta: dict[str, str] = {}
        text_lines: list[str] = []
        in_text = False
        for line in block.splitlines():
            m = re.match(r"^(版面|序号|标题|正文)[：:](.*)$", line)
            if m and not in_text:
                meta[m.group(1)] = m.group(2).strip()
                in_text = m.group(1) == "正文"
                if in_text and m.group(2).strip():
                    text_lines.append(m.group(2))
                continue
            text_lines.append(line)
        text = "\n".join(text_lines).strip()
        sentences = [s.strip() for s in _SENT_RE.findall(text) if s.strip()]
        if not sentences:
            continue
        quote = sentences[0]
        try:
            idx = int(meta.get("序号", "1"))
        except ValueError:
            idx = 1
        return {
            "answer": quote,
            "answerable": True,
            "citations": [
                {
                    "page": meta.get("版面", ""),
                    "article_index": idx,
                    "title": meta.get("标题", ""),
                    "quote": quote,
                }
            ],
        }
    return {"answer": "所给材料中没有提到这一点。", "answerable": False, "citations": []}


def default_responder(req: RecordedRequest) -> Spec:
    """Answer prompts get an Answer, everything else an ArticleSummary of the delimited article."""
    if "<<<PASSAGE" in req.user_text:
        return {"kind": "json", "data": answer_for(req)}
    return {"kind": "json", "data": summary_for(article_from_request(req))}


# ---------------------------------------------------------------------------------------------
# The server


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    fake: FakeOpenAI

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (timeout, deadline) is expected here, not a server fault."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class FakeOpenAI:
    """A thread-safe scripted OpenAI-compatible server. start() binds 127.0.0.1 on a free port."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.0,
        mode: str = "full",
        responder: Responder | None = None,
        marker_re: str = DEFAULT_MARKER_RE,
        model: str = "fake-model",
    ) -> None:
        self.host, self.port = host, port
        self.latency = latency
        self.mode = mode
        self.responder: Responder = responder or default_responder
        self.marker_re = re.compile(marker_re)
        self.model = model
        self._queue: list[Spec] = []
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._fault_rng = random.Random(0)
        self._fault_500 = 0.0
        self._fault_429 = 0.0
        self._fault_retry_after = "0"
        self.faults_injected: Counter[str] = Counter()
        self.batch = FakeBatchAPI(self)  # /v1/files and /v1/batches

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self) -> FakeOpenAI:
        self._httpd = _Server((self.host, self.port), _Handler)
        self._httpd.fake = self
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-openai", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1"

    # -- scripting -----------------------------------------------------------------------------
    def script(self, specs: Iterable[Spec | str]) -> FakeOpenAI:
        """Queue reply specs, consumed one per chat request in arrival order. A str means {"kind": str}."""
        with self._lock:
            for s in specs:
                self._queue.append({"kind": s} if isinstance(s, str) else dict(s))
        return self

    def set_latency(self, seconds: float) -> None:
        self.latency = seconds

    def set_mode(self, mode: str) -> None:
        assert mode in ("full", "llamacpp", "json_object_only", "no_response_format"), mode
        self.mode = mode

    def set_faults(
        self, *, rate_500: float = 0.0, rate_429: float = 0.0, retry_after: str = "0", seed: int = 0
    ) -> None:
        """Random 500s / 429s (with Retry-After) on chat requests, before the script is consulted."""
        with self._lock:
            self._fault_rng = random.Random(seed)
            self._fault_500, self._fault_429 = rate_500, rate_429
            self._fault_retry_after = retry_after

    def reset(self) -> None:
        with self._lock:
            self._queue.clear()
            self._requests.clear()
            self.faults_injected.clear()
        self.batch.reset()

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    # -- inspection ----------------------------------------------------------------------------
    @property
    def requests(self) -> list[RecordedRequest]:
        """Chat-completion requests received so far (a copy)."""
        with self._lock:
            return [r for r in self._requests if r.path.endswith("/chat/completions")]

    def counts(self) -> Counter[str]:
        """Chat requests per article marker (the marker regex found in the user messages)."""
        return Counter(r.marker for r in self.requests if r.marker)

    def count_matching(self, needle: str) -> int:
        """Chat requests whose user messages contain needle."""
        return sum(1 for r in self.requests if needle in r.user_text)

    # -- request handling (called from handler threads) ----------------------------------------
    def _record(self, req: RecordedRequest) -> None:
        m = self.marker_re.search(req.user_text)
        req.marker = m.group(0) if m else None
        with self._lock:
            self._requests.append(req)

    def _next_spec(self, req: RecordedRequest) -> Spec:
        with self._lock:
            rng = self._fault_rng.random()
            if rng < self._fault_500:
                self.faults_injected["500"] += 1
                return {"kind": "error", "status": 500, "message": "injected fault"}
            if rng < self._fault_500 + self._fault_429:
                self.faults_injected["429"] += 1
                return {
                    "kind": "error",
                    "status": 429,
                    "headers": {"Retry-After": self._fault_retry_after},
                    "message": "rate limited (injected)",
                }
            spec = self._queue.pop(0) if self._queue else None
        if spec is None or spec.get("kind") == "default":
            base = self.responder(req)
            if spec and "delay" in spec:
                base = {**base, "delay": spec["delay"]}
            return base
        return spec

    def _mode_rejection(self, body: dict[str, Any]) -> tuple[int, str] | None:
        rf = body.get("response_format")
        if not rf or self.mode == "full":
            return None
        kind = rf.get("type")
        if self.mode == "no_response_format":
            return 422, "response_format is not supported by this server"
        if kind == "json_schema":
            return (
                400,
                "response_format type json_schema is not supported; use {'type': 'json_object', 'schema': ...}",
            )
        if self.mode == "json_object_only":
            if "schema" in rf:
                return 400, "unknown field response_format.schema: only {'type': 'json_object'} is supported"
            prompt = json.dumps(body.get("messages"), ensure_ascii=False).lower()
            if kind == "json_object" and "json" not in prompt:
                return (
                    400,
                    "Prompt must contain the word 'json' in some form to use 'response_format' of type 'json_object'.",
                )
        return None

    def sleep(self, seconds: float) -> None:
        """Interruptible sleep: stop() ends pending slow replies at once."""
        if seconds > 0:
            self._stop.wait(seconds)


def _content_of(spec: Spec) -> tuple[str | None, str, str | None]:
    """(content, finish_reason, refusal) for a success spec."""
    kind = spec.get("kind", "json")
    data = spec.get("data")
    as_json = json.dumps(data, ensure_ascii=bool(spec.get("ascii", False))) if data is not None else "{}"
    if kind == "json":
        return as_json, "stop", None
    if kind == "text":
        return str(spec.get("content", "")), spec.get("finish_reason", "stop"), None
    if kind == "fence":
        return f"好的，以下是结果：\n```json\n{as_json}\n```\n如需调整请告诉我。", "stop", None
    if kind == "prose":
        return (
            f"Sure! Here is the JSON you asked for: {as_json} Let me know if you need anything else.",
            "stop",
            None,
        )
    if kind == "truncated":
        return as_json[: max(1, len(as_json) // 2)], "stop", None
    if kind == "length":
        return as_json[: max(1, len(as_json) // 2)], "length", None
    if kind == "blank":
        return str(spec.get("content", "  \n\t ")), "stop", None
    if kind == "null":
        return None, "stop", None
    if kind == "refusal":
        return None, "stop", str(spec.get("refusal", "I'm sorry, I can't help with that."))
    raise ValueError(f"unknown reply spec kind {kind!r}")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body go out in two writes; without TCP_NODELAY each reply would wait ~40 ms for
    # the client's delayed ACK, which tests and benchmarks would measure as our own latency
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # -- helpers -------------------------------------------------------------------------------
    def _send_json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, str(v))
        self.end_headers()
        self.wfile.write(data)

    def _error(
        self, status: int, message: str, headers: dict[str, str] | None = None, param: str | None = None
    ) -> None:
        etype = "invalid_request_error" if 400 <= status < 500 else "server_error"
        self._send_json(
            status, {"error": {"message": message, "type": etype, "param": param, "code": None}}, headers
        )

    def _read_body(self) -> bytes:
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    # -- routes --------------------------------------------------------------------------------
    def _batch_api(self, method: str, raw: bytes = b"") -> bool:
        """Serve /v1/files and /v1/batches (FakeBatchAPI); False for any other path."""
        url = urlsplit(self.path)
        if not url.path.startswith(("/v1/files", "/v1/batches")):
            return False
        status, payload, headers = self.server.fake.batch.handle(
            method, url.path, dict(parse_qsl(url.query)), self.headers, raw
        )
        if status == 0:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        elif isinstance(payload, bytes):
            self.send_response(status)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        else:
            self._send_json(status, payload, headers)
        return True

    def do_DELETE(self) -> None:
        if not self._batch_api("DELETE", self._read_body()):
            self._error(404, f"no route {self.path}")

    def do_GET(self) -> None:
        fake = self.server.fake
        if self._batch_api("GET"):
            return
        if self.path.rstrip("/") in ("/v1/models", "/models"):
            self._send_json(
                200, {"object": "list", "data": [{"id": fake.model, "object": "model", "owned_by": "fake"}]}
            )
        elif self.path == "/_fake/requests":
            self._send_json(200, [r.to_dict() for r in fake.requests])
        elif self.path == "/_fake/counts":
            self._send_json(
                200,
                {
                    "total": len(fake.requests),
                    "by_marker": dict(fake.counts()),
                    "faults": dict(fake.faults_injected),
                    "batch": fake.batch.summary(),
                },
            )
        else:
            self._error(404, f"no route {self.path}")

    def do_POST(self) -> None:
        fake = self.server.fake
        raw = self._read_body()
        if self.path == "/_fake/script":
            fake.script(json.loads(raw or b"[]"))
            self._send_json(200, {"pending": fake.pending})
            return
        if self.path == "/_fake/reset":
            fake.reset()
            self._send_json(200, {"ok": True})
            return
        if self.path == "/_fake/batch":  # {"hold": bool, "steps": n, "fates": [...], "max_requests": n}
            control = json.loads(raw or b"{}")
            with fake.batch.lock:
                for name in ("hold", "steps", "max_requests", "max_bytes"):
                    if name in control:
                        setattr(fake.batch, name, control[name])
            fake.batch.script(control.get("fates") or [])
            self._send_json(200, fake.batch.summary())
            return
        if self._batch_api("POST", raw):
            return
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._error(404, f"no route {self.path}")
            return
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            self._error(400, "request body is not valid JSON")
            return
        req = RecordedRequest(
            method="POST",
            path=self.path,
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
            time=time.monotonic(),
        )
        fake._record(req)
        rejection = fake._mode_rejection(body)
        if rejection:
            req.status, req.reply = rejection[0], "reject_format"
            fake.sleep(fake.latency)
            self._error(rejection[0], rejection[1], param="response_format")
            return
        spec = fake._next_spec(req)
        fake.sleep(fake.latency + float(spec.get("delay", 0.0)))
        self._reply(req, spec, body)

    def _reply(self, req: RecordedRequest, spec: Spec, body: dict[str, Any]) -> None:
        kind = spec.get("kind", "json")
        req.reply = kind
        if kind == "drop":
            req.status = 0
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if kind in ("error", "reject_format"):
            status = int(spec.get("status", 500 if kind == "error" else 400))
            req.status = status
            msg = spec.get("message") or (
                "response_format json_schema is not supported"
                if kind == "reject_format"
                else f"error {status}"
            )
            self._error(
                status, msg, spec.get("headers"), param="response_format" if kind == "reject_format" else None
            )
            return
        self._send_json(200, completion_body(spec, body, fake_model(self)))


def fake_model(handler: _Handler) -> str:
    return handler.server.fake.model


def completion_body(spec: Spec, body: dict[str, Any], model: str) -> dict[str, Any]:
    """The chat.completion object a success spec gives for a request body (chat endpoint and batch lines)."""
    content, finish, refusal = _content_of(spec)
    prompt_chars = len(json.dumps(body.get("messages"), ensure_ascii=False))
    completion_tokens = max(1, len(content or refusal or "") // 2)
    prompt_tokens = max(1, prompt_chars // 2)
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model") or model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
                "finish_reason": finish,
                "logprobs": None,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


# ---------------------------------------------------------------------------------------------
# The Batch API: /v1/files and /v1/batches, in OpenAI's format (also vLLM run-batch's line format)
#
# Input lines {"custom_id", "method": "POST", "url": "/v1/chat/completions", "body": {...}}; output
# lines {"id", "custom_id", "response": {"status_code", "request_id", "body"}, "error"}, successes in
# the output file and failures in the error file, each in an order of their own (shuffled here: a
# client must match results by custom_id). Each line is answered by the same machinery as a chat
# request: the server's mode, the random faults, the script queue, then the default responder.

BATCH_ENDPOINTS = ("/v1/chat/completions",)
BATCH_FATES = ("complete", "failed", "expired")
BATCH_TERMINAL = ("completed", "failed", "expired", "cancelled")


@dataclass
class FakeFile:
    id: str
    filename: str
    purpose: str
    data: bytes
    created_at: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "object": "file", "bytes": len(self.data), "created_at": self.created_at,
            "filename": self.filename, "purpose": self.purpose, "status": "processed",
            "expires_at": None, "status_details": None,
        }  # fmt: skip


@dataclass
class FakeBatch:
    id: str
    input_file_id: str
    endpoint: str
    completion_window: str
    metadata: dict[str, Any] | None
    created_at: int
    fate: str  # complete | failed | expired (scripted with FakeBatchAPI.script)
    status: str = "validating"
    lines: list[dict[str, Any]] = field(default_factory=list)
    done: int = 0  # lines answered so far
    outputs: list[dict[str, Any]] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] | None = None  # why validation failed
    output_file_id: str | None = None
    error_file_id: str | None = None
    times: dict[str, int] = field(default_factory=dict)
    polls: int = 0

    def to_dict(self) -> dict[str, Any]:
        t = self.times
        return {
            "id": self.id, "object": "batch", "endpoint": self.endpoint,
            "errors": {"object": "list", "data": self.errors} if self.errors else None,
            "input_file_id": self.input_file_id, "completion_window": self.completion_window,
            "status": self.status, "output_file_id": self.output_file_id,
            "error_file_id": self.error_file_id, "created_at": self.created_at,
            "in_progress_at": t.get("in_progress"), "expires_at": self.created_at + 86400,
            "finalizing_at": t.get("finalizing"), "completed_at": t.get("completed"),
            "failed_at": t.get("failed"), "expired_at": t.get("expired"),
            "cancelling_at": t.get("cancelling"), "cancelled_at": t.get("cancelled"),
            "request_counts": {
                "total": len(self.lines), "completed": len(self.outputs), "failed": len(self.failures),
            },
            "metadata": self.metadata,
        }  # fmt: skip


def parse_multipart(content_type: str, raw: bytes) -> dict[str, tuple[str | None, bytes]]:
    """Form fields of a multipart/form-data body: name -> (filename or None, bytes)."""
    from email.parser import BytesParser
    from email.policy import HTTP

    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    msg = BytesParser(policy=HTTP).parsebytes(head + raw)
    out: dict[str, tuple[str | None, bytes]] = {}
    if not msg.is_multipart():
        return out
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if isinstance(name, str):
            payload = part.get_payload(decode=True)
            out[name] = (part.get_filename(), payload if isinstance(payload, bytes) else b"")
    return out


class FakeBatchAPI:
    """The Batch API half of FakeOpenAI (``srv.batch``). A batch moves on each GET of it:
    validating -> in_progress (1/steps of its lines answered per poll, request counts updated) ->
    finalizing -> completed; a scripted "failed" batch fails validation, an "expired" one answers half
    its lines and expires (the rest in the error file as batch_expired, as OpenAI does); cancel gives
    cancelling -> cancelled with the answers so far. ``hold = True`` keeps batches in progress.

    Inspect with ``calls`` (route -> count), ``requests`` (the lines answered, as RecordedRequest),
    ``counts()`` (lines per article marker), ``batches`` and ``files``.
    """

    def __init__(self, fake: FakeOpenAI) -> None:
        self.fake = fake
        self.lock = threading.RLock()
        self.steps = 3  # polls in progress before a batch's lines are all answered
        self.hold = False
        self.max_requests = 50_000  # the provider's limits on one input file (validation fails above)
        self.max_bytes = 200 * 1000 * 1000
        self.calls: Counter[str] = Counter()
        self._files: dict[str, FakeFile] = {}
        self._batches: dict[str, FakeBatch] = {}
        self._fates: list[str] = []
        self._api_errors: list[int] = []
        self._drops: list[str] = []
        self._lines: list[RecordedRequest] = []
        self._rng = random.Random(0)

    # -- scripting and inspection --------------------------------------------------------------
    def script(self, fates: Iterable[str]) -> FakeBatchAPI:
        """Fates of the next batches created, in order ("complete", "failed", "expired")."""
        with self.lock:
            for f in fates:
                assert f in BATCH_FATES, f
                self._fates.append(f)
        return self

    def fail_next(self, statuses: Iterable[int]) -> FakeBatchAPI:
        """The next Batch API calls (files or batches, any route) answer with these HTTP statuses."""
        with self.lock:
            self._api_errors.extend(int(s) for s in statuses)
        return self

    def drop_after(self, routes: Iterable[str]) -> FakeBatchAPI:
        """The next call of each route ("batches.create", ...) is carried out, then its connection is
        closed without a reply: the client cannot tell whether it happened."""
        with self.lock:
            self._drops.extend(routes)
        return self

    def reset(self) -> None:
        with self.lock:
            self.calls.clear()
            self._drops.clear()
            self._files.clear()
            self._batches.clear()
            self._fates.clear()
            self._api_errors.clear()
            self._lines.clear()
            self.hold = False

    @property
    def requests(self) -> list[RecordedRequest]:
        with self.lock:
            return list(self._lines)

    def counts(self) -> Counter[str]:
        return Counter(r.marker for r in self.requests if r.marker)

    @property
    def batches(self) -> list[dict[str, Any]]:
        with self.lock:
            return [b.to_dict() for b in self._batches.values()]

    @property
    def files(self) -> list[dict[str, Any]]:
        with self.lock:
            return [f.to_dict() for f in self._files.values()]

    def file_bytes(self, file_id: str) -> bytes:
        with self.lock:
            return self._files[file_id].data

    def summary(self) -> dict[str, Any]:
        """What /_fake/counts reports of the Batch API."""
        with self.lock:
            return {
                "calls": dict(self.calls),
                "batches": len(self._batches),
                "files": len(self._files),
                "lines": len(self._lines),
                "by_status": dict(Counter(b.status for b in self._batches.values())),
            }

    # -- HTTP (called from handler threads) ---------------------------------------------------
    def handle(
        self, method: str, path: str, query: dict[str, str], headers: Any, raw: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        """(status, payload, headers) for a /v1/files or /v1/batches request; bytes payloads are file
        contents, anything else is sent as JSON; status 0: close the connection without a reply."""
        parts = path.strip("/").split("/")[1:]  # after "v1"
        route = ".".join(p for p in (parts[0], _route_verb(method, parts)) if p)
        with self.lock:
            self.calls[route] += 1
            if self._api_errors:
                status = self._api_errors.pop(0)
                self.calls["errors"] += 1
                return (
                    status,
                    _error_payload(status, f"injected error {status}"),
                    ({"Retry-After": "0"} if status == 429 else {}),
                )
            try:
                answer = self._route(method, parts, query, headers, raw)
            except _ApiError as e:
                return e.status, _error_payload(e.status, e.message, e.param), {}
            if route in self._drops:
                self._drops.remove(route)
                self.calls["dropped"] += 1
                return 0, None, {}
            return answer

    def _route(
        self, method: str, parts: list[str], query: dict[str, str], headers: Any, raw: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        kind, rest = parts[0], parts[1:]
        if kind == "files":
            if method == "POST" and not rest:
                return 200, self._upload(headers.get("Content-Type") or "", raw).to_dict(), {}
            if method == "GET" and not rest:
                found = [f for f in self._files.values() if f.purpose == query.get("purpose", f.purpose)]
                if query.get("order", "desc") == "desc":
                    found.reverse()
                return 200, _page([f.to_dict() for f in found], query), {}
            f = self._file(rest[0])
            if method == "GET" and rest[1:] == ["content"]:
                return 200, f.data, {}
            if method == "GET" and len(rest) == 1:
                return 200, f.to_dict(), {}
            if method == "DELETE" and len(rest) == 1:
                del self._files[f.id]
                return 200, {"id": f.id, "object": "file", "deleted": True}, {}
        if kind == "batches":
            if method == "POST" and not rest:
                return 200, self._create(raw).to_dict(), {}
            if method == "GET" and not rest:
                newest_first = list(reversed(self._batches.values()))
                return 200, _page([b.to_dict() for b in newest_first], query), {}
            b = self._batches.get(rest[0])
            if b is None:
                raise _ApiError(404, f"No batch found with id '{rest[0]}'.")
            if method == "GET" and len(rest) == 1:
                b.polls += 1
                self._advance(b)
                return 200, b.to_dict(), {}
            if method == "POST" and rest[1:] == ["cancel"]:
                if b.status in ("validating", "in_progress", "finalizing"):
                    b.status = "cancelling"
                    b.times["cancelling"] = int(time.time())
                return 200, b.to_dict(), {}
        raise _ApiError(404, f"no route {method} /v1/{'/'.join(parts)}")

    def _file(self, file_id: str) -> FakeFile:
        f = self._files.get(file_id)
        if f is None:
            raise _ApiError(404, f"No such File object: {file_id}", "id")
        return f

    def _upload(self, content_type: str, raw: bytes) -> FakeFile:
        if not content_type.startswith("multipart/form-data"):
            raise _ApiError(400, "the upload must be multipart/form-data")
        fields = parse_multipart(content_type, raw)
        purpose = fields.get("purpose", (None, b""))[1].decode("utf-8", "replace")
        if "file" not in fields or not purpose:
            raise _ApiError(
                400, "'file' and 'purpose' are required", "file" if "file" not in fields else "purpose"
            )
        filename, data = fields["file"]
        f = FakeFile(f"file-{uuid.uuid4().hex[:24]}", filename or "upload", purpose, data, int(time.time()))
        self._files[f.id] = f
        return f

    def _create(self, raw: bytes) -> FakeBatch:
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise _ApiError(400, "request body is not valid JSON") from None
        f = self._files.get(str(body.get("input_file_id")))
        if f is None:
            raise _ApiError(400, f"Invalid input_file_id: {body.get('input_file_id')!r}", "input_file_id")
        if f.purpose != "batch":
            raise _ApiError(400, "the input file must be uploaded with purpose 'batch'", "input_file_id")
        if body.get("endpoint") not in BATCH_ENDPOINTS:
            raise _ApiError(400, f"unsupported endpoint {body.get('endpoint')!r}", "endpoint")
        if body.get("completion_window") != "24h":
            raise _ApiError(400, "completion_window must be '24h'", "completion_window")
        b = FakeBatch(
            id=f"batch_{uuid.uuid4().hex[:24]}", input_file_id=f.id, endpoint=body["endpoint"],
            completion_window="24h", metadata=body.get("metadata"), created_at=int(time.time()),
            fate=self._fates.pop(0) if self._fates else "complete",
        )  # fmt: skip
        self._batches[b.id] = b
        return b

    # -- a batch's life ---------------------------------------------------------------------------
    def _advance(self, b: FakeBatch) -> None:
        now = int(time.time())
        if b.status == "validating":
            errors = self._validate(b)
            if errors or b.fate == "failed":
                b.errors = errors or [
                    {"code": "batch_failed", "message": "the batch failed (scripted)", "line": None}
                ]
                b.status, b.times["failed"] = "failed", now
            else:
                b.status, b.times["in_progress"] = "in_progress", now
        elif b.status == "in_progress" and not self.hold:
            n = len(b.lines)
            if b.fate == "expired":
                self._answer(b, (n + 1) // 2)
                self._close(
                    b,
                    "expired",
                    "batch_expired",
                    "This request could not be executed before the completion window expired.",
                )
                return
            self._answer(b, max(1, -(-n // max(1, self.steps))))
            if b.done >= n:
                b.status, b.times["finalizing"] = "finalizing", now
        elif b.status == "finalizing":
            self._close(b, "completed", "", "")
        elif b.status == "cancelling":
            self._close(
                b, "cancelled", "batch_cancelled", "This request was not executed: the batch was cancelled."
            )

    def _validate(self, b: FakeBatch) -> list[dict[str, Any]]:
        data = self._files[b.input_file_id].data
        errors: list[dict[str, Any]] = []
        if len(data) > self.max_bytes:
            errors.append(
                {
                    "code": "file_too_large",
                    "message": f"The input file is {len(data)} bytes, over the maximum of {self.max_bytes}.",
                    "line": None,
                }
            )
        seen: set[str] = set()
        models: set[str] = set()
        for i, line in enumerate(data.splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                assert isinstance(item, dict) and isinstance(item.get("body"), dict)
            except (ValueError, AssertionError):
                errors.append(
                    {
                        "code": "invalid_json_line",
                        "message": "This line is not parseable as valid JSON.",
                        "line": i,
                    }
                )
                continue
            cid = item.get("custom_id")
            if not isinstance(cid, str) or not cid or cid in seen:
                errors.append(
                    {
                        "code": "duplicate_custom_id",
                        "message": "The custom_id for this request is missing or a duplicate of another request.",
                        "line": i,
                    }
                )
            seen.add(str(cid))
            if item.get("method") != "POST":
                errors.append(
                    {
                        "code": "invalid_method",
                        "message": "The method for this request must be POST.",
                        "line": i,
                    }
                )
            if item.get("url") != b.endpoint:
                errors.append(
                    {
                        "code": "invalid_url",
                        "message": "The URL provided for this request does not match the batch endpoint.",
                        "line": i,
                    }
                )
            models.add(str(item["body"].get("model")))
            b.lines.append(item)
        if len(b.lines) > self.max_requests:
            errors.append(
                {
                    "code": "too_many_requests",
                    "message": f"The batch input file is larger than the {self.max_requests} maximum number of requests.",
                    "line": None,
                }
            )
        if len(models) > 1:
            errors.append(
                {
                    "code": "mismatched_model",
                    "message": "Every request of a batch must use the same model.",
                    "line": None,
                }
            )
        if not b.lines and not errors:
            errors.append({"code": "empty_file", "message": "The batch input file is empty.", "line": None})
        return errors[:10]

    def _answer(self, b: FakeBatch, count: int) -> None:
        for item in b.lines[b.done : b.done + count]:
            ok, line = self._answer_line(b, item)
            (b.outputs if ok else b.failures).append(line)
            b.done += 1

    def _answer_line(self, b: FakeBatch, item: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
        """One input line answered like a chat request: (succeeded, output line)."""
        fake = self.fake
        body = item["body"]
        req = RecordedRequest(method="POST", path=b.endpoint, headers={}, body=body, time=time.monotonic())
        m = fake.marker_re.search(req.user_text)
        req.marker = m.group(0) if m else None
        self._lines.append(req)
        line_id, request_id = f"batch_req_{uuid.uuid4().hex[:24]}", f"req_{uuid.uuid4().hex[:24]}"
        rejection = fake._mode_rejection(body)
        spec: Spec = (
            {"kind": "reject_format", "status": rejection[0], "message": rejection[1]}
            if rejection
            else fake._next_spec(req)
        )
        kind = spec.get("kind", "json")
        req.reply = kind
        if kind == "drop":
            req.status = 0
            return False, {"id": line_id, "custom_id": item.get("custom_id"), "response": None,
                           "error": {"code": "server_error", "message": "The server had an error processing this request."}}  # fmt: skip
        if kind in ("error", "reject_format"):
            status = int(spec.get("status", 500 if kind == "error" else 400))
            req.status = status
            message = spec.get("message") or f"error {status}"
            param = "response_format" if kind == "reject_format" else None
            return False, {"id": line_id, "custom_id": item.get("custom_id"), "error": None,
                           "response": {"status_code": status, "request_id": request_id,
                                        "body": _error_payload(status, message, param)}}  # fmt: skip
        return True, {"id": line_id, "custom_id": item.get("custom_id"), "error": None,
                      "response": {"status_code": 200, "request_id": request_id,
                                   "body": completion_body(spec, body, fake.model)}}  # fmt: skip

    def _close(self, b: FakeBatch, status: str, code: str, message: str) -> None:
        """End the batch: unanswered lines become errors (code), output and error files are written."""
        for item in b.lines[b.done :]:
            b.failures.append({"id": f"batch_req_{uuid.uuid4().hex[:24]}", "custom_id": item.get("custom_id"),
                               "response": None, "error": {"code": code, "message": message}})  # fmt: skip
        b.done = len(b.lines)
        for lines, attr, suffix in (
            (b.outputs, "output_file_id", "output"),
            (b.failures, "error_file_id", "error"),
        ):
            if lines:
                shuffled = list(lines)
                self._rng.shuffle(shuffled)
                data = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in shuffled).encode("utf-8")
                f = FakeFile(
                    f"file-{uuid.uuid4().hex[:24]}",
                    f"{b.id}_{suffix}.jsonl",
                    "batch_output",
                    data,
                    int(time.time()),
                )
                self._files[f.id] = f
                setattr(b, attr, f.id)
        b.status, b.times[status] = status, int(time.time())


class _ApiError(Exception):
    def __init__(self, status: int, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.param = status, message, param


def _error_payload(status: int, message: str, param: str | None = None) -> dict[str, Any]:
    etype = "invalid_request_error" if 400 <= status < 500 else "server_error"
    return {"error": {"message": message, "type": etype, "param": param, "code": None}}


def _route_verb(method: str, parts: list[str]) -> str:
    """files.create, files.list, files.retrieve, files.content, files.delete, batches.create, ..."""
    rest = parts[1:]
    if not rest:
        return "create" if method == "POST" else "list"
    if rest[1:] == ["content"]:
        return "content"
    if rest[1:] == ["cancel"]:
        return "cancel"
    return "delete" if method == "DELETE" else "retrieve"


def _page(items: list[dict[str, Any]], query: dict[str, str]) -> dict[str, Any]:
    """A cursor page as OpenAI lists it: items after `after`, at most `limit`, and has_more."""
    if query.get("after"):
        ids = [x["id"] for x in items]
        items = items[ids.index(query["after"]) + 1 :] if query["after"] in ids else []
    limit = int(query.get("limit") or 20)
    page = items[:limit]
    return {
        "object": "list", "data": page, "has_more": len(items) > limit,
        "first_id": page[0]["id"] if page else None, "last_id": page[-1]["id"] if page else None,
    }  # fmt: skip


# ---------------------------------------------------------------------------------------------
# pytest fixture (registered in tests/conftest.py) and command line

try:
    import pytest

    @pytest.fixture
    def fake_openai() -> Iterable[FakeOpenAI]:
        """A fresh fake server per test; .base_url, .script([...]), .requests, .set_latency(s)."""
        srv = FakeOpenAI().start()
        try:
            yield srv
        finally:
            srv.stop()

except ImportError:  # pragma: no cover - used from bench scripts without pytest
    pass


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--latency", type=float, default=0.0)
    p.add_argument("--mode", default="full")
    p.add_argument("--script", help="JSON file with a list of reply specs")
    p.add_argument("--fail-500", type=float, default=0.0)
    p.add_argument("--fail-429", type=float, default=0.0)
    p.add_argument("--retry-after", default="0")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    srv = FakeOpenAI(host=args.host, port=args.port, latency=args.latency, mode=args.mode)
    if args.script:
        with open(args.script, encoding="utf-8") as f:
            srv.script(json.load(f))
    srv.set_faults(
        rate_500=args.fail_500, rate_429=args.fail_429, retry_after=args.retry_after, seed=args.seed
    )
    srv.start()
    print(srv.base_url, flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    done.wait()
    srv.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
