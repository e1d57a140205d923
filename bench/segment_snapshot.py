"""The segmenter's whole output on every page we have, dumped to JSON, so a speed change can be checked
to leave it byte-identical (prints counts and a digest; not a test).

    python bench/segment_snapshot.py OUT.json               # record
    python bench/segment_snapshot.py OUT.json --check REF.json  # record, then compare with REF

Pages: the seed page, the news page datasets (tune and held), the re-laid pages, four more layouts of
the tune items (evals/pagegen.py, versions 2-5), the seed page 40 times over (read in runs), and every
PDF dataset (segmented from the generated PDF bytes). Each page's articles are dumped with every field
and offset, and its furniture. With --check, only the names of pages that differ are printed, never
their contents (the held pages are not to be looked at while developing).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.segment import segment_bytes  # noqa: E402
from summarizer.segment.segmenter import segment_text  # noqa: E402

DATASETS = ROOT / "evals" / "datasets"
SEED = ROOT / "seeds" / "000_a4725a0873293853.txt"
TEXT_DATASETS = ("news_pages_tune.v1.json", "news_pages_held.v1.json", "relaid_pages.v2.json")
PDF_DATASETS = (
    "pdf_seed.v1.json",
    "pdf_news_tune.v1.json",
    "pdf_news_held.v1.json",
    "pdf_news_variants.v1.json",
)
EXTRA_TUNE_VERSIONS = (2, 3, 4, 5)


def text_pages() -> dict[str, str]:
    """Every text page by a unique name."""
    seed = SEED.read_text(encoding="utf-8")
    pages = {f"seeds/{SEED.name}": seed, "seed x40": "\n\n".join([seed] * 40)}
    for name in TEXT_DATASETS:
        for page in json.loads((DATASETS / name).read_text(encoding="utf-8"))["pages"]:
            pages[f"{name}/{page['name']}"] = page["text"]
    from summarizer.evals.pagegen import build

    for version in EXTRA_TUNE_VERSIONS:
        for page in build("tune", version)["pages"]:
            pages[f"pagegen tune v{version}/{page['name']}"] = page["text"]
    # Line ends and whitespace the datasets do not vary: CRLF, CR, no blank lines, indents (ideographic
    # spaces, tabs, spaces) and whitespace-only lines.
    for name in [f"seeds/{SEED.name}", *list(pages)[2:8]]:
        text = pages[name]
        pages[f"{name} (CRLF)"] = text.replace("\n", "\r\n")
        pages[f"{name} (CR)"] = text.replace("\n", "\r")
        pages[f"{name} (no blank lines)"] = re.sub(r"\n\s*\n", "\n", text)
        pages[f"{name} (indents)"] = "\n".join(
            ("\u3000\u3000", "\t", "  ", " ", "", "   \n")[k % 6] + line
            for k, line in enumerate(text.split("\n"))
        )
    return pages


def pdf_files() -> dict[str, bytes]:
    """Every PDF dataset's generated file by dataset name."""
    from summarizer.evals.pdfgen import dataset_pages

    files = {}
    for name in PDF_DATASETS:
        spec = json.loads((DATASETS / name).read_text(encoding="utf-8"))["pdf"]
        files[name] = dataset_pages(spec)[0]["pdf"]
    return files


def snapshot() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, text in text_pages().items():
        articles, meta = segment_text(text, name)
        out[name] = {
            "articles": [a.model_dump(mode="json") for a in articles],
            "meta": meta.model_dump(mode="json"),
        }
    for name, data in pdf_files().items():
        for page in segment_bytes(data, name):
            out[f"{name}/{page.name}"] = page.model_dump(mode="json")
    return out


def dump(snap: dict[str, Any]) -> str:
    return json.dumps(snap, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="where the snapshot is written")
    ap.add_argument("--check", type=Path, help="a snapshot recorded before, to compare with")
    args = ap.parse_args()
    snap = snapshot()
    text = dump(snap)
    args.out.write_text(text, encoding="utf-8")
    n_articles = sum(len(p["articles"]) for p in snap.values())
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    print(f"{len(snap)} pages, {n_articles} articles, sha256 {digest}: {args.out}")
    if args.check is None:
        return
    ref = json.loads(args.check.read_text(encoding="utf-8"))
    differ = sorted(k for k in ref.keys() | snap.keys() if ref.get(k) != snap.get(k))
    if text == args.check.read_text(encoding="utf-8"):
        print(f"byte-identical to {args.check}")
        return
    print(f"DIFFERS from {args.check} on {len(differ)} pages:")
    for k in differ:
        print(f"  {k}")
    sys.exit(1)


if __name__ == "__main__":
    main()
