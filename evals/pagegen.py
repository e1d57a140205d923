"""Generate evals/datasets/news_pages_<half>.vN.json: news items laid out as extracted newspaper pages.

Why: a segmenter tuned on one page fits that page. This lays the hand-written news items
(evals/items/news.<half>.json) into pages the way a PDF text extractor leaves them, with every
layout hazard of issue 10 chosen per article and mixed on one page:

* headlines before or after their bodies (both on one page); kicker / title / subtitle; a title
  split over two lines; letter-spaced titles; subtitles with or without a leading "——";
* lead bylines in many forms (本报讯 （记者…）, 本报讯 通讯员…报道, <source>讯, <source>讯（…）,
  <station><date>讯（…）, <agency><place><date>电（…）), flowing with the first paragraph and so
  wrapped with it; bylines on their own line above the body (□ marks, 本报记者 …) or after it (■);
* credits: （姓名 姓名） after the last sentence, on their own line, or wrapped across a line break;
  photo credits (某某 摄, 摄影报道, 摄/<agency>, roles and several names) on their own line or
  after a caption ("图为…。 某某 摄") on the same line;
* page furniture: a running header (<paper> · 第N版 · <section>), a date line, a footer (本版编辑 …);
* wrap widths 12-42 per article, by character count (fixed pitch) or by printed width (CJK 1 em,
  Latin/digits 1/2 em); paragraph indents or none; blank lines everywhere, nowhere or at random;
  stray spaces around numbers; CRLF line ends.

Every template, source name, paper name and editor name lives here, in the eval code, never in the
segmenter. Name pools are split by half (a held page never shows a paper, source or agency name a tune
page shows), so the held-apart half also measures names the segmenter was never tuned on.

Gold per page is the seed gold's shape: per article title, kicker, subtitle, byline, credit, kind,
first_chars, last_chars, plus `classes` (the hazards this article carries, for the per-class report),
the item's figures and questions; per page `meta` (the furniture lines as printed).

Deterministic: `python -m summarizer.evals.pagegen` rewrites every file byte for byte the same
(random.Random seeded by strings; no hash()-dependent order). A released version is never changed.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .split import later_sets

ROOT = Path(__file__).resolve().parent.parent
ITEMS_DIR = Path(__file__).resolve().parent / "items"
OUT_DIR = Path(__file__).resolve().parent / "datasets"
HALVES = ("tune", "held")
# The later sets (evals/split.py) are laid out where their items file exists, each with a name pool of
# its own.
VERSIONS = (1,)
PASSES = 8  # each half is laid out this many times, with other layout seeds
ARTICLES_PER_PAGE = (8, 14)
FIRST_CHARS = 16

# ---------------------------------------------------------------------------------------------
# Generator data: templates and names (per half where they are names)

PAPERS = {
    "tune": ["工人日报", "劳动报", "职工日报", "工运时报"],
    "held": ["劳动者报", "工会周刊", "职工生活报", "产业工人报"],
    "fresh": ["建设者报", "工友时报", "新职工报", "劳动观察报"],
    "fresh2": ["城市工人报", "职工之友报", "匠心周报", "新劳动报"],
    "fresh3": ["劳模周报", "技工日报", "新工人报", "职工视界报"],
    "fresh4": ["蓝领时报", "工匠周刊", "职工晨报", "劳动者之声报"],
    "fresh5": ["职工参考报", "劳动周刊", "工会信息报", "建工时报"],
    "fresh6": ["工人参考", "职工周报", "劳动先锋报", "匠人日报"],
    "fresh7": ["职工导报", "劳动时讯", "工友周报", "技能天地报"],
    "fresh8": ["工人导刊", "劳动天地报", "职工风采报", "技工周刊"],
    "fresh9": ["职工新报", "劳动者周刊", "工友导报", "匠心时报"],
    "fresh10": ["工人周讯", "劳动新闻报", "职工时讯报", "工匠导报"],
    "fresh11": ["工人时报", "劳动者日报", "职工导刊", "匠心日报"],
}
SECTIONS = {
    "tune": ["新闻", "要闻", "综合", "民生", "工会"],
    "held": ["时事", "经济", "社会", "基层", "维权"],
    "fresh": ["城乡", "权益", "就业", "文体", "观察"],
    "fresh2": ["关注", "区域", "视点", "服务", "专题"],
    "fresh3": ["动态", "社区", "纵深", "一线", "速递"],
    "fresh4": ["今日", "民声", "聚焦基层", "产业", "法治"],
    "fresh5": ["要情", "暖闻", "声音", "视窗", "经济观察"],
    "fresh6": ["头条", "社会观察", "基层动态", "权益周刊", "文化"],
    "fresh7": ["要闻速览", "民生关注", "产业一线", "维权服务", "文化生活"],
    "fresh8": ["本地新闻", "职工天地", "权益在线", "产业观察", "生活服务"],
    "fresh9": ["城市新闻", "一线故事", "维权在线", "职场观察", "工会动态"],
    "fresh10": ["地方新闻", "行业观察", "职工之家", "民生服务", "要闻综述"],
    "fresh11": ["今日关注", "基层一线", "权益观察", "职工生活", "综合新闻"],
}
SOURCES = {  # "<source>讯"
    "tune": ["中工网", "京华时报", "深圳晚报", "北青网", "齐鲁网", "东方网"],
    "held": ["楚天都市报", "央广网", "扬子晚报", "华商网", "南方网", "大河报"],
    "fresh": ["潇湘晨报", "钱江晚报", "海峡网", "燕赵都市报", "天山网", "黔讯网"],
    "fresh2": ["新京报网", "长沙晚报", "封面新闻", "上游新闻", "南国早报", "华西都市报"],
    "fresh3": ["齐鲁晚报", "新民网", "半岛都市报", "羊城网", "荔枝新闻", "大众日报"],
    "fresh4": ["北国网", "东南快报", "三湘都市报", "西安晚报", "金陵晚报", "海南网"],
    "fresh5": ["北方网", "豫风网", "华龙网", "东北新闻网", "新疆网", "闽东日报"],
    "fresh6": ["星城网", "滨海网", "锦江网", "塞北网", "徽风网", "岭南网"],
    "fresh7": ["云岭网", "龙江网", "陇原网", "八桂网", "天府网", "赣南网"],
    "fresh8": ["三晋网", "齐鲁在线", "东海网", "中原网", "太行网", "江海网"],
    "fresh9": ["荆楚在线", "巴蜀网", "南粤网", "八闽网", "潇湘网", "浙东网"],
    "fresh10": ["彩云网", "北部湾网", "秦风网", "吴越网", "黑土网", "辽沈网"],
    "fresh11": ["太湖网", "洞庭网", "漓江网", "钱塘网", "峨眉网", "天山在线"],
}
STATIONS = {  # "<station><place>站<M>月<D>日讯"
    "tune": ["红网", "荆楚网"],
    "held": ["大众网", "胶东网"],
    "fresh": ["闽南网", "红星网"],
    "fresh2": ["东北网", "西部网"],
    "fresh3": ["中安网", "南海网"],
    "fresh4": ["黄河网", "沃土网"],
    "fresh5": ["江淮网", "赣鄱网"],
    "fresh6": ["湘江网", "海河网"],
    "fresh7": ["珠江网", "燕山网"],
    "fresh8": ["渤海网", "嵩山网"],
    "fresh9": ["长江网", "珠江在线"],
    "fresh10": ["滇池网", "松花江网"],
    "fresh11": ["岷江网", "湘西网"],
}
AGENCIES = {  # "<agency><place><M>月<D>日电"
    "tune": ["新华社", "本报", "中新社"],
    "held": ["人民网", "本报", "央视网"],
    "fresh": ["光明网", "本报", "中国网"],
    "fresh2": ["央视新闻", "本报", "经济网"],
    "fresh3": ["中青网", "本报", "工人网"],
    "fresh4": ["中国新闻网", "本报", "劳动网"],
    "fresh5": ["中国日报网", "本报", "工友网"],
    "fresh6": ["中国经济网", "本报", "劳动者网"],
    "fresh7": ["中国青年网", "本报", "劳动报网"],
    "fresh8": ["中国工会网", "本报", "劳动观察网"],
    "fresh9": ["中国职工网", "本报", "工人在线"],
    "fresh10": ["中国劳动网", "本报", "职工在线"],
    "fresh11": ["中国技工网", "本报", "劳动在线"],
}
PHOTO_AGENCIES = {  # "某某 摄/<agency>"
    "tune": ["中新社", "新华社", "视觉中国"],
    "held": ["人民图片", "东方IC", "图虫创意"],
    "fresh": ["新华图片", "中新图片", "人民视觉"],
    "fresh2": ["新京报图片", "澎湃影像", "视界网"],
    "fresh3": ["工人图片", "影像中国", "图说网"],
    "fresh4": ["蓝领影像", "新闻图库", "纪实图片"],
    "fresh5": ["中工图片", "东方视觉", "纪实影像"],
    "fresh6": ["一线影像", "工友图库", "城市视觉"],
    "fresh7": ["劳动影像", "基层图片", "工人视界"],
    "fresh8": ["职工影像", "一线图库", "劳动视界"],
    "fresh9": ["工会影像", "职工图库", "一线视觉"],
    "fresh10": ["匠心影像", "劳动者图库", "职工视界"],
    "fresh11": ["工匠影像", "职工图片", "蓝领视界"],
}
SURNAMES = {
    "tune": "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗",
    "held": "梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕",
    "fresh": "蒋蔡贾丁魏薛叶阎潘杜戴夏钟汪田任姜范方石",
    "fresh2": "卢黎陆崔廖熊毛邱江史顾侯邵孟龙段雷汤易常",
    "fresh3": "武乔贺赖龚庞樊殷施洪翟颜倪牛温芦覃符莫柯",
    "fresh4": "白包单岳季康廉鲁聂苗祝阮闫甘屈欧伍仇饶鲍",
    "fresh5": "万尤姚邢滕毕郝邬安乐时皮卞齐伏成谈管封储",
    "fresh6": "闵宁桂池凌翁靳詹蒲甄卓邝鞠阚柴宫冉宿边缪",
    "fresh7": "晏查钮宦艾荣仲郦厉敖冀郁佘蔺戚寇隗茅谷",
    "fresh8": "左褚韦昌苏葛奚郎凤俞柳费岑卜穆尹湛狄米",
    "fresh9": "禹贝臧计纪舒项蓝席麻强路危童梅盛刁骆虞",
    "fresh10": "籍权逯盖益桓晋汝鄢涂钦栾车冷宗相隆归燕",
    "fresh11": "焦蒙尚巫祁邸揭郜屠井党霍蓬鄂戈房解辛卫景",
}
GIVEN = {
    "tune": "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂",
    "held": "英华慧建国玲峰红斌波宁鹏春琳飞燕斌海志辉俊瑶",
    "fresh": "晨阳雯凯琦欣悦浩宇婷嘉诚瑞然晓颖卓航璐睿",
    "fresh2": "岩毅蕾薇璇淼昊骏翔坤莉萍琪丹倩亮彬健蓉霖",
    "fresh3": "帆旭鸣茜露珊博锐晖岚钧澜彦湘韬妍昕铭芸琛",
    "fresh4": "柔菲蓓曼璟祺翊珂瀚煜晟昱炜泓熙瑾琰岑朗沛砚",
    "fresh5": "筱黛婉娴雅淑诗琴悠月歆宸霏澄沐桐柠萱芷汐钰",
    "fresh6": "骁梵霆曦皓岱霁蔚苒潇楷烁珩禾茉芮溪洛璞琨",
    "fresh7": "砺嵘钊湛朔霈瑜泽楠骞峥皎翎澈岷璠珏昶滢",
    "fresh8": "谦远舟杉松柏雪川涵韵芊蕙菁苓芹筠珺琬琼",
    "fresh9": "晗昭曜晞晴暖曙晔焕烨熠灿炫铎锋镇镕锦鑫",
    "fresh10": "怡婕惠蕊萌媛妮晶莹玥蔓娅臻弘毓懿昀奕骐麟",
    "fresh11": "达福祥和顺荷兰菊竹佳卉颂遥翰墨逸骋飏瑭瑗",
}
WEEKDAYS = "一二三四五六日"

# Failure classes (issue 10) and layout tags an article may carry; the report breaks scores down by them.
CLASSES = (
    "head_before",
    "head_after",
    "mixed_page",
    "kicker",
    "subtitle",
    "split_title",
    "letter_spaced",
    "question_title",
    "lead_byline",
    "own_byline_above",
    "own_byline_after",
    "paren_credit",
    "wrapped_credit",
    "photo_credit",
    "caption_credit",
    "furniture_edge",
    "narrow",
    "wide",
    "measure_em",
    "measure_cells",
    "no_blank_lines",
    "spaced_numbers",
    "crlf",
)
NO_LINE_START = "，。、；：？！”’）》」』"
_ARABIC_FIGURE = re.compile(r"^[近逾约超]?[0-9０-９]")


@dataclass
class Pools:
    """The names one half draws from."""

    half: str
    papers: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    stations: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    photo_agencies: list[str] = field(default_factory=list)
    surnames: str = ""
    given: str = ""

    @classmethod
    def of(cls, half: str) -> Pools:
        return cls(
            half,
            PAPERS[half],
            SECTIONS[half],
            SOURCES[half],
            STATIONS[half],
            AGENCIES[half],
            PHOTO_AGENCIES[half],
            SURNAMES[half],
            GIVEN[half],
        )

    def person(self, rng: random.Random) -> str:
        return rng.choice(self.surnames) + "".join(rng.choice(self.given) for _ in range(rng.choice((1, 2))))


# ---------------------------------------------------------------------------------------------
# Measures and wrapping


def em(s: str) -> float:
    """Printed width: CJK and full-width punctuation 1 em, ASCII (digits, Latin, spaces) 1/2."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in s)


def cells(s: str) -> float:
    """Fixed-pitch width: one cell per character."""
    return float(len(s))


def wrap(text: str, width: float, first: float, measure: str, break_numbers: bool) -> list[str]:
    """Greedy hard wrap like an extractor: lines of at most `width` (the first at most `first`) in the
    page's measure; closing punctuation never starts a line (it hangs on the line before); with
    `break_numbers` False an ASCII run (a number, a Latin word) is never broken."""
    size = em if measure == "em" else cells
    units = re.findall(r"[A-Za-z0-9.%+]+|.", text, flags=re.S) if not break_numbers else list(text)
    lines: list[str] = []
    cur, cur_w, limit = "", 0.0, first
    for u in units:
        w = size(u)
        hangs = len(u) == 1 and u in NO_LINE_START
        if cur and cur_w + w > limit and not hangs:
            lines.append(cur)
            cur, cur_w, limit = "", 0.0, width
        cur += u
        cur_w += w
    if cur:
        lines.append(cur)
    out = [ln.strip() for ln in lines]
    return [ln for ln in out if ln]


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def sprinkle_spaces(text: str, rng: random.Random, rate: float) -> str:
    """Stray spaces an extractor leaves around numbers ("历时 4个月", "5.89 万家")."""
    if not rate:
        return text
    out: list[str] = []
    pos = 0
    for m in _NUMBER.finditer(text):
        out.append(text[pos : m.start()])
        before = " " if rng.random() < rate else ""
        after = " " if rng.random() < rate else ""
        out.append(before + m.group(0) + after)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def letter_space(s: str) -> str:
    """ "赛 场 秀 “ 技 ”": a letter-spaced headline as extracted (ASCII runs kept whole; a word
    space becomes a wider gap, two spaces)."""
    return "  ".join(" ".join(re.findall(r"[A-Za-z0-9.%+]+|\S", w)) for w in s.split())


# ---------------------------------------------------------------------------------------------
# Bylines and credits (templates)


def _md(date: str) -> tuple[int, int]:
    y, m, d = (int(x) for x in date.split("-"))
    return m, d


def _names(names: list[str], rng: random.Random) -> str:
    return rng.choice(("、", " ")).join(names)


def _roles(item: dict[str, Any], rng: random.Random, spaced: bool) -> str:
    """ "记者王海涛 通讯员李明、张强" from the item's people (spaced: "记者 王海涛 …")."""
    sep = " " if spaced else ""
    parts = []
    for role, key in (("记者", "reporters"), ("实习生", "interns"), ("通讯员", "correspondents")):
        if item[key]:
            r = "特约记者" if role == "记者" and rng.random() < 0.15 else role
            parts.append(f"{r}{sep}{_names(item[key], rng)}")
    return " ".join(parts)


def lead_byline(item: dict[str, Any], rng: random.Random, pools: Pools) -> tuple[str, str] | None:
    """A byline that opens the first paragraph and flows with it: (printed byline, form)."""
    people = bool(item["reporters"] or item["correspondents"] or item["interns"])
    m, d = _md(item["date"])
    sp = rng.choice(("", " "))
    forms = ["source_bare"]
    if people:
        forms += ["benbao_paren", "benbao_paren", "benbao_report", "source_paren", "station", "dateline"]
    form = rng.choice(forms)
    roles = _roles(item, rng, spaced=rng.random() < 0.4)
    if form == "benbao_paren":
        return f"本报讯{sp}（{roles}）", form
    if form == "benbao_report":
        return f"本报讯 {_roles(item, rng, spaced=False)}报道", form
    if form == "source_paren":
        return f"{rng.choice(pools.sources)}讯{sp}（{roles}）", form
    if form == "station":
        return f"{rng.choice(pools.stations)}{item['place']}站{m}月{d}日讯{sp}（{roles}）", form
    if form == "dateline":
        return f"{rng.choice(pools.agencies)}{item['place']}{m}月{d}日电{sp}（{roles}）", form
    return f"{rng.choice(pools.sources)}讯", form


def lead_separator(form: str, rng: random.Random) -> str:
    """What stands between a lead byline and the first sentence: nothing or a space (never a space
    after a closing bracket, as typeset)."""
    return rng.choice(("", " ")) if form in ("benbao_report", "source_bare") else ""


def own_byline(item: dict[str, Any], rng: random.Random, above: bool, narrow: bool) -> str | None:
    """A byline on its own line: "本报记者 某某 本报通讯员 某某" or "□某某" above the body, "■本报记者 某某"
    after it (the issue's convention: an open box opens, a filled box closes)."""
    if item["author"]:
        return rng.choice(("□", "□", "文/")) + item["author"] if above else "■" + item["author"]
    if not item["reporters"] and not item["correspondents"]:
        return None
    mark = rng.choice(("□", "")) if above else "■"
    parts = []
    if item["reporters"]:
        parts.append("本报记者 " + " ".join(item["reporters"]))
    if item["correspondents"] and not narrow:
        parts.append("本报通讯员 " + " ".join(item["correspondents"]))
    if not parts:
        return None
    if narrow:
        parts = parts[:1]
    return mark + " ".join(parts)


def paren_credit(item: dict[str, Any], rng: random.Random, pools: Pools) -> str:
    """ "（刘珊 游训利）": the writers of a short item, after its last sentence."""
    names = (
        item["correspondents"] or item["reporters"] or [pools.person(rng) for _ in range(rng.choice((1, 2)))]
    )
    return f"（{_names(names, rng)}）"


def photo_credit(item: dict[str, Any], rng: random.Random, pools: Pools) -> tuple[str, str]:
    """A photo credit: "某某 摄", "某某、某某 摄影报道", roles and names, "某某 摄/<agency>"."""
    ph = item["photographers"] or [pools.person(rng)]
    form = rng.choice(("plain", "plain", "report", "roles", "agency", "benbao"))
    if form == "report":
        return f"{_names(ph, rng)} 摄影报道", form
    if form == "roles":
        if len(ph) >= 2:
            return f"通讯员{ph[0]} 记者{ph[1]} 摄影报道", form
        return f"本报特约记者 {ph[0]} 本报通讯员 {pools.person(rng)} {pools.person(rng)} 摄", form
    if form == "agency":
        return f"{ph[0]} 摄/{rng.choice(pools.photo_agencies)}", form
    if form == "benbao":
        return f"本报{rng.choice(('记者', '通讯员'))} {' '.join(ph)} 摄", form
    return f"{' '.join(ph)} 摄", form


# ---------------------------------------------------------------------------------------------
# Furniture


def furniture(rng: random.Random, pools: Pools, date: str) -> tuple[list[str], list[str]]:
    """Running header lines (paper, 版次, section, date) and footer lines (editors), as printed."""
    y, m, d = (int(x) for x in date.split("-"))
    paper, section = rng.choice(pools.papers), rng.choice(pools.sections)
    n = rng.randint(1, 12)
    wd = WEEKDAYS[rng.randrange(7)]
    date_line = f"{y}年{m}月{d}日 星期{wd}"
    header: list[str] = []
    form = rng.choice(("dots", "dots_date", "date_first", "spaced", "none"))
    if form == "dots":
        header = [f"{paper} · 第{n}版 · {section}"]
    elif form == "dots_date":
        header = [f"{paper} · 第{n}版 · {section}", date_line]
    elif form == "date_first":
        header = [date_line, f"第{n}版 {section}"]
    elif form == "spaced":
        header = [f"{paper}　{date_line}　第{n}版"]
    footer: list[str] = []
    form = rng.choice(("editor", "editor_colon", "two", "none"))
    if form == "editor":
        footer = [f"本版编辑 {pools.person(rng)}"]
    elif form == "editor_colon":
        footer = [f"责任编辑：{pools.person(rng)}"]
    elif form == "two":
        footer = [f"本版编辑：{pools.person(rng)}  美术编辑：{pools.person(rng)}"]
    return header, footer


# ---------------------------------------------------------------------------------------------
# One article


@dataclass
class PageStyle:
    measure: str  # "em" or "cells"
    blank: str  # "all", "none", "random"
    eol: str
    space_rate: float
    break_numbers: bool
    indent: str  # "none", "ideographic", "ascii"
    order: str  # "before", "after", "mixed"
    one_width: int | None  # one column width for the page, or None for one per article


def split_title(title: str, rng: random.Random) -> tuple[str, str] | None:
    """A title broken over two lines near the middle of its longest space-free part (never at its own space:
    "一副春联 一路平安" on two lines reads as title and subtitle to anyone)."""
    parts = title.split(" ")
    longest = max(range(len(parts)), key=lambda i: len(parts[i]))
    p = parts[longest]
    if len(p) < 6:
        return None
    cut = rng.randint(round(len(p) * 0.4), round(len(p) * 0.6))  # headlines are set in balanced lines
    if p[cut] in NO_LINE_START or p[cut - 1] in "“‘《（":
        return None
    first = " ".join(parts[:longest] + [p[:cut]])
    second = " ".join([p[cut:]] + parts[longest + 1 :])
    return first, second


def lay_article(
    item: dict[str, Any],
    rng: random.Random,
    pools: Pools,
    style: PageStyle,
    before: bool,
    force: dict[str, Any] | None = None,
) -> tuple[list[str], list[str], dict[str, Any]]:
    """The lines of one article, what each line is (head, body, byline, credit) and its gold.

    `force` overrides choices for tests of one hazard: width (int), split (bool: title over two
    lines), spaced (bool: letter-spaced title), byline ("lead", "above", "after", "none"), credit
    ("none", "inline", "own", "wrapped", "caption"). The random draws are the same with or without
    it, so the datasets do not depend on it."""
    force = force or {}
    classes: list[str] = ["head_before" if before else "head_after"]
    photo = item["kind"] == "photo"
    width = style.one_width or rng.randint(12, 42)
    width = force.get("width", width)
    narrow = width <= 18

    # Headline group.
    title = item["title"]
    title_lines = [title]
    split = rng.random() < 0.12
    halves = split_title(title, rng) if force.get("split", split) else None
    spaced = rng.random() < 0.2 if not halves and len(title) <= 12 else False
    if halves:
        title_lines = list(halves)
        classes.append("split_title")
    elif len(title) <= 12 and force.get("spaced", spaced):
        title_lines = [letter_space(title)]
        classes.append("letter_spaced")
    if title.rstrip("”’）").endswith(("？", "！", "?", "!")):
        classes.append("question_title")
    head: list[str] = []
    if item["kicker"]:
        head.append(item["kicker"])
        classes.append("kicker")
    head += title_lines
    if item["subtitle"]:
        head.append(("——" if rng.random() < 0.3 else "") + item["subtitle"])
        classes.append("subtitle")

    # Byline.
    byline = ""
    lead = ""
    lead_sep = ""
    above: str | None = None
    after: str | None = None
    if not photo:
        choice = rng.random()
        choice = {"lead": 0.0, "above": 0.5, "after": 0.65, "none": 0.99}.get(force.get("byline", ""), choice)
        if item["author"]:
            if choice < 0.7:
                above = own_byline(item, rng, True, narrow)
            else:
                after = own_byline(item, rng, False, narrow)
        elif choice < 0.45:
            made = lead_byline(item, rng, pools)
            if made:
                lead = made[0]
                lead_sep = lead_separator(made[1], rng)
        elif choice < 0.6:
            above = own_byline(item, rng, True, narrow)
        elif choice < 0.7:
            after = own_byline(item, rng, False, narrow)
    if lead:
        byline = lead
        classes.append("lead_byline")
    elif above:
        byline = above
        classes.append("own_byline_above")
    elif after:
        byline = after
        classes.append("own_byline_after")

    # Credit.
    credit = ""
    credit_mode = "none"  # inline | own | wrapped | caption
    wanted = force.get("credit")
    if photo:
        credit, _ = photo_credit(item, rng, pools)
        caption = item["paragraphs"][-1].rstrip().endswith("。") and "图为" in item["paragraphs"][-1]
        credit_mode = "caption" if caption and rng.random() < 0.6 else rng.choice(("own", "inline"))
        if wanted in ("own", "inline") or (wanted == "caption" and caption):
            credit_mode = wanted
        classes.append("caption_credit" if credit_mode == "caption" else "photo_credit")
    elif not byline and (rng.random() < 0.85 or wanted not in (None, "none")) and wanted != "none":
        credit = paren_credit(item, rng, pools)
        credit_mode = rng.choice(("inline", "inline", "own", "wrapped", "wrapped"))
        if wanted in ("inline", "own", "wrapped"):
            credit_mode = wanted
        classes.append("paren_credit")

    # Body.
    paras = [sprinkle_spaces(p, rng, style.space_rate) for p in item["paragraphs"]]
    indent = {"none": "", "ideographic": "\u3000\u3000", "ascii": "  "}[style.indent]
    size = em if style.measure == "em" else cells
    ind_w = size(indent)
    tried = [width] + ([] if style.one_width else rng.sample(range(12, 43), 31))

    def last_lines(w: int, tail: str) -> list[str]:
        first = w if len(paras) == 1 and lead else w - ind_w
        return wrap(paras[-1] + tail, w, first, style.measure, style.break_numbers)

    if credit_mode == "wrapped":
        # A width at which the credit really breaks across two lines; else it stays inline.
        for w in tried:
            lines = last_lines(w, credit)
            tail = lines[-1]
            if len(lines) >= 2 and 0 < len(tail) < len(credit) - 1 and credit.endswith(tail):
                width = w
                classes.append("wrapped_credit")
                break
        else:
            credit_mode = "inline"
    if credit_mode == "caption":
        # A width at which "图为…。 某某 摄" fits on the caption's last line; else the credit gets its own.
        for w in tried:
            if size(last_lines(w, "")[-1] + " " + credit) <= w:
                width = w
                break
        else:
            credit_mode = "own"
            classes[-1] = "photo_credit"
    body: list[str] = []
    roles: list[str] = []
    if above:
        body.append(above)
        roles.append("byline")
    for k, p in enumerate(paras):
        text = p
        first_w = width - ind_w
        if k == 0 and lead:
            text = lead + lead_sep + p
            first_w = width
        last = k == len(paras) - 1
        if last and credit_mode == "wrapped":
            text = text + credit
        lines = wrap(text, width, first_w, style.measure, style.break_numbers)
        if indent and not (k == 0 and lead):
            lines[0] = indent + lines[0]
        line_roles = ["body"] * len(lines)
        if last and credit_mode in ("inline", "caption"):
            joined = lines[-1] + rng.choice(("", " ") if credit.startswith("（") else (" ",)) + credit
            if size(joined) <= width + 1:
                lines[-1] = joined
            else:
                lines.append(credit)
                line_roles.append("credit")
        elif last and credit_mode == "own":
            lines.append(credit)
            line_roles.append("credit")
        body += lines
        roles += line_roles
    if after:
        body.append(after)
        roles.append("byline")
    lines = head + body if before else body + head
    roles = ["head"] * len(head) + roles if before else roles + ["head"] * len(head)

    classes += ["narrow"] if width <= 18 else ["wide"] if width >= 36 else []
    text = "".join(item["paragraphs"])
    gold = {
        "title": title,
        "kicker": item["kicker"],
        "subtitle": item["subtitle"],
        "byline": byline,
        "credit": credit,
        "kind": item["kind"],
        "first_chars": text[:FIRST_CHARS],
        "last_chars": text[-FIRST_CHARS:],
        "item": item["id"],
        "classes": classes,
    }
    return lines, roles, gold


# ---------------------------------------------------------------------------------------------
# Pages


def page_style(rng: random.Random) -> PageStyle:
    return PageStyle(
        measure=rng.choice(("em", "cells")),
        blank=rng.choice(("all", "none", "none", "random")),
        eol=rng.choice(("\n", "\n", "\r\n")),
        space_rate=rng.choice((0.0, 0.0, 0.3, 0.7)),
        break_numbers=rng.random() < 0.5,
        indent=rng.choice(("none", "none", "ideographic", "ascii")),
        order=rng.choice(("before", "after", "mixed", "mixed", "mixed")),
        one_width=rng.randint(12, 42) if rng.random() < 0.25 else None,
    )


def lay_page(
    items: list[dict[str, Any]],
    rng: random.Random,
    pools: Pools,
    name: str,
    line_roles: bool = False,
    force: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One page of these items. With `line_roles`, the page also lists each printed line and what it
    is (furniture, head, body, byline, credit): ground truth for tests, not part of the datasets.
    `force` overrides the page style's fields (measure, blank, eol, space_rate, break_numbers,
    indent, order, one_width), furniture ("header"/"footer": lists of lines) and, through
    lay_article, every article's choices."""
    force = force or {}
    style = page_style(rng)
    for key in ("measure", "blank", "eol", "space_rate", "break_numbers", "indent", "order", "one_width"):
        if key in force:
            setattr(style, key, force[key])
    header, footer = furniture(rng, pools, items[0]["date"])
    header = force.get("header", header)
    footer = force.get("footer", footer)
    lines: list[str] = list(header)
    roles: list[str] = ["furniture"] * len(header)
    owners: list[int] = [0] * len(header)  # which article (1-based) a line belongs to, 0: furniture
    golds: list[dict[str, Any]] = []
    for k, item in enumerate(items, 1):
        before = {"before": True, "after": False}.get(style.order, rng.random() < 0.5)
        art_lines, art_roles, gold = lay_article(item, rng, pools, style, before, force)
        lines += art_lines
        roles += art_roles
        owners += [k] * len(art_lines)
        golds.append(gold)
    lines += footer
    roles += ["furniture"] * len(footer)
    owners += [0] * len(footer)
    mixed = len({g["classes"][0] for g in golds}) > 1
    for g in golds:
        tags = g["classes"]
        if mixed:
            tags.append("mixed_page")
        tags.append("measure_em" if style.measure == "em" else "measure_cells")
        if style.blank == "none":
            tags.append("no_blank_lines")
        if style.space_rate:
            tags.append("spaced_numbers")
        if style.eol == "\r\n":
            tags.append("crlf")
    if header:
        golds[0]["classes"].append("furniture_edge")
    if footer:
        golds[-1]["classes"].append("furniture_edge")
    out: list[str] = []
    for k, ln in enumerate(lines):
        if k:
            sep = {"all": 2, "none": 1}.get(style.blank) or rng.choice((1, 1, 2))
            out.append(style.eol * sep)
        out.append(ln)
    text = "".join(out) + style.eol
    articles, figures, qa = [], [], []
    for k, (item, g) in enumerate(zip(items, golds, strict=True), 1):
        aid = f"a{k:02d}"
        g["classes"] = [c for c in CLASSES if c in g["classes"]]
        articles.append({"id": aid, **g})
        # Figures printed with Arabic digits, maybe after 近/逾/约/超 (what the figure scorer reads;
        # Chinese numerals such as 两个小时 and other qualifiers are left to the figures datasets).
        figures += [{"article": aid, **f} for f in item["figures"] if _ARABIC_FIGURE.match(f["text"])]
        qa += [{**q, "article": aid} for q in item["qa"]]
    page: dict[str, Any] = {
        "name": name,
        "layout": {
            "measure": style.measure,
            "blank_lines": style.blank,
            "line_end": "CRLF" if style.eol == "\r\n" else "LF",
            "spaced_numbers": style.space_rate,
            "numbers_broken": style.break_numbers,
            "indent": style.indent,
            "headlines": style.order,
            "one_width": style.one_width,
        },
        "text": text,
        "meta": {"header": header, "footer": footer},
        "articles": articles,
        "figures": figures,
        "qa": qa,
    }
    if line_roles:
        page["lines"] = list(zip(lines, roles, owners, strict=True))
        page["measure"] = em if style.measure == "em" else cells
    return page


def load_items(half: str) -> list[dict[str, Any]]:
    doc = json.loads((ITEMS_DIR / f"news.{half}.json").read_text(encoding="utf-8"))
    return list(doc["items"])


def build(half: str, version: int = 1, line_roles: bool = False) -> dict[str, Any]:
    """The dataset of one half: every item laid out PASSES times, 8-14 articles a page."""
    items = load_items(half)
    pools = Pools.of(half)
    pages: list[dict[str, Any]] = []
    for p in range(PASSES):
        rng = random.Random(f"pagegen:{half}:v{version}:pass{p}")
        order = list(items)
        rng.shuffle(order)
        while order:
            n = rng.randint(*ARTICLES_PER_PAGE)
            if len(order) - n < ARTICLES_PER_PAGE[0]:
                n = len(order) if len(order) <= ARTICLES_PER_PAGE[1] else len(order) // 2
            chunk, order = order[:n], order[n:]
            name = f"news_{half}_p{p + 1}_{len(pages) + 1:03d}.txt"
            pages.append(lay_page(chunk, rng, pools, name, line_roles))
    return {
        "name": f"news_pages_{half}",
        "version": version,
        "note": f"The {half} half of evals/items/news.*.json laid out as extracted newspaper pages by "
        "evals/pagegen.py (issue 10: headlines before/after, split titles, lead and own-line bylines, "
        "credits, photo captions, page furniture, widths 12-42, em or fixed pitch, blank lines or none). "
        "Articles carry `classes` for the per-class report; pages carry `meta` (furniture), the items' "
        "figures printed with Arabic digits, and their questions (`qa`, not run here: pages have no "
        "files). Regenerate, never hand-edit.",
        "pages": pages,
        "thresholds": {
            "segmentation.boundary_f1": 0.99,
            "segmentation.title_exact": 0.97,
            "segmentation.byline_exact": 0.97,
            "segmentation.credit_exact": 0.97,
            "segmentation.kind_exact": 0.97,
        },
    }


def path_for(half: str, version: int) -> Path:
    return OUT_DIR / f"news_pages_{half}.v{version}.json"


def dump(dataset: dict[str, Any]) -> str:
    return json.dumps(dataset, ensure_ascii=False, indent=1) + "\n"


def main() -> None:
    halves = [*HALVES, *later_sets()]
    for half in halves:
        for version in VERSIONS:
            out = path_for(half, version)
            out.write_text(dump(build(half, version)), encoding="utf-8")
            print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
