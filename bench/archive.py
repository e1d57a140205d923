"""Archive scale: corpus + index build, memory, load and query latency at 10^4 to 10^6 articles.

Not a test. The corpus is synthetic Chinese news (tests/synthetic_news.py: jieba's dictionary drawn
with frequency-weighted odds, ~510 characters and ~12 sentences an article, 12 articles a page),
written once as one .jsonl file and kept in --data for later runs. Measured side by side in one run,
each step in a fresh process so that its memory is its own:

  build    load_corpus + Index.open on a cold cache: wall time, peak memory of the process and its
           workers (sum of PSS, sampled every 0.1 s), articles/s
  add      one more page (12 articles) through Corpus.add_file + Index.extend, as a UI upload does
  load     load_corpus + Index.open on the warm cache (files hashed, segments opened memory-mapped)
  query    p50/p95/max over --queries distinct questions drawn from the articles' figures, and
           recall@5 of the article each question was drawn from
  ask      wall time of a warm `summarizer ask "…" --corpus FILE --engine offline` (process start to
           answer), median of three

Targets (issue 15): 10^6 articles: peak <= 4 GB, load <= 2 s, query p95 <= 50 ms; 2*10^5: build
<= 180 s, peak <= 2.5 GB, warm ask <= 3 s; 10^4: query p95 <= 20 ms. The build step runs at nice
10 (the machine is shared), the short steps at normal priority; CPU seconds are printed next to wall
seconds, since on a busy machine the wall time is mostly waiting for a core.

    python bench/archive.py [--articles 200000] [--queries 300] [--data /tmp/summarizer-bench]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUILD_NICENESS = 10  # the build is minutes of both cores on a shared machine: it yields to the others
TARGETS = {  # articles -> {measure: limit}
    1_000_000: {"peak_gb": 4.0, "load_s": 2.0, "p95_ms": 50.0},
    200_000: {"build_s": 180.0, "peak_gb": 2.5, "ask_s": 3.0},
    10_000: {"p95_ms": 20.0},
}


QUESTIONS = 2000  # questions kept for the query step (a few thousand; the corpus has a million facts)


def corpus_file(data: Path, n: int, seed: int) -> tuple[Path, Path]:
    """The synthetic corpus and a sample of its questions, generated once per (n, seed)."""
    from tests.synthetic_news import write_jsonl

    data.mkdir(parents=True, exist_ok=True)
    path = data / f"news-{n}-{seed}.jsonl"
    facts_path = data / f"news-{n}-{seed}.facts.json"
    if not (path.exists() and facts_path.exists()):
        t0 = time.perf_counter()
        facts = write_jsonl(path.with_suffix(".tmp"), n, seed)
        facts_path.write_text(
            json.dumps([[i, f.question, f.answer] for i, f in facts], ensure_ascii=False), encoding="utf-8"
        )
        os.replace(path.with_suffix(".tmp"), path)
        print(f"generated {n} articles in {time.perf_counter() - t0:.0f} s -> {path}", flush=True)
    sample_path = data / f"news-{n}-{seed}.questions.v2.json"
    if not sample_path.exists():
        rows = json.loads(facts_path.read_text(encoding="utf-8"))
        sample = rows[:: max(1, len(rows) // QUESTIONS)][:QUESTIONS]
        cited = _cited_ids(path, {gold for gold, _, _ in sample})
        sample = [[cited[gold], q, answer] for gold, q, answer in sample]
        sample_path.write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    return path, sample_path


def _cited_ids(path: Path, golds: set[str]) -> dict[str, str]:
    """page#index (the article's page and its place on it) -> the id the corpus cites it by: a record
    with an "id" is cited as "id#1" (its id names it), one without as page#index. One pass over the file."""
    out: dict[str, str] = {}
    counters: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            page = rec.get("source", "")
            counters[page] = counters.get(page, 0) + 1
            key = f"{page}#{counters[page]}"
            if key in golds:
                out[key] = f"{rec['id']}#1" if rec.get("id") else key
    return out


def _pss_kb(pid: int, field: str = "Pss") -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    out = [pid]
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                for child in fh.read().split():
                    out.extend(_tree(int(child)))
    except OSError:
        pass
    return out


def run_measured(args: list[str], niceness: int = 0) -> tuple[dict, float, float]:
    """Run this script's step in a child process: its JSON result, wall seconds, peak GB (PSS of
    the process and its workers), and in the result "cpu_s": CPU seconds it and its workers used."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], sum(_pss_kb(p) for p in _tree(proc.pid)))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    stop.set()
    sampler.join()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"step {args[1]} failed ({proc.returncode})")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = json.loads(out.strip().splitlines()[-1])
    result["cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result, wall, peak[0] / 1024 / 1024


# ---- steps, each run in a child process ---------------------------------------------------------


def step_build(corpus: str, cache: str) -> dict:
    from summarizer.qa.corpus import load_corpus
    from summarizer.qa.index import Index

    say = lambda m: print(f"  {m}", file=sys.stderr, flush=True)  # noqa: E731
    t0 = time.perf_counter()
    c = load_corpus([corpus], cache_dir=cache, progress=say)
    stored = time.perf_counter() - t0
    index = Index.open(c, cache, c.fingerprint, progress=say)
    return {
        "articles": len(c),
        "sentences": index.n_sentences,
        "segments": len(c.segments),
        "errors": len(c.errors),
        "store_s": stored,
        "index_s": time.perf_counter() - t0 - stored,
    }


def step_add(corpus: str, cache: str) -> dict:
    from summarizer.qa.corpus import load_corpus
    from summarizer.qa.index import Index
    from tests.synthetic_news import NewsGenerator

    c = load_corpus([corpus], cache_dir=cache)
    index = Index.open(c, cache, c.fingerprint)
    page = [json.dumps(a.record(), ensure_ascii=False) for a in NewsGenerator(99, "增补日报").articles(12)]
    t0 = time.perf_counter()
    bigger, added, _ = c.add_file("upload.jsonl", "\n".join(page).encode())
    grown = index.extend(bigger)
    seconds = time.perf_counter() - t0
    hit = grown.search(json.loads(page[0])["title"], k=1)
    return {"add_s": seconds, "added": len(added), "analysed": grown.analysed_articles, "found": bool(hit)}


def step_query(corpus: str, cache: str, facts: str, queries: int) -> dict:
    from summarizer.qa.corpus import load_corpus
    from summarizer.qa.index import Index

    t0 = time.perf_counter()
    c = load_corpus([corpus], cache_dir=cache)
    t1 = time.perf_counter()
    index = Index.open(c, cache, c.fingerprint)
    t2 = time.perf_counter()
    assert index.loaded_from_disk
    rows = json.loads(Path(facts).read_text(encoding="utf-8"))
    step = max(1, len(rows) // queries)
    sample = rows[::step][:queries]
    t = time.perf_counter()
    index.search(sample[0][1], k=5)
    first_ms = (time.perf_counter() - t) * 1000
    times, cpu, found = [], [], 0
    for gold, q, _ in sample:
        t, c = time.perf_counter(), time.process_time()
        hits = index.search(q, k=5)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        found += any(f"{h.page}#{h.article_index}" == gold for h in hits)
    return {
        "corpus_s": t1 - t0,
        "index_s": t2 - t1,
        "first_ms": first_ms,
        "p50_ms": statistics.median(times),
        "p95_ms": statistics.quantiles(times, n=100)[94] if len(times) > 1 else times[0],
        "max_ms": max(times),
        "cpu_p50_ms": statistics.median(cpu),
        "cpu_p95_ms": statistics.quantiles(cpu, n=100)[94] if len(cpu) > 1 else cpu[0],
        "recall5": found / len(sample),
        "queries": len(sample),
        "anon_gb": _pss_kb(os.getpid(), "Pss_Anon") / 1024 / 1024,
        "file_gb": _pss_kb(os.getpid(), "Pss_File") / 1024 / 1024,
    }


def ask_seconds(corpus: Path, cache: str, question: str) -> tuple[float, float]:
    """Median wall and CPU seconds of three warm `summarizer ask` runs."""
    import resource

    exe = Path(sys.executable).with_name("summarizer")
    cmd = [str(exe), "ask", question, "--corpus", str(corpus), "--engine", "offline", "--json"]
    env = {**os.environ, "SUMMARIZER_CACHE_DIR": cache}
    times, cpu = [], []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True, text=True, env=env)
        times.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if p.returncode != 0:
            sys.exit(f"summarizer ask failed: {p.stderr[-500:]}")
    return statistics.median(times), statistics.median(cpu)


def verdict(n: int, name: str, value: float) -> str:
    limit = TARGETS.get(n, {}).get(name)
    return "" if limit is None else f" (target <= {limit:g}) {'ok' if value <= limit else 'OVER'}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=200_000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", default=os.path.join(tempfile.gettempdir(), "summarizer-bench"))
    ap.add_argument("--keep", action="store_true", help="keep the built cache in --data for a look")
    ap.add_argument("--reuse", metavar="CACHE", help="measure load, queries, add and ask on a kept cache")
    ap.add_argument("--step", help=argparse.SUPPRESS)
    ap.add_argument("--cache", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("--facts", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.step:
        result = {
            "build": lambda: step_build(a.corpus, a.cache),
            "add": lambda: step_add(a.corpus, a.cache),
            "query": lambda: step_query(a.corpus, a.cache, a.facts, a.queries),
        }[a.step]()
        print(json.dumps(result))
        return

    n = a.articles
    corpus, facts = corpus_file(Path(a.data), n, a.seed)
    size = corpus.stat().st_size
    print(f"corpus: {n} articles, {size / 1e6:.0f} MB of .jsonl "
          f"(machine load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)", flush=True)  # fmt: skip
    if a.reuse:
        serve(a, n, corpus, facts, size, a.reuse)
        return
    cache = tempfile.mkdtemp(dir=a.data, prefix="cache-")
    try:
        measure(a, n, corpus, facts, size, cache)
    finally:
        if a.keep:
            print(f"cache kept in {cache}")
        else:
            shutil.rmtree(cache, ignore_errors=True)


def measure(a: argparse.Namespace, n: int, corpus: Path, facts: Path, size: int, cache: str) -> None:
    """Each step in its own process, printed as it finishes."""
    common = ["--corpus", str(corpus), "--cache", cache]
    built, build_wall, build_peak = run_measured(["--step", "build", *common], niceness=BUILD_NICENESS)
    print(f"build: {build_wall:.1f} s wall{verdict(n, 'build_s', build_wall)}; store {built['store_s']:.1f} s, "
          f"index {built['index_s']:.1f} s; {n / build_wall:.0f} articles/s; {built['cpu_s']:.0f} CPU s; "
          f"{built['sentences']} sentences in {built['segments']} segments", flush=True)  # fmt: skip
    disk = sum(f.stat().st_size for f in Path(cache).rglob("*") if f.is_file())
    stores = sum(f.stat().st_size for f in Path(cache).rglob("articles.sqlite"))
    print(f"build peak memory: {build_peak:.2f} GB{verdict(n, 'peak_gb', build_peak)}; on disk "
          f"{disk / 1e9:.2f} GB ({stores / 1e9:.2f} GB articles, {(disk - stores) / 1e9:.2f} GB postings)",
          flush=True)  # fmt: skip
    serve(a, n, corpus, facts, size, cache, build_wall)


def serve(
    a: argparse.Namespace, n: int, corpus: Path, facts: Path, size: int, cache: str, build_wall: float = 0.0
) -> None:
    """The steps that use a built cache: load and query, add a page, a warm `summarizer ask`."""
    common = ["--corpus", str(corpus), "--cache", cache]
    q, _, _ = run_measured(["--step", "query", "--facts", str(facts), "--queries", str(a.queries), *common])
    load = q["corpus_s"] + q["index_s"]
    print(f"load (warm): {load:.2f} s{verdict(n, 'load_s', load)}; corpus {q['corpus_s']:.2f} s "
          f"({size / 1e6:.0f} MB of files checked), index {q['index_s']:.3f} s", flush=True)  # fmt: skip
    print(f"query over {q['queries']} questions: p50 {q['p50_ms']:.1f} ms, p95 {q['p95_ms']:.1f} ms"
          f"{verdict(n, 'p95_ms', q['p95_ms'])}, max {q['max_ms']:.1f} ms, first {q['first_ms']:.1f} ms "
          f"(CPU time: p50 {q['cpu_p50_ms']:.1f} ms, p95 {q['cpu_p95_ms']:.1f} ms); "
          f"recall@5 {q['recall5']:.3f}; serving memory {q['anon_gb']:.2f} GB own + {q['file_gb']:.2f} GB of "
          f"mapped index pages (page cache, shared)", flush=True)  # fmt: skip
    added, add_wall, _ = run_measured(["--step", "add", *common])
    faster = f" ({build_wall / max(added['add_s'], 1e-9):.0f}x faster than the build)" if build_wall else ""
    print(f"add one page ({added['added']} articles): {added['add_s']:.2f} s, "
          f"{added['analysed']} articles tokenised{faster}; found again: {added['found']}", flush=True)  # fmt: skip
    question = json.loads(facts.read_text(encoding="utf-8"))[0][1]
    ask, ask_cpu = ask_seconds(corpus, cache, question)
    print(f"warm `summarizer ask` (process start to answer): {ask:.2f} s{verdict(n, 'ask_s', ask)} "
          f"({ask_cpu:.2f} CPU s)")  # fmt: skip


if __name__ == "__main__":
    main()
