"""Fit the answerer's calibrated refusal model (summarizer.qa.refusal) and check it across writers.

Why: the hand-written refusal rules fit the writers they were read from; an unseen writer's
unanswerable question often breaks none of them. This tool answers every question of the
development QA sets once and, for every (sub-)question whose best candidate reaches the refusal
decision, records that candidate's features (summarizer.qa.refusal.features) and whether it is right
(a gold answer is in the short answer; never, for an unanswerable question). A logistic model (numpy,
L2, Newton steps: deterministic) learns right answers against unanswerable questions from the news
writers' rows (a wrong answer to an answerable question costs nothing when refused, so it is left
out; cmrc_trial, another genre, only weighs the threshold). The threshold is chosen on out-of-half
probabilities (fitted on the 'tune' half of split.half_of(question), predicting the 'held' half, and
the other way round) to maximise, averaged over the sets, the mean of short-answer containment and
unanswerable refused; then the model is refitted on all rows. The report halves of dev_e and dev_f
(REPORT_HALVES) are never fitted or calibrated on. The rules stay hard: the model only
refuses candidates that break none (answering despite a broken rule was tried and lost on the
held-out writers).

Leave-one-writer-set-out (--lowo): the folds are the writer sets (tune+held: writers a, b; fresh: c,
d; fresh2: e-h; dev_extra; dev_e; dev_f; dev_q). For each fold the model is fitted on the others and
the fold is answered for real (the production path with that model) and scored against the rules alone.
The UNSEEN writer set (dev_r) is no fold: it is answered with the model fitted on all folds and
scored against the rules alone, the check on a writer nothing was fitted or calibrated on.
`--fit-unseen` makes it one more fold (for the model shipped after the check).

Run: `python -m summarizer.evals.train_refusal [--lowo] [--write] [--enable] [--fit-unseen]` (development sets only;
never a held-apart set). `--write` writes summarizer/qa/refusal_model.json from all folds; without
`--enable` the written model is switched off (the rules alone decide).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
from summarizer.evals import qa_rules
from summarizer.evals.split import half_of

import summarizer.qa.answering as answering
import summarizer.qa.refusal as refusal

FOLDS: dict[str, tuple[str, ...]] = {
    "tune+held": ("news_qa_tune", "news_qa_held"),
    "fresh": ("news_qa_fresh",),
    "fresh2": ("news_qa_fresh2",),
    "dev_extra": ("news_qa_dev_extra",),
    "dev_e": ("news_qa_dev_e",),
    "dev_f": ("news_qa_dev_f",),
    "dev_q": ("news_qa_dev_q",),
}
# Writer sets kept for the check on an unseen writer: scored with the model fitted on every fold,
# never fitted or calibrated on (unless --fit-unseen, once the check is taken, folds them in).
UNSEEN: dict[str, tuple[str, ...]] = {"dev_r": ("news_qa_dev_r",)}
# Trained on in every fold (no writer fold of its own: another genre, answerable questions only, so
# it weighs what the model costs in false refusals).
CHECK_SETS = ("cmrc_trial",)
# The report halves (split.half_of) of the sets that have one: scored, never fitted or calibrated on.
REPORT_HALVES = {"news_qa_dev_e": "held", "news_qa_dev_f": "held"}
# L2 penalty on the standardised weights (a few hundred rows per writer: keep the model smooth).
# Chosen by the leave-one-writer-set-out mean over the folds (1, 5, 20, 60, 150, 400 tried with dev_q
# a fold: 60 was best; the unseen writer set played no part in the choice).
L2 = 60.0
NEWTON_STEPS = 30
THRESHOLDS = tuple(round(0.01 * i, 2) for i in range(0, 91))
# Objective values this close to the best count as ties (about two questions of one set: one
# unanswerable question of a 70-question set weighs 0.5 / 70 / the number of sets, about 0.0009).
TIE = 0.002


@dataclass
class Row:
    dataset: str
    q: str
    half: str
    x: list[float]
    broken: tuple[str, ...]
    right: bool
    answerable: bool


@contextmanager
def recording(rows: list[tuple[list[float], tuple[str, ...]]]) -> Iterator[None]:
    """The answerer with every refusal decision recorded and none taken (the candidate is answered)."""
    original = refusal.refuses

    def record(q: Any, best: Any, broken: Sequence[str], spans: Any, sentences: Any) -> bool:
        rows.append((refusal.features(q, best, broken, spans, sentences), tuple(broken)))
        return False

    refusal.refuses = record
    try:
        yield
    finally:
        refusal.refuses = original


def load(name: str) -> tuple[list[dict[str, Any]], list[Any]]:
    qa, corpus = qa_rules._load(name)
    return qa, qa_rules._passages(qa, corpus)


def collect(name: str, qa: Sequence[dict[str, Any]], passages: Sequence[Any]) -> list[Row]:
    out = []
    for x, ps in zip(qa, passages, strict=True):
        golds = [qa_rules.squash(g) for g in x["answers"]]
        for sub in answering.split_question(x["q"]):
            seen: list[tuple[list[float], tuple[str, ...]]] = []
            with recording(seen):
                a, _ = answering.answer_one(sub, ps)
            if not seen:
                continue  # refused before any candidate (or a yes / no question): not the model's
            right = a.answerable and any(g in qa_rules.squash(a.answer) for g in golds)
            feats, broken = seen[-1]
            out.append(Row(name, x["q"], half_of(x["q"]), feats, broken, right, bool(x["answers"])))
    return out


def fit(rows: Sequence[Row]) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """L2-penalised logistic regression by Newton steps; rows of each set weigh 1 / the set's size."""
    x = np.array([r.x for r in rows], dtype=float)
    y = np.array([float(r.right) for r in rows])
    sizes: dict[str, int] = {}
    for r in rows:
        sizes[r.dataset] = sizes.get(r.dataset, 0) + 1
    sw = np.array([len(rows) / (len(sizes) * sizes[r.dataset]) for r in rows])
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = np.hstack([np.ones((len(rows), 1)), (x - mean) / scale])
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], L2)
    penalty[0] = 0.0
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -30, 30)))
        grad = z.T @ (sw * (p - y)) + penalty * w
        hess = (z * (sw * p * (1 - p))[:, None]).T @ z + np.diag(penalty) + 1e-9 * np.eye(z.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return w[1:], float(w[0]), mean, scale


def trainable(rows: Sequence[Row]) -> list[Row]:
    """The rows a model may learn or be calibrated from: all but the report halves."""
    return [r for r in rows if REPORT_HALVES.get(r.dataset) != r.half]


def fitted_on(rows: Sequence[Row]) -> list[Row]:
    """The rows the model learns from: the news writers' (the check sets only weigh the threshold),
    right answers against unanswerable questions (a wrong answer to an answerable question costs
    nothing when refused, so it is left out of what is learned)."""
    return [r for r in rows if r.dataset not in CHECK_SETS and (r.right or not r.answerable)]


def model_of(rows: Sequence[Row], threshold: float = 0.5) -> refusal.Model:
    w, b, mean, scale = fit(fitted_on(rows))
    return refusal.Model(
        weights=tuple(float(v) for v in w),
        bias=b,
        mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) for v in scale),
        threshold=threshold,
    )


def gains(rows: Sequence[Row], totals: dict[str, tuple[int, int]]) -> list[tuple[float, float]]:
    """Per row: what answering and what refusing it adds to the mean over sets of (short + refused) / 2
    (a set without unanswerable questions counts its short answer alone)."""
    n_sets = len({r.dataset for r in rows})
    out = []
    for r in rows:
        n_ans, n_un = totals[r.dataset]
        half = 0.5 if n_un else 1.0
        answer = half * float(r.answerable and r.right) / max(n_ans, 1)
        refuse = half * float(not r.answerable) / max(n_un, 1)
        out.append((answer / n_sets, refuse / n_sets))
    return out


def best_cut(probs: Sequence[float], gain: Sequence[tuple[float, float]], cuts: Sequence[float]) -> float:
    """The lowest cut (answer at or above it) whose gain is within TIE of the best: a gain that
    small is a question or two, noise across writers, and fewer refusals keep other genres whole."""

    def total(t: float) -> float:
        return sum(a if p >= t else r for p, (a, r) in zip(probs, gain, strict=True))

    totals = {t: total(t) for t in cuts}
    top = max(totals.values())
    return min(t for t in cuts if totals[t] >= top - TIE)


def train(rows: Sequence[Row], totals: dict[str, tuple[int, int]]) -> refusal.Model:
    """The model's probabilities out of fold (fitted on one half, predicting the other, both ways),
    the threshold chosen on those over the rows that break no rule (the others are refused by the
    rules), then the model refitted on all rows."""
    clean = [r for r in rows if not r.broken]
    by_half = {h: model_of([r for r in rows if r.half != h]) for h in ("tune", "held")}
    probs = [by_half[r.half].probability(r.x) for r in clean]
    threshold = best_cut(probs, gains(clean, totals), THRESHOLDS)
    return model_of(rows, threshold)


@contextmanager
def using(model: refusal.Model | None) -> Iterator[None]:
    refusal.ACTIVE.append(model)
    try:
        yield
    finally:
        refusal.ACTIVE.pop()


def main(argv: Sequence[str] | None = None) -> None:  # pragma: no cover - a maintenance command
    ap = argparse.ArgumentParser()
    ap.add_argument("--lowo", action="store_true", help="leave-one-writer-set-out check")
    ap.add_argument("--write", action="store_true", help="write summarizer/qa/refusal_model.json")
    ap.add_argument("--enable", action="store_true", help="mark the written model switched on")
    ap.add_argument(
        "--fit-unseen", action="store_true", help="fit on the unseen writer sets too (after the check)"
    )
    a = ap.parse_args(argv)
    folds = {**FOLDS, **UNSEEN} if a.fit_unseen else FOLDS
    unseen = [] if a.fit_unseen else [n for f in UNSEEN.values() for n in f]
    names = [n for f in folds.values() for n in f]
    data = {n: load(n) for n in [*names, *CHECK_SETS, *unseen]}
    with using(None):
        rules = {n: qa_rules.score(qa_rules.outcomes(qa, ps)) for n, (qa, ps) in data.items()}
    rows = {n: collect(n, qa, ps) for n, (qa, ps) in data.items()}
    totals = {n: (rules[n]["answerable"], rules[n]["unanswerable"]) for n in data}
    if a.lowo:
        print("fold        set                 rules(short/refused/FR)   calibrated(short/refused/FR)")
        means: dict[str, list[float]] = {"rules": [], "calibrated": []}
        for fold, sets in folds.items():
            train_rows = trainable([r for n in data if n not in sets and n not in unseen for r in rows[n]])
            model = train(train_rows, totals)
            with using(model):
                for n in sets:
                    cal = qa_rules.score(qa_rules.outcomes(*data[n]))
                    r = rules[n]
                    means["rules"].append((r["short"] + r["refused"]) / 2)
                    means["calibrated"].append((cal["short"] + cal["refused"]) / 2)
                    print(
                        f"{fold:11} {n:19} {r['short']:.3f}/{r['refused']:.3f}/{r['false_refusals']:<3}"
                        f"           {cal['short']:.3f}/{cal['refused']:.3f}/{cal['false_refusals']:<3}"
                        f"   t={model.threshold}"
                    )
        print(
            "mean over the fold sets of (short + refused) / 2: "
            + "  ".join(f"{k} {sum(v) / len(v):.4f}" for k, v in means.items())
        )
    model = train(trainable([r for n in data if n not in unseen for r in rows[n]]), totals)
    with using(model):
        for n in unseen:
            cal = qa_rules.score(qa_rules.outcomes(*data[n]))
            r = rules[n]
            print(
                f"unseen      {n:19} {r['short']:.3f}/{r['refused']:.3f}/{r['false_refusals']:<3}"
                f"           {cal['short']:.3f}/{cal['refused']:.3f}/{cal['false_refusals']:<3}"
                f"   t={model.threshold}  (model fitted on all folds; this set never fitted on)"
            )
        print("in-sample (all folds):")
        for n in data:
            if n in unseen:
                continue
            cal = qa_rules.score(qa_rules.outcomes(*data[n]))
            print(f"  {n:19} rules {json.dumps(rules[n])}\n  {'':19} calib {json.dumps(cal)}")
        for n, half in REPORT_HALVES.items():
            qa, ps = data[n]
            keep = [i for i, x in enumerate(qa) if half_of(x["q"]) == half]
            sub = ([qa[i] for i in keep], [ps[i] for i in keep])
            cal = qa_rules.score(qa_rules.outcomes(*sub))
            with using(None):
                base = qa_rules.score(qa_rules.outcomes(*sub))
            print(
                f"  {n} {half} half (report, not fitted on): rules {json.dumps(base)} calib {json.dumps(cal)}"
            )
    if a.write:
        doc = refusal.Model(**{**model.__dict__, "enabled": a.enable}).to_json()
        refusal.MODEL_PATH.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print("wrote", refusal.MODEL_PATH, "threshold", model.threshold)


if __name__ == "__main__":  # pragma: no cover
    main()
