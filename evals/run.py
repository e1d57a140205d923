"""`summarizer eval`: run the real pipeline on versioned datasets, score it, write a report.

In-process and end to end: pages go through the segmenter, every article through the chosen engine's
summarize(), every question through the QA service, exactly as the CLI and UI run them. The scores
come from evals.metrics; the thresholds from the dataset file. One report per engine
(`OUT/<engine>/report.json`), so the offline and LLM runs can be compared side by side.
"""

from __future__ import annotations

import datetime as _dt
import json
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from summarizer.config import Settings
from summarizer.errors import SummarizerError
from summarizer.schemas import Article
from summarizer.text import number_values, quantity_key

from . import metrics
from .dataset import ROOT, Dataset, available, load

Echo = Callable[[str], None]


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _split(section: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Scalar metrics (for tables, charts, thresholds) apart from detail lists (for the report)."""
    scalars = {
        k: v for k, v in section.items() if isinstance(v, (int, float, str)) and not isinstance(v, bool)
    }
    details = {k: v for k, v in section.items() if k not in scalars}
    return scalars, details


def _weighted(rows: Sequence[dict[str, Any]], weight: str) -> dict[str, Any]:
    """Combine per-page scores: ratios averaged by `weight` (gold articles), counts summed."""
    if len(rows) == 1:
        return dict(rows[0])
    total = sum(r[weight] for r in rows) or 1
    out: dict[str, Any] = {}
    for k, v in rows[0].items():
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            continue
        if k.startswith("articles_"):
            out[k] = sum(r[k] for r in rows)
        else:
            out[k] = round(sum(r[k] * r[weight] for r in rows) / total, 4)
    return out


def _summarize_all(engine: Any, articles: Sequence[Article], workers: int) -> list[Any]:
    """SummaryResult per article, or the error message when the engine gave up on it (the eval goes on)."""

    def one(a: Article) -> Any:
        try:
            return engine.summarize(a)
        except SummarizerError as e:
            return f"{a.page}#{a.index} {a.title[:20]}: {e}"

    if workers <= 1 or len(articles) <= 1:
        return [one(a) for a in articles]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, articles))


def _call_stats(results: Sequence[Any], errors: Sequence[str]) -> dict[str, Any]:
    """How the engine got its results: calls, cache hits, re-asks, offline fallbacks, dropped figures, tokens."""
    metas = [r.meta for r in results if not isinstance(r, str)]
    usage: dict[str, int] = {}
    for m in metas:
        for k, v in (m.usage or {}).items():
            if isinstance(v, int):
                usage[k] = usage.get(k, 0) + v
    return {
        "calls": len(results),
        "errors": len(errors),
        "cache_hits": sum(bool(m.cache_hit) for m in metas),
        "reasks": sum(int(m.reasks or 0) for m in metas),
        "fallbacks": sum(bool(m.fallback) for m in metas),
        "dropped_figures": sum(len(m.dropped_figures or []) for m in metas),
        **{f"{k}": v for k, v in sorted(usage.items()) if k in ("prompt_tokens", "completion_tokens")},
    }


def _forbidden_values(not_figures: Sequence[str]) -> set[float]:
    """Numbers printed in dates/ordinals that must not come out as key figures."""
    vals: set[float] = set()
    for nf in not_figures:
        vals |= number_values(nf)
        k = quantity_key(nf.lstrip("第"))
        if k:
            vals.add(k[0])
    return vals


class _Asker:
    """The QA path `summarizer ask` takes: load the corpus, open its index, summarizer.qa.ask()."""

    def __init__(self, settings: Settings, corpus: Sequence[Path], engine: Any):
        from summarizer.corpus import load_corpus
        from summarizer.index import Index

        self.engine = engine
        articles = load_corpus(corpus, max_page_bytes=settings.max_page_bytes)
        cache = settings.cache_dir if settings.use_cache else None
        self.index = Index.open(articles, cache, articles.fingerprint)

    def ask(self, question: str) -> dict[str, Any]:
        from summarizer.qa import ask

        return ask(question, self.index, self.engine, k=5)


def _shown(path: Path) -> str:
    """A dataset path relative to the project when it lies inside it (reports travel between machines)."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def evaluate(ds: Dataset, settings: Settings, engine: Any, echo: Echo = _stderr) -> dict[str, Any]:
    """Every metric the dataset has gold for, plus its threshold checks."""
    from summarizer.pages import read_page
    from summarizer.segment import segment_page

    seconds: dict[str, float] = {}
    sections: dict[str, dict[str, Any]] = {}
    details: dict[str, Any] = {}
    workers = settings.concurrency if settings.resolved_engine == "llm" else 1

    fig_gold: list[dict[str, Any]] = []
    fig_pred: dict[str, list[dict[str, Any]]] = {}
    texts: dict[str, str] = {}
    summary_items: list[dict[str, Any]] = []
    all_results: list[Any] = []
    errors: list[str] = []
    if ds.pages:
        t0 = time.perf_counter()
        seg_rows, seg_details, page_articles = [], {}, []
        for page in ds.pages:
            text = page["text"] if "text" in page else read_page(page["path"])
            arts = list(segment_page(text, page=page["name"]))
            scores = metrics.segmentation_scores(text, page["articles"], [a.segment_record() for a in arts])
            row, det = _split(scores)
            seg_rows.append(row)
            seg_details[page["name"]] = det
            page_articles.append((page, arts, {pi: gid for gid, pi in scores["alignment"].items()}))
        seconds["segment"] = round(time.perf_counter() - t0, 3)
        sections["segmentation"] = _weighted(seg_rows, "articles_gold")
        details["segmentation"] = seg_details
        n_art = sum(len(a) for _, a, _ in page_articles)
        echo(f"{ds.label}: segmented {len(ds.pages)} page(s) into {n_art} articles; summarizing them")
        t0 = time.perf_counter()
        for page, arts, inv in page_articles:
            results = _summarize_all(engine, arts, workers)
            all_results += results
            required: dict[str, list[str]] = {}
            for f in page.get("figures", []):
                fig_gold.append({**f, "article": f"{page['name']}#{f['article']}"})
                if not f.get("optional"):
                    required.setdefault(f["article"], []).append(f["text"])
            for i, (a, res) in enumerate(zip(arts, results, strict=True)):
                key = f"{page['name']}#{inv.get(i, f'unaligned-{i + 1}')}"
                texts[key] = a.text
                if isinstance(res, str):
                    errors.append(res)
                    fig_pred[key] = []
                    continue
                fig_pred[key] = [f.model_dump() for f in res.summary.key_figures]
                if i in inv:
                    s = res.summary
                    summary_items.append(
                        {
                            "id": key,
                            "title": a.title,
                            "article_text": a.text,
                            "summary": s.summary,
                            "key_points": s.key_points,
                            "gold_figures": required.get(inv[i], []),
                        }
                    )
        seconds["summarize"] = round(time.perf_counter() - t0, 3)
    if ds.cases:
        t0 = time.perf_counter()
        echo(f"{ds.label}: summarizing {len(ds.cases)} sentences with known figures")
        arts = [
            Article(page=ds.label, index=i + 1, title=c["id"], paragraphs=[c["text"]])
            for i, c in enumerate(ds.cases)
        ]
        results = _summarize_all(engine, arts, workers)
        all_results += results
        forbidden_hits = []
        for c, a, res in zip(ds.cases, arts, results, strict=True):
            key = f"case:{c['id']}"
            fig_gold += [{**f, "article": key} for f in c.get("figures", [])]
            texts[key] = a.text
            if isinstance(res, str):
                errors.append(res)
                fig_pred[key] = []
                continue
            fig_pred[key] = [f.model_dump() for f in res.summary.key_figures]
            bad = _forbidden_values(c.get("not_figures", []))
            forbidden_hits += [
                {"case": c["id"], "value": f["value"], "unit": f["unit"]}
                for f in fig_pred[key]
                if (k := metrics.figure_key(f)) and k[0] in bad
            ]
        seconds["cases"] = round(time.perf_counter() - t0, 3)
        details["dates_as_figures"] = forbidden_hits
    if fig_pred or fig_gold:
        row, det = _split(metrics.figure_scores(fig_gold, fig_pred, texts))
        if ds.cases:
            row["dates_as_figures"] = len(details["dates_as_figures"])
        sections["figures"] = row
        details["figures"] = det
    if summary_items:
        row, det = _split(metrics.summary_scores(summary_items))
        sections["summaries"] = row
        details["summaries"] = det
        details["summaries"]["examples"] = [
            {k: it[k] for k in ("id", "title", "summary")} for it in summary_items[:3]
        ]
    if ds.qa:
        t0 = time.perf_counter()
        echo(f"{ds.label}: asking {len(ds.qa)} questions")
        asker = _Asker(settings, ds.corpus, engine)
        answers = {}
        for q in ds.qa:
            try:
                answers[q["q"]] = asker.ask(q["q"])
            except SummarizerError as e:  # counted as a miss; the rest of the questions still run
                errors.append(f"question {q['q']!r}: {e}")
        row, det = _split(metrics.qa_scores(ds.qa, answers, ds.titles))
        sections["qa"] = row
        details["qa"] = det
        seconds["qa"] = round(time.perf_counter() - t0, 3)
    if all_results or errors:
        sections["engine"] = _call_stats(all_results, errors)
        details["errors"] = errors
    checks = metrics.check_thresholds(sections, ds.thresholds)
    return {
        "dataset": ds.label,
        "path": _shown(ds.path),
        "metrics": sections,
        "checks": checks,
        "passed": all(c["ok"] for c in checks),
        "seconds": seconds,
        "details": details,
    }


def run_eval(names: Sequence[str] | None, settings: Settings, echo: Echo = _stderr) -> dict[str, Any]:
    """Evaluate the named datasets (default: the latest version of every dataset) with one engine."""
    from summarizer.engines import make_engine

    engine = make_engine(settings)
    chosen = list(names) if names else sorted(available(), key=lambda n: (n != "seed_page", n))
    results = [evaluate(load(n), settings, engine, echo) for n in chosen]
    from summarizer import __version__

    return {
        "engine": settings.resolved_engine,
        "model": settings.model if settings.resolved_engine == "llm" else None,
        "base_url": settings.base_url if settings.resolved_engine == "llm" else None,
        "summarizer_version": __version__,
        "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "datasets": results,
        "passed": all(r["passed"] for r in results),
    }


# ---------------------------------------------------------------------------------------------
# Output


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.3f}" if v < 10 else f"{v:.1f}"
    return "—" if v is None else str(v)


def rows(result: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(metric, value, threshold, status) for every scalar metric of one dataset result."""
    limits = {c["metric"]: c for c in result["checks"]}
    out = []
    for section, values in result["metrics"].items():
        for k, v in values.items():
            c = limits.get(f"{section}.{k}")
            out.append(
                (
                    f"{section}.{k}",
                    _fmt(v),
                    f">= {c['min']:g}" if c else "",
                    ("ok" if c["ok"] else "FAIL") if c else "",
                )
            )
    for path, c in limits.items():  # declared but never measured
        if c["value"] is None:
            out.append((path, "—", f">= {c['min']:g}", "FAIL"))
    return out


def format_table(report: dict[str, Any]) -> str:
    lines = []
    for r in report["datasets"]:
        body = rows(r)
        w = max([len(m) for m, *_ in body] + [6])
        status = "all thresholds met" if r["passed"] else "THRESHOLDS NOT MET"
        lines.append(f"{r['dataset']} ({report['engine']}): {status}")
        lines.append(f"  {'metric':<{w}}  {'value':>8}  {'threshold':<10} status")
        lines += [f"  {m:<{w}}  {v:>8}  {t:<10} {s}".rstrip() for m, v, t, s in body]
        lines.append("")
    return "\n".join(lines)


def markdown(report: dict[str, Any], charts: Sequence[Path], out: Path) -> str:
    eng = report["engine"] + (
        f" (model {report['model']} at {report['base_url']})" if report["model"] else ""
    )
    md = [
        f"# Eval report — engine {eng}",
        "",
        f"Created {report['created']}, summarizer {report['summarizer_version']}. "
        f"Overall: **{'all thresholds met' if report['passed'] else 'some thresholds NOT met'}**.",
        "",
    ]
    for r in report["datasets"]:
        md += [
            f"## {r['dataset']}",
            "",
            f"Dataset file `{r['path']}`; seconds: " + ", ".join(f"{k} {v}" for k, v in r["seconds"].items()),
            "",
            "| metric | value | threshold | status |",
            "|---|---:|---|---|",
        ]
        md += [f"| {m} | {v} | {t} | {s} |" for m, v, t, s in rows(r)]
        md.append("")
        d = r["details"]
        miss = d.get("figures", {}).get("missing") or []
        inv = d.get("figures", {}).get("invented") or []
        if miss:
            md += [
                "Missing required figures: " + ", ".join(f"{m['article']} {m['figure']}" for m in miss),
                "",
            ]
        if inv:
            md += [
                "Predicted figures not in the gold: "
                + ", ".join(f"{x['article']} {x['value']}{x['unit']}" for x in inv[:40]),
                "",
            ]
        if d.get("errors"):
            md += ["Engine errors (scored as empty results): " + "; ".join(d["errors"][:20]), ""]
        if d.get("dates_as_figures"):
            md += [
                "Dates/ordinals reported as figures: "
                + ", ".join(f"{x['case']} {x['value']}{x['unit']}" for x in d["dates_as_figures"]),
                "",
            ]
        for page, det in (d.get("segmentation") or {}).items():
            bad = [x for x in det.get("details", []) if x["wrong_fields"] or not x["first_last_ok"]]
            if bad:
                md += [
                    f"Segmentation problems on {page}: "
                    + "; ".join(
                        f"{x['id']} {x['title']} ({', '.join(x['wrong_fields']) or 'text start/end'})"
                        for x in bad
                    ),
                    "",
                ]
        if d.get("summaries", {}).get("ungrounded"):
            md += [
                "Summary numbers not found in the article: "
                + ", ".join(f"{x['id']} {'/'.join(x['numbers'])}" for x in d["summaries"]["ungrounded"]),
                "",
            ]
        for m in (d.get("qa") or {}).get("misses", [])[:20]:
            md.append(
                f"- QA miss: {m['q']} — gold {m['gold'] or '(refuse)'}; got "
                f"{'refusal' if m['answerable'] is False else repr(m['answer'][:80])}"
            )
        md.append("")
    if charts:
        md += ["## Charts", ""] + [f"![{c.stem}]({c.relative_to(out).as_posix()})" for c in charts] + [""]
    md += [
        "## How to read this",
        "",
        "Every metric is a share between 0 and 1 (higher is better) unless it is a count or a length. "
        "`segmentation.*` compares articles with the gold (boundaries by body start/end on the page, "
        "fields with whitespace removed); `figures.*` counts a key figure correct when it has the same "
        "number after 万/亿 scaling and the same unit as a gold figure of the same article; "
        "`summaries.grounded_share` is the share of numbers in summaries found in their article; "
        "`rouge*` is character ROUGE against the article's lead (a weak reference); "
        "`qa.recall@k` is the share of answerable questions whose article is in the top k retrieved. "
        "A threshold row marked FAIL makes `summarizer eval` exit non-zero.",
        "",
    ]
    return "\n".join(md)


def write_report(report: dict[str, Any], out_dir: Path) -> list[Path]:
    """OUT/<engine>/report.json, report.md and charts; a comparison when both engines have run."""
    from . import charts

    eng_dir = out_dir / report["engine"]
    eng_dir.mkdir(parents=True, exist_ok=True)
    (eng_dir / "report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    pngs = charts.engine_charts(report, eng_dir)
    (eng_dir / "report.md").write_text(markdown(report, pngs, eng_dir), encoding="utf-8")
    written = [eng_dir / "report.md", eng_dir / "report.json", *pngs]
    written += charts.comparison(out_dir)
    return written
