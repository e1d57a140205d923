"""`summarize` over large folders: memory flat in the number of pages, and the worker speed-up (not a test).

Issue 15 item 2. Synthetic pages come from tests/batch_corpus.py (seed articles re-combined, each
marked). Each scenario runs `summarizer summarize` (offline engine) as its own process; the bench
samples the peak memory (VmHWM) of that process and of every worker process it starts. Printed
side by side, in one run:

- 1,000 and 10,000 pages with all cores: time, pages/s, peak memory of the main process and of the
  largest worker, and the ratio of the two main-process peaks (flat: close to 1);
- a rerun of the 10,000 pages with everything done (resume: the store's index only);
- the speed-up of --workers N over --workers 1 on the 1,000 pages, next to what the machine allows
  at that moment: the same pure-CPU loop in 1 and in N processes (a shared or throttled machine
  shows ~1x there, and no program can do better).

    python bench/summarize_scale.py [--pages 1000 10000] [--per-page 2] [--workers N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.batch_corpus import make_corpus  # noqa: E402


def _hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def _burn(n: int) -> int:
    x = 0
    for i in range(n):
        x += i * i
    return x


def cpu_scaling(workers: int) -> float:
    """How much faster N processes finish the same pure-CPU work than one (the machine's ceiling)."""
    from concurrent.futures import ProcessPoolExecutor

    times = []
    for w in (1, workers):
        with ProcessPoolExecutor(w) as pool:
            list(pool.map(_burn, [10_000] * w))
            t0 = time.perf_counter()
            list(pool.map(_burn, [2_000_000] * (4 * workers)))
            times.append(time.perf_counter() - t0)
    return times[0] / times[1]


def run(folder: Path, out: Path, workers: int) -> dict[str, float]:
    """One `summarize` process; its wall time and the peak memory of it and of its workers."""
    cmd = [sys.executable, "-m", "summarizer", "summarize", str(folder), "--out", str(out),
           "--engine", "offline", "--workers", str(workers), "--no-progress"]  # fmt: skip
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peaks = {"main": 0, "worker": 0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peaks["main"] = max(peaks["main"], _hwm_kb(proc.pid))
            for pid in _descendants(proc.pid):
                peaks["worker"] = max(peaks["worker"], _hwm_kb(pid))
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - t0
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"summarize failed ({proc.returncode}): {err.strip().splitlines()[-1:]}")
    return {"s": elapsed, "main_mb": peaks["main"] / 1024, "worker_mb": peaks["worker"] / 1024}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, nargs=2, default=[1000, 10000], metavar=("SMALL", "LARGE"))
    ap.add_argument("--per-page", type=int, default=2, help="articles per synthetic page")
    ap.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="worker processes (default: all cores)"
    )
    args = ap.parse_args()
    small, large = args.pages
    tmp = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        t0 = time.perf_counter()
        corpus = make_corpus(tmp / "large", large * args.per_page, per_page=args.per_page)
        (tmp / "small").mkdir()
        for p in corpus.pages[:small]:
            os.link(p, tmp / "small" / p.name)
        print(f"generated {large} pages ({corpus.n_articles} articles) in {time.perf_counter() - t0:.0f} s; "
              f"{args.workers} worker(s), {os.cpu_count()} core(s)")  # fmt: skip
        pages = {f"{small} pages": small, f"{large} pages": large}
        pages[f"{large} pages, all done (resume)"] = large
        pages[f"{small} pages, 1 worker"] = small
        rows = {
            f"{small} pages": run(tmp / "small", tmp / "out-small", args.workers),
            f"{large} pages": run(tmp / "large", tmp / "out-large", args.workers),
            f"{large} pages, all done (resume)": run(tmp / "large", tmp / "out-large", args.workers),
            f"{small} pages, 1 worker": run(tmp / "small", tmp / "out-one", 1),
        }
        print(f"\n{'scenario':34} {'time':>8} {'pages/s':>8} {'main peak':>10} {'worker peak':>12}")
        for name, r in rows.items():
            n = pages[name]
            print(
                f"{name:34} {r['s']:>7.1f}s {n / r['s']:>8.0f} {r['main_mb']:>8.0f}MB {r['worker_mb']:>10.0f}MB"
            )
        a, b = rows[f"{small} pages"], rows[f"{large} pages"]
        print(f"\nmain-process memory, {large} vs {small} pages: {b['main_mb'] / a['main_mb']:.2f}x "
              f"({b['main_mb'] - a['main_mb']:+.0f} MB for {large - small} more pages; flat is ~1x)")  # fmt: skip
        one = rows[f"{small} pages, 1 worker"]
        print(
            f"speed-up of {args.workers} workers over 1 on {small} pages: {one['s'] / a['s']:.2f}x "
            f"(a pure-CPU loop on this machine now: {cpu_scaling(args.workers):.2f}x)"
        )
        same = (tmp / "out-small" / "summaries.jsonl").read_bytes() == (
            tmp / "out-one" / "summaries.jsonl"
        ).read_bytes()
        print(f"outputs of {args.workers} workers and of 1 identical: {same}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
