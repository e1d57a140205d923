"""The launched web app through gradio_client and plain HTTP: ask, upload, browse, API surface,
auth, file routes. The app runs on 127.0.0.1 on a free port with the real Service over the seed page."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
import pytest
from gradio_client import Client, handle_file
from summarizer.ui.app import PUBLIC_ENDPOINTS, build_app, launch_app
from summarizer.ui.handlers import Limits

ROOT = Path(__file__).resolve().parent.parent
SEED_PAGE = ROOT / "seeds" / "000_a4725a0873293853.txt"
SEED_Q = "牡丹江市各级工会为短视频大赛收集了多少个参赛作品？"
MAX_Q = 200
MAX_UPLOAD = 64 * 1024


def restore_gradio_temp_dir(saved: str | None) -> None:
    """build_app points the process-wide GRADIO_TEMP_DIR at its own folder; put back what was there."""
    if saved is None:
        os.environ.pop("GRADIO_TEMP_DIR", None)
    else:
        os.environ["GRADIO_TEMP_DIR"] = saved


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_service(cache_dir: Path, state_dir: Path, corpus: list[Path]) -> Any:
    from summarizer.config import Settings
    from summarizer.service import Service

    settings = Settings.from_env(engine="offline", cache_dir=cache_dir)
    return Service(settings, [str(p) for p in corpus], state_dir=state_dir)


@dataclass
class RunningUI:
    url: str
    service: Any
    temp_dir: Path
    cache_dir: Path
    state_dir: Path

    @property
    def hostport(self) -> tuple[str, int]:
        u = urlsplit(self.url)
        return u.hostname or "127.0.0.1", int(u.port or 80)


def _launch(tmp: Path, auth: tuple[str, str] | None = None) -> tuple[Any, RunningUI]:
    cache_dir, state_dir, temp_dir = tmp / "cache", tmp / "state", tmp / "app"
    service = make_service(cache_dir, state_dir, [SEED_PAGE])
    limits = Limits(max_question_chars=MAX_Q, max_upload_bytes=MAX_UPLOAD)
    demo = build_app(service, limits=limits, queue_size=8, temp_dir=temp_dir)
    _, url = launch_app(
        demo,
        port=free_port(),
        auth=auth,
        max_upload_bytes=MAX_UPLOAD,
        blocked_paths=[cache_dir, state_dir, SEED_PAGE],
        prevent_thread_lock=True,
        quiet=True,
    )
    return demo, RunningUI(url, service, temp_dir.resolve(), cache_dir, state_dir)


@pytest.fixture(scope="module")
def ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningUI]:
    saved = os.environ.get("GRADIO_TEMP_DIR")
    demo, running = _launch(tmp_path_factory.mktemp("ui"))
    try:
        yield running
    finally:
        demo.close()
        restore_gradio_temp_dir(saved)


@pytest.fixture(scope="module")
def client(ui: RunningUI) -> Client:
    return Client(ui.url, verbose=False)


def _last_answer(messages: list[dict]) -> str:
    content = messages[-1]["content"]
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


def _seed_article_with(needle: str, service: Any) -> dict:
    return next(
        a for a in service.articles() if needle in (a.get("text") or "\n".join(a.get("paragraphs") or []))
    )


# ---------------------------------------------------------------- ask / browse / upload


def test_ask_seed_question_gets_a_cited_answer(client: Client, ui: RunningUI) -> None:
    messages, sources, question_box = client.predict(SEED_Q, [], api_name="/ask")
    answer = _last_answer(messages)
    assert "147" in answer
    target = _seed_article_with("147", ui.service)
    assert target["title"] in sources and "<mark>" in sources
    assert "147" in sources.split("<mark>", 1)[1].split("</mark>", 1)[0]
    assert question_box == ""


def test_answer_is_streamed(ui: RunningUI) -> None:
    c = Client(ui.url, verbose=False)
    job = c.submit("海林市总工会作品创作技术指导刘博说了什么？", [], api_name="/ask")
    job.result(timeout=60)
    steps = [_last_answer(messages) for messages, _sources, _box in job.outputs()]
    assert len(steps) >= 3, steps  # placeholder, partial answers, final answer with sources
    assert steps[0] == "…" and steps[-1].startswith(steps[-2][:10])


def test_follow_up_turn_keeps_the_conversation(ui: RunningUI) -> None:
    c = Client(ui.url, verbose=False)
    c.predict(SEED_Q, [], api_name="/ask")
    messages, _, _ = c.predict("经过几轮评比？", [], api_name="/ask")
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]
    assert "3" in _last_answer(messages)


def test_filter_restricts_to_chosen_articles(client: Client, ui: RunningUI) -> None:
    other = next(a for a in ui.service.articles() if "147" not in (a.get("text") or ""))
    messages, sources, _ = client.predict(SEED_Q, [f"{other['page']}#{other['index']}"], api_name="/ask")
    target = _seed_article_with("147", ui.service)
    assert target["title"] not in sources


def test_too_long_question_gets_a_clear_message(client: Client) -> None:
    with pytest.raises(Exception, match=f"limit is {MAX_Q}"):
        client.predict("长" * (MAX_Q + 1), [], api_name="/ask")


def test_articles_lists_every_article_and_detail_shows_figures(client: Client, ui: RunningUI) -> None:
    table, _picker, _restrict = client.predict(api_name="/articles")
    rows = table["data"] if isinstance(table, dict) else table
    assert len(rows) == len(ui.service.articles()) >= 10
    target = _seed_article_with("147", ui.service)
    markdown, figures, chart = client.predict(f"{target['page']}#{target['index']}", api_name="/article")
    assert "147" in markdown
    fig_rows = figures["data"] if isinstance(figures, dict) else figures
    assert any("147" in str(r[0]) for r in fig_rows)
    assert chart is not None


def test_upload_a_page_then_see_it_in_articles(client: Client, ui: RunningUI, tmp_path: Path) -> None:
    page = tmp_path / "uploaded_page.txt"
    text = SEED_PAGE.read_text(encoding="utf-8").replace("牡丹江", "绥芬河")
    page.write_bytes(text.encode("gb18030"))  # GBK-family encodings are decoded too
    before = len(ui.service.articles())
    status, table, _picker, _restrict = client.predict(handle_file(str(page)), api_name="/upload")
    assert "articles added" in status
    rows = table["data"] if isinstance(table, dict) else table
    assert len(rows) > before
    assert any(str(r[0]).startswith("uploaded_page") for r in rows)
    messages, sources, _ = client.predict(
        "绥芬河市各级工会为短视频大赛收集了多少个参赛作品？", [], api_name="/ask"
    )
    assert "147" in _last_answer(messages) and "uploaded_page" in sources.replace("\\", "")


def test_upload_refuses_binary_and_oversize(client: Client, tmp_path: Path, ui: RunningUI) -> None:
    n = len(ui.service.articles())
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(Exception, match="binary"):
        client.predict(handle_file(str(binary)), api_name="/upload")
    big = tmp_path / "big.txt"
    big.write_bytes("字".encode() * (MAX_UPLOAD // 3 + 10))
    with pytest.raises(Exception, match="(?i)size|large|limit"):
        client.predict(handle_file(str(big)), api_name="/upload")
    assert len(ui.service.articles()) == n


def _call(ui: RunningUI, api: str, data: list) -> tuple[int, str]:
    """POST /gradio_api/call/<api> and, when it joins the queue, read its event stream to the end."""
    with httpx.Client(base_url=ui.url, timeout=30) as h:
        r = h.post(f"gradio_api/call/{api}", json={"data": data})
        if r.status_code != 200:
            return r.status_code, r.text
        return 200, h.get(f"gradio_api/call/{api}/{r.json()['event_id']}").text


def test_events_will_not_take_a_file_named_by_path_or_url(ui: RunningUI) -> None:
    """Gradio copies or downloads file inputs before any handler runs: such payloads stop at the door."""
    n = len(ui.service.articles())
    targets = [
        "/etc/passwd",
        str(SEED_PAGE),
        str(ui.temp_dir / ".." / ".." / "etc" / "passwd"),
        "http://169.254.169.254/latest/meta-data/",
        "HTTP://169.254.169.254/",
        "file:///etc/passwd",
    ]
    for target in targets:
        payload = {"path": target, "orig_name": "x.txt", "meta": {"_type": "gradio.FileData"}}
        status, out = _call(ui, "upload", [payload])
        assert status == 403 and "root:" not in out, (target, status, out)
    # the same through the browser's queue route
    with httpx.Client(base_url=ui.url, timeout=10) as h:
        config = h.get("config").json()
        upload_fn = next(
            d["id"] for d in config["dependencies"] if d.get("api_name") in ("upload", "/upload")
        )
        body = {
            "data": [{"path": "/etc/passwd", "meta": {"_type": "gradio.FileData"}}],
            "fn_index": upload_fn,
            "session_hash": "probe123",
        }
        assert h.post("gradio_api/queue/join", json=body).status_code == 403
    assert len(ui.service.articles()) == n


# ---------------------------------------------------------------- API surface


def test_view_api_lists_only_the_intended_endpoints(client: Client) -> None:
    info = client.view_api(print_info=False, return_format="dict")
    assert set(info["named_endpoints"]) == set(PUBLIC_ENDPOINTS)
    assert info["unnamed_endpoints"] == {}
    ask_params = [p["parameter_name"] for p in info["named_endpoints"]["/ask"]["parameters"]]
    assert ask_params == ["question", "restrict"]  # the conversation state is not an API parameter


def test_private_events_cannot_be_called(ui: RunningUI) -> None:
    with httpx.Client(base_url=ui.url, timeout=10) as h:
        config = h.get("config").json()
    private = [d for d in config["dependencies"] if d.get("api_visibility") == "private"]
    assert private, "clear / table-select events exist and are private"
    public = {d.get("api_name") for d in config["dependencies"] if d.get("api_visibility") == "public"}
    assert {f"/{n}" if not str(n).startswith("/") else n for n in public} == set(PUBLIC_ENDPOINTS)


# ---------------------------------------------------------------- file routes


def _raw_get(ui: RunningUI, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    """GET with the path sent byte for byte (no client-side normalisation of ../ or %2e)."""
    host, port = ui.hostport
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def _route_attacks(ui: RunningUI, cache_db: Path) -> list[str]:
    tmp = str(ui.temp_dir)
    passwd_targets = [
        "/etc/passwd",
        "/ETC/PASSWD",
        "/etc/./passwd",
        "/etc//passwd",
        "../../../../../../etc/passwd",
        "..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "%252e%252e%252f%252e%252e%252f%252e%252e%252f%252e%252e%252fetc%252fpasswd",
        "..\\..\\..\\..\\etc\\passwd",
        f"{tmp}/../../../../../../etc/passwd",
        quote(f"{tmp}/../../../../../../etc/passwd", safe=""),
        f"{tmp.upper()}/../../../../../../etc/passwd",
        "file:///etc/passwd",
    ]
    other_targets = [
        str(cache_db),
        quote(str(cache_db), safe=""),
        str(SEED_PAGE),
        str(ui.state_dir),
        "http://169.254.169.254/latest/meta-data/",
        "http%3A%2F%2F169.254.169.254%2Flatest%2Fmeta-data%2F",
        "HTTP://169.254.169.254/",
        "//169.254.169.254/latest/meta-data/",
    ]
    paths = []
    for t in passwd_targets + other_targets:
        for prefix in ("/gradio_api/file=", "/gradio_api/file/", "/file=", "/GRADIO_API/FILE="):
            paths.append(prefix + t)
    paths += [
        "/gradio_api/proxy=http://169.254.169.254/latest/meta-data/",
        "/gradio_api/proxy=https://x.hf.space/../../169.254.169.254/",
        "/assets/../../../../etc/passwd",
        "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/svelte/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    ]
    return paths


def test_file_routes_refuse_everything_outside_the_apps_own_directory(ui: RunningUI) -> None:
    from summarizer.config import Settings
    from summarizer.llm.cache import ResultCache

    cache = ResultCache(Settings.from_env(engine="offline", cache_dir=ui.cache_dir))
    cache.set(cache.key({"probe": "ui"}), {"secret": "CACHE-CANARY-7731"})
    dbs = sorted(ui.cache_dir.rglob("*.db"))
    assert dbs, "the cache has a database file to attack"
    secret_markers = (b"root:x:0:0", b"CACHE-CANARY", b"SQLite format", "牡丹江".encode())
    for path in _route_attacks(ui, dbs[0]):
        status, body = _raw_get(ui, path)
        assert status >= 400 or not any(m in body for m in secret_markers), (path, status, body[:200])
        if "file" in path.lower() or "proxy" in path.lower():
            assert status in (400, 403, 404, 405), (path, status)


def test_file_route_serves_a_file_uploaded_to_the_app(ui: RunningUI) -> None:
    """Positive control: the routes above are refused by rule, not because the route is broken."""
    with httpx.Client(base_url=ui.url, timeout=10) as h:
        r = h.post(
            "gradio_api/upload", files={"files": ("probe.txt", "本报讯 探针文本".encode(), "text/plain")}
        )
        r.raise_for_status()
        stored = r.json()[0]
    assert Path(stored).resolve().is_relative_to(ui.temp_dir)
    status, body = _raw_get(ui, "/gradio_api/file=" + quote(stored))
    assert status == 200 and "探针文本".encode() in body


# ---------------------------------------------------------------- auth


def test_auth_refuses_unauthenticated_clients(tmp_path_factory: pytest.TempPathFactory) -> None:
    saved = os.environ.get("GRADIO_TEMP_DIR")
    demo, running = _launch(tmp_path_factory.mktemp("ui-auth"), auth=("reader", "s3cret-pass"))
    try:
        with pytest.raises(Exception):  # noqa: B017 - gradio_client raises various types for 401
            Client(running.url, verbose=False).predict(SEED_Q, [], api_name="/ask")
        with pytest.raises(Exception):  # noqa: B017
            Client(running.url, auth=("reader", "wrong"), verbose=False)
        for path in ("/config", "/gradio_api/info", "/gradio_api/file=/etc/passwd"):
            status, _ = _raw_get(running, path)
            assert status in (401, 403), (path, status)
        with httpx.Client(base_url=running.url, timeout=10) as h:
            r = h.post("gradio_api/call/ask", json={"data": [SEED_Q, []]})
            assert r.status_code in (401, 403)
        authed = Client(running.url, auth=("reader", "s3cret-pass"), verbose=False)
        messages, _, _ = authed.predict(SEED_Q, [], api_name="/ask")
        assert "147" in _last_answer(messages)
    finally:
        demo.close()
        restore_gradio_temp_dir(saved)


def test_binds_loopback_by_default(ui: RunningUI) -> None:
    assert urlsplit(ui.url).hostname == "127.0.0.1"


# ---------------------------------------------------------------- the command


def test_summarizer_ui_command_serves_with_auth_on_loopback(tmp_path: Path) -> None:
    port = free_port()
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {
        **os.environ,
        "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
        "SUMMARIZER_UI_AUTH": "reader:pw-123",
        "TMPDIR": str(temp),
    }
    cmd = [
        sys.executable,
        "-m",
        "summarizer",
        "ui",
        "--corpus",
        str(SEED_PAGE),
        "--port",
        str(port),
        "--max-question-chars",
        "50",
    ]
    proc = subprocess.Popen(
        cmd, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if httpx.get(url + "gradio_api/startup-events", timeout=2).status_code < 500:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        assert proc.poll() is None, proc.communicate(timeout=5)
        assert len(list(temp.glob("summarizer-ui-*"))) == 2  # while serving: the app's and the service's
        assert httpx.get(url + "config", timeout=5).status_code in (401, 403)  # auth from the environment
        client = Client(url, auth=("reader", "pw-123"), verbose=False)
        messages, sources, _ = client.predict(SEED_Q, [], api_name="/ask")
        assert "147" in _last_answer(messages) and "<mark>" in sources
        with pytest.raises(Exception, match="limit is 50"):
            client.predict("长" * 51, [], api_name="/ask")
    finally:
        proc.send_signal(signal.SIGINT)
        try:  # a clean stop removes the temporary folders; on a loaded machine it may take a while
            _, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    assert "engine: offline" in err and f"UI on http://127.0.0.1:{port}" in err
    assert not list(temp.iterdir()), "the UI's temporary folders are removed when it stops"


def test_summarizer_ui_command_rejects_bad_flags_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from summarizer.cli import main

    for flags, needle in (
        (["--auth", "nocolon"], "user:password"),
        (["--max-upload-mb", "0"], "positive"),
        (["--queue-size", "0"], "at least 1"),
        (["--port", "99999"], "0-65535"),
        (["--port", "-1"], "0-65535"),
        (["--corpus", "/nonexistent"], "/nonexistent: no such file or folder"),
    ):
        assert main(["ui", *flags]) == 2
        err = capsys.readouterr().err
        assert needle in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
