"""Which refusal rules carry from one writer's questions to another's: a leave-one-set-out view.

Why: the offline answerer's refusal rules (summarizer.qa.evidence) were written while reading some
question sets; a rule that only fits one writer's habits helps on that set and costs false refusals on
the others. This tool answers every question of several development sets (each written by another
writer) once with all rules, then once per rule with that rule switched off, and prints per set: short
answer containment, unanswerable refused and false refusals, and for each rule how many questions it
turns right (+) or wrong (-) on each set (only the questions where some candidate broke the rule are
answered again, so the view is cheap even over cmrc_trial). A rule that helps only on the set it was written for is a
fit, not a fact.

Run: `python -m summarizer.evals.qa_rules [--sets news_qa_tune news_qa_held ...] [--half tune|held]
[--no-ablation]`. Development tool: never run it on a held-apart set (fresh11, and fresh12 once assembled) nor on news_qa_dev_r while tuning.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from summarizer.evals.split import half_of

import summarizer.qa.answering as answering

DATASETS = Path(__file__).resolve().parent / "datasets"
DEFAULT_SETS = (
    "news_qa_tune",
    "news_qa_held",
    "news_qa_dev_extra",
    "news_qa_dev_e",
    "news_qa_fresh",
    "news_qa_dev_q",
)  # never news_qa_dev_r: the unseen writer's set is scored by number only, its failures not read
K = 5


def squash(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def _load(name: str) -> tuple[list[dict[str, Any]], list[Path]]:
    doc = json.loads((DATASETS / f"{name}.v1.json").read_text(encoding="utf-8"))
    corpus = doc["corpus"] if isinstance(doc["corpus"], list) else [doc["corpus"]]
    return doc["qa"], [DATASETS / c for c in corpus]


def _passages(qa: Sequence[dict[str, Any]], corpus: Sequence[Path]) -> list[list[Any]]:
    """The top-K retrieved passages of every question (retrieval is not what is measured here)."""
    from summarizer.qa.ask import retrieve
    from summarizer.qa.corpus import load_corpus
    from summarizer.qa.index import Index

    articles = load_corpus(list(corpus))
    index = Index.open(articles, None, articles.fingerprint)
    return [retrieve(x["q"], index, K) for x in qa]


@contextmanager
def without(rule: str | None) -> Iterator[None]:
    """The answerer with one rule of summarizer.qa.evidence switched off (None: all rules)."""
    original: Callable[..., list[str]] = answering.problems
    if rule is not None:
        answering.problems = lambda q, span: [r for r in original(q, span) if r != rule]
    try:
        yield
    finally:
        answering.problems = original


def outcomes(
    qa: Sequence[dict[str, Any]], passages: Sequence[list[Any]], fired: list[set[str]] | None = None
) -> list[str]:
    """Per question: 'hit' / 'miss' / 'falsely refused' (answerable), 'refused' / 'answered' (not).
    With `fired`, each question's set gets every rule name a candidate of it broke."""
    out = []
    original = answering.problems
    for i, (x, ps) in enumerate(zip(qa, passages, strict=True)):
        if fired is not None:

            def record(q: Any, span: Any, seen: set[str] = fired[i]) -> list[str]:
                found = original(q, span)
                seen.update(found)
                return found

            answering.problems = record
        try:
            a = answering.answer_from_passages(x["q"], ps)
        finally:
            answering.problems = original
        if not x["answers"]:
            out.append("answered" if a.answerable else "refused")
        elif not a.answerable:
            out.append("falsely refused")
        else:
            need = all if x.get("type") == "cross" else any
            out.append("hit" if need(squash(g) in squash(a.answer) for g in x["answers"]) else "miss")
    return out


def score(res: Sequence[str]) -> dict[str, Any]:
    n_ans = sum(r in ("hit", "miss", "falsely refused") for r in res)
    n_un = len(res) - n_ans
    return {
        "short": round(sum(r == "hit" for r in res) / max(n_ans, 1), 3),
        "refused": round(sum(r == "refused" for r in res) / max(n_un, 1), 3),
        "false_refusals": sum(r == "falsely refused" for r in res),
        "answerable": n_ans,
        "unanswerable": n_un,
    }


def main(argv: Sequence[str] | None = None) -> None:  # pragma: no cover - a maintenance command
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", nargs="+", default=list(DEFAULT_SETS))
    ap.add_argument("--half", choices=("tune", "held"), help="only this half of each set (split.half_of(q))")
    ap.add_argument("--no-ablation", action="store_true")
    ap.add_argument("--show", action="store_true", help="print every question that is not right")
    a = ap.parse_args(argv)
    data = {}
    for name in a.sets:
        qa, corpus = _load(name)
        if a.half:
            qa = [x for x in qa if half_of(x["q"]) == a.half]
        data[name] = (qa, _passages(qa, corpus))
    fired: dict[str, list[set[str]]] = {n: [set() for _ in qa] for n, (qa, _) in data.items()}
    base = {n: outcomes(qa, ps, fired[n]) for n, (qa, ps) in data.items()}
    for n, res in base.items():
        print(n, json.dumps(score(res)))
        if a.show:
            for x, r in zip(data[n][0], res, strict=True):
                if r not in ("hit", "refused"):
                    print(f"   {r:16} {x['q']}  gold={x['answers']}")
    if a.no_ablation:
        return
    rules = sorted(set().union(*(f for fs in fired.values() for f in fs)))
    print("rule: per set, questions turned right(+)/wrong(-) by the rule (= off minus on)")
    good = {"hit", "refused"}
    for rule in rules:
        cells = []
        for n, (qa, ps) in data.items():
            idx = [i for i, f in enumerate(fired[n]) if rule in f]  # only where the rule was asked about
            with without(rule):
                off = outcomes([qa[i] for i in idx], [ps[i] for i in idx])
            on = [base[n][i] for i in idx]
            plus = sum(b in good and o not in good for b, o in zip(on, off, strict=True))
            minus = sum(b not in good and o in good for b, o in zip(on, off, strict=True))
            cells.append(f"{n}:+{plus}/-{minus}")
        print(f"  {rule:12} " + "  ".join(cells))


if __name__ == "__main__":  # pragma: no cover
    main()
