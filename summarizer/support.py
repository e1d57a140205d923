"""Support check: a text shown to a reader must be said by its source, sentence by sentence.

Grounding (summarizer.grounding) guarantees the numbers, quotes and links; this module judges the
words around them. It is lexical on purpose — no model judges a model — and every rule names the
general fact about language or layout it relies on:

- a summary restates its article, so almost every character of a supported sentence lies in a
  character pair the article also prints (``MIN_COVERAGE``), and a paraphrase bridges those pairs
  with short new words, never a long new phrase (``MAX_NOVEL_RUN``);
- a name, place or organisation cannot be paraphrased: it is printed as it is, and a person stands
  next to the role the article gives them (``副主席`` + a name that the article calls ``职工``);
- negation flips a fact while keeping its words, so a negator must stand as it does in the source;
- a number is grounded (grounding) and keeps its measure word (``12件`` is not ``12名``);
- a summary of Chinese news uses the scripts, Latin words and symbols of its source; it never
  talks about itself (``摘要``, ``JSON``, ``以下是``), never repeats the prompt, and a bare field
  name or an empty template (``key_figures``, ``title:Key Figures``, ``{}``) says nothing.

``problems(text, source)`` lists every reason a text is unsupported (empty list = supported); the LLM
engine sends those reasons back in a re-ask, then removes what still fails. Labels (a topic, what a
figure counts) are too short for the coverage rules and use ``LABEL_MIN_CHAR_SHARE`` instead.
Calibrated on evals/items/support.tune.json (``python -m summarizer.evals.support``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from summarizer.text import fold, split_sentences, ungrounded_numbers
from summarizer.tokens import pos_tokens

# Share of a sentence's letters and digits that lie in a character pair the source prints. Calibrated
# on the tune half: midway between the best-covered sentence of another article (0.45) and the
# least-covered paraphrase (0.60).
MIN_COVERAGE = 0.55
# A run of this many Chinese characters that no pair of the source covers is a new phrase, not a new
# word: the tune half's paraphrases bridge with at most 4, most invented facts need more.
MAX_NOVEL_RUN = 5
# A label (topic, a figure's `about`) is supported when this share of its Chinese characters is printed.
LABEL_MIN_CHAR_SHARE = 0.5
# Folded characters shared with the prompt (and absent from the data): an echo of the instructions.
LEAK_WINDOW = 12
# A shown sentence needs at least this many letters or digits to say anything ("无", "…", "{}").
MIN_CONTENT_CHARS = 2

# Words a summary uses only to talk about itself or the task, never about the news it restates.
META_WORDS = (
    "摘要 总结 概括 本文 该文 这篇 此文 原文 文章 要点 关键词 关键数字 以下 如下 输出 字段 您 我来 抱歉"
).split()
# Openings of a request addressed to the reader or the model ("请概括全文"): a summary restates, it
# does not instruct.
INSTRUCTION_OPENERS = ("请", "务必", "不要", "切勿", "注意")
# Characters that begin a word of negation or restriction ("不会", "未能", "没有", "无需", "仅对").
NEGATORS = frozenset("不未没无非勿莫否仅")
# Characters that join a name to what precedes it without giving it a role ("的", "在", "和" …).
NAME_JOINERS = frozenset("的之在和与及同跟对向为由被让将把给是从自到于、")
# jieba part-of-speech tags of names: person, place, organisation, other proper noun.
NAME_TAGS = ("nr", "ns", "nt", "nz")  # prefixes: nr covers nrfg and nrt
PERSON_TAGS = ("nr",)
# A one-character token with one of these tags may be a surname cut off its given name.
SURNAME_TAGS = ("nr", "n", "ng", "nrfg", "nz")
GIVEN_NAME_TAGS = ("nr", "nrfg", "nrt", "nz", "n", "ng")
PLACE_SUFFIXES = tuple("省 市 县 区 州 镇 乡 村 旗 盟".split())
# Markup and symbols that plain newspaper prose does not need (Markdown, HTML, templates, emoji).
MARKUP_CHARS = frozenset("#*`_~|<>[]{}\\^@$=+")

_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD_RE = re.compile(r"[A-Za-z]+")
_CONTENT_RE = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SEGMENT_RE = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@dataclass(frozen=True)
class Unsupported:
    """One reason a text is not supported: the rule that failed and what it found."""

    rule: str  # empty, placeholder, script, latin, markup, meta, echo, number, name, role, negation, coverage, novel
    detail: str

    def message(self, safe: Callable[[str], str] = str) -> str:
        """The reason in words a model can act on (it is sent back in the re-ask). `safe` is applied
        to the model text quoted in it (the caller masks links and prompt text)."""
        d = safe(self.detail)
        return {
            "empty": "says nothing",
            "placeholder": f"is a placeholder or field name ({d!r}), not a statement from the article",
            "script": f"uses a script the article does not use ({d!r})",
            "latin": f"contains {d!r}, which the article does not print",
            "markup": f"contains markup or symbols ({d!r}); write plain text",
            "meta": f"talks about the task ({d!r}) instead of stating what the article says",
            "echo": "repeats the instructions instead of the article",
            "number": f"states numbers the article does not print ({d})",
            "name": f"names {d!r}, which the article does not mention",
            "role": f"gives {d!r} a role the article does not give",
            "negation": f"says {d!r}, which the article does not say",
            "coverage": f"is not said by the article (only {d} of it is found there)",
            "novel": f"adds {d!r}, which the article does not say",
        }.get(self.rule, d)


@dataclass(frozen=True)
class _Source:
    """A source prepared once for many checks: folded text, its character pairs, scripts and symbols."""

    text: str  # folded
    lower: str
    pairs: frozenset[str]
    chars: frozenset[str]
    scripts: frozenset[str]


@lru_cache(maxsize=256)
def _prepare(source: str) -> _Source:
    text = fold(source)
    pairs: set[str] = set()
    for seg in _SEGMENT_RE.findall(text.lower()):
        pairs.update(seg[i : i + 2] for i in range(len(seg) - 1))
    return _Source(
        text=text,
        lower=text.lower(),
        pairs=frozenset(pairs),
        chars=frozenset(text),
        scripts=frozenset(s for s in map(_script, text) if s),
    )


def _script(ch: str) -> str | None:
    """The writing system of a letter ("han", "latin", "hiragana", "hangul", "cyrillic" …), None otherwise."""
    if not ch.isalpha():
        return None
    if _CJK_RE.match(ch):
        return "han"
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0].lower() if name else "other"


@lru_cache(maxsize=1)
def field_names() -> frozenset[str]:
    """Every field name of the output schemas: a text that is only a field name is a template slot."""
    from summarizer.schemas import Answer, ArticleSummary, Citation, KeyFigure

    names: set[str] = set()
    for model in (ArticleSummary, KeyFigure, Answer, Citation):
        for name in model.model_fields:
            names.update({name, name.replace("_", " "), name.replace("_", "")})
    return frozenset(names | {"title", "text", "null", "none", "n/a", "na", "json", "example"})


def leaked(text: str, secrets: Sequence[str], data: str, window: int = LEAK_WINDOW) -> str | None:
    """A stretch of `text` that repeats one of the secrets (the prompt) but not the data, or None.

    Why a window: an echo of the instructions shares a long run of characters with them, while a
    summary of an article that happens to share a few words with the prompt does not.
    """
    t = fold(text)
    if len(t) < window or not secrets:
        return None
    fdata = _folded(data)
    fsecrets = [_folded(s) for s in secrets if s]
    for i in range(len(t) - window + 1):
        w = t[i : i + window]
        if w in fdata:
            continue
        if any(w in s for s in fsecrets):
            return w
    return None


@lru_cache(maxsize=512)
def _folded(text: str) -> str:
    """fold() of a source or prompt, memoised: the same texts are compared hundreds of times."""
    return fold(text)


# ---------------------------------------------------------------------------------------------
# The rules. Each takes the folded text and the prepared source and returns its findings.


def _empty(t: str, src: _Source) -> list[Unsupported]:
    """A text with almost no letters or digits ("无", "……", "{}", "🎉") states nothing."""
    return [] if len(_CONTENT_RE.findall(t)) >= MIN_CONTENT_CHARS else [Unsupported("empty", t)]


def _placeholder(t: str, src: _Source) -> list[Unsupported]:
    """A field name, a "field: value" slot or a JSON fragment is the output's skeleton, not its content."""
    low = t.lower().strip(" \"'“”‘’.:：,，。;；!！?？()（）[]【】{}")
    head = re.split(r"[:：=]", low, maxsplit=1)[0].strip(" \"'“”{[")
    if low in field_names() or (head != low and head in field_names() and head not in src.lower):
        return [Unsupported("placeholder", t)]
    if re.search(r"[{\[]\s*\"?[A-Za-z_]+\"?\s*[:\]}]|^[{\[]", t):
        return [Unsupported("placeholder", t)]
    return []


def _scripts(t: str, src: _Source) -> list[Unsupported]:
    """Every writing system a sentence uses must be one its source uses (no Japanese, Korean,
    Cyrillic … in a digest of a Chinese article that prints none)."""
    foreign = sorted({s for s in map(_script, t) if s and s not in src.scripts})
    return [Unsupported("script", ", ".join(foreign))] if foreign else []


def _latin(t: str, src: _Source) -> list[Unsupported]:
    """In Chinese prose a Latin word is a name or an acronym, printed as such: it must be in the source."""
    missing = [w for w in _LATIN_WORD_RE.findall(t) if w.lower() not in src.lower]
    return [Unsupported("latin", " ".join(dict.fromkeys(missing)))] if missing else []


def _markup(t: str, src: _Source) -> list[Unsupported]:
    """Markdown, HTML, template and emoji symbols are layout, not content, unless the source prints them."""
    odd = sorted(
        {
            ch
            for ch in t
            if ch not in src.chars and (ch in MARKUP_CHARS or unicodedata.category(ch).startswith("S"))
        }
    )
    return [Unsupported("markup", "".join(odd))] if odd else []


def _meta(t: str, src: _Source) -> list[Unsupported]:
    """A restatement of the news never talks about the summary, the article or the request itself,
    and never opens with a request ("请…") the source does not open a sentence with."""
    low = t.lower()
    found = [w for w in META_WORDS if w in low and w not in src.lower]
    if not found and t.startswith(INSTRUCTION_OPENERS) and t[:3] not in src.text:
        found = [t[:3]]
    return [Unsupported("meta", found[0])] if found else []


def _numbers(t: str, src: _Source) -> list[Unsupported]:
    """Every number must be printed by the source (the grounding rule, applied to every shown text)."""
    missing = ungrounded_numbers(t, src.text)
    return [Unsupported("number", ", ".join(missing))] if missing else []


def _name_spans(t: str) -> list[tuple[int, str, str]]:
    """(start, name, kind) for every name jieba finds in t; kind is "person", "name" or "word".

    jieba often cuts a person's name in two (surname as a noun, given name as a name: "钱"+"志强",
    "林"+"海波"), so a one-character noun not after a number (a measure word) followed by a short
    noun or name is joined to it: a person when either half is tagged as one, else a plain "word"
    (checked for nothing). A word of three or more characters ending in an administrative suffix
    (省, 市, 县, 区 …) is a place name whatever its tag.
    """
    toks = list(pos_tokens(t))
    starts, pos = [], 0
    for w, _f in toks:
        starts.append(pos)
        pos += len(w)
    out: list[tuple[int, str, str]] = []
    i = 0
    while i < len(toks):
        word, flag = toks[i]
        start = starts[i]
        if not _CJK_RE.match(word[:1]):
            i += 1
            continue
        nxt_word, nxt_flag = toks[i + 1] if i + 1 < len(toks) else ("", "")
        after_number = start > 0 and t[start - 1].isdigit()
        if (
            len(word) == 1
            and not after_number
            and flag in SURNAME_TAGS
            and 1 <= len(nxt_word) <= 2
            and nxt_flag in GIVEN_NAME_TAGS
            and _CJK_RE.match(nxt_word[:1])
        ):
            person = flag in ("nr", "ng") or nxt_flag.startswith(NAME_TAGS)
            out.append((start, word + nxt_word, "person" if person else "word"))
            i += 2
            continue
        if flag.startswith(PERSON_TAGS):
            out.append((start, word, "person"))
        elif flag.startswith(NAME_TAGS) or (len(word) >= 3 and word.endswith(PLACE_SUFFIXES)):
            out.append((start, word, "name"))
        i += 1
    return out


def _names(t: str, src: _Source) -> list[Unsupported]:
    """Names are printed as they are; a person keeps the role the source gives them.

    A name (jieba: person, place, organisation) absent from the source is new. A person's name
    present in the source must stand after the same two characters there, unless a joining word
    (的, 在, 和 …), a number or the sentence start stands before it: "副主席孙某" is not
    "车间主任孙某".
    """
    out: list[Unsupported] = []
    for start, name, kind in _name_spans(t):
        if kind == "word" or len(name) < 2:
            continue
        if name not in src.text:
            out.append(Unsupported("name", name))
            continue
        before = t[max(0, start - 2) : start]
        if kind != "person" or len(before) < 2 or not _CJK_RE.match(before[-1]):
            continue
        if before[-1] in NAME_JOINERS or before + name in src.text:
            continue
        out.append(Unsupported("role", before + name))
    return out


def _negation(t: str, src: _Source) -> list[Unsupported]:
    """A negator keeps the words of the fact it flips, so it must stand in the source as it stands here."""
    out = []
    for i, ch in enumerate(t[:-1]):
        if ch in NEGATORS and _CJK_RE.match(t[i + 1]) and t[i : i + 2] not in src.text:
            out.append(Unsupported("negation", t[i : i + 2]))
    return out


def coverage(text: str, source: str) -> tuple[float, str]:
    """(share of the text's letters and digits inside a character pair the source prints,
    the longest run of Chinese characters outside every such pair)."""
    src = _prepare(source)
    return _coverage(fold(text), src)


def _coverage(t: str, src: _Source) -> tuple[float, str]:
    covered = total = 0
    longest = ""
    for seg in _SEGMENT_RE.findall(t.lower()):
        hit = [False] * len(seg)
        for i in range(len(seg) - 1):
            if seg[i : i + 2] in src.pairs:
                hit[i] = hit[i + 1] = True
        total += len(seg)
        covered += sum(hit)
        run = ""
        for ch, h in zip(seg, hit, strict=True):
            run = run + ch if not h and _CJK_RE.match(ch) else ""
            if len(run) > len(longest):
                longest = run
    return (covered / total if total else 0.0), longest


def _lexical(t: str, src: _Source) -> list[Unsupported]:
    """A supported sentence is made of the source's own character pairs, bridged by short new words."""
    share, novel = _coverage(t, src)
    out = []
    if share < MIN_COVERAGE:
        out.append(Unsupported("coverage", f"{share:.0%}"))
    if len(novel) >= MAX_NOVEL_RUN:
        out.append(Unsupported("novel", novel))
    return out


def _label(t: str, src: _Source) -> list[Unsupported]:
    """A label is a few words; half of its Chinese characters at least must be printed in the source."""
    han = _CJK_RE.findall(t)
    if not han:
        return []
    share = sum(ch in src.chars for ch in han) / len(han)
    return [] if share >= LABEL_MIN_CHAR_SHARE else [Unsupported("coverage", f"{share:.0%}")]


_COMMON = (_empty, _placeholder, _scripts, _latin, _markup, _meta, _numbers)
_SENTENCE_RULES = (*_COMMON, _names, _negation, _lexical)
_LABEL_RULES = (*_COMMON, _label)


def problems(
    text: str,
    source: str,
    *,
    label: bool = False,
    echoes: Sequence[str] = (),
    exempt: Iterable[str] = (),
) -> list[Unsupported]:
    """Every reason `text` is not supported by `source` (empty list: supported).

    `label=True` for a topic or a figure's `about`; `echoes` are texts that must never be repeated
    (the prompt and the re-ask template) — a sentence sharing a long stretch with one of them and not
    with the source is an echo; `exempt` are fixed texts of our own (NOT_FOUND) that are not judged.
    """
    src = _prepare(source)
    t = fold(text)
    for fixed in exempt:
        t = t.replace(fold(fixed), "")
    if not t.strip(" ,，。;；:："):
        return [] if text.strip() else [Unsupported("empty", "")]
    found: list[Unsupported] = []
    if echoes and leaked(text, echoes, source):
        found.append(Unsupported("echo", ""))
    for rule in _LABEL_RULES if label else _SENTENCE_RULES:
        found += rule(t, src)
        if found and found[-1].rule in ("empty", "placeholder"):
            break  # nothing more to say about a template slot
    return found


def supported(text: str, source: str, **kw: object) -> bool:
    return not problems(text, source, **kw)  # type: ignore[arg-type]


def sentences(text: str) -> list[str]:
    """The sentences of a shown text, each judged on its own."""
    return split_sentences(text)
