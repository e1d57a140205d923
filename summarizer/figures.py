"""Rule-based key figures: every quantity an article states, with its unit, what it counts and its clause.

Used by the offline engine and as the reference the evals compare an LLM's figures with. Numbers are
found with summarizer.text (the one normaliser), so a figure here is always grounded by construction:
its quote is a slice of the text it came from. Dates, years, times, ordinals and identifiers are
filtered out by looking at what surrounds each number, not by a list of known articles.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

import jieba
import jieba.posseg

from .schemas import KeyFigure
from .text import CN_NUMBER_RE, NumberMatch, find_numbers, parse_cn_number, to_halfwidth

# Measure words after a number that make it a quantity. Longest first, so 人次 wins over 人.
COUNT_UNITS = (
    "个百分点 百分点 平方公里 平方米 立方米 千瓦时 人次 场次 批次 架次 车次 户次 个月 分钟 小时 课时 学时 "
    "公里 千米 公顷 千克 公斤 千瓦 兆瓦 美元 欧元 港元 英镑 "
    "元 块 个 名 人 位 家 户 次 件 项 部 轮 支 种 类 场 所 座 条 台 辆 套 间 处 批 期 份 张 本 册 篇 首 "
    "株 棵 头 只 匹 亩 米 斤 克 吨 度 倍 岁 年 天 周 届 季 组 队 班 校 村 镇 县 省 国 分 秒 栋 层 床 "
    "笔 单 宗 起 例 门 节 集 章 页 字 票 枚 颗 个点 ℃"
).split()
# Words after a number that make it a date, time, ordinal or label rather than a quantity.
NOT_UNITS = "年代 年级 周年 世纪 月 日 号 时 点 级 版 楼 路 届次".split()
_TAIL_WORDS = sorted(COUNT_UNITS + NOT_UNITS, key=len, reverse=True)
_TAIL_RE = re.compile("|".join(map(re.escape, _TAIL_WORDS)))

# Words that begin with a measure word but are nouns: the number before them counts something else.
NOT_A_UNIT_WORDS = tuple(
    "人口 人员 人民 人才 人群 人士 人们 年龄 年度 年均 年薪 年产 年轻 天然 分别 分之 件事 度假 度过".split()
)

# approximation words before a number, as jieba cuts them -> the qualifier recorded (将近 -> 近)
PRE_QUALIFIER_WORDS = {
    "超过": "超过",
    "近": "近",
    "将近": "近",
    "接近": "近",
    "逾": "逾",
    "约": "约",
    "大约": "约",
    "超": "超",
}
POST_QUALIFIERS = ("余", "多")
TRAIL_QUALIFIERS = ("以上", "左右")
CLAUSE_BREAKS = "，。；：！？!?;\n"
SUBCLAUSE_BREAKS = CLAUSE_BREAKS + "、"
_SPACE = " \t\u3000"
_GLUE = frozenset("了 的 共 达 有 为 已 计 到 至 和 并 仅 就 才 还 也 都".split())

# Chinese-numeral quantities are kept only with measure words that count concrete things or time;
# "三个突破", "五项制度", "四级网格" are rhetoric, not figures a reader checks.
CN_CONFIDENT_UNITS = sorted(
    "名 人 位 家 户 部 支 场 所 座 辆 台 年 个月 天 周 元 万元 亿元 万人 亿人".split(), key=len, reverse=True
)
_CN_DIGIT_CHARS = frozenset("二两三四五六七八九")
_CN_UNIT_RE = re.compile("|".join(map(re.escape, CN_CONFIDENT_UNITS)))


jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=1)
def ensure_jieba() -> bool:
    """Load jieba's dictionary once, quietly (the first load takes about a second)."""
    jieba.initialize()
    return True


@lru_cache(maxsize=8192)
def pos_tokens(text: str) -> tuple[tuple[str, str], ...]:
    """jieba part-of-speech tokens of a short piece of text (cached: clauses repeat across calls)."""
    ensure_jieba()
    return tuple((p.word, p.flag) for p in jieba.posseg.cut(text))


@dataclass
class _Span:
    start: int  # first char of the quantity (qualifier included)
    end: int  # one past the unit
    num_start: int
    value: float
    unit: str
    qualifier: str


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in _SPACE:
        i += 1
    return i


def _skip_space_back(text: str, i: int) -> int:
    """Index just past the last non-space char before i."""
    while i > 0 and text[i - 1] in _SPACE:
        i -= 1
    return i


def _pre_qualifier(text: str, start: int) -> tuple[str, int]:
    """An approximation word standing as a word of its own before the number.

    A wrong "约" would misstate the figure, so 签约12家 / 预约3次 / 赶超3家 / 最近3天 must not yield one:
    the word is taken from jieba's segmentation of the text just before the number.
    """
    j = _skip_space_back(text, start)
    if not text.endswith(tuple(PRE_QUALIFIER_WORDS), 0, j):
        return "", start
    head = text[max(0, j - 8) : j]
    words = [w for w, _ in pos_tokens(head) if w.strip()]
    last = words[-1] if words else ""
    if last not in PRE_QUALIFIER_WORDS:
        # jieba's HMM sometimes glues a particle on ("了近"); a particle is not part of the word
        glued = next((q for q in PRE_QUALIFIER_WORDS if last.endswith(q) and last[: -len(q)] in _GLUE), "")
        if not glued:
            return "", start
        last = glued
    return PRE_QUALIFIER_WORDS[last], j - len(last)


def _is_identifier(text: str, start: int, end: int, digits: str) -> bool:
    """Phone numbers, codes and labels: digits glued to Latin letters or dashes, or very long runs."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before.isascii() and (before.isalpha() or before in "-#/_:"):
        return True
    if after.isascii() and (after.isalpha() or after in "-/_:") and not after == "%":
        return True
    return "." not in digits and len(digits) >= 7


def _ordinal(text: str, start: int) -> bool:
    j = _skip_space_back(text, start)
    return j > 0 and text[j - 1] == "第"


def _arabic_spans(text: str) -> list[_Span]:
    spans: list[_Span] = []
    for n in find_numbers(text):
        digits = to_halfwidth(re.sub(r"\s", "", n.raw))
        if _ordinal(text, n.start) or _is_identifier(text, n.start, n.end, digits):
            continue
        qualifier, start = _pre_qualifier(text, n.start)
        if n.percent:
            unit = n.scale + n.raw.rstrip()[-1]
            trail = _trail_qualifier(text, n.end)
            spans.append(_Span(start, n.end, n.start, n.number, unit, qualifier or trail))
            continue
        tail = _unit_after(text, n)
        if tail is None:
            continue
        unit, post, end = tail
        trail = _trail_qualifier(text, end)
        spans.append(_Span(start, end, n.start, n.number, unit, qualifier or post or trail))
    return spans


def _unit_after(text: str, n: NumberMatch) -> tuple[str, str, int] | None:
    """(unit with its scale word, 余/多 if printed, end) of the quantity starting with number n.

    Handles "350 余人次", "220多万元", "6 万多人次", "126万亿元"; None when what follows makes the
    number a date, time, year or label, or when nothing countable follows.
    """
    i = _skip_space(text, n.end)
    scale, post = n.scale, n.more
    if text.startswith(POST_QUALIFIERS, i):  # 220多万元 / 350余人次 / 6万多人次
        post = text[i]
        i = _skip_space(text, i + 1)
        if not scale and i < len(text) and text[i] in "万亿":
            scale = text[i]
            i = _skip_space(text, i + 1)
    if scale == "万" and text.startswith("亿", i):  # 126万亿元
        scale, i = "万亿", _skip_space(text, i + 1)
    m = _TAIL_RE.match(text, i)
    if m is None or text.startswith(NOT_A_UNIT_WORDS, m.start()):  # 300万人口, 劳动年龄
        # "达1.2万", "300万人口": the scale word is the unit
        return (scale, post, n.end if not post else i) if scale else None
    word = m.group(0)
    if word in NOT_UNITS or (word == "分" and _is_clock(text, n.start)):
        return None
    if word == "年" and not post and _is_year(text, n, m.end()):
        return None
    return scale + word, post, m.end()


def _is_clock(text: str, start: int) -> bool:
    j = _skip_space_back(text, start)
    return j > 0 and text[j - 1] in "时点"


def _is_year(text: str, n: NumberMatch, after: int) -> bool:
    """2023年 is a year; 3年 is a duration unless a month follows (23年5月)."""
    if n.number.is_integer() and 1000 <= n.number <= 2999 and not n.scale:
        return True
    return re.match(r"[ \t\u3000]*[0-9０-９]+[ \t\u3000]*月", text[after:]) is not None


def _trail_qualifier(text: str, end: int) -> str:
    for q in TRAIL_QUALIFIERS:
        if text.startswith(q, end):
            return q
    return ""


def _chinese_spans(text: str, taken: list[tuple[int, int]]) -> list[_Span]:
    """Quantities written in Chinese numerals, only in the confident shapes ("两部", "近百万元", "两个多月")."""
    spans: list[_Span] = []
    for m in CN_NUMBER_RE.finditer(text):
        numeral = m.group(0)
        if any(s <= m.start() < e for s, e in taken):
            continue
        prev = text[m.start() - 1] if m.start() > 0 else ""
        if (prev and prev in "第“‘「《星礼周初") or numeral.startswith(("一", "零", "〇")):
            continue
        # A scale word at the end belongs to the unit: 百万元 -> 100 万元.
        scale = numeral[-1] if len(numeral) > 1 and numeral[-1] in "万亿" else ""
        core = numeral[:-1] if scale else numeral
        bare = not any(ch in _CN_DIGIT_CHARS for ch in core)
        if bare and not scale and not text.startswith(POST_QUALIFIERS, m.end()):
            continue  # a bare 十/百/千/万 is an idiom (千家万户, 万人空巷, 百年大计, 十分), unlike 十余家
        value = parse_cn_number(core)
        if value is None or value < 2:
            continue
        i = m.end()
        post = ""
        if text.startswith(POST_QUALIFIERS, i) and not scale:  # 十余家, 两千多名
            post, i = text[i], i + 1
        if text.startswith("个多月", i):
            word, post, end = "个月", "多", i + 3
        else:
            u = _CN_UNIT_RE.match(text, i)
            if u is None:
                continue
            word, end = u.group(0), u.end()
        if scale and word not in ("元", "人"):
            continue
        if end < len(text) and text[end] in "级届次代":  # 两年级, 三人次 as labels
            continue
        qualifier, start = _pre_qualifier(text, m.start())
        spans.append(_Span(start, end, m.start(), value, scale + word, qualifier or post))
    return spans


def _clause_bounds(text: str, pos: int, breaks: str) -> tuple[int, int]:
    """The clause around pos: between the nearest breaks (a comma between digits is not a break)."""
    s = pos
    while s > 0 and not _is_break(text, s - 1, breaks):
        s -= 1
    e = pos
    while e < len(text) and not _is_break(text, e, breaks):
        e += 1
    return s, e


def _is_break(text: str, i: int, breaks: str) -> bool:
    ch = text[i]
    if ch not in breaks:
        return False
    if ch == "," and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
        return False
    return True


def _quote(text: str, span: _Span) -> str:
    s, e = _clause_bounds(text, span.num_start, CLAUSE_BREAKS)
    if len(text[s:e].strip()) < 6:  # too short to stand alone: widen to the sentence
        s2, e2 = _clause_bounds(text, span.num_start, "。！？!?\n")
        s, e = s2, e2
    quote = text[s:e].strip()
    return quote


# ---------------------------------------------------------------------------------------------
# What is counted


_NOUNISH = ("n", "vn", "an", "j", "nz", "ng", "b", "l", "nt", "ns", "nr", "nrt", "nrfg", "s", "eng")
_STOP_FLAGS = frozenset("x m q p c u r d t f y e o z mq uj ul ud uz ug uv".split())
LINK_WORDS = frozenset(
    "累计 共 共计 总计 合计 达 达到 为 是 有 提升 提升至 上升 上升至 下降 降至 升至 增长 增加 减少 超过 历时 用 "
    "涌现 涌现出 出 突破 实现 完成 推动 带动 获得 建立 建成 打造 设立 成立 收集 收集了 开展 组织 举办 参加 参与 "
    "覆盖 惠及 吸引 安置 共有 拥有 募集 筹集 筹得 捐出 捐赠 资助 达成 已 了 至 约".split()
)
_CHANGE_WORDS = ("增长", "提升", "上升", "下降", "减少", "增加", "降低", "提高")
_MAX_ABOUT = 12
_BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)")
_CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff"
_UNIT_SET = frozenset(COUNT_UNITS)


def _flag_ok(flag: str, allowed: tuple[str, ...]) -> bool:
    return flag in allowed or (flag.startswith("n") and "n" in allowed)


def _about_after(rest: str) -> str:
    """Noun phrase right after the unit: '147个参赛作品' -> '参赛作品', '3轮评比' -> '评比'.

    Verbs may sit inside the phrase (jieba tags 搬迁 or 评比 as verbs) but the phrase must end on a noun,
    or be a lone verb naming the activity.
    """
    out: list[tuple[str, str]] = []
    in_quote = False
    for word, flag in pos_tokens(rest[:24]):
        if word in "“‘":
            in_quote = True
            out.append((word, "n"))
            continue
        if in_quote:
            out.append((word, "n"))
            in_quote = word not in "”’"
            continue
        if not word.strip():
            if out:
                break
            continue
        if not out and word in ("共", "各", "等", "的"):
            continue
        nounish = _flag_ok(flag, _NOUNISH) or flag in ("a", "v") or (word == "的" and out)
        if not nounish or (flag == "v" and word in LINK_WORDS) or len(out) >= 5:
            break
        out.append((word, flag))
    while out and not _flag_ok(out[-1][1], _NOUNISH) and len(out) > 1:
        out.pop()
    if not out or (out[-1][1] in ("a", "uj") or out[-1][0] == "的"):
        return ""
    return "".join(w for w, _ in out)[:_MAX_ABOUT]


def _about_before(head: str) -> str:
    """What precedes the number in its sub-clause: '开展电工培训33次' -> '电工培训'."""
    toks = [(w, f) for w, f in pos_tokens(head) if w.strip()]
    change = ""
    while toks and (toks[-1][0] in LINK_WORDS or toks[-1][1] in _STOP_FLAGS or toks[-1][0] in _UNIT_SET):
        if toks[-1][0] in _CHANGE_WORDS:
            change = toks[-1][0]
        toks.pop()
    run: list[str] = []
    while toks and len(run) < 3:
        w, f = toks[-1]
        if (
            w in LINK_WORDS
            or f in _STOP_FLAGS
            or not (_flag_ok(f, _NOUNISH) or f.startswith("v") or f == "a")
        ):
            break
        run.insert(0, w)
        toks.pop()
    phrase = "".join(run) + change
    if len(phrase) > _MAX_ABOUT:
        phrase = phrase[-_MAX_ABOUT:]
    return phrase


def _about(text: str, span: _Span) -> str:
    s, e = _clause_bounds(text, span.num_start, SUBCLAUSE_BREAKS)
    # asides in brackets ("认捐单位（个人）捐出", "区（县）工会") are not what is counted
    head = _BRACKETED.sub("", text[s : span.start])
    rest = _BRACKETED.sub("", text[span.end : e])
    # counts of events/people-times and rates usually name the activity before the number
    before_first = span.unit.endswith(("次", "%", "％", "百分点")) or span.qualifier in TRAIL_QUALIFIERS
    tries = [(_about_before, head), (_about_after, rest)]
    for fn, part in tries if before_first else tries[::-1]:
        got = fn(part)
        if got:
            return got
    return _about_fallback(head, rest)


def _about_fallback(head: str, rest: str) -> str:
    """No noun phrase found: the words right after the quantity, else right before it."""
    after = re.match(rf"[共各约的]?([{_CJK_CHARS}“”]{{2,8}})", rest.strip())
    if after:
        return after.group(1)
    before = re.findall(rf"[{_CJK_CHARS}]+", head)
    return before[-1][-8:] if before else ""


# ---------------------------------------------------------------------------------------------


def extract_figures(text: str, chinese_numerals: bool = True) -> list[KeyFigure]:
    """Every quantity stated in text, in reading order, one KeyFigure per distinct quantity.

    chinese_numerals: also report confident Chinese-numeral quantities ("两部", "近百万元").
    """
    spans = _arabic_spans(text)
    if chinese_numerals:
        spans += _chinese_spans(text, [(s.start, s.end) for s in spans])
    spans.sort(key=lambda s: s.num_start)
    figures: list[KeyFigure] = []
    seen: set[tuple[float, str, str]] = set()
    for span in spans:
        fig = KeyFigure(
            value=span.value,
            unit=span.unit,
            qualifier=span.qualifier,
            about=_about(text, span),
            quote=_quote(text, span),
        )
        key = (fig.scaled_value, fig.base_unit, fig.qualifier)
        if key in seen or not fig.quote:
            continue
        seen.add(key)
        figures.append(fig)
    return figures
