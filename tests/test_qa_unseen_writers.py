"""Two refusal rules narrowed by facts of Chinese that unseen writers' questions showed (invented
passages): 女 that ends a word (子女, 妇女) names no gender group; a 他 / 她 inside a sentence refers to
the person named just before it."""

from __future__ import annotations

import re

from summarizer.qa.answering import NOT_FOUND, answer_from_passages
from summarizer.qa.evidence import _closes_word, _unnamed_group
from summarizer.schemas import Passage


def _p(title: str, text: str) -> Passage:
    return Passage(page="p", article_index=1, title=title, text=text, score=1.0, date="2024-05-02")


def _short(question: str, passages: list[Passage]) -> str:
    ans = answer_from_passages(question, passages)
    return re.sub(r"\s+", "", ans.answer) if ans.answerable else NOT_FOUND


def test_nu_that_ends_a_kinship_word_names_no_gender_group() -> None:
    q = "青禾市困难家庭的子女读研究生每人可领多少助学金？"
    assert _closes_word(q, q.index("女"), q.index("女") + 1)
    assert not _unnamed_group(q, "青禾市向困难家庭的子女发放助学金。")
    assert _unnamed_group("青禾市有多少名女焊工？", "青禾市焊工共有300名。")  # 女 opens 女焊工: a group
    p = _p("青禾市发放助学金", "青禾市总工会向困难家庭的子女发放助学金，读研究生的每人可领4200元。")
    assert "4200元" in _short(q, [p])


AID = _p(
    "青禾区东湾社区结对照料",
    "青禾区东湾社区的退休教师严素琴独自照顾患病的老伴。社区志愿者每周上门两次，今年已替她垫付药费1.7万元。",
)


def test_a_pronoun_inside_the_sentence_refers_to_the_person_just_named() -> None:
    assert "1.7万元" in _short("社区志愿者今年替严素琴垫付了多少药费？", [AID])


def test_a_pronoun_far_from_the_asked_person_refers_to_another() -> None:
    far = _p(
        "青禾区东湾社区结对照料",
        "严素琴是东湾社区去年结对照料的老人，今年已搬去女儿家同住。"
        + "社区还为辖区独居老人配备了紧急呼叫器，每月组织一次上门体检，并开设了老年食堂，覆盖全部楼栋。" * 2
        + "今年新结对的是退休工人樊德云。社区志愿者每周上门两次，今年已替他垫付药费1.7万元。",
    )
    assert _short("社区志愿者今年替严素琴垫付了多少药费？", [far]) == NOT_FOUND
