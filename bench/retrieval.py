"""Retrieval speed on a 10,000-article synthetic corpus (not a test).

The corpus re-combines the seed page's sentences (5-20 per article, numbers perturbed so no two
articles are the same text) under the seed titles. Prints the index build time (target <= 10 s), the
time to load the persisted index, and query latency p50/p95 over the seed's gold questions
(target p95 <= 20 ms), measured side by side in one run. bench/archive.py measures 10^4 to 10^6
articles of a realistic vocabulary (this corpus has only the seed page's words).

    python bench/retrieval.py [--articles 10000] [--queries 300] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.qa.corpus import load_corpus  # noqa: E402
from summarizer.qa.index import Index  # noqa: E402
from summarizer.schemas import Article  # noqa: E402
from summarizer.text import split_sentences  # noqa: E402

SEED = ROOT / "seeds" / "000_a4725a0873293853.txt"
GOLD = ROOT / "evals" / "datasets" / "seed_page.v1.json"


def synthetic_corpus(n: int, rng: random.Random) -> list[Article]:
    seed = load_corpus([SEED])
    pool = [s for a in seed for s in split_sentences(a.text)]
    titles = [a.title for a in seed]
    out: list[Article] = []
    for i in range(n):
        k = rng.randint(5, 20)
        sents = [
            re.sub(r"\d+", lambda m: str(int(m.group(0)) + rng.randint(0, 9)), s) for s in rng.sample(pool, k)
        ]
        paras = [" ".join(sents[j : j + 3]) for j in range(0, k, 3)]
        page = f"synthetic-{i // 12:04d}.txt"
        out.append(
            Article(page=page, index=i % 12 + 1, title=f"{rng.choice(titles)}（{i}）", paragraphs=paras)
        )
    return out


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    arts = synthetic_corpus(a.articles, rng)
    chars = sum(len(x.text) for x in arts)
    n_sent = sum(len(split_sentences(x.text)) for x in arts)
    print(f"corpus: {len(arts)} articles, {n_sent} sentences, {chars / 1e6:.1f} M characters")

    with tempfile.TemporaryDirectory() as cache:
        t0 = time.perf_counter()
        index = Index.open(arts, Path(cache), "bench")
        build = time.perf_counter() - t0
        t0 = time.perf_counter()
        loaded = Index.open(arts, Path(cache), "bench")
        load = time.perf_counter() - t0
        assert loaded.loaded_from_disk

    from summarizer.qa import postings
    from summarizer.qa.index import _item

    items = [_item(x) for x in arts[:2000]]
    t0 = time.perf_counter()
    postings.analyse(items)
    serial = time.perf_counter() - t0
    print(f"split + tokenise, one process: {chars / 1e6 * 2000 / len(arts) / serial:.2f} M characters/s "
          f"(machine load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")  # fmt: skip

    questions = [q["q"] for q in json.loads(GOLD.read_text(encoding="utf-8"))["qa"]]
    # distinct query strings, so the question-token cache does not flatter the numbers
    queries = [f"{rng.choice(questions)}{'' if i < len(questions) else i}" for i in range(a.queries)]
    index.search(queries[0], k=5)  # warm-up
    times: list[float] = []
    for q in queries:
        t0 = time.perf_counter()
        hits = index.search(q, k=5)
        times.append((time.perf_counter() - t0) * 1000)
        assert hits
    p50, p95 = pct(times, 50), pct(times, 95)
    print(f"index build + save: {build:.2f} s (build {index.build_seconds:.2f} s, save {build - index.build_seconds:.2f} s;"
          f" target <= 10 s) {'ok' if build <= 10 else 'OVER'}")  # fmt: skip
    print(f"index load from disk: {load:.2f} s ({build / load:.1f}x faster than building)")
    print(f"query latency over {len(times)} queries: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(times):.1f} ms "
          f"(target p95 <= 20 ms) {'ok' if p95 <= 20 else 'OVER'}")  # fmt: skip


if __name__ == "__main__":
    main()
