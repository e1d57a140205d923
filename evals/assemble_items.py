"""Assemble a later set's items file (`evals/items/news.<set>.json`) from its writers' files, blind.

Why: a held-apart set is measured only if nobody tuning the rules has read it, the engineer who
assembles it included. So this prints counts and item ids, never text, and drops what cannot be
checked instead of asking a reader to fix it: a figure, look-alike or answer that is not printed
verbatim in its article, a yes/no question without printed evidence.

    python -m summarizer.evals.assemble_items WRITERS_DIR SET [--write]

WRITERS_DIR holds one JSON list of items per writer (`items_*.json`, schema: items/NEWS_SCHEMA.md).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from .split import ITEMS_DIR

FIELDS: dict[str, type] = {
    **dict.fromkeys(("id", "group", "date", "place", "kicker", "title", "subtitle", "kind", "author"), str),
    **dict.fromkeys(("reporters", "correspondents", "interns", "photographers", "paragraphs"), list),
    **dict.fromkeys(("figures", "not_figures", "qa", "unanswerable"), list),
}
DATE = re.compile(r"20\d\d-\d\d-\d\d")
TITLE_UNITS = (5, 28)  # the schema's title length
# A body must carry neither the lead byline nor the closing credit: the page generator adds them.
BYLINE_OPENING = re.compile(r"^(本报讯|本报记者|新华社|.{0,8}讯（|.{0,10}\d+月\d+日电)")
CREDIT_CLOSING = re.compile(r"(摄|摄影|（[\u4e00-\u9fff、 ]{2,12}）)$")


def clean_item(item: dict[str, Any], dropped: Counter[str], warn: list[str]) -> dict[str, Any] | None:
    """The item with every unverifiable part dropped (counted in `dropped`), or None if malformed."""
    wrong = [k for k, t in FIELDS.items() if not isinstance(item.get(k), t)]
    if wrong or not DATE.fullmatch(item["date"]) or item["kind"] not in ("news", "photo"):
        warn.append(f"{item.get('id')}: malformed ({', '.join(wrong) or 'date or kind'})")
        dropped["item"] += 1
        return None
    paragraphs: list[str] = item["paragraphs"]

    def printed(s: object) -> bool:
        return isinstance(s, str) and bool(s) and any(s in p for p in paragraphs)

    figures = [f for f in item["figures"] if isinstance(f, dict) and printed(f.get("text"))]
    looks = [x for x in item["not_figures"] if printed(x)]
    dropped["figure"] += len(item["figures"]) - len(figures)
    dropped["not_figure"] += len(item["not_figures"]) - len(looks)
    qa = []
    for q in item["qa"]:
        if not isinstance(q, dict) or not isinstance(q.get("q"), str):
            dropped["question"] += 1
            continue
        if q.get("type") == "yesno" or q.get("answers") in (["是"], ["否"]):
            ok = printed(q.get("evidence"))
        else:
            q = {**q, "answers": [a for a in q.get("answers", []) if printed(a)]}
            ok = bool(q["answers"])
        if ok:
            qa.append(q)
        else:
            dropped["question"] += 1
    unanswerable = [q for q in item["unanswerable"] if isinstance(q, dict) and isinstance(q.get("q"), str)]
    if any(BYLINE_OPENING.match(p) or CREDIT_CLOSING.search(p) for p in paragraphs):
        warn.append(f"{item['id']}: a paragraph opens on a byline or closes on a credit")
    if not TITLE_UNITS[0] <= len(item["title"]) <= TITLE_UNITS[1]:
        warn.append(f"{item['id']}: title length {len(item['title'])}")
    return {**item, "figures": figures, "not_figures": looks, "qa": qa, "unanswerable": unanswerable}


def assemble(folder: Path) -> tuple[list[dict[str, Any]], Counter[str], list[str]]:
    dropped: Counter[str] = Counter()
    warn: list[str] = []
    items = []
    for path in sorted(folder.glob("items_*.json")):
        for raw in json.loads(path.read_text(encoding="utf-8")):
            item = clean_item(raw, dropped, warn) if isinstance(raw, dict) else None
            if item is not None:
                items.append(item)
    for what, key in (("id", "id"), ("title", "title")):
        twice = [k for k, n in Counter(i[key] for i in items).items() if n > 1]
        if twice:
            warn.append(f"{len(twice)} {what}s appear twice")
    return items, dropped, warn


def main(argv: list[str] | None = None) -> None:  # pragma: no cover - a maintenance command
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("set")
    ap.add_argument("--write", action="store_true")
    a = ap.parse_args(argv)
    items, dropped, warn = assemble(a.folder)
    print("\n".join(warn) or "no warnings")
    groups = Counter(i["group"] for i in items)
    print(
        f"items {len(items)}, questions {sum(len(i['qa']) for i in items)}, "
        f"unanswerable {sum(len(i['unanswerable']) for i in items)}, groups of 3 {sum(n == 3 for n in groups.values())}, "
        f"figures {sum(len(i['figures']) for i in items)}; dropped {dict(dropped) or 'nothing'}"
    )
    if a.write:
        doc = {
            "kind": "news",
            "half": a.set,
            "note": (
                "Invented news items in the style of a workers' newspaper, written for this project (no text "
                "from any newspaper) by writers who saw neither the code nor the other items; held apart whole "
                "(never looked at while rules are tuned). Schema: evals/items/NEWS_SCHEMA.md."
            ),
            "items": items,
        }
        out = ITEMS_DIR / f"news.{a.set}.json"
        out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out}")


if __name__ == "__main__":  # pragma: no cover
    main()
