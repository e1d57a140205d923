"""Synthetic newspaper pages for batch, resume and benchmark runs, re-combined from the seed page.

Each page is a random subset of the seed's articles (their raw text, wrapped lines, titles and all),
and every article gets a unique marker "ART-XXXX" (letters only, so it is never read as a number)
inserted after its first sentence. The fake server counts requests per marker, which is how tests
prove that a finished article is never requested again.
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass
from pathlib import Path

from summarizer.segment import segment_page

ROOT = Path(__file__).resolve().parent.parent
SEED_PAGE = ROOT / "seeds" / "000_a4725a0873293853.txt"
MARKER_RE = re.compile(r"ART-[A-Z]{4}")


def marker(n: int) -> str:
    """ART-AAAA, ART-AAAB, ... (base 26, letters only)."""
    letters = []
    for _ in range(4):
        n, r = divmod(n, 26)
        letters.append(string.ascii_uppercase[r])
    return "ART-" + "".join(reversed(letters))


@dataclass
class Corpus:
    folder: Path
    pages: list[Path]
    markers: list[str]  # one per article, in page order

    @property
    def n_articles(self) -> int:
        return len(self.markers)


def seed_blocks(seed_text: str) -> list[str]:
    """The raw text of each seed article (body, byline, credit and title lines, as laid out)."""
    return [seed_text[a.start : a.end] for a in segment_page(seed_text, page="seed")]


def with_marker(block: str, tag: str) -> str:
    """Insert the marker after the first sentence of the article's body."""
    i = block.find("。")
    i = i + 1 if i >= 0 else len(block) // 2
    return f"{block[:i]}（{tag}）{block[i:]}"


def make_corpus(folder: Path, n_articles: int = 210, per_page: int = 10, seed: int = 0) -> Corpus:
    """Write pages to `folder` holding n_articles marked articles; checks the segmenter finds each once."""
    rng = random.Random(seed)
    blocks = seed_blocks(SEED_PAGE.read_text(encoding="utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    pages: list[Path] = []
    markers: list[str] = []
    page_no = 0
    while len(markers) < n_articles:
        count = min(per_page, len(blocks), n_articles - len(markers))
        tags = [marker(len(markers) + i) for i in range(count)]
        path = folder / f"page_{page_no:03d}.txt"
        for _attempt in range(20):
            # a random subset in the seed's own order (a page keeps one layout convention)
            chosen = [blocks[i] for i in sorted(rng.sample(range(len(blocks)), count))]
            text = "\n\n".join(with_marker(b, t) for b, t in zip(chosen, tags, strict=True)) + "\n"
            found = [MARKER_RE.findall(a.text) for a in segment_page(text, page=path.name)]
            if found == [[t] for t in tags]:
                break
        else:
            raise AssertionError(
                f"{path.name}: the segmenter did not find the {count} marked articles: {found}"
            )
        path.write_text(text, encoding="utf-8")
        pages.append(path)
        markers.extend(tags)
        page_no += 1
    return Corpus(folder=folder, pages=pages, markers=markers)
