"""The Gradio app: a factory (build_app) and a launcher (launch_app). Nothing runs on import.

Why it is shaped like this:
- every event calls a plain function from ui.handlers (tested without Gradio); this module only wires;
- model output reaches the browser escaped (ui.render) and through components that sanitise again
  (Chatbot sanitize_html=True, allow_tags=False, no LaTeX; tables with datatype "str");
- exactly four endpoints are public API (ask, articles, article, upload); internal events are private;
- the queue is bounded (max_size); questions share one concurrency limit, uploads have their own
  (an upload is segmented and summarised in a budgeted child process, so it never blocks questions);
- launch_app binds 127.0.0.1 by default, serves no extra paths (allowed_paths stays empty), blocks
  the cache and state directories outright, and caps uploads at the server too (max_file_size).
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from summarizer.errors import SummarizerError

from . import handlers
from .guard import FileRouteGuard, uploaded_path
from .handlers import Limits, ServiceLike, parse_auth

__all__ = ["PUBLIC_ENDPOINTS", "build_app", "launch_app", "parse_auth"]

log = logging.getLogger(__name__)

PUBLIC_ENDPOINTS = ("/ask", "/articles", "/article", "/upload")
DEFAULT_QUEUE_SIZE = 16
DEFAULT_CONCURRENCY = 2
DEFAULT_UPLOAD_CONCURRENCY = 1
EXAMPLE_QUESTION = "例如：这次活动共有多少人参加？"  # a shape of question, about no article in particular


def build_app(
    service: ServiceLike,
    *,
    limits: Limits = handlers.DEFAULT_LIMITS,
    queue_size: int = DEFAULT_QUEUE_SIZE,
    concurrency: int = DEFAULT_CONCURRENCY,
    upload_concurrency: int = DEFAULT_UPLOAD_CONCURRENCY,
    title: str = "summarizer · 报纸摘要与问答",
    temp_dir: str | os.PathLike[str] | None = None,
) -> gr.Blocks:
    """The whole UI as a gr.Blocks (not launched). `service` is a summarizer.service.Service.

    Questions share `concurrency` slots; uploads have `upload_concurrency` slots of their own, so
    uploads never hold up questions (and at most that many upload workers run at once).

    temp_dir is the app's own directory (uploads; default: a new private temp dir). Gradio reads it
    from GRADIO_TEMP_DIR when components are built, at launch and per request, so it is set here;
    it is process-wide, so apps in one process must share it.
    """
    own_dir = _own_dir(temp_dir)
    # delete_cache: uploaded files older than a day are removed hourly from the app's own directory
    with gr.Blocks(title=title, analytics_enabled=False, delete_cache=(3600, 86400)) as demo:
        gr.Markdown(f"## {title}")
        with gr.Tabs():
            with gr.Tab("问答 Chat", id="chat"):
                chat = _chat_tab(service, limits)
            with gr.Tab("文章 Articles", id="articles"):
                arts = _articles_tab(service)
            with gr.Tab("上传 Upload", id="upload"):
                up = _upload_tab(limits)
        _wire(demo, service, limits, concurrency, upload_concurrency, chat, arts, up, own_dir)
    demo.queue(max_size=queue_size, default_concurrency_limit=concurrency)
    demo.summarizer_temp_dir = own_dir  # read by launch_app
    return demo


def _own_dir(temp_dir: str | os.PathLike[str] | None) -> Path:
    path = Path(temp_dir) if temp_dir is not None else Path(tempfile.mkdtemp(prefix="summarizer-ui-"))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = path.resolve()
    os.environ["GRADIO_TEMP_DIR"] = str(path)
    return path


# ---------------------------------------------------------------- layout


def _chat_tab(service: ServiceLike, limits: Limits) -> dict[str, Any]:
    with gr.Row():
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(
                label="对话（answers cite their sources）",
                elem_id="chatbot",
                height=460,
                sanitize_html=True,
                render_markdown=True,
                allow_tags=False,
                latex_delimiters=[],
                allow_file_downloads=False,
                feedback_options=None,
                buttons=["copy", "copy_all"],
            )
            question = gr.Textbox(
                label=f"问题（question, up to {limits.max_question_chars} characters）",
                placeholder=EXAMPLE_QUESTION,
                max_length=limits.max_question_chars,
                elem_id="question",
                lines=1,
            )
            with gr.Row():
                ask = gr.Button("提问 Ask", variant="primary", elem_id="ask")
                clear = gr.Button("清空 Clear", elem_id="clear")
            restrict = gr.Dropdown(
                choices=handlers.filter_choices(service),
                value=[],
                multiselect=True,
                label="限定范围（restrict to pages / articles; empty = whole corpus）",
                elem_id="restrict",
            )
        with gr.Column(scale=2):
            sources = gr.Markdown(
                "*来源将显示在这里（sources appear here）*", elem_id="sources", sanitize_html=True
            )
    turns = gr.State([])
    return {
        "chatbot": chatbot,
        "question": question,
        "ask": ask,
        "clear": clear,
        "restrict": restrict,
        "sources": sources,
        "turns": turns,
    }


def _articles_tab(service: ServiceLike) -> dict[str, Any]:
    refresh = gr.Button("刷新 Refresh", elem_id="refresh")
    table = gr.Dataframe(
        value=handlers.article_rows(service),
        headers=handlers.ARTICLE_COLUMNS,
        datatype=["str", "number", "str", "str", "str", "number"],
        type="array",
        interactive=False,
        wrap=True,
        elem_id="articles-table",
    )
    picker = gr.Dropdown(
        choices=handlers.article_choices(service),
        value=None,
        label="文章（article）",
        elem_id="article-picker",
    )
    with gr.Row():
        with gr.Column(scale=3):
            detail = gr.Markdown(elem_id="article-detail", sanitize_html=True)
        with gr.Column(scale=2):
            figures = gr.Dataframe(
                headers=handlers.FIGURE_COLUMNS,
                datatype=["str", "str", "str"],
                type="array",
                interactive=False,
                wrap=True,
                elem_id="figures-table",
                label="关键数字（key figures）",
            )
    chart = gr.Plot(label="关键数字图（chart of the key figures）", elem_id="article-chart")
    return {
        "refresh": refresh,
        "table": table,
        "picker": picker,
        "detail": detail,
        "chart": chart,
        "figures": figures,
    }


def _upload_tab(limits: Limits) -> dict[str, Any]:
    gr.Markdown(
        f"上传一个版面文件（.txt 或 .pdf，最大 {handlers.mb(limits.max_upload_bytes)}）：自动分篇、摘要并加入索引。"
    )
    file = gr.File(
        label="版面文件（page file）",
        file_types=list(handlers.UPLOAD_SUFFIXES),
        type="filepath",
        elem_id="upload-file",
    )
    button = gr.Button("上传 Upload", variant="primary", elem_id="upload-button")
    status = gr.Markdown(elem_id="upload-status", sanitize_html=True)
    return {"file": file, "button": button, "status": status}


# ---------------------------------------------------------------- events


def _wire(
    demo: gr.Blocks,
    service: ServiceLike,
    limits: Limits,
    concurrency: int,
    upload_concurrency: int,
    chat: dict,
    arts: dict,
    up: dict,
    own_dir: Path,
) -> None:
    def ask(question: str, turns: list, restrict: list | None):
        """Answer a question over the corpus, with cited sources (streams)."""
        try:
            for view in handlers.chat_turn(service, question, turns, restrict, limits):
                yield view.messages, view.turns, view.sources if view.done else gr.skip(), ""
        except SummarizerError as e:
            raise gr.Error(str(e)) from None
        except Exception as e:  # a bug: one line to the user, the traceback in the log
            log.exception("ask failed")
            raise gr.Error(f"internal error: {type(e).__name__}") from None

    gr.on(
        [chat["question"].submit, chat["ask"].click],
        ask,
        inputs=[chat["question"], chat["turns"], chat["restrict"]],
        outputs=[chat["chatbot"], chat["turns"], chat["sources"], chat["question"]],
        api_name="ask",
        concurrency_id="llm",
        concurrency_limit=concurrency,
    )
    chat["clear"].click(
        lambda: ([], [], ""),
        None,
        [chat["chatbot"], chat["turns"], chat["sources"]],
        api_visibility="private",
        queue=False,
    )

    def articles():
        """Every article: page, number, title, kind, summary, number of key figures."""
        return (
            handlers.article_rows(service),
            gr.Dropdown(choices=handlers.article_choices(service)),
            gr.Dropdown(choices=handlers.filter_choices(service)),
        )

    arts["refresh"].click(
        articles, None, [arts["table"], arts["picker"], chat["restrict"]], api_name="articles"
    )
    # a page (re)load shows pages uploaded since the app was built (e.g. from another browser)
    demo.load(articles, None, [arts["table"], arts["picker"], chat["restrict"]], api_visibility="private")

    def article(article_id: str | None):
        """One article ("page#index"): summary and key points, key-figure table, chart."""
        try:
            view = handlers.article_detail(service, article_id)
        except SummarizerError as e:
            raise gr.Error(str(e)) from None
        return view.markdown, view.figure_rows, view.chart

    arts["picker"].change(
        article, arts["picker"], [arts["detail"], arts["figures"], arts["chart"]], api_name="article"
    )

    def pick(rows: list, evt: gr.SelectData):
        r = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        try:
            return f"{rows[r][0]}#{int(rows[r][1])}"
        except (IndexError, TypeError, ValueError):
            return gr.skip()

    arts["table"].select(pick, arts["table"], arts["picker"], api_visibility="private")

    def upload(payload: dict | None, progress: gr.Progress = gr.Progress()):  # noqa: B008 - Gradio's idiom
        """Add a plain-text page: segmented, summarised, indexed (size-limited)."""
        try:
            # raw payload (preprocess=False): only a file uploaded to this app is read, never a named path/URL
            path = uploaded_path(payload, own_dir)
            name = payload.get("orig_name") if isinstance(payload, dict) else None
            result = handlers.upload_page(
                service, path, limits, progress=lambda f, m: progress(f, desc=m), name=name
            )
        except SummarizerError as e:
            raise gr.Error(str(e)) from None
        except Exception as e:
            log.exception("upload failed")
            raise gr.Error(f"internal error: {type(e).__name__}") from None
        return (
            result.message,
            handlers.article_rows(service),
            gr.Dropdown(choices=handlers.article_choices(service)),
            gr.Dropdown(choices=handlers.filter_choices(service)),
        )

    # uploads have their own slots: a slow page never takes a question's place (its work runs in a
    # budgeted child process, see Service.add_page)
    up["button"].click(
        upload,
        up["file"],
        [up["status"], arts["table"], arts["picker"], chat["restrict"]],
        api_name="upload",
        preprocess=False,
        concurrency_id="upload",
        concurrency_limit=upload_concurrency,
    )


# ---------------------------------------------------------------- launch


def launch_app(
    demo: gr.Blocks,
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    auth: tuple[str, str] | None = None,
    max_upload_bytes: int = handlers.DEFAULT_MAX_UPLOAD_BYTES,
    blocked_paths: Sequence[str | os.PathLike[str]] = (),
    prevent_thread_lock: bool = False,
    quiet: bool = False,
) -> tuple[Any, str]:
    """Launch on host:port and return (fastapi app, local URL).

    The app's own directory (build_app's temp_dir) is the only place the file routes serve from
    (FileRouteGuard); blocked_paths (the cache, the state directory, the corpus) are refused by Gradio
    too, as a second line.
    """
    own_dir: Path = demo.summarizer_temp_dir  # type: ignore[attr-defined]
    os.environ["GRADIO_TEMP_DIR"] = str(own_dir)
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    app, local_url, _ = demo.launch(
        server_name=host,
        server_port=port,
        auth=auth,
        prevent_thread_lock=prevent_thread_lock,
        quiet=quiet,
        share=False,
        show_error=True,
        allowed_paths=[],
        blocked_paths=[str(Path(p).resolve()) for p in blocked_paths],
        max_file_size=max_upload_bytes,
        ssr_mode=False,
        mcp_server=False,
        pwa=False,
        enable_monitoring=False,
        footer_links=["api"],
        app_kwargs={"middleware": [Middleware(FileRouteGuard, root=lambda: own_dir)]},
    )
    return app, local_url
