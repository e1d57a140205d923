"""Build tests/data/seed_articles.json ONCE from the gold annotation and the seed page (not from the segmenter).

Each gold article's body is located in the page by its gold first/last characters; its lines are
re-joined into paragraphs at lines that end a sentence, and spaces are cleaned with text.clean_spaces.
The output was checked by eye and is frozen: the property tests re-lay these articles. Rerun only if
the gold changes:  python tests/data/make_seed_articles.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from summarizer.text import clean_spaces

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "seeds" / "000_a4725a0873293853.txt"
GOLD = ROOT / "evals" / "datasets" / "seed_page.v1.json"
OUT = Path(__file__).with_name("seed_articles.json")


def main() -> None:
    page = PAGE.read_text(encoding="utf-8")
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    keep = [i for i, ch in enumerate(page) if not ch.isspace()]
    flat = "".join(page[i] for i in keep)
    pos = 0
    out = []
    for a in gold["articles"]:
        first = re.sub(r"\s+", "", a["first_chars"])
        last = re.sub(r"\s+", "", a["last_chars"])
        s = flat.index(first, pos)
        e = flat.index(last, s) + len(last)
        pos = e
        body = page[keep[s] : keep[e - 1] + 1]
        paragraphs, buf = [], []
        for line in body.splitlines():
            line = line.strip()
            if not line:
                continue
            buf.append(line)
            if re.search(r"[。！？][”’）]?$", line):
                paragraphs.append(clean_spaces(" ".join(buf)))
                buf = []
        if buf:
            paragraphs.append(clean_spaces(" ".join(buf)))
        out.append(
            {k: a[k] for k in ("id", "title", "kicker", "subtitle", "byline", "credit", "kind")}
            | {"paragraphs": paragraphs}
        )
    OUT.write_text(
        json.dumps({"page": gold["page"], "articles": out}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
