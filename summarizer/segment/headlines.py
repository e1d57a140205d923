"""A headline group's lines -> kicker (引题), title (主题) and subtitle (副题).

Facts used:

* a kicker comes first and usually ends in "——" or "：" (it leads into the title);
* a subtitle comes last; a leading "——" marks one (the dash is decoration, not text);
* a title set over two lines is one title: the break cuts a word (jieba's words run across it, as
  in "…到工|地…") or cuts a phrase (a first line with no verb, "…工会|送…到一线", is only the
  subject of the title; a subtitle is a complete phrase of its own, so the title above it has its
  own predicate);
* a line that ends running on (，、“《（) or a line that starts with a closing mark belongs to the
  line before;
* three lines with no marks at all are kicker, title, subtitle (the commonest full headline).

Letter-spaced headlines ("“ 工 BA”撬 动 百 万 善 款") lose their spaces; "上半 下半" keeps its one.
"""

from __future__ import annotations

from summarizer.segment.roles import CONTINUES, DASH_END
from summarizer.segment.thresholds import SPLIT_TITLE_MAX_FIRST
from summarizer.text import clean_spaces
from summarizer.tokens import cut, pos_tokens

KICKER_END = (*DASH_END, "：", ":")
CLOSES_START = ("”", "》", "）", ")", "’", "，", "、", "。")
SUBTITLE_DASH = ("——", "—", "－－", "--")
# Function words that never end a headline phrase (prepositions, modals, adverbs, conjunctions,
# the possessive 的) and particles that never start one (aspect 了着过, structural 的得, plural 们).
CANNOT_END = set("的不在把被给向对和与及让使将从由以于能要可应很更最再都也还就又才")
CANNOT_START = set("的了着过得们之")
# jieba part-of-speech flags of predicates: verbs (v, vn, vd, vi …) and adjectives used as predicates.
_VERB_FLAGS = ("v",)


def clean_headline(s: str) -> str:
    """Letter-spaced headlines ("“ 工 BA”撬 动 百 万 善 款") lose their spaces; "上半 下半" keeps its one."""
    tokens = s.split()
    if len(tokens) <= 1:
        return clean_spaces(s).strip()
    short = sum(1 for t in tokens if len(t) <= 2)
    if short * 2 >= len(tokens):
        return clean_spaces(s).strip()
    return " ".join(clean_spaces(t) for t in tokens)


def _squashed(s: str) -> str:
    return "".join(clean_headline(s).split())


def word_across(a: str, b: str) -> bool:
    """jieba cuts a+b into words one of which starts in a and ends in b: the break is inside a word."""
    a, b = _squashed(a), _squashed(b)
    if not a or not b:
        return False
    pos = 0
    for word in cut(a + b):
        end = pos + len(word)
        if pos < len(a) < end:
            return True
        if end >= len(a):
            return False
        pos = end
    return False


def has_predicate(s: str) -> bool:
    """The text holds a verb (jieba's tagger): a title or subtitle says what happened."""
    return any(t.flag.startswith(_VERB_FLAGS) for t in pos_tokens(_squashed(s)))


def one_title(first: str, second: str) -> bool:
    """Are two consecutive headline lines (neither a kicker nor a dash subtitle) one title set over
    two lines? A subtitle is a complete phrase below a complete title; a title cut in two is not:
    the break cuts a word (jieba's words run across it) or a number from its measure word
    ("…3260|名…"), leaves a quote or bracket open, ends the first line on a word that cannot end a
    phrase ("…不|误上班", "…给|…") or starts the second on one that cannot start one ("…|了…"),
    leaves a verb without its object ("…送|农民工回家"), or leaves a subject without its predicate
    (a first line with no verb over a second with one). A first line this short is no title."""
    a, b = _squashed(first), _squashed(second)
    if not a or not b:
        return False
    if len(a) <= SPLIT_TITLE_MAX_FIRST or word_across(a, b):
        return True
    if a[-1].isdigit() and "\u4e00" <= b[0] <= "\u9fff":
        return True  # a number and its measure word
    if _unbalanced(a) or b[0] in CLOSES_START:
        return True
    if a[-1] in CANNOT_END or b[0] in CANNOT_START:
        return True
    ta, tb = pos_tokens(a), pos_tokens(b)
    if ta and tb and ta[-1].flag == "v" and tb[0].flag[:1] in ("n", "m", "r"):
        return True  # a verb and its object
    return not any(t.flag.startswith(_VERB_FLAGS) for t in ta) and any(
        t.flag.startswith(_VERB_FLAGS) for t in tb
    )


def _unbalanced(text: str) -> bool:
    return any(text.count(o) > text.count(c) for o, c in ("“”", "‘’", "《》", "（）", "()"))


def _is_kicker(s: str) -> bool:
    return s.endswith(KICKER_END)


def _is_dash_subtitle(s: str) -> bool:
    return s.startswith(SUBTITLE_DASH)


def headline_fields(raw: list[str]) -> tuple[str, str, str]:
    """Kicker, title and subtitle from a headline group's lines, top to bottom."""
    lines: list[str] = []
    for t in raw:
        if lines and (lines[-1].endswith(CONTINUES) or t.startswith(CLOSES_START)):
            lines[-1] = lines[-1] + t
        else:
            lines.append(t)
    kicker_n = 0
    while kicker_n < len(lines) - 1 and _is_kicker(lines[kicker_n]):
        kicker_n += 1
    rest = lines[kicker_n:]
    # A title over two lines: join while the break cuts a word or a phrase.
    merged: list[str] = rest[:1]
    for t in rest[1:]:
        prev = merged[-1]
        if len(merged) == 1 and not _is_dash_subtitle(t) and one_title(prev, t):
            merged[-1] = prev + t
        else:
            merged.append(t)
    if kicker_n == 0 and len(merged) >= 3:
        kicker_n = 1  # 引题 / 主题 / 副题
        kicker = merged[0]
        merged = merged[1:]
    else:
        kicker = " ".join(lines[:kicker_n])
    title = merged[0] if merged else ""
    subtitle = " ".join(s.lstrip("—－-") if _is_dash_subtitle(s) else s for s in merged[1:])
    return clean_headline(kicker), clean_headline(title), clean_headline(subtitle)
