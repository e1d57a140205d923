"""Key-figure scoring per kind, qualifiers and look-alikes (evals.metrics), and the figures datasets
built from the hand-written items (evals.build_figures). Expected scores are counted by hand here."""

from __future__ import annotations

import json
from typing import Any

from summarizer.evals import build_figures
from summarizer.evals import metrics as m
from summarizer.evals.dataset import DATASET_DIR, load

TEXT = "该区签约12家企业，投入近400万元，其余146条正在整改，两部作品入选，2023年举办。"
GOLD = [
    {"article": "a", "text": "12家", "kind": "arabic", "qualifier": ""},  # says it prints none
    {"article": "a", "text": "近400万元", "kind": "qualified"},
    {"article": "a", "text": "146条", "kind": "arabic"},
    {"article": "a", "text": "两部", "kind": "chinese"},
]
LOOKALIKES = {"a": ["签约12家", "其余146条", "2023年"]}


def fig(value: float, unit: str, quote: str, qualifier: str = "") -> dict[str, Any]:
    return {"value": value, "unit": unit, "about": "", "quote": quote, "qualifier": qualifier}


def perfect() -> list[dict[str, Any]]:
    return [
        fig(12, "家", "该区签约12家企业"),
        fig(400, "万元", "投入近400万元", "近"),
        fig(146, "条", "其余146条正在整改"),
        fig(2, "部", "两部作品入选"),
    ]


def test_perfect_prediction_scores_one_per_kind() -> None:
    s = m.figure_scores(GOLD, {"a": perfect()}, {"a": TEXT}, LOOKALIKES)
    for k in ("precision", "recall", "qualifier_accuracy", "lookalikes_excluded"):
        assert s[k] == 1.0, k
    for kind in ("arabic", "chinese", "qualified"):
        assert s[f"recall_{kind}"] == 1.0 and s[f"precision_{kind}"] == 1.0
    assert "recall_mixed" not in s  # no gold of that kind
    assert s["lookalikes"] == 3


def test_a_qualifier_lent_by_a_word_is_a_lookalike_hit_and_a_wrong_qualifier() -> None:
    pred = perfect()
    pred[0] = fig(12, "家", "该区签约12家企业", "约")  # 约 belongs to 签约
    s = m.figure_scores(GOLD, {"a": pred}, {"a": TEXT}, LOOKALIKES)
    assert s["precision"] == 1.0  # the number and unit are right ...
    # ... the qualifier is not: two gold figures say what they print (12家 none, 近400万元 近)
    assert s["qualifier_accuracy"] == 0.5
    assert s["lookalikes_excluded"] == round(2 / 3, 4)
    assert s["lookalike_hits"][0]["lookalike"] == "签约12家"
    # a prediction counted "qualified" by its qualifier, and it is correct: precision per kind holds
    assert s["precision_qualified"] == 1.0 and s["recall_arabic"] == 1.0


def test_a_date_reported_as_a_figure_is_a_lookalike_hit() -> None:
    pred = [*perfect(), fig(2023, "年", "2023年举办")]
    s = m.figure_scores(GOLD, {"a": pred}, {"a": TEXT}, LOOKALIKES)
    assert s["precision"] == 0.8 and s["precision_arabic"] == round(2 / 3, 4)
    assert s["lookalikes_excluded"] == round(2 / 3, 4)


def test_a_missed_chinese_numeral_lowers_its_kind_only() -> None:
    s = m.figure_scores(GOLD, {"a": perfect()[:3]}, {"a": TEXT}, LOOKALIKES)
    assert s["recall_chinese"] == 0.0 and s["recall_arabic"] == 1.0 and s["recall"] == 0.75


def test_a_gold_range_counts_both_ends() -> None:
    gold = [{"article": "b", "text": "2元至5元", "kind": "arabic"}]
    text = "每餐补贴2元至5元不等。"
    both = {"b": [fig(2, "元", "每餐补贴2元至5元不等"), fig(5, "元", "每餐补贴2元至5元不等")]}
    s = m.figure_scores(gold, both, {"b": text})
    assert (s["figures_required"], s["recall"], s["precision"]) == (2, 1.0, 1.0)


def test_gold_kind_is_read_from_its_text_when_not_given() -> None:
    assert [m.printed_kind(t) for t in ("147个", "5.89万家", "两部", "近百万元", "约120人")] == [
        "arabic",
        "mixed",
        "chinese",
        "qualified",
        "qualified",
    ]


# ---------------------------------------------------------------------------------------------
# The datasets


def test_datasets_are_built_deterministically_from_the_items(tmp_path) -> None:
    first = build_figures.build(tmp_path)
    names = sorted(p.name for p in first)
    assert names == sorted(
        [f"{k}_{h}.v1.json" for k in ("figures_own", "figures_news") for h in ("tune", "held")]
        + [f"figures_news_{h}.v1.json" for h in ("fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11")]
    )
    again = {p.name: p.read_bytes() for p in build_figures.build(tmp_path)}
    for p in first:
        assert again[p.name] == (DATASET_DIR / p.name).read_bytes(), f"{p.name}: rerun evals/build_figures.py"


def test_the_hard_case_datasets_meet_the_issue_size_and_bars() -> None:
    tune, held = load("figures_own_tune"), load("figures_own_held")
    cases = tune.cases + held.cases
    assert len(cases) >= 40 and sum(len(c["figures"]) for c in cases) >= 150
    assert not {c["id"] for c in tune.cases} & {c["id"] for c in held.cases}
    for ds in (tune, held):
        assert ds.thresholds["figures.recall"] >= 0.97 and ds.thresholds["figures.precision"] >= 0.98
    kinds = {f.get("kind") for c in tune.cases for f in c["figures"]}
    assert {"arabic", "chinese", "mixed", "qualified"} <= kinds


def test_tune_half_scores_per_kind_through_the_eval() -> None:
    """The offline engine on the tune half, through the same path `summarizer eval` takes."""
    from summarizer.evals.run import evaluate

    from summarizer.config import Settings
    from summarizer.engines import make_engine

    settings = Settings.from_env(engine="offline")
    r = evaluate(load("figures_own_tune"), settings, make_engine(settings), echo=lambda _: None)
    fig_metrics = r["metrics"]["figures"]
    assert r["passed"], r["checks"]
    for kind in ("arabic", "chinese", "mixed", "qualified"):
        assert fig_metrics[f"recall_{kind}"] >= 0.95, kind
    assert fig_metrics["lookalikes_excluded"] >= 0.95
    assert json.dumps(r["details"]["figures"], ensure_ascii=False)  # serialisable for report.json


def test_an_optional_gold_figure_with_no_amount_is_left_out_but_a_required_one_stays() -> None:
    assert not build_figures._scorable({"text": "小半天", "optional": True})  # vague: no amount to key
    assert build_figures._scorable(
        {"text": "小半天", "optional": False}
    )  # required: the sanity test flags it
    assert build_figures._scorable({"text": "3个月", "optional": True})
