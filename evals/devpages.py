"""Development pages: the news items laid out again with other layout seeds, to check that a segmenter
rule generalises rather than fits the released datasets' pages.

The released datasets (news_pages_<half>.v1, evals/pagegen.py) lay each half out PASSES times with
seeds of their own. This lays the same items out with other seeds (`tag`), optionally with the name
pools of the other half or with a third pool of names neither half uses (`pools`: "own", "other",
"dev"), and scores the segmenter on them per failure class. Nothing here is a released dataset: the
pages are made in memory on every run.

    python -m summarizer.evals.devpages --half tune --half held --passes 4 --tag dev1 [--pools dev] [-v]
"""

from __future__ import annotations

import argparse
import random
from typing import Any

from summarizer.evals import metrics, pagegen, split

# Names neither half's pools use (eval code only, like pagegen's pools).
DEV_POOLS = pagegen.Pools(
    "dev",
    papers=["市民日报", "建设者报", "职工导报"],
    sections=["民生", "观察", "聚焦"],
    sources=["今日头条网", "晨报", "每日新闻网", "新快报"],
    stations=["长江网", "中原网"],
    agencies=["中国新闻社", "本报", "光明网"],
    photo_agencies=["视觉新闻", "图片网"],
    surnames="秦尹钱孔严金魏陶姜戚谭邹喻柏水窦章云苏潘葛",
    given="雪梅兰竹松柏楠鑫浩然宇轩嘉怡思彤晨曦子涵欣",
)


def pools_for(half: str, which: str) -> pagegen.Pools:
    if which == "dev":
        return DEV_POOLS
    if which == "other":
        return pagegen.Pools.of("held" if half == "tune" else "tune")
    return pagegen.Pools.of(half)


def build(half: str, tag: str, passes: int, which: str = "own") -> list[dict[str, Any]]:
    """The half's items laid out `passes` times with seeds named by `tag` (as pagegen.build does)."""
    items = pagegen.load_items(half)
    pools = pools_for(half, which)
    pages: list[dict[str, Any]] = []
    for p in range(passes):
        rng = random.Random(f"devpages:{half}:{tag}:pass{p}")
        order = list(items)
        rng.shuffle(order)
        while order:
            n = rng.randint(*pagegen.ARTICLES_PER_PAGE)
            if len(order) - n < pagegen.ARTICLES_PER_PAGE[0]:
                n = len(order) if len(order) <= pagegen.ARTICLES_PER_PAGE[1] else len(order) // 2
            chunk, order = order[:n], order[n:]
            name = f"dev_{half}_{tag}_p{p + 1}_{len(pages) + 1:03d}.txt"
            pages.append(pagegen.lay_page(chunk, rng, pools, name))
    return pages


def score(pages: list[dict[str, Any]], verbose: bool = False) -> dict[str, Any]:
    """Segment every page; the per-class breakdown, overall boundary F1 and each wrong article."""
    from summarizer.segment import segment_text

    rows: list[tuple[Any, Any]] = []
    hits = n_pred = n_gold = 0
    problems: list[str] = []
    for page in pages:
        arts, _ = segment_text(page["text"], page=page["name"])
        recs = [a.segment_record() for a in arts]
        s = metrics.segmentation_scores(page["text"], page["articles"], recs)
        n_gold += 2 * s["articles_gold"]
        pb = 2 * s["articles_pred"]
        n_pred += pb
        hits += round(s["boundary_precision"] * pb)
        rows.append((page["articles"], s["details"]))
        for d, g in zip(s["details"], page["articles"], strict=True):
            if d["wrong_fields"] or not d["span_ok"]:
                pi = s["alignment"].get(g["id"])
                pr = recs[pi] if pi is not None else {}
                wrong = ",".join(d["wrong_fields"]) + ("" if d["span_ok"] else " span")
                line = f"{page['name']} {g['id']} [{wrong}] {' '.join(g['classes'])}"
                if verbose:
                    for f in ("kicker", "title", "subtitle", "byline", "credit", "kind"):
                        if f in d["wrong_fields"]:
                            line += f"\n   {f}: gold={g[f]!r} pred={pr.get(f, '')!r}"
                    if not d["span_ok"]:
                        line += f"\n   gold first/last={g['first_chars']!r}/{g['last_chars']!r}"
                        line += f"\n   pred text={pr.get('text', '')[:30]!r}…{pr.get('text', '')[-30:]!r}"
                problems.append(line)
    _, _, f1 = metrics.prf(hits, n_pred, hits, n_gold)
    return {"f1": f1, "classes": metrics.class_breakdown(rows), "problems": problems}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", action="append", choices=split.DEVELOPMENT_SETS)
    ap.add_argument("--tag", default="dev1")
    ap.add_argument("--passes", type=int, default=4)
    ap.add_argument("--pools", default="own", choices=("own", "other", "dev"))
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--problems", action="store_true", help="list every wrong article")
    args = ap.parse_args()
    pages: list[dict[str, Any]] = []
    for half in args.half or ["tune"]:
        pages += build(half, args.tag, args.passes, args.pools)
    out = score(pages, args.verbose)
    fields = (
        *("span_exact", "title_exact", "kicker_exact", "subtitle_exact", "byline_exact"),
        *("credit_exact", "kind_exact", "fields_exact"),
    )
    print(f"pages {len(pages)}  boundary F1 {out['f1']:.4f}")
    print(f"{'class':18}{'n':>5} " + " ".join(f"{x.split('_')[0][:7]:>7}" for x in fields))
    for c in ["all", *pagegen.CLASSES]:
        row = out["classes"].get(c)
        if row:
            print(f"{c:18}{row['articles']:>5} " + " ".join(f"{row[x]:7.3f}" for x in fields))
    if args.problems or args.verbose:
        print("\n".join(out["problems"]))


if __name__ == "__main__":
    main()
