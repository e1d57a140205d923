"""The offline pipeline on the seed dataset must keep the bars of the foundation and QA issues.

The bars are written here as well as in the dataset file, so loosening the dataset cannot hide a
regression: 13/13 articles, titles, fields and first/last characters; key-figure recall >= 0.95 and
precision >= 0.90 with every quote verbatim; retrieval recall@5 >= 0.95, figure-question containment
>= 0.80 and at least 2 of the 3 unanswerable questions refused.
"""

from __future__ import annotations

import pytest
from summarizer.evals.dataset import load
from summarizer.evals.run import evaluate

from summarizer.config import Settings
from summarizer.engines import make_engine


@pytest.fixture(scope="module")
def seed_result() -> dict:
    settings = Settings.from_env(engine="offline")
    return evaluate(load("seed_page"), settings, make_engine(settings), echo=lambda _: None)


def test_every_declared_threshold_holds(seed_result: dict) -> None:
    failed = [c for c in seed_result["checks"] if not c["ok"]]
    assert not failed, failed
    assert seed_result["passed"]
    assert len(seed_result["checks"]) >= 13


def test_segmentation_is_exact_on_the_seed(seed_result: dict) -> None:
    seg = seed_result["metrics"]["segmentation"]
    assert seg["articles_gold"] == seg["articles_pred"] == 13
    for k in (
        "title_exact",
        "kicker_exact",
        "subtitle_exact",
        "byline_exact",
        "credit_exact",
        "kind_exact",
        "fields_exact",
        "first_last_ok",
        "boundary_f1",
    ):
        assert seg[k] == 1.0, (k, seed_result["details"]["segmentation"])


def test_key_figures_meet_the_foundation_bars(seed_result: dict) -> None:
    fig = seed_result["metrics"]["figures"]
    details = seed_result["details"]["figures"]
    assert fig["recall"] >= 0.95, details["missing"]
    assert fig["precision"] >= 0.90, details["invented"]
    assert fig["quote_verbatim"] == 1.0


def test_summaries_only_state_numbers_of_their_article(seed_result: dict) -> None:
    s = seed_result["metrics"]["summaries"]
    assert s["summaries"] == 13
    assert s["grounded_share"] == 1.0, seed_result["details"]["summaries"]["ungrounded"]
    assert s["within_length"] == 1.0


def test_qa_meets_the_qa_bars(seed_result: dict) -> None:
    qa = seed_result["metrics"]["qa"]
    misses = seed_result["details"]["qa"]["misses"]
    assert qa["questions"] == 29
    assert qa["recall@5"] >= 0.95
    assert qa["figure_containment"] >= 0.80, misses
    refused, total = map(int, qa["refused"].split("/"))
    assert total == 3 and refused >= 2, misses
