"""Question answering speed on a 10,000-article synthetic corpus (not a test).

Measured side by side in one run over the same queries (the seed's gold questions, made distinct):
BM25 search alone (Index.search, the issue's p95 <= 20 ms target), the retrieval the answerer uses
(a wider pool re-ranked by agreement with the question: summarizer.qa.ask.retrieve), and a whole
offline answer (retrieve + span selection: summarizer.qa.ask.ask). The corpus is bench/retrieval.py's.

    python bench/answering.py [--articles 10000] [--queries 200] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

from retrieval import GOLD, synthetic_corpus  # noqa: E402

from summarizer.engines.offline import OfflineEngine  # noqa: E402
from summarizer.qa.ask import ask, retrieve  # noqa: E402
from summarizer.qa.index import Index  # noqa: E402

TARGET_P95_MS = 20.0


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def timed(fn: Callable[[str], object], queries: list[str]) -> list[float]:
    fn(queries[0])  # warm-up
    out = []
    for q in queries:
        t0 = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    arts = synthetic_corpus(a.articles, rng)
    t0 = time.perf_counter()
    index = Index.build(arts)
    print(f"corpus: {len(arts)} articles; index built in {time.perf_counter() - t0:.1f} s")
    questions = [q["q"] for q in json.loads(GOLD.read_text(encoding="utf-8"))["qa"]]
    queries = [f"{rng.choice(questions)}{'' if i < len(questions) else i}" for i in range(a.queries)]
    engine = OfflineEngine()
    rows = [
        ("Index.search (BM25 only)", timed(lambda q: index.search(q, k=5), queries)),
        ("retrieve (pool + re-rank)", timed(lambda q: retrieve(q, index, k=5), queries)),
        ("ask (retrieve + answer)", timed(lambda q: ask(q, index, engine, k=5), queries)),
    ]
    for name, times in rows:
        p50, p95 = pct(times, 50), pct(times, 95)
        print(f"{name:28s} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  max {max(times):6.1f} ms")
    search_p95, retrieve_p95 = pct(rows[0][1], 95), pct(rows[1][1], 95)
    ok = "ok" if retrieve_p95 <= TARGET_P95_MS else "OVER"
    print(f"re-ranked retrieval p95 {retrieve_p95:.1f} ms ({retrieve_p95 / search_p95:.2f}x search alone; "
          f"target <= {TARGET_P95_MS:.0f} ms) {ok}")  # fmt: skip


if __name__ == "__main__":
    main()
