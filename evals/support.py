"""Precision and recall of the support check (summarizer.support) on the labelled support items.

Positive class = "unsupported": precision is the share of flagged texts that really are unsupported,
recall the share of unsupported texts that are flagged. Supported items are judged as the engine
judges them (a topic as a label, everything else as a sentence); each generic item (placeholders,
prompt and re-ask echoes, foreign scripts, markup) is judged against every article of the half, as a
sentence and as a label, and counts as caught only when it is flagged every time.

    python -m summarizer.evals.support [tune|held] [--json] [--show]

Calibrate on tune only; run held once, at the end (evals/split.py says why).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.support import problems

ITEMS_DIR = Path(__file__).resolve().parent / "items"


@dataclass
class SupportScore:
    half: str
    tp: int = 0  # unsupported, flagged
    fn: int = 0  # unsupported, passed
    fp: int = 0  # supported, flagged
    tn: int = 0  # supported, passed
    by_kind: dict[str, Counter[str]] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)

    def add(self, kind: str, unsupported: bool, flagged: bool, text: str, why: str) -> None:
        cell = ("tp" if flagged else "fn") if unsupported else ("fp" if flagged else "tn")
        setattr(self, cell, getattr(self, cell) + 1)
        self.by_kind.setdefault(kind, Counter())[cell] += 1
        if cell in ("fn", "fp"):
            self.misses.append({"kind": kind, "cell": cell, "text": text, "why": why})

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def supported_kept(self) -> float:
        return self.tn / (self.tn + self.fp) if self.tn + self.fp else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "half": self.half,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "supported_kept": round(self.supported_kept, 4),
            "counts": {"tp": self.tp, "fn": self.fn, "fp": self.fp, "tn": self.tn},
            "by_kind": {k: dict(v) for k, v in sorted(self.by_kind.items())},
        }


def _echoes() -> list[str]:
    """What the engine passes as texts never to repeat: the shipped prompts' and the re-ask's text."""
    from summarizer.llm.prompts import default_library

    lib = default_library()
    return [lib.get(pid).static_text for pid in lib.ids()]


def score(half: str = "tune") -> SupportScore:
    doc = json.loads((ITEMS_DIR / f"support.{half}.json").read_text(encoding="utf-8"))
    out = SupportScore(half=half)
    echoes = _echoes()
    sources = []
    for a in doc["articles"]:
        source = "\n".join([a["title"], *a["paragraphs"]])
        sources.append(source)
        for key, unsupported in (("supported", False), ("unsupported", True)):
            for item in a[key]:
                found = problems(item["text"], source, label=item["how"] == "topic", echoes=echoes)
                why = "; ".join(f"{p.rule}:{p.detail}" for p in found)
                out.add(item["how"], unsupported, bool(found), item["text"], why)
    for item in doc.get("generic_unsupported", []):
        passed = [
            (mode, n)
            for n, source in enumerate(sources)
            for mode in (False, True)
            if not problems(item["text"], source, label=mode, echoes=echoes)
        ]
        why = "" if not passed else f"passed {len(passed)} of {2 * len(sources)} checks"
        out.add("generic:" + item["how"], True, not passed, item["text"], why)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("half", nargs="?", default="tune", choices=("tune", "held"))
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument(
        "--show", action="store_true", help="list every miss (tune only: never look at held items)"
    )
    args = ap.parse_args(argv)
    s = score(args.half)
    if args.json:
        print(json.dumps(s.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(
            f"support check on {args.half}: precision {s.precision:.3f}  recall {s.recall:.3f}  "
            f"supported kept {s.supported_kept:.3f}  (tp {s.tp} fn {s.fn} fp {s.fp} tn {s.tn})"
        )
        for kind, c in sorted(s.by_kind.items()):
            print(f"  {kind:<28} " + "  ".join(f"{k} {c[k]}" for k in ("tp", "fn", "fp", "tn") if c[k]))
    if args.show:
        if args.half == "held":
            print("(misses of the held half are not listed)", file=sys.stderr)
        else:
            for m in s.misses:
                print(f"  {m['cell']} {m['kind']:<14} {m['text']}  [{m['why']}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
