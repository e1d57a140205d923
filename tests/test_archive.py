"""Archive scale: .jsonl read a line at a time, articles kept on disk, postings built in bounded chunks
and opened memory-mapped, corpora that grow by a file without being rebuilt."""

from __future__ import annotations

import json
import mmap
from collections.abc import Iterator, Sequence
from pathlib import Path

import bm25s
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer.qa import corpus as corpus_module
from summarizer.qa import postings as postings_module
from summarizer.qa.corpus import iter_jsonl, load_corpus
from summarizer.qa.index import Index, _head, article_sentences
from summarizer.schemas import Article, Passage
from summarizer.text import squash
from summarizer.tokens import query_tokens, tokenize
from tests.synthetic_news import NewsGenerator

GOLD = Path(__file__).resolve().parent.parent / "evals" / "datasets" / "seed_page.v1.json"


def _records(n: int, seed: int = 1, paper: str = "测试日报") -> list[dict[str, str]]:
    return [a.record() for a in NewsGenerator(seed, paper).articles(n)]


def _write(path: Path, rows: Sequence[object]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _questions(records: Sequence[dict[str, str]], n: int = 30) -> list[str]:
    seed_qs = [q["q"] for q in json.loads(GOLD.read_text(encoding="utf-8"))["qa"]]
    made = [a.facts[0].question for a in NewsGenerator(1, "测试日报").articles(n) if a.facts]
    return seed_qs + made + [r["title"] for r in records[:5]]


def _results(hits: Sequence[Passage]) -> list[tuple[str, int, float, list[str]]]:
    return [(h.page, h.article_index, h.score, h.sentences) for h in hits]


# ---- reading .jsonl ----------------------------------------------------------------------------------


def test_jsonl_over_the_file_limit_is_read_an_article_at_a_time(tmp_path: Path) -> None:
    rows: list[object] = list(_records(120))
    huge = {"id": "big", "title": "超长", "text": "字" * 30_000}  # 90 KB: over the 20 KB limit below
    rows.insert(60, huge)
    f = _write(tmp_path / "archive.jsonl", rows)
    assert f.stat().st_size > 10 * 20_000  # the whole file is far over the limit; its articles are not
    c = load_corpus([f], max_page_bytes=20_000)
    assert [a.title for a in c] == [r["title"] for r in rows if r is not huge]  # type: ignore[index]
    assert len(c.errors) == 1 and c.errors[0].startswith(f"{f}:61:") and "limit" in c.errors[0]


@pytest.mark.slow
def test_a_21_mb_jsonl_file_is_no_longer_refused(tmp_path: Path) -> None:
    base = _records(200)
    f = tmp_path / "big.jsonl"
    with open(f, "w", encoding="utf-8") as out:
        n = 0
        while out.tell() < 21 * 1024 * 1024:
            out.write(json.dumps({**base[n % 200], "id": f"x{n}"}, ensure_ascii=False) + "\n")
            n += 1
    c = load_corpus([f])  # the default limit: 20 MB per article
    assert c.errors == [] and len(c) == n
    assert c[n - 1].title == base[(n - 1) % 200]["title"]


def test_jsonl_encodings_and_line_endings(tmp_path: Path) -> None:
    good = {"id": "1", "title": "标题", "text": "第一段。\n第二段，有 147个作品。"}
    other = {"id": "2", "title": "其他", "text": "别的文章。"}
    line = json.dumps(good, ensure_ascii=False)
    other_line = json.dumps(other, ensure_ascii=False)
    (tmp_path / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + (line + "\r\n" + other_line + "\r\n").encode())
    (tmp_path / "u16.jsonl").write_bytes((line + "\n" + other_line + "\n").encode("utf-16"))
    (tmp_path / "mixed.jsonl").write_bytes(line.encode() + b"\n" + other_line.encode("gb18030") + b"\n")
    for name in ("bom.jsonl", "u16.jsonl", "mixed.jsonl"):
        c = load_corpus([tmp_path / name])
        assert c.errors == [], name
        assert [a.title for a in c] == ["标题", "其他"], name
        assert c[0].paragraphs == ["第一段。", "第二段，有 147个作品。"], name
    (tmp_path / "blank.jsonl").write_text(" \n\n  \n", encoding="utf-8")
    (tmp_path / "nul.jsonl").write_bytes(b"\x00\x01binary" * 50)
    c = load_corpus([tmp_path / "blank.jsonl", tmp_path / "nul.jsonl"])
    assert list(c) == [] and len(c.errors) == 2
    assert "empty" in c.errors[0] and "binary" in c.errors[1]


_texts = st.text(alphabet="工会职工收集了作品万元１２3.5% \r\n，。“”AbC\t", max_size=40)
_row = st.one_of(
    st.fixed_dictionaries({"title": _texts, "text": _texts}),
    st.sampled_from(["{not json", "[1, 2]", '{"title": 3, "text": "x"}', "   "]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_row, max_size=12), limit=st.integers(min_value=40, max_value=400), crlf=st.booleans())
def test_jsonl_reader_keeps_every_good_line_and_names_every_bad_one(
    rows: list[object], limit: int, crlf: bool
) -> None:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    data = ("\r\n" if crlf else "\n").join(lines).encode()
    import io

    out = list(iter_jsonl(io.BytesIO(data), "f.jsonl", "f.jsonl", limit) if data.strip() else [])
    articles = [x for x in out if isinstance(x, Article)]
    errors = [x for x in out if isinstance(x, str)]
    expected = []
    bad_lines = []
    for n, (row, line) in enumerate(zip(rows, lines, strict=True), start=1):
        if not line.strip():
            continue
        usable = (
            isinstance(row, dict)
            and len(line.encode()) <= limit
            and isinstance(row.get("text"), str)
            and bool(row["text"].strip())
        )
        if usable:
            expected.append(row)
        else:
            bad_lines.append(n)
    assert [squash(a.text) for a in articles] == [squash(r["text"]) for r in expected]  # type: ignore[index]
    assert [a.index for a in articles] == list(range(1, len(expected) + 1))
    assert [int(e.split(":")[1]) for e in errors] == bad_lines
    assert all(e.startswith("f.jsonl:") and e.endswith("skipped") for e in errors)


# ---- the on-disk store -----------------------------------------------------------------------------------


def test_articles_are_read_back_from_the_store_without_reading_the_files(
    tmp_path: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _records(40)
    f = _write(tmp_path / "news.jsonl", rows)
    cache = tmp_path / "cache"
    first = load_corpus([seed_path, f], cache_dir=cache)
    arts = list(first)
    assert len(arts) == len(first) >= 50 and first.errors == []
    news = [a for a in arts if a.page != seed_path.name]
    assert [(a.title, a.date, a.source) for a in news] == [(r["title"], r["date"], r["source"]) for r in rows]

    def no_parsing(*_a: object, **_k: object) -> None:
        raise AssertionError("the files were parsed again")

    monkeypatch.setattr(corpus_module, "_file_articles", no_parsing)
    again = load_corpus([seed_path, f], cache_dir=cache)
    assert again.fingerprint == first.fingerprint
    assert list(again) == arts
    assert again[0] == arts[0] and again[-1] == arts[-1] and again[10:13] == arts[10:13]
    assert again.get_many([7, 3, 7]) == [arts[7], arts[3], arts[7]]
    target = news[5]
    assert again.find(target.page, target.index) == target
    assert again.find(target.page, 999) is None
    on_page = [i for i, a in enumerate(arts) if a.page == target.page]
    assert again.positions([target.page]).tolist() == on_page
    assert again.positions([target.id, seed_path.name]).tolist() == sorted(
        {arts.index(target), *[i for i, a in enumerate(arts) if a.page == seed_path.name]}
    )


def test_the_index_opens_memory_mapped_without_tokenising(tmp_path: Path) -> None:
    f = _write(tmp_path / "news.jsonl", _records(60))
    cache = tmp_path / "cache"
    built = Index.open(load_corpus([f], cache_dir=cache), cache)
    assert not built.loaded_from_disk and built.analysed_articles == 60
    opened = Index.open(load_corpus([f], cache_dir=cache), cache)
    assert opened.loaded_from_disk and opened.analysed_articles == 0
    level = opened._segs[0].postings.sent
    for name in ("terms", "indptr", "docs", "tf", "lens"):
        arr, base = getattr(level, name), getattr(level, name)
        while base is not None and not isinstance(base, (np.memmap, mmap.mmap)):
            base = base.base
        assert base is not None and not arr.flags.writeable, name  # a read-only view of the file
    for q in _questions(_records(60))[:10]:
        assert _results(opened.search(q)) == _results(built.search(q))


# ---- equal to the index this replaced ------------------------------------------------------------------


class _WholeCorpusBM25:
    """The index before archive scale, written with bm25s directly: one BM25 model over whole
    articles (head words three times, then the body) and one over sentences; an article scores its
    normalised BM25 plus 0.6 times its best sentence's normalised BM25."""

    def __init__(self, articles: Sequence[Article]):
        self.articles = list(articles)
        self.sentences = [article_sentences(a) for a in self.articles]
        body = [[tokenize(s) for s in sents] for sents in self.sentences]
        art_docs = [
            tokenize(_head(a)) * 3 + [t for s in b for t in s]
            for a, b in zip(self.articles, body, strict=True)
        ]
        self.art, self.art_vocab = self._model(art_docs)
        self.sent, self.sent_vocab = self._model([s for b in body for s in b])
        counts = np.array([len(s) for s in self.sentences])
        self.sent_start = np.concatenate([[0], np.cumsum(counts)[:-1]])

    @staticmethod
    def _model(docs: list[list[str]]) -> tuple[bm25s.BM25, dict[str, int]]:
        docs = [d or [""] for d in docs]
        vocab = {t: i for i, t in enumerate(dict.fromkeys(t for d in docs for t in d))}
        model = bm25s.BM25()
        model.index(
            bm25s.tokenization.Tokenized(ids=[[vocab[t] for t in d] for d in docs], vocab=vocab),
            show_progress=False,
        )
        return model, vocab

    @staticmethod
    def _scores(model: bm25s.BM25, vocab: dict[str, int], q: list[str], n: int) -> np.ndarray:
        ids = [vocab[t] for t in q if t in vocab]
        return model.get_scores_from_ids(ids) if ids else np.zeros(n, dtype=np.float32)

    def search(self, query: str, k: int = 5, restrict: Sequence[str] | None = None) -> list[Passage]:
        q = list(query_tokens(query))
        art = self._scores(self.art, self.art_vocab, q, len(self.articles))
        sent = self._scores(self.sent, self.sent_vocab, q, int(self.sent_start[-1] + len(self.sentences[-1])))
        best = np.maximum.reduceat(sent, self.sent_start)
        combined = (art / art.max() if art.max() > 0 else art) + 0.6 * (
            best / best.max() if best.max() > 0 else best
        )
        if restrict:
            allowed = np.array([a.id in restrict or a.page in restrict for a in self.articles])
            combined = np.where(allowed, combined, -1.0)
        out = []
        for i in np.lexsort((np.arange(len(combined)), -combined))[:k]:
            if combined[i] <= 0:
                continue
            own = sent[self.sent_start[i] : self.sent_start[i] + len(self.sentences[i])]
            picked = [j for j in np.argsort(-own, kind="stable")[:3] if own[j] > 0] or [0]
            a = self.articles[i]
            out.append(
                Passage(
                    page=a.page,
                    article_index=a.index,
                    title=a.title,
                    text=a.text,
                    sentences=[self.sentences[i][j] for j in picked],
                    score=round(float(combined[i]), 4),
                )
            )
        return out


def test_chunked_segmented_build_equals_the_whole_corpus_index(
    tmp_path: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks of 37 articles, segments of 101: the same passages and scores as BM25 over everything."""
    from summarizer.qa import index as index_module

    rows = _records(300)
    f = _write(tmp_path / "news.jsonl", rows)
    monkeypatch.setattr(postings_module, "CHUNK_ARTICLES", 37)
    monkeypatch.setattr(corpus_module, "SEGMENT_ARTICLES", 101)
    monkeypatch.setattr(index_module, "LONG_POSTINGS", 5)  # weights of most lists kept, and reused
    monkeypatch.setattr(index_module, "WEIGHT_CACHE_POSTINGS", 2000)  # and some dropped again
    cache = tmp_path / "cache"
    corpus = load_corpus([seed_path, f], cache_dir=cache)
    assert len(corpus.segments) == 4
    index = Index.open(corpus, cache)
    reference = _WholeCorpusBM25(list(corpus))
    assert len(reference.articles) == 313
    some_page, some_id = rows[7]["source"], corpus[200].id
    for q in _questions(rows):
        for restrict in (None, [seed_path.name], [some_page, some_id]):
            assert _results(index.search(q, restrict=restrict)) == _results(
                reference.search(q, restrict=restrict)
            ), (q, restrict)
    assert any(index.search(q) for q in _questions(rows))


@pytest.mark.parametrize("n", [3, 40, 5000, 100_000])
def test_top_scores_are_exactly_the_best(n: int) -> None:
    from summarizer.qa.index import _top

    rng = np.random.default_rng(n)
    scores = rng.random(n).astype(np.float32)
    scores[rng.random(n) < 0.7] = 0  # most articles do not hold the words
    for k in (1, 5, 50):
        got = _top(scores, k)
        positive = np.flatnonzero(scores > 0)
        want = positive[np.argsort(-scores[positive], kind="stable")[:k]]
        assert sorted(got.tolist()) == sorted(want.tolist())


# ---- growing corpora ------------------------------------------------------------------------------------


def test_an_added_file_is_indexed_alone_and_scores_like_a_full_rebuild(
    tmp_path: Path, seed_path: Path
) -> None:
    rows = _records(150)
    f = _write(tmp_path / "news.jsonl", rows)
    grown_cache, full_cache = tmp_path / "a", tmp_path / "b"
    base = load_corpus([f], cache_dir=grown_cache)
    index = Index.open(base, grown_cache)
    grown, added, errors = base.add_file(seed_path.name, seed_path.read_bytes())
    assert errors == [] and len(added) == len(grown) - len(base) >= 10
    extended = index.extend(grown)
    assert extended.analysed_articles == len(added)
    full = load_corpus([f, seed_path], cache_dir=full_cache)
    assert full.fingerprint == grown.fingerprint
    rebuilt = Index.open(full, full_cache)
    assert rebuilt.analysed_articles == len(full)
    assert list(grown) == list(full)
    for q in _questions(rows):
        assert _results(extended.search(q)) == _results(rebuilt.search(q)), q
    # a restart that reads the same files finds the grown corpus and its index as they were left
    again = Index.open(load_corpus([f, seed_path], cache_dir=grown_cache), grown_cache)
    assert again.loaded_from_disk and again.analysed_articles == 0


def test_a_corpus_that_gained_files_reuses_what_it_extends(
    tmp_path: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = _write(tmp_path / "a.jsonl", _records(80))
    g = _write(tmp_path / "b.jsonl", _records(20, seed=2, paper="另一报"))
    cache = tmp_path / "cache"
    first = load_corpus([f], cache_dir=cache)
    Index.open(first, cache)
    parsed: list[str] = []
    real = corpus_module._file_articles

    def spy(path: Path, limit: int) -> Iterator[Article | str]:
        parsed.append(path.name)
        return real(path, limit)

    monkeypatch.setattr(corpus_module, "_file_articles", spy)
    grown = load_corpus([f, g], cache_dir=cache)
    assert parsed == ["b.jsonl"] and len(grown) == 100
    assert grown.segments[0].id == first.segments[0].id
    index = Index.open(grown, cache)
    assert index.analysed_articles == 20


def test_many_small_additions_are_merged_without_tokenising_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(corpus_module, "MAX_SMALL_SEGMENTS", 2)
    rows = _records(30)
    cache = tmp_path / "cache"
    corpus = load_corpus([_write(tmp_path / "base.jsonl", rows[:10])], cache_dir=cache)
    index = Index.open(corpus, cache)
    for k in range(4):
        part = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows[10 + 5 * k : 15 + 5 * k]).encode()
        corpus, added, _ = corpus.add_file(f"up{k}.jsonl", part)
        index = index.extend(corpus)
        assert index.analysed_articles == len(added) == 5
    assert len(corpus.segments) <= 3  # five segments were written; the small ones at the end merged
    assert [a.title for a in corpus] == [r["title"] for r in rows]
    full = Index.build(list(corpus))
    for q in _questions(rows):
        assert _results(index.search(q)) == _results(full.search(q)), q


def test_a_service_upload_tokenises_only_the_uploaded_page(tmp_path: Path, seed_path: Path) -> None:
    from summarizer.config import Settings
    from summarizer.service import Service

    settings = Settings.from_env(cache_dir=tmp_path / "cache")
    svc = Service(settings, [seed_path], tmp_path / "state")
    assert svc.index().analysed_articles == len(svc.corpus())
    page = "\n\n".join(
        ["本报讯 今年以来，青川县新建职工书屋 18个，惠及职工 3600余人。", "青川县职工书屋建设提速"]
    )
    added = svc.add_page("shuwu.txt", page.encode())
    assert added and svc.index().analysed_articles == len(added)
    assert svc.ask("青川县新建了多少个职工书屋？").record()["citations"][0]["page"] == "shuwu.txt"
    restarted = Service(settings, [seed_path], tmp_path / "state")
    assert restarted.index().loaded_from_disk and restarted.index().analysed_articles == 0
