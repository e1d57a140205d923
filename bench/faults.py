"""Fault figures for the batch path (not a test): what was injected, and what survived.

Runs `summarizer summarize --engine llm` as a child process against the fake server with random
500s and 429s and a share of replies carrying an invented key figure, kills it with SIGKILL at
random points, then lets it finish. Prints: faults injected, items completed, items lost (target 0),
duplicates (target 0), requests per item (target <= the retry budget), ungrounded figures shown
(target 0).

    python bench/faults.py [--articles 200] [--kills 3] [--rate-500 0.1] [--rate-429 0.05] [--invented 0.1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.config import Settings  # noqa: E402
from summarizer.text import ungrounded_numbers  # noqa: E402
from tests.batch_corpus import MARKER_RE, make_corpus  # noqa: E402
from tests.fake_openai import FakeOpenAI, RecordedRequest, default_responder  # noqa: E402

INVENTED = {"value": 987654, "unit": "人", "about": "虚构人数", "quote": "共有987654人参加", "qualifier": ""}


def shown_ungrounded(row: dict[str, Any]) -> int:
    """Figures in a row whose quote is not in the article or whose number is not in the quote/article."""
    text = "".join(row["text"].split())
    bad = 0
    for fig in row.get("key_figures") or []:
        quote = "".join(str(fig.get("quote", "")).split())
        value = fig.get("value")
        printed = f"{int(value)}" if float(value).is_integer() else f"{value}"
        if (
            not quote
            or quote not in text
            or ungrounded_numbers(printed + str(fig.get("unit", "")), row["text"])
        ):
            bad += 1
    bad += len(ungrounded_numbers(row.get("summary", ""), row["text"])) > 0
    return bad


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--kills", type=int, default=3)
    ap.add_argument("--rate-500", type=float, default=0.10)
    ap.add_argument("--rate-429", type=float, default=0.05)
    ap.add_argument("--invented", type=float, default=0.10, help="share of replies with an invented figure")
    ap.add_argument("--latency", type=float, default=0.02)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    invented = Counter[str]()

    def responder(req: RecordedRequest) -> dict[str, Any]:
        spec = default_responder(req)
        data = spec.get("data") or {}
        if "key_figures" in data and rng.random() < args.invented:
            invented["figures"] += 1
            data["key_figures"] = [*data["key_figures"], dict(INVENTED)]
        return spec

    budget = Settings()
    per_call = 1 + budget.max_retries
    per_item = per_call * (1 + budget.max_reasks)
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as tmp:
        work = Path(tmp)
        corpus = make_corpus(work / "pages", args.articles)
        out = work / "out"
        summaries = out / "summaries.jsonl"
        with FakeOpenAI(latency=args.latency, responder=responder) as srv:
            srv.set_faults(rate_500=args.rate_500, rate_429=args.rate_429, retry_after="0", seed=args.seed)
            cmd = [
                sys.executable, "-m", "summarizer", "summarize", str(corpus.folder), "--out", str(out),
                "--engine", "llm", "--base-url", srv.base_url, "--model", "fake-model", "--no-progress",
            ]  # fmt: skip
            env = {**os.environ, "SUMMARIZER_CACHE_DIR": str(work / "cache"), "OPENAI_API_KEY": "sk-bench"}
            kills = torn_seen = invalid_seen = 0
            for _ in range(args.kills):
                done = summaries.read_bytes().count(b"\n") if summaries.exists() else 0
                target = done + rng.randint(10, max(11, args.articles // (args.kills + 2)))
                proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                while proc.poll() is None:
                    if summaries.exists() and summaries.read_bytes().count(b"\n") >= target:
                        time.sleep(rng.uniform(0, 0.05))
                        proc.send_signal(signal.SIGKILL)
                        kills += 1
                        break
                    time.sleep(0.002)
                proc.wait()
                data = summaries.read_bytes() if summaries.exists() else b""
                *lines, tail = data.split(b"\n")
                torn_seen += bool(tail)
                for line in lines:
                    try:
                        json.loads(line)
                    except ValueError:
                        invalid_seen += 1
            t0 = time.perf_counter()
            runs = 0
            failed_lines: list[str] = []
            while runs < 3:  # a user reruns until nothing failed
                runs += 1
                done = subprocess.run(cmd, env=env, capture_output=True, text=True)
                failed_lines += [
                    ln.strip() for ln in done.stderr.splitlines() if ln.strip().startswith("failed:")
                ]
                if done.returncode == 0:
                    break
            final_wall = time.perf_counter() - t0
            per_marker = srv.counts()
            faults = dict(srv.faults_injected)
        rows = [json.loads(line) for line in summaries.read_text(encoding="utf-8").splitlines()]
        markers = [m for r in rows for m in MARKER_RE.findall(r["text"])]
        unique = set(markers)
        lost = len(set(corpus.markers) - unique)
        dup = len(markers) - len(unique)
        reqs = [per_marker.get(m, 0) for m in corpus.markers]
        dropped = sum(len(r.get("dropped_figures") or []) for r in rows)
        reasks = sum(int(r.get("reasks") or 0) for r in rows)
        shown = sum(shown_ungrounded(r) for r in rows)
    print("Fault figures (summarize --engine llm vs fake server, SIGKILLed mid-run, then completed)")
    table = [
        ("faults injected", f"500: {faults.get('500', 0)}, 429: {faults.get('429', 0)}, "
                            f"invented figures: {invented['figures']}, SIGKILL: {kills}"),
        ("items", f"{args.articles}"),
        ("items completed", f"{len(unique)}"),
        ("items lost", f"{lost}  (target 0)"),
        ("duplicates", f"{dup}  (target 0)"),
        ("requests per item", f"mean {sum(reqs) / len(reqs):.2f}, max {max(reqs)}  "
                              f"(retry budget {per_call} per call, {per_item} per item with re-asks)"),
        ("invented figures handled", f"{reasks} re-ask(s) answered with grounded output, {dropped} figure(s) dropped"),
        ("ungrounded figures shown", f"{shown}  (target 0)"),
        ("torn last lines repaired", f"{torn_seen}; invalid complete lines seen: {invalid_seen} (target 0)"),
        ("final completion", f"{runs} run(s), {final_wall:.1f} s"),
        *(("  failed, then redone by the rerun", ln) for ln in failed_lines),
    ]  # fmt: skip
    width = max(len(k) for k, _ in table)
    for k, v in table:
        print(f"  {k:<{width}}  {v}")
    return 0 if not lost and not dup and not shown and not invalid_seen and max(reqs) <= per_item else 1


if __name__ == "__main__":
    raise SystemExit(main())
