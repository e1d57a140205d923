"""Two refusal rules on facts of Chinese (invented passages): a sentence that introduces the asked
thing with an indefinite article (一家企业, 某医院) does not name it; a sentence that ranks no one does
not answer "第几名"."""

from __future__ import annotations

import re

import pytest

from summarizer.qa import evidence
from summarizer.qa.answering import NOT_FOUND, answer_from_passages
from summarizer.schemas import Passage


def _p(title: str, text: str) -> Passage:
    return Passage(page="p", article_index=1, title=title, text=text, score=1.0, date="2024-05-02")


def _short(question: str, passages: list[Passage]) -> str:
    ans = answer_from_passages(question, passages)
    return re.sub(r"\s+", "", ans.answer) if ans.answerable else NOT_FOUND


FAIR = _p(
    "青禾市春季招聘会举行",
    "青禾市春季招聘会3月2日举行。外来务工人员严冬生在一家农机配件企业的展位前填写了登记表。当天共有86家企业入场。",
)
NAMED = _p(
    "青禾市春季招聘会举行",
    "青禾市春季招聘会3月2日举行。外来务工人员严冬生在青禾远航农机配件企业的展位前填写了登记表。",
)


@pytest.fixture
def rule_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules as before: the indefinite check never holds."""
    monkeypatch.setattr(evidence, "_unnamed_in", lambda q, view: False)


def test_an_indefinite_article_names_nothing() -> None:
    assert _short("严冬生登记应聘的那家农机配件企业叫什么名字？", [FAIR]) == NOT_FOUND


def test_without_the_rule_the_sentence_is_given_as_the_name(rule_off: None) -> None:
    assert _short("严冬生登记应聘的那家农机配件企业叫什么名字？", [FAIR]) != NOT_FOUND


def test_a_named_thing_is_still_answered() -> None:
    assert "青禾远航" in _short("严冬生登记应聘的那家农机配件企业叫什么名字？", [NAMED])


def test_the_indefinite_article_must_introduce_the_asked_noun() -> None:
    from summarizer.qa.question import analyse

    q = analyse("那家农机配件企业叫什么名字？")
    assert evidence._unnamed_in(q, "他在一家农机配件企业的展位前")
    assert not evidence._unnamed_in(q, "一位老人说，青禾远航农机配件企业招人")  # a comma ends the phrase


CONTEST = _p("青禾市焊工比武落幕", "青禾市焊工比武5月落幕，严冬生等320名选手参加，最终48人获评技术能手。")


def test_without_the_rank_rule_the_sentence_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evidence, "_RANK_SAID", re.compile(""))
    assert _short("严冬生在青禾市焊工比武中排第几名？", [CONTEST]) != NOT_FOUND


def test_a_rank_question_is_not_answered_by_a_sentence_that_ranks_no_one() -> None:
    assert _short("严冬生在青禾市焊工比武中排第几名？", [CONTEST]) == NOT_FOUND
    assert evidence._RANK_SAID.search("严冬生获得第三名")
    assert evidence._RANK_SAID.search("他夺得女子组冠军")
