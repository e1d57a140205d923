"""Tokenisation, number normalisation, BM25 search over articles and sentences, persistence."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.qa.corpus import load_corpus
from summarizer.qa.index import Index
from summarizer.schemas import Article
from summarizer.tokens import tokenize

FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def _art(page: str, index: int, title: str, *paras: str) -> Article:
    return Article(page=page, index=index, title=title, paragraphs=list(paras))


ARTICLES = [
    _art(
        "p1",
        1,
        "新疆工会组织建设",
        "推动实现5.89 万家“两新”工会组织全覆盖，“两新”组织会员达26.19 万人。",
        "工会驿站让外卖员休息。",
    ),
    _art("p1", 2, "短视频大赛", "牡丹江市各级工会收集了 147个参赛作品。", "经过 3轮评比精选出 17部作品。"),
    _art("p2", 1, "篮球赛募集善款", "两年共募集善款630 万元。", "102家企业捐资。"),
    _art("p2", 2, "信访工作", "信访事项一次性化解率上升至97.34%。"),
]


def test_tokens_drop_stopwords_and_punctuation() -> None:
    toks = tokenize("牡丹江市的工会，收集了多少个参赛作品？")
    assert "牡丹江市" in toks and "参赛" in toks and "作品" in toks
    for gone in ("的", "了", "多少", "，", "？", "个"):
        assert gone not in toks


def test_numbers_normalised_like_grounding() -> None:
    plain = tokenize("会员达26.19万人")
    spaced = tokenize("会员达26.19 万人")
    full = tokenize("会员达２６．１９万人")
    assert "#261900" in plain
    assert plain == spaced == full
    assert "#97.34%" in tokenize("化解率97.34％")


@settings(max_examples=60, deadline=None)
@given(
    number=st.decimals(min_value=0, max_value=99999, places=2).map(lambda d: format(d.normalize(), "f")),
    scale=st.sampled_from(["", "万", "亿"]),
    gap=st.sampled_from(["", " ", "  ", "\u3000"]),
)
def test_number_tokens_ignore_spacing_and_width(number: str, scale: str, gap: str) -> None:
    base = tokenize(f"共有{number}{scale}人")
    assert tokenize(f"共有{number}{gap}{scale}人") == base
    assert tokenize(f"共有{number.translate(FULLWIDTH)}{scale}人") == base
    assert sum(t.startswith("#") for t in base) == 1


def test_search_matches_numbers_across_spacing_and_cites_sentences() -> None:
    index = Index.build(ARTICLES)
    hits = index.search("会员达到26.19万人的是哪里", k=2)
    assert (hits[0].page, hits[0].article_index) == ("p1", 1)
    assert "26.19 万人" in hits[0].sentences[0]
    for h in hits:
        art = next(a for a in ARTICLES if (a.page, a.index) == (h.page, h.article_index))
        assert all(s in art.text for s in h.sentences)  # sentences are verbatim, so they can be quoted


def test_title_words_find_the_article_and_scores_are_ordered() -> None:
    index = Index.build(ARTICLES)
    hits = index.search("篮球赛善款", k=4)
    assert (hits[0].page, hits[0].article_index) == ("p2", 1)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert index.search("完全无关的火星探测器", k=3) == []


def test_restrict_to_pages_or_article_ids() -> None:
    index = Index.build(ARTICLES)
    assert {h.page for h in index.search("工会 善款 信访", k=4)} == {"p1", "p2"}
    only_p2 = index.search("工会 善款 信访", k=4, restrict=["p2"])
    assert only_p2 and {h.page for h in only_p2} == {"p2"}
    one = index.search("作品", k=4, restrict=["p1#2"])
    assert [(h.page, h.article_index) for h in one] == [("p1", 2)]


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_persisted_once_loaded_after_and_no_pickles(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    src.write_text(
        "\n".join(
            json.dumps({"id": a.id, "title": a.title, "text": a.text}, ensure_ascii=False) for a in ARTICLES
        ),
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    corpus = load_corpus([src])
    first = Index.open(corpus, cache, corpus.fingerprint)
    assert not first.loaded_from_disk
    folders = [d for d in (cache / "index").iterdir() if d.is_dir()]
    assert len(folders) == 1
    second = Index.open(load_corpus([src]), cache, corpus.fingerprint)
    assert second.loaded_from_disk
    q = "募集善款多少"
    assert [(h.page, h.article_index, h.score) for h in second.search(q)] == [
        (h.page, h.article_index, h.score) for h in first.search(q)
    ]
    assert (
        stat.S_IMODE(cache.stat().st_mode) == 0o700
        and stat.S_IMODE((cache / "index").stat().st_mode) == 0o700
    )
    files = _files(cache)
    assert files and all(p.suffix in (".json", ".npy", ".jsonl") for p in files), files
    for p in files:
        assert not p.read_bytes().startswith(b"\x80")  # no pickle protocol header anywhere
        if p.suffix == ".npy":
            np.load(p, allow_pickle=False)  # raises if an object array (pickle) were inside


def test_rebuilt_when_the_corpus_changes(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    src.write_text(
        json.dumps({"id": "1", "title": "甲", "text": "第一版正文。"}, ensure_ascii=False), encoding="utf-8"
    )
    cache = tmp_path / "cache"
    c1 = load_corpus([src])
    Index.open(c1, cache, c1.fingerprint)
    src.write_text(
        json.dumps({"id": "1", "title": "甲", "text": "改过的正文提到橄榄球。"}, ensure_ascii=False),
        encoding="utf-8",
    )
    c2 = load_corpus([src])
    assert c2.fingerprint != c1.fingerprint
    rebuilt = Index.open(c2, cache, c2.fingerprint)
    assert not rebuilt.loaded_from_disk
    assert rebuilt.search("橄榄球")[0].title == "甲"


def test_stale_index_under_the_same_key_is_not_trusted(tmp_path: Path) -> None:
    """A folder whose saved digest does not match the articles (e.g. a new segmenter) is rebuilt."""
    cache = tmp_path / "cache"
    Index.open(ARTICLES, cache, "samekey")
    changed = [*ARTICLES[:-1], _art("p2", 2, "信访工作", "全新的句子讲冰壶。")]
    again = Index.open(changed, cache, "samekey")
    assert not again.loaded_from_disk
    assert again.search("冰壶")[0].article_index == 2


@pytest.mark.parametrize("broken", ["meta.json", "articles/params.index.json"])
def test_corrupt_index_folder_is_rebuilt(tmp_path: Path, broken: str) -> None:
    cache = tmp_path / "cache"
    Index.open(ARTICLES, cache, "k")
    folder = next(d for d in (cache / "index").iterdir() if d.is_dir())
    (folder / broken).write_text("{half", encoding="utf-8")
    again = Index.open(ARTICLES, cache, "k")
    assert not again.loaded_from_disk
    assert again.search("篮球赛")[0].page == "p2"


def test_vectorised_bm25_matches_bm25s(seed_path: Path) -> None:
    """Our numpy build of bm25s' matrix gives the scores bm25s' own loop gives."""
    import bm25s

    from summarizer.qa.index import _VectorBM25, article_sentences

    docs = [tokenize(s) for a in load_corpus([seed_path]) for s in article_sentences(a)] + [["孤词"]]
    vocab = {t: i for i, t in enumerate(dict.fromkeys(t for d in docs for t in d))}
    ids = [[vocab[t] for t in d] for d in docs]
    ref, fast = bm25s.BM25(), _VectorBM25()
    ref.index(bm25s.tokenization.Tokenized(ids=ids, vocab=dict(vocab)), show_progress=False)
    fast.index(bm25s.tokenization.Tokenized(ids=ids, vocab=dict(vocab)), show_progress=False)
    assert np.array_equal(ref.scores["indices"], fast.scores["indices"])
    assert np.array_equal(ref.scores["indptr"], fast.scores["indptr"])
    assert np.allclose(ref.scores["data"], fast.scores["data"], rtol=1e-6)
    for q in (["牡丹江", "工会"], ["#147", "作品"], ["孤词"]):
        q_ids = [vocab[t] for t in q]
        assert np.allclose(ref.get_scores_from_ids(q_ids), fast.get_scores_from_ids(q_ids), rtol=1e-6)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.text(alphabet="工会职工收集了个作品万元１２3.5% \n，。“”AbC\ue000\ue001", max_size=30), max_size=6
    )
)
def test_tokenize_many_equals_one_at_a_time(texts: list[str]) -> None:
    from summarizer.tokens import tokenize_many

    assert tokenize_many(texts) == [tokenize_many([t])[0] for t in texts]


def test_parallel_analysis_equals_serial(monkeypatch: pytest.MonkeyPatch, seed_path: Path) -> None:
    import os

    from summarizer.qa import index as index_module

    arts = list(load_corpus([seed_path])) * 3
    items = [(index_module._head(a), a.text, a.title) for a in arts]
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert index_module._analyse_parallel(items) == index_module._analyse(items)
