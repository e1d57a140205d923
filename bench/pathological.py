"""Cost of pathological pages next to the seed page, and UI question latency during uploads (not a test).

Issue 12 item 1. Every input is summarized with the offline engine in a fresh process (after its
dictionaries are loaded, so only the work is timed), under an address-space cap so a runaway input
cannot take the machine down. Printed side by side, in one run:

- per input: size, time, ratio to the seed page's time, peak memory (RSS), and how the time splits
  between segmentation, figure extraction (summarizer/figures.py + quantities.py) and the rest
  (ranking, entities, writing the store);
- the targets: the 36 KB file within 10x the seed page's time, every input below the page limit
  under 500 MB;
- the UI: question latency (p50 / max) before and while two uploads of the 36 KB file are worked on,
  how the uploads ended (added, or refused by the upload budget), and the server's memory.

    python bench/pathological.py [--limit 300] [--memory-mb 4096] [--no-ui | --ui-only] [--upload-seconds 120]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = ROOT / "seeds" / "000_a4725a0873293853.txt"
QUESTION = "牡丹江市各级工会为短视频大赛收集了多少个参赛作品？"
TARGET_RATIO = 10.0
TARGET_PEAK_MB = 500.0


def make_inputs(folder: Path) -> dict[str, Path]:
    """The issue's reproductions, plus an ordinary page 40 and 1,000 times over (big but normal
    inputs; the second is just below the 20 MiB page limit)."""
    seed = SEED.read_text(encoding="utf-8")
    flat = seed.replace("\n", "")
    texts = {
        "seed page": seed,
        "36 KB of 1.2万亿": "共有" + "1.2万亿" * 4000 + "元。\n",
        "72 KB of 1.2万亿": "共有" + "1.2万亿" * 8000 + "元。\n",
        "800,000-char line": (flat * (800_000 // len(flat) + 1))[:800_000] + "\n",
        "20,000 numbered sentences": "".join(f"第{i}项增长{i % 97}.{i % 10}%。" for i in range(20_000))
        + "\n",
        "seed page x40": "\n\n".join([seed] * 40),
        "seed page x1000 (20 MB)": "\n\n".join([seed] * 1000),  # an ordinary page at the page limit
    }
    out = {}
    for i, (name, text) in enumerate(texts.items()):
        path = folder / f"input{i}.txt"
        path.write_text(text, encoding="utf-8")
        out[name] = path
    return out


# ---------------------------------------------------------------- one input, in a child process


def measure(path: Path, memory_mb: int) -> dict[str, Any]:
    """Summarize one page file here; time its stages by wrapping the entry points (no change to them)."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, resource.RLIM_INFINITY))
    import summarizer.segment as segment
    from summarizer.config import Settings
    from summarizer.engines import extractive
    from summarizer.schemas import Article
    from summarizer.summarize.run import run_summarize

    for title in ("工会", ""):  # dictionaries (and, for an untitled article, the keyword model) loaded first
        extractive.summarize_article(
            Article(page="w", index=1, title=title, paragraphs=["工会举办大赛，收集作品147个。"])
        )
    spent = {"segment": 0.0, "figures": 0.0}

    def timed(name: str, fn: Any) -> Any:
        def wrapper(*a: Any, **k: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.perf_counter() - t0

        return wrapper

    segment.segment_bytes = timed("segment", segment.segment_bytes)
    extractive.extract_figures = timed("figures", extractive.extract_figures)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        try:
            report = run_summarize([path], out, Settings(engine="offline", workers=1), progress=False)
            status = "ok" if report.ok else "; ".join(f.reason for f in report.failures)[:80]
        except BaseException as e:  # MemoryError, or native code failing its own way at the cap
            status = f"stopped at the {memory_mb} MB address-space cap ({type(e).__name__})"
        elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"elapsed": elapsed, **spent, "peak_mb": peak, "base_mb": base, "status": status}


def measure_in_child(path: Path, limit: float, memory_mb: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--measure", str(path), "--memory-mb", str(memory_mb)]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return {"elapsed": None, "status": f"> {limit:g} s (stopped)", "wall": time.perf_counter() - t0}
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"elapsed": None, "status": f"failed: {tail[:80]}"}


# ---------------------------------------------------------------- the UI during uploads


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ui_latency(upload: Path, seconds: float, upload_seconds: float) -> dict[str, Any]:
    from gradio_client import Client, handle_file
    from summarizer.ui.app import build_app, launch_app

    from summarizer.config import Settings
    from summarizer.service import Service

    tmp = Path(tempfile.mkdtemp(prefix="bench-ui-"))
    settings = Settings.from_env(engine="offline", cache_dir=tmp / "cache", upload_seconds=upload_seconds)
    service = Service(settings, [str(SEED)], state_dir=tmp / "state")
    demo = build_app(service, temp_dir=tmp / "app")
    _, url = launch_app(demo, port=_free_port(), prevent_thread_lock=True, quiet=True)
    rss = lambda: int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20  # noqa: E731
    try:
        client = Client(url, verbose=False)

        def ask() -> float:
            t0 = time.perf_counter()
            client.predict(QUESTION, [], api_name="/ask")
            return time.perf_counter() - t0

        ask()
        before = [ask() for _ in range(5)]
        rss_before = rss()
        copies = []
        for i in range(2):  # two different files, as two users would upload
            p = tmp / f"upload{i}.txt"
            p.write_text(
                upload.read_text(encoding="utf-8").replace("共有", "共有" * (i + 1), 1), encoding="utf-8"
            )
            copies.append(p)
        started = time.perf_counter()
        jobs = [client.submit(handle_file(str(p)), api_name="/upload") for p in copies]
        during: list[float] = []
        while not all(j.done() for j in jobs) and time.perf_counter() - started < seconds:
            during.append(ask())
            time.sleep(0.2)
        outcomes = []
        for j in jobs:
            try:
                outcomes.append("added" if "已加入" in str(j.result(timeout=5)[0]) else "other")
            except Exception as e:  # the budget's one-line refusal comes back as an error
                outcomes.append(f"refused: {str(e)[:70]}")
        return {
            "before": before,
            "during": during,
            "uploads_s": time.perf_counter() - started,
            "outcomes": outcomes,
            "rss_before": rss_before,
            "rss_after": rss(),
        }
    finally:
        demo.close()
        service.close()


# ---------------------------------------------------------------- report


def fmt(value: float | None, unit: str = "s") -> str:
    return "—" if value is None else f"{value:.2f} {unit}" if unit == "s" else f"{value:.0f} {unit}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--limit", type=float, default=300, help="seconds per input before it is stopped")
    ap.add_argument("--memory-mb", type=int, default=4096, help="address-space cap per input")
    ap.add_argument("--no-ui", action="store_true", help="skip the UI latency part")
    ap.add_argument("--ui-only", action="store_true", help="only the UI latency part")
    ap.add_argument("--ui-seconds", type=float, default=180, help="how long to watch the uploads")
    ap.add_argument("--upload-seconds", type=float, default=120, help="the UI's upload time budget")
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.memory_mb)))
        return

    with tempfile.TemporaryDirectory() as folder:
        inputs = make_inputs(Path(folder))
        if args.ui_only:
            return _print_ui(ui_latency(inputs["36 KB of 1.2万亿"], args.ui_seconds, args.upload_seconds))
        results = {name: measure_in_child(path, args.limit, args.memory_mb) for name, path in inputs.items()}
        sizes = {name: path.stat().st_size for name, path in inputs.items()}
        seed_time = results["seed page"]["elapsed"] or float("nan")
        print(f"{'input':28} {'size':>9} {'time':>10} {'x seed':>8} {'peak RSS':>9} {'(loaded)':>9} "
              f"{'segment':>8} {'figures':>9} {'rest':>8}  status")  # fmt: skip
        for name, r in results.items():
            t = r.get("elapsed")
            rest = None if t is None else t - r["segment"] - r["figures"]
            ratio = "—" if t is None else f"{t / seed_time:.1f}x"
            print(
                f"{name:28} {sizes[name] / 1024:>7.0f}KB {fmt(t):>10} {ratio:>8} {fmt(r.get('peak_mb'), 'MB'):>9} "
                f"{fmt(r.get('base_mb'), 'MB'):>9} "
                f"{fmt(r.get('segment')):>8} {fmt(r.get('figures')):>9} {fmt(rest):>8}  {r['status']}"
            )
        w36 = results["36 KB of 1.2万亿"]
        ratio36 = (w36["elapsed"] or float("inf")) / seed_time
        peaks = [r.get("peak_mb") or float("inf") for r in results.values()]
        print(
            f"\ntarget: 36 KB file within {TARGET_RATIO:g}x the seed page: {ratio36:.1f}x "
            f"({'met' if ratio36 <= TARGET_RATIO else 'NOT met'})"
        )
        print(
            f"target: every input under {TARGET_PEAK_MB:g} MB: max {max(peaks):.0f} MB "
            f"({'met' if max(peaks) < TARGET_PEAK_MB else 'NOT met'})"
        )
        figs = sum(r.get("figures") or 0 for r in results.values())
        total = sum(r.get("elapsed") or 0 for r in results.values())
        if total:
            print(
                f"figure extraction (figures.py, quantities.py): {figs:.1f} s of {total:.1f} s measured ({figs / total:.0%})"
            )

        if not args.no_ui:
            _print_ui(ui_latency(inputs["36 KB of 1.2万亿"], args.ui_seconds, args.upload_seconds))


def _print_ui(ui: dict[str, Any]) -> None:
    b, d = ui["before"], ui["during"] or [float("nan")]
    print(
        f"\nUI question latency: before uploads p50 {statistics.median(b):.2f} s max {max(b):.2f} s; "
        f"during two uploads of the 36 KB file p50 {statistics.median(d):.2f} s max {max(d):.2f} s "
        f"({len(ui['during'])} questions in {ui['uploads_s']:.0f} s)"
    )
    print(f"uploads: {', '.join(ui['outcomes'])}")
    print(f"UI server memory: {ui['rss_before']:.0f} MB before, {ui['rss_after']:.0f} MB after the uploads")


if __name__ == "__main__":
    main()
