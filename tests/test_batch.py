"""batch.run_summarize with the offline engine: outputs, contract, bad files, resume, concurrency;
and the pieces it stands on: the resumable JSONL store, the digest renderer, the progress display."""

from __future__ import annotations

import io
import json
import os
import re
import stat
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.config import Settings
from summarizer.engines.base import AnswerResult, SummaryResult
from summarizer.engines.offline import OfflineEngine
from summarizer.errors import OutputError
from summarizer.schemas import Article, ArticleSummary, Passage
from summarizer.summarize.digest import DigestPage, render_digest
from summarizer.summarize.run import Progress, run_summarize
from summarizer.summarize.store import ResultStore
from tests.conftest import SEGMENT_CONTRACT_KEYS

SUMMARY_KEYS = set(ArticleSummary.model_fields)
META_KEYS = {"engine", "model", "prompt_id", "prompt_hash", "cache_hit", "usage", "reasks", "dropped_figures",
             "notes", "fallback"}  # fmt: skip


def offline() -> Settings:
    return Settings(engine="offline")


def read_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


class CountingEngine:
    """The real offline engine, counting calls and optionally failing chosen articles."""

    name = "offline"
    label = "offline"
    concurrent = True  # threads only sleep here: the batch's concurrency limit is what is tested
    resolves_follow_ups = False

    def __init__(self, fail: frozenset[int] = frozenset(), delay: float = 0.0) -> None:
        self.inner = OfflineEngine()
        self.calls: list[str] = []
        self.fail = set(fail)
        self.delay = delay
        self.active = 0
        self.max_active = 0
        self._lock = threading.Lock()

    def summarize(self, article: Article) -> SummaryResult:
        with self._lock:
            self.calls.append(article.id)
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            time.sleep(self.delay)
            if article.index in self.fail:
                raise OutputError(f"model output for {article.id} never validated")
            return self.inner.summarize(article)
        finally:
            with self._lock:
                self.active -= 1

    def answer(
        self, question: str, passages: Sequence[Passage], history: Sequence[tuple[str, str]] = ()
    ) -> AnswerResult:
        raise NotImplementedError

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def seed_articles(seed_text: str, seed_path: Path) -> list[Article]:
    from summarizer.segment import segment_page

    return segment_page(seed_text, page=seed_path.name)


# -- end to end with the offline engine ---------------------------------------------------------


def test_seed_outputs_follow_the_contract(
    seed_path: Path, seed_articles: list[Article], tmp_path: Path
) -> None:
    report = run_summarize([seed_path], tmp_path / "out", offline(), progress=False)
    assert report.ok and report.done == len(seed_articles) == report.articles
    rows = read_rows(tmp_path / "out" / "summaries.jsonl")
    assert [(r["page"], r["index"]) for r in rows] == [(a.page, a.index) for a in seed_articles]
    for row, article in zip(rows, seed_articles, strict=True):
        assert SEGMENT_CONTRACT_KEYS | SUMMARY_KEYS | META_KEYS | {"paragraphs"} <= set(row)
        assert {k: row[k] for k in SEGMENT_CONTRACT_KEYS} == article.segment_record()
        assert row["paragraphs"] == article.paragraphs
        assert row["engine"] == "offline" and row["cache_hit"] is False
        ArticleSummary.model_validate({k: row[k] for k in SUMMARY_KEYS})  # schema-valid
        for fig in row["key_figures"]:
            assert fig["quote"] and fig["quote"] in article.text
    digest = (tmp_path / "out" / "digest.md").read_text(encoding="utf-8")
    positions = [digest.find(a.title) for a in seed_articles]
    assert -1 not in positions and positions == sorted(positions), "every title, in page order"
    assert digest.count("| 数值 | 单位 | 所指 | 原文 |") == sum(1 for r in rows if r["key_figures"])


def test_bad_files_in_a_folder_do_not_stop_the_others(
    seed_path: Path, seed_articles: list[Article], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a_good.txt").write_bytes(seed_path.read_bytes())
    (folder / "b_empty.txt").write_bytes(b"")
    (folder / "c_binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "d_gbk.txt").write_bytes(seed_path.read_text(encoding="utf-8").encode("gb18030"))
    mixed = seed_path.read_text(encoding="utf-8").replace("\n\n", "\r\n\r\n", 40).replace("\n", "\r", 30)
    (folder / "e_mixed_endings.txt").write_bytes(mixed.encode("utf-8"))
    with open(folder / "f_huge.txt", "wb") as f:  # 50 MB, over the 20 MB page limit
        f.write(("工" * 1000 + "\n").encode("utf-8") * 16_700)
    (folder / "g_no_article.txt").write_text("。。。\n\n——\n\n……\n", encoding="utf-8")
    report = run_summarize([folder, tmp_path / "missing.txt"], tmp_path / "out", offline(), progress=False)
    bad = {"b_empty.txt", "c_binary.txt", "f_huge.txt", "g_no_article.txt", "missing.txt"}
    failed = {Path(f.where).name for f in report.failures}
    assert failed == bad
    assert not report.ok
    rows = read_rows(tmp_path / "out" / "summaries.jsonl")
    assert {r["page"] for r in rows} == {"a_good.txt", "d_gbk.txt", "e_mixed_endings.txt"}
    assert len(rows) == 3 * len(seed_articles)
    err = capsys.readouterr().err
    for name in bad:
        assert sum(name in line for line in err.splitlines()) == 1, err  # one clear line each
    assert "Traceback" not in err
    assert "MB is over the page limit" in err and "empty file" in err and "binary" in err
    assert "  5 file(s) could not be used (errors above)" in report.lines()
    digest = (tmp_path / "out" / "digest.md").read_text(encoding="utf-8")
    assert "b_empty.txt" in digest and "无法处理" in digest


def test_rerun_skips_finished_articles_and_redoes_changed_pages(
    seed_path: Path, seed_articles: list[Article], tmp_path: Path
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("p1.txt", "p2.txt"):
        (pages / name).write_bytes(seed_path.read_bytes())
    first = CountingEngine()
    run_summarize([pages], tmp_path / "out", offline(), progress=False, engine=first)
    n = len(seed_articles)
    assert len(first.calls) == 2 * n
    before = (tmp_path / "out" / "summaries.jsonl").read_bytes()

    second = CountingEngine()
    report = run_summarize([pages], tmp_path / "out", offline(), progress=False, engine=second)
    assert second.calls == [] and report.resumed == 2 * n and report.done == 0
    assert (tmp_path / "out" / "summaries.jsonl").read_bytes() == before  # nothing appended

    (pages / "p2.txt").write_text(
        seed_path.read_text(encoding="utf-8") + "\n\n", encoding="utf-8"
    )  # new content
    third = CountingEngine()
    run_summarize([pages], tmp_path / "out", offline(), progress=False, engine=third)
    assert len(third.calls) == n and all(c.startswith("p2.txt#") for c in third.calls)
    rows = read_rows(tmp_path / "out" / "summaries.jsonl")
    keys = [r["result_key"] for r in rows]
    assert len(keys) == len(set(keys)) == 2 * n  # p2's old rows are superseded, not kept beside the new
    assert len({r["page_sha256"] for r in rows if r["page"] == "p2.txt"}) == 1


def test_failed_articles_are_reported_and_retried_on_rerun(
    seed_path: Path, seed_articles: list[Article], tmp_path: Path
) -> None:
    flaky = CountingEngine(fail=frozenset({2, 5}))
    report = run_summarize([seed_path], tmp_path / "out", offline(), progress=False, engine=flaky)
    assert not report.ok
    assert sorted(f.where.split("#")[1].split()[0] for f in report.failures) == ["2", "5"]
    assert all("never validated" in f.reason for f in report.failures)
    text = "\n".join(report.lines())
    assert "2 failed" in text and seed_articles[1].title in text
    rows = read_rows(tmp_path / "out" / "summaries.jsonl")
    assert sorted(r["index"] for r in rows) == [a.index for a in seed_articles if a.index not in (2, 5)]
    assert "未能摘要" in (tmp_path / "out" / "digest.md").read_text(encoding="utf-8")

    healed = CountingEngine()
    report = run_summarize([seed_path], tmp_path / "out", offline(), progress=False, engine=healed)
    assert report.ok and sorted(healed.calls) == sorted([f"{seed_path.name}#2", f"{seed_path.name}#5"])
    assert len(read_rows(tmp_path / "out" / "summaries.jsonl")) == len(seed_articles)


class UnevenEngine(CountingEngine):
    """Later articles finish first, so completion order differs from page order."""

    name = "uneven"

    def summarize(self, article: Article) -> SummaryResult:
        self.delay = 0.02 * (20 - article.index)
        return super().summarize(article)


def test_concurrent_runs_use_the_limit_and_end_in_page_order(
    seed_path: Path, seed_articles: list[Article], tmp_path: Path
) -> None:
    engine = UnevenEngine()
    report = run_summarize(
        [seed_path], tmp_path / "out", Settings(concurrency=3), progress=False, engine=engine
    )
    assert report.ok and engine.max_active == 3
    rows = read_rows(tmp_path / "out" / "summaries.jsonl")
    assert [r["index"] for r in rows] == [a.index for a in seed_articles]


# -- the resumable store ------------------------------------------------------------------------


def _row(key: str, page: str = "p.txt", index: int = 1, **extra: object) -> dict:
    return {"result_key": key, "page": page, "index": index, **extra}


def test_store_cuts_a_torn_last_line(tmp_path: Path) -> None:
    path = tmp_path / "summaries.jsonl"
    good = [_row("a", index=1, x="一"), _row("b", index=2, x="二")]
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in good)
        + '{"result_key": "c", "page": "p.txt", "index": 3, "x": "三'
    )
    store = ResultStore(path)
    assert "a" in store and "b" in store and "c" not in store and len(store) == 2 and store.repaired
    store.append(_row("c", index=3, x="三"))
    store.close()
    assert [r["result_key"] for r in read_rows(path)] == ["a", "b", "c"]


def test_store_compaction_removes_invalid_lines_and_older_versions(tmp_path: Path) -> None:
    path = tmp_path / "summaries.jsonl"
    lines = [_row("a", index=1), "not json", _row("a2", index=1), "", [1, 2], _row("b", index=2), {"x": 1}]
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in lines))
    store = ResultStore(path)
    assert "a" not in store and "a2" in store and "b" in store  # a2 is the newer row of slot 1
    assert "4 invalid line(s)" in store.repaired[0]
    done = store.compact({})
    store.close()
    assert [r["result_key"] for r in read_rows(path)] == ["a2", "b"]
    assert (done.rows, done.superseded, done.invalid) == (2, 1, 4)


def test_store_compaction_sorts_pages_naturally_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "summaries.jsonl"
    path.write_text("")
    os.chmod(path, 0o640)
    store = ResultStore(path)
    for key, page, index in [("x", "p10.txt", 1), ("y", "p2.txt", 2), ("z", "p2.txt", 1)]:
        store.append(_row(key, page, index))
    store.compact({})
    store.close()
    assert [r["result_key"] for r in read_rows(path)] == ["z", "y", "x"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_store_appends_are_whole_lines_under_threads(tmp_path: Path) -> None:
    path = tmp_path / "summaries.jsonl"
    store = ResultStore(path)
    pad = "字" * 5000

    def writer(w: int) -> None:
        for i in range(50):
            store.append(_row(f"{w}-{i}", f"p{w}.txt", i + 1, pad=pad))

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store.close()
    rows = read_rows(path)
    assert (
        len(rows) == 200
        and len({r["result_key"] for r in rows}) == 200
        and all(r["pad"] == pad for r in rows)
    )


# -- digest -------------------------------------------------------------------------------------


def test_digest_escapes_table_cells_and_html() -> None:
    row = {
        "index": 1, "title": "标题<script>alert(1)</script>", "summary": "摘要", "key_points": ["要点"],
        "key_figures": [{"value": 3.0, "unit": "个|x", "about": "a\nb", "quote": "有 3 个 | 作品", "qualifier": "近"}],
    }  # fmt: skip
    md = render_digest([DigestPage("p.txt", [row])])
    assert "<script>" not in md and "&lt;script&gt;" in md
    table_rows = [line for line in md.splitlines() if line.startswith("| 近3")]
    assert len(table_rows) == 1
    cells = [c for c in table_rows[0].replace("\\|", "\0").split("|")][1:-1]
    assert [c.strip().replace("\0", "|") for c in cells] == ["近3", "个|x", "a b", "有 3 个 | 作品"]


CELL_TEXT = st.text(alphabet=st.sampled_from(list("|\\<>*`_ \n\t&;工人1.%")), max_size=30)


@settings(max_examples=150, deadline=None)
@given(unit=CELL_TEXT, about=CELL_TEXT, quote=CELL_TEXT)
def test_digest_table_rows_always_have_four_cells(unit: str, about: str, quote: str) -> None:
    fig = {"value": 7, "unit": unit, "about": about, "quote": quote, "qualifier": ""}
    md = render_digest(
        [DigestPage("p.txt", [{"index": 1, "title": "T", "summary": "s", "key_figures": [fig]}])]
    )
    lines = md.splitlines()
    row = lines[lines.index("|---:|---|---|---|") + 1]
    cells = re.split(r"(?<!\\)(?:\\\\)*\|", row)  # split on pipes not escaped by a backslash
    assert len(cells) == 6 and cells[0] == "" and cells[-1] == ""
    assert "<" not in row and ">" not in row


def test_digest_keeps_page_then_article_order() -> None:
    pages = [
        DigestPage(
            "b.txt",
            [{"index": 2, "title": "B2", "summary": "s"}, {"index": 1, "title": "B1", "summary": "s"}],
        ),
        DigestPage("a.txt", [{"index": 1, "title": "A1", "summary": "s"}]),
    ]
    md = render_digest(pages)
    assert md.index("b.txt") < md.index("B1") < md.index("B2") < md.index("a.txt") < md.index("A1")


# -- progress -----------------------------------------------------------------------------------


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_prints_lines_on_long_runs_only() -> None:
    long_run, short_run = io.StringIO(), io.StringIO()
    p = Progress(200, stream=long_run)
    for _ in range(200):
        p.advance()
    p.close()
    lines = long_run.getvalue().splitlines()
    assert len(lines) == 10 and lines[-1].startswith("summarizing 200/200")
    q = Progress(10, stream=short_run)
    for _ in range(10):
        q.advance()
    assert short_run.getvalue() == ""


def test_progress_draws_a_bar_on_a_terminal() -> None:
    tty = FakeTTY()
    p = Progress(5, stream=tty)
    for _ in range(5):
        p.advance()
    p.close()
    out = tty.getvalue()
    assert out.startswith("\r") and "[" + "#" * 24 + "] 5/5" in out and out.endswith("\n")
    off = FakeTTY()
    Progress(5, enabled=False, stream=off).advance()
    assert off.getvalue() == ""


# -- the output folder as a store keyed by page identity (issue 12 item 2) ------------------------


def _edit(text: str) -> str:
    """The same page with one number changed in its first article (its content, not its layout)."""
    i = next(i for i, ch in enumerate(text) if ch.isdigit())
    return text[:i] + ("7" if text[i] != "7" else "8") + text[i + 1 :]


def test_an_edited_page_supersedes_its_rows(
    seed_path: Path, seed_articles: list[Article], tmp_path: Path
) -> None:
    page = tmp_path / "pages" / "p.txt"
    page.parent.mkdir()
    page.write_text(seed_path.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    run_summarize([page.parent], out, offline(), progress=False)
    page.write_text(_edit(seed_path.read_text(encoding="utf-8")), encoding="utf-8")
    report = run_summarize([page.parent], out, offline(), progress=False)
    assert report.ok
    rows = read_rows(out / "summaries.jsonl")
    assert len(rows) == len(seed_articles)  # one row per article, the old ones superseded
    assert len({r["page_sha256"] for r in rows}) == 1
    assert [(r["page"], r["index"]) for r in rows] == [("p.txt", a.index) for a in seed_articles]
    assert rows[0]["text"] == segment_of(page)[0].text


def segment_of(path: Path) -> list[Article]:
    from summarizer.segment import segment_page

    return segment_page(path.read_text(encoding="utf-8"), page=path.name)


@pytest.mark.parametrize("given", ["folder", "file"])
def test_a_renamed_page_supersedes_its_rows(
    seed_path: Path, seed_articles: list[Article], tmp_path: Path, given: str
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    old = folder / "old.txt"
    old.write_bytes(seed_path.read_bytes())
    out = tmp_path / "out"
    run_summarize([folder if given == "folder" else old], out, offline(), progress=False)
    new = old.rename(folder / "new.txt")
    engine = CountingEngine()
    run_summarize([folder if given == "folder" else new], out, offline(), progress=False, engine=engine)
    rows = read_rows(out / "summaries.jsonl")
    assert {r["page"] for r in rows} == {"new.txt"} and len(rows) == len(seed_articles)
    digest = (out / "digest.md").read_text(encoding="utf-8")
    assert "## new.txt" in digest and "old.txt" not in digest


def test_a_copy_is_not_a_rename(seed_path: Path, seed_articles: list[Article], tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(seed_path.read_bytes())
    b.write_bytes(seed_path.read_bytes())
    out = tmp_path / "out"
    run_summarize([a], out, offline(), progress=False)
    run_summarize([b], out, offline(), progress=False)  # a.txt still exists: both pages are kept
    assert sorted({r["page"] for r in read_rows(out / "summaries.jsonl")}) == ["a.txt", "b.txt"]


def test_same_file_names_in_different_folders_are_different_pages(seed_path: Path, tmp_path: Path) -> None:
    root = tmp_path / "paper"
    text = seed_path.read_text(encoding="utf-8")
    for day, content in (("day1", text), ("day2", _edit(text))):
        (root / day).mkdir(parents=True)
        (root / day / "p.txt").write_text(content, encoding="utf-8")
    run_summarize([root], tmp_path / "out", offline(), progress=False)
    rows = read_rows(tmp_path / "out" / "summaries.jsonl")
    assert {r["page"] for r in rows} == {"day1/p.txt", "day2/p.txt"}
    assert len({(r["page"], r["index"]) for r in rows}) == len(rows)
    # named one by one, each keeps a name of its own too
    run_summarize(
        [root / "day1" / "p.txt", root / "day2" / "p.txt"], tmp_path / "o2", offline(), progress=False
    )
    rows = read_rows(tmp_path / "o2" / "summaries.jsonl")
    pages = {r["page"] for r in rows}
    assert len(pages) == 2 and len({(r["page"], r["index"]) for r in rows}) == len(rows)
    assert {r["page_sha256"] for r in rows if r["index"] == 1} == {
        r["page_sha256"] for r in read_rows(tmp_path / "out" / "summaries.jsonl") if r["index"] == 1
    }


def test_the_digest_is_rebuilt_from_the_whole_store(seed_path: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_bytes(seed_path.read_bytes())
    two.write_text(_edit(seed_path.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "out"
    run_summarize([one], out, offline(), progress=False)
    run_summarize([two], out, offline(), progress=False)
    digest = (out / "digest.md").read_text(encoding="utf-8")
    assert "## one.txt" in digest and "## two.txt" in digest
    n_rows = len(read_rows(out / "summaries.jsonl"))
    assert f"{n_rows} 篇" in digest and "2 版" in digest


@pytest.mark.parametrize("inputs", ["empty folder", "missing path", "no page files"])
def test_a_run_that_finds_no_input_changes_nothing(seed_path: Path, tmp_path: Path, inputs: str) -> None:
    from summarizer.errors import UserError

    out = tmp_path / "out"
    run_summarize([seed_path], out, offline(), progress=False)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    target = tmp_path / "in"
    if inputs != "missing path":
        target.mkdir()
    if inputs == "no page files":
        (target / "notes.md").write_text("not a page", encoding="utf-8")
    with pytest.raises(UserError, match="nothing changed"):
        run_summarize([target], out, offline(), progress=False)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    fresh = tmp_path / "fresh"
    with pytest.raises(UserError):
        run_summarize([target], fresh, offline(), progress=False)
    assert not fresh.exists()


# -- streaming and worker processes (issue 15 item 2) ---------------------------------------------


def test_pages_are_streamed_not_loaded_first(seed_path: Path, tmp_path: Path) -> None:
    """Rows of the first pages are on disk before the last page is even named: no list of all pages."""
    folder = tmp_path / "pages"
    folder.mkdir()
    names = [f"p{i}.txt" for i in range(6)]
    text = seed_path.read_text(encoding="utf-8")
    for i, name in enumerate(names):
        (folder / name).write_text(text.replace("工会", "工会" * (i + 1), 1), encoding="utf-8")
    summaries = tmp_path / "out" / "summaries.jsonl"
    rows_when_named: list[int] = []

    def lazily() -> Iterator[Path]:
        for name in names:
            rows_when_named.append(summaries.read_bytes().count(b"\n") if summaries.exists() else 0)
            yield folder / name

    report = run_summarize(lazily(), tmp_path / "out", Settings(engine="offline", workers=1), progress=False)
    assert report.ok and report.pages == len(names)
    assert rows_when_named[0] == 0 and rows_when_named[-1] > 0


def test_worker_processes_give_the_same_outputs_as_one(seed_path: Path, tmp_path: Path) -> None:
    from tests.batch_corpus import make_corpus

    corpus = make_corpus(tmp_path / "pages", 40, per_page=5)
    one = run_summarize(
        [corpus.folder], tmp_path / "one", Settings(engine="offline", workers=1), progress=False
    )
    many = run_summarize(
        [corpus.folder], tmp_path / "many", Settings(engine="offline", workers=3), progress=False
    )
    assert one.ok and many.ok and one.done == many.done == 40
    assert many.workers == 3 and one.workers == 1
    for name in ("summaries.jsonl", "digest.md"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "many" / name).read_bytes()
    again = run_summarize(
        [corpus.folder], tmp_path / "many", Settings(engine="offline", workers=3), progress=False
    )
    assert again.done == 0 and again.resumed == 40
    # by default a run of a few files stays in this process (starting workers would cost more)
    auto = run_summarize([corpus.folder], tmp_path / "auto", Settings(engine="offline"), progress=False)
    assert auto.workers == 1
