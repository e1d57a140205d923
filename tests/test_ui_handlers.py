"""UI handlers and rendering, tested without Gradio: escaping, limits, streaming turns, articles, upload.

The service here is a small in-test class implementing the Service interface the UI relies on
(articles, article, ask, add_page); the gradio_client and browser tests use the real Service.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from summarizer.ui import handlers, render
from summarizer.ui.chart import cjk_font_path, figure_png, figures_chart

from summarizer.errors import InputError
from summarizer.qa.ask import AskResult
from summarizer.schemas import Article, Citation

XSS = "<img src=x onerror=alert(1)> <script>alert(2)</script> [click](javascript:alert(3)) ![i](http://evil.example/x.png)"

SEED_TEXT = (
    "此次比赛历时 4个月，牡丹江市各级工会收集了 147个参\n赛作品，经过 3轮评比精选出 17部作品。"
    "项目总投资 630 万元，惠及职工 26.19万人次。"
)


class FakeService:
    """The Service interface, in memory; records what the UI asked of it."""

    def __init__(self, answer: AskResult | None = None) -> None:
        self.rows: list[dict[str, Any]] = [
            {
                "page": "p1",
                "index": 1,
                "title": "短视频大赛" + XSS,
                "kind": "news",
                "byline": "本报记者 张三",
                "text": SEED_TEXT,
                "summary": "牡丹江市总工会举办短视频大赛，收集147个作品。" + XSS,
                "key_points": ["收集147个作品", XSS],
                "key_figures": [
                    {
                        "value": 147,
                        "unit": "个",
                        "about": "参赛作品",
                        "quote": "收集了 147个参赛作品",
                        "qualifier": "",
                    },
                    {
                        "value": 17,
                        "unit": "部",
                        "about": "精选作品",
                        "quote": "精选出 17部作品",
                        "qualifier": "",
                    },
                    {
                        "value": 630,
                        "unit": "万元",
                        "about": "总投资",
                        "quote": "总投资 630 万元",
                        "qualifier": "",
                    },
                    {
                        "value": 26.19,
                        "unit": "万人次",
                        "about": "惠及职工",
                        "quote": "26.19万人次",
                        "qualifier": "",
                    },
                ],
            },
            {
                "page": "p2",
                "index": 3,
                "title": "另一篇",
                "kind": "photo",
                "text": "图片新闻。",
                "summary": "",
                "key_figures": [],
            },
        ]
        self.answer = answer or AskResult(
            answer="147个" + XSS,
            answerable=True,
            citations=[
                Citation(page="p1", article_index=1, title="短视频大赛", quote="收集了 147个参赛作品")
            ],
            engine="fake",
        )
        self.asked: list[tuple[str, list, Any]] = []
        self.added: list[tuple[str, bytes]] = []

    def articles(self) -> list[dict[str, Any]]:
        return list(self.rows)

    def article(self, page: str, index: int) -> dict[str, Any] | None:
        return next((r for r in self.rows if r["page"] == page and r["index"] == index), None)

    def ask(self, question: str, history: Sequence[Any] = (), restrict: Any = None) -> AskResult:
        self.asked.append((question, list(history), restrict))
        return self.answer

    def add_page(self, name: str, data: bytes, progress: Callable[..., Any] | None = None) -> list[Any]:
        self.added.append((name, data))
        arts = [
            Article(page=Path(name).stem, index=i, title=f"新文章{i}", paragraphs=["正文"]) for i in (1, 2)
        ]
        for i, a in enumerate(arts, 1):
            if progress:
                progress(i, len(arts), f"summarised {i}")
            self.rows.append({**a.segment_record(), "summary": "", "key_figures": []})
        return arts


class _TagText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _render(markdown: str) -> _TagText:
    """Markdown -> HTML with raw HTML *enabled* (the worst case), parsed into tags and text."""
    parsed = _TagText()
    parsed.feed(MarkdownIt("commonmark", {"html": True}).render(markdown))
    parsed.close()
    return parsed


def _assert_inert(markdown: str) -> None:
    out = _render(markdown)
    tags = {t for t, _ in out.tags}
    assert not tags & {"img", "script", "a", "iframe", "svg", "style"}, tags
    assert not any(
        k.startswith("on") or "javascript:" in str(v) for _, attrs in out.tags for k, v in attrs.items()
    )


# ---------------------------------------------------------------- render


def test_md_escape_renders_attack_text_as_text() -> None:
    out = _render(render.md_escape(XSS))
    assert [t for t, _ in out.tags] == ["p"]
    assert "".join(out.text).strip() == XSS


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>&\"'`*_[]()!#-+.:=$|~\\/ \nabjs牡丹江147%万")), max_size=60))
def test_md_escape_any_text_shows_exactly_that_text(text: str) -> None:
    """Whatever the model says, the reader sees those characters and no markup is created."""
    escaped = render.md_escape(text)
    out = _render(escaped)
    assert {t for t, _ in out.tags} <= {"p", "br"}
    assert " ".join("".join(out.text).split()) == " ".join(text.split())


def test_highlight_quote_marks_the_quote_in_context_even_across_a_hard_wrap() -> None:
    shown = render.highlight_quote(SEED_TEXT, "收集了 147个参赛作品")
    assert "<mark>" in shown and shown.count("<mark>") == 1
    marked = shown.split("<mark>")[1].split("</mark>")[0]
    assert "147" in marked and "参" in marked and "赛作品" in marked
    assert "历时" in shown.split("<mark>")[0]  # context before the quote is shown


def test_highlight_quote_escapes_and_survives_a_missing_quote() -> None:
    shown = render.highlight_quote("正文<b>x</b>", "不存在的引文<script>")
    assert shown.startswith("<mark>") and "<script>" not in shown
    _assert_inert(shown.replace("<mark>", "").replace("</mark>", ""))


def test_sources_markdown_lists_title_page_index_and_highlighted_quote() -> None:
    md = render.sources_markdown(
        [{"page": "p1", "article_index": 1, "title": "标题" + XSS, "quote": "收集了 147个参赛作品"}],
        lambda page, index: SEED_TEXT,
    )
    assert "《标题" in md and "p1" in md and "第 1 篇" in md and "<mark>" in md
    _assert_inert(md)


def test_unanswerable_answer_says_not_found() -> None:
    assert render.NOT_FOUND in render.answer_markdown("", False)
    assert render.NOT_FOUND in render.answer_markdown("无法回答", False)


# ---------------------------------------------------------------- chat


def test_question_limits_are_clear() -> None:
    limits = handlers.Limits(max_question_chars=10)
    assert handlers.check_question("  问题  ", limits) == "问题"
    assert handlers.check_question("一" * 10, limits) == "一" * 10
    with pytest.raises(handlers.QuestionError, match="empty"):
        handlers.check_question("   ", limits)
    with pytest.raises(handlers.QuestionError, match="11 characters; the limit is 10"):
        handlers.check_question("一" * 11, limits)


def test_too_long_question_is_refused_before_the_service_is_asked() -> None:
    svc = FakeService()
    with pytest.raises(handlers.QuestionError):
        list(handlers.chat_turn(svc, "长" * 501, [], None))
    assert svc.asked == []


def test_chat_turn_streams_then_shows_escaped_answer_and_sources() -> None:
    svc = FakeService()
    views = list(handlers.chat_turn(svc, "牡丹江市各级工会收集了多少个参赛作品？", [], ["p1#1"]))
    assert len(views) >= 3, "the answer should arrive in several steps"
    assert [v.done for v in views] == [False] * (len(views) - 1) + [True]
    lengths = [len(v.messages[-1]["content"]) for v in views[1:-1]]
    assert lengths == sorted(lengths), "partial answers grow"
    final = views[-1]
    assert [m["role"] for m in final.messages] == ["user", "assistant"]
    assert "147" in final.messages[-1]["content"] and "<mark>" in final.messages[-1]["content"]
    assert "短视频大赛" in final.sources and "<mark>" in final.sources
    for v in views:
        for m in v.messages:
            _assert_inert(m["content"])
    _assert_inert(final.sources)
    assert svc.asked == [("牡丹江市各级工会收集了多少个参赛作品？", [], ["p1#1"])]
    assert final.turns[-1]["answerable"] is True


def test_chat_turn_is_multi_turn_and_passes_history() -> None:
    svc = FakeService()
    first = list(handlers.chat_turn(svc, "问题一", [], None))[-1]
    second = list(handlers.chat_turn(svc, "问题二", first.turns, None))[-1]
    assert [m["role"] for m in second.messages] == ["user", "assistant", "user", "assistant"]
    assert svc.asked[1][1] == [("问题一", svc.answer.answer)]
    assert svc.asked[1][2] is None
    assert len(second.turns) == 2


def test_chat_turn_not_found_is_said_plainly() -> None:
    svc = FakeService(AskResult.refused("fake"))  # what the real service answers: the not-found text
    final = list(handlers.chat_turn(svc, "火星上有几个工会？", [], None))[-1]
    assert render.NOT_FOUND in final.messages[-1]["content"]
    assert final.messages[-1]["content"].count("未找到答案") == 1, "not found is said once, not twice"
    assert render.NOT_FOUND in final.sources


def test_filter_choices_offer_pages_and_articles() -> None:
    values = [v for _, v in handlers.filter_choices(FakeService())]
    assert values == ["p1", "p2", "p1#1", "p2#3"]


# ---------------------------------------------------------------- articles


def test_article_rows_one_per_article() -> None:
    rows = handlers.article_rows(FakeService())
    assert [(r[0], r[1]) for r in rows] == [("p1", 1), ("p2", 3)]
    assert rows[0][5] == 4 and rows[1][5] == 0
    assert len(rows[0]) == len(handlers.ARTICLE_COLUMNS)


def test_article_detail_has_summary_figure_table_and_chart() -> None:
    view = handlers.article_detail(FakeService(), "p1#1")
    assert "摘要" in view.markdown and "147" in view.markdown and "本报记者" in view.markdown
    _assert_inert(view.markdown)
    assert [r[0] for r in view.figure_rows] == ["147个", "17部", "630万元", "26.19万人次"]
    assert view.figure_rows[0][2] == "收集了 147个参赛作品"
    assert view.chart is not None
    # one panel per base unit (万 scaled away), each bar labelled with what is counted
    titles = sorted(ax.get_title(loc="left") for ax in view.chart.axes)
    assert titles == sorted(f"单位：{u}" for u in ("个", "部", "元", "人次"))
    yun = next(ax for ax in view.chart.axes if ax.get_title(loc="left") == "单位：元")
    assert [t.get_text() for t in yun.get_yticklabels()] == ["总投资"]
    assert yun.patches[0].get_width() == pytest.approx(6_300_000)


def test_article_detail_handles_no_figures_and_bad_ids() -> None:
    svc = FakeService()
    view = handlers.article_detail(svc, "p2#3")
    assert view.chart is None and view.figure_rows == []
    assert "no such article" in handlers.article_detail(svc, "p9#9").markdown
    with pytest.raises(InputError):
        handlers.article_detail(svc, "../../etc/passwd")
    assert handlers.parse_article_id("a#b#12") == ("a#b", 12)


def test_chart_renders_chinese_without_missing_glyphs(tmp_path: Path) -> None:
    assert cjk_font_path(), "no CJK font found (mplfonts or fonts-noto-cjk)"
    figs = FakeService().rows[0]["key_figures"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)" for boxes
        chart = figures_chart(figs, "牡丹江市短视频大赛")
        assert chart is not None
        png = figure_png(chart)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    (tmp_path / "chart.png").write_bytes(png)


def test_chart_skips_malformed_figures() -> None:
    assert figures_chart([{"value": "not a number", "unit": "个"}]) is None
    assert figures_chart([]) is None


# ---------------------------------------------------------------- upload


def test_upload_adds_a_text_page_with_progress(tmp_path: Path, seed_path: Path) -> None:
    svc = FakeService()
    f = tmp_path / "page.txt"
    f.write_bytes(seed_path.read_bytes())
    calls: list[tuple[float, str]] = []
    result = handlers.upload_page(svc, f, progress=lambda frac, msg: calls.append((frac, msg)))
    assert svc.added == [("page.txt", seed_path.read_bytes())]
    assert "2 articles added" in result.message and "新文章1" in result.message
    fracs = [c[0] for c in calls]
    assert fracs[0] == 0.0 and fracs[-1] == 1.0 and 0.5 in fracs and all(0 <= x <= 1 for x in fracs)
    assert [a["title"] for a in result.articles] == ["新文章1", "新文章2"]


def test_upload_decodes_gbk(tmp_path: Path) -> None:
    svc = FakeService()
    f = tmp_path / "gbk.txt"
    f.write_bytes("本报讯 牡丹江市总工会举办短视频大赛。".encode("gbk"))
    handlers.upload_page(svc, f)
    assert svc.added and svc.added[0][0] == "gbk.txt"


def test_upload_refuses_oversize_binary_empty_and_non_text(tmp_path: Path) -> None:
    svc = FakeService()
    limits = handlers.Limits(max_upload_bytes=1000)
    big = tmp_path / "big.txt"
    big.write_bytes("字".encode() * 400)  # 1200 bytes
    with pytest.raises(InputError, match="big.txt: .*over the upload limit"):
        handlers.upload_page(svc, big, limits)
    binary = tmp_path / "bin.txt"
    binary.write_bytes(bytes(range(256)) * 2)
    with pytest.raises(InputError, match="bin.txt: binary"):
        handlers.upload_page(svc, binary, limits)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    with pytest.raises(InputError, match="empty"):
        handlers.upload_page(svc, empty, limits)
    exe = tmp_path / "x.exe"
    exe.write_bytes(b"MZ text")
    with pytest.raises(InputError, match="only plain-text"):
        handlers.upload_page(svc, exe, limits)
    with pytest.raises(InputError, match="no file"):
        handlers.upload_page(svc, None, limits)
    assert svc.added == []


def test_upload_keeps_only_the_base_name(tmp_path: Path) -> None:
    svc = FakeService()
    f = tmp_path / "p.txt"
    f.write_text("本报讯 一篇文章。", encoding="utf-8")
    handlers.upload_page(svc, f, name="../../etc/pass\x00wd.txt")
    assert svc.added[0][0] == "passwd.txt"


# ---------------------------------------------------------------- file guard (no server needed)


def test_guard_is_inside_resolves_traversal_encoding_and_symlinks(tmp_path: Path) -> None:
    from summarizer.ui.guard import is_inside

    root = (tmp_path / "app").resolve()
    root.mkdir()
    (root / "ok.txt").write_text("x")
    (root / "link.txt").symlink_to("/etc/passwd")
    assert is_inside(str(root / "ok.txt"), root)
    assert is_inside(str(root / "sub" / ".." / "ok.txt"), root)
    for bad in (
        "/etc/passwd",
        str(root / ".." / ".." / "etc" / "passwd"),
        str(root).replace("/", "%2F") + "%2F..%2F..%2Fetc%2Fpasswd",
        str(root) + "/%252e%252e/%252e%252e/etc/passwd",
        str(root / "link.txt"),  # a symlink out of the directory
        str(root),  # the directory itself
        "http://169.254.169.254/latest/meta-data/",
        "//169.254.169.254/x",
        "file:///etc/passwd",
        str(root / "ok.txt") + "\x00.png",
        "",
    ):
        assert not is_inside(bad, root), bad


def test_guard_routes_and_payloads(tmp_path: Path) -> None:
    from summarizer.ui.guard import payload_refusal, refusal

    root = tmp_path.resolve()
    assert refusal("/gradio_api/file=/etc/passwd", root)
    assert refusal("/gradio_api/file/etc/passwd", root)
    assert refusal("/GRADIO_API/FILE=%2Fetc%2Fpasswd", root)
    assert refusal("/gradio_api/proxy=https://x.hf.space/", root)
    assert refusal(f"/gradio_api/file={root}/a.txt", root) is None
    for harmless in ("/", "/config", "/gradio_api/upload", "/assets/index-abc.js", "/gradio_api/queue/join"):
        assert refusal(harmless, root) is None, harmless
    inside = {"path": str(root / "a.txt"), "meta": {"_type": "gradio.FileData"}}
    outside = {"path": "http://169.254.169.254/", "orig_name": "a.txt"}
    assert payload_refusal({"data": [inside, "问题", ["p1#1"]]}, root) is None
    assert payload_refusal({"data": [[{"x": outside}]]}, root)
    assert payload_refusal({"data": [{"path": "/etc/passwd", "url": None}]}, root)
    assert payload_refusal({"data": ["path", {"path": "not a file payload"}]}, root) is None
