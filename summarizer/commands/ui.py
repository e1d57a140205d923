"""`summarizer ui`: launch the Gradio web UI (Chat, Articles, Upload) over a corpus.

Binds 127.0.0.1 unless told otherwise; --auth (or $SUMMARIZER_UI_AUTH, which keeps the password out
of the process list) protects the UI and its API. Gradio is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.commands.common import add_engine_arguments, announce_engine, settings_from_args
from summarizer.config import Settings
from summarizer.errors import ConfigError

if TYPE_CHECKING:
    from summarizer.service import Service

DEFAULT_CORPUS = "seeds"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--corpus",
        nargs="+",
        metavar="PATH",
        default=None,
        help="page files, folders of pages, .jsonl article files (default: seeds/)",
    )
    p.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)"
    )
    p.add_argument("--port", type=int, default=7860, help="port (default 7860; 0 = any free port)")
    p.add_argument(
        "--auth",
        default=None,
        metavar="USER:PASS",
        help="require this login (default: $SUMMARIZER_UI_AUTH if set, else no login)",
    )
    p.add_argument(
        "--max-upload-mb", type=float, default=2.0, help="largest page file accepted (default 2 MB)"
    )
    p.add_argument(
        "--max-question-chars", type=int, default=500, help="longest question accepted (default 500)"
    )
    p.add_argument(
        "--queue-size", type=int, default=16, help="requests waiting at most; more are refused (default 16)"
    )
    p.add_argument(
        "--ui-concurrency",
        type=int,
        default=2,
        help="questions/uploads worked on at once; the rest wait in the queue (default 2)",
    )
    p.add_argument(
        "--upload-concurrency",
        type=int,
        default=1,
        help="uploads worked on at once, apart from questions (default 1)",
    )
    p.add_argument(
        "--upload-seconds",
        type=float,
        default=None,
        help="time budget for one uploaded page; a costlier page is refused (default 300, $SUMMARIZER_UPLOAD_SECONDS)",
    )
    p.add_argument(
        "--upload-memory-mb",
        type=int,
        default=None,
        help="memory budget of the worker that reads one upload (default 1024, $SUMMARIZER_UPLOAD_MEMORY_MB)",
    )
    p.add_argument("--state-dir", default=None, help="where the index and uploaded pages are kept")
    add_engine_arguments(p)


def _default_corpus() -> list[str]:
    here = Path(DEFAULT_CORPUS)
    if here.exists():
        return [str(here)]
    bundled = Path(__file__).resolve().parents[2] / DEFAULT_CORPUS
    if bundled.exists():
        return [str(bundled)]
    raise ConfigError("no corpus: pass --corpus PATH... (no seeds/ folder here)")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace) -> int:
    from summarizer.ui.handlers import parse_auth  # no Gradio import yet: flag errors come first

    try:
        auth = parse_auth(args.auth or os.environ.get("SUMMARIZER_UI_AUTH"))
    except ValueError as e:
        raise ConfigError(str(e)) from None
    if args.max_upload_mb <= 0 or args.max_question_chars <= 0:
        raise ConfigError("--max-upload-mb and --max-question-chars must be positive")
    if args.queue_size < 1 or args.ui_concurrency < 1 or args.upload_concurrency < 1:
        raise ConfigError("--queue-size, --ui-concurrency and --upload-concurrency must be at least 1")
    if not 0 <= args.port <= 65535:
        raise ConfigError(f"--port {args.port}: a port is 0-65535 (0 = any free port)")
    missing = [p for p in args.corpus or () if not Path(p).exists()]
    if missing:
        raise ConfigError("; ".join(f"{p}: no such file or folder" for p in missing) + " (--corpus)")
    if not _is_loopback(args.host) and auth is None:
        print(
            f"summarizer: warning: serving on {args.host} without --auth: anyone who can reach it can use it",
            file=sys.stderr,
        )

    settings = settings_from_args(
        args, upload_seconds=args.upload_seconds, upload_memory_mb=args.upload_memory_mb
    )
    announce_engine(settings)
    corpus = args.corpus or _default_corpus()

    from summarizer.service import Service

    service = Service(settings, corpus, state_dir=args.state_dir)
    app_dir = tempfile.mkdtemp(prefix="summarizer-ui-")  # the app's own files; 0700; removed on exit
    # before Gradio is imported: some of its modules fix their cache folder at import time
    os.environ["GRADIO_TEMP_DIR"] = app_dir
    try:
        for err in service.errors:
            print(f"summarizer: warning: {err}", file=sys.stderr)
        if not service.corpus():
            print(
                "summarizer: warning: the corpus has no articles yet; add pages in the Upload tab",
                file=sys.stderr,
            )
        return _serve(args, service, settings, corpus, auth, app_dir)
    finally:
        service.close()
        shutil.rmtree(app_dir, ignore_errors=True)


def _serve(
    args: argparse.Namespace,
    service: Service,
    settings: Settings,
    corpus: list[str],
    auth: tuple[str, str] | None,
    app_dir: str,
) -> int:
    from summarizer.ui.app import build_app, launch_app
    from summarizer.ui.handlers import Limits

    limits = Limits(
        max_question_chars=args.max_question_chars, max_upload_bytes=int(args.max_upload_mb * 1024 * 1024)
    )
    demo = build_app(
        service,
        limits=limits,
        queue_size=args.queue_size,
        concurrency=args.ui_concurrency,
        upload_concurrency=args.upload_concurrency,
        temp_dir=app_dir,
    )
    blocked: list[str | os.PathLike[str]] = [settings.cache_dir, *corpus, service.state_dir]
    try:
        try:
            _, url = launch_app(
                demo,
                host=args.host,
                port=args.port or None,
                auth=auth,
                max_upload_bytes=limits.max_upload_bytes,
                blocked_paths=blocked,
                prevent_thread_lock=True,
                quiet=True,
            )
        except OSError as e:
            raise ConfigError(f"cannot serve on {args.host}:{args.port}: {e}") from None
        print(f"summarizer: UI on {url} (Ctrl+C to stop)", file=sys.stderr)
        demo.block_thread()
    finally:
        demo.close()
    return 0
