"""The web UI in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright's Python API).

Asks a seed question in the Chat tab and sees the answer and its highlighted source; takes
screenshots under the test's tmp_path; checks that text carrying <img onerror>, <script> and
javascript: links (in an article, so the answer's quote and title carry it) renders inert: no dialog
fires and no such element exists in the DOM. Browses an article's figures and uploads a page.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from summarizer.ui.app import build_app, launch_app
from summarizer.ui.handlers import Limits

from tests.test_ui_client import (
    SEED_PAGE,
    SEED_Q,
    RunningUI,
    free_port,
    make_service,
    restore_gradio_temp_dir,
)

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} missing: run tests/install-browser.sh"
    ),
]

ATTACK_Q = "红星机械厂工会今年共收到职工合理化建议多少条？"
ATTACK_ARTICLE = {
    "id": "xss-1",
    "title": "检测页<img src=x onerror=alert(4)></script><script>alert(5)</script>",
    "text": (
        "本报讯 红星机械厂工会今年共收到职工合理化建议 88条<img src=x onerror=alert(1)><script>alert(2)</script>，"
        "其中 [点此领奖](javascript:alert(3)) 被采纳的有 12条。\n厂工会主席表示，将继续推动职工参与企业管理。"
    ),
}

# Anything live that the attack text could have become.
_DANGER_JS = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.getAttributeNames()) {
      if (attr.toLowerCase().startsWith('on')) bad.push(el.tagName + '[' + attr + ']');
    }
  }
  document.querySelectorAll('img[src="x"]').forEach(() => bad.push('img[src=x]'));
  document.querySelectorAll('a[href]').forEach(a => {
    if (a.getAttribute('href').trim().toLowerCase().startsWith('javascript')) bad.push('a[href=javascript:]');
  });
  // Gradio's own page script embeds the config as JSON with "<" escaped, so it may mention the text;
  // a live script would sit in the app's content, or be the attack itself (a </script> breakout)
  document.querySelectorAll("gradio-app script, .gradio-container script").forEach(() => bad.push("script in app"));
  document.querySelectorAll("script").forEach(s => {
    const t = s.textContent;
    if (t.includes("<script>alert(") || t.trim().startsWith("alert(")) bad.push("script: " + t.slice(0, 80));
  });
  return bad;
}"""


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningUI]:
    tmp = tmp_path_factory.mktemp("ui-browser")
    attack = tmp / "attack.jsonl"
    attack.write_text(json.dumps(ATTACK_ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    saved = os.environ.get("GRADIO_TEMP_DIR")
    service = make_service(tmp / "cache", tmp / "state", [attack, SEED_PAGE])  # attack = first table row
    demo = build_app(service, limits=Limits(), temp_dir=tmp / "app")
    _, url = launch_app(
        demo,
        port=free_port(),
        prevent_thread_lock=True,
        quiet=True,
        blocked_paths=[tmp / "cache", tmp / "state"],
    )
    try:
        yield RunningUI(url, service, tmp / "app", tmp / "cache", tmp / "state")
    finally:
        demo.close()
        restore_gradio_temp_dir(saved)


@pytest.fixture(scope="module")
def llm_app_url(tmp_path_factory: pytest.TempPathFactory, app_url: RunningUI) -> Iterator[str]:
    """A second app whose answers come from the LLM engine (fake OpenAI server on 127.0.0.1), whose
    default reply answers with the first sentence of the top passage: the attack sentence itself.
    It shares the first app's own directory: Gradio's upload folder is one per process."""
    from summarizer.config import Settings
    from summarizer.service import Service
    from tests.fake_openai import FakeOpenAI

    tmp = tmp_path_factory.mktemp("ui-browser-llm")
    attack = tmp / "attack.jsonl"
    attack.write_text(json.dumps(ATTACK_ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    saved = os.environ.get("GRADIO_TEMP_DIR")
    fake = FakeOpenAI().start()
    settings = Settings.from_env(
        engine="llm", base_url=fake.base_url, api_key="test-key", model="fake-model", cache_dir=tmp / "cache"
    )
    demo = build_app(Service(settings, [str(attack)], state_dir=tmp / "state"), temp_dir=app_url.temp_dir)
    _, url = launch_app(demo, port=free_port(), prevent_thread_lock=True, quiet=True)
    try:
        yield url
    finally:
        demo.close()
        fake.stop()
        restore_gradio_temp_dir(saved)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any, app_url: RunningUI) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    pg = context.new_page()
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.set_default_timeout(20_000)
    pg.goto(app_url.url)
    pg.locator("#question textarea").wait_for()
    try:
        yield pg
    finally:
        context.close()


def _ask(pg: Any, question: str, expect_in_answer: str) -> None:
    from playwright.sync_api import expect

    box = pg.locator("#question textarea")
    box.fill(question)
    pg.locator("#ask").click()
    expect(pg.locator("#sources")).to_contain_text("来源", timeout=20_000)
    expect(pg.locator("#chatbot")).to_contain_text(expect_in_answer)


def test_chat_answers_a_seed_question_with_its_source(page: Any, app_url: RunningUI, tmp_path: Path) -> None:
    _ask(page, SEED_Q, "147")
    target = next(a for a in app_url.service.articles() if "147个" in a["text"])
    sources = page.locator("#sources")
    assert target["title"] in sources.inner_text()
    marks = sources.locator("mark")
    assert marks.count() >= 1 and "147" in marks.first.inner_text()
    assert "147" in page.locator("#chatbot mark").first.inner_text()  # the source also sits under the answer
    shot = tmp_path / "chat.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    assert page.dialogs == []


def test_attack_text_in_answer_and_sources_renders_inert(page: Any, tmp_path: Path) -> None:
    _ask(page, ATTACK_Q, "88")
    page.wait_for_timeout(500)  # an <img src=x onerror> would have fired by now
    shown = page.locator("#sources").inner_text()
    assert "onerror=alert(1)" in shown and "<script>alert(2)</script>" in shown  # shown as text...
    assert "javascript:alert(3)" in shown
    assert page.evaluate(_DANGER_JS) == []  # ...and nothing of it is live
    assert page.dialogs == []
    page.screenshot(path=str(tmp_path / "attack.png"), full_page=True)


def _cell(table: Any, text: str) -> Any:
    """The visible table cell showing text (the Dataframe also keeps hidden copies for measuring)."""
    return table.get_by_text(text).filter(visible=True).first


def test_llm_answer_with_attack_text_renders_inert(browser: Any, llm_app_url: str, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    pg = context.new_page()
    dialogs: list[str] = []

    def on_dialog(d: Any) -> None:
        dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    pg.set_default_timeout(20_000)
    try:
        pg.goto(llm_app_url)
        pg.locator("#question textarea").wait_for()
        _ask(pg, ATTACK_Q, "88")
        pg.wait_for_timeout(500)
        answer = pg.locator("#chatbot").inner_text()
        assert "javascript:alert(3)" in answer  # the model's link is shown as text...
        assert pg.evaluate(_DANGER_JS) == []  # ...and neither it nor the tags are live
        assert dialogs == []
        pg.screenshot(path=str(tmp_path / "llm-attack.png"), full_page=True)
    finally:
        context.close()


def test_articles_tab_shows_summary_figures_and_chart(page: Any, app_url: RunningUI, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page.get_by_role("tab", name="文章 Articles").click()
    table = page.locator("#articles-table")
    expect(table).to_contain_text("检测页")
    assert page.evaluate(_DANGER_JS) == []
    target = next(a for a in app_url.service.articles() if "147个" in a["text"])
    _cell(table, target["title"][:8]).click()
    expect(page.locator("#article-detail")).to_contain_text("摘要", timeout=20_000)
    expect(page.locator("#figures-table")).to_contain_text("147")
    chart = page.locator("#article-chart img")
    expect(chart).to_be_visible()
    page.screenshot(path=str(tmp_path / "articles.png"), full_page=True)
    _cell(table, "检测页").click()
    expect(page.locator("#article-detail")).to_contain_text("红星机械厂")
    page.wait_for_timeout(300)
    assert page.evaluate(_DANGER_JS) == []
    assert page.dialogs == []


def test_upload_tab_adds_a_page(page: Any, app_url: RunningUI, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    upload = tmp_path / "browser_upload.txt"
    upload.write_text(SEED_PAGE.read_text(encoding="utf-8").replace("牡丹江", "鸡西"), encoding="utf-8")
    before = len(app_url.service.articles())
    page.get_by_role("tab", name="上传 Upload").click()
    page.locator("#upload-file input[type=file]").set_input_files(str(upload))
    page.locator("#upload-button").click()
    done = page.locator("#upload-status").get_by_text("articles added").or_(page.locator(".toast-body"))
    done.first.wait_for(timeout=30_000)
    toasts = page.locator(".toast-body").all_inner_texts()
    assert not toasts, toasts  # an error is shown as a toast: name it in the failure
    expect(page.locator("#upload-status")).to_contain_text("articles added")
    assert len(app_url.service.articles()) > before
    page.screenshot(path=str(tmp_path / "upload.png"), full_page=True)
