"""The one rule that splits hand-written eval material into a tune half and a held-apart half.

Why: every measure the project reports is taken again on data it has never seen, so tuning happens on
one half only and the other half is scored once, without being looked at while rules are tuned. The
half of an item follows from a hash of its key alone (news items: their year-variant group, so near
duplicates never straddle the halves), so adding items never moves an old one across.

`python -m summarizer.evals.split DRAFT.json KIND` prints how a draft file splits; `write_halves`
writes `evals/items/<kind>.tune.json` and `<kind>.held.json`.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ITEMS_DIR = Path(__file__).resolve().parent / "items"
HALVES = ("tune", "held")
# Items written after the older sets had been measured are held apart whole, not split, in the order
# they were written. Only the last of them is held apart: once a set's numbers have been seen and rules
# are changed after them it becomes development material, and a new set is written to measure on.
LATER_SETS = ("fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11")
HELD_APART = LATER_SETS[-1]  # scored for the record; the next round writes the next set before tuning
DEVELOPMENT_SETS = (*HALVES, *LATER_SETS[:-1])


def later_sets() -> list[str]:
    """The later sets whose items file exists, in the order they were written."""
    return [s for s in LATER_SETS if (ITEMS_DIR / f"news.{s}.json").exists()]


def half_of(key: str) -> str:
    """'tune' or 'held' for an item key: the parity of the first byte of its SHA-256."""
    return HALVES[hashlib.sha256(key.encode("utf-8")).digest()[0] % 2]


def split(items: Iterable[Any], key: Callable[[Any], str]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {h: [] for h in HALVES}
    for item in items:
        out[half_of(key(item))].append(item)
    return out


def write_halves(kind: str, halves: dict[str, Any], note: str) -> list[Path]:
    ITEMS_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for half, payload in halves.items():
        path = ITEMS_DIR / f"{kind}.{half}.json"
        doc = {"kind": kind, "half": half, "note": note, **payload}
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    rows = data if isinstance(data, list) else next(v for v in data.values() if isinstance(v, list))
    parts = split(rows, lambda r: str(r.get("group") or r.get("id") or r.get("text")))
    print({h: len(v) for h, v in parts.items()})
