"""Measurement, not a rule: how much of what a question is about its answer's window says.

A question over a corpus of similar reports is often answerable in form only: the right article,
a figure of the asked unit, but the detail asked about (遮阳伞, 某人本人, 脱贫劳动力 among one train's
passengers) is printed nowhere near it. Rules about each kind of detail fit the habits of whoever
wrote the questions they were read from; the general fact behind all of them is that the words that
say what is asked must be found where the answer is said. So every content word of the question is
looked for in the answer's window (its sentence, the sentences next to it, its passage's title),
each weighted by how rare it is among the retrieved passages' sentences (a word every sentence has
tells nothing; a word none has is the detail nobody printed), and the answer passes only when the
found share of that weight clears EVIDENCE_MIN, chosen on calibration data (see
summarizer.evals.qa_rules for the trade-off between refusals and false refusals).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from summarizer.qa.question import Question
from summarizer.qa.sentences import Sentence, mentions, view_of

# The least share of the question's (rarity-weighted) content words an answer's window must name.
EVIDENCE_MIN = 0.0
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
