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
from types import ModuleType
from typing import NamedTuple

import jieba

from summarizer.lexicon import SCAFFOLD_WORDS, STOPWORDS, UNIT_WORDS
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


def _ensure_cutter() -> None:
    if _rjieba is None:
        ensure_jieba()


class PosToken(NamedTuple):
    word: str
    flag: str  # jieba's part-of-speech tag: n, v, nr (person), ns (place) …


@lru_cache(maxsize=8192)
def pos_tokens(text: str) -> tuple[PosToken, ...]:
    """Part-of-speech tokens of a short piece of text: rjieba's tagger when installed (the same
    dictionary, no second of loading), else jieba.posseg."""
    if _rjieba is not None:
        return tuple(PosToken(w, f) for w, f in _rjieba.tag(text))
    import jieba.posseg  # loads a tagging model: only when a caller needs word classes

    ensure_jieba()
    return tuple(PosToken(p.word, p.flag) for p in jieba.posseg.cut(text))


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
_keep: dict[str, bool] = {_SENT: True, _NUM: True}  # which jieba words are content tokens


def _cut(text: str, search: bool) -> list[str]:
    if _rjieba is not None:
        return _rjieba.cut_for_search(text) if search else _rjieba.cut(text)
    return jieba.lcut_for_search(text) if search else jieba.lcut(text)


def tokenize_many(texts: Sequence[str], search: bool = True) -> list[list[str]]:
    """tokenize() of each text, in one jieba call (an index tokenises ~10^5 sentences at a time).

    Texts are joined with a private-use separator and every number is replaced by a placeholder
    before cutting; jieba never joins such characters with their neighbours, so the result is the
    same as cutting each piece separately.
    """
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
    words = _cut("".join(pieces), search)
    for w in set(words).difference(_keep):
        _keep[w] = w not in STOPWORDS and _WORDLIKE.search(w) is not None
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


def jieba_words(text: str) -> list[str]:
    """Plain jieba words (precise mode, punctuation dropped): for matching phrases, not for the index."""
    _ensure_cutter()
    words = _rjieba.cut(text) if _rjieba is not None else jieba.lcut(text)
    return [w for w in words if _WORDLIKE.search(w)]
