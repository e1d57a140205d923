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
    corpus = load_corpus([src])  # read without a cache: Index.open keeps it in the cache it is given
    first = Index.open(corpus, cache, corpus.fingerprint)
    assert not first.loaded_from_disk and first.analysed_articles == len(ARTICLES)
    manifests = list((cache / "archive" / "corpora").glob("*.json"))
    assert len(manifests) == 1
    second = Index.open(load_corpus([src]), cache, corpus.fingerprint)
    assert second.loaded_from_disk and second.analysed_articles == 0
    q = "募集善款多少"
    assert [(h.page, h.article_index, h.score) for h in second.search(q)] == [
        (h.page, h.article_index, h.score) for h in first.search(q)
    ]
    for d in (cache, cache / "archive", cache / "archive" / "segments"):
        assert stat.S_IMODE(d.stat().st_mode) == 0o700, d
    files = _files(cache)
    assert files and all(p.suffix in (".json", ".npy", ".sqlite") for p in files), files
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
    c1 = load_corpus([src], cache_dir=cache)
    Index.open(c1, cache, c1.fingerprint)
    src.write_text(
        json.dumps({"id": "1", "title": "甲", "text": "改过的正文提到橄榄球。"}, ensure_ascii=False),
        encoding="utf-8",
    )
    c2 = load_corpus([src], cache_dir=cache)
    assert c2.fingerprint != c1.fingerprint
    rebuilt = Index.open(c2, cache, c2.fingerprint)
    assert not rebuilt.loaded_from_disk
    assert rebuilt.search("橄榄球")[0].title == "甲"


def test_stale_index_under_the_same_key_is_not_trusted(tmp_path: Path) -> None:
    """A list indexed under a key it no longer matches (e.g. a new segmenter) is indexed again."""
    cache = tmp_path / "cache"
    Index.open(ARTICLES, cache, "samekey")
    assert Index.open(ARTICLES, cache, "samekey").loaded_from_disk
    changed = [*ARTICLES[:-1], _art("p2", 2, "信访工作", "全新的句子讲冰壶。")]
    again = Index.open(changed, cache, "samekey")
    assert not again.loaded_from_disk
    assert again.search("冰壶")[0].article_index == 2


def _pickled_array(path: Path) -> None:
    np.save(path, np.array([{"a": 1}], dtype=object), allow_pickle=True)


@pytest.mark.parametrize(
    ("broken", "damage"),
    [
        ("postings-*/meta.json", lambda p: p.write_text("{half", encoding="utf-8")),
        ("postings-*/art.docs.npy", lambda p: p.write_bytes(p.read_bytes()[:-8])),  # truncated
        ("postings-*/sent.terms.npy", _pickled_array),  # a foreign file: a pickle
        ("postings-*/counts.npy", lambda p: np.save(p, np.zeros(3, dtype=np.int64))),
        ("articles.sqlite", lambda p: p.write_bytes(b"not a database" * 100)),
    ],
)
def test_corrupt_or_foreign_index_file_is_rebuilt_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], broken: str, damage
) -> None:
    cache = tmp_path / "cache"
    Index.open(ARTICLES, cache, "k")
    target = next((cache / "archive" / "segments").glob(f"*/{broken}"))
    damage(target)
    capsys.readouterr()
    again = Index.open(ARTICLES, cache, "k")
    assert not again.loaded_from_disk
    assert again.search("篮球赛")[0].page == "p2"
    lines = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("summarizer: warning:"), lines
    assert target.name in lines[0] and ("rebuild" in lines[0] or "again" in lines[0])
    assert Index.open(ARTICLES, cache, "k").loaded_from_disk  # the rebuilt index is kept


def test_scores_match_bm25s(seed_path: Path) -> None:
    """Our query-time BM25 over saved counts gives the scores bm25s' own index gives."""
    import bm25s

    from summarizer.qa.index import _head, article_sentences
    from summarizer.qa.postings import TITLE_BOOST, token_hash

    corpus = list(load_corpus([seed_path])) + [_art("x", 1, "孤词", "孤词。")]
    index = Index.build(corpus)
    body = [[tokenize(s) for s in article_sentences(a)] for a in corpus]
    art_docs = [
        tokenize(_head(a)) * TITLE_BOOST + [t for s in b for t in s]
        for a, b in zip(corpus, body, strict=True)
    ]
    vocab = {t: i for i, t in enumerate(dict.fromkeys(t for d in art_docs for t in d))}
    ref = bm25s.BM25()
    ref.index(
        bm25s.tokenization.Tokenized(ids=[[vocab[t] for t in d] for d in art_docs], vocab=vocab),
        show_progress=False,
    )
    for q in (["牡丹江", "工会"], ["#147", "作品"], ["孤词"], ["工会", "工会"]):
        ours = index._article_scores(np.array([token_hash(t) for t in q], dtype=np.uint64))
        assert np.allclose(ref.get_scores_from_ids([vocab[t] for t in q]), ours, rtol=1e-6)
        assert ours.max() > 0


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.text(alphabet="工会职工收集了个作品万元１２3.5% \n，。“”AbC\ue000\ue001", max_size=30), max_size=6
    )
)
def test_tokenize_many_equals_one_at_a_time(texts: list[str]) -> None:
    from summarizer.tokens import tokenize_many

    assert tokenize_many(texts) == [tokenize_many([t])[0] for t in texts]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet="工会职工收集了个作品万元１２3.5%％ \n，。：；（）“”AbCＡ\u3000\u0301\ue000\ue001",
            max_size=30,
        ),
        max_size=6,
    )
)
def test_token_ids_are_the_tokens(texts: list[str]) -> None:
    """tokenize_ids (what the index reads) gives exactly tokenize_many's tokens, text by text."""
    from summarizer.tokens import tokenize_ids, tokenize_many

    got = tokenize_ids(texts)
    words = [got.words[i] for i in got.ids.tolist()]
    expected = tokenize_many(texts)
    assert got.lengths.tolist() == [len(t) for t in expected]
    assert words == [w for t in expected for w in t]


def test_token_tables_restart_without_changing_tokens(
    monkeypatch: pytest.MonkeyPatch, seed_path: Path
) -> None:
    from summarizer import tokens

    texts = [s for a in load_corpus([seed_path]) for s in a.paragraphs]
    expected = tokens.tokenize_many(texts)
    monkeypatch.setattr(tokens, "KEEP_LIMIT", 50)  # far fewer words than the page has
    for _ in range(3):
        got = tokens.tokenize_ids(texts)
        assert [got.words[i] for i in got.ids.tolist()] == [w for t in expected for w in t]
        assert tokens.tokenize_many(texts) == expected
    assert len(tokens._id_words) < 3 * len({w for t in expected for w in t}) + 10


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40))
def test_fast_nfkc_is_nfkc(text: str) -> None:
    from summarizer.text import to_halfwidth
    from summarizer.tokens import _nfkc

    assert _nfkc(text) == to_halfwidth(text)
    assert _nfkc("，１２．５％\u3000Ａ\u0301") == to_halfwidth("，１２．５％\u3000Ａ\u0301")


def test_parallel_analysis_equals_serial(monkeypatch: pytest.MonkeyPatch, seed_path: Path) -> None:
    import os

    from summarizer.qa import postings as P
    from summarizer.qa.index import _item

    items = [_item(a) for a in load_corpus([seed_path])] * 30
    monkeypatch.setattr(P, "CHUNK_ARTICLES", 50)
    serial = P.merge_postings([P.analyse(items[i : i + 50]) for i in range(0, len(items), 50)])
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(P, "PARALLEL_MIN_ARTICLES", 10)
    monkeypatch.setattr(P.threading, "active_count", lambda: 1)  # pytest's own threads are idle here
    assert P._workers(len(items)) == 2
    parallel = next(P.build_many([(P.item_tasks(items), len(items))]))
    whole = P.analyse(items)
    for built in (parallel, serial):
        for level in ("art", "sent"):
            for name in ("terms", "indptr", "docs", "tf", "lens"):
                assert np.array_equal(
                    getattr(getattr(built, level), name), getattr(getattr(whole, level), name)
                )
        assert np.array_equal(built.counts, whole.counts)
