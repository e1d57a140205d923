"""Cost of key-figure extraction on pathological inputs, next to the seed page (prints numbers; not a test).

    python bench/figures.py [--timeout 120]

Each input runs in a fresh child process (so peak memory is that input's own): the child imports the
project, warms jieba up, then times summarizer.figures.extract_figures over the input and reports wall
time, figures found and peak resident memory (ru_maxrss) above the warmed-up child's. Inputs:

* seed        - the 13 articles of the seed page (segmented), the everyday case;
* wan_run     - '共有' + '1.2万亿' * 4000 + '元。' (one clause with 4,000 numbers; issue 12);
* long_line   - one 800,000-character line without a clause break, a number every ~20 characters;
* sentences   - 20,000 short sentences, each with its own figures.

Figure extraction must stay near-linear in input size: the per-character cost (us/char) of the big
inputs should be of the same order as the seed page's. A child that runs past --timeout is killed
and printed as such.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = ROOT / "seeds" / "000_a4725a0873293853.txt"
INPUTS = ("seed", "wan_run", "long_line", "sentences")
LONG_LINE_CHARS = 800_000
SHORT_SENTENCES = 20_000


def make_input(name: str) -> list[str]:
    """The article texts of one input."""
    if name == "seed":
        from summarizer.segment import segment_page

        return [a.text for a in segment_page(SEED.read_text(encoding="utf-8"), SEED.name)]
    if name == "wan_run":
        return ["共有" + "1.2万亿" * 4000 + "元。\n"]
    if name == "long_line":
        piece = "全市职工书屋达1.2万个覆盖职工逾410万人近百万元用于助学"
        return [(piece * (LONG_LINE_CHARS // len(piece) + 1))[:LONG_LINE_CHARS]]
    if name == "sentences":
        rows = [
            f"第{i % 9 + 1}批共有{i}名职工参加，投入资金{i % 97 + 1}.5万元。" for i in range(SHORT_SENTENCES)
        ]
        return ["".join(rows)]
    raise SystemExit(f"unknown input {name!r}")


def child(name: str) -> None:
    """Run one input and print one JSON line: seconds, characters, figures, peak RSS above warm-up (MiB)."""
    from summarizer.figures import extract_figures

    texts = make_input(name)
    extract_figures("今年共有147名职工参加，筹集善款近400万元。")  # warm jieba and the tagger up
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    n = sum(len(extract_figures(t)) for t in texts)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    chars = sum(len(t) for t in texts)
    print(json.dumps({"seconds": seconds, "chars": chars, "figures": n, "peak_mib": (peak - base) / 1024}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--timeout", type=float, default=120.0, help="seconds per input before the child is killed"
    )
    ap.add_argument("--child", choices=INPUTS, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child)
        return
    print(f"{'input':<10} {'chars':>9} {'figures':>7} {'seconds':>9} {'us/char':>8} {'peak MiB':>9}")
    seed_rate = None
    for name in INPUTS:
        cmd = [sys.executable, __file__, "--child", name]
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout, check=True)
        except subprocess.TimeoutExpired:
            print(f"{name:<10} {'':>9} {'':>7} {'>' + format(args.timeout, 'g'):>9}  (killed at the timeout)")
            continue
        except subprocess.CalledProcessError as e:
            print(f"{name:<10} failed: {e.stderr.strip().splitlines()[-1] if e.stderr.strip() else e}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rate = r["seconds"] / r["chars"] * 1e6
        seed_rate = seed_rate or rate
        print(
            f"{name:<10} {r['chars']:>9} {r['figures']:>7} {r['seconds']:>9.3f} {rate:>8.2f} {r['peak_mib']:>9.1f}"
            + ("" if name == "seed" else f"   x{rate / seed_rate:.1f} the seed's cost per char")
        )


if __name__ == "__main__":
    main()
