"""Measurement, not a rule: would one evidence score, with a threshold, refuse better than the rules?

A question over a corpus of similar reports is often answerable in form only: the right article, a
span of the asked kind, but the detail asked about is printed nowhere near it. The general test would
be that the words saying what is asked are found where the answer is said. This tool scores the
answer the answerer gives (all rules on) two ways and prints, per writer set, the trade-off of
refusing below each threshold: unanswerable questions newly refused (+) against answered questions
lost (-).

- `window`: the share of the question's content words (each weighted by its inverse sentence
  frequency over the retrieved passages' sentences: a word none has is the detail nobody printed)
  found in the answer's sentence, its neighbours and its passage's title;
- `article`: the same share found anywhere in the answer's article;
- `near`: the share of the words next to the interrogative (what is asked of the subject) said with
  the answer's sentence (its words, its title, the sentence before a pronoun).

Run: `python -m summarizer.evals.qa_evidence` (development sets only; dev_e's tune half).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from summarizer.qa.question import Question
from summarizer.qa.sentences import Sentence, mentions, said_with, view_of

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
# A question word of fewer characters than this is a function word or a cut-off piece: not looked for.
WORD_MIN = 2


def focus_weights(q: Question, sentences: Sequence[Sentence]) -> dict[str, float]:
    """The question's content words, each weighted by its inverse sentence frequency over the
    retrieved passages' sentences (numbers and years are left to the year and size rules)."""
    words = [w for w in dict.fromkeys(q.words) if not w.startswith("#") and len(w) >= WORD_MIN]
    n = max(len(sentences), 1)
    out = {}
    for w in words:
        df = sum(1 for s in sentences if w in s.view)
        out[w] = math.log(1 + (n + 1) / (df + 0.5))
    return out


def window(s: Sentence, sentences: Sequence[Sentence]) -> str:
    """The answer's window: its sentence, the sentences before and after it, its passage's title."""
    near = [x.view for x in sentences if x.passage is s.passage and abs(x.position - s.position) == 1]
    return " ".join([s.view, *near, view_of(s.passage.title)])


def evidence(q: Question, s: Sentence, sentences: Sequence[Sentence]) -> float:
    """The share of the question's weighted content words the answer's window names (1.0: all)."""
    weights = focus_weights(q, sentences)
    total = sum(weights.values())
    if not total:
        return 1.0
    text = window(s, sentences)
    return sum(v for w, v in weights.items() if mentions(text, w)) / total


def article_share(q: Question, s: Sentence, sentences: Sequence[Sentence]) -> float:
    """The share of the question's weighted content words the answer's whole article names."""
    weights = focus_weights(q, sentences)
    total = sum(weights.values())
    text = view_of(s.passage.title + " " + s.passage.text)
    return sum(v for w, v in weights.items() if mentions(text, w)) / total if total else 1.0


def near_share(q: Question, s: Sentence) -> float:
    """The share of the words next to the interrogative said with the answer's sentence."""
    if not q.near:
        return 1.0
    text = said_with(s)
    return sum(mentions(text, w) for w in q.near) / len(q.near)


def rows(name: str, half: str | None) -> list[tuple[str, str, float, float, float]]:
    """(outcome, span kind, window score, near score) of every answered question of a set."""
    from summarizer.evals import qa_rules
    from summarizer.evals.split import half_of

    from summarizer.qa.answering import _stand_in, answer_question
    from summarizer.qa.question import analyse
    from summarizer.qa.typed import ranked_sentences

    qa, corpus = qa_rules._load(name)
    if half:
        qa = [x for x in qa if half_of(x["q"]) == half]
    out = []
    for x, ps in zip(qa, qa_rules._passages(qa, corpus), strict=True):
        a, _, spans = answer_question(x["q"], ps)
        if not a.answerable or not spans:
            continue
        q = analyse(x["q"])
        best = _stand_in(q, spans)
        right = bool(x["answers"]) and any(
            qa_rules.squash(g) in qa_rules.squash(a.answer) for g in x["answers"]
        )
        outcome = "hit" if right else "miss" if x["answers"] else "bad"
        sents = ranked_sentences(q, ps)
        out.append(
            (
                outcome,
                best.kind,
                evidence(q, best.sentence, sents),
                near_share(q, best.sentence),
                article_share(q, best.sentence, sents),
            )
        )
    return out


def main() -> None:  # pragma: no cover - a maintenance command
    sets = {n: rows(n, None) for n in ("news_qa_tune", "news_qa_held", "news_qa_dev_extra")}
    sets["news_qa_dev_e(tune)"] = rows("news_qa_dev_e", "tune")
    groups = {"short": ("figure", "entity", "slot", "id", "what"), "sentence": ("sentence", "fallback")}
    for score, col in (("window", 2), ("near", 3), ("article", 4)):
        for g, kinds in groups.items():
            print(f"{score} score, {g} answers: refused+ / lost- below each threshold")
            for t in THRESHOLDS:
                cells = []
                for n, rs in sets.items():
                    mine = [r for r in rs if r[1] in kinds and float(r[col]) < t - 1e-9]
                    cells.append(
                        f"{n}:+{sum(r[0] == 'bad' for r in mine)}/-{sum(r[0] == 'hit' for r in mine)}"
                    )
                print(f"  <{t:.1f} " + "  ".join(cells))


if __name__ == "__main__":  # pragma: no cover
    main()
