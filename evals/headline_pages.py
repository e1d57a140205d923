"""Headline-group files laid out as pages: the kicker / title / subtitle decision measured on writers
whose groups come without whole articles.

Why: the news items give a few hundred headlines, and only a handful of them carry a kicker with no
mark; the headline-group files (`evals/items/headlines.<set>.json`: kicker, title, subtitle, lead, by
writers of their own) hold many more. Each group becomes a one-paragraph article (its lead), laid
into pages by the same renderer as the datasets (evals/pagegen.py: titles split over two lines, dash
subtitles, letter spacing, bylines, widths, blank lines or none), with the development name pool,
and the segmenter is scored per class on the headline fields only (a lead may open with its own
dateline, which the group files do not list as a byline). Nothing here is a released dataset.

    python -m summarizer.evals.headline_pages dev_m dev_n [--passes 4] [--tag hp1] [--parity 1]

`--parity 1` keeps a file's odd-numbered groups (0: even). Prints numbers only, unless `--problems`
(never on a set kept for checking).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path
from typing import Any

from summarizer.evals import devpages, pagegen

ITEMS_DIR = Path(__file__).resolve().parent / "items"
FIELDS = ("title_exact", "kicker_exact", "subtitle_exact")
# Per-class rows printed (pagegen.CLASSES that bear on the headline decision).
HEADLINE_CLASSES = ("kicker", "subtitle", "split_title", "letter_spaced", "question_title", "lead_byline")


def load_groups(name: str, parity: int | None = None) -> list[dict[str, Any]]:
    """A headline-group file's groups (`headlines.<name>.json`), optionally one parity of their ids."""
    doc = json.loads((ITEMS_DIR / f"headlines.{name}.json").read_text(encoding="utf-8"))
    groups = list(doc["items"])
    if parity is not None:
        groups = [g for g in groups if int(g["id"][1:]) % 2 == parity]
    return groups


# A dateline some writers open their lead with ("本报讯（记者 某某）", "新华社某地某月某日电（…）",
# "本报记者 某某 "): the renderer lays bylines of its own, and a news item's body holds none.
_DATELINE = re.compile(
    r"^(?:(?:本报讯|[^\s，。（]{1,12}[网报台站]讯|[^\s，。（]{0,16}日[讯电])\s*(?:（[^）]{0,40}）)?"
    r"|本报记者\s*[^\s，。]{2,4}(?:\s+|(?=[，。])))\s*"
)


def as_item(group: dict[str, Any], date: str) -> dict[str, Any]:
    """A news item (evals/items/NEWS_SCHEMA.md) with the group's headline and its lead as the body
    (a dateline the writer opened it with taken off: see _DATELINE)."""
    lead = _DATELINE.sub("", group["lead"].strip()).lstrip("，")
    if lead[-1:] not in "。！？”":
        lead += "。"
    return {
        "id": group["id"],
        "group": group["id"],
        "date": date,
        "place": "",
        "kicker": group["kicker"].strip(),
        "title": group["title"].strip(),
        "subtitle": group["subtitle"].strip().lstrip("—－-"),
        "kind": "news",
        "reporters": [],
        "correspondents": [],
        "interns": [],
        "photographers": [],
        "author": "",
        "paragraphs": [lead],
        "figures": [],
        "not_figures": [],
        "qa": [],
        "unanswerable": [],
    }


def build(names: list[str], passes: int, tag: str, parity: int | None = None) -> list[dict[str, Any]]:
    """Pages of the groups, every group laid out `passes` times (8-14 articles a page)."""
    items = [as_item(g, "2024-06-01") for n in names for g in load_groups(n, parity)]
    pages: list[dict[str, Any]] = []
    for p in range(passes):
        rng = random.Random(f"headline_pages:{'+'.join(names)}:{tag}:pass{p}")
        order = list(items)
        rng.shuffle(order)
        while order:
            n = rng.randint(*pagegen.ARTICLES_PER_PAGE)
            if len(order) - n < pagegen.ARTICLES_PER_PAGE[0]:
                n = len(order) if len(order) <= pagegen.ARTICLES_PER_PAGE[1] else len(order) // 2
            chunk, order = order[:n], order[n:]
            pages.append(
                pagegen.lay_page(chunk, rng, devpages.DEV_POOLS, f"hp_{tag}_{p + 1}_{len(pages) + 1:03d}")
            )
    return pages


def headline_scores(pages: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per class: articles and the share with each headline field exact."""
    out = devpages.score(pages)
    rows: dict[str, dict[str, float]] = {}
    for c in ("all", *HEADLINE_CLASSES):
        row = out["classes"].get(c)
        if row:
            rows[c] = {"articles": row["articles"], **{f: row[f] for f in FIELDS}}
    rows["_problems"] = {"count": len(out["problems"])}
    return rows


def use_weights(path: Path) -> None:
    """Read headlines with another weights file of the headline model (a candidate refit)."""
    from summarizer.segment import headline_model

    headline_model.WEIGHTS_FILE = path
    headline_model.shipped.cache_clear()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="+", help="headline-group sets, e.g. dev_h dev_m")
    ap.add_argument("--passes", type=int, default=4)
    ap.add_argument("--tag", default="hp1")
    ap.add_argument("--parity", type=int, choices=(0, 1))
    ap.add_argument(
        "--problems", action="store_true", help="list every wrong article (development sets only)"
    )
    ap.add_argument("--weights", type=Path, help="score with this headline-model weights file instead")
    args = ap.parse_args()
    if args.weights:
        use_weights(args.weights)
    pages = build(args.names, args.passes, args.tag, args.parity)
    if args.problems:
        print("\n".join(devpages.score(pages, verbose=True)["problems"]))
        return
    rows = headline_scores(pages)
    print(f"pages {len(pages)}")
    print(f"{'class':16}{'n':>6} " + " ".join(f"{f.split('_')[0]:>9}" for f in FIELDS))
    for c, row in rows.items():
        if c.startswith("_"):
            continue
        print(f"{c:16}{int(row['articles']):>6} " + " ".join(f"{row[f]:9.3f}" for f in FIELDS))


if __name__ == "__main__":
    main()
