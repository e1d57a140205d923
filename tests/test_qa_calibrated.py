"""The calibrated refusal decision (summarizer.qa.refusal) on hand-made passages (invented text): a
candidate that breaks no rule but shares little with the question is refused, right answers still
stand, a broken rule still refuses, and the training tool is deterministic."""

from __future__ import annotations

import json
import random

import pytest
from summarizer.evals import train_refusal

import summarizer.qa.refusal as refusal
from summarizer.qa.answering import answer_from_passages
from summarizer.schemas import Passage


def _p(title: str, text: str, index: int = 1, score: float = 1.0) -> Passage:
    return Passage(page="p", article_index=index, title=title, text=text, score=score, date="2024-03-02")


PASSAGES = [
    _p(
        "河滨区职工书屋开进工地",
        "3月1日，河滨区总工会在城东建筑工地新建职工书屋一处，配送图书1200册。\n"
        "书屋由工地项目部负责日常管理，每天晚上开放两小时。\n"
        "区总工会副主席王海燕说，明年还将在更多工地建设书屋。",
    ),
    _p(
        "青川县举办职工篮球赛",
        "青川县第五届职工篮球赛日前落幕，共有16支队伍参赛。\n冠军由县供电公司队获得。",
        2,
        0.6,
    ),
]
# Asked of details the passages never print: the best candidate breaks no rule, but its sentence
# says little of what is asked (where the games were played).
UNPRINTED = ("青川县职工篮球赛在哪个体育馆举行？", "青川县篮球赛决赛在哪里举行？")
PRINTED = (("河滨区工地职工书屋配送图书多少册？", "1200"), ("青川县职工篮球赛冠军是哪支队伍？", "供电公司队"))


@pytest.fixture
def rules_only():
    refusal.ACTIVE.append(None)
    yield
    refusal.ACTIVE.pop()


def test_the_shipped_model_is_switched_on_and_fits_the_features() -> None:
    doc = json.loads(refusal.MODEL_PATH.read_text(encoding="utf-8"))
    assert doc["features"] == list(refusal.FEATURES)
    assert doc["enabled"] is True
    model = refusal.shipped()
    assert model is not None and 0.0 < model.threshold < 1.0
    assert len(model.weights) == len(refusal.FEATURES)


@pytest.mark.parametrize("question", UNPRINTED)
def test_a_weak_candidate_that_breaks_no_rule_is_refused(question: str) -> None:
    assert not answer_from_passages(question, PASSAGES).answerable


@pytest.mark.parametrize("question", UNPRINTED)
def test_the_rules_alone_answer_it(question: str, rules_only: None) -> None:
    assert answer_from_passages(question, PASSAGES).answerable  # what the model adds


@pytest.mark.parametrize(("question", "gold"), PRINTED)
def test_printed_answers_still_stand(question: str, gold: str) -> None:
    ans = answer_from_passages(question, PASSAGES)
    assert ans.answerable and gold in ans.answer


def _model(threshold: float, score_weight: float = 1.0) -> refusal.Model:
    n = len(refusal.FEATURES)
    weights = [0.0] * n
    weights[refusal.FEATURES.index("score")] = score_weight
    return refusal.Model(
        weights=tuple(weights), bias=0.0, mean=(0.0,) * n, scale=(1.0,) * n, threshold=threshold
    )


def test_the_threshold_decides_and_a_broken_rule_always_refuses() -> None:
    question, gold = PRINTED[0]
    for threshold, answered in ((0.01, True), (0.9999, False)):
        refusal.ACTIVE.append(_model(threshold))
        try:
            assert answer_from_passages(question, PASSAGES).answerable is answered
        finally:
            refusal.ACTIVE.pop()
    refusal.ACTIVE.append(_model(0.0))
    try:  # a model never overrides a rule: 出版社 asks for a name ending in 社, none is printed
        assert not answer_from_passages("河滨区职工书屋的图书由哪家出版社捐赠？", PASSAGES).answerable
    finally:
        refusal.ACTIVE.pop()


def test_a_disabled_model_leaves_the_rules() -> None:
    off = refusal.Model(**{**_model(0.9999).__dict__, "enabled": False})
    refusal.ACTIVE.append(off)
    try:
        assert answer_from_passages(UNPRINTED[0], PASSAGES).answerable
    finally:
        refusal.ACTIVE.pop()


def _rows(seed: int) -> list[train_refusal.Row]:
    """Invented feature rows: the score feature separates right answers from unanswerable questions."""
    rng = random.Random(seed)
    i = refusal.FEATURES.index("score")
    out = []
    for k in range(240):
        answerable = k % 3 != 0
        right = answerable and rng.random() < 0.9
        x = [rng.random() * 0.2 for _ in refusal.FEATURES]
        x[i] = (1.2 if right else 0.3) + rng.gauss(0.0, 0.3)
        out.append(
            train_refusal.Row(
                dataset=f"set{k % 2}",
                q=f"q{k}",
                half=("tune", "held")[k % 4 // 2],
                x=x,
                broken=(),
                right=right,
                answerable=answerable,
            )
        )
    return out


def test_training_is_deterministic_and_learns_the_signal() -> None:
    rows = _rows(3)
    totals = {"set0": (80, 40), "set1": (80, 40)}
    first = train_refusal.train(rows, totals).to_json()
    second = train_refusal.train(list(rows), totals).to_json()
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    i = refusal.FEATURES.index("score")
    others = max(abs(w) for j, w in enumerate(first["weights"]) if j != i)
    assert first["weights"][i] > 4 * others  # the one feature that tells them apart weighs most
    model = refusal.Model.from_json(first)
    assert model.probability(rows[1].x if rows[1].right else rows[2].x) > model.threshold
