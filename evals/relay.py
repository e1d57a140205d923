"""Generate evals/datasets/relaid_pages.vN.json: the seed's articles re-laid as other pages, with gold.

Why: one page is a thin test of a segmenter. Re-laying the same thirteen articles with other wrap
widths, with or without blank lines, and with titles before instead of after the body gives pages
whose gold is known without new annotation: titles, fields, first/last characters and key figures
are those of the seed gold. Paragraphs are recovered from the seed with a simple rule (a line that
ends a sentence and is shorter than its neighbours ends a paragraph), kept only as layout.

Deterministic: `python -m summarizer.evals.relay` rewrites every version's file byte for byte the same. A released
version is never changed: new layouts go into a new version (v2 adds spaces around every number and
CRLF line ends).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from summarizer.evals.metrics import fold_map, gold_spans

ROOT = Path(__file__).resolve().parent.parent
SEED_GOLD = ROOT / "evals" / "datasets" / "seed_page.v1.json"
OUT_DIR = ROOT / "evals" / "datasets"
SENT_END = "。！？”）"
NO_LINE_START = "，。、；：？！”’）》」』"

# name, wrap width, titles before the body?, blank line between lines?, spaces around numbers?, line end
Variant = tuple[str, int, bool, bool, bool, str]
V1: list[Variant] = [
    ("relaid_w18_after_blank.txt", 18, False, True, False, "\n"),
    ("relaid_w30_before_blank.txt", 30, True, True, False, "\n"),
    ("relaid_w40_after_tight.txt", 40, False, False, False, "\n"),
    ("relaid_w24_before_tight.txt", 24, True, False, False, "\n"),
]
VERSIONS: dict[int, list[Variant]] = {
    1: V1,
    2: V1
    + [
        ("relaid_w26_after_blank_spaced.txt", 26, False, True, True, "\n"),
        ("relaid_w34_before_tight_spaced_crlf.txt", 34, True, False, True, "\r\n"),
    ],
}
_NUMBER = re.compile(r" *(\d+(?:\.\d+)?) *")


def raw_span(page: str, span: tuple[int, int]) -> str:
    """Raw page text of a folded-offset span."""
    _, idx = fold_map(page)
    start = idx.index(span[0])
    end = max(i for i, v in enumerate(idx) if v <= span[1])
    return page[start:end]


def paragraphs(body: str) -> list[str]:
    """Re-join a hard-wrapped body: a line ending a sentence and clearly shorter than the widest ends a paragraph."""
    lines = [ln.strip() for ln in body.splitlines() if ln.strip()]
    if not lines:
        return []
    width = max(len(ln) for ln in lines)
    out: list[str] = []
    cur = ""
    for ln in lines:
        cur += ln
        if ln[-1] in SENT_END and len(ln) < width - 2:
            out.append(cur)
            cur = ""
    if cur:
        out.append(cur)
    return out


def wrap(paragraph: str, width: int) -> list[str]:
    """Hard-wrap like a PDF extractor: a fixed character count, breaking anywhere (mid-number too),
    except that closing punctuation never starts a line (it stays on the line before, as typeset)."""
    lines: list[str] = []
    i = 0
    while i < len(paragraph):
        j = min(i + width, len(paragraph))
        while j < len(paragraph) and paragraph[j] in NO_LINE_START:
            j += 1
        lines.append(paragraph[i:j])
        i = j
    return lines or [paragraph]


def lay_article(
    a: dict[str, Any], paras: list[str], width: int, title_first: bool, spaced: bool = False
) -> list[str]:
    """Lines of one article: heading block, byline, wrapped body, credit; the seed's conventions."""
    heading = [x for x in (a["kicker"], a["title"], a["subtitle"]) if x]
    body_paras = [_NUMBER.sub(r" \1 ", p) for p in paras] if spaced else list(paras)
    byline_line: list[str] = []
    if a["byline"].startswith("本报讯"):
        body_paras[0] = a["byline"] + body_paras[0]
    elif a["byline"]:
        byline_line = [a["byline"]]
    body = [ln for p in body_paras for ln in wrap(p, width)]
    if a["credit"]:  # typeset as one block: after the last line when it fits, else on a line of its own
        if len(body[-1]) + 1 + len(a["credit"]) <= width:
            body[-1] += " " + a["credit"]
        else:
            body.append(a["credit"])
    return heading + byline_line + body if title_first else byline_line + body + heading


def build(version: int = 1) -> dict[str, Any]:
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    seed = (ROOT / "seeds" / gold["page"]).read_text(encoding="utf-8")
    spans = gold_spans(seed, gold["articles"])
    bodies = [paragraphs(raw_span(seed, s)) for s in spans if s]
    if len(bodies) != len(gold["articles"]):
        raise SystemExit("relay: a gold article was not found on the seed page")
    pages = []
    for name, width, title_first, blank, spaced, eol in VERSIONS[version]:
        lines: list[str] = []
        for a, paras in zip(gold["articles"], bodies, strict=True):
            lines += lay_article(a, paras, width, title_first, spaced)
        text = ((eol * 2) if blank else eol).join(lines) + eol
        layout: dict[str, Any] = {"width": width, "title_first": title_first, "blank_lines": blank}
        if version > 1:
            layout.update({"spaced_numbers": spaced, "line_end": "CRLF" if eol == "\r\n" else "LF"})
        pages.append(
            {
                "name": name,
                "layout": layout,
                "text": text,
                "articles": gold["articles"],
                "figures": gold["figures"],
            }
        )
    extra = " v2 adds spaces around every number and CRLF line ends." if version > 1 else ""
    return {
        "name": "relaid_pages",
        "version": version,
        "note": "The seed page's 13 articles re-laid by evals/relay.py (other wrap widths, titles before or "
        "after the body, with and without blank lines). Gold = the seed gold; regenerate, never hand-edit."
        + extra,
        "pages": pages,
        "thresholds": {
            "segmentation.article_count_ok": 1.0,
            "segmentation.boundary_f1": 0.95,
            "segmentation.title_exact": 0.95,
            "segmentation.fields_exact": 0.9,
            "figures.recall": 0.9,
            "figures.precision": 0.9,
            "figures.quote_verbatim": 1.0,
            "summaries.grounded_share": 1.0,
        },
    }


def path_for(version: int) -> Path:
    return OUT_DIR / f"relaid_pages.v{version}.json"


def main() -> None:
    for version in VERSIONS:
        out = path_for(version)
        out.write_text(json.dumps(build(version), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
