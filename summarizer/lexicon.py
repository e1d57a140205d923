"""Word lists shared by figures, grounding, question analysis and the offline answerer: data, no logic.

Dependency-free on purpose (nothing from the project is imported here), so every module that reads
numbers and words can use one list without import cycles: measure words and units, the words that
make a number a date, a label or an identifier, approximation qualifiers, stopwords and question
scaffolding. The lists describe Chinese in general (the measure words of a grammar, the words of a
newspaper's dates and addresses); none is drawn from an article or an eval item. The scanner
(summarizer.quantities) also accepts measure words missing here, through jieba's word classes.
"""

from __future__ import annotations


def _words(s: str) -> tuple[str, ...]:
    return tuple(s.split())


# ---------------------------------------------------------------------------------------------
# Measure words and units (量词 and units of measurement)

# Individual, container and collective measure words of standard Chinese grammar (名量词).
NOMINAL_MEASURES = _words(
    """个 位 名 人 口 只 头 匹 条 尾 张 把 支 枝 根 棵 株 朵 片 块 颗 粒 座 栋 幢 间 所 家 户 台 部 辆 架 艘
    列 节 件 套 份 本 册 篇 首 封 幅 副 双 对 串 排 扇 面 盏 顶 盘 碗 杯 瓶 罐 桶 箱 袋 包 盒 筐 篮 捆 束
    堆 批 群 组 队 班 届 轮 场 项 种 类 样 门 起 宗 例 笔 单 票 枚 处 款 床 家次 滴 卷 叠 沓 摞 餐 桌 道 则
    期 层 校 村 镇 县 省 国 亩 趟 遍 番 顿 声 天 周 年 岁
    基 眼 孔 樘 榀 桩"""
)
# Verbal measure words (动量词): how often something happens.
VERBAL_MEASURES = _words("次 回 趟 遍 轮 场 番 顿 圈")
# Units of length, area, volume, weight, energy, temperature; money; rates.
MEASUREMENT_UNITS = _words(
    """平方公里 平方千米 平方米 平米 平方 立方米 立方 公顷 千米 公里 厘米 毫米 微米 纳米 米 里 海里 英里 亩
    千克 公斤 毫克 克 吨 斤 公升 毫升 升 千瓦时 千瓦 兆瓦 瓦 度 伏 摄氏度 ℃ 分贝 标准箱
    元 块 角 美元 欧元 港元 澳元 日元 英镑 卢布 韩元
    个百分点 百分点 成 倍 ‰ 分"""
)
# Units of time as durations (a position in time is a date: see DATE_WORDS).
DURATION_UNITS = _words(
    """年 个年头 年头 个月 个星期 星期 周 天 个小时 小时 个钟头 钟头 分钟 秒钟 秒 学时 课时 工时 工日
    个工作日 工作日 个季度 周岁 岁 晚"""
)
# Compound units: a measure word times a measure word (人次 = people x times), or per-unit rates.
COMPOUND_UNITS = _words("人次 户次 场次 批次 架次 车次 班次 台次 件次 辆次 艘次 人天 人日 人年")
# Units whose meaning is a share of a whole: 一半 (one half) is 1 + 半 as jieba and readers cut it.
SHARE_UNITS = _words("半")

# Every measure word the scanner knows, longest first, so 人次 wins over 人 and 周岁 over 周.
COUNT_UNITS = tuple(
    sorted(
        dict.fromkeys(
            COMPOUND_UNITS
            + MEASUREMENT_UNITS
            + DURATION_UNITS
            + NOMINAL_MEASURES
            + VERBAL_MEASURES
            + SHARE_UNITS
        ),
        key=len,
        reverse=True,
    )
)
# Latin-letter units printed after digits (10km, 5kg, 3MW): a unit, not a code like 5G.
LATIN_UNITS = _words("kWh km kg cm mm ml mL mg MW kW GW GB MB TB KB Hz m² m³")
# Units a per-unit rate can be taken over ("1000元/人", "2.4万元/年", "18元/平方米").
PER_UNITS = _words(
    "人 户 年 月 天 日 次 小时 平方米 平米 亩 吨 公斤 斤 千克 公里 件 个 台 辆 套 份 名 学时 课时 周"
)
# Duration units that a leading 个 may stand before ("3个小时", "5个工作日", "两个多月").
GE_DURATIONS = _words("小时 钟头 月 星期 工作日 季度 年头 学时 课时 周")
# Duration units: what a "how long" question or a time-window rule asks about.
TIME_UNITS = frozenset(
    "年 个月 月 个星期 星期 周 天 日 个小时 小时 个钟头 钟头 分钟 秒钟 秒 个工作日 工作日 个季度 季度 个年头 年头".split()
)
# Units of age: a person's age is a count of years (82岁, 35周岁).
AGE_UNITS = frozenset("岁 周岁".split())
# Measure words that also stand in front of a noun as a label rather than a count when a numeral 二
# precedes them (二期 = phase two, 二楼, 二级): before a measure word a count of two is written 两.
ER_EXCEPT_UNITS = frozenset("两 斤 亩 里 分 成 倍 尺 寸 钱 两 角 米 克 吨 升".split())

# Words after a number that make it a date or time, or a label (grade, edition, floor, road, room).
DATE_WORDS = _words("年代 周年 世纪 月份 月 日 号 时 点 时许 点半 季度")  # 一季度 is Q1; 一个季度 a duration
LABEL_WORDS = _words("年级 号线 号楼 号院 级 版 楼 路 室 国道 省道 县道 乡道 高速 单元 届次 线 号")
NOT_UNITS = DATE_WORDS + LABEL_WORDS

# Words that begin with a measure word but are nouns: the number before them counts something else
# or names a thing (300万人口, 劳动年龄, 8人制, 三线城市); 成 before a collective noun (成群, 成片) is
# the verb "to form into", not tenths (三五成群).
NOT_A_UNIT_WORDS = _words(
    """人口 人员 人民 人才 人群 人士 人们 人制 人均 年龄 年度 年均 年薪 年产 年轻
    天然 天气 天空 分别 分之 件事 度假 度过 单元 单位 单独 国道 国家 国内 国际 线城市 成员 成本 成果
    成绩 成为 成立 成功 倍数 类型 门票 门店 门户 台阶 台风 道路 组织 组成 队伍 队员 班组 班长 班子 部门 部分
    部署 部长 种类 批准 批评 场所 场地 场馆 场景 条件 条例 项目 份额 本地 本市 本人 面积 头部 口罩 期间 期限
    周边 周期 周末 次数 次日 层次 层级 层面 户籍 户外 双方 双向 对象
    岗位 起来 宗旨 例如 笔者 单位 家庭 家属 家人 款项 票价 处理 册子 把握 支持 支部 条款
    成群 成片 成堆 成排 成串"""
)
# Words after 次 that name a vehicle service: "3672次列车" is a train, not 3672 times.
VEHICLE_WORDS = _words("列车 动车 高铁 火车 航班 班列 专列 客车 车次 航次 班车 快车 直达")
# Words just before a number that make it a number to dial or quote, not a quantity (热线12351).
ID_CUE_WORDS = _words(
    "热线 电话 专线 拨打 号码 编号 手机 邮编 工号 代码 账号 车牌 房号 学号 证号 信箱 QQ 微信 拨"
)
# Nouns naming a residential or office compound: a number right after one is an address (某社区21栋).
PLACE_SUFFIXES = _words(
    "社区 小区 花园 公寓 大厦 大楼 家园 新村 新城 苑 院 园 村 里 弄 巷 街 路 楼 栋 幢 单元 号楼"
)
ADDRESS_UNITS = _words("栋 幢 单元 室 层 楼 号 座 号楼")
# Words before a number that mark a rank (前八名, 后三位) and units a rank is counted in.
RANK_BEFORE = _words("前 后")
RANK_UNITS = _words("名 位 强")
# Words after a number that make it a rank by themselves (500强, 8强, 10佳).
RANK_AFTER = _words("强 佳")
# Words before a number of years/months/days that make it a time window, not a figure (近三年, 前两年).
WINDOW_WORDS = _words("最近 近 过去 前 头")
# Verbs of duration: after one, "近三天" is how long something took, a figure.
DURATION_VERBS = _words(
    "用 用了 用时 历时 耗时 持续 长达 花了 花费 需要 需 要 经过 经历 干了 工作了 坚持 坚持了 练了 学了 住了 等了 达 达到 为期 仅用"
)
# Words after a unit that turn the quantity into a name or a system (8人制, 8小时工作制).
SYSTEM_SUFFIXES = _words("制")
# Words that state a change or a comparison: a Chinese-numeral multiple or half is a figure after one
# ("多了近一倍", "低一半"); without one it is a description ("是前年的近三倍", "捐出一半").
CHANGE_WORDS = _words(
    """增长 增加 增 提高 提升 上升 升 多 多了 多出 高 高出 超出 翻 翻了 下降 降低 降 减少 减 少 少了 低 低了
    缩短 缩减 扩大 增长了 提高了 提升了 上升了 下降了 降低了 减少了 增加了 扩大了 缩短了"""
)
# Numeral words that are adverbs or idioms, not counts: 十分重要 (very), 一起努力 (together).
NUMERAL_ADVERBS = _words(
    "十分 万分 一起 一道 一同 一齐 一路 一手 一线 一度 一番 一下 一把 一口 一头 一身 一生 一时 一面 一样 一门"
)
# Words in front of a numeral that make it an approximate or indefinite number (几十个, 数百名).
VAGUE_BEFORE = _words("几 数 好几 十几")
# Words before a numeral that make it a weekday (周六, 星期三) or a day of a lunar month (初八, 廿三).
WEEKDAY_BEFORE = _words("周 星期 礼拜")
LUNAR_DAY_BEFORE = _words("初 廿")
# Words naming a lunar month before a day written in numerals (腊月二十三, 正月十五).
LUNAR_MONTH_CHARS = "腊正冬"

# ---------------------------------------------------------------------------------------------
# Approximation qualifiers (read at the word level by summarizer.quantities.qualifier_of)

# Before the number, as jieba cuts them -> the qualifier recorded (将近 -> 近, 大约 -> 约).
PRE_QUALIFIER_WORDS = {
    "超过": "超过",
    "超出": "超过",
    "近": "近",
    "将近": "近",
    "接近": "近",
    "逾": "逾",
    "约": "约",
    "大约": "约",
    "大概": "约",
    "超": "超",
    "不到": "不到",
    "不足": "不足",
    "不超过": "不超过",
    "上": "上",
}
PRE_QUALIFIERS = tuple(PRE_QUALIFIER_WORDS)
# Right after the number or its scale (200余名, 220多万元, 十几年).
POST_QUALIFIERS = ("余", "多", "几")
# After the unit (50人以上, 10天左右, 35周岁以下).
TRAIL_QUALIFIERS = ("以上", "左右", "以下", "以内", "上下", "之多")
# Every approximation word, longest first: what quantity_key ignores when it compares two figures.
APPROX_WORDS = tuple(
    sorted(set(PRE_QUALIFIERS) | set(POST_QUALIFIERS) | set(TRAIL_QUALIFIERS), key=len, reverse=True)
)
# Qualifiers with the same meaning: a figure that says 约 for a printed 大约 states the same fact.
QUALIFIER_MEANING = {
    **dict.fromkeys(("近", "将近", "接近"), "near"),
    **dict.fromkeys(("约", "大约", "大概", "左右", "上下"), "about"),
    **dict.fromkeys(("逾", "超过", "超出", "超", "以上", "余", "多", "几", "上", "之多"), "over"),
    **dict.fromkeys(("不到", "不足", "以下", "以内", "不超过"), "under"),
}
# Characters after 多 that make 多X a word of its own (多数, 多为, 多次): 多 then qualifies nothing.
DUO_WORD_NEXT = frozenset("为数达少么样彩元地方重层端次项个种名家人位年部批场处条")
# Particles jieba's HMM may glue onto a qualifier ("了近"): not part of the word.
QUALIFIER_GLUE = frozenset("了 的 共 达 为 已 计 和 并 仅 还 也 都".split())  # not 就 (就近), 有 (有约)

# Range marks between two numbers ("20—30人", "60至80岁", "两千元至五千元").
RANGE_MARKS = _words("至 到 — – ～ ~ 〜 -")

# Chinese-numeral quantities with these units count concrete things or time (kept for callers).
CN_CONFIDENT_UNITS = frozenset("名 人 位 家 户 部 支 场 所 座 辆 台 年 个月 天 周 元".split())

# Every word that can stand for a unit, scaled forms included: what a question's unit word is read against.
UNIT_WORDS = frozenset(
    COUNT_UNITS + tuple(s + u for s in ("万", "亿", "千") for u in ("元", "人")) + ("万", "亿")
)

# ---------------------------------------------------------------------------------------------
# Questions

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


# Words of the present (现在, 目前, 如今): a question asking what holds now says when, not what is
# asked about; a sentence says its present in another of them or leaves it to its article's date,
# and of a change printed "由30天压缩到12天" the figure it ends at is the one that holds now.
PRESENT_WORDS = frozenset("现在 目前 如今 当前 眼下 现今 时下 而今".split())
# Words before 的 that say when (今年的, 去年的) or that the people named work (职工作业的, 工作的):
# neither says which thing is counted or measured.
WHEN_OR_WORK_WORDS = frozenset("今年 去年 前年 明年 当年 本年 上年 作业 工作 上班 干活 劳动".split())

# Nouns naming a rate (比例, 比重): the kind of a percentage answer, which the printed 61% or 六成 says;
# "多少比例的女职工" asks a share of 女职工, "占总支出的比重是多少" counts nothing by its noun.
RATE_NOUNS = frozenset("比例 比重 占比 比率".split())

# Passive markers (被字句): the verb after one is the predicate, the noun before it what undergoes it
# ("多少所学校被评为…示范校" asks how many were named, not how many there were).
PASSIVE_MARKERS = frozenset("被 遭 遭到".split())

# Modal verbs (能愿动词: 能, 可以, 才能, 需要): they stand before the verb they qualify, never before a
# noun as its modifier.
MODAL_VERBS = frozenset("能 能够 才能 可 可以 才可 才可以 要 需要 需 应 应该 应当 必须 须 得 会 愿意".split())

# Verbs jieba's dictionary lists as place names (flag ns): its tagger reads "惠及职工" as a place
# before a noun. pos_tokens tags them v, so a headline's predicate and a question's place are read
# right. (Checked against jieba's dict.txt; each is a verb in any dictionary of the language.)
PLACE_TAGGED_VERBS = frozenset(
    "惠及 普及 上市 加盟 上门 中断 关联 回国 入市 登山 渡江 治国 上马 上台 下山 上山 云集 密封".split()
)

# Prefecture-level cities whose names jieba's dictionary tags as another word class (nr, n, v, nz …;
# checked against its dict.txt): its tagger reads 石家庄, 曲靖, 克拉玛依 as people's names and 遵义 as a
# verb. pos_tokens tags them ns. Names that are also a common word (开封 "unseal", 日照 "sunlight",
# 白银 "silver", 来宾 "guest", 安康, 大同, 朝阳) are left to the tagger.
MISTAGGED_CITIES = frozenset(
    "石家庄 秦皇岛 保定 张家口 承德 阳泉 长治 运城 吕梁 通辽 呼伦贝尔 本溪 营口 盘锦 铁岭 齐齐哈尔 伊春 "
    "南通 连云港 宿迁 嘉兴 金华 合肥 三明 龙岩 宁德 景德镇 新余 烟台 焦作 许昌 商丘 信阳 周口 黄石 孝感 "
    "邵阳 常德 张家界 怀化 娄底 茂名 河源 清远 桂林 玉林 百色 崇左 海口 自贡 攀枝花 广元 资阳 遵义 安顺 "
    "毕节 铜仁 曲靖 玉溪 昭通 拉萨 宝鸡 商洛 金昌 武威 天水 酒泉 银川 克拉玛依 平凉 大连 包头 通化".split()
)

# Characters that end a word's neighbour rather than a word (a particle, the copula, a locative, a
# directional verb): a two-character run jieba's HMM made up for characters its dictionary lacks,
# ending on one of these, is two words glued ("比赛中得了" -> 中得, "案是" of 欠薪案是…).
GLUE_ENDS = frozenset("得 的 了 着 过 是 上 下 中 里 内 外 来 去")

# The provincial-level divisions by the short names they go by without 省 / 自治区 / 市 (安徽人, 来自河南):
# a name of one answers 哪个省 as the full name does.
PROVINCES = frozenset(
    "河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 云南 陕西 "
    "甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 北京 天津 上海 重庆".split()
)

# Countries by the names Chinese print gives them (those not ending in 国, which names a country by
# itself: 美国, 泰国), and the world regions trade news names instead of countries (销往东南亚): a
# sentence that names only cities or provinces names no country a goods' destination is asked as.
COUNTRIES = frozenset(
    "日本 俄罗斯 印度 越南 老挝 柬埔寨 缅甸 马来西亚 新加坡 印度尼西亚 印尼 菲律宾 巴基斯坦 哈萨克斯坦 "
    "乌兹别克斯坦 吉尔吉斯斯坦 塔吉克斯坦 土库曼斯坦 阿富汗 伊朗 伊拉克 叙利亚 土耳其 沙特阿拉伯 沙特 以色列 "
    "约旦 黎巴嫩 埃及 南非 尼日利亚 肯尼亚 埃塞俄比亚 坦桑尼亚 阿尔及利亚 摩洛哥 突尼斯 利比亚 苏丹 加纳 "
    "安哥拉 赞比亚 津巴布韦 莫桑比克 马达加斯加 澳大利亚 新西兰 加拿大 墨西哥 巴西 阿根廷 智利 秘鲁 哥伦比亚 "
    "委内瑞拉 古巴 意大利 西班牙 葡萄牙 荷兰 比利时 瑞士 瑞典 挪威 芬兰 丹麦 冰岛 奥地利 波兰 捷克 匈牙利 "
    "罗马尼亚 保加利亚 希腊 乌克兰 白俄罗斯 塞尔维亚 克罗地亚 爱尔兰 蒙古 朝鲜 尼泊尔 斯里兰卡 不丹 马尔代夫 "
    "文莱 东帝汶 卡塔尔 阿联酋 科威特 阿曼 也门 巴林 格鲁吉亚 亚美尼亚 阿塞拜疆 立陶宛 拉脱维亚 爱沙尼亚 "
    "斯洛伐克 斯洛文尼亚 卢森堡 厄瓜多尔 乌拉圭 巴拉圭 玻利维亚 巴拿马 哥斯达黎加 尼加拉瓜 牙买加 海地 "
    "多米尼加 喀麦隆 塞内加尔 科特迪瓦 乌干达 卢旺达 刚果 纳米比亚 博茨瓦纳 马里 尼日尔 乍得 索马里 吉布提 "
    "毛里求斯 斐济 巴布亚新几内亚 萨摩亚 汤加 欧洲 非洲 亚洲 美洲 大洋洲 东南亚 南亚 中亚 西亚 中东 东欧 西欧 "
    "北欧 南欧 中欧 北美 南美 拉美 欧美 日韩 海外 一带一路".split()
)

# Verbs that say nothing of the event a figure belongs to ("需要多少钱", "共有多少名"): the number's
# own verb need not repeat them.
# Verbs of scope (覆盖, 惠及, 涉及, 来自): asked before the number ("覆盖多少名职工", "来自多少家企业"),
# they say who or what lies within an event's reach, which a news sentence prints as an attribute of
# the counted noun ("全市27家钢铁企业的9.3万名职工", "对全市126家企业开展排查") as often as with the
# verb. After the counted noun ("多少人来自单亲家庭") they pick out a part, and there they must be said.
SCOPE_VERBS = frozenset("覆盖 涵盖 惠及 涉及 包含 来自".split())
LIGHT_VERBS = frozenset(
    "需要 需 要 有 共有 约有 还有 是 为 达 达到 花 花费 用 可 能 能够 可以 获得 得到 拥有 包括 占 计 "
    "进行 开展 举行 举办 共计 合计 总计 实现 设置 设有".split()  # 进行了几轮 (协商): the event is the noun after such a verb
)  # 实现 (实现就业, 实现增长): a support verb whose object is the event; 设置 / 设有 (设置了几个项目): the items exist

# Verbs that name one act in other words (a question's writer paraphrases the article's verb):
# obtaining (拿到 ~ 获得), offering (拿出 ~ 提供), paying a fee (交 ~ 缴纳). Each group is one act; a
# sentence saying any verb of the asked verb's group says that verb.
VERB_KIN = (
    frozenset("拿到 领到 取得 获得 得到 获 收获 斩获".split()),
    frozenset("拿出 提供 推出 给出 放出 释放".split()),
    frozenset("交 缴 交纳 缴纳 上交 上缴 缴费 交费".split()),
    frozenset("接到 收到 受理 接收 接获".split()),  # receiving (a complaint, an application)
    frozenset("减少 下降 降低 回落 下滑 减".split()),  # a fall (同比减少 ~ 同比下降)
    frozenset("增加 增长 上升 提高 提升 增".split()),  # a rise (同比增加 ~ 同比增长)
    frozenset("拿出 投入 安排 拨付 划拨 出资 列支".split()),  # putting money into a cause (拿出 ~ 投入资金)
    frozenset("卖 售 出售 销售 售价 卖到".split()),  # selling (一份卖多少钱 ~ 售价)
    frozenset("带回 带着 携带 带来".split()),  # bringing (带回了多少钱 ~ 带着…回到)
    frozenset("吃饭 就餐 用餐".split()),  # having a meal (多少人吃饭 ~ 容纳680人就餐)
    frozenset("容纳 坐下 住下 可容".split()),  # holding people (能同时坐下多少人 ~ 可同时容纳680人)
)

# Nouns that name one thing in a spoken and a written word (案子 ~ 案件, 孩子 ~ 子女): a question's
# writer says the one, the article prints the other. Each group is one thing; a sentence printing any
# noun of the asked noun's group speaks of that noun.
NOUN_KIN = (
    frozenset("案子 案件".split()),
    frozenset("孩子 子女 儿童 孩童".split()),
    frozenset("工资 工钱 薪水 薪酬".split()),
    frozenset("比赛 竞赛 大赛 赛事".split()),
    frozenset("冠军 第一名 头名 榜首".split()),
)

# Verb-object words (离合词: 入+场, 吃+饭) that the tagger reads as nouns: after 多少家企业 or 多少人 they
# say what the counted do, they are never what is counted. Only words that never modify a noun (就业
# and 参赛 do: 就业机构, 参赛选手).
VERB_OBJECT_WORDS = frozenset("入场 进场 到场 入园 入驻 入住 吃饭 就餐".split())
# Directional complements of two characters (加起来, 留下来, 拿出来): the end of a verb phrase, they
# name nothing a sentence must print.
DIRECTIONAL_COMPLEMENTS = frozenset("起来 下来 出来 上来 下去 进来 过来 回来 出去 上去 过去 起去".split())
# Relational nouns ("高温津贴方面的投诉", "教育领域的项目"): X方面的Y is a Y concerning X; the noun after
# 的 is the head, the relational noun never is what is counted.
RELATION_NOUNS = frozenset("方面 领域 层面 类型 种类 类别 性质 形式".split())
# Superlative and bounding predicates (最少, 最多, 至少): they rank or bound what is asked, they name
# nothing; any two-character word opening with 最 is one too (questions.is_ranking).
RANKING_WORDS = frozenset("至少 至多 起码 最多 最少 最高 最低 最年轻 最年长".split())
# Nouns naming a measured attribute ("多大的尺寸", "多大年龄的孩子"): the printed measure's unit says
# it, a sentence need not print the noun.
MEASURE_NAMES = frozenset(
    "尺寸 大小 规模 年龄 年纪 面积 长度 高度 宽度 深度 重量 体积 容量 距离 范围 程度".split()
)

# Single characters that make a noun of the verb before them (快递员, 参赛者, 打工人): a count printed
# before such a word counts people, though the tagger reads the verb as a verb.
AGENT_SUFFIXES = frozenset("员 者 人 工 师 生 户 手 家 商 方")
# What may follow a figure without being the noun it counts: a qualifier, a particle, a conjunction,
# an adverb of the whole (41.7万元全部到位: 全部 says all of the sum arrived, it names no purpose).
AFTER_FIGURE_FUNCTION = r"的|地|得|以上|以下|以内|左右|之多|上下|多|余|和|与|及|或|等|、|了|是|为|在|左|次|人次|全部|全额|悉数|全数"


# ---------------------------------------------------------------------------------------------
# Headlines (segmenter)

# Verbs that take no object ("大赛落幕", "工程竣工"): a headline line ending on one is a complete
# clause, so a count on the line below is no object of it (it opens a subtitle's clause of its own).
INTRANSITIVE_VERBS = frozenset(
    "落幕 闭幕 开幕 启幕 谢幕 收官 揭晓 结束 竣工 完工 开业 开班 开课 开赛 开园 开馆 开工 投产 "
    "成立 挂牌 亮相 出炉 落地 见效 告捷 上线 通车 揭牌 启航 回暖 升温".split()
)
# Conjunctions that join two nouns or phrases (和, 与, 及): a headline line never opens on one, it
# finishes the phrase of the line above ("…在“带娃”|和“上班”间…").
COORDINATORS = frozenset("和 与 及 以及 或 或者 跟".split())
# Words that open a time phrase ("截至11月底…"), prepositions whatever jieba's tag: a line that
# opens on one says when, it does not go on with the predicate of the line above.
TIME_PREPOSITIONS = frozenset("截至 截止 截止到 直至 时至".split())
# Words that name a whole place as a subject ("全市建成…", "全省…"): a line opening on one names a
# subject of its own, as a place name does.
WHOLE_PLACES = frozenset(
    "全国 全省 全市 全区 全县 全州 全镇 全乡 全盟 本市 本省 本区 本县 我市 我省 我区 我县".split()
)
# Sentence-final particles: a line ending on one closes a clause ("…终于到手啦"). Not 了, which as
# often marks a verb's aspect before its object ("…成了|…的家").
FINAL_PARTICLES = frozenset("啦 吗 呢 吧 啊 呀".split())
# Resultative and directional complements: one character right after a verb saying how its action
# ends (用上, 装好, 建成, 办到). Only a verb takes one, so a character before one is a verb, whatever
# jieba's tagger calls it in context ("用|上" tagged a preposition and a locative).
RESULT_COMPLEMENTS = frozenset("上 好 成 到 完 齐 满 住 起 出 进 回 掉 够 下".split())
# Words that ask (interrogatives): a headline line holding one asks with the ？ that closes its
# sentence, wherever the line breaks ("…如何精准|用到…？").
QUESTION_WORDS = frozenset(
    "如何 怎样 怎么 为何 为什么 能否 是否 何时 何处 哪里 哪些 哪儿 什么 多少 谁".split()
)
# Genre words a feature's subtitle ends on ("…工地见闻", "…录制侧记", "…入会记"): the trade's
# formula for saying what kind of report the title heads.
FEATURE_GENRES = frozenset("见闻 侧记 纪实 手记 札记 纪事 速写 素描 记".split())
# Verbs whose object is a verb phrase (谓宾动词: "选择|回乡当电工", "学会|用手机办事"): a headline line
# ending on one has its object, verb and all, on the line below.
VP_OBJECT_VERBS = frozenset(
    "选择 决定 坚持 学会 希望 愿意 打算 喜欢 敢于 善于 乐于 争当 争做 懂得 习惯".split()
)
# Verbs that never close a clause without their object (what is reached, covered, included or
# become): a headline line that ends on one runs on into the next ("…今年惠及|1580名…").
OBJECT_VERBS = frozenset(
    "惠及 涉及 包括 包含 成为 达到 位居 高达 多达 共计 合计 累计达 总计 约合 相当于".split()
)

# Characters that end a word before a noun without modifying it: a list's 等, 的, a demonstrative's
# measure (此类, 这些, 这种), 之 (summarizer.qa.counted.other_modifier).
MODIFIER_ENDS = frozenset("等 的 类 些 种 之".split())
# Measure words that count kinds of a thing (几种, 几类): the things' modifiers name the kinds.
KIND_MEASURES = frozenset("种 类 样 型".split())

# Words a one-character gender member (男, 女) ends, so that it names no gender group there: 子女 and
# 儿女 are someone's children, 妇女 women at large, 孙女 / 侄女 a relation (a kinship or person word
# of the standard lexicon; 女职工 is a group because 女 opens the word).
GENDER_CLOSED_WORDS = _words("子女 儿女 妇女 少女 孙女 侄女 外孙女 闺女 父女 母女 长女 次女 养女")

# ---------------------------------------------------------------------------------------------
# Yes / no

# Words written with a negating character (不, 无, 非, 未, 免, 否) that negate nothing in their clause:
# 不少 (many), 不断 (constantly), 不仅 (not only), 无论 (whatever), 无障碍 (barrier-free), 非遗
# (intangible heritage), 非常 (very), 未来 (future), 否则 (otherwise). A yes/no answer counts the
# negations of the clause that answers, and these are not among them.
NON_NEGATING_WORDS = _words(
    "不少 不断 不仅 不但 不光 不只 不管 无论 不久 不禁 不错 无障碍 无人机 无线 不锈钢 非遗 非常 未来 否则 免疫 无数 无比"
)
# Comparative adjectives and their opposites: "比周边低四成" answers "比周边高吗" with 否.
COMPARATIVE_OPPOSITES = {
    a: b
    for x, y in (("高", "低"), ("多", "少"), ("贵", "便宜"), ("长", "短"), ("快", "慢"), ("早", "晚"), ("大", "小"))
    for a, b in ((x, y), (y, x))
}
# Predicates that exclude each other: a sentence that says one answers a question asking the other
# with 否 ("可一次性领取" against "是否分期发放").
OPPOSITE_PREDICATES = {
    a: b
    for x, y in (
        ("一次性", "分期"),
        ("上涨", "下降"),
        ("上升", "下降"),
        ("增加", "减少"),
        ("提高", "降低"),
        ("扩大", "缩小"),
        ("延长", "缩短"),
        ("线上", "线下"),
        ("全职", "兼职"),
        ("白天", "夜间"),
    )
    for a, b in ((x, y), (y, x))
}

# The parties of a negotiation, a contract or an event, by side: a question asking of one side's
# representative or offer (企业方代表) is not answered by a sentence that names the other side's
# (职工方代表、…某某).
PARTY_SIDES = (
    ("企业方", "资方", "用人单位方", "用工方", "雇主方", "厂方", "公司方"),
    ("职工方", "劳方", "员工方", "工会方", "工人方"),
    ("甲方",),
    ("乙方",),
    ("买方",),
    ("卖方",),
    ("主办方",),
    ("承办方", "协办方"),
)

# Nouns that name a dimension (距离, 面积, 总额) and the units a figure of it is printed in: "步行距离
# 是多少" is answered by "步行约5公里", which prints the distance without the word.
_LENGTH = _words("米 公里 千米 里 厘米 毫米 km m")
DIMENSION_UNITS = {
    **{w: _LENGTH for w in _words("距离 路程 里程 长度 全长 总长")},
    **{w: _words("元") for w in _words("总额 金额 数额 总金额")},
    **{w: _words("平方米 亩 公顷 平方公里 万平方米 m²") for w in _words("面积 总面积 建筑面积 占地面积")},
    **{w: _words("克 千克 公斤 吨 斤 kg") for w in _words("重量 总重 总重量")},
}
