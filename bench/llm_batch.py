"""LLM batch throughput against the fake server, measured side by side in one run (not a test).

Prints: calls per article cold and warm (targets 1.00 and 0), cold wall time vs the ideal
ceil(n / concurrency) x latency (target <= 1.25x), warm/cold wall ratio (target <= 1/50), and the
pipeline's own overhead per article with the LLM wait taken out (latency 0, one worker; target <= 5 ms).

    python bench/llm_batch.py [--articles 48] [--latency 0.3] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.config import Settings  # noqa: E402
from summarizer.engines.base import CallMeta, SummaryResult  # noqa: E402
from summarizer.schemas import Article, ArticleSummary  # noqa: E402
from summarizer.summarize.run import run_summarize  # noqa: E402
from tests.batch_corpus import make_corpus  # noqa: E402


class InstantEngine:
    """Returns a fixed summary at once: what is left is the batch's own cost (read, segment, write, digest)."""

    name = "instant"

    def summarize(self, article: Article) -> SummaryResult:
        return SummaryResult(
            ArticleSummary(summary=article.title, key_points=[article.title]), CallMeta("instant")
        )


class ServerProcess:
    """tests/fake_openai.py in its own process, so its work does not share our GIL (as a real server)."""

    def __init__(self, latency: float) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.fake_openai", "--latency", str(latency)],
            cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.proc.stdout is not None
        self.base_url = self.proc.stdout.readline().strip()

    def total(self) -> int:
        with urllib.request.urlopen(self.base_url.removesuffix("/v1") + "/_fake/counts") as r:
            return int(json.load(r)["total"])

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def one_run(
    srv: ServerProcess, pages: Path, out: Path, cache: Path, concurrency: int
) -> tuple[float, int, object]:
    settings = Settings(
        engine="llm", base_url=srv.base_url, api_key="sk-bench", model="fake-model",
        cache_dir=cache, concurrency=concurrency,
    )  # fmt: skip
    before = srv.total()
    t0, c0 = time.perf_counter(), time.process_time()
    report = run_summarize([pages], out, settings, progress=False)
    wall = time.perf_counter() - t0
    report.cpu = time.process_time() - c0  # type: ignore[attr-defined]
    if not report.ok:
        raise SystemExit("bench run failed: " + "; ".join(f"{f.where}: {f.reason}" for f in report.failures))
    return wall, srv.total() - before, report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=48)
    ap.add_argument("--latency", type=float, default=0.3)
    ap.add_argument("--concurrency", type=int, default=4)
    args = ap.parse_args()
    n, lat, conc = args.articles, args.latency, args.concurrency
    with tempfile.TemporaryDirectory(prefix="bench-llm-") as tmp:
        work = Path(tmp)
        corpus = make_corpus(work / "pages", n)
        slow, fast = ServerProcess(lat), ServerProcess(0.0)
        try:
            # one-time process costs (imports, first HTTP connection) are not batch throughput: pay them first
            t0 = time.perf_counter()
            first_page = make_corpus(work / "first", 1)
            one_run(fast, first_page.folder, work / "first-out", work / "cache-first", 1)
            setup = time.perf_counter() - t0
            cold, cold_calls, _ = one_run(slow, corpus.folder, work / "cold", work / "cache", conc)
            warm, warm_calls, warm_report = one_run(slow, corpus.folder, work / "warm", work / "cache", conc)
            raw, raw_calls, raw_report = one_run(fast, corpus.folder, work / "raw", work / "cache0", 1)
            t0 = time.perf_counter()
            run_summarize(
                [corpus.folder], work / "instant", Settings(), progress=False, engine=InstantEngine()
            )
            batch_only = time.perf_counter() - t0
        finally:
            slow.stop()
            fast.stop()
        ideal = math.ceil(n / conc) * lat
        rows = [
            ("articles", f"{n}", ""),
            ("one-time setup (imports)", f"{setup:.2f} s", "paid once per process, not counted below"),
            ("latency per call", f"{lat * 1000:.0f} ms", ""),
            ("concurrency", f"{conc}", ""),
            ("calls per article, cold", f"{cold_calls / n:.2f}", "target 1.00"),
            ("calls per article, warm", f"{warm_calls / n:.2f}", "target 0"),
            ("from cache, warm run", f"{warm_report.from_cache}/{n}", ""),
            ("cold wall", f"{cold:.2f} s", ""),
            ("ideal ceil(n/c) x latency", f"{ideal:.2f} s", ""),
            ("cold / ideal", f"{cold / ideal:.2f}x", "target <= 1.25x"),
            ("warm wall", f"{warm:.3f} s", ""),
            ("warm / cold", f"1/{cold / warm:.0f}" if warm > 0 else "0", "target <= 1/50"),
            (
                "pipeline wall / article",
                f"{raw / n * 1000:.1f} ms",
                "server latency 0 (own process), 1 worker",
            ),
            (
                "pipeline CPU / article",
                f"{raw_report.cpu / n * 1000:.1f} ms",
                "our process only; target <= 5 ms",
            ),
            (
                "batch-only overhead / article",
                f"{batch_only / n * 1000:.1f} ms",
                "instant engine: read, segment, write",
            ),
            ("  (calls in that run)", f"{raw_calls}", ""),
        ]
        width = max(len(r[0]) for r in rows)
        print("LLM batch benchmark (fake OpenAI-compatible server on 127.0.0.1)")
        for name, value, note in rows:
            print(f"  {name:<{width}}  {value:>10}  {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
