"""Build news_qa_dev_extra: more development questions over the news QA articles, written apart.

Why: the refusal rules of the offline answerer were calibrated on about 30 unanswerable questions
per half; this set adds questions of its own (phrased afresh, not taken from the item files) over the
articles of both news QA halves, so that a rule is checked against more than the questions it was
first written for. About half are unanswerable in the way readers' questions are: the article is the
right one, but the detail asked for is not printed (a figure for one item of a list the article
counts together, another year of a yearly report, a person or price it never names). The answers are
copied from the article text. Development material only: the held-apart measure is a fresh set.

Run: `python -m summarizer.evals.qa_dev_extra` (deterministic; rewrites
evals/datasets/news_qa_dev_extra.v1.json).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "evals" / "datasets"
VERSION = 1
NAME = "news_qa_dev_extra"
CORPORA = ("news_qa_tune.v1.corpus.jsonl", "news_qa_held.v1.corpus.jsonl")
THRESHOLDS = {"qa.answer_containment": 0.85, "qa.refusal_accuracy": 0.85}

# (article id, question, answers, type); answers [] = not answerable from any article.
QUESTIONS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("a002", "道里区总工会今冬给每个服务站配发了多少双棉手套？", ("200双",), "count"),
    ("a003", "深圳累计入会的新就业形态劳动者中，外卖骑手有多少人？", ("8万人",), "count"),
    ("a003", "深圳市总工会在全市建成了多少个骑手站点工会？", ("386个",), "count"),
    ("a010", "2023年郑州“平安返乡”爱心包车从哪里发车？", ("二七广场",), "place"),
    ("a010", "2023年郑州工会为每位乘车职工准备的新春礼包价值多少？", ("200元",), "amount"),
    ("a011", "2024年郑州“平安返乡”包车最远的线路全程多少公里？", ("520公里",), "count"),
    ("a012", "2025年郑州爱心包车共安排了多少辆大巴车？", ("62辆",), "count"),
    ("a013", "2021年无锡市职工职业技能大赛有多少名选手进入决赛？", ("412名",), "count"),
    ("a014", "2022年无锡市职工职业技能大赛焊工决赛第一名是谁？", ("陆雅琴",), "person"),
    ("a015", "2023年无锡市职工职业技能大赛一共设了多少个工种？", ("20个",), "count"),
    ("a016", "2019年合肥职工疗休养分多少批次进行？", ("48批次",), "count"),
    ("a016", "合肥公交集团驾驶员刘桂兰开了多少年公交？", ("22年",), "count"),
    ("a019", "昆明新认定的石林疗休养基地占地多少亩？", ("80亩",), "count"),
    ("a021", "青岛“隐患随手拍”活动开展半个月收到多少条隐患线索？", ("2860条",), "count"),
    ("a021", "青岛“隐患随手拍”活动的隐患整改率是多少？", ("94.9%",), "percentage"),
    ("a024", "南宁市总工会志愿者当天在火车站送出了多少副春联？", ("1200副",), "count"),
    ("a025", "成都“一站式”多元联合调处中心运行一年来调解成功率是多少？", ("71.4%",), "percentage"),
    ("a025", "成都调处中心有多少名工会派驻的专职调解员？", ("6名",), "count"),
    ("a026", "2020年贵阳的农民工法律援助团由多少名律师组成？", ("52名",), "count"),
    ("a027", "2021年贵阳工会帮助多少名农民工追回了被拖欠的工资？", ("3980名",), "count"),
    ("a028", "2022年贵阳建设项目的农民工工资专用账户覆盖率达到多少？", ("98.5%",), "percentage"),
    ("a030", "拉萨市总工会在“三八”节为女职工发放了多少册健康读本？", ("500册",), "count"),
    ("a031", "宁波工会会员每人每月最多能买几张9.9元的电影票？", ("两张",), "count"),
    ("a032", "光谷职工创新工作室联盟的首任理事长是谁？", ("胡志勇",), "person"),
    ("a033", "大连市第六届职工足球联赛有多少支球队参赛？", ("48支",), "count"),
    ("a035", "唐山“夏送清凉”慰问组在钢铁企业送出了多少瓶藿香正气水？", ("2000瓶",), "count"),
    ("a038", "石家庄2022年女职工“两癌”免费筛查项目的资金是多少？", ("750万元",), "amount"),
    ("a042", "沈阳工会消费券可以在多少家签约商户使用？", ("1200余家",), "count"),
    ("a050", "苏州工业园区职工子女爱心暑托班每人每天收费多少？", ("20元",), "amount"),
    ("a052", "广州工会发给留岗职工的“新春礼包”每份有多少斤大米？", ("10斤",), "count"),
    ("b013", "福州市第三届家政服务职业技能大赛在哪里举行？", ("福州市技师学院",), "place"),
    ("b014", "西宁城东区社区长者食堂里60周岁以上老人每餐要付多少钱？", ("10元",), "amount"),
    ("b015", "2025年2月7日四川开行了几趟务工专列？", ("4趟",), "count"),
    ("b016", "于都县帮扶车间吸纳了多少名周边村民就业？", ("120人",), "count"),
    ("b017", "呼和浩特市热力公司供暖前组织了多少支检修队伍？", ("120支",), "count"),
    ("b026", "石家庄2020年第二批公租房配租摇号有多少户家庭摇中？", ("1260户",), "count"),
    ("b027", "长沙“八一”退役军人专场招聘会有多少家企业提供岗位？", ("85家",), "count"),
    ("b030", "青岛今年计划新增多少个普惠托位？", ("5000个",), "count"),
    ("b031", "合肥市人社局元旦以来受理了多少条欠薪线索？", ("236条",), "count"),
    ("b034", "柳州螺香园食品有限公司现有员工多少人？", ("420人",), "count"),
    ("b035", "大同平城区已建成社区食堂和老年助餐点多少个？", ("63个",), "count"),
    ("b043", "贵阳观山湖区保障性租赁住房项目共有多少套房源？", ("1080套",), "count"),
    ("b044", "昭觉县南坪社区安置点共安置搬迁群众多少户？", ("4050户",), "count"),
    ("b045", "深圳与百色在东西部协作框架下共建了多少个劳务工作站？", ("8个",), "count"),
    ("b046", "王志刚拿到焊工中级证书后，企业每月给他增加多少技能津贴？", ("300元",), "amount"),
    ("b048", "2020年长春“两节”送温暖活动中各级工会共筹集资金多少？", ("2860万元",), "amount"),
    ("b049", "保靖“五彩苗绣”帮扶车间现有绣娘多少人？", ("68人",), "count"),
    ("b051", "西安目前新职业从业人员超过了多少人？", ("18万人",), "count"),
    ("b052", "淮南已建成尘肺病康复站多少个？", ("14个",), "count"),
    ("a001", "秦皇岛市总工会2024年元旦春节送温暖活动筹集了多少资金？", ("800万元",), "amount"),
    ("a005", "2022年济南“金秋助学”共有多少名农民工子女获得资助？", ("214名",), "count"),
    ("a006", "2023年济南“金秋助学”发放的助学金共计多少？", ("712万元",), "amount"),
    ("a007", "2024年济南“金秋助学”考入本科院校的学生每人资助多少？", ("6000元",), "amount"),
    ("a009", "南京全市已建成各类职工书屋多少家？", ("1600余家",), "count"),
    ("b044", "南坪社区帮扶车间的马秀兰现在每月能挣多少钱？", ("2800元",), "amount"),
    ("a009", "南京市总工会在地铁建设工地向职工书屋捐赠了多少册图书？", ("2000册",), "count"),
    ("a026", "2020年贵阳农民工反映欠薪可拨打的职工服务热线号码是多少？", ("12351",), "other"),
    ("a009", "南京这处地铁建设工地的职工书屋获赠了多少册图书？", ("2000册",), "count"),
    # Not answerable: the right article, a detail it does not print.
    (
        "",
        "评论《根治欠薪，不能只靠“年底冲刺”》提到的这家施工总承包单位存了多少钱的工资保证金？",
        (),
        "unanswerable",
    ),
    ("", "长沙“八一”退役军人专场招聘会的咨询电话是多少？", (), "unanswerable"),
    ("", "合肥市总工会职工疗休养活动的报名电话是多少？", (), "unanswerable"),
    ("", "道里区户外劳动者服务站每天早上几点开门？", (), "unanswerable"),
    ("", "深圳的“骑手服务队”里一共有多少名律师？", (), "unanswerable"),
    ("", "2023年郑州爱心包车每辆车配了几名随车医护人员？", (), "unanswerable"),
    ("", "2021年无锡市职工职业技能大赛焊工决赛第一名是谁？", (), "unanswerable"),
    ("", "2023年无锡职工技能大赛有几名女选手获得工种第一名？", (), "unanswerable"),
    ("", "合肥2019年职工疗休养的一线职工中有多少名公交司机？", (), "unanswerable"),
    ("", "昆明抚仙湖的职工疗休养基地占地多少亩？", (), "unanswerable"),
    ("", "青岛“隐患随手拍”活动中获得积分奖励最多的职工是谁？", (), "unanswerable"),
    ("", "南宁市总工会志愿者当天在火车站服务了多少名农民工？", (), "unanswerable"),
    ("", "成都调处中心的兼职律师每人每周值班几天？", (), "unanswerable"),
    ("", "2020年贵阳工会检查的在建工程项目中有多少个存在欠薪问题？", (), "unanswerable"),
    ("", "2022年贵阳农民工法律援助团比上一年新增了多少名律师？", (), "unanswerable"),
    ("", "拉萨市总工会的健康讲座有多少名男职工参加？", (), "unanswerable"),
    ("", "宁波工会会员普惠观影活动持续到几月几日？", (), "unanswerable"),
    ("", "光谷职工创新工作室联盟的第二任理事长是谁？", (), "unanswerable"),
    ("", "大连市第六届职工足球联赛的冠军是哪支球队？", (), "unanswerable"),
    ("", "唐山“夏送清凉”慰问组送出的遮阳伞每把价值多少钱？", (), "unanswerable"),
    ("", "兰州新建的集装箱式工会驿站每座造价多少？", (), "unanswerable"),
    ("", "石家庄“两癌”免费筛查项目覆盖的困难女职工有多少名？", (), "unanswerable"),
    ("", "沈阳工会消费券首批一共发放了多少张？", (), "unanswerable"),
    ("", "苏州工业园区爱心暑托班的书法课由哪位老师教？", (), "unanswerable"),
    ("", "广州“工会年夜饭”活动中食堂师傅做了多少条清蒸鱼？", (), "unanswerable"),
    ("", "福州家政服务职业技能大赛母婴护理项目的第一名是谁？", (), "unanswerable"),
    ("", "西宁城东区社区长者食堂每天供应多少份午餐？", (), "unanswerable"),
    ("", "2025年2月7日四川开往浙江的务工专列输送了多少名务工人员？", (), "unanswerable"),
    ("", "于都县帮扶车间赶制的出口服装销往哪些国家？", (), "unanswerable"),
    ("", "呼和浩特市今年的供暖将在几月几日结束？", (), "unanswerable"),
    ("", "石家庄2020年第二批公租房中裕华区有多少套房源？", (), "unanswerable"),
    ("", "长沙“八一”专场招聘会提供的物流岗位有多少个？", (), "unanswerable"),
    ("", "宁夏2019年养老金调整中，每月增加最多的退休人员增加了多少？", (), "unanswerable"),
    ("", "青岛普惠托育机构的托位每月向家长收费多少？", (), "unanswerable"),
    ("", "合肥人社局追回的欠薪中金额最大的一笔是多少？", (), "unanswerable"),
    ("", "武汉农民工夜校的学员每节课要交多少学费？", (), "unanswerable"),
    ("", "柳州螺蛳粉产业园今年新增的直播带货人员有多少？", (), "unanswerable"),
    ("", "大同平城区向阳社区长者食堂每月的营业收入是多少？", (), "unanswerable"),
    ("", "贵阳观山湖区保租房项目里70平米户型的月租是多少？", (), "unanswerable"),
    ("", "2023年春节后深圳与百色联合招聘会提供的物流岗位有多少个？", (), "unanswerable"),
    ("", "王志刚2008年刚来郑州打工时每月工资是多少？", (), "unanswerable"),
    ("", "2020年长春送温暖活动送出的食用油每桶有多少升？", (), "unanswerable"),
    ("", "绣娘龙桂芝去年完成了多少件苗绣订单？", (), "unanswerable"),
    ("", "西安高新区的无人机培训基地每年培训多少名学员？", (), "unanswerable"),
    ("", "淮南潘集区尘肺病康复站每周哪一天休息？", (), "unanswerable"),
    ("", "秦皇岛市总工会2023年送温暖活动筹集了多少资金？", (), "unanswerable"),
    ("", "2022年济南“金秋助学”有多少名外卖骑手家庭的学生获得资助？", (), "unanswerable"),
    ("", "2024年济南“金秋助学”有多少名快递员家庭的学生获得资助？", (), "unanswerable"),
    ("", "南京全市职工书屋中市级示范点有多少家？", (), "unanswerable"),
    ("", "厦门湖里区第五届职工趣味运动会拔河比赛的冠军是哪家企业？", (), "unanswerable"),
    ("", "2023年济南“金秋助学”资助的学生中有多少人考入济南大学？", (), "unanswerable"),
    ("", "评论《工会驿站要“建得好”更要“用得好”》提到的站点每年运维费用是多少？", (), "unanswerable"),
    ("", "评论《算法能否多一点“温度”？》提到的骑手平均每天送多少单？", (), "unanswerable"),
    ("", "评论《别让职业病成为打工路上的“隐形伤”》提到的抽查中有多少家企业被处罚？", (), "unanswerable"),
    ("", "2021年贵阳木工张德贵被拖欠的工资是多少？", (), "unanswerable"),
    ("", "2023年郑州爱心包车为随行的农民工子女准备了什么？", (), "unanswerable"),
)


# A second batch, written after the refusal rules of this round and scored once before any change:
# how far the rules carry to questions they were not written for.
SECOND_BATCH: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("a018", "杨振东是哪一年从技校毕业的？", ("1990年",), "date"),
    ("a018", "杨振东的补炉方法每年为企业节约耐火材料费用多少？", ("1200余万元",), "amount"),
    ("a020", "青海省总工会给每家职工书屋配送了多少本图书？", ("600本",), "count"),
    ("a020", "青海省总工会向西宁市城北区多少家企业的职工书屋配送了新书？", ("12家",), "count"),
    ("a022", "长春12351职工服务热线2月份以来共接听了多少个职工咨询？", ("1460个",), "count"),
    ("a023", "杭州快递员的最低劳动报酬标准是每月多少元？", ("2450元",), "amount"),
    ("a023", "杭州快递企业应保障快递员每月至少休息几天？", ("四天",), "count"),
    ("a029", "南昌“春风行动”专场招聘会现场有多少人达成就业意向？", ("1137人",), "count"),
    ("a029", "南昌市总工会对取得职业资格证书的培训学员每人补贴多少？", ("800元",), "amount"),
    ("a036", "林秀英是哪一年从技校毕业进入造船厂的？", ("1997年",), "date"),
    ("a039", "天津滨海新区这家电子企业有多少名女职工？", ("1300多名",), "count"),
    ("a039", "天津全市已建成多少家女职工关爱室？", ("2860家",), "count"),
    ("a039", "天津滨海新区这家电子企业的“爱心妈咪小屋”面积有多大？", ("10平米",), "count"),
    ("a040", "西安机场附近的网约车司机之家面积是多少？", ("120平米",), "count"),
    ("a040", "截至今年8月底，西安有多少名网约车司机加入了工会？", ("4.6万人",), "count"),
    ("a043", "乌鲁木齐市总工会对查出重大隐患的职工给予多少奖励？", ("500元",), "amount"),
    ("", "杨振东的徒弟赵磊今年多大年纪？", (), "unanswerable"),
    ("", "杨振东获得的国家专利中有几项是发明专利？", (), "unanswerable"),
    ("", "青海省总工会配送的电子阅读机每台价值多少钱？", (), "unanswerable"),
    ("", "长春市总工会的律师团队一共有多少名律师？", (), "unanswerable"),
    ("", "杭州快递企业春节期间给坚守岗位的快递员发多少钱红包？", (), "unanswerable"),
    ("", "南昌“春风行动”专场招聘会提供的物流仓储岗位有多少个？", (), "unanswerable"),
    ("", "和林秀英一起学焊接的姑娘中有多少人后来转了岗？", (), "unanswerable"),
    ("", "天津全市女职工关爱室中达到国家级示范标准的有多少家？", (), "unanswerable"),
    ("", "西安这个司机之家每天接待的夜班司机有多少人次？", (), "unanswerable"),
    ("", "网约车司机刘建军每月跑车收入是多少？", (), "unanswerable"),
    ("", "渝北区快递员集中入会仪式上有多少名女快递员入会？", (), "unanswerable"),
    ("", "乌鲁木齐“安全生产月”活动共查出多少处重大隐患？", (), "unanswerable"),
    ("", "厦门湖里区第五届职工趣味运动会有多少名裁判员？", (), "unanswerable"),
    ("", "评论《算法能否多一点“温度”？》提到的调查共访问了多少名骑手？", (), "unanswerable"),
    ("", "评论《工会驿站要“建得好”更要“用得好”》提到的站点中有多少个建在背街小巷？", (), "unanswerable"),
)


def _articles() -> dict[str, str]:
    """{article id: title} over both news QA corpora (ids and titles are unique across them)."""
    titles: dict[str, str] = {}
    for name in CORPORA:
        for line in (OUT_DIR / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                titles[rec["id"]] = rec["title"]
    return titles


def build() -> dict[str, Any]:
    """The dataset document; every answer is checked to be printed in its article."""
    titles = _articles()
    texts: dict[str, str] = {}
    for name in CORPORA:
        for line in (OUT_DIR / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                texts[rec["id"]] = rec["title"] + "\n" + rec["text"]
    qa: list[dict[str, Any]] = []
    for article, q, answers, kind in (*QUESTIONS, *SECOND_BATCH):
        for a in answers:
            if a not in texts[article]:
                raise ValueError(f"{article}: answer {a!r} is not printed in the article")
        qa.append({"q": q, "answers": list(answers), "article": article, "type": kind})
    if len({x["q"] for x in qa}) != len(qa):
        raise ValueError("two questions are the same")
    used = sorted({str(x["article"]) for x in qa if x["article"]})
    return {
        "name": NAME,
        "version": VERSION,
        "note": (
            "Generated by `python -m summarizer.evals.qa_dev_extra`: development questions written "
            "apart from the item files over the articles of both news QA halves (answerable ones "
            "with answers copied from the text; unanswerable ones ask a detail the articles do not "
            "print). Development material, not a held-apart measure."
        ),
        "corpus": list(CORPORA),
        "titles": {i: titles[i] for i in used},
        "thresholds": THRESHOLDS,
        "qa": qa,
    }


def main() -> None:  # pragma: no cover - a maintenance command
    doc = build()
    path = OUT_DIR / f"{NAME}.v{VERSION}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    un = sum(not x["answers"] for x in doc["qa"])
    print(f"{path.name}: {len(doc['qa'])} questions ({un} unanswerable) over {len(doc['titles'])} articles")


if __name__ == "__main__":  # pragma: no cover
    main()
