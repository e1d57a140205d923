"""Chinese tokenisation for retrieval and answer matching: jieba words plus normalised number tokens.

Numbers are tokenised through summarizer.text (the grounding normaliser), so "26.19万", "26.19 万" and
"２６．１９万" all become the token "#261900": a question and an article can never disagree on a figure.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from itertools import repeat
from types import ModuleType
from typing import NamedTuple

import jieba
import numpy as np

from summarizer.lexicon import (
    GLUE_ENDS,
    MISTAGGED_CITIES,
    PLACE_TAGGED_VERBS,
    SCAFFOLD_WORDS,
    STOPWORDS,
    UNIT_WORDS,
)
from summarizer.text import clean_spaces, find_numbers, to_halfwidth

_rjieba: ModuleType | None
try:  # jieba-rs: the same dictionary and algorithm as jieba (identical cuts), ~20x faster
    import rjieba as _rjieba
except ImportError:  # pragma: no cover - depends on the platform having a wheel
    _rjieba = None

jieba.setLogLevel(logging.WARNING)
jieba.default_logger.setLevel(logging.WARNING)
_init_lock = threading.Lock()
_ready = False

# Recorded with a persisted index: an index built by one tokeniser is never searched with another.
TOKENIZER = "rjieba" if _rjieba is not None else "jieba"

_WORDLIKE = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff]")


def ensure_jieba() -> None:
    """Load jieba's dictionary once (thread-safe), quietly: the one place jieba is initialised.

    Tokenising with rjieba needs no load; part-of-speech tagging (pos_tokens) always uses jieba.
    """
    global _ready
    if _ready:
        return
    with _init_lock:
        if not _ready:
            jieba.initialize()
            _ready = True


def in_dictionary(word: str) -> bool:
    """Whether jieba's dictionary lists the word (a word the tagger's HMM made up for an unknown run
    of characters is not listed: 家普惠托管)."""
    ensure_jieba()
    return bool(jieba.get_FREQ(word))


def glued_by_hmm(word: str, flag: str = "") -> bool:
    """Whether a two-character word is one jieba's HMM made up by gluing a character to the particle,
    copula, locative or directional verb after it (中得 of "比赛中得了", 案是: lexicon.GLUE_ENDS): the
    dictionary lists no such word, and it names nothing (a name the HMM makes, tagged nr, is kept)."""
    return (
        len(word) == 2
        and word[1] in GLUE_ENDS
        and not flag.startswith("nr")
        and re.fullmatch(r"[\u4e00-\u9fff]{2}", word) is not None
        and not in_dictionary(word)
    )


def _ensure_cutter() -> None:
    if _rjieba is None:
        ensure_jieba()


class PosToken(NamedTuple):
    word: str
    flag: str  # jieba's part-of-speech tag: n, v, nr (person), ns (place) …


@lru_cache(maxsize=8192)
def pos_tokens(text: str) -> tuple[PosToken, ...]:
    """Part-of-speech tokens of a short piece of text: rjieba's tagger when installed (the same
    dictionary, no second of loading), else jieba.posseg. A verb the dictionary lists as a place
    (lexicon.PLACE_TAGGED_VERBS) is tagged v, a city it tags otherwise (lexicon.MISTAGGED_CITIES) ns."""
    if _rjieba is not None:
        pairs = list(_rjieba.tag(text))
    else:
        import jieba.posseg  # loads a tagging model: only when a caller needs word classes

        ensure_jieba()
        pairs = [(p.word, p.flag) for p in jieba.posseg.cut(text)]
    return tuple(PosToken(w, _retagged(w, f)) for w, f in pairs)


def _retagged(word: str, flag: str) -> str:
    """The tag a word of the two lexicon lists has in the language, where jieba's dictionary errs."""
    if flag == "ns" and word in PLACE_TAGGED_VERBS:
        return "v"
    return "ns" if word in MISTAGGED_CITIES else flag


def number_token(value: float, percent: bool) -> str:
    v = round(value, 6)
    s = str(int(v)) if float(v).is_integer() else repr(v)
    return f"#{s}%" if percent else f"#{s}"


_FULLWIDTH_RE = re.compile("[\uff01-\uff5e\u3000]")  # the forms NFKC maps to ASCII: ，：；？（）％０-９…


def _nfkc(text: str) -> str:
    """to_halfwidth (NFKC), fast on Chinese text: each distinct full-width form in it is replaced by
    its NFKC form with str.replace, and only text that still is not NFKC goes through normalize().

    Replacing a character by its own compatibility decomposition leaves NFKD, hence NFKC, unchanged,
    so the result is exactly NFKC; Chinese text is otherwise NFKC already, so the usual cost is a few
    replace() passes instead of normalising every character (5x faster on a newspaper page)."""
    for ch in set(_FULLWIDTH_RE.findall(text)):
        text = text.replace(ch, unicodedata.normalize("NFKC", ch))
    return text if unicodedata.is_normalized("NFKC", text) else to_halfwidth(text)


def normalise(text: str) -> str:
    """Full-width to ASCII, stray PDF spaces dropped, lower case: the form every tokeniser input takes."""
    return clean_spaces(_nfkc(text)).lower()


_SENT = "\ue000"  # private-use characters: jieba cuts them as tokens of their own
_NUM = "\ue001"
KEEP_LIMIT = 1_000_000  # distinct words remembered per process; past it the tables start again
_keep: dict[str, bool] = {_SENT: True, _NUM: True}  # which jieba words are content tokens


def _is_content(word: str) -> bool:
    return word not in STOPWORDS and _WORDLIKE.search(word) is not None


def _cut(text: str, search: bool) -> list[str]:
    if _rjieba is not None:
        return _rjieba.cut_for_search(text) if search else _rjieba.cut(text)
    return jieba.lcut_for_search(text) if search else jieba.lcut(text)


def _words(texts: Sequence[str], search: bool) -> tuple[list[str], list[str]]:
    """jieba's words of the texts joined by _SENT, each number a _NUM placeholder; and the numbers'
    tokens in order. Jieba never joins a private-use character with its neighbours, so this is the
    same as cutting each text, and each number, separately."""
    _ensure_cutter()
    joined = _SENT.join(t.replace(_SENT, "").replace(_NUM, "") for t in texts)
    t = normalise(joined)
    pieces: list[str] = []
    numbers: list[str] = []
    pos = 0
    for n in find_numbers(t):
        pieces.append(t[pos : n.start])
        pieces.append(_NUM)
        numbers.append(number_token(n.value, n.percent))
        pos = n.end
    pieces.append(t[pos:])
    return _cut("".join(pieces), search), numbers


def tokenize_many(texts: Sequence[str], search: bool = True) -> list[list[str]]:
    """tokenize() of each text, in one jieba call (an index tokenises ~10^5 sentences at a time)."""
    if len(_keep) > KEEP_LIMIT:
        _keep.clear()
        _keep.update({_SENT: True, _NUM: True})
    words, numbers = _words(texts, search)
    for w in set(words).difference(_keep):
        _keep[w] = _is_content(w)
    kept = list(filter(_keep.__getitem__, words))  # C-speed passes from here: no loop per word
    at = -1
    for token in numbers:
        try:
            at = kept.index(_NUM, at + 1)
        except ValueError:
            break
        kept[at] = token
    out: list[list[str]] = []
    start = 0
    for _ in range(len(texts) - 1):
        try:
            at = kept.index(_SENT, start)
        except ValueError:
            break
        out.append(kept[start:at])
        start = at + 1
    out.append(kept[start:])
    return out if texts else []


class TokenIds(NamedTuple):
    """tokenize_many() of texts as numbers: what an index needs, with no Python object per token."""

    ids: np.ndarray  # int64: the content tokens of all texts, in order, as ids into `words`
    lengths: np.ndarray  # int64: how many of them each text has
    words: list[str]  # id -> token; valid until the next call (the table restarts past KEEP_LIMIT)


_ids_lock = threading.Lock()
_ids: dict[str, int] = {_SENT: 0, _NUM: 1}
_id_words: list[str] = [_SENT, _NUM]
_id_keep = bytearray(b"\x01\x01")


def _as_ids(words: Sequence[str]) -> np.ndarray:
    ids = np.fromiter(map(_ids.get, words, repeat(-1)), dtype=np.int64, count=len(words))
    for at in np.flatnonzero(ids < 0).tolist():  # words not seen before: the long tail, a few %
        w = words[at]
        i = _ids.get(w)
        if i is None:
            i = _ids[w] = len(_id_words)
            _id_words.append(w)
            _id_keep.append(_is_content(w))
        ids[at] = i
    return ids


def tokenize_ids(texts: Sequence[str], search: bool = True) -> TokenIds:
    """The tokens tokenize_many() gives, as ids: one dictionary lookup per word, the rest in numpy."""
    with _ids_lock:
        return _tokenize_ids(texts, search)


def _tokenize_ids(texts: Sequence[str], search: bool) -> TokenIds:
    global _id_words, _id_keep
    if len(_id_words) > KEEP_LIMIT:
        _ids.clear()
        _ids.update({_SENT: 0, _NUM: 1})
        _id_words = [_SENT, _NUM]
        _id_keep = bytearray(b"\x01\x01")
    words, numbers = _words(texts, search)
    ids = _as_ids(words)
    ids = ids[np.frombuffer(bytes(_id_keep), dtype=np.uint8)[ids].astype(bool)]
    if numbers:
        at = np.flatnonzero(ids == 1)[: len(numbers)]
        ids[at] = _as_ids(numbers)[: len(at)]
    seps = np.flatnonzero(ids == 0)[: max(len(texts) - 1, 0)]
    bounds = np.concatenate(([0], seps + 1, [len(ids) + 1]))
    lengths = np.diff(bounds) - 1
    if len(lengths) < len(texts):  # never seen: jieba split off fewer separators than it was given
        lengths = np.concatenate((lengths, np.zeros(len(texts) - len(lengths), dtype=np.int64)))
    keep = np.ones(len(ids), dtype=bool)
    keep[seps] = False
    return TokenIds(ids[keep], lengths[: len(texts)] if texts else lengths[:0], _id_words)


def tokenize(text: str, search: bool = True) -> list[str]:
    """Content tokens of text: jieba words (search mode adds sub-words) minus stopwords, and '#number' tokens."""
    return tokenize_many([text], search)[0]


@lru_cache(maxsize=1)
def _scaffold() -> re.Pattern[str]:
    """The question scaffold, "多少名" / "几万元" included, built from the shared unit words."""
    units = "|".join(sorted(map(re.escape, UNIT_WORDS), key=len, reverse=True))
    return re.compile(rf"{SCAFFOLD_WORDS}|(?:多少|几)[万亿]?(?:{units})?")


@lru_cache(maxsize=4096)
def query_tokens(text: str) -> tuple[str, ...]:
    """Tokens of a question (cached: the UI and batch QA ask the same things again)."""
    return tuple(tokenize(_scaffold().sub(" ", text)))


def cut(text: str) -> list[str]:
    """Precise-mode jieba words of text, punctuation and spaces included (they add up to text)."""
    _ensure_cutter()
    return _rjieba.cut(text) if _rjieba is not None else jieba.lcut(text)


@lru_cache(maxsize=16384)
def cut_whole(word: str) -> bool:
    """The word is one of jieba's dictionary words as its cutter reads them: cut without the HMM (which guesses words from
    characters the dictionary never joins), it stays whole."""
    _ensure_cutter()
    words = _rjieba.cut(word, False) if _rjieba is not None else jieba.lcut(word, HMM=False)
    return words == [word]


def jieba_words(text: str) -> list[str]:
    """Plain jieba words (precise mode, punctuation dropped): for matching phrases, not for the index."""
    _ensure_cutter()
    words = _rjieba.cut(text) if _rjieba is not None else jieba.lcut(text)
    return [w for w in words if _WORDLIKE.search(w)]
