"""The OpenAI-compatible Batch API: upload a JSONL file of requests, create a batch, poll it, download.

Why a batch: the provider runs the requests when it has capacity, within a completion window (24 h),
at about half the price of the same synchronous calls. The format is OpenAI's Batch API, which vLLM's
`run-batch` reads and writes too:

- input, one request per line: ``{"custom_id", "method": "POST", "url": "/v1/chat/completions",
  "body": {...the chat-completions request...}}`` (custom_id unique within the batch);
- POST /v1/files (purpose=batch), POST /v1/batches (input_file_id, endpoint, completion_window),
  GET /v1/batches/{id} until the status is terminal (validating -> in_progress -> finalizing ->
  completed; or failed, expired, cancelling -> cancelled), with request_counts total/completed/failed;
- output, one result per line, in no particular order (match on custom_id, never on position):
  ``{"id", "custom_id", "response": {"status_code", "request_id", "body"}, "error"}``, successes in
  the output file, failures in the error file (an expired or cancelled batch still has both, for the
  requests it did and did not run).

Every call goes through the openai SDK (client.files, client.batches) with the SDK's own retries as
the one retry layer (connection errors, 408/409/429/5xx, Retry-After honoured) — except creating a
batch: the API takes no idempotency key, so a retried create whose first attempt reached the server
would make a second batch (and a second bill). After a failure that may have reached it, the batch
is first looked up by its input file, and created again only if it is not there.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import openai

from summarizer.errors import LLMError
from summarizer.llm.client import is_retryable, retry_after_seconds

if TYPE_CHECKING:
    from summarizer.config import Settings

ENDPOINT: Final = "/v1/chat/completions"
COMPLETION_WINDOW: Final = "24h"
TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})
WITH_RESULTS = frozenset({"completed", "expired", "cancelled"})  # terminal, with output/error files
# A run killed between a request and the recording of its answer looks for what it made among this
# many of the newest files / batches of the account (lists are newest first).
LOOKBACK = 500
# Uploads and downloads move up to the provider's file limit (200 MB): not a chat request's timeout.
TRANSFER_TIMEOUT_SECONDS = 900.0
# Between attempts to create a batch (doubling, at most the max), when no Retry-After says otherwise.
CREATE_BACKOFF_SECONDS = 1.0
CREATE_BACKOFF_MAX_SECONDS = 30.0


class BatchAPIError(LLMError):
    """The Batch API refused or failed a request (after the SDK's retries)."""


class NoBatchAPI(BatchAPIError):
    """The endpoint has no Batch API (404/405 on /v1/files or /v1/batches)."""


@dataclass
class BatchStatus:
    """What GET /v1/batches/{id} said, reduced to what a run needs."""

    id: str
    status: str
    input_file_id: str
    total: int = 0
    completed: int = 0
    failed: int = 0
    output_file_id: str | None = None
    error_file_id: str | None = None
    errors: str = ""  # the batch's own errors (why validation failed), one line

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL


@dataclass
class ResultLine:
    """One line of an output or error file."""

    custom_id: str
    status_code: int  # HTTP status of the request; 0 when it never ran (expired, cancelled, dropped)
    body: Any  # the response body: a chat completion, or {"error": {...}}
    error: str  # why it failed, one line ("" for a success)

    @property
    def ok(self) -> bool:
        return self.status_code == 200 and isinstance(self.body, dict) and "choices" in self.body


def request_line(custom_id: str, body: dict[str, Any]) -> bytes:
    """One input line (UTF-8 JSON, newline-terminated)."""
    line = {"custom_id": custom_id, "method": "POST", "url": ENDPOINT, "body": body}
    return (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def parse_result_line(raw: bytes | str) -> ResultLine:
    """An output/error line; ValueError when it is not one (whatever the server wrote)."""
    try:
        return _parse_result_line(raw)
    except (TypeError, AttributeError, OverflowError, RecursionError) as e:
        raise ValueError(f"not a batch result line ({type(e).__name__})") from None


def _parse_result_line(raw: bytes | str) -> ResultLine:
    item = json.loads(raw)
    if not isinstance(item, dict) or not isinstance(item.get("custom_id"), str):
        raise ValueError("not a batch result line (no custom_id)")
    response = item.get("response") if isinstance(item.get("response"), dict) else None
    status = int(response.get("status_code") or 0) if response else 0
    body = response.get("body") if response else None
    error = ""
    if isinstance(item.get("error"), dict):
        e = item["error"]
        error = f"{e.get('code') or 'error'}: {e.get('message') or ''}".strip()
    elif status != 200:
        message = body.get("error", {}).get("message", "") if isinstance(body, dict) else ""
        error = f"HTTP {status}" + (f": {message}" if message else "")
    return ResultLine(item["custom_id"], status, body, error[:300])


def _status_of(batch: Any) -> BatchStatus:
    counts = getattr(batch, "request_counts", None)
    errors = ""
    data = getattr(getattr(batch, "errors", None), "data", None) or []
    if data:
        first = data[0]
        where = f" (line {first.line})" if getattr(first, "line", None) else ""
        more = f"; {len(data) - 1} more" if len(data) > 1 else ""
        errors = f"{first.code or 'error'}: {first.message or ''}{where}{more}"[:300]
    return BatchStatus(
        id=batch.id,
        status=batch.status,
        input_file_id=batch.input_file_id,
        total=int(getattr(counts, "total", 0) or 0),
        completed=int(getattr(counts, "completed", 0) or 0),
        failed=int(getattr(counts, "failed", 0) or 0),
        output_file_id=batch.output_file_id,
        error_file_id=batch.error_file_id,
        errors=errors,
    )


class BatchClient:
    """The Batch API of one endpoint, through the openai SDK."""

    def __init__(self, settings: Settings, sleep: Callable[[float], None] = time.sleep) -> None:
        self.base_url = (settings.base_url or "https://api.openai.com/v1").rstrip("/")
        self.max_retries = settings.max_retries
        self._sleep = sleep
        self._sdk = openai.OpenAI(
            base_url=self.base_url,
            api_key=settings.api_key or "not-needed",
            max_retries=settings.max_retries,  # the SDK's retries are the one layer here
            timeout=settings.timeout,
        )

    def close(self) -> None:
        self._sdk.close()

    def _fail(self, what: str, e: openai.APIError) -> BatchAPIError:
        if isinstance(e, openai.APIStatusError):
            if e.status_code in (404, 405) and what in ("upload", "create"):
                return NoBatchAPI(
                    f"{self.base_url} has no Batch API ({what}: HTTP {e.status_code}); "
                    "run without --batch to call it synchronously"
                )
            return BatchAPIError(
                f"{self.base_url}: Batch API {what}: HTTP {e.status_code}: {e.message}"[:400]
            )
        if isinstance(e, openai.APITimeoutError):
            return BatchAPIError(f"{self.base_url}: Batch API {what}: timed out")
        return BatchAPIError(f"{self.base_url}: Batch API {what}: {e.__cause__ or e}"[:400])

    def upload(self, path: Path, name: str) -> str:
        """POST /v1/files (purpose=batch): the file's id."""
        try:
            with open(path, "rb") as f:
                obj = self._sdk.files.create(
                    file=(name, f, "application/jsonl"), purpose="batch", timeout=TRANSFER_TIMEOUT_SECONDS
                )
        except openai.APIError as e:
            raise self._fail("upload", e) from e
        return obj.id

    def find_upload(self, name: str) -> str | None:
        """The id of a batch input file of this name among the newest LOOKBACK (None if none)."""
        try:
            for n, f in enumerate(self._sdk.files.list(purpose="batch", order="desc")):
                if f.filename == name:
                    return f.id
                if n + 1 >= LOOKBACK:
                    break
        except openai.APIError as e:
            raise self._fail("list files", e) from e
        return None

    def create(self, input_file_id: str, metadata: dict[str, str]) -> BatchStatus:
        """POST /v1/batches for an uploaded input file; never two batches for one file (see above)."""
        once = self._sdk.with_options(max_retries=0)
        for attempt in range(self.max_retries + 1):
            try:
                batch = once.batches.create(
                    input_file_id=input_file_id,
                    endpoint=ENDPOINT,
                    completion_window=COMPLETION_WINDOW,
                    metadata=metadata,
                )
                return _status_of(batch)
            except openai.APIError as e:
                if not is_retryable(e) or attempt == self.max_retries:
                    raise self._fail("create", e) from e
                asked = retry_after_seconds(e)
                backoff = min(CREATE_BACKOFF_MAX_SECONDS, CREATE_BACKOFF_SECONDS * 2**attempt)
                self._sleep(min(asked, CREATE_BACKOFF_MAX_SECONDS) if asked is not None else backoff)
                found = self.find_batch(input_file_id)  # it may have been made before the failure
                if found is not None:
                    return found
        raise AssertionError("unreachable")

    def find_batch(self, input_file_id: str) -> BatchStatus | None:
        """The batch made from this input file among the newest LOOKBACK (None if none)."""
        try:
            for n, b in enumerate(self._sdk.batches.list(limit=100)):
                if b.input_file_id == input_file_id:
                    return _status_of(b)
                if n + 1 >= LOOKBACK:
                    break
        except openai.APIError as e:
            raise self._fail("list batches", e) from e
        return None

    def retrieve(self, batch_id: str) -> BatchStatus:
        try:
            return _status_of(self._sdk.batches.retrieve(batch_id))
        except openai.APIError as e:
            raise self._fail("status", e) from e

    def download(self, file_id: str, dest: Path) -> None:
        """GET /v1/files/{id}/content, streamed to dest (atomically: dest is whole or absent)."""
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                with self._sdk.files.with_streaming_response.content(
                    file_id, timeout=TRANSFER_TIMEOUT_SECONDS
                ) as response:
                    for chunk in response.iter_bytes():
                        out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, dest)
        except openai.APIError as e:
            Path(tmp).unlink(missing_ok=True)
            raise self._fail("download", e) from e
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
