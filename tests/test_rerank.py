"""Re-ranking by agreement with the question: years (printed or publication date) and names."""

from __future__ import annotations

from summarizer.engines.offline import OfflineEngine
from summarizer.qa.ask import ask, retrieve
from summarizer.qa.index import Index
from summarizer.qa.question import analyse
from summarizer.qa.rerank import agreement_factor, entity_share, rerank, year_agreement
from summarizer.schemas import Article, Passage


def _art(index: int, title: str, text: str, date: str = "") -> Article:
    return Article(page="news.jsonl", index=index, title=title, paragraphs=[text], date=date)


# Three reports of one yearly event, the same wording, only the figures and the date differ: the
# year is in the publication date alone ("今年").
YEARLY = [
    _art(1, "河滨区包车送职工返乡", "今年春运，河滨区总工会安排大巴车31辆，免费送职工返乡。", "2022-01-20"),
    _art(2, "河滨区爱心大巴再出发", "今年春运，河滨区总工会安排大巴车38辆，免费送职工返乡。", "2023-01-18"),
    _art(3, "大巴接力送职工回家", "今年春运，河滨区总工会安排大巴车44辆，免费送职工返乡。", "2024-01-25"),
]


def test_the_dated_year_decides_between_near_duplicates() -> None:
    index = Index.build(YEARLY)
    for year, title, figure in [
        (2022, "河滨区包车送职工返乡", "31辆"),
        (2023, "河滨区爱心大巴再出发", "38辆"),
        (2024, "大巴接力送职工回家", "44辆"),
    ]:
        question = f"{year}年春运河滨区总工会安排了多少辆大巴车？"
        assert retrieve(question, index, k=3)[0].title == title
        result = ask(question, index, OfflineEngine(), k=3)
        assert figure in result.answer, (year, result)
        others = {"31辆", "38辆", "44辆"} - {figure}
        assert not any(o in result.answer for o in others), (year, result)
        assert result.citations[0].title == title


def test_a_printed_year_agrees_more_than_a_date() -> None:
    q = analyse("2023年河滨区招聘会提供了多少个岗位？")
    assert year_agreement(q, "2023年全年，河滨区举办招聘会12场。", "2024-01-05") == 1.0
    assert 0 < year_agreement(q, "今年河滨区举办招聘会12场。", "2023-06-01") < 1.0
    assert year_agreement(q, "今年河滨区举办招聘会12场。", "2024-06-01") == -1.0
    assert year_agreement(q, "2021年河滨区举办招聘会12场。") == -1.0
    assert year_agreement(q, "河滨区举办招聘会12场。") == 0.0  # nothing said about years
    assert year_agreement(analyse("河滨区招聘会提供了多少个岗位？"), "2021年…") == 0.0


def test_missing_names_lower_the_factor() -> None:
    q = analyse("唐山市总工会“夏送清凉”活动投入多少资金？")
    here = Passage(
        page="p", article_index=1, title="唐山夏送清凉", text="唐山市总工会“夏送清凉”活动投入资金300万元。"
    )
    other = Passage(page="p", article_index=2, title="兰州工会驿站", text="兰州市总工会今年投入资金460万元。")
    assert entity_share(q, here.title + here.text) == 1.0
    assert entity_share(q, other.title + other.text) == 0.0
    assert agreement_factor(q, other) < agreement_factor(q, here)
    ranked = rerank(q, [other.model_copy(update={"score": 1.0}), here.model_copy(update={"score": 0.9})], k=2)
    assert [p.article_index for p in ranked] == [2, 1][::-1]


def test_without_constraints_the_order_and_scores_stay() -> None:
    q = analyse("安排了多少辆大巴车？")
    ps = [
        Passage(page="p", article_index=i, title=f"t{i}", text="安排大巴车31辆。", score=s)
        for i, s in ((1, 2.0), (2, 1.5), (3, 1.0))
    ]
    ranked = rerank(q, ps, k=2)
    assert [(p.article_index, p.score) for p in ranked] == [(1, 2.0), (2, 1.5)]


def test_unanswerable_when_only_another_place_says_it() -> None:
    """The figure is there, but for another city: a wrong answer is worse than none."""
    index = Index.build(
        [
            _art(1, "兰州工会驿站加码夏日服务", "兰州市总工会今年投入资金460万元，改造工会驿站87个。"),
            _art(2, "青川县新建职工书屋", "今年以来，青川县新建职工书屋18个，配送图书1.2万册。"),
        ]
    )
    result = ask("唐山市总工会今年“夏送清凉”活动共投入多少资金？", index, OfflineEngine())
    assert result.answerable is False, result
