"""Chinese tokenisation for retrieval and answer matching: jieba words plus normalised number tokens.

Numbers are tokenised through summarizer.text (the grounding normaliser), so "26.19万", "26.19 万" and
"２６．１９万" all become the token "#261900": a question and an article can never disagree on a figure.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache

import jieba

from .text import clean_spaces, find_numbers, to_halfwidth

jieba.setLogLevel(logging.WARNING)
jieba.default_logger.setLevel(logging.WARNING)
_init_lock = threading.Lock()
_ready = False

# Function words and question words: they say how a question is asked, not what it is about.
STOPWORDS = frozenset(
    """的 了 是 在 和 与 及 或 有 为 对 等 也 都 将 把 被 从 到 由 这 那 之 其 中 上 下 于 以 而 并 向 就 还 又
    让 使 给 个 着 过 地 得 所 该 此 各 每 已 已经 共 一 一个 我们 他们 她们 你们 我 你 他 她 它 他们 自己
    吗 呢 吧 啊 呀 么 多少 几 几个 哪 哪里 哪儿 哪个 哪些 哪位 哪家 哪支 哪年 什么 谁 怎么 怎样 如何 为何
    为什么 是否 是不是 多长 多久 多大 多高 多远 叫 叫做 名字 请问 请 问 告诉 一下 情况 分别 当时
    """.split()
)
_WORDLIKE = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff]")


def _ensure_jieba() -> None:
    """Load jieba's dictionary once (thread-safe), quietly."""
    global _ready
    if _ready:
        return
    with _init_lock:
        if not _ready:
            jieba.initialize()
            _ready = True


def number_token(value: float, percent: bool) -> str:
    v = round(value, 6)
    s = str(int(v)) if float(v).is_integer() else repr(v)
    return f"#{s}%" if percent else f"#{s}"


def normalise(text: str) -> str:
    """Full-width to ASCII, stray PDF spaces dropped, lower case: the form every tokeniser input takes."""
    return clean_spaces(to_halfwidth(text)).lower()


def _words(chunk: str, search: bool) -> list[str]:
    if not chunk:
        return []
    words = jieba.lcut_for_search(chunk) if search else jieba.lcut(chunk)
    return [w for w in words if w not in STOPWORDS and _WORDLIKE.search(w)]


def tokenize(text: str, search: bool = True) -> list[str]:
    """Content tokens of text: jieba words (search mode adds sub-words) minus stopwords, and '#number' tokens."""
    _ensure_jieba()
    t = normalise(text)
    out: list[str] = []
    pos = 0
    for n in find_numbers(t):
        out.extend(_words(t[pos : n.start], search))
        out.append(number_token(n.value, n.percent))
        pos = n.end
    out.extend(_words(t[pos:], search))
    return out


# How a question asks, not what it asks about: "历时多长时间" is about 历时, not about 时间.
_SCAFFOLD = re.compile(
    r"多长时间|多少时间|什么时候|什么时间|哪一年|哪一天|多少钱|叫什么名字|是什么"
    r"|(?:多少|几)[万亿]?(?:人次|小时|分钟|公里|万元|亿元|[个部户次人名位家件轮支项场所座条台辆套批期届种只头本册张篇块间栋处倍岁年天元])?"
)


@lru_cache(maxsize=4096)
def query_tokens(text: str) -> tuple[str, ...]:
    """Tokens of a question (cached: the UI and batch QA ask the same things again)."""
    return tuple(tokenize(_SCAFFOLD.sub(" ", text)))


def jieba_words(text: str) -> list[str]:
    """Plain jieba words (precise mode, punctuation dropped): for matching phrases, not for the index."""
    _ensure_jieba()
    return [w for w in jieba.lcut(text) if _WORDLIKE.search(w)]
