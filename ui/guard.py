"""What files the web app may serve or read: only its own upload directory, never a URL.

Gradio's file routes (/gradio_api/file=..., /gradio_api/file/..., /gradio_api/proxy=...) already refuse
most things, but for http(s) targets Gradio fetches the URL itself (after a DNS check that may call an
outside resolver), and its allow-list also covers directories we do not use. This guard answers 403
before Gradio sees such a request: a target must be a file inside the app's own temp directory
(GRADIO_TEMP_DIR), after percent-decoding (repeatedly) and resolving "..", symlinks and case tricks.
The same rule is applied to the file payload the Upload endpoint receives (uploaded_path).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from summarizer.errors import InputError

_FILE_ROUTE = re.compile(r"^/+(?:gradio_api/+)?(file=|file/|proxy=)(.*)$", re.I | re.S)
_URL_LIKE = re.compile(r"^\s*(?:[a-z][a-z0-9+.\-]*:|//|\\\\)", re.I)

Scope = dict[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[dict]], Callable[[dict], Awaitable[None]]], Awaitable[None]]


def app_temp_dir() -> Path:
    """The app's own directory: Gradio's upload folder (GRADIO_TEMP_DIR)."""
    from gradio.utils import get_upload_folder

    return Path(get_upload_folder()).resolve()


def _decoded(target: str) -> str:
    for _ in range(4):  # %252e%252e -> %2e%2e -> ..
        nxt = unquote(target)
        if nxt == target:
            break
        target = nxt
    return target


def is_inside(target: str, root: Path) -> bool:
    """True when target (a path, not a URL) names something inside root after full resolution."""
    target = _decoded(target)
    if not target or "\x00" in target or _URL_LIKE.match(target):
        return False
    try:
        resolved = Path(os.path.abspath(target)).resolve()
    except (OSError, ValueError, RuntimeError):
        return False
    return resolved != root and resolved.is_relative_to(root)


def refusal(path: str, root: Path) -> str | None:
    """Why a request path must be refused, or None to let Gradio handle it."""
    m = _FILE_ROUTE.match(_decoded(path))
    if not m:
        return None
    route, target = m.group(1).lower(), m.group(2)
    if route == "proxy=":
        return "this app proxies nothing"
    if not is_inside(target, root):
        return "file not allowed"
    return None


def payload_refusal(data: Any, root: Path) -> str | None:
    """Why an event's JSON inputs must be refused: a file payload naming a URL or a path outside root.

    Gradio copies (or downloads) every file payload into its cache before any handler runs, so a
    client naming "http://..." or "/etc/passwd" as a file input is stopped here, at the door.
    """
    if isinstance(data, dict):
        path = data.get("path")
        is_file = "meta" in data or "orig_name" in data or "url" in data
        if isinstance(path, str) and is_file and not is_inside(path, root):
            return "file inputs must be uploaded to this app"
        return next((r for r in (payload_refusal(v, root) for v in data.values()) if r), None)
    if isinstance(data, list):
        return next((r for r in (payload_refusal(v, root) for v in data) if r), None)
    return None


_EVENT_ROUTE = re.compile(
    r"^/+(?:gradio_api/+)?(?:queue/join|call/(?:v2/+)?[^/]+|run/[^/]+|api/[^/]+)/*$", re.I
)
MAX_EVENT_BODY = 1 << 20  # event inputs are a question and a few ids; files go through /upload


class FileRouteGuard:
    """ASGI middleware: 403 for file/proxy requests outside the app's own directory, and for events
    whose inputs name a file by URL or by a path outside it."""

    def __init__(self, app: ASGIApp, root: Callable[[], Path] = app_temp_dir) -> None:
        self.app = app
        self.root = root

    async def __call__(self, scope: Scope, receive: Callable, send: Callable) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        raw = scope.get("raw_path")
        paths = [scope.get("path", "")] + ([raw.decode("latin-1")] if isinstance(raw, bytes) else [])
        reason = next((r for r in (refusal(p, self.root()) for p in paths) if r), None)
        if reason:
            await _plain(send, 403, reason)
            return
        if scope.get("method") == "POST" and _EVENT_ROUTE.match(scope.get("path", "")):
            body, complete = await _read_body(receive, MAX_EVENT_BODY)
            if not complete:
                await _plain(send, 413, "request too large")
                return
            try:
                reason = payload_refusal(json.loads(body or b"null"), self.root())
            except ValueError:
                reason = None  # not JSON: Gradio answers it with its own 4xx
            if reason:
                await _plain(send, 403, reason)
                return
            receive = _replay(body, receive)
        await self.app(scope, receive, send)


async def _read_body(receive: Callable, limit: int) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message.get("type") != "http.request":
            return b"".join(chunks), True
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return b"", False
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks), True


def _replay(body: bytes, receive: Callable) -> Callable:
    sent = False

    async def again() -> dict:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return again


async def _plain(send: Callable, status: int, reason: str) -> None:
    body = f"{status} {reason}".encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def uploaded_path(payload: Mapping[str, Any] | str | None, root: Path | None = None) -> Path | None:
    """The local path of an uploaded file, only if it lies inside the app's own directory.

    The Upload event takes Gradio's raw file payload (preprocess=False) so that a client cannot make
    the server fetch a URL or read an arbitrary path by naming it in the payload.
    """
    if payload is None:
        return None
    path = payload if isinstance(payload, str) else payload.get("path")
    if not path:
        return None
    root = root or app_temp_dir()
    if not is_inside(str(path), root):
        raise InputError("upload refused: the file must be uploaded to this app, not named by path or URL")
    return Path(os.path.abspath(str(path))).resolve()
