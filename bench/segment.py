"""Speed of the segmenter and of the offline summarize path on the seed page (prints numbers; not a test).

    python bench/segment.py [--seconds 3]

Targets: segmentation >= 100 pages/s (issue 2 asked 50; the staged segmenter's speed issue asks
100); offline summarize of the seed page <= 1 s after import.
PDF pages (issue 16): the seed's articles typeset as a PDF page (evals/pdfgen.py) and the tune news
items' broadsheets, read and segmented from their bytes (characters, layout, bylines), in pages/s.
The offline path is segment + extractive summary + key figures for every article, the same work
`summarizer summarize --engine offline` does per page minus file I/O. Modules that are not there yet
print "n/a".
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.segment import segment_page  # noqa: E402

SEED = ROOT / "seeds" / "000_a4725a0873293853.txt"
SEG_TARGET = 100.0
SUMMARIZE_TARGET = 1.0


def pages_per_second(text: str, seconds: float) -> tuple[float, int]:
    n = 0
    t0 = time.perf_counter()
    while True:
        segment_page(text, SEED.name)
        n += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= seconds:
            return n / elapsed, n


def pdf_pages_per_second(seconds: float) -> tuple[float, int, int] | None:
    """PDF pages read and segmented per second, over the seed PDF and the tune broadsheets."""
    try:
        from summarizer.evals.pdfgen import dataset_pages

        from summarizer.segment import segment_bytes
    except ImportError:
        return None
    files = {}
    for spec in ({"items": "seed", "height": 2000}, {"items": "news.tune"}):
        for page in dataset_pages(spec):
            files[page["pdf_file"]] = page["pdf"]
    pages = n = 0
    t0 = time.perf_counter()
    while True:
        for name, data in files.items():
            pages += len(segment_bytes(data, name))
        n += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= seconds:
            return pages / elapsed, pages, len(files)


def offline_timings(text: str, runs: int) -> dict[str, float] | None:
    """Import, one-time warm-up (jieba dictionaries), first page and best later page, in seconds."""
    t0 = time.perf_counter()
    try:
        extractive = importlib.import_module("summarizer.engines.extractive")
        importlib.import_module("summarizer.figures")
        summarize_article = extractive.summarize_article
    except (ImportError, AttributeError):
        return None
    out = {"import": time.perf_counter() - t0}
    t0 = time.perf_counter()
    if hasattr(extractive, "warm_up"):
        extractive.warm_up()
    out["warm_up"] = time.perf_counter() - t0

    def one_page() -> int:
        arts = segment_page(text, SEED.name)
        for a in arts:
            summarize_article(a)
        return len(arts)

    t0 = time.perf_counter()
    out["articles"] = one_page()
    out["first"] = time.perf_counter() - t0
    rest = []
    for _ in range(runs):
        t0 = time.perf_counter()
        one_page()
        rest.append(time.perf_counter() - t0)
    out["best"] = min(rest) if rest else out["first"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=3.0, help="time spent measuring segmentation")
    ap.add_argument("--runs", type=int, default=5, help="offline summarize repetitions after the first")
    args = ap.parse_args()
    text = SEED.read_text(encoding="utf-8")

    rate, n = pages_per_second(text, args.seconds)
    ok = "ok" if rate >= SEG_TARGET else "BELOW TARGET"
    print(
        f"segment: {rate:,.0f} pages/s ({n} runs, {len(text):,} chars/page; target >= {SEG_TARGET:.0f}) {ok}"
    )

    pdf = pdf_pages_per_second(args.seconds)
    if pdf is None:
        print("segment PDF: n/a (reportlab or pypdfium2 not installed)")
    else:
        pdf_rate, pdf_n, n_files = pdf
        print(
            f"segment PDF: {pdf_rate:,.1f} pages/s ({pdf_n} pages from {n_files} PDFs, read from bytes; "
            f"text pages: {rate:,.0f}/s, {rate / pdf_rate:,.0f}x faster)"
        )

    res = offline_timings(text, args.runs)
    if res is None:
        print("offline summarize: n/a (summarizer.engines.extractive / summarizer.figures not available)")
        return
    ok = "ok" if res["first"] <= SUMMARIZE_TARGET else "BELOW TARGET"
    print(
        f"offline summarize: import {res['import']:.2f} s, one-time warm-up (jieba dictionaries) "
        f"{res['warm_up']:.2f} s, then first page {res['first']:.3f} s, later pages {res['best']:.3f} s "
        f"({res['articles']:.0f} articles; target <= {SUMMARIZE_TARGET:.0f} s/page after import) {ok}"
    )
    cold = res["warm_up"] + res["first"]
    print(f"offline summarize, first page including warm-up: {cold:.2f} s")
    print(f"ratio: an offline summary of a page costs {res['best'] * rate:,.0f}x its segmentation")


if __name__ == "__main__":
    main()
