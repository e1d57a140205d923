"""Eval metrics: pure functions over plain dicts, so each can be checked on hand-made cases.

Four families, one per pipeline step: segmentation (boundaries and fields), key figures, summaries
and question answering. Text comparison uses summarizer.text (fold/squash/quantity_key) and the one quantity scanner, so the
evals can never disagree with the segmenter or the grounding rules about "the same text" or "the
same number".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from summarizer.quantities import find_quantities, same_qualifier
from summarizer.text import (
    canonical_unit,
    find_numbers,
    fold,
    number_values,
    quantity_key,
    quantity_keys,
    split_sentences,
    squash,
    ungrounded_numbers,
)

FIELDS = ("title", "kicker", "subtitle", "byline", "credit", "kind")
SNIPPET = 20  # characters of a predicted text used to find it on the page


def ratio(num: float, den: float, empty: float = 1.0) -> float:
    """num/den rounded; `empty` when there is nothing to count (vacuous truth by default)."""
    return round(num / den, 4) if den else empty


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> tuple[float, float, float]:
    p = ratio(tp_pred, n_pred, 1.0 if n_gold == 0 else 0.0)
    r = ratio(tp_gold, n_gold, 1.0)
    f = round(2 * p * r / (p + r), 4) if p + r else 0.0
    return p, r, f


# ---------------------------------------------------------------------------------------------
# Segmentation


def fold_map(page: str) -> tuple[str, list[int]]:
    """The page folded (summarizer.text.fold) plus, for each raw offset, its offset in the folded page."""
    parts: list[str] = []
    idx: list[int] = []
    pos = 0
    for ch in page:
        idx.append(pos)
        f = fold(ch)
        parts.append(f)
        pos += len(f)
    idx.append(pos)
    return "".join(parts), idx


def locate(folded_page: str, first: str, last: str, after: int = 0) -> tuple[int, int] | None:
    """Span (folded offsets) that starts with `first` and ends with `last`, or None if either is missing."""
    f, la = fold(first), fold(last)
    if not f or not la:
        return None
    s = folded_page.find(f, after)
    if s < 0:
        s = folded_page.find(f)
    if s < 0:
        return None
    e = folded_page.find(la, s)
    if e < 0:
        return None
    return s, e + len(la)


def gold_spans(page: str, gold_articles: Sequence[Mapping[str, Any]]) -> list[tuple[int, int] | None]:
    """Body span of each gold article, found on the page by its first_chars/last_chars."""
    folded, _ = fold_map(page)
    spans: list[tuple[int, int] | None] = []
    after = 0
    for a in gold_articles:
        span = locate(folded, a.get("first_chars", ""), a.get("last_chars", ""), after)
        spans.append(span)
        if span:
            after = span[1]
    return spans


def pred_span(
    page: str, article: Mapping[str, Any], folded_map: tuple[str, list[int]] | None = None
) -> tuple[int, int] | None:
    """Body span of a predicted article: its text's first and last characters found on the page.

    Falls back to the article's own start/end offsets when its text does not occur on the page.
    """
    folded, idx = folded_map or fold_map(page)
    text = fold(article.get("text", ""))
    if text:
        span = locate(folded, text[:SNIPPET], text[-SNIPPET:])
        if span:
            return span
    start, end = article.get("start"), article.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(page):
        return idx[start], idx[end]
    return None


def match_boundaries(gold: Iterable[int], pred: Iterable[int], tolerance: int = 0) -> int:
    """How many predicted boundaries fall within `tolerance` of a distinct gold boundary (greedy, sorted)."""
    g = sorted(gold)
    used = [False] * len(g)
    hits = 0
    for b in sorted(pred):
        best = None
        for i, x in enumerate(g):
            if not used[i] and abs(x - b) <= tolerance and (best is None or abs(x - b) < abs(g[best] - b)):
                best = i
        if best is not None:
            used[best] = True
            hits += 1
    return hits


def align(gold: Sequence[tuple[int, int] | None], pred: Sequence[tuple[int, int] | None]) -> dict[int, int]:
    """gold index -> pred index, one-to-one, largest span overlap first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if g and p:
                ov = min(g[1], p[1]) - max(g[0], p[0])
                if ov > 0:
                    pairs.append((ov, gi, pi))
    out: dict[int, int] = {}
    taken: set[int] = set()
    for _, gi, pi in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if gi not in out and pi not in taken:
            out[gi] = pi
            taken.add(pi)
    return out


def segmentation_scores(
    page: str,
    gold_articles: Sequence[Mapping[str, Any]],
    pred_articles: Sequence[Mapping[str, Any]],
    tolerance: int = 0,
) -> dict[str, Any]:
    """Article boundaries (P/R/F1 over body start/end positions on the page) and exact fields.

    Gold articles carry first_chars/last_chars (as in the seed gold); predicted ones are
    `summarizer segment --json` records. Fields are compared with whitespace removed (the gold rule).
    """
    fm = fold_map(page)
    gs = gold_spans(page, gold_articles)
    ps = [pred_span(page, p, fm) for p in pred_articles]
    gb = [b for s in gs if s for b in s]
    pb = [b for s in ps if s for b in s]
    hits = match_boundaries(gb, pb, tolerance)
    p, r, f = prf(hits, len(pb), hits, 2 * len(gold_articles))
    mapping = align(gs, ps)
    # Articles the spans could not place are aligned by title as a last resort.
    by_title = {squash(a.get("title")): i for i, a in enumerate(pred_articles)}
    for gi, a in enumerate(gold_articles):
        pi = by_title.get(squash(a.get("title")))
        if gi not in mapping and pi is not None and pi not in mapping.values():
            mapping[gi] = pi
    ok = {f_: 0 for f_ in FIELDS}
    all_fields = first_last = exact_span = 0
    details = []
    for gi, a in enumerate(gold_articles):
        pa = pred_articles[mapping[gi]] if gi in mapping else {}
        wrong = [f_ for f_ in FIELDS if squash(str(pa.get(f_, ""))) != squash(str(a.get(f_, "")))]
        for f_ in FIELDS:
            ok[f_] += f_ not in wrong
        all_fields += not wrong
        text = squash(pa.get("text", ""))
        fl = (
            bool(pa)
            and text.startswith(squash(a.get("first_chars")))
            and text.endswith(squash(a.get("last_chars")))
        )
        first_last += fl
        span_ok = gi in mapping and gs[gi] is not None and gs[gi] == ps[mapping[gi]]
        exact_span += span_ok
        details.append(
            {
                "id": a.get("id", str(gi + 1)),
                "title": a.get("title", ""),
                "matched": gi in mapping,
                "span_ok": span_ok,
                "wrong_fields": wrong,
                "first_last_ok": fl,
            }
        )
    n = len(gold_articles)
    out: dict[str, Any] = {
        "articles_gold": n,
        "articles_pred": len(pred_articles),
        "article_count_ok": 1.0 if n == len(pred_articles) else 0.0,
        "boundary_precision": p,
        "boundary_recall": r,
        "boundary_f1": f,
        "exact_span": ratio(exact_span, n),
        "first_last_ok": ratio(first_last, n),
        "fields_exact": ratio(all_fields, n),
    }
    out.update({f"{f_}_exact": ratio(ok[f_], n) for f_ in FIELDS})
    out["details"] = details
    out["alignment"] = {gold_articles[g].get("id", str(g + 1)): pi for g, pi in sorted(mapping.items())}
    return out


def class_breakdown(pages: Sequence[tuple[Sequence[Mapping[str, Any]], Sequence[Mapping[str, Any]]]]) -> dict:
    """Every segmentation field per failure class: {class: {"articles": n, "span_exact", "first_last_ok",
    "<field>_exact", "fields_exact"}}.

    pages: (gold articles carrying "classes", the per-article `details` of segmentation_scores for
    that page, in gold order). An article counts for every class it carries, and for "all".
    """
    counts: dict[str, dict[str, int]] = {}
    for gold, details in pages:
        for a, d in zip(gold, details, strict=True):
            for c in ["all", *a.get("classes", [])]:
                row = counts.setdefault(
                    c, {"articles": 0, "span_exact": 0, "first_last_ok": 0, "fields_exact": 0}
                )
                row["articles"] += 1
                row["span_exact"] += bool(d.get("span_ok"))
                row["first_last_ok"] += bool(d.get("first_last_ok"))
                row["fields_exact"] += not d.get("wrong_fields")
                for f_ in FIELDS:
                    row[f"{f_}_exact"] = row.get(f"{f_}_exact", 0) + (f_ not in d.get("wrong_fields", []))
    out: dict[str, dict[str, Any]] = {}
    for c, row in counts.items():
        n = row["articles"]
        out[c] = {"articles": n, **{k: ratio(v, n) for k, v in row.items() if k != "articles"}}
    return out


def meta_scores(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> dict[str, float]:
    """Page furniture kept as metadata: the header and footer lines equal the gold (whitespace removed)."""

    def same(key: str) -> float:
        return (
            1.0 if [squash(x) for x in gold.get(key, [])] == [squash(x) for x in pred.get(key, [])] else 0.0
        )

    return {"meta_header_exact": same("header"), "meta_footer_exact": same("footer")}


# ---------------------------------------------------------------------------------------------
# Key figures


def figure_key(fig: Mapping[str, Any]) -> tuple[float, str] | None:
    """Comparison key of a gold figure ({"text": "近400万元"}) or a predicted one ({value, unit})."""
    keys = figure_keys(fig)
    return keys[0] if keys else None


def figure_keys(fig: Mapping[str, Any]) -> list[tuple[float, str]]:
    """Keys of a gold or predicted figure; a gold range printed as one text ("2元至5元") has both ends."""
    if "text" in fig and fig.get("value") is None:  # a gold figure given by its printed text
        return quantity_keys(str(fig["text"])) or _half_keys(str(fig["text"]))
    v = fig.get("value")
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    key = quantity_key(f"{v}{fig.get('unit', '')}")
    return [key] if key else []


def _half_keys(text: str) -> list[tuple[float, str]]:
    """A gold figure printed as a half of a unit ("半天"): the product's reader leaves 半天 alone where
    it is idiom ("忙了半天"), but a gold figure so printed is a half all the same, and a gold figure
    the scorer cannot key would drop out of recall unseen."""
    t = fold(text).strip()
    if t.startswith("半") and len(t) > 1:
        unit = canonical_unit(t[1:])
        return [(0.5, unit)] if unit else []
    return []


def quote_ok(quote: str | None, article_text: str) -> bool:
    """A quote is verbatim when it is non-empty and occurs in the article (after fold)."""
    q = fold(quote)
    return bool(q) and q in fold(article_text)


FIGURE_KINDS = ("arabic", "chinese", "mixed", "qualified")


def printed_kind(text: str) -> str:
    """The gold note's kind of a printed figure: "qualified" when an approximation word is printed,
    else "chinese" (numerals), "mixed" (digits with a Chinese scale, 5.89万家) or "arabic"."""
    t = fold(text)
    q = next((q for q in find_quantities(t) if q.kind == "quantity" or q.unit), None)
    if q is not None and q.qualifier:
        return "qualified"
    if not find_numbers(t):
        return "chinese"
    n = find_numbers(t)[0]
    return "mixed" if n.scale else "arabic"


def _predicted_kind(fig: Mapping[str, Any]) -> str:
    """Kind of a predicted figure: its qualifier, else how its quote prints the number."""
    if fig.get("qualifier"):
        return "qualified"
    value = fig.get("value")
    unit = str(fig.get("unit", ""))
    for n in find_numbers(fold(str(fig.get("quote", "")))):
        if value is not None and abs(n.number - float(value)) < 1e-9:
            return "mixed" if n.scale or unit.startswith(("万", "亿", "千万")) else "arabic"
    return "chinese"


def _gold_qualifier(g: Mapping[str, Any]) -> str | None:
    """The qualifier a gold figure prints: its "qualifier" field, else the one its text prints; None
    when neither says (a gold text may stop at the unit: "35周岁" for "35周岁以下")."""
    if "qualifier" in g:
        return str(g["qualifier"] or "")
    t = fold(str(g.get("text", "")))
    q = next((q for q in find_quantities(t) if q.unit or q.fraction), None)
    return q.qualifier if q and q.qualifier else None


def _lookalike_hits(
    lookalikes: Mapping[str, Sequence[str]],
    pred: Mapping[str, Sequence[Mapping[str, Any]]],
    known: Mapping[str, set[tuple[float, str]]],
    gold_qualifier: Mapping[tuple[str, tuple[float, str]], str | None],
) -> tuple[int, list[dict[str, Any]]]:
    """Number look-alikes a prediction took for a figure.

    A look-alike is printed text that is not a key figure: a date, rank, identifier or name
    ("2024年", "前八名", "3672次列车"), or a figure's context that must not lend it a qualifier
    ("签约12家", "其余146条"). The first kind is reported when a predicted figure outside the gold
    has one of its numbers; the second when the gold figure inside it is predicted with a qualifier
    the gold does not print.
    """
    n = 0
    hits: list[dict[str, Any]] = []
    for aid, items in lookalikes.items():
        figs = [(figure_key(f), f) for f in pred.get(aid, [])]
        gold = known.get(aid, set())
        for nf in items:
            n += 1
            inside = [
                k
                for q in find_quantities(fold(nf))
                if q.unit and (k := quantity_key(q.span)) is not None and k in gold
            ]
            if inside:
                bad = [
                    f
                    for k, f in figs
                    if k in inside
                    and f.get("qualifier")
                    and not same_qualifier(str(f.get("qualifier")), gold_qualifier.get((aid, k)) or "")
                ]
            else:
                values = number_values(fold(nf)) | {v for v, _ in quantity_keys(nf.lstrip("第前其"))}
                bad = [f for k, f in figs if k is not None and k not in gold and k[0] in values]
            if bad:
                hits.append(
                    {
                        "article": aid,
                        "lookalike": nf,
                        "as": [f"{f.get('value')}{f.get('unit', '')}" for f in bad],
                    }
                )
    return n, hits


def figure_scores(
    gold: Sequence[Mapping[str, Any]],
    pred: Mapping[str, Sequence[Mapping[str, Any]]],
    texts: Mapping[str, str] | None = None,
    lookalikes: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """Key-figure precision/recall/F1, unit accuracy and verbatim quotes, per kind too.

    gold: [{"article": id, "text": "5.89万家", "optional": bool, "kind": ...}]; pred: {article id:
    [KeyFigure dicts]}; texts: {article id: article text} for the quote check; lookalikes: {article id:
    [not-a-figure texts]}. A predicted figure is correct when it has the key of a required or optional
    gold figure of the same article; recall counts required ones only. Duplicates (same key twice in
    one article) count once. Per kind (arabic, chinese, mixed, qualified): recall over the gold of that
    kind (its "kind", else read from its text), precision over the predictions of that kind (read from
    the prediction's qualifier and quote). qualifier_accuracy: correct figures whose qualifier means
    what the gold prints (over gold that says: a "qualifier" field or one in its text);
    lookalikes_excluded: look-alikes no prediction took for a figure.
    """
    texts = texts or {}
    required: dict[str, set] = {}
    optional: dict[str, set] = {}
    kind_of: dict[tuple[str, tuple[float, str]], str] = {}
    qual_of: dict[tuple[str, tuple[float, str]], str | None] = {}
    for g in gold:
        aid = str(g["article"])
        kind = str(g.get("kind") or printed_kind(str(g.get("text", ""))))
        for gk in figure_keys(g):
            (optional if g.get("optional") else required).setdefault(aid, set()).add(gk)
            kind_of.setdefault((aid, gk), kind)
            qual_of.setdefault((aid, gk), _gold_qualifier(g))
    for aid, ks in optional.items():
        ks -= required.get(aid, set())
    n_req = sum(len(v) for v in required.values())
    found: set[tuple[str, tuple[float, str]]] = set()
    n_pred = correct = quotes = n_quoted = unit_n = unit_ok = qual_ok = qual_n = 0
    pred_kind = {k: [0, 0] for k in FIGURE_KINDS}  # kind -> [correct, predicted]
    invented: list[dict[str, Any]] = []
    wrong_qualifier: list[dict[str, Any]] = []
    known_by_article: dict[str, set[tuple[float, str]]] = {}
    for aid, figs in pred.items():
        aid = str(aid)
        known = required.get(aid, set()) | optional.get(aid, set())
        known_by_article[aid] = known
        seen: set = set()
        for fig in figs:
            k = figure_key(fig)
            if k is None or k in seen:
                continue
            seen.add(k)
            n_pred += 1
            pk = _predicted_kind(fig)
            pred_kind[pk][1] += 1
            if aid in texts:
                n_quoted += 1
                quotes += quote_ok(fig.get("quote"), texts[aid])
            same_number = [g for g in known if g[0] == k[0]]
            if same_number:
                unit_n += 1
                unit_ok += k in known
            if k in known:
                correct += 1
                pred_kind[pk][0] += 1
                gq = qual_of.get((aid, k))
                if gq is None:
                    pass
                elif same_qualifier(str(fig.get("qualifier") or ""), gq):
                    qual_ok += 1
                    qual_n += 1
                else:
                    qual_n += 1
                    wrong_qualifier.append(
                        {
                            "article": aid,
                            "figure": f"{k[0]:g}{k[1]}",
                            "gold": gq,
                            "predicted": fig.get("qualifier"),
                        }
                    )
                if k in required.get(aid, set()):
                    found.add((aid, k))
            else:
                invented.append(
                    {
                        "article": aid,
                        "value": fig.get("value"),
                        "unit": fig.get("unit", ""),
                        "quote": fig.get("quote", ""),
                    }
                )
    missing = [
        {"article": aid, "figure": f"{v:g}{u}"}
        for aid, ks in required.items()
        for v, u in sorted(ks)
        if (aid, (v, u)) not in found
    ]
    p, r, f = prf(correct, n_pred, len(found), n_req)
    by_article = {aid: ratio(sum(1 for a, _ in found if a == aid), len(ks)) for aid, ks in required.items()}
    out: dict[str, Any] = {
        "figures_required": n_req,
        "figures_predicted": n_pred,
        "precision": p,
        "recall": r,
        "f1": f,
        "unit_accuracy": ratio(unit_ok, unit_n),
        "quote_verbatim": ratio(quotes, n_quoted),
        "qualifier_accuracy": ratio(qual_ok, qual_n),
    }
    for kind in FIGURE_KINDS:
        gold_k = [(aid, k) for aid, ks in required.items() for k in ks if kind_of.get((aid, k)) == kind]
        if gold_k:
            out[f"recall_{kind}"] = ratio(sum(1 for x in gold_k if x in found), len(gold_k))
        if pred_kind[kind][1]:
            out[f"precision_{kind}"] = ratio(pred_kind[kind][0], pred_kind[kind][1])
    if lookalikes:
        n_look, hits = _lookalike_hits(lookalikes, pred, known_by_article, qual_of)
        out["lookalikes"] = n_look
        out["lookalikes_excluded"] = ratio(n_look - len(hits), n_look)
        out["lookalike_hits"] = hits
    out.update(
        {
            "missing": missing,
            "invented": invented,
            "wrong_qualifier": wrong_qualifier,
            "recall_by_article": by_article,
        }
    )
    return out


# ---------------------------------------------------------------------------------------------
# Summaries


def lead(text: str, limit: int = 150) -> str:
    """The article's opening sentences up to `limit` characters (at least one): a weak reference summary."""
    out = ""
    for s in split_sentences(text):
        if out and len(out) + len(s) > limit:
            break
        out += s
    return out[: max(limit, len(out))]


def char_rouge(hyp: str, ref: str) -> dict[str, float]:
    """ROUGE-1/2/L F1 at character level (rouge-chinese over space-joined characters, whitespace dropped)."""
    h, r = " ".join(squash(hyp)), " ".join(squash(ref))
    if not h or not r:
        return {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    from rouge_chinese import Rouge

    s = Rouge().get_scores(h, r)[0]
    return {
        "rouge1": round(s["rouge-1"]["f"], 4),
        "rouge2": round(s["rouge-2"]["f"], 4),
        "rougeL": round(s["rouge-l"]["f"], 4),
    }


def summary_scores(items: Sequence[Mapping[str, Any]], max_chars: int = 150) -> dict[str, Any]:
    """Length, grounded-number share, gold key-figure coverage and character ROUGE against the lead.

    items: [{"id", "article_text", "summary", "key_points": [...], "gold_figures": ["147个", ...]}].
    A number is grounded when summarizer.text.ungrounded_numbers finds it in the article.
    """
    n_nums = n_bad = cov_n = cov_hit = over = 0
    lengths: list[int] = []
    rouge = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    ungrounded: list[dict[str, Any]] = []
    for it in items:
        summary = it.get("summary", "") or ""
        claim = "\n".join([summary, *(it.get("key_points") or [])])
        source = it.get("article_text", "")
        lengths.append(len(summary))
        over += len(summary) > max_chars
        nums = find_numbers(claim)
        bad = ungrounded_numbers(claim, source)
        n_nums += len(nums)
        n_bad += len(bad)
        if bad:
            ungrounded.append({"id": it.get("id"), "numbers": bad})
        have = number_values(claim)
        for g in it.get("gold_figures") or []:
            k = quantity_key(g)
            if k:
                cov_n += 1
                cov_hit += k[0] in have
        for name, v in char_rouge(summary, lead(source)).items():
            rouge[name] += v
    n = len(items)
    return {
        "summaries": n,
        "mean_length": round(sum(lengths) / n, 1) if n else 0.0,
        "max_length": max(lengths, default=0),
        "within_length": ratio(n - over, n),
        "numbers": n_nums,
        "grounded_share": ratio(n_nums - n_bad, n_nums),
        "figure_coverage": ratio(cov_hit, cov_n, 0.0),
        **{k: round(v / n, 4) if n else 0.0 for k, v in rouge.items()},
        "ungrounded": ungrounded,
    }


# ---------------------------------------------------------------------------------------------
# Question answering


def _titles_for(q: Mapping[str, Any], titles: Mapping[str, str]) -> list[str]:
    ids = [i.strip() for i in str(q.get("article", "")).split(",") if i.strip()]
    return [squash(titles[i]) for i in ids if i in titles]


def qa_scores(
    gold: Sequence[Mapping[str, Any]],
    answers: Mapping[str, Mapping[str, Any]],
    titles: Mapping[str, str],
    ks: Sequence[int] = (1, 3, 5),
) -> dict[str, Any]:
    """Answer containment / exact match, citation correctness, refusals, retrieval recall@k.

    gold: [{"q", "answers": [...], "article": "a01" or "a03,a04", "type"}] ("answers": [] = unanswerable);
    answers: {q: {answer, answerable, citations: [{title, quote}], retrieved: [{title}]}};
    titles: {article id: title}. Containment: a gold answer (all of them for "cross" questions) occurs in
    the answer or its cited quotes; a refusal never contains. Retrieval counts a question when every
    article it needs is among the top k. Questions marked "year" (they name a year that only one of
    several near-duplicate articles matches) are also scored apart: year_answer_containment.
    """
    n_ans = hit = strict = exact = n_fig = fig_hit = n_cite = cite_ok = n_un = refused = wrongly_refused = 0
    n_year = year_hit = 0
    recall = {k: 0 for k in ks}
    n_ret = 0
    misses: list[dict[str, Any]] = []
    for g in gold:
        r = answers.get(g["q"]) or {}
        answer = squash(r.get("answer"))
        cites = r.get("citations") or []
        quotes = "".join(squash(c.get("quote")) for c in cites)
        is_answered = bool(r) and r.get("answerable") is not False
        if not g.get("answers"):
            n_un += 1
            refused += bool(r) and r.get("answerable") is False
            continue
        n_ans += 1
        wrongly_refused += not is_answered
        golds = [squash(a) for a in g["answers"]]
        need = all if g.get("type") == "cross" else any
        ok = is_answered and need(a in answer + quotes for a in golds)
        hit += ok
        strict += is_answered and need(a in answer for a in golds)
        exact += is_answered and answer in golds
        if g.get("type") == "figure":
            n_fig += 1
            fig_hit += ok
        if g.get("year"):  # a question naming the year that only one of near-duplicate articles matches
            n_year += 1
            year_hit += is_answered and need(a in answer for a in golds)
        if not ok:
            misses.append(
                {
                    "q": g["q"],
                    "gold": g["answers"],
                    "answer": r.get("answer", ""),
                    "answerable": r.get("answerable"),
                }
            )
        want = _titles_for(g, titles)
        if want:
            n_ret += 1
            top = [squash(t.get("title")) for t in r.get("retrieved") or []]
            for k in ks:
                recall[k] += all(w in top[:k] for w in want)
            n_cite += 1
            cited = {squash(c.get("title")) for c in cites}
            cite_ok += is_answered and all(w in cited for w in want)
    out: dict[str, Any] = {
        "questions": len(gold),
        "answerable": n_ans,
        "containment": ratio(hit, n_ans),
        "answer_containment": ratio(strict, n_ans),
        "exact_match": ratio(exact, n_ans),
        "figure_containment": ratio(fig_hit, n_fig),
        "year_answer_containment": ratio(year_hit, n_year),
        "citation_correct": ratio(cite_ok, n_cite),
        "refusal_accuracy": ratio(refused, n_un),
        "refused": f"{refused}/{n_un}",
        "false_refusals": wrongly_refused,
    }
    out.update({f"recall@{k}": ratio(v, n_ret) for k, v in recall.items()})
    out["misses"] = misses
    return out


# ---------------------------------------------------------------------------------------------
# Thresholds


def lookup(metrics: Mapping[str, Any], path: str) -> Any:
    """metrics["figures"]["recall"] for path "figures.recall"; None when absent."""
    cur: Any = metrics
    for part in path.split("."):
        if not isinstance(cur, Mapping) or part not in cur:
            return None
        cur = cur[part]
    return cur


def check_thresholds(metrics: Mapping[str, Any], thresholds: Mapping[str, float]) -> list[dict[str, Any]]:
    """One row per declared minimum: {metric, min, value, ok}. A metric that was not measured fails."""
    rows = []
    for path, minimum in thresholds.items():
        value = lookup(metrics, path)
        ok = (
            isinstance(value, (int, float)) and not isinstance(value, bool) and value >= float(minimum) - 1e-9
        )
        rows.append({"metric": path, "min": minimum, "value": value, "ok": bool(ok)})
    return rows
