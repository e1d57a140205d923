"""Eval output: the printed table, report.md and report.json (charts come from evals.charts)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any


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


CLASS_COLUMNS = (
    ("articles", "n"),
    ("span_exact", "span"),
    ("first_last_ok", "first/last"),
    ("title_exact", "title"),
    ("kicker_exact", "kicker"),
    ("subtitle_exact", "subtitle"),
    ("byline_exact", "byline"),
    ("credit_exact", "credit"),
    ("kind_exact", "kind"),
    ("fields_exact", "all fields"),
)


def class_rows(by_class: dict[str, dict[str, Any]]) -> list[list[str]]:
    """Header and one row per failure class ("all" first): every segmentation field's share."""
    out = [["class"] + [label for _, label in CLASS_COLUMNS]]
    for name in sorted(by_class, key=lambda c: (c != "all", c)):
        row = by_class[name]
        out.append([name] + [_fmt(row.get(key)) for key, _ in CLASS_COLUMNS])
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
        by_class = r["details"].get("segmentation_by_class")
        if by_class:
            table = class_rows(by_class)
            widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
            lines.append("  segmentation by failure class:")
            lines += [
                "    "
                + "  ".join(
                    c.rjust(w_) if i else c.ljust(w_)
                    for i, (c, w_) in enumerate(zip(row, widths, strict=True))
                )
                for row in table
            ]
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
        if d.get("prompts"):
            md += ["Prompts: " + ", ".join(f"`{x}`" for x in d["prompts"]), ""]
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
        if d.get("segmentation_by_class"):
            table = class_rows(d["segmentation_by_class"])
            md += ["Segmentation by failure class (share of the gold articles carrying the class):", ""]
            md += ["| " + " | ".join(table[0]) + " |", "|---|" + "---:|" * (len(table[0]) - 1)]
            md += ["| " + " | ".join(row) + " |" for row in table[1:]]
            md.append("")
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
