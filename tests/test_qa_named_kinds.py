"""Questions that ask for something of a named kind (a hotel, a platform's firm, the places or the
countries a list is asked of) and the sentences that only seem to answer them: a count of the kind,
a place word that refers back (全县), the question's own place, cities where countries are asked;
and the person noun a count of people heads (invented passages)."""

from __future__ import annotations

import re

import pytest

from summarizer.qa.answering import NOT_FOUND, answer_from_passages
from summarizer.qa.question import analyse
from summarizer.schemas import Passage


def _p(title: str, text: str, index: int = 1) -> Passage:
    return Passage(page="p", article_index=index, title=title, text=text, score=1.0)


def _short(question: str, passages: list[Passage]) -> str:
    ans = answer_from_passages(question, passages)
    return re.sub(r"\s+", "", ans.answer) if ans.answerable else NOT_FOUND


@pytest.mark.parametrize(
    ("question", "atype"),
    [
        ("柏溪县的厨师技能培训在哪家酒店举办？", "organisation"),
        ("这份职工午餐最早由哪家餐馆供应？", "organisation"),
        ("老周靠哪家网约车平台拉活？", "organisation"),  # 家 counts firms
        ("申领补贴要通过哪个平台提交材料？", "other"),  # a system may be asked by its own name
    ],
)
def test_businesses_are_asked_as_organisations(question: str, atype: str) -> None:
    assert analyse(question).atype == atype


def test_a_count_of_hotels_names_no_hotel() -> None:
    text = "今年春季，柏溪县总工会组织厨师技能培训，县城40多家酒店的260名厨师分三批参训。"
    passage = _p("柏溪县培训酒店厨师", text)
    assert _short("柏溪县的厨师技能培训在哪家酒店举办？", [passage]) == NOT_FOUND
    named = _p("柏溪县培训酒店厨师", "今年春季，柏溪县总工会在溪畔大酒店举办厨师技能培训，260名厨师分三批参训。")
    assert "溪畔大酒店" in _short("柏溪县的厨师技能培训在哪家酒店举办？", [named])


def test_a_list_of_places_is_not_answered_by_a_place_word_that_refers_back() -> None:
    """全县 refers to the county the report named before; it is no county, town or street of its own."""
    text = "柏溪县总工会介绍，明年将在全县新建职工驿站12个，经费由县总工会和乡镇按比例分担。"
    passage = _p("柏溪县将新建职工驿站", text)
    assert _short("柏溪县明年新建的职工驿站将设在哪些乡镇？", [passage]) == NOT_FOUND


def test_the_question_s_own_place_answers_no_list_of_places() -> None:
    text = "柏溪市茶厂的采茶工大多出自外地，今年共有采茶工约3000人。"
    passage = _p("柏溪茶厂采茶工", text)
    assert _short("柏溪茶厂的采茶工大多出自哪些省份？", [passage]) == NOT_FOUND


def test_names_listed_before_dengdi_are_places() -> None:
    """"在云溪、石坪等地": the names 等地 follows are places, whether or not the tagger knows them."""
    text = "近两年，柏溪县在云溪、石坪等地的货运站建起了司机休息室，提供热水和床位。"
    passage = _p("柏溪县建起司机休息室", text)
    answer = _short("柏溪县把司机休息室设在了哪些地方？", [passage])
    assert "云溪" in answer and "石坪" in answer


def test_countries_asked_are_not_answered_by_cities() -> None:
    cities = _p(
        "柏溪竹编走俏",
        "柏溪县竹编合作社与杭州、成都的3家家居公司签订了供货协议，产品包括竹篮、竹席等30多个品种。",
    )
    assert _short("柏溪县竹编合作社的竹篮卖到了哪些国家？", [cities]) == NOT_FOUND
    abroad = _p("柏溪竹编走俏", "今年以来，柏溪县竹编合作社的竹篮、竹席出口到泰国、越南和马来西亚，订单排到了年底。")
    answer = _short("柏溪县竹编合作社的竹篮卖到了哪些国家？", [abroad])
    assert "泰国" in answer and "越南" in answer


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("有多少名生鲜配送司机领到了补贴？", "司机"),  # 配送 says which 司机
        ("有多少名夜间巡逻队员上岗？", "队员"),
        ("多少家企业参加了培训？", "企业"),  # no person is counted: the verb ends the phrase
    ],
)
def test_a_count_of_people_is_headed_by_its_person_noun(question: str, counted: str) -> None:
    assert analyse(question).counted == counted


def test_a_count_of_workers_does_not_answer_for_the_drivers_named_beside_it() -> None:
    """The 350名 counts 职工; the drivers are named in another clause, with no figure of their own."""
    text = "区总工会给物流园区350名职工办了意外保险，生鲜配送司机今年也第一次被列入走访对象。"
    passage = _p("物流园区职工获保障", text)
    assert _short("有多少名生鲜配送司机领到了慰问品？", [passage]) == NOT_FOUND


def test_a_count_of_the_people_someone_visits_is_not_a_count_of_visitors() -> None:
    """"8位空巢老人" counts the old people one visitor calls on (空巢 modifies the noun), not the
    visitors: 老人 and 陪老员 end on different kinds of person (人, 员), whatever character they share.
    A quoted title is conferred on people named by any noun."""
    visit = _p("柏溪县陪老员走街串巷", "在柏溪县，陪老员赵桂芝每天要走访社区里的8位空巢老人，帮他们买菜、量血压。")
    assert _short("柏溪县一共有多少名陪老员？", [visit]) == NOT_FOUND
    titled = _p("柏溪县命名首批工匠", "近日，柏溪县把12名职工评为首批“柏溪工匠”并颁发证书。")
    assert "12名" in _short("柏溪县首批评出了多少名“柏溪工匠”？", [titled])


def test_the_age_of_the_person_someone_cares_for_is_not_the_carer_s() -> None:
    carer = _p("护工林素梅的一天", "今年53岁的护工林素梅，每天清晨都要赶到同村一位瘫痪老人家中，帮老人翻身、擦洗。")
    assert _short("护工林素梅照顾的那位瘫痪老人多大年纪？", [carer]) == NOT_FOUND
    both = _p("护工林素梅的一天", "护工林素梅每天清晨都要赶到同村一位86岁的瘫痪老人家中，帮老人翻身、擦洗。")
    assert "86岁" in _short("护工林素梅照顾的那位瘫痪老人多大年纪？", [both])
