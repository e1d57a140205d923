"""Offline summary of one article: lead-biased TextRank over jieba tokens, rule-based figures, entities.

Every sentence in the summary and the key points is copied from the article (cut only at clause
boundaries), so every number in them is grounded by construction; the offline engine never writes
a figure of its own.

Cost is bounded on any input: TextRank compares all pairs of its sentences, so it ranks only the
first MAX_RANKED_SENTENCES of an article; a sentence is compared by the words of its first
MAX_COMPARED_CHARS characters; entities and an untitled article's topic come from its first
MAX_ENTITY_CHARS characters. Ordinary articles (a few dozen sentences) are far inside every bound.
"""

from __future__ import annotations

import math
import re

import numpy as np

from summarizer.figures import extract_figures, pos_tokens
from summarizer.schemas import Article, ArticleSummary
from summarizer.text import fold, has_cjk, split_sentences
from summarizer.tokens import jieba_words

MAX_SUMMARY = 150
MAX_SENTENCES = 3
MAX_POINTS = 5
MAX_POINT_CHARS = 70
MIN_POINT_CHARS = 10
LEAD_MAX = 100  # an opening sentence longer than this crowds out everything else
# News is written as an inverted pyramid: what a summary needs is stated first, and the lead bias
# below already ranks a sentence this far in below the opening ones. Only these are ranked, so the
# all-pairs comparison stays bounded (200 sentences: 20,000 pairs) whatever the article's length.
MAX_RANKED_SENTENCES = 200
# A summary sentence is at most MAX_SUMMARY characters, so a longer one is cut at a clause anyway;
# its words beyond this point cannot change which sentence is chosen, only how long tokenising takes.
MAX_COMPARED_CHARS = 400
# Places, organisations and people are capped at 10 each and named early in a news article: this
# much text (several ordinary articles) finds them without tagging an arbitrarily long one whole.
MAX_ENTITY_CHARS = 20_000
DAMPING = 0.85
CLAUSE_CUTS = "，；：,;:"

_STOP = frozenset(
    """的 了 是 在 和 与 及 或 有 为 对 等 也 都 将 把 被 从 到 由 这 那 之 其 中 上 下 于 以 而 并 向 就 还 又
    让 使 给 个 着 过 地 得 所 该 此 各 每 已 已经 共 我们 他们 她们 你们 我 你 他 她 它 自己 一个 进行 通过
    近日 日前 目前 今年 去年 近年来 今年以来 据悉 据了解 据介绍 记者 本报讯 表示 介绍""".split()
)
_WORD_RE = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]")
# "孙某表示。" — the tail of a quotation, split off as its own sentence
_ATTRIBUTION_RE = re.compile(r"^[^，。“”]{0,16}(?:说|表示|介绍|指出|告诉记者|坦言)[。！]?$")
_SPEECH_RE = re.compile(r"^[“「]|(?:说|表示|介绍|告诉记者)[：:]?[“「]|[”」](?:[^，。]{0,20})(?:说|表示|介绍)")

ORG_SUFFIXES = (
    "总工会 工会 法院 人民法院 公司 有限公司 集团 委员会 人社局 司法局 局 学院 中心 协会 联合会 "
    "工商联 政府 医院 学校 大学 银行 电视台 报社 慈善会 服务站 工作室 办公室"
).split()
_ORG_PARTS = ("ns", "nt", "nz", "nr", "n", "vn", "j", "nrt", "b")
PLACE_SUFFIXES = tuple("省 市 县 区 州 镇 乡 村 旗 盟 岛".split())
PROVINCES = frozenset(
    """北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南
    四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门""".split()
)
_NOT_PLACES = frozenset(
    "城镇 城市 城区 社区 乡村 农村 山区 市区 县城 小镇 全市 全省 全国 全区 全县 当地 外省".split()
)
# People: jieba's nr tag is noisy ("弘扬", "荣获"), so a name must start with a common surname and stand
# next to a role word before it or a speech verb after it.
SURNAMES = frozenset(
    """王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 董
    袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 付 方 白 邹 孟
    熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱 严 覃 武 戴 莫 孔 向 汤 常 温 康 施 文
    牛 樊 葛 邢 安 齐 易 乔 伍 庞 颜 倪 庄 聂 章 鲁 岳 翟 殷 詹 申 欧 耿 关 兰 焦 俞 左 柳 甘 祝 包 宁 尚 符
    舒 阮 柯 纪 梅 童 凌 毕 单 季 裴 霍 涂 成 苗 谷 盛 曲 翁 冉 骆 蓝 路 游 辛 靳 管 柴 蒙 鲍 华 喻 祁 蒲 房
    滕 屈 饶 解 牟 艾 尤 阳 时 穆 农 司 卓 古 吉 缪 简 车 项 连 芦 麦 褚 娄 窦 戚 岑 景 党 宫 费 卜 冷 晏 席
    卫 米 柏 宗 瞿 桂 全 佟 应 臧 闵 苟 邬 边 卞 姬 师 和 仇 栾 隋 商 刁 沙 荣 巫 寇 桑 郎 甄 丛 仲 虞 敖 巩
    明 佘 池 查 麻 苑 迟 邝 官 封 谈 匡 鞠 惠 荆 乐 冀 郁 胥 南 班 储 原 栗 燕 楚 鄢 劳 谌 奚 皮 粟 冼 蔺 楼
    盘 满 闻 位 厉 伊 仝 区 郜 海 阚 花 权 强 帅 屠 豆 朴 盖 练 廉 禹 井 祖 漆 巴 丰 支 卿 国 狄 平 计 索 宣
    晋 相 初 门 云 容 敬 来 扈 晁 芮 都 普 阙 浦 戈 伏 鹿 薄 邸 雍 辜 羊 阿 乌 母 裘 亓 修 邰 赫 杭 况 那 宿
    鲜 印 逯 隆 茹 诸 战 慕 危 玉 银 亢 嵇 公 哈 湛 宾 戎 勾 茅 利 於 呼 居 揭 干 但 尉 冶 斯 元 束 檀 衣 信
    展 阴 昝 智 幸 奉 植 衡 富 尧 闭 由""".split()
)
_ROLE_END = tuple(
    "长 员 师 记者 主席 书记 主任 代表 居民 委员 专家 经理 工人 职工 队员 教授 干部 会长 部长 指导 董事".split()
)
_SPEECH_AFTER = tuple("说 表示 介绍 告诉 认为 指出 提出 坦言 笑着 等 在 榜上".split())


def warm_up() -> None:
    """Load jieba's dictionaries now rather than inside the first summary (benchmarks call this)."""
    pos_tokens("区工会开展技能培训")
    jieba_words("区工会开展技能培训")


def content_tokens(sentence: str) -> list[str]:
    """Words that carry meaning: jieba words minus function words and punctuation."""
    return [w for w in jieba_words(sentence) if w not in _STOP and _WORD_RE.search(w) and len(w.strip()) > 0]


def _similarity(a: set[str], b: set[str]) -> float:
    """TextRank's sentence overlap, normalised by length so long sentences do not win by size."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    if not shared:
        return 0.0
    return shared / (math.log(len(a) + 1) + math.log(len(b) + 1))


def textrank(token_sets: list[set[str]], iterations: int = 100, tol: float = 1e-8) -> np.ndarray:
    """PageRank over the sentence similarity graph by power iteration; scores sum to 1."""
    n = len(token_sets)
    if n == 0:
        return np.zeros(0)
    w = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            w[i, j] = w[j, i] = _similarity(token_sets[i], token_sets[j])
    out = w.sum(axis=1)
    # a sentence sharing no word with any other spreads its vote evenly (no rank sink)
    trans = np.where(out[:, None] > 0, w / np.where(out[:, None] > 0, out[:, None], 1), 1.0 / n)
    r = np.full(n, 1.0 / n)
    for _ in range(iterations):
        nxt = (1 - DAMPING) / n + DAMPING * trans.T @ r
        if np.abs(nxt - r).sum() < tol:
            r = nxt
            break
        r = nxt
    return r / r.sum()


def score_sentences(sentences: list[str], title: str, figure_quotes: tuple[str, ...] = ()) -> list[float]:
    """TextRank centrality plus lead bias, title overlap and a bonus for stating a key figure;
    direct speech, section heads and questions weigh less. Callers pass at most
    MAX_RANKED_SENTENCES sentences (summarize_article does)."""
    tokens = [set(content_tokens(s[:MAX_COMPARED_CHARS])) for s in sentences]
    tr = textrank(tokens)
    top = float(tr.max()) if len(tr) else 1.0
    title_tokens = set(content_tokens(title)) if title else set()
    scores: list[float] = []
    for i, s in enumerate(sentences):
        lead = 1.0 / math.sqrt(1 + i)
        overlap = len(tokens[i] & title_tokens) / len(title_tokens) if title_tokens else 0.0
        score = 0.45 * (tr[i] / top if top else 0.0) + 0.35 * lead + 0.2 * overlap
        if any(q in s for q in figure_quotes):
            score += 0.05
        if _SPEECH_RE.search(s):
            score *= 0.5
        if len(s) < 20 or s.endswith(("？", "?")):  # section heads and rhetorical questions
            score *= 0.5
        scores.append(score)
    return scores


def _is_number_char(ch: str) -> bool:
    return ch.isdigit() or ch in ".．,，%％" or ("０" <= ch <= "９")


def cut_at_clause(sentence: str, limit: int) -> str:
    """The longest prefix of sentence that ends at a clause boundary and fits in limit (with a full stop).

    Never cuts inside a number: without any clause boundary it cuts between two non-digit characters.
    """
    if len(sentence) <= limit:
        return sentence
    for i in range(limit - 2, 0, -1):
        if sentence[i] in CLAUSE_CUTS and not (
            sentence[i] in ",，"
            and i + 1 < len(sentence)
            and _is_number_char(sentence[i - 1])
            and sentence[i + 1].isdigit()
        ):
            return sentence[:i] + "。"
    for i in range(limit - 2, 0, -1):
        if sentence[i] == "、":
            return sentence[:i] + "。"
    for i in range(limit - 1, 0, -1):
        if not (_is_number_char(sentence[i - 1]) and _is_number_char(sentence[i])):
            return sentence[:i] + "…"
    return ""


def _pick_summary(sentences: list[str], scores: list[float], photo: bool) -> str:
    order = list(range(len(sentences)))
    if not photo:
        order.sort(key=lambda i: (-scores[i], i))
        # news leads with its gist: keep the opening sentence when it is plain narration and leaves room
        lead = sentences[0]
        if order[0] != 0 and len(lead) <= LEAD_MAX and not _SPEECH_RE.search(lead) and len(lead) >= 20:
            order.remove(0)
            order.insert(0, 0)
    chosen: list[int] = []
    total = 0
    best = max(scores) if scores else 0.0
    for i in order:
        if len(chosen) == MAX_SENTENCES:
            break
        if not photo and chosen and scores[i] < 0.5 * best:  # filler is worse than a shorter summary
            break
        n = len(sentences[i])
        if total + n <= MAX_SUMMARY:
            chosen.append(i)
            total += n
        elif photo and chosen:
            break
    if not chosen:
        first = next(iter(order))
        return cut_at_clause(sentences[first], MAX_SUMMARY)
    return "".join(sentences[i] for i in sorted(chosen))


def _key_points(sentences: list[str], scores: list[float], summary: str) -> list[str]:
    """The best-ranked distinct sentences, shortened at clause boundaries, in article order."""
    ranked = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
    picked: list[int] = []
    seen: set[str] = set()
    speech = [bool(_SPEECH_RE.search(sentences[i])) for i in range(len(sentences))]
    ranked.sort(key=lambda i: speech[i])  # stable: quotes only when nothing else is left
    for i in ranked:
        point = cut_at_clause(sentences[i], MAX_POINT_CHARS)
        key = fold(point)
        if not point or key in seen or len(key) < MIN_POINT_CHARS or _ATTRIBUTION_RE.match(point):
            continue
        seen.add(key)
        picked.append(i)
        if len(picked) == MAX_POINTS:
            break
    points = [cut_at_clause(sentences[i], MAX_POINT_CHARS) for i in sorted(picked)]
    return points or [cut_at_clause(summary, MAX_POINT_CHARS)]


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for x in items:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def _drop_contained(names: list[str]) -> list[str]:
    """Keep the fullest form: '东城区总工会' goes when '某省某市东城区总工会' is there."""
    names = _dedupe(names)
    return [n for n in names if not any(n != m and n in m for m in names)]


def _is_place(word: str, flag: str, nxt: tuple[str, str]) -> bool:
    if flag != "ns" or len(word) < 2 or word in _NOT_PLACES:
        return False
    return (
        word.endswith(PLACE_SUFFIXES)
        or word in PROVINCES
        or (nxt[1] == "ns" and nxt[0].endswith(PLACE_SUFFIXES))
    )


def _person_name(toks: list[tuple[str, str]], i: int) -> str:
    """The person named at toks[i], or "". A tagger may glue a speech verb on ("刘博说")."""
    w, f = toks[i]
    if f == "nr" and len(w) == 3 and w.endswith(("说", "称", "讲")):
        return w[:2] if w[0] in SURNAMES else ""
    return w if _is_person(toks, i) else ""


def _is_person(toks: list[tuple[str, str]], i: int) -> bool:
    w, f = toks[i]
    if f != "nr" or not 2 <= len(w) <= 3 or w[0] not in SURNAMES or not has_cjk(w):
        return False
    before = toks[i - 1][0] if i > 0 else ""
    after = toks[i + 1][0] if i + 1 < len(toks) else ""
    return before.endswith(_ROLE_END) or after.startswith(_SPEECH_AFTER)


def entities(text: str) -> tuple[list[str], list[str], list[str]]:
    """Places (ns), organisations (nt, or place + name + an organisation word) and people (nr),
    from the first MAX_ENTITY_CHARS characters."""
    # the uncached tagger: pos_tokens' cache is for short, repeated pieces; an article's text is
    # tagged once, and caching thousands of whole articles would grow a long run's memory
    tagged = pos_tokens.__wrapped__(text[:MAX_ENTITY_CHARS])
    toks = [(w, f) for w, f in tagged if w.strip()]
    places: list[str] = []
    orgs: list[str] = []
    people: list[str] = []
    for i, (w, f) in enumerate(toks):
        if w.endswith(tuple(ORG_SUFFIXES)) and f.startswith("n"):
            j = i
            while j > 0 and i - j < 4 and toks[j - 1][1] in _ORG_PARTS:
                j -= 1
            while j < i and toks[j][1] not in ("ns", "nt", "nz", "nr"):
                j += 1
            if j < i:
                orgs.append("".join(t for t, _ in toks[j : i + 1]))
        nxt = toks[i + 1] if i + 1 < len(toks) else ("", "")
        if _is_place(w, f, nxt):
            places.append(w)
        elif name := _person_name(toks, i):
            people.append(name)
    return _dedupe(places)[:10], _drop_contained(orgs)[:10], _dedupe(people)[:10]


def topic_of(article: Article) -> str:
    if article.title.strip():
        return article.title.strip()
    import jieba.analyse  # loads jieba's dictionary and IDF table: only for an article without a title

    return "、".join(jieba.analyse.extract_tags(article.text[:MAX_ENTITY_CHARS], topK=3))


def summarize_article(article: Article) -> ArticleSummary:
    """Extractive summary (1–3 article sentences, ≤150 chars), key points, figures, entities, topic."""
    sentences = [s for s in split_sentences(article.text) if s.strip()][:MAX_RANKED_SENTENCES]
    if not sentences:
        sentences = [article.title.strip() or "（无正文）"]
    photo = article.kind == "photo"
    figures = extract_figures(article.text)
    scores = score_sentences(sentences, article.title, tuple(f.quote for f in figures))
    summary = (
        _pick_summary(sentences, scores, photo)
        or cut_at_clause(article.title.strip(), MAX_SUMMARY)
        or "（无正文）"
    )
    places, orgs, people = entities(article.text)
    return ArticleSummary(
        summary=summary,
        key_points=_key_points(sentences, scores, summary),
        key_figures=figures,
        places=places,
        organisations=orgs,
        people=people,
        topic=topic_of(article),
    )
