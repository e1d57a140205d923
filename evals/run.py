"""`summarizer eval`: run the real pipeline on versioned datasets, score it, write a report.

In-process and end to end: pages go through the segmenter, every article through the chosen engine's
summarize(), every question through the QA service, exactly as the CLI and UI run them. The scores
come from evals.metrics; the thresholds from the dataset file. One report per engine
(`OUT/<engine>/report.json`), so the offline and LLM runs can be compared side by side.
"""

from __future__ import annotations

import datetime as _dt
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from summarizer.config import Settings
from summarizer.errors import InputError, SummarizerError
from summarizer.schemas import Article, PageMeta, Usage
from summarizer.text import number_values, quantity_key

from . import metrics
from .dataset import ROOT, Dataset, MissingDependency, available, load

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


def _map(fn: Callable[[Any], Any], items: Sequence[Any], workers: int) -> list[Any]:
    """fn over items (in a thread pool for the LLM engine); a SummarizerError is returned, not raised."""

    def one(x: Any) -> Any:
        try:
            return fn(x)
        except SummarizerError as e:
            return e

    if workers <= 1 or len(items) <= 1:
        return [one(x) for x in items]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, items))


def _summarize_all(engine: Any, articles: Sequence[Article], workers: int) -> list[Any]:
    """SummaryResult per article, or the error message when the engine gave up on it (the eval goes on)."""
    results = _map(engine.summarize, articles, workers)
    return [
        f"{a.page}#{a.index} {a.title[:20]}: {r}" if isinstance(r, SummarizerError) else r
        for a, r in zip(articles, results, strict=True)
    ]


def _call_stats(results: Sequence[Any], errors: Sequence[str]) -> dict[str, Any]:
    """How the engine got its results: calls, cache hits, re-asks, offline fallbacks, dropped figures, tokens."""
    metas = [r.meta for r in results if not isinstance(r, str)]
    usage = sum((m.usage for m in metas), Usage())
    return {
        "calls": len(results),
        "errors": len(errors),
        "cache_hits": sum(bool(m.cache_hit) for m in metas),
        "reasks": sum(int(m.reasks or 0) for m in metas),
        "fallbacks": sum(bool(m.fallback) for m in metas),
        "dropped_figures": sum(len(m.dropped_figures or []) for m in metas),
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
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
        from summarizer.qa.corpus import load_corpus
        from summarizer.qa.index import Index

        self.engine = engine
        cache = settings.cache_dir if settings.use_cache else None
        articles = load_corpus(corpus, max_page_bytes=settings.max_page_bytes, cache_dir=cache)
        if articles.errors:
            raise InputError("eval corpus: " + "; ".join(articles.errors))
        self.index = Index.open(articles, cache, articles.fingerprint)

    def ask(self, question: str) -> dict[str, Any]:
        from summarizer.qa.ask import ask

        return ask(question, self.index, self.engine, k=5).record()


def _shown(path: Path) -> str:
    """A dataset path relative to the project when it lies inside it (reports travel between machines)."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def _pdf_page(page: dict[str, Any], read: dict[str, list[Any]]) -> tuple[str, list[Article], PageMeta]:
    """The rebuilt text, articles and page furniture of one page of a PDF dataset (each PDF file is
    read once)."""
    from summarizer.segment import segment_bytes

    file = page["pdf_file"]
    if file not in read:
        read[file] = segment_bytes(page["pdf"], file)
    sp = next((p for p in read[file] if p.name == page["name"]), None)
    if sp is None:
        raise InputError(f"{file}: the reader found no page {page['name']!r}")
    return sp.text, list(sp.articles), sp.meta


def evaluate(ds: Dataset, settings: Settings, engine: Any, echo: Echo = _stderr) -> dict[str, Any]:
    """Every metric the dataset has gold for, plus its threshold checks."""
    from summarizer.segment import segment_text
    from summarizer.segment.pages import read_page

    seconds: dict[str, float] = {}
    sections: dict[str, dict[str, Any]] = {}
    details: dict[str, Any] = {}
    workers = settings.concurrency if settings.resolved_engine == "llm" else 1

    fig_gold: list[dict[str, Any]] = []
    fig_pred: dict[str, list[dict[str, Any]]] = {}
    texts: dict[str, str] = {}
    lookalikes: dict[str, list[str]] = {}  # case id -> its not_figures (number look-alikes)
    summary_items: list[dict[str, Any]] = []
    all_results: list[Any] = []
    errors: list[str] = []
    if ds.pages:
        t0 = time.perf_counter()
        seg_rows, seg_details, page_articles = [], {}, []
        pdf_pages: dict[str, list[Any]] = {}
        for page in ds.pages:
            if "pdf" in page:
                text, arts, meta = _pdf_page(page, pdf_pages)
            else:
                text = page["text"] if "text" in page else read_page(page["path"])
                arts, meta = segment_text(text, page=page["name"])
            scores = metrics.segmentation_scores(text, page["articles"], [a.segment_record() for a in arts])
            if "meta" in page:  # page furniture kept apart from the articles
                scores.update(metrics.meta_scores(page["meta"], meta.model_dump()))
            row, det = _split(scores)
            seg_rows.append(row)
            seg_details[page["name"]] = det
            page_articles.append((page, arts, {pi: gid for gid, pi in scores["alignment"].items()}))
        seconds["segment"] = round(time.perf_counter() - t0, 3)
        sections["segmentation"] = _weighted(seg_rows, "articles_gold")
        details["segmentation"] = seg_details
        if any("classes" in a for p in ds.pages for a in p["articles"]):  # every field per failure class
            details["segmentation_by_class"] = metrics.class_breakdown(
                [(p["articles"], seg_details[p["name"]]["details"]) for p in ds.pages]
            )
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
            lookalikes[key] = c.get("not_figures", [])
            texts[key] = a.text
            if isinstance(res, str):
                errors.append(res)
                fig_pred[key] = []
                continue
            fig_pred[key] = [f.model_dump() for f in res.summary.key_figures]
            bad = _forbidden_values(c.get("not_figures", []))
            gold_keys = {k for f in c.get("figures", []) for k in metrics.figure_keys(f)}
            forbidden_hits += [
                {"case": c["id"], "value": f["value"], "unit": f["unit"]}
                for f in fig_pred[key]
                if (k := metrics.figure_key(f)) and k[0] in bad and k not in gold_keys
            ]
        seconds["cases"] = round(time.perf_counter() - t0, 3)
        details["dates_as_figures"] = forbidden_hits
    if fig_pred or fig_gold:
        row, det = _split(metrics.figure_scores(fig_gold, fig_pred, texts, lookalikes))
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
        for q, res in zip(ds.qa, _map(asker.ask, [q["q"] for q in ds.qa], workers), strict=True):
            if isinstance(res, SummarizerError):  # counted as a miss; the other questions still run
                errors.append(f"question {q['q']!r}: {res}")
            else:
                answers[q["q"]] = res
        row, det = _split(metrics.qa_scores(ds.qa, answers, ds.titles))
        sections["qa"] = row
        details["qa"] = det
        seconds["qa"] = round(time.perf_counter() - t0, 3)
    if all_results or errors:
        sections["engine"] = _call_stats(all_results, errors)
        details["errors"] = errors
        details["prompts"] = sorted(
            {
                f"{r.meta.prompt_id}@{(r.meta.prompt_hash or '')[:12]}"
                for r in all_results
                if not isinstance(r, str) and r.meta.prompt_id
            }
        )
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


HELD_APART_SUFFIXES = ("_held", "_fresh", "_fresh2", "_fresh3", "_fresh4", "_fresh5", "_fresh6", "_fresh7", "_fresh8", "_fresh9", "_fresh10", "_fresh11")


def run_eval(names: Sequence[str] | None, settings: Settings, echo: Echo = _stderr) -> dict[str, Any]:
    """Evaluate the named datasets (default: the latest version of every dataset) with one engine."""
    from summarizer.engines import make_engine

    engine = make_engine(settings)
    # Held-apart datasets (name ending in "_held", "_fresh", "_fresh2", … or "_fresh11") are scored only when asked for by name:
    # a default run is what engineers look at while they tune, and held sets stay unseen until then.
    default = [n for n in available() if not n.endswith(HELD_APART_SUFFIXES)]
    chosen = list(names) if names else sorted(default, key=lambda n: (n != "seed_page", n))
    results = []
    for n in chosen:
        try:
            ds = load(n)
        except MissingDependency as e:
            if names:
                raise
            echo(f"{n}: skipped ({e})")  # the default run goes on without an optional package
            continue
        results.append(evaluate(ds, settings, engine, echo))
    from summarizer import __version__

    return {
        "engine": settings.resolved_engine,
        "model": settings.model if settings.resolved_engine == "llm" else None,
        "base_url": settings.base_url if settings.resolved_engine == "llm" else None,
        "summarizer_version": __version__,
        "created": _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat(),
        "datasets": results,
        "passed": all(r["passed"] for r in results),
    }
