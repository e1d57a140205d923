"""The fixed shapes of a Chinese news page's bylines and credits, as regular expressions.

Newspapers write who made an article in a few formulas that are part of the language of the trade,
not of any one paper: a source name ending in 讯 ("本报讯", "<网站>讯", "<网站><地>站<日期>讯") or
an agency, place and date ending in 电 ("<通讯社><地><月><日>电") opens the first paragraph, often
followed by the writers in brackets ("（记者… 通讯员…）") or by "记者… 通讯员…报道"; a byline of its
own is roles and names ("本报记者 某某 本报通讯员 某某"), or a name after a box mark ("□某某",
"■本报记者 某某") or "文/"; a credit closes the article: names in brackets ("（某某 某某）") or a photo
credit ("某某 摄", "某某、某某 摄影报道", "某某 摄/<图片社>"). Only these shapes are written here:
role words, marks and the kinds of media names (…报, …网, …社, …台, …站, …端, …在线), never a name.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Role words of the trade: who a byline names ("本报驻京记者", "特约记者", "实习生", "评论员").
ROLE = (
    r"(?:(?:本\s*报|本\s*刊|本\s*台|本\s*网)(?:驻[\u4e00-\u9fff]{1,3})?\s*)?"
    r"(?:特约|实习|见习|首席|特派|全媒体|融媒体|摄影)?(?:记者|通讯员|评论员|撰稿人?)|实习生"
)
# A person's name: 2-4 Chinese characters, or a transliterated name joined by "·".
NAME = r"[\u4e00-\u9fff]{2,4}(?:[·•][\u4e00-\u9fff]{1,6})*"
NAMES = rf"{NAME}(?:\s*、\s*{NAME}|\s+{NAME})*"
# One or more "role names" parts: "记者 方明 实习生 夏雨晴".
_CREW = rf"(?:(?:{ROLE})\s*{NAMES}\s*)"
CREW = rf"{_CREW}(?:\s*{_CREW})*"
# Box marks typeset before a byline of its own line ("□刘某", "■本报记者 刘某").
MARKS = "□■◆◇●○▲△▼▽★☆◎"
CLOSING_MARKS = "■◆●▲▼★"  # filled
OPENING_MARKS = "□◇○△▽☆◎"  # open
# Kinds of media names a "…讯" source ends with: 报 (papers), 网, 社, 台, 站, 端 (客户端), 刊, 号, 闻.
MEDIA_END = "报网社台站端刊号闻"
# Two-character kinds of media names: 在线 (…在线讯), 传媒, 融媒, 频道, 之声.
MEDIA_END_WORDS = ("在线", "传媒", "融媒", "频道", "之声")
# Sentence punctuation never found inside a byline's brackets.
_NO_SENTENCE = r"[^（()）\n。，；！？,;!?]"

# "<source>讯": 本报讯, a media name, or a station with a date ("红网某地站12月5日讯"); never "…通讯员".
_XUN = r"(?P<src>本\s*报|[\u4e00-\u9fffA-Za-z0-9]{2,16}?)\s*讯(?!员|息|号)"
# "<agency><place><month><day>电", or "<agency>电" for a bare agency ("新华社电").
_DIAN = (
    r"(?P<dsrc>[\u4e00-\u9fffA-Za-z]{2,14}?)\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*电"
    r"|(?:据\s*)?[\u4e00-\u9fff]{1,6}社\s*电"
)
_BRACKET = rf"[（(]{_NO_SENTENCE}{{1,50}}[）)]"
# What may follow the source: writers in brackets, "记者… 通讯员…报道", or "记者… " before the text.
LEAD_BYLINE_RE = re.compile(
    rf"^(?:{_XUN}|{_DIAN})(?P<tail>\s*{_BRACKET}|\s*{CREW}\s*报道|\s*{CREW}(?=\s)|\s*(?=[（(]))?"
)
_DATE_IN = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日")


@lru_cache(maxsize=16384)
def lead_byline(text: str) -> int:
    """Length of the lead byline that opens `text` ("本报讯 （记者某某）…"), 0 when there is none.

    A bare source ("某某网讯" with nothing after it) counts only when it reads as a media name (ends
    in 报/网/社/台/站/端/刊/号/闻 or 在线/传媒/融媒/频道/之声) or carries a date, so "喜讯传来" stays a sentence.
    """
    m = LEAD_BYLINE_RE.match(text)
    if not m:
        return 0
    src = m.group("src")
    tail = m.group("tail") or ""
    if src is not None and not tail.strip():
        bare = re.sub(r"\s", "", src)
        if bare != "本报" and not (bare[-1] in MEDIA_END or bare.endswith(MEDIA_END_WORDS) or _DATE_IN.search(bare)):
            return 0
    if tail and not tail.strip():  # only the spaces before a bracket that did not close
        return m.start("tail")
    return m.end()


# A byline on its own line: roles and names, or a mark / "文/" before names.
_OWN_BYLINE_RE = re.compile(
    rf"^(?P<mark>[{MARKS}]\s*)?(?P<by>(?:文|图|文图|图文)?\s*[/／|丨]\s*)?"
    rf"(?:{CREW}|(?P<bare>{NAMES}))\s*$"
)


@lru_cache(maxsize=16384)
def own_line_byline(text: str) -> bool:
    """A whole line that is a byline: "本报记者 某某 本报通讯员 某某", "□某某", "■本报记者 某某", "文/某某".

    Bare names without a role, a mark or "文/" are not enough (a short headline looks the same);
    a photo credit ("… 摄", "… 摄影报道", "… 摄/<agency>") is a credit, not a byline.
    """
    m = _OWN_BYLINE_RE.match(text)
    if not m or "摄" in text and is_photo_credit(text):
        return False
    return m.group("bare") is None or bool(m.group("mark") or m.group("by"))


# Credits. "（某某 某某）", "（记者 某某）", "（据某某社）" after the last sentence or on their own line.
PAREN_CREDIT = rf"[（(]\s*(?:{CREW}|{NAMES}|据\s*[\u4e00-\u9fff]{{2,10}})\s*[）)]"
# Photo credits: "某某 摄", "本报通讯员 某某 摄", "某某、某某 摄影报道", "某某 摄/<图片社>".
_PHOTO_BY = rf"(?:{CREW}|{NAMES}\s+|{NAMES}(?=\s*摄影报道))"
PHOTO_CREDIT = rf"{_PHOTO_BY}\s*摄(?:影报道|影)?(?:\s*[/／]\s*[\u4e00-\u9fffA-Za-z]{{2,10}})?"
CREDIT = rf"(?:{PAREN_CREDIT}|{PHOTO_CREDIT})"
CREDIT_LINE_RE = re.compile(rf"^\s*(?P<credit>{CREDIT})\s*$")
# After the sentence it closes (a closing mark, then maybe a space): "…维护。 （刘珊 游训利）".
CREDIT_SUFFIX_RE = re.compile(rf"(?<=[。！？!?…”’」』）)])\s*(?P<credit>{CREDIT})\s*$")
PHOTO_RE = re.compile(r"摄(?:影报道|影)?(?:\s*[/／]\s*[\u4e00-\u9fffA-Za-z]{2,10})?\s*$")
# The start of a credit the line break cut: "…活动。（王某平 王" or "…休息。 赵宏".
CREDIT_START_RE = re.compile(
    rf"(?<=[。！？!?…”’」』）)])\s*(?P<start>[（(][\s\u4e00-\u9fff、·]{{0,30}}|(?:{ROLE})?\s*[\u4e00-\u9fff、\s·]{{1,24}})$"
)


@lru_cache(maxsize=16384)
def is_photo_credit(credit: str) -> bool:
    """A photo credit ends in 摄 / 摄影 / 摄影报道, maybe followed by "/<图片社>"."""
    return bool(PHOTO_RE.search(credit))


@lru_cache(maxsize=16384)
def credit_line(text: str) -> bool:
    return bool(CREDIT_LINE_RE.match(text))
