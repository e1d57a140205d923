"""Build the key-figure datasets from the hand-written eval items (deterministic: same items, same files).

    python -m summarizer.evals.build_figures

Reads `evals/items/figures.{tune,held}.json` (hard cases) and `evals/items/news.{tune,held}.json`
(whole news articles) and writes, for each half, a versioned dataset of "cases" that `summarizer
eval` scores: `figures_own_<half>.v1.json` and `figures_news_<half>.v1.json`. A case is
{id, text, figures, not_figures}; a figure keeps its printed text, value/unit when the item gives
them, qualifier, kind (arabic, chinese, mixed, qualified) and optional; not_figures are the number
look-alikes the text holds (dates, ranks, identifiers, words such as 签约 or 其余). The held half is
copied without being read for anything else: it is scored once, at the end, next to the tune half.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from .dataset import DATASET_DIR
from .metrics import figure_key
from .split import HALVES, ITEMS_DIR, later_sets

VERSION = 1
FIGURE_FIELDS = ("text", "value", "unit", "qualifier", "about", "kind", "optional", "range")
# The bars for the hard cases; whole articles hold every hard case at once, in longer text.
THRESHOLDS = {
    "figures_own": {"figures.recall": 0.97, "figures.precision": 0.98, "figures.quote_verbatim": 1.0},
    "figures_news": {"figures.recall": 0.95, "figures.precision": 0.95, "figures.quote_verbatim": 1.0},
}
NOTES = {
    "figures_own": (
        "Hand-written hard cases for key figures ({half} half of evals/items/figures.*.json, built by "
        "evals/build_figures.py): measure words outside any closed list, Chinese numerals with 万/千/百 and "
        "余/多, qualifiers, ranges, and number look-alikes (dates, ranks, trains, addresses, phone numbers, "
        "names, 签约/其余/附近). A figure counts when it has the same number after 万/亿 scaling and the same "
        "unit (summarizer.text.quantity_key); recall and precision are also reported per kind."
    ),
    "figures_news": (
        "Key figures of whole invented news articles ({half} half of evals/items/news.*.json, built by "
        "evals/build_figures.py): every figure a careful editor lists, with its kind, and the article's "
        "number look-alikes."
    ),
}


def _figure(f: dict[str, Any]) -> dict[str, Any]:
    return {k: f[k] for k in FIGURE_FIELDS if k in f}


def _scorable(f: dict[str, Any]) -> bool:
    """An optional gold figure that states no amount the scorer can key (a vague span such as "大半年",
    most of a year) is left out: it could never be matched, and optional figures only serve precision."""
    return not f.get("optional") or figure_key(f) is not None


def _cases(kind: str, half: str) -> list[dict[str, Any]]:
    source = ITEMS_DIR / f"{'figures' if kind == 'figures_own' else 'news'}.{half}.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    rows = data.get("cases") or data.get("items") or []
    out = []
    for r in rows:
        text = r["text"] if "text" in r else "\n".join(r["paragraphs"])
        out.append(
            {
                "id": r["id"],
                "text": text,
                "figures": [_figure(f) for f in r.get("figures", []) if _scorable(f)],
                "not_figures": list(r.get("not_figures", [])),
            }
        )
    return out


def build(folder: Path = DATASET_DIR) -> list[Path]:
    """Write every figures dataset; returns the paths written."""
    written = []
    for kind in ("figures_own", "figures_news"):
        later = later_sets() if kind == "figures_news" else []
        for half in (*HALVES, *later):
            name = f"{kind}_{half}"
            doc = {
                "name": name,
                "version": VERSION,
                "note": NOTES[kind].format(half=half),
                "cases": _cases(kind, half),
                "thresholds": THRESHOLDS[kind],
            }
            path = folder / f"{name}.v{VERSION}.json"
            path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    for p in build(Path(sys.argv[1]) if len(sys.argv) > 1 else DATASET_DIR):
        print(p)
