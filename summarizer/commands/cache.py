"""`summarizer cache stats|clear|check`: look into or empty the LLM result cache."""

from __future__ import annotations

import argparse
import json

from summarizer.commands.common import settings_from_args


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "action",
        choices=["stats", "clear", "check"],
        help="stats: entries, size, hits; clear: remove every entry and the retrieval index "
        "(a corrupt database is reset); check: consistency check and planted entries",
    )
    p.add_argument(
        "--cache-dir",
        default=None,
        help="cache folder (default: $SUMMARIZER_CACHE_DIR or ~/.cache/summarizer)",
    )
    p.add_argument("--json", action="store_true", help="print stats as JSON")


def run(args: argparse.Namespace) -> int:
    from summarizer.llm.cache import ResultCache

    settings = settings_from_args(
        args, use_cache=True
    )  # SUMMARIZER_NO_CACHE must not hide the cache from this command
    cache = ResultCache(settings)
    try:
        if args.action == "clear":
            n = cache.clear()
            if not cache.stats()["enabled"]:
                print(f"{cache.directory}: could not clear ({cache.disabled_reason})")
                return 1
            if cache.reset:
                print(f"reset {cache.directory}: its database was corrupt and was replaced by an empty one")
            print(
                f"removed {n} entr{'y' if n == 1 else 'ies'} and the retrieval index from {cache.directory}"
            )
            return 0
        if args.action == "check":
            problems = cache.check()
            if not problems and not cache.stats()["enabled"]:
                problems = [f"the cache is off ({cache.disabled_reason})"]
            for line in problems:
                print(f"problem: {line}")
            print(f"{cache.directory}: {'ok' if not problems else f'{len(problems)} problem(s)'}")
            return 1 if problems else 0
        s = cache.stats()
        if args.json:
            print(json.dumps(s, ensure_ascii=False, indent=2))
        else:
            state = "on" if s["enabled"] else f"off ({s['disabled_reason']})"
            refused = s["refused_entries"]
            print(f"directory: {s['directory']} ({state})")
            print(
                f"entries:   {s['entries']}"
                + (f" ({refused} refused: not JSON, never loaded)" if refused else "")
            )
            print(f"size:      {_human(s['size'])} of {_human(s['size_limit'])}")
            print(f"index:     {_human(s['index_size'])} (retrieval index; `cache clear` removes it)")
            if "stored_hits" in s:
                print(
                    f"hits:      {s['stored_hits']}  misses: {s['stored_misses']} "
                    "(since the last clear; a refused entry counts as a miss)"
                )
        return 0 if s["enabled"] else 1
    finally:
        cache.close()


def _human(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"
