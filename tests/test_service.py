"""The Service the UI calls: articles with summaries, cited answers, uploads, restarts, threads."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest

from summarizer.config import Settings
from summarizer.errors import InputError
from summarizer.service import Service

EXTRA_PAGE = (
    "本报讯 今年以来，青川县新建职工书屋 18个，配送图书 1.2万\n\n"
    "册，惠及职工 3600余人。书屋设在县文化馆，由县总工会统一\n\n"
    "管理，职工可凭工会会员卡免费借阅。\n\n"
    "青川县职工书屋建设提速\n"
)


@pytest.fixture()
def service(tmp_path: Path, seed_path: Path) -> Service:
    return Service(Settings.from_env(cache_dir=tmp_path / "cache"), [seed_path], tmp_path / "state")


def test_articles_carry_summaries_and_figures(service: Service) -> None:
    rows = service.articles()
    assert len(rows) == len(service.corpus()) >= 10
    for r in rows:
        assert {
            "id",
            "page",
            "index",
            "title",
            "text",
            "paragraphs",
            "summary",
            "key_points",
            "key_figures",
        } <= set(r)
        assert r["id"] == f"{r['page']}#{r['index']}"
        assert r["summary"] and len(r["summary"]) <= 150
        assert r["engine"] == "offline"
    figures = [f for r in rows for f in r["key_figures"]]
    assert figures and all({"value", "unit", "quote"} <= set(f) for f in figures)


def test_article_lookup(service: Service) -> None:
    first = service.articles()[0]
    again = service.article(first["page"], first["index"])
    assert again == first
    assert service.article(first["page"], 999) is None
    assert service.article("no-such-page.txt", 1) is None


def test_ask_with_history_and_restrict(service: Service) -> None:
    r = service.ask("恩平市篮球赛两年共募集善款多少？").record()
    assert r["answerable"] and "630" in r["answer"]
    assert set(r) >= {"answer", "answerable", "citations", "retrieved"}
    first = service.articles()[0]
    limited = service.ask("恩平市篮球赛两年共募集善款多少？", restrict=[first["id"]]).record()
    assert all(h["article_index"] == first["index"] for h in limited["retrieved"])
    follow = service.ask("去年呢？", history=[("恩平市篮球赛两年共募集善款多少？", r["answer"])]).record()
    assert follow["answerable"]


def test_add_page_segments_summarises_indexes_and_stores(service: Service, tmp_path: Path) -> None:
    before = len(service.articles())
    calls: list[tuple] = []
    added = service.add_page(
        "青川/../书屋.txt", EXTRA_PAGE.encode("gb18030"), progress=lambda *a: calls.append(a)
    )
    assert added and all(a.page == "书屋.txt" for a in added)
    assert calls[-1][:2] == (3, 3)
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)  # progress only moves forward
    stored = tmp_path / "state" / "uploads" / "书屋.txt"
    assert stored.read_bytes() == EXTRA_PAGE.encode("gb18030")
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    rows = service.articles()
    assert len(rows) == before + len(added)
    new = [r for r in rows if r["page"] == "书屋.txt"]
    assert new and all(r["summary"] for r in new)
    r = service.ask("青川县新建了多少个职工书屋？").record()
    assert r["answer"].endswith("18个") and r["citations"][0]["page"] == "书屋.txt"


def test_same_name_upload_gets_its_own_page(service: Service) -> None:
    one = service.add_page("day.txt", EXTRA_PAGE.encode())
    two = service.add_page("day.txt", EXTRA_PAGE.replace("18个", "19个").encode())
    assert one[0].page == "day.txt" and two[0].page == "day (2).txt"
    assert len({r["id"] for r in service.articles()}) == len(service.articles())


def test_uploading_the_same_page_again_does_not_duplicate_it(
    service: Service, tmp_path: Path, seed_path: Path
) -> None:
    first = service.add_page("day.txt", EXTRA_PAGE.encode())
    count = len(service.articles())
    again = service.add_page("day.txt", EXTRA_PAGE.encode())
    renamed = service.add_page("other-name.txt", EXTRA_PAGE.encode("gb18030"))  # same page, other bytes
    seed = service.add_page("seed-again.txt", seed_path.read_bytes())  # a page of the starting corpus
    assert [a.id for a in again] == [a.id for a in renamed] == [a.id for a in first]
    assert {a.page for a in seed} == {seed_path.name}
    assert len(service.articles()) == count
    assert sorted(p.name for p in (tmp_path / "state" / "uploads").iterdir()) == ["day.txt"]
    assert service.ask("青川县新建了多少个职工书屋？").record()["citations"][0]["page"] == "day.txt"


def test_an_unknown_restrict_is_an_error(service: Service) -> None:
    with pytest.raises(InputError, match="no-such-page.txt"):
        service.ask("恩平市篮球赛两年共募集善款多少？", restrict=["no-such-page.txt"])


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "empty"), (b"\x00\x01\x02binary" * 100, "binary"), ("字".encode() * 200_000, "limit")],
)
def test_bad_uploads_are_refused_and_nothing_is_kept(
    tmp_path: Path, seed_path: Path, data: bytes, message: str
) -> None:
    svc = Service(
        Settings.from_env(cache_dir=tmp_path / "cache", max_page_bytes=100_000), [seed_path], tmp_path / "st"
    )
    before = len(svc.articles())
    with pytest.raises(InputError, match=message):
        svc.add_page("bad.txt", data)
    assert len(svc.articles()) == before
    assert list((tmp_path / "st" / "uploads").iterdir()) == []


def test_uploads_survive_a_restart(tmp_path: Path, seed_path: Path) -> None:
    settings = Settings.from_env(cache_dir=tmp_path / "cache")
    Service(settings, [seed_path], tmp_path / "state").add_page("shuwu.txt", EXTRA_PAGE.encode())
    again = Service(settings, [seed_path], tmp_path / "state")
    assert any(r["page"] == "shuwu.txt" for r in again.articles())
    assert again.ask("青川县新建了多少个职工书屋？").record()["answer"].endswith("18个")


def test_concurrent_questions_while_a_page_is_added(service: Service) -> None:
    service.ask("武强县建立了多少家基层工会劳动监督委员会？").record()  # index built before the threads start
    answers: list[str] = []
    errors: list[BaseException] = []

    def asker() -> None:
        try:
            for _ in range(5):
                answers.append(service.ask("武强县建立了多少家基层工会劳动监督委员会？").record()["answer"])
        except BaseException as e:  # surfaced below
            errors.append(e)

    threads = [threading.Thread(target=asker) for _ in range(4)]
    for t in threads:
        t.start()
    service.add_page("extra.txt", EXTRA_PAGE.encode())
    for t in threads:
        t.join(timeout=120)
    assert not errors
    assert answers == ["321家"] * 20
    assert service.ask("青川县新建了多少个职工书屋？").record()["answer"].endswith("18个")


def test_default_state_dir_is_private_and_temporary(tmp_path: Path, seed_path: Path) -> None:
    svc = Service(Settings.from_env(cache_dir=tmp_path / "cache"), [seed_path])
    assert svc.upload_dir.is_dir()
    assert stat.S_IMODE(svc.upload_dir.stat().st_mode) == 0o700
    assert not svc.upload_dir.is_relative_to(Path.home() / ".cache")
    svc.add_page("x.txt", EXTRA_PAGE.encode())
    svc.close()
    assert not svc.state_dir.exists()  # a temporary state folder goes with the service
    kept = Service(Settings.from_env(cache_dir=tmp_path / "cache"), [seed_path], tmp_path / "state")
    kept.add_page("x.txt", EXTRA_PAGE.encode())
    kept.close()
    assert (tmp_path / "state" / "uploads" / "x.txt").exists()  # one the user named is kept


@pytest.mark.parametrize(
    ("budget", "message"),
    [({"upload_seconds": 0.001}, "longer than the budget"), ({"upload_memory_mb": 64}, "more memory than")],
)
def test_an_upload_over_its_budget_is_refused_and_the_service_goes_on(
    tmp_path: Path, seed_path: Path, budget: dict, message: str
) -> None:
    """The page is read in a child process with a time and an address-space budget; over either, the
    upload is refused with one line, nothing is kept, and the server process is unharmed."""
    svc = Service(Settings.from_env(cache_dir=tmp_path / "cache", **budget), [seed_path], tmp_path / "st")
    before = len(svc.articles())
    with pytest.raises(InputError, match=message):
        svc.add_page("costly.txt", EXTRA_PAGE.encode())
    assert len(svc.articles()) == before
    assert list((tmp_path / "st" / "uploads").iterdir()) == []
    assert svc.ask("武强县建立了多少家基层工会劳动监督委员会？").record()["answer"] == "321家"
