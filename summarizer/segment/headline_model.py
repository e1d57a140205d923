"""A learned scorer for the readings of a headline group (kicker, title on one line or two, subtitle).

Facts used: the same evidence the hand rules of headlines.py weigh (a kicker's closing mark, a
subtitle's leading dash, letter-spaced display type, a question or exclamation, a profile's "记<who>"
line, each of one_title's tests of a break), plus what any reader of a headline weighs without a
rule for it: the part of speech jieba gives the words on both sides of each line's edges, how long
each line is against the others (a title is set large and long, a kicker and a subtitle are set
apart), the marks a line holds, where it stands in its group. A logistic model (a conditional
logit over the readings _structures allows: its hard constraints stay) weighs them; its weights are
learned across several writers' headlines by evals/train_headlines.py, which writes
headline_weights.json next to this file (regenerate, never hand-edit).

Each reading's features: for every line, its own features under the role the reading gives it
(kicker "K:", subtitle "S:"; the title is the reference role), and for a title over two lines the
break's features ("J:"). The readings' scores are the model's logits: the best is the likeliest.

In the production path (headlines.LEARNED_READINGS): see the measurements there and in
evals/README.md.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import summarizer.segment.headlines as h
from summarizer.segment.lines import has_inner_punct
from summarizer.segment.roles import letter_spaced
from summarizer.segment.thresholds import TITLE_JOIN
from summarizer.segment.words import last_word, squashed
from summarizer.tokens import pos_tokens

WEIGHTS_FILE = Path(__file__).with_name("headline_weights.json")
# Line lengths are given in units of this many characters (a feature near 1 for a typical title).
LENGTH_SCALE = 20.0

# jieba's part-of-speech flags, coarsely: what a line's first and last words are.
_POS_CLASSES = {
    "n": "n",
    "nr": "n",
    "nz": "n",
    "nt": "n",
    "ns": "ns",
    "v": "v",
    "vn": "vn",
    "vd": "v",
    "vi": "v",
    "vg": "v",
    "a": "a",
    "ad": "a",
    "an": "a",
    "m": "m",
    "q": "q",
    "p": "p",
    "c": "c",
    "d": "d",
    "r": "r",
    "f": "f",
    "t": "t",
    "ul": "u",
    "uj": "u",
    "uz": "u",
    "ug": "u",
    "uv": "u",
    "y": "y",
}


def _pos(flag: str) -> str:
    return _POS_CLASSES.get(flag, "eng" if flag == "eng" else "o")


def _edge_pos(text: str) -> tuple[str, str]:
    """The coarse part of speech of the line's first and last words (marks aside)."""
    toks = [t for t in pos_tokens(text) if t.flag != "x"]
    if not toks:
        return "none", "none"
    return _pos(toks[0].flag), _pos(toks[-1].flag)


@lru_cache(maxsize=16384)
def line_features(line: str) -> tuple[tuple[str, float], ...]:
    """A headline line's own features (memoised: a pure function of the string)."""
    t = squashed(line)
    if not t:
        return (("bias", 1.0),)
    first_pos, last_pos = _edge_pos(t)
    bare = t.rstrip("”’」』")
    feats: list[tuple[str, float]] = [
        ("bias", 1.0),
        ("kicker_mark", float(h._is_kicker(line))),
        ("colon_end", float(t.endswith(("：", ":")))),
        ("dash_end", float(t.endswith(("——", "—", "－－", "--")))),
        ("place_label", float(h._place_label(line))),
        ("dash_start", float(h._is_dash_subtitle(line))),
        ("letter_spaced", float(letter_spaced(line))),
        ("asks", float(bare.endswith(("？", "！", "?", "!")))),
        ("profile", float(h._profile_subtitle(t))),
        ("predicate", float(h.has_predicate(t))),
        ("complete", float(h._complete(line))),
        ("statement", float(h._statement(line))),
        ("feature_genre", float(h._feature_subtitle(t))),
        ("quoted_only", float(h._quoted_only(t))),
        ("inner_punct", float(has_inner_punct(t))),
        ("ends_clause", float(h.ends_clause(t))),
        ("ends_noun", float(h._ends_on_noun(t))),
        ("starts_verb", float(h._starts_on_verb(t))),
        ("starts_place", float(h._starts_on_place(t))),
        ("digits", float(any(c.isdigit() for c in t))),
        ("quote", float(any(c in "“”《》" for c in t))),
        ("final_particle", float(last_word(t) in h.FINAL_PARTICLES)),
        ("space_inside", float(" " in line.strip() and not letter_spaced(line))),
        ("units", h.units(t) / LENGTH_SCALE),
        (f"first_pos={first_pos}", 1.0),
        (f"last_pos={last_pos}", 1.0),
    ]
    return tuple(feats)


# Lengths of a title read over two lines, in bins (upper bounds, characters): how likely a title of
# that length is does not fall off in a straight line (short titles are rare, so are very long ones).
LENGTH_BINS = (12, 16, 20, 24, 28)


def _length_bin(units: float) -> str:
    return next((f"le{b}" for b in LENGTH_BINS if units <= b), f"gt{LENGTH_BINS[-1]}")


@lru_cache(maxsize=16384)
def join_features(first: str, second: str) -> tuple[tuple[str, float], ...]:
    """A break's features for reading two lines as one title: one_title's tests (headlines.join_tests)
    and the parts of speech on both sides of the break, the lines' lengths and their ratio."""
    a, b = squashed(first), squashed(second)
    feats: list[tuple[str, float]] = [("bias", 1.0)]
    feats += [(name, float(v)) for name, v in h.join_tests(first, second)]
    if a and b:
        ua, ub = h.units(a), h.units(b)
        feats += [
            (f"before_pos={_edge_pos(a)[1]}", 1.0),
            (f"after_pos={_edge_pos(b)[0]}", 1.0),
            ("digits_across", float(a[-1].isdigit() and b[0].isdigit())),  # a number is never broken
            ("ratio", min(ua, ub) / max(ua, ub, 1)),
            ("first_longer", float(ua > ub)),
            (f"units_sum={_length_bin(ua + ub)}", 1.0),
        ]
    return tuple(feats)


def reading_features(lines: tuple[str, ...], kn: int, tn: int, rule: float) -> dict[str, float]:
    """The features of one reading: kn kicker lines, tn title lines, the rest the subtitle; `rule`
    is the hand rules' score of the reading (headlines._structures)."""
    out: dict[str, float] = {"rule": rule}
    n = len(lines)
    sizes = [h.units(squashed(t)) for t in lines]
    widest = max(sizes) if sizes else 1
    for i, t in enumerate(lines):
        role = "K" if i < kn else "T" if i < kn + tn else "S"
        if role == "T":
            continue  # the reference role: a line's features count only against it
        feats = list(line_features(t))
        feats += [
            ("share", sizes[i] / max(widest, 1)),
            ("widest", float(sizes[i] == widest)),
            ("first_line", float(i == 0)),
            ("last_line", float(i == n - 1)),
            (f"lines={n}", 1.0),
        ]
        for name, v in feats:
            if v:
                key = f"{role}:{name}"
                out[key] = out.get(key, 0.0) + v
    # A title is the display line: a kicker that leads into it and a subtitle that sets out its
    # particulars are measured against it.
    title_units = max(sum(sizes[kn : kn + tn]), 1)
    for i in range(n):
        if kn <= i < kn + tn:
            continue
        role = "K" if i < kn else "S"
        ratio = sizes[i] / title_units
        for name, v in (
            ("to_title", min(ratio, 3.0)),
            ("shorter_than_title", float(ratio < 1)),
            ("half_title", float(ratio <= 0.5)),
        ):
            if v:
                key = f"{role}:{name}"
                out[key] = out.get(key, 0.0) + v
    if kn == 2:
        out["two_line_kicker"] = 1.0
    if tn == 2:
        for name, v in join_features(lines[kn], lines[kn + 1]):
            if v:
                out[f"J:{name}"] = v
        # The rules' score without their verdict on the break (one_title's TITLE_JOIN term).
        joined = TITLE_JOIN if h.one_title(lines[kn], lines[kn + 1]) else -TITLE_JOIN
        out["rule_base"] = rule - joined
    else:
        out["rule_base"] = rule
    return out


@lru_cache(maxsize=1)
def shipped() -> tuple[dict[str, float], str]:
    """The shipped weights (feature name -> weight) and mode ("free": the model picks among every
    reading; "kicker": among those with the rules' kicker); no weights when the file is missing."""
    if not WEIGHTS_FILE.exists():
        return {}, "free"
    doc = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return {str(k): float(v) for k, v in doc["weights"].items()}, str(doc.get("mode", "free"))


def score(feats: dict[str, float], w: dict[str, float]) -> float:
    return sum(v * w.get(k, 0.0) for k, v in feats.items())


def rank(
    lines: tuple[str, ...], readings: list[tuple[float, int, int]], w: dict[str, float]
) -> list[tuple[float, int, int]]:
    """The readings (rule score, kicker lines, title lines) rescored by the model, best first."""
    out = [(score(reading_features(lines, kn, tn, r), w), kn, tn) for r, kn, tn in readings]
    out.sort(key=lambda t: (-t[0], t[1], t[2]))
    return out


# one_title's tests that are facts of the language, not likelihoods: a dictionary word, a number
# and its measure word, or a count and what it counts runs across the break; a quote or bracket is
# left open; the second line opens on a complement, a conjunction or a linking adverb, which finish
# or join the phrase above; the first ends on 把/被 and their noun, on a verb whose object is a verb
# phrase or on one that never closes a clause without its object, or on a place's label and its colon. Two lines a break like that cuts are one field: a
# reading that sets them in two is no reading. (Tests that are likelihoods, such as a question word
# waiting for the ？ below or a word that seldom ends a phrase, are left for the model to weigh: on
# the development groups they join lines of one field in 57-86 % of the cases they fire, these in
# every case.)
HARD_JOINS = frozenset(
    """word_across unbalanced complement number_measure count_across linking_adverb cn_number
    disposal_open coordinator vp_object_verb object_verb place_label ordinal_open pivot_open
    modifier_end""".split()
)
# Tests that set two lines apart whatever else holds: the halves of one title are set alike, and a
# "记<who>" line is a profile's subtitle.
HARD_SPLITS = frozenset(("spacing_differs", "profile_below"))


@lru_cache(maxsize=16384)
def hard_join(first: str, second: str) -> bool:
    """Does a fact of the language (HARD_JOINS) make two consecutive headline lines one field?"""
    if h._is_kicker(first):
        return False  # a kicker's closing mark ends it: the title starts below, whatever the words
    tests = dict(h.join_tests(first, second))
    if any(tests.get(t) for t in HARD_SPLITS):
        return False
    return any(tests.get(t) for t in HARD_JOINS) or _open_question(first, second)


def _open_question(first: str, second: str) -> bool:
    """A question left open at the break: the first line asks (an interrogative, no ？ and no full
    stop of its own) and the second closes on the ？ without asking anything itself ("…能否|按时…？"):
    the question word and its question mark belong to one sentence. (On the development groups
    this joined lines of one field every time it held.)"""
    a, b = squashed(first), squashed(second)
    if not a or not b or a[-1] in "？！?!。":
        return False
    return h._asks(a) and b.rstrip("”’」』").endswith(("？", "?")) and not h._asks(b)


def _keeps_joins(lines: tuple[str, ...], kn: int, tn: int) -> bool:
    """The reading keeps every hard-joined pair of lines in one field (kicker or title)."""
    for i in range(len(lines) - 1):
        if hard_join(lines[i], lines[i + 1]):
            same = (i + 1 < kn) or (kn <= i and i + 1 < kn + tn)
            if not same:
                return False
    return True


def allowed(
    lines: tuple[str, ...], readings: list[tuple[float, int, int]], mode: str
) -> list[tuple[float, int, int]]:
    """The readings the model may choose among in a mode: "free" every one, "kicker" those with the
    rules' kicker, "joins" those that keep hard-joined lines together (all, if none does)."""
    if mode == "kicker":
        return [r for r in readings if r[1] == readings[0][1]]
    if mode == "joins":
        kept = [r for r in readings if _keeps_joins(lines, r[1], r[2])]
        return kept or readings
    return readings


def rerank(lines: tuple[str, ...], readings: list[tuple[float, int, int]]) -> list[tuple[float, int, int]]:
    """The rules' readings (best first) as the shipped model orders them, in its mode."""
    w, mode = shipped()
    if not w or not readings:
        return readings
    return rank(lines, allowed(lines, readings, mode), w)
