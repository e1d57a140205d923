"""Word lists shared by figures, grounding, question analysis and the offline answerer: data, no logic.

Dependency-free on purpose (nothing from the project is imported here), so every module that reads
numbers and words can use one list without import cycles: measure words and units, the words that
make a number a date or a label, approximation qualifiers, stopwords and question scaffolding.
"""

from __future__ import annotations

# Measure words after a number that make it a quantity. Longest first, so 人次 wins over 人.
COUNT_UNITS = (
    "个百分点 百分点 平方公里 平方米 立方米 千瓦时 人次 场次 批次 架次 车次 户次 个月 分钟 小时 课时 学时 "
    "公里 千米 公顷 千克 公斤 千瓦 兆瓦 美元 欧元 港元 英镑 "
    "元 块 个 名 人 位 家 户 次 件 项 部 轮 支 种 类 场 所 座 条 台 辆 套 间 处 批 期 份 张 本 册 篇 首 "
    "株 棵 头 只 匹 亩 米 斤 克 吨 度 倍 岁 年 天 周 届 季 组 队 班 校 村 镇 县 省 国 分 秒 栋 层 床 "
    "笔 单 宗 起 例 门 节 集 章 页 字 票 枚 颗 个点 ℃"
).split()
# Words after a number that make it a date or time, or a label (grade, edition, floor, road).
DATE_WORDS = "年代 周年 世纪 月 日 号 时 点".split()
LABEL_WORDS = "年级 级 版 楼 路 届次".split()
NOT_UNITS = DATE_WORDS + LABEL_WORDS
# Every word that can stand for a unit, scaled forms included: what a question's unit word is read against.
UNIT_WORDS = frozenset(COUNT_UNITS + [s + u for s in ("万", "亿", "千") for u in ("元", "人")] + ["万", "亿"])

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

# Chinese-numeral quantities are confident key figures only with measure words that count concrete
# things or time; "三个突破", "五项制度", "四级网格" are rhetoric, not figures a reader checks.
CN_CONFIDENT_UNITS = frozenset("名 人 位 家 户 部 支 场 所 座 辆 台 年 个月 天 周 元".split())

# Function words and question words: they say how a question is asked, not what it is about.
STOPWORDS = frozenset(
    """的 了 是 在 和 与 及 或 有 为 对 等 也 都 将 把 被 从 到 由 这 那 之 其 中 上 下 于 以 而 并 向 就 还 又
    让 使 给 个 着 过 地 得 所 该 此 各 每 已 已经 共 一 一个 我们 他们 她们 你们 我 你 他 她 它 他们 自己
    吗 呢 吧 啊 呀 么 多少 几 几个 哪 哪里 哪儿 哪个 哪些 哪位 哪家 哪支 哪年 什么 谁 怎么 怎样 如何 为何
    为什么 是否 是不是 多长 多久 多大 多高 多远 叫 叫做 名字 请问 请 问 告诉 一下 情况 分别 当时
    """.split()
)

# How a question asks, not what it asks about: "历时多长时间" is about 历时, not about 时间.
SCAFFOLD_WORDS = r"多长时间|多少时间|什么时候|什么时间|哪一年|哪一天|多少钱|叫什么名字|是什么"
